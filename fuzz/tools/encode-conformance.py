#!/usr/bin/env python3
"""Encode every conformance case (conformance/cases/**/*.case) into the case
codec's text form (fuzz/support/case_codec.h) as seeds of the case-codec
targets: one file per (case, family), named conf-<hash>, into each OUTDIR.

usage: encode-conformance.py CASES_DIR OUTDIR...
       encode-conformance.py --jsonl CASES_DIR OUTDIR
The --jsonl form writes `bind --jsonl` and `split --jsonl` request lines
instead (fuzz_jsonl seeds: first byte even = bind, odd = split).
"""
import json
import hashlib
import os
import sys

MAGIC = b"\xfe"
# A case without `subjects:` goes to the family its spec keywords belong to.
KEYWORD_FAMILY = [
    ("static_broadcasted_argnums", "jax.pmap"),
    ("nondiff_arg", "jax.custom_jvp"),
    ("in_axes", "jax.vmap"),
    ("argnums", "jax.grad"),
    ("static_arg", "jax.jit"),
    ("donate_arg", "jax.jit"),
]


def parse_cases(text):
    cases, cur, last = [], None, None
    for line in text.splitlines():
        if line.startswith("--- "):
            cur = {}
            cases.append(cur)
            key, _, value = line[4:].partition(":")
            cur[key.strip()] = value.strip()
            last = key.strip()
        elif cur is None or line.startswith("#") or not line.strip():
            continue
        elif line[0] in " \t" and last:
            cur[last] += " " + line.strip()
        else:
            key, _, value = line.partition(":")
            last = key.strip()
            cur[last] = value.strip()
    return cases


def families(case):
    subs = case.get("subjects", "").split()
    if subs:
        return sorted({s.split("@")[0] for s in subs})
    spec = case.get("spec", "")
    for kw, fam in KEYWORD_FAMILY:
        if kw in spec:
            return [fam]
    return ["jax.jit"]


def main(argv):
    jsonl = len(argv) > 1 and argv[1] == "--jsonl"
    if jsonl:
        argv = argv[:1] + argv[2:]
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    cases_dir, outdirs = argv[1], argv[2:]
    written = 0
    for root, _, files in sorted(os.walk(cases_dir)):
        for name in sorted(files):
            if not name.endswith(".case"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                for case in parse_cases(f.read()):
                    call = case.get("call", "-") or "-"
                    py = case.get("python", "3.11")
                    if jsonl:
                        req = {"signature": case.get("signature", "()"), "python": py}
                        bind = dict(req, call=call if call != "-" else "()")
                        split = dict(req, subject="reference", spec=case.get("spec", ""),
                                     call=None if call == "-" else call)
                        for first, obj in ((b"\x00", bind), (b"\x01", split)):
                            data = first + json.dumps(obj).encode("utf-8")
                            digest = hashlib.sha1(data).hexdigest()[:12]
                            for out in outdirs:
                                os.makedirs(out, exist_ok=True)
                                with open(os.path.join(out, "conf-" + digest), "wb") as g:
                                    g.write(data)
                            written += 1
                        continue
                    for fam in families(case):
                        body = "%s %s\n%s\n%s\n%s\n" % (py, fam, case.get("signature", "()"),
                                                       case.get("spec", ""), call)
                        data = MAGIC + body.encode("utf-8")
                        digest = hashlib.sha1(data).hexdigest()[:12]
                        for out in outdirs:
                            os.makedirs(out, exist_ok=True)
                            with open(os.path.join(out, "conf-" + digest), "wb") as g:
                                g.write(data)
                        written += 1
    print("encoded %d conformance inputs into %s" % (written, " ".join(outdirs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
