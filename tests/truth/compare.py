#!/usr/bin/env python3
"""compare.py — argsplit's `bind --jsonl` output against the CPython truth.

    compare.py CASES.jsonl TRUTH.jsonl GOT.jsonl [--show N] [--label L] [--report FILE]
    compare.py --histogram TRUTH.jsonl

Line i of each file belongs to the same case.  A result matches when:
  * "ok" is equal;
  * success: "binding" is equal *including key order* (parameter order, and
    the **kwargs insertion order) and "defaults_used" is equal;
  * failure: each of "error", "category", "message", "phase" that the truth
    line has is equal (InputError truth lines carry only "error" and "phase":
    argsplit's InputError wording is its own).  "column" and any other extra
    key of argsplit's output are ignored.
Prints the first N mismatches (case, expected, got) and the summary line
"N cases, M mismatches"; exits 1 on any mismatch, 2 on unusable input.
"""
import argparse
import collections
import json
import sys

FAILURE_KEYS = ("error", "category", "message", "phase")


def load(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line, object_pairs_hook=collections.OrderedDict))
            except ValueError as e:
                rows.append({"__unparsable__": "line %d: %s: %r" % (n, e, line[:200])})
    return rows


def ordered_equal(a, b):
    """Equality where the order of object keys counts."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a.keys()) == list(b.keys()) and all(ordered_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(ordered_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def matches(expected, got):
    if not isinstance(got, dict) or "__unparsable__" in got:
        return False
    if got.get("ok") is not expected["ok"]:
        return False
    if expected["ok"]:
        return (ordered_equal(expected["binding"], got.get("binding"))
                and expected["defaults_used"] == got.get("defaults_used"))
    return all(expected[k] == got.get(k) for k in FAILURE_KEYS if k in expected)


def short(obj):
    return json.dumps(obj, ensure_ascii=False)


def outcome_key(t):
    if t["ok"]:
        return "ok"
    return "%s/%s/%s" % (t["error"], t.get("category", "-"), t["phase"])


def histogram(truth):
    counts = collections.Counter(outcome_key(t) for t in truth)
    width = max(len(k) for k in counts) if counts else 0
    for key, n in sorted(counts.items()):
        print("  %-*s %6d" % (width, key, n))
    print("%d cases, %d outcomes" % (len(truth), len(counts)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--show", type=int, default=5, help="mismatches to print (default 5)")
    ap.add_argument("--label", default="", help="prefix of the summary line")
    ap.add_argument("--report", help="append the first 40 mismatches to this file")
    ap.add_argument("--histogram", action="store_true", help="only print outcome counts of TRUTH")
    a = ap.parse_args(argv)

    if a.histogram:
        histogram(load(a.files[0]))
        return 0
    if len(a.files) != 3:
        ap.error("need CASES TRUTH GOT")
    cases, truth, got = (load(p) for p in a.files)
    if len(cases) != len(truth):
        print("compare: %d cases but %d truth lines" % (len(cases), len(truth)), file=sys.stderr)
        return 2

    bad = []
    for i, (case, expected) in enumerate(zip(cases, truth)):
        g = got[i] if i < len(got) else {"__unparsable__": "missing output line"}
        if not matches(expected, g):
            bad.append((i + 1, case, expected, g))

    def describe(item):
        n, case, expected, g = item
        return ("case %d: %s\n  expected: %s\n  got:      %s\n"
                % (n, short(case), short(expected), short(g)))

    for item in bad[:a.show]:
        sys.stdout.write(describe(item))
    if a.report and bad:
        with open(a.report, "a", encoding="utf-8") as fh:
            fh.write("== %s: %d mismatches\n" % (a.label or "compare", len(bad)))
            for item in bad[:40]:
                fh.write(describe(item))
    extra = ""
    if len(got) > len(cases):
        extra = " (%d extra output lines)" % (len(got) - len(cases))
    prefix = (a.label + ": ") if a.label else ""
    print("%s%d cases, %d mismatches%s" % (prefix, len(cases), len(bad), extra))
    return 1 if bad or extra else 0


if __name__ == "__main__":
    sys.exit(main())
