#!/usr/bin/env python3
"""selftest.py — the differential's own machinery checked, without argsplit.

  1. Spec examples (docs/BINDING.md §3.1) come out of cpython_truth.py as
     the spec states them.
  2. 3000 generated cases reach every outcome class: success, each TypeError
     category in phase bind, call-site errors, both SyntaxError phases,
     InputError.
  3. compare.py accepts the truth against itself and rejects a planted
     difference (a changed message, a reordered **kwargs).
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import compare  # noqa: E402
import cpython_truth  # noqa: E402
import gen_cases  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def truth(sig, call):
    return cpython_truth.truth({"signature": sig, "call": call})


# 1. Spec examples
t = truth("(a)", "(1, 2, zz=3)")
check(t["category"] == "unexpected_keyword" and t["phase"] == "bind", "3.1.1 unexpected zz: %r" % t)
t = truth("(a, b, /, c, *, d)", "(b=2, a=1, c=3, d=4)")
check(t["message"] == "f() got some positional-only arguments passed as keyword arguments: 'a, b'",
      "3.1.2 posonly list: %r" % t)
t = truth("(a, *, k)", "(1, 2)")
check(t["message"] == "f() takes 1 positional argument but 2 were given", "3.1.3: %r" % t)
t = truth("(a, b=2, /, **kw)", "(1, b=5)")
check(t == {"ok": True, "binding": {"a": "1", "b": "=2", "kw": {"b": "5"}}, "defaults_used": ["b"]},
      "3.1.5 kwargs absorbs: %r" % t)
t = truth("(a, *, k, m=1)", "(1, 2, m=3)")
check(t["message"].endswith("but 2 positional arguments (and 1 keyword-only argument) were given"),
      "3.1.7: %r" % t)
t = truth("(**kw)", "(a=1, **{'a': 2})")
check(t["phase"] == "call_site" and t["category"] == "multiple_values", "A2 duplicate: %r" % t)
t = truth("(a, *args, k=jnp.ones(3), **kw)", "(x, *[1, 'b'], *'cd', z=lambda x, y: 0)")
check(t == {"ok": True, "binding": {"a": "x", "args": ["1", "'b'", "'c'", "'d'"], "k": "=jnp.ones(3)",
                                    "kw": {"z": "lambda x, y: 0"}}, "defaults_used": ["k"]},
      "texts: %r" % t)
t = truth("(a)", "(*xs)")
check(t == {"ok": False, "error": "InputError", "phase": "input"}, "InputError: %r" % t)
t = truth("(a, a)", "(1)")
check(t["error"] == "SyntaxError" and t["phase"] == "signature", "signature SyntaxError: %r" % t)
t = truth("(a)", "(a=1, 2)")
check(t["phase"] == "call_syntax", "call SyntaxError: %r" % t)

# 2. Coverage of the generated cases
cases = gen_cases.generate(20261125, 3000)
check(cases == gen_cases.generate(20261125, 3000), "generator is not deterministic")
outcomes = set()
for c in cases:
    r = cpython_truth.truth(c)
    outcomes.add(compare.outcome_key(r))
wanted = ["ok", "InputError/-/input", "SyntaxError/other/signature", "SyntaxError/other/call_syntax",
          "TypeError/other/call_site", "TypeError/multiple_values/call_site"]
wanted += ["TypeError/%s/bind" % c for c in (
    "too_many_positional", "missing_positional", "missing_keyword_only", "multiple_values",
    "unexpected_keyword", "positional_only_as_keyword")]
for w in wanted:
    check(w in outcomes, "outcome never reached: " + w)

# 3. The comparator can fail
with tempfile.TemporaryDirectory() as d:
    sample = [{"signature": "(a, **kw)", "call": "(1, b=2, c=3)"},
              {"signature": "(a)", "call": "(1, 2)"}]
    truths = [cpython_truth.truth(c) for c in sample]

    def write(name, rows):
        p = os.path.join(d, name)
        with open(p, "w") as fh:
            for row in rows:
                fh.write(json.dumps(row) + "\n")
        return p

    pc, pt = write("c", sample), write("t", truths)
    good = write("g", truths)
    swapped = json.loads(json.dumps(truths))
    swapped[0]["binding"]["kw"] = {"c": "3", "b": "2"}
    bad1 = write("b1", swapped)
    worded = json.loads(json.dumps(truths))
    worded[1]["message"] += "!"
    bad2 = write("b2", worded)
    cmd = [sys.executable, os.path.join(HERE, "compare.py"), pc, pt]
    check(subprocess.run(cmd + [good], stdout=subprocess.DEVNULL).returncode == 0, "compare rejects equal")
    check(subprocess.run(cmd + [bad1], stdout=subprocess.DEVNULL).returncode == 1, "compare misses kwargs order")
    check(subprocess.run(cmd + [bad2], stdout=subprocess.DEVNULL).returncode == 1, "compare misses message")

for f in failures:
    print("FAIL:", f)
print("selftest: %d outcome classes reached, %d failures" % (len(outcomes), len(failures)))
sys.exit(1 if failures else 0)
