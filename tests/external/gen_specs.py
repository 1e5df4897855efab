#!/usr/bin/env python3
"""gen_specs.py — add a random spec to each {"signature", "call"} line (tests/truth/gen_cases.py output).

    gen_specs.py --seed N --subject ID --python 3.X < cases.jsonl > requests.jsonl

Writes `split --jsonl` requests {"subject", "signature", "spec", "call", "python"} with
the spec as keyword text, covering REFERENCE.md's rules: every role keyword,
ints (negative, out of range), names (parameters, **kwargs keys, unknown),
bare values, tuples and lists, None, wrong types (bool, float, nested), in_axes
in all its forms, neutral and unknown keywords, overlaps between roles.
Only random.Random(int) with randrange/choice is used (stable across 3.8..3.13).
"""
import argparse
import json
import random
import re
import sys

ROLE_KEYWORDS = ["static_argnums", "static_argnames", "static_args", "static_broadcasted_argnums",
                 "nondiff_argnums", "nondiff_argnames", "donate_argnums", "donate_argnames", "donate_args",
                 "argnums", "argnames"]
NEUTRAL = ["has_aux", "out_axes", "axis_name", "backend", "keep_unused", "policy"]
UNKNOWN_KW = ["static_argnum", "donate", "in_axis", "bogus"]
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def param_names(sig):
    """Parameter names of a def header, roughly (good enough to pick from)."""
    inner = sig[1:-1]
    names = []
    depth = 0
    part = ""
    for ch in inner + ",":
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            p = part.strip().lstrip("*").split("=")[0].split(":")[0].strip()
            if NAME_RE.fullmatch(p or "-"):
                names.append(p)
            part = ""
        else:
            part += ch
    return names


def selector_atom(rng, names):
    r = rng.randrange(20)
    n = len(names)
    if r < 8 and n:
        return rng.randrange(-n, n)
    if r < 9:
        return rng.choice([n, -n - 1, n + 3])
    if r < 18 and names:
        return repr(rng.choice(names))
    return repr(rng.choice(["zz", "k", "kw", "args", "q1"]))


def selector(rng, names):
    r = rng.randrange(20)
    if r < 6:
        v = selector_atom(rng, names)
        return str(v)
    if r < 14:
        items = [str(selector_atom(rng, names)) for _ in range(rng.randrange(0, 4))]
        if len(items) == 1:
            return "(%s,)" % items[0]
        return "(%s)" % ", ".join(items)
    if r < 16:
        return "[%s]" % ", ".join(str(selector_atom(rng, names)) for _ in range(rng.randrange(0, 3)))
    if r < 17:
        return "None"
    return rng.choice(["True", "1.0", "((0,),)", "(0, True)", "{'a': 1}", "(None,)", "(1.5,)"])


def axis_atom(rng):
    return rng.choice(["0", "1", "-1", "None", "None", "2", "True", "(0,)", "10000000"])


def in_axes(rng, names, n_params):
    r = rng.randrange(10)
    if r < 3:
        return rng.choice(["0", "1", "None", "-1"])
    if r < 7:
        k = n_params if rng.randrange(4) else rng.randrange(0, n_params + 2)
        items = [axis_atom(rng) for _ in range(k)]
        if len(items) == 1:
            return "(%s,)" % items[0]
        br = "[%s]" if rng.randrange(3) == 0 else "(%s)"
        return br % ", ".join(items)
    if r < 9:
        keys = [repr(rng.choice(names + ["zz", "kk"])) if names else "'zz'" for _ in range(rng.randrange(0, 3))]
        return "{%s}" % ", ".join("%s: %s" % (k, axis_atom(rng)) for k in dict.fromkeys(keys))
    return rng.choice(["'a'", "1.5", "True"])


def spec_for(rng, sig):
    names = param_names(sig)
    n_params = len(names)
    kws = []
    for _ in range(rng.randrange(0, 3)):
        r = rng.randrange(20)
        if r < 14:
            kw = rng.choice(ROLE_KEYWORDS)
            val = selector(rng, names)
        elif r < 17:
            kw, val = "in_axes", in_axes(rng, names, n_params)
        elif r < 19:
            kw, val = rng.choice(NEUTRAL), rng.choice(["True", "0", "'x'", "None"])
        else:
            kw, val = rng.choice(UNKNOWN_KW), "0"
        if kw not in [k for k, _ in kws]:
            kws.append((kw, val))
    return ", ".join("%s=%s" % kv for kv in kws)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--subject", default="reference")
    ap.add_argument("--python", default="%d.%d" % sys.version_info[:2])
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        call = case.get("call")
        if rng.randrange(10) == 0:
            call = None
        req = {"subject": a.subject, "signature": case["signature"], "spec": spec_for(rng, case["signature"]),
               "call": call, "python": a.python}
        sys.stdout.write(json.dumps(req) + "\n")


if __name__ == "__main__":
    main()
