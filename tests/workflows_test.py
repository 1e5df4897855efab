#!/usr/bin/python3
"""workflows_test.py SOURCE_DIR — every CI template parses and has what its
runner requires: the GitHub workflows (.github/workflows/*.yml), the
ClusterFuzzLite files they use (.clusterfuzzlite/), and the GitLab CI file
printed in docs/CONFORMANCE.md.  YAML is read with Debian's python3-yaml
(scripts/bootstrap installs it); one line and exit 1 when it is missing.

Then real validators (scripts/lint-env: pinned, installed once into a cache
outside the tree; one line and exit 1 when that fails):
  - actionlint on every workflow: syntax, expressions and contexts, runner
    labels, the inputs and runtime of the popular actions it knows
    (actions/checkout, cache, upload-artifact; a deprecated Node runtime is
    an error), and shellcheck (Debian's, scripts/bootstrap) on every `run:`;
  - check-jsonschema with SchemaStore's schemas it ships: every workflow
    against vendor.github-workflows, the GitLab file against vendor.gitlab-ci.
Each validator must also reject a broken file (so a validator that checks
nothing fails the test)."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("FAIL: python3-yaml is not installed (scripts/bootstrap installs it)")
    sys.exit(1)

src = sys.argv[1]
fails = []


def check(cond, msg):
    if not cond:
        fails.append(msg)


def cron_ok(expr):
    fields = expr.split()
    return len(fields) == 5 and all(re.match(r"^[\d*/,-]+$", f) for f in fields)


def github(path):
    name = os.path.relpath(path, src)
    with open(path) as f:
        wf = yaml.safe_load(f)
    check(isinstance(wf, dict), f"{name}: not a mapping")
    # YAML 1.1 reads the key `on` as True
    on = wf.get("on", wf.get(True))
    check(on, f"{name}: no 'on' triggers")
    check(isinstance(wf.get("name"), str), f"{name}: no name")
    if isinstance(on, dict):
        for c in on.get("schedule") or []:
            check(cron_ok(c.get("cron", "")), f"{name}: bad cron {c}")
    jobs = wf.get("jobs")
    check(isinstance(jobs, dict) and jobs, f"{name}: no jobs")
    for jid, job in (jobs or {}).items():
        where = f"{name}: job {jid}"
        check(re.match(r"^[A-Za-z_][A-Za-z0-9_-]*$", jid), f"{where}: bad job id")
        check("runs-on" in job, f"{where}: no runs-on")
        steps = job.get("steps")
        check(isinstance(steps, list) and steps, f"{where}: no steps")
        container = job.get("container")
        for i, st in enumerate(steps or []):
            check(("uses" in st) != ("run" in st), f"{where} step {i}: exactly one of uses/run")
            if "uses" in st:
                check(re.match(r"^[\w.-]+/[\w./-]+@[\w.-]+$", st["uses"]), f"{where} step {i}: unpinned {st['uses']}")
            run = st.get("run", "")
            if container:
                check("sudo " not in run, f"{where} step {i}: sudo in a container (debian:12 has none)")
        # a container has no git: actions/checkout then downloads a tarball,
        # and the tests that read `git ls-files` or clone the tree fail
        runs = [st.get("run", "") for st in steps or []]
        if container and any(".ci/run" in r or "docs_commands_test" in r for r in runs):
            co = [i for i, st in enumerate(steps) if st.get("uses", "").startswith("actions/checkout@")]
            check(co and any("install" in r and re.search(r"\bgit\b", r) for r in runs[:co[0]]),
                  f"{where}: git is not installed before actions/checkout (the tree would be a tarball)")
            check(any("safe.directory" in r for r in runs), f"{where}: no safe.directory for the checkout")
        for i, st in enumerate(steps or []):
            for m in re.findall(r"(?:bash|sh) ((?:scripts|\.ci|tests)/[\w./-]+)", st.get("run", "")):
                check(os.path.exists(os.path.join(src, m)), f"{where} step {i}: {m} is not in the repository")
    return wf, on, jobs or {}


wfs = {}
for path in sorted(glob.glob(os.path.join(src, ".github/workflows/*.yml"))):
    wfs[os.path.basename(path)] = github(path)
check({"argsplit.yml", "nightly.yml", "cflite.yml"} <= set(wfs), f"workflows: {sorted(wfs)}")

if "nightly.yml" in wfs:
    _, on, jobs = wfs["nightly.yml"]
    check(isinstance(on, dict) and on.get("schedule"), "nightly.yml: not scheduled")
    runs = " ".join(st.get("run", "") for j in jobs.values() for st in j.get("steps", []))
    uses = [st.get("uses", "") for j in jobs.values() for st in j.get("steps", [])]
    check("argsplit fuzz" in runs and "--seed" in runs, "nightly.yml: no seeded campaign")
    check("scripts/nightly" in runs, "nightly.yml: no coverage-guided fuzzers")
    check("argsplit report" in runs and "report.html" in runs, "nightly.yml: no report")
    check(any(u.startswith("actions/upload-artifact@") for u in uses), "nightly.yml: no artifact")

if "cflite.yml" in wfs:
    _, on, jobs = wfs["cflite.yml"]
    check(isinstance(on, dict) and "pull_request" in on and on.get("schedule"), "cflite.yml: not on PRs and a schedule")
    modes = set()
    for j in jobs.values():
        for st in j.get("steps", []):
            u, w = st.get("uses", ""), st.get("with") or {}
            if "clusterfuzzlite/actions/build_fuzzers" in u:
                check(w.get("language") == "c", "cflite.yml: build_fuzzers language is not c")
            if "clusterfuzzlite/actions/run_fuzzers" in u:
                modes.add(w.get("mode"))
                check(int(w.get("fuzz-seconds", 0)) > 0, "cflite.yml: no fuzz-seconds")
    check({"code-change", "batch"} <= modes, f"cflite.yml: modes {modes}")
    with open(os.path.join(src, ".clusterfuzzlite/project.yaml")) as f:
        check(yaml.safe_load(f).get("language") == "c", ".clusterfuzzlite/project.yaml: language")
    for f in ("Dockerfile", "build.sh"):
        check(os.path.exists(os.path.join(src, ".clusterfuzzlite", f)), f".clusterfuzzlite/{f} missing")

# The GitLab CI file of docs/CONFORMANCE.md.
doc = open(os.path.join(src, "docs/CONFORMANCE.md")).read()
m = re.search(r"<!-- gitlab-ci -->\n```yaml\n(.*?)```", doc, re.S)
check(m, "docs/CONFORMANCE.md: no GitLab CI block")
if m:
    gl = yaml.safe_load(m.group(1))
    stages = gl.get("stages", ["build", "test", "deploy"])
    jobs = {k: v for k, v in gl.items() if k not in ("stages", "variables", "default", "include", "workflow")
            and not k.startswith(".")}
    check(jobs, "gitlab: no jobs")
    for jid, job in jobs.items():
        check(isinstance(job.get("script"), list) and job["script"], f"gitlab {jid}: no script")
        check(job.get("stage", "test") in stages, f"gitlab {jid}: stage {job.get('stage')} not in {stages}")
        check("image" in job, f"gitlab {jid}: no image")
        rep = ((job.get("artifacts") or {}).get("reports") or {})
        if rep:
            check(set(rep) <= {"junit", "sast", "codequality", "dotenv", "coverage_report"}, f"gitlab {jid}: reports {rep}")
    check(any((j.get("rules") or [{}])[0].get("if", "").find("schedule") >= 0 for j in jobs.values()),
          "gitlab: no scheduled (nightly) job")

# ---- the validators ---------------------------------------------------------
def validators():
    p = subprocess.run([sys.executable, os.path.join(src, "scripts/lint-env")], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        print("FAIL: the workflow validators are not installed: " + (p.stderr.strip() or "exit %d" % p.returncode))
        sys.exit(1)
    if not shutil.which("shellcheck"):
        print("FAIL: shellcheck is not installed (scripts/bootstrap installs Debian's)")
        sys.exit(1)
    return p.stdout.strip()


def validate(bindir, tool, args, what, want_ok=True):
    """Run a validator; its findings become failures (or, want_ok=False, the
    absence of any)."""
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    p = subprocess.run([os.path.join(bindir, tool)] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, env=env, cwd=src)
    if want_ok:
        check(p.returncode == 0, "%s: %s: %s" % (tool, what, p.stdout.strip()))
    else:
        check(p.returncode != 0, "%s accepts a broken file (%s)" % (tool, what))
    return p.stdout


bindir = validators()
workflows = sorted(glob.glob(os.path.join(src, ".github/workflows/*.yml")))
validate(bindir, "actionlint", ["-no-color", "-oneline"] + workflows, "the workflows")
for path in workflows:
    validate(bindir, "check-jsonschema", ["--builtin-schema", "vendor.github-workflows", path],
             os.path.relpath(path, src))
tmp = tempfile.mkdtemp(prefix="argsplit-workflows-")
try:
    if m:
        gitlab = os.path.join(tmp, "gitlab-ci.yml")
        open(gitlab, "w").write(m.group(1))
        validate(bindir, "check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", gitlab],
                 "docs/CONFORMANCE.md's GitLab file")
        broken = os.path.join(tmp, "gitlab-broken.yml")
        open(broken, "w").write(m.group(1).replace("when: always", "when: sometimes", 1))
        validate(bindir, "check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", broken],
                 "artifacts when: sometimes", want_ok=False)
    # controls: each validator rejects what it is there to catch
    first = open(workflows[0]).read()
    controls = [
        ("actionlint", "a node20 action", first.replace("actions/checkout@v6", "actions/checkout@v4")),
        ("actionlint", "an unquoted variable in run: (shellcheck)",
         first.replace("run: bash scripts/bootstrap", "run: bash scripts/bootstrap $ARGSPLIT_GATE_SUBJECTS")),
        ("actionlint", "an unknown input of upload-artifact", first.replace("if-no-files-found:", "if-no-file-found:")),
        ("check-jsonschema", "runs-on as a number", first.replace("runs-on: ubuntu-24.04", "runs-on: 24")),
    ]
    for i, (tool, what, text) in enumerate(controls):
        check(text != first, "control %r does not apply to %s" % (what, workflows[0]))
        d = os.path.join(tmp, "c%d" % i, ".github", "workflows")
        os.makedirs(d)
        path = os.path.join(d, "w.yml")
        open(path, "w").write(text)
        args = ["-no-color", path] if tool == "actionlint" else ["--builtin-schema", "vendor.github-workflows", path]
        validate(bindir, tool, args, what, want_ok=False)
finally:
    shutil.rmtree(tmp)
versions = [subprocess.run([os.path.join(bindir, t), v], stdout=subprocess.PIPE, universal_newlines=True)
            .stdout.strip().split("\n")[0] for t, v in (("actionlint", "-version"), ("check-jsonschema", "--version"))]
shellcheck = subprocess.run(["shellcheck", "--version"], stdout=subprocess.PIPE, universal_newlines=True).stdout
print("validators: actionlint %s, %s, shellcheck %s" % (versions[0], versions[1],
                                                        re.search(r"version: (\S+)", shellcheck).group(1)))

for f in fails:
    print("FAIL:", f)
print("workflows: %d workflow files, %d problem(s)" % (len(wfs), len(fails)))
sys.exit(1 if fails else 0)
