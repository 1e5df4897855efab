#!/usr/bin/env python3
"""gen_split.py — split requests for the split benchmark (scripts/bench item 2).

    gen_split.py --seed N --subject ID < cases.jsonl > requests.jsonl

Reads tests/truth/gen_cases.py lines {"signature", "call"}, drops the
signatures CPython rejects (the split benchmark measures splitting, not
signature errors), and adds a seeded spec drawn from the jax.jit keywords:
static_argnums / static_argnames / donate_argnums, each absent, None, one
int or str, or a list of them; indices mostly in range, sometimes negative
or out of range, names mostly parameters, sometimes **kwargs keys or
unknown.  Output lines are `argsplit split --jsonl` requests.
"""
import argparse
import ast
import json
import random
import sys

KEYS = ["static_argnums", "static_argnames", "donate_argnums"]


def param_names(sig):
    a = ast.parse("def f" + sig + ": pass").body[0].args
    names = [p.arg for p in list(a.posonlyargs) + list(a.args)]
    if a.vararg:
        names.append(a.vararg.arg)
    names += [p.arg for p in a.kwonlyargs]
    if a.kwarg:
        names.append(a.kwarg.arg)
    return names


def selector(rng, kw, names):
    def one():
        if kw.endswith("argnames") or rng.randrange(8) == 0:
            if names and rng.randrange(6):
                return rng.choice(names)
            return rng.choice(["z", "key", "value", "nope"])
        n = max(len(names), 1)
        return rng.randrange(-n - 1, n + 1)
    r = rng.randrange(10)
    if r == 0:
        return None
    if r < 5:
        return one()
    return [one() for _ in range(rng.randrange(0, 3))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--subject", default="all")
    opts = ap.parse_args()
    rng = random.Random(opts.seed)
    out = sys.stdout
    for line in sys.stdin:
        case = json.loads(line)
        sig = case["signature"]
        try:
            compile("def f" + sig + ": pass", "<sig>", "exec")
            names = param_names(sig)
        except SyntaxError:
            continue
        spec = {}
        for kw in KEYS:
            # donation is rarer than staticness: keep most specs valid
            if rng.randrange(4 if kw == "donate_argnums" else 2) == 0:
                spec[kw] = selector(rng, kw, names)
        req = {"subject": opts.subject, "signature": sig, "spec": spec, "call": case["call"]}
        out.write(json.dumps(req) + "\n")


if __name__ == "__main__":
    main()
