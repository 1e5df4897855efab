#!/usr/bin/env bash
# formats_test.sh ARGSPLIT SOURCE_DIR — the gate's machine formats validate:
# SARIF 2.1.0 against the official OASIS schema (tests/formats/sarif-schema.sh,
# Debian's python3-jsonschema) with URI formats checked, one stable
# partialFingerprint per case and subject, ruleIds that are REFERENCE.md
# rules, repository-relative URIs; JUnit with only the attributes of the
# Jenkins schema (junit-10.xsd) and GitLab's reader, time on every element.
set -uo pipefail
BIN=$(realpath "$1")
SRC=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SCHEMA=$(bash "$SRC/tests/formats/sarif-schema.sh") || { echo "FAIL: the SARIF 2.1.0 schema is unavailable"; exit 1; }
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "FAIL: Debian's python3-jsonschema is not installed (scripts/bootstrap installs it)"; exit 1; }

# Failures of every kind: no expectations (regressions), and a case outside
# the repository (an absolute path) that must not leak into the URIs.
mkdir -p "$T/noexp" "$T/repo/cases"
cp -r "$SRC/conformance/cases/." "$T/repo/cases/"
cd "$T/repo" || exit 1
run_check() {   # run_check OUT_PREFIX ARGS...
    local p=$1; shift
    "$BIN" check "$@" --junit "$T/$p.xml" --sarif "$T/$p.sarif" --json "$T/$p.json" >"$T/$p.out" 2>&1
    echo $? >"$T/$p.rc"
}
run_check a --cases "$T/repo/cases" --expectations "$T/noexp" --subject jax.jit,equinox.filter_jit
run_check b --cases cases --expectations "$T/noexp" --subject equinox.filter_jit --subject jax.jit
run_check pass --cases "$SRC/conformance/cases" --expectations "$SRC/conformance/expectations" --subject jax.jit
ARGSPLIT_SARIF_ROOT=/nonexistent-root run_check out --cases "$T/repo/cases" --expectations "$T/noexp" --subject jax.pmap

/usr/bin/python3 - "$T" "$SCHEMA" "$SRC/conformance/REFERENCE.md" "$SRC/tests/formats" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
T, schema_path, reference = sys.argv[1:4]
sys.path.insert(0, sys.argv[4])
import sarif_validate
fails = []
def check(cond, msg):
    if not cond:
        fails.append(msg)

validator = sarif_validate.validator(schema_path)

headings = dict(re.findall(r"^## (R\d+)\. `?([^`(\n]+?)`?(?: \(decided here\))?$", open(reference).read(), re.M))
check(len(headings) >= 11, f"REFERENCE.md headings: {headings}")

def sarif(prefix, want_rc, inside=True):
    rc = int(open(f"{T}/{prefix}.rc").read())
    check(rc == want_rc, f"{prefix}: exit {rc}, want {want_rc}")
    d = json.load(open(f"{T}/{prefix}.sarif"))
    errs = sarif_validate.problems(validator, d)
    check(not errs, f"{prefix}: not valid SARIF 2.1.0: " + "; ".join(errs))
    run = d["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        if r["id"] == "reference":   # the policy as a whole: "the reference never warns"
            check({x["properties"]["tag"] for x in run["results"] if x["ruleId"] == "reference"} == {"warning"},
                  f"{prefix}: results without a numbered rule that are not warnings")
            continue
        check(r["id"] in headings, f"{prefix}: ruleId {r['id']} is not a REFERENCE.md rule")
        check(headings.get(r["id"], "").strip() == r["name"], f"{prefix}: rule {r['id']} name {r['name']!r} vs heading {headings.get(r['id'])!r}")
        home = run["tool"]["driver"]["informationUri"]   # -DARGSPLIT_HOMEPAGE
        check(re.match(r"^https?://", home) and r["helpUri"] == home + "/blob/main/conformance/REFERENCE.md",
              f"{prefix}: helpUri {r['helpUri']} is not REFERENCE.md on the home page {home}")
    fps = {}
    for res in run["results"]:
        fp = res["partialFingerprints"]["argsplitCaseSubject/v1"]
        key = (res["properties"]["case"], res["properties"]["subject"])
        check(fps.setdefault(fp, key) == key, f"{prefix}: fingerprint {fp} shared by {fps[fp]} and {key}")
        loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
        if inside:
            check(not loc["uri"].startswith("/") and "/tmp" not in loc["uri"], f"{prefix}: URI {loc}")
    return run, {(r["properties"]["case"], r["properties"]["subject"]): r["partialFingerprints"]["argsplitCaseSubject/v1"]
                 for r in run["results"]}

run_a, fp_a = sarif("a", 1)
run_b, fp_b = sarif("b", 1)
check(len(run_a["results"]) > 10, f"a: only {len(run_a['results'])} results")
check(fp_a == fp_b, "fingerprints change with the path given or the subject order")
check(all(r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") == "%SRCROOT%"
          and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("cases/")
          for r in run_a["results"]), "a: cases in the current directory are not %SRCROOT%-relative")
check(len({r["ruleId"] for r in run_a["results"]}) > 1, "a: every result has one rule")
run_p, _ = sarif("pass", 0)
check(run_p["results"] == [], "pass: results in a passing gate")
run_o, _ = sarif("out", 1, inside=False)
check(all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
          for r in run_o["results"]), "out: a case outside every root is not an absolute file: URI")

# JUnit: the attributes of Jenkins' junit-10.xsd (a subset GitLab reads too).
allowed = {
    "testsuites": {"name", "time", "tests", "failures", "disabled", "errors"},
    "testsuite": {"name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp",
                  "hostname", "id", "package"},
    "testcase": {"name", "assertions", "time", "classname", "status"},
    "failure": {"message", "type"}, "error": {"message", "type"}, "skipped": {"message"},
    "system-out": set(), "system-err": set(), "properties": set(), "property": {"name", "value"},
}
order = ["skipped", "error", "failure", "system-out", "system-err"]
for prefix in ("a", "pass"):
    root = ET.parse(f"{T}/{prefix}.xml").getroot()
    check(root.tag == "testsuites", f"{prefix}: root {root.tag}")
    n = 0
    for el in root.iter():
        check(el.tag in allowed, f"{prefix}: element <{el.tag}>")
        extra = set(el.attrib) - allowed.get(el.tag, set())
        check(not extra, f"{prefix}: <{el.tag}> has unknown attributes {extra}")
        if el.tag in ("testsuites", "testsuite", "testcase"):
            check(re.match(r"^\d+(\.\d+)?$", el.get("time", "")), f"{prefix}: <{el.tag} name={el.get('name')}> time={el.get('time')}")
        if el.tag == "testcase":
            n += 1
            kids = [k.tag for k in el]
            check(kids == sorted(kids, key=order.index), f"{prefix}: testcase children out of order {kids}")
    check(n > 0, f"{prefix}: no testcases")
    m = json.load(open(f"{T}/{prefix}.json"))
    check(len(root.findall("testsuite/testcase/failure")) == m["summary"]["failed"], f"{prefix}: failure count")

for f in fails[:20]:
    print("FAIL:", f)
print(f"formats: {len(fails)} problem(s); SARIF results a={len(run_a['results'])}, JUnit ok" if not fails else "")
sys.exit(1 if fails else 0)
PY
