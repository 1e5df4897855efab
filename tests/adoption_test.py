#!/usr/bin/env python3
"""adoption_test.py ARGSPLIT SOURCE_DIR — issue 17's first "done when": a
fresh clone, the README and nothing else take a library team from zero to a
failing gate in a pull request, a nightly job, and a report that shows the
failure first.  Walked literally:

 1. the README block after <!-- library-team --> runs line by line from an
    empty directory (tests/docs/doccmd.py: its one list of what is not run —
    root, the install build — and of equivalent forms — the clone of this
    repository at HEAD instead of the network; the build under test is
    argsplit on PATH and $ARGSPLIT_BIN for scripts/ci-gate), each line with the exit
    status its comment states: the clone, the own subject's expectations
    recorded and committed, the workflows set to gate on it, a change to
    the library, and the pull request's gate failing (exit 1);
 2. the pull-request job (`gate` of .github/workflows/argsplit.yml, matrix
    build `normal`) runs from the workflow file: every `run:` step as the
    runner runs it (bash -eo pipefail, the workflow's, job's and step's env,
    ${{ matrix.build }} filled in; any other expression fails the test), with
    $ARGSPLIT_BIN (scripts/ci-gate's documented option) pointing at the
    build under test instead of a rebuild; the gate step must fail, and its
    SARIF must be valid 2.1.0 (tests/formats/sarif_validate.py) with the own
    subject's failures in it, its JUnit carry them;
 3. the nightly job (nightly.yml) runs its steps the same way: the build
    step replaced by the build under test, the campaign shortened
    (doccmd.SUBSTITUTE), the coverage-guided fuzzers not run (doccmd.NOT_RUN);
 4. headless chromium renders the nightly report: its first section is the
    gate's failures and names the own subject and a failing case
    (tests/support/report_dom.py); the Markdown summary starts with them.
`uses:` steps (GitHub actions) cannot run here: each is printed; their inputs
and Node runtimes are validated by actionlint in tests/workflows_test.py
(for the actions it knows: checkout, cache, upload-artifact).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import yaml

BIN, SRC = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
for sub in ("tests/docs", "tests/support", "tests/formats"):
    sys.path.insert(0, os.path.join(SRC, sub))
import doccmd  # noqa: E402
import report_dom  # noqa: E402
import sarif_validate  # noqa: E402

fails = []


def check(cond, msg):
    if not cond:
        fails.append(msg)
        print("FAIL: " + msg)
    return cond


def note(msg):
    print("  " + msg)


T = tempfile.mkdtemp(prefix="argsplit-adoption-")
try:
    # the build under test on PATH stands for the README's install line,
    # and $ARGSPLIT_BIN (scripts/ci-gate's documented option) for the
    # rebuild ci-gate would otherwise make in the clone (minutes; scripts/test
    # builds the tree, the install test installs it)
    env = doccmd.user_env(T, BIN, ARGSPLIT_TEST_REPO=SRC, ARGSPLIT_BIN=BIN)
    schema = subprocess.run(["bash", os.path.join(SRC, "tests/formats/sarif-schema.sh")], stdout=subprocess.PIPE,
                            universal_newlines=True)
    if schema.returncode != 0:
        sys.exit("FAIL: the SARIF 2.1.0 schema is unavailable")
    validator = sarif_validate.validator(schema.stdout.strip())

    # ---- 1. the README, literally ---------------------------------------
    print("1. README.md <!-- library-team -->")
    block = [b for b in doccmd.blocks(os.path.join(SRC, "README.md")) if b[0] == "library-team"]
    if not check(len(block) == 1, "README.md: one <!-- library-team --> block (found %d)" % len(block)):
        sys.exit(1)
    lines = []
    for line in doccmd.commands(block[0][2]):
        why = doccmd.not_run(line)
        if why and doccmd.substitute(line) == line:
            note("not run: %s  (%s)" % (line, why))
            continue
        lines.append(line)
    check(len(lines) >= 6, "README: only %d lines to run" % len(lines))
    secs = []
    for (line, rc, out), sec in zip(doccmd.run([doccmd.substitute(l) for l in lines], T, env,
                                               os.path.join(T, "readme"), seconds=secs), secs):
        want = doccmd.expected_status(line)
        if check(rc == want, "README line [%s]: exit %s, want %d: %s" % (line, rc, want, out.strip()[-400:])):
            note("ok (exit %d, %.1f s): %s" % (rc, sec, line))
    clone = os.path.join(T, "argsplit")
    if not check(os.path.isdir(os.path.join(clone, ".git")), "no clone at %s" % clone):
        sys.exit(1)
    check(os.path.exists(os.path.join(clone, "conformance/expectations/py_mylib.jit.txt")),
          "the own subject's expectations were not recorded")
    committed = subprocess.run(["git", "-C", clone, "log", "-1", "--name-only", "--format="], env=env,
                               stdout=subprocess.PIPE, universal_newlines=True).stdout
    check("conformance/expectations/py_mylib.jit.txt" in committed and ".github/workflows/argsplit.yml" in committed,
          "the expectations and workflows were not committed: %r" % committed)

    # ---- 2./3. the workflows' jobs, from the workflow files -------------
    def run_job(wf_name, job_name, matrix, steps_env, want):
        """Run a job's run: steps in the clone; want(step_name) -> expected status."""
        wf = yaml.safe_load(open(os.path.join(clone, ".github/workflows", wf_name)))
        job = wf["jobs"][job_name]
        base = dict(env)
        base.update({k: str(v) for k, v in (wf.get("env") or {}).items()})
        base.update({k: str(v) for k, v in (job.get("env") or {}).items()})
        base.update(steps_env)
        ran = {}
        for st in job["steps"]:
            name = st.get("name", st.get("uses", st.get("run", "")[:40]))
            if "uses" in st:
                note("action, not run here: %s (%s)" % (st["uses"], name))
                continue
            text = st["run"]
            for k, v in matrix.items():
                text = text.replace("${{ matrix.%s }}" % k, v)
            text = text.replace("${{ github.run_id }}", "1")
            check("${{" not in text, "%s %s step %r: an expression the test cannot fill: %s" % (wf_name, job_name,
                                                                                                name, text))
            cmds = []
            for line in text.strip().split("\n"):
                why = doccmd.not_run(line.strip())
                if re.match(r"^\s*bash scripts/build build\s*$", line):
                    note("equivalent: %s -> the build under test in build/argsplit" % line.strip())
                    line = "mkdir -p build && ln -sf %s build/argsplit" % BIN
                elif why and doccmd.substitute(line.strip()) == line.strip():
                    note("not run: %s  (%s)" % (line.strip(), why))
                    line = "true"
                cmds.append(doccmd.substitute(line))
            step_env = dict(base)
            step_env.update({k: str(v) for k, v in (st.get("env") or {}).items()})
            t0 = time.monotonic()
            p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", "\n".join(cmds)],
                               cwd=clone, env=step_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True, timeout=1200)
            w = want(name)
            if check(p.returncode == w, "%s %s step %r: exit %d, want %d: %s" % (wf_name, job_name, name, p.returncode,
                                                                                w, p.stdout.strip()[-600:])):
                note("ok (exit %d, %.1f s): %s" % (p.returncode, time.monotonic() - t0, name))
            ran[name] = p.returncode
            if p.returncode != 0 and not st.get("continue-on-error"):
                break           # the runner stops the job here (later steps are `if: always()` actions)
        return wf, ran

    print("2. pull request: .github/workflows/argsplit.yml job gate (matrix build normal)")
    wf, ran = run_job("argsplit.yml", "gate", {"build": "normal"}, {"ARGSPLIT_BIN": BIN},
                      lambda name: 1 if "gate" in name.lower() else 0)
    matrix = wf["jobs"]["gate"].get("strategy", {}).get("matrix", {}).get("build", [])
    for b in matrix:
        if b != "normal":
            note("matrix build %s not run: the ASan+UBSan build of scripts/test's second suite" % b)
    check(any("gate" in n.lower() for n in ran), "argsplit.yml: no gate step ran")
    sarif_path = os.path.join(clone, "out/normal/conformance.sarif")
    if check(os.path.exists(sarif_path), "no %s" % sarif_path):
        doc = json.load(open(sarif_path))
        errs = sarif_validate.problems(validator, doc)
        check(not errs, "the pull request's SARIF is not valid 2.1.0: " + "; ".join(errs))
        mine = [r for r in doc["runs"][0]["results"] if r["properties"]["subject"] == "py:mylib.jit"]
        check(mine, "the SARIF has no result of py:mylib.jit")
        others = [r for r in doc["runs"][0]["results"] if r["properties"]["subject"] != "py:mylib.jit"]
        check(not others, "the SARIF has failures of other subjects: %s" % [r["properties"]["subject"] for r in others[:3]])
    junit_path = os.path.join(clone, "out/normal/conformance.junit.xml")
    if check(os.path.exists(junit_path), "no %s" % junit_path):
        root = ET.parse(junit_path).getroot()
        failed = [tc for tc in root.iter("testcase") if tc.find("failure") is not None]
        check(failed and all(tc.get("classname") == "py:mylib.jit" for tc in failed),
              "the JUnit failures are not the own subject's: %d" % len(failed))

    print("3. nightly: .github/workflows/nightly.yml job nightly")
    summary = os.path.join(T, "step-summary.md")
    run_job("nightly.yml", "nightly", {}, {"GITHUB_STEP_SUMMARY": summary}, lambda name: 0)

    # ---- 4. the report, in chromium -------------------------------------
    print("4. the nightly report in chromium")
    conf = os.path.join(clone, "out/conformance.json")
    report = os.path.join(clone, "out/report.html")
    if check(os.path.exists(conf) and os.path.exists(report), "the nightly job wrote no report"):
        failing = {(r["case"], r["subject"]) for r in json.load(open(conf))["results"]
                   if r["class"] in ("regression", "changed-failure", "unexpected-pass")}
        check(failing and {s for _, s in failing} == {"py:mylib.jit"}, "nightly gate failures: %s" % sorted(failing)[:3])
        secs = report_dom.sections(report_dom.dump_dom("file://" + report))
        if check(secs, "chromium rendered no report sections"):
            first_id, first_text = secs[0]
            check(first_id == "gate-failures", "the report's first section is %r, not the gate failures" % first_id)
            check("py:mylib.jit" in first_text, "the first section does not name the own subject")
            named = [c for c, _ in failing if c in first_text]
            check(named, "the first section names none of the %d failing cases" % len(failing))
            m = re.search(r"Gate failures \((\d+)\)", first_text)
            check(m and int(m.group(1)) == len(failing), "the first section's count: %r vs %d" % (m and m.group(0), len(failing)))
            note("first section: %s, %d failing results, e.g. %s" % (first_id, len(failing), named[:1]))
        # the matrix a laptop shows first: one column per family (releases
        # collapsed to ranges), not one per release (41+ columns)
        src = open(report, encoding="utf-8").read()
        mat = src[src.find('id="matrix"'):]
        head = mat[mat.find("<table"):mat.find("</table>")]
        head = head[:head.find("</tr>", head.find("<th"))]
        cols = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
        check(cols and len(cols) <= 20 and not any("@" in c for c in cols) and "py:mylib.jit" in cols,
              "the matrix's first table is not one column per family: %d columns %s" % (len(cols), cols[:6]))
        # the report's reproducer line names the subject as the workflow gave
        # it and runs as printed in the clone: a snippet importing the library
        replays = re.findall(r"`(argsplit replay --case --subject 'ext:[^`]*)`",
                             open(os.path.join(clone, "out/report.md")).read())
        if check(replays, "report.md's gate failures have no replay line naming the ext: subject as given"):
            p = subprocess.run(["bash", "-c", replays[0]], cwd=clone, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, universal_newlines=True)
            check(p.returncode == 0 and "\nimport mylib\n" in p.stdout,
                  "the report's replay line [%s]: exit %d: %s" % (replays[0], p.returncode, p.stdout.strip()[-300:]))
        md = open(summary).read() if os.path.exists(summary) else ""
        heads = re.findall(r"^## .*", md, re.M)
        check(heads and heads[0].startswith("## Gate failures (") and not heads[0].startswith("## Gate failures (0)"),
              "the job summary does not start with the gate failures: %s" % heads[:2])
finally:
    shutil.rmtree(T, ignore_errors=True)

print("adoption: %s" % ("ok" if not fails else "%d failure(s)" % len(fails)))
sys.exit(1 if fails else 0)
