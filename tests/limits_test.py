#!/usr/bin/env python3
"""limits_test.py — the cost of one input stays linear (issue 16, docs/LIMITS.md).

    limits_test.py ARGSPLIT --peak-rss PEAK_RSS [--size BYTES] [--instr-size BYTES]

Feeds one worst case of each shape (about 1 MB: dict keys, keys colliding
under the old unkeyed dict-key hash, repeated keys,
keywords, repeated keywords, positional arguments, `*` items, nesting,
nested unpacking, long strings, long names, parameters, defaults, spec
tuples, spec keywords, a line over the line cap, a NUL after valid JSON;
keyword-only parameters, long and nested defaults and annotations; spec
nesting, long strings and integers, many names)
to `argsplit bind --jsonl` / `split --jsonl`, and case files (many cases,
duplicate ids, long and continued fields, many tags, comments) to
`argsplit check --subject jax.jit@0.4.30` with an expectation for every
case id and tag, and asserts, per shape:
  - the output is one line per input line, each valid JSON;
  - peak RSS (tests/tools/peak_rss: wait4 in a small parent) <=
    RSS_BASE + RSS_PER_BYTE * size;
  - instructions (valgrind --tool=callgrind, deterministic) <= the empty
    input's + INSTR_PER_BYTE * size (INSTR_PER_BYTE_CHECK for case files,
    whose every case is run), counted on the same shapes at
    --instr-size (default 128 KiB: callgrind is ~50x slower than the code).
Quadratic behaviour on these sizes is 10^4 times over these bounds; linear
code with ordinary constants is well within them.  Nothing is timed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

RSS_BASE = 8 * 1024 * 1024      # startup, libc, jansson
RSS_PER_BYTE = 40               # line + copy, tokens (12 B/token), memo (8 B/token), texts, twice
INSTR_PER_BYTE = 500            # tokenizing and parsing a byte a few times over
INSTR_PER_BYTE_CHECK = 2000     # check runs the reference on each ~60-byte case: ~70k instructions a case


def fill(prefix, item, sep, suffix, size):
    parts, n, i = [], len(prefix) + len(suffix), 0
    while n < size:
        s = item(i)
        parts.append(s)
        n += len(s) + len(sep)
        i += 1
    return prefix + sep.join(parts) + suffix


M64 = (1 << 64) - 1


def old_key_hash(data, h=1469598103934665603):
    """The dict-key hash oracle/pyexpr.c used before it was keyed (FNV-1a and
    a final mix): keys whose hashes share low bits pile into one cluster of
    its linear-probing index, so each new key walked past every earlier one."""
    for c in data:
        h = ((h ^ c) * 1099511628211) & M64
    return h


def old_key_mix(h):
    h ^= h >> 33
    h = (h * 0xff51afd7ed558ccd) & M64
    return h ^ (h >> 33)


def colliding_keys(size):
    """Dict items 'cHEX': 1 whose old hash falls in the first 4096 slots of a
    2^17-slot index (and so of every smaller one): about 1 key in 32."""
    prefix = old_key_hash(b"sc")   # a key's identity: 's' and its value
    items, n, i = [], 0, 0
    while n < size:
        hexa = b"%x" % i
        if old_key_mix(old_key_hash(hexa, prefix)) & 0x1ffff < 4096:
            items.append("'c%s': 1" % hexa.decode())
            n += len(items[-1]) + 2
        i += 1
    return items


def signature_shapes(size):
    """Signature texts: parameters and what a parameter may carry."""
    return {
        "kwonly_parameters": fill("(*, ", lambda i: "k%d" % i, ", ", ")", size),
        "long_default_string": "(a='" + "x" * size + "')",
        "nested_default": "(a=" + "[" * (size // 2) + "]" * (size // 2) + ")",
        "long_annotation": "(a: " + " | ".join(["int"] * (size // 6)) + ")",
        "annotation_nesting": "(a: " + "list[" * (size // 6) + "int" + "]" * (size // 6) + ")",
        "defaults_dict": "(a=" + fill("{", lambda i: "'k%d': %d" % (i, i), ", ", "}", size) + ")",
    }


def spec_shapes(size):
    """Spec texts: nesting, a long string, a long integer, many names."""
    return {
        "spec_nesting": "static_argnums=" + "(" * (size // 2) + "0" + ")" * (size // 2),
        "spec_long_string": "static_argnames='" + "a" * size + "'",
        "spec_huge_int": "in_axes=" + "9" * size,
        "spec_names": fill("static_argnames=(", lambda i: "'n%d'" % i, ", ", ")", size),
    }


def casefile_shapes(size):
    """Conformance case files (`argsplit check --subject jax.jit@0.4.30`, with an
    expectation for every case id and tag: expectations_for)."""
    one = "--- id: c%d\nsignature: (a)\nspec: \ncall: (1)\nreference: a=traced\ntags: t%d\n"
    return {
        "many_cases": fill("", lambda i: one % (i, i), "", "", size),
        "duplicate_ids": "".join(one % (i % 2, i) for i in range(size // len(one % (0, 0)))),
        "long_field": "--- id: x\nsignature: (a)\nspec: \nreference: a=traced\ncall: (1" +
                      "\n , 1" * (size // 5) + ")\n",
        "long_line": "--- id: x\nsignature: (" + ", ".join("p%d" % i for i in range(size // 8)) +
                     ")\nspec: \ncall: (1)\nreference: a=traced\n",
        "many_tags": (one % (0, 0)).replace("tags: t0", "tags:" + " t" * (size // 2)),
        "comments": "# c\n" * (size // 4) + one % (0, 0),
    }


def shapes(size):
    b = lambda sig, call: ("bind", json.dumps({"signature": sig, "call": call}))
    s = lambda sig, spec, call: ("split", json.dumps({"subject": "reference", "signature": sig, "spec": spec,
                                                      "call": call}))
    half = size // 2
    return {
        "dict_keys": b("(**k)", fill("(**{", lambda i: "'k%d': 1" % i, ", ", "})", size)),
        # a call unpacks at most 256 keys; jax.grad looks into a whole argument
        "dict_colliding_keys": ("split", json.dumps({"subject": "jax.grad", "signature": "(a)", "spec": "",
                                                     "call": "({" + ", ".join(colliding_keys(size - 8)) + "})"})),
        "dict_repeated_keys": b("(**k)", fill("(**{", lambda i: "'k': %d" % (i % 10), ", ", "})", size)),
        "nested_dicts": b("(**k)", "(**" + "{**" * 150 + fill("{", lambda i: "'k%d': 1" % (i % 200), ", ", "}",
                                                               size - 600) + "}" * 150 + ")"),
        "keywords": b("(**k)", fill("(", lambda i: "k%d=1" % i, ", ", ")", size)),
        "repeated_keywords": b("(**k)", fill("(", lambda i: "k%d=1" % (i % 1000), ", ", ")", size)),
        "positional": b("(*a)", fill("(", lambda i: "1", ", ", ")", size)),
        "star_items": b("(*a)", fill("(", lambda i: "*[]", ", ", ")", size)),
        "nesting": b("(a)", "(" + "[" * half + "]" * half + ")"),
        "nested_unpacking": b("(*a)", "(" + "*[" * 150 + ", ".join(["1"] * ((size - 600) // 3)) + "]" * 150 + ")"),
        "long_string": b("(a)", "('" + "a" * size + "')"),
        "star_long_string": b("(*a)", "(*'" + "a" * size + "')"),
        "long_name": b("(a)", "(" + "a" * size + ")"),
        "parameters": b(fill("(", lambda i: "p%d" % i, ", ", ")", size), "()"),
        "default_list": b("(a=[" + ", ".join(["1"] * (size // 3)) + "])", "()"),
        "spec_tuple": s("(a, b)", fill("static_argnums=(", lambda i: "0", ", ", ")", size), "(1, 2)"),
        "spec_keywords": s("(a, b)", fill("", lambda i: "k%d=1" % i, ", ", "", size), "(1, 2)"),
        "spec_dict_repeats": s("(a, b)", fill("in_axes={", lambda i: "'a': 0", ", ", "}", size), "(1, 2)"),
        **{k: b(sig, "()") for k, sig in signature_shapes(size).items()},
        **{k: s("(a)", spec, "(1)") for k, spec in spec_shapes(size).items()},
        **{"casefile_" + k: ("check", text) for k, text in casefile_shapes(size).items()},
    }


def expectations_for(case_text):
    """An expectation file naming every case id and tag of a case file."""
    ids = re.findall(r"^--- id: (\S+)", case_text, re.M)
    tags = sorted(set(t for ln in re.findall(r"^tags:(.*)$", case_text, re.M) for t in ln.split()))
    return ("[jax.jit]\n" + "".join("%s: a=traced\n    reason: r\n" % i for i in ids) +
            "".join("tag:%s: *\n    reason: r\n" % t for t in tags))


def argv_of(exe, cmd, line, workdir):
    """(argv, stdin bytes, input size) of one shape: a --jsonl line, or a case
    file and its expectations for check."""
    if cmd != "check":
        return [exe, cmd, "--jsonl"], line.encode() + b"\n", len(line) + 1
    cases, exp = os.path.join(workdir, "cases"), os.path.join(workdir, "exp")
    shutil.rmtree(cases, ignore_errors=True)
    os.makedirs(cases)
    os.makedirs(exp, exist_ok=True)
    with open(os.path.join(cases, "shape.case"), "w") as fh:
        fh.write(line)
    expectations = expectations_for(line)
    with open(os.path.join(exp, "jax.jit.txt"), "w") as fh:
        fh.write(expectations)
    return ([exe, "check", "--cases", cases, "--expectations", exp, "--subject", "jax.jit@0.4.30"], b"",
            len(line) + len(expectations))


def run(peak_rss, argv, data, with_stderr=False):
    """(stdout and, when `with_stderr`, the program's stderr lines; peak RSS in bytes) of one run."""
    with tempfile.TemporaryFile() as inp:
        inp.write(data)
        inp.seek(0)
        r = subprocess.run([peak_rss] + argv, stdin=inp, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rss = [int(ln.split()[1]) for ln in r.stderr.decode(errors="replace").splitlines()
           if ln.startswith("peak_rss_kib ")]
    if not rss:
        raise SystemExit("limits_test: no peak_rss line: %r" % r.stderr[-400:])
    if with_stderr:
        return r.stdout + b"".join(ln + b"\n" for ln in r.stderr.splitlines() if not ln.startswith(b"peak_rss_")), \
            rss[-1] * 1024
    return r.stdout, rss[-1] * 1024


def instructions(argv, data, workdir):
    path = os.path.join(workdir, "callgrind.out")
    with tempfile.TemporaryFile() as inp:
        inp.write(data)
        inp.seek(0)
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + path] + argv,
                           stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in r.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit("limits_test: callgrind gave no count: " + r.stderr[-400:])


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    exe, size, instr_size, count = os.path.abspath(args[0]), 1000000, 128 * 1024, True
    if "--peak-rss" not in args:
        raise SystemExit("limits_test: --peak-rss PATH is required")
    peak_rss = args[args.index("--peak-rss") + 1]
    if "--size" in args:
        size = int(args[args.index("--size") + 1])
    if "--instr-size" in args:
        instr_size = int(args[args.index("--instr-size") + 1])
    count = instr_size > 0
    if count and not shutil.which("valgrind"):
        raise SystemExit("limits_test: valgrind not found (scripts/bootstrap installs it)")
    work = tempfile.mkdtemp(prefix="argsplit_limits")
    failures = 0
    try:
        plain = exe
        if count:
            # valgrind 3.19 cannot read clang's DWARF 5: count a copy without it
            plain = os.path.join(work, "argsplit")
            subprocess.run(["objcopy", "--strip-debug", exe, plain], check=True)
        base = {}
        for cmd in ("bind", "split", "check"):
            argv, data, _ = argv_of(plain, cmd, "", work)
            base[cmd] = instructions(argv, data, work) if count else 0
        extra = {
            "over_line_cap": ("bind", "x" * (9 << 20)),
            "nul_after_json": ("bind", '{"signature": "(a)", "call": "(1)"}\0 trailing'),
            "split_nul_after_json": ("split", '{"subject": "reference", "signature": "(a)", "spec": "", '
                                              '"call": "(1)"}\0 trailing'),
            "split_over_line_cap": ("split", "x" * (9 << 20)),
        }
        cases = dict(shapes(size))
        cases.update(extra)
        small = dict(shapes(instr_size)) if count else {}
        for name, (cmd, line) in cases.items():
            argv, data, n = argv_of(exe, cmd, line, work)
            out, rss = run(peak_rss, argv, data, with_stderr=cmd == "check")
            lines = out.decode("utf-8").splitlines()
            problems = []
            if len(lines) < 1:
                problems.append("no output line")
            if name in extra and (len(lines) != 1 or "line 1: " not in lines[0]):
                problems.append("not one error line for line 1")
            for ln in lines if cmd != "check" else []:   # check: a summary line, or one error line on stderr
                try:
                    json.loads(ln)
                except ValueError:
                    problems.append("output is not JSON: " + ln[:120])
            if rss > RSS_BASE + RSS_PER_BYTE * n:
                problems.append("peak RSS %.1f MiB > %.1f MiB" % (rss / 2**20, (RSS_BASE + RSS_PER_BYTE * n) / 2**20))
            instr, n_small = 0, 1
            if count and name not in extra:   # extras: a streamed line and tiny lines, memory only
                small_argv, small_data, n_small = argv_of(plain, cmd, small[name][1], work)
                instr = instructions(small_argv, small_data, work) - base[cmd]
                budget = INSTR_PER_BYTE_CHECK if cmd == "check" else INSTR_PER_BYTE
                if instr > budget * n_small:
                    problems.append("%d instructions on %d bytes > %d per byte" % (instr, n_small, budget))
            verdict = "FAIL " + "; ".join(problems) if problems else "ok"
            first = lines[0][:90] if lines else ""
            print("%-20s %8d bytes  rss %6.1f MiB  %10d instr (%4d/byte)  %s  | %s"
                  % (name, n, rss / 2**20, instr, instr // n_small, verdict, first), flush=True)
            failures += bool(problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        raise SystemExit("limits_test: %d shape(s) over their bounds" % failures)
    print("limits_test: all %d shapes within bounds" % len(cases))


if __name__ == "__main__":
    main()
