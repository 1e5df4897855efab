#!/usr/bin/env bash
# rootcause_table_test.sh ARGSPLIT SOURCE_DIR — docs/ROOTCAUSES.md is the
# evidence that no root cause merges distinct behaviours: one line per root
# cause of its seeded campaign on why it is its own (no two the same).  The campaign it names
# (all subjects, seed 42, 200,000 cases) must give exactly the root causes
# the table lists (by id, each with a reason) and the counts it states.
# A change that adds, splits or merges root causes re-measures and updates
# the table (a line of reason for each new one).
set -u
BIN=$1
SRC=$2
DOC=$SRC/docs/ROOTCAUSES.md
T=$(mktemp -d /tmp/argsplit_rctable.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$DOC" ] || fail "no $DOC"
"$BIN" fuzz --db "$T/run.db" --subject all --seed 42 --cases 200000 --quiet > "$T/fuzz.out" 2> "$T/fuzz.err" ||
    [ $? = 1 ] || fail "fuzz failed: $(cat "$T/fuzz.err")"
"$BIN" triage --db "$T/run.db" --limit 0 --json > "$T/causes.json" || fail "triage failed"
python3 - "$T/causes.json" "$T/fuzz.out" "$DOC" <<'PY' || exit 1
import json, re, sys
causes = json.load(open(sys.argv[1]))
summary = open(sys.argv[2]).read()
doc = open(sys.argv[3], encoding="utf-8").read()
errors = []
m = re.search(r"(\d+) discrepancy classes .*?, (\d+) root causes", summary)
classes, n = int(m.group(1)), int(m.group(2))
stated = re.search(r"stores \*\*([\d,]+) classes in (\d+) root causes\*\*", doc)
if not stated:
    errors.append("the doc states no '**N classes in M root causes**'")
elif (int(stated.group(1).replace(",", "")), int(stated.group(2))) != (classes, n):
    errors.append("the doc states %s classes / %s root causes, the run gives %d / %d"
                  % (stated.group(1), stated.group(2), classes, n))
rows = {}
for line in doc.splitlines():
    r = re.match(r"^\| `([0-9a-f]{8})` \| .* \| ([^|]*[^|\s][^|]*) \|$", line)
    if r:
        rows[r.group(1)] = r.group(2).strip()
run = {c["id"]: c["key"] for c in causes}
for i, key in sorted(run.items(), key=lambda kv: kv[1]):
    if i not in rows:
        errors.append("root cause %s (%s) has no line in the table" % (i, key))
    elif rows[i] in ("", "?"):
        errors.append("root cause %s (%s) has no reason" % (i, key))
seen = {}
for i, reason in sorted(rows.items()):
    if reason in seen:
        errors.append("root causes %s and %s give the same reason: each says why it is its own" % (seen[reason], i))
    seen.setdefault(reason, i)
for i in sorted(set(rows) - set(run)):
    errors.append("the table lists %s, which the run does not find" % i)
if errors:
    print("\n".join("FAIL: " + e for e in errors), file=sys.stderr)
    sys.exit(1)
print("ok: %d root causes, each with a line in docs/ROOTCAUSES.md" % n)
PY
