#!/usr/bin/env python3
"""worst-cases.py — 1 MB worst-case inputs of every shape for every fuzz target.

    worst-cases.py OUTDIR [TARGET...]                write OUTDIR/TARGET/SHAPE
    worst-cases.py --run BINDIR [--work DIR] [TARGET...]
                                                     write them, then run each
                                                     target's binary over them

The shipped corpora (corpus/TARGET) hold small inputs only (a libFuzzer
campaign's -max_len follows its seeds); these inputs are generated instead,
from the same shapes as tests/limits_test.py (the cost of one input, measured
through the CLI): many `**` keys (also keys that collided under the former
unkeyed hash), repeated keys, nested dicts, many keywords and repeated ones,
positional arguments, `*` items, deep nesting, nested unpacking, long strings
and names, many parameters, long defaults, spec tuples/keywords/repeated keys,
signature defaults and annotations, spec nesting and a 1 MB integer, case
files with many cases and long or continued fields.

--run uses BINDIR/TARGET (a libFuzzer binary: each input run once with
-rss_limit_mb=2048 -timeout=300) or else BINDIR/TARGET_replay (ctest's plain
or ASan+UBSan replay), with ARGSPLIT_FUZZ_IGNORE=1 (the discrepancies of
fuzz_differential are the campaign's business; here: crashes, sanitizer
reports, broken invariants of the other targets, memory and time bounds).
Prints one line per target and `CRASH TARGET FILE` per failing input; exit 1
on any failure.  scripts/nightly runs it on the ASan+UBSan libFuzzer build.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests"))
import limits_test  # noqa: E402  (the shapes, one definition)

SIZE = 1000000
TARGETS = ["fuzz_binder", "fuzz_call", "fuzz_casefile", "fuzz_codec", "fuzz_differential", "fuzz_jsonl",
           "fuzz_signature", "fuzz_spec"]
VERSION = b"\x03"          # version byte: 3.8 + 3 = 3.11
TEXT_MAGIC = b"\xfe"       # the case codec's text form (fuzz/support/case_codec.h)


def parts():
    """name -> (signature, spec or None, call) of every --jsonl shape."""
    out = {}
    for name, (cmd, line) in limits_test.shapes(SIZE).items():
        if cmd != "check":
            r = json.loads(line)
            out[name] = (r["signature"], r.get("spec"), r["call"])
    return out


def text_form(sig, spec, call, family="jax.jit"):
    head = "3.11 %s\n" % family
    return TEXT_MAGIC + (head + sig + "\n" + (spec or "") + "\n" + (call or "-") + "\n").encode()


def inputs():
    """target -> {shape: bytes}"""
    cli = parts()
    out = {t: {} for t in TARGETS}
    for name, (sig, spec, call) in cli.items():
        # fuzz_jsonl: byte 0 even = bind, odd = split (the subject by byte / 2)
        req = {"signature": sig, "call": call} if spec is None else {"signature": sig, "spec": spec, "call": call}
        out["fuzz_jsonl"][name] = (b"\x00" if spec is None else b"\x01") + json.dumps(req).encode()
        if len(call) > 1000:
            out["fuzz_call"][name] = VERSION + call.encode()
        if len(sig) > 1000:
            out["fuzz_signature"][name] = VERSION + sig.encode()
        if spec and len(spec) > 1000:
            out["fuzz_spec"][name] = spec.encode()
        for t in ("fuzz_binder", "fuzz_codec", "fuzz_differential"):
            out[t][name] = text_form(sig, spec, call, "jax.grad" if name == "dict_colliding_keys" else "jax.jit")
    for name, text in limits_test.casefile_shapes(SIZE).items():
        out["fuzz_casefile"][name] = text.encode()
    out["fuzz_casefile"]["expectations"] = "".join("jax.jit c%d a=static # reason %d\n" % (i, i)
                                                   for i in range(SIZE // 32)).encode()
    return out


def write(outdir, targets):
    n = 0
    for t, shapes in inputs().items():
        if t not in targets:
            continue
        os.makedirs(os.path.join(outdir, t), exist_ok=True)
        for name, data in shapes.items():
            with open(os.path.join(outdir, t, name), "wb") as fh:
                fh.write(data)
            n += 1
    return n


def run(bindir, workdir, targets):
    env = dict(os.environ, ARGSPLIT_FUZZ_IGNORE="1")
    failures = 0
    for t in targets:
        d = os.path.join(workdir, t)
        files = sorted(os.path.join(d, f) for f in os.listdir(d))
        lib = os.path.join(bindir, t)
        replay = os.path.join(bindir, t + "_replay")
        if os.access(lib, os.X_OK):
            argv = [lib, "-rss_limit_mb=2048", "-timeout=300"]
        elif os.access(replay, os.X_OK):
            argv = [replay]
        else:
            print("worst-cases: neither %s nor %s" % (lib, replay))
            failures += 1
            continue
        bad = 0
        for f in files:
            r = subprocess.run(argv + [f], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if r.returncode != 0:
                bad += 1
                tail = r.stdout.decode(errors="replace").strip().splitlines()[-3:]
                print("CRASH %s %s (exit %d): %s" % (t, f, r.returncode, " | ".join(tail)), flush=True)
        print("worst-cases: %-18s %2d inputs of ~1 MB  %s" % (t, len(files), "%d FAILED" % bad if bad else "clean"),
              flush=True)
        failures += bad
    return failures


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        raise SystemExit(__doc__)
    if args[0] == "--run":
        if len(args) < 2:
            raise SystemExit("worst-cases: --run BINDIR")
        bindir, rest = args[1], args[2:]
        work = None
        if rest[:1] == ["--work"]:
            work, rest = rest[1], rest[2:]
        targets = rest or TARGETS
        tmp = None
        if work is None:
            tmp = tempfile.mkdtemp(prefix="argsplit_worst")
            work = tmp
        try:
            write(work, targets)
            failures = run(bindir, work, targets)
        finally:
            if tmp:
                subprocess.run(["rm", "-rf", tmp])
        if failures:
            raise SystemExit("worst-cases: %d input(s) failed" % failures)
        return
    outdir, targets = args[0], args[1:] or TARGETS
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        raise SystemExit("worst-cases: unknown target %s (%s)" % (unknown[0], ", ".join(TARGETS)))
    print("worst-cases: %d inputs in %s" % (write(outdir, targets), outdir))


if __name__ == "__main__":
    main()
