#!/bin/sh
# fuzz_import_test.sh ARGSPLIT FUZZ_DIFFERENTIAL_REPLAY — `argsplit
# import-findings`: decoded fuzz inputs become classes (shrunk); a fresh
# database gets one "N root causes" line, later new root causes exit 1 and
# are printed once each; a second import of the same lines adds nothing new
# (exit 0), crashes get a fuzz-crash class, stats land in the store, and a
# bad line is exit 2.
set -u
bin=$1 replay=$2
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# A case every jit version decorates differently from the reference.
printf '\3763.11 jax.jit\n(a, b, /, c=1)\nstatic_argnames=(\047a\047,)\n(1, 2)\n' >"$tmp/in1"
ARGSPLIT_FUZZ_DECODE=1 "$replay" "$tmp/in1" | grep '^{' | sed 's/^{/{"kind":"case","target":"fuzz_differential",/' >"$tmp/lines"
grep -q '"signature":"(a, b, /, c=1)"' "$tmp/lines" || fail "decode: $(cat "$tmp/lines")"
echo '{"kind":"crash","target":"fuzz_spec","reason":"asan: heap-buffer-overflow in as_spec_parse","input":"crash-1","text":"x=("}' >>"$tmp/lines"
echo '{"kind":"stat","target":"fuzz_differential","engine":"libfuzzer","execs_per_sec":1234,"coverage":777}' >>"$tmp/lines"
# Into a fresh database: one summary line, nothing counted as new.
grep '"crash"' "$tmp/lines" >"$tmp/crash"
"$bin" import-findings --db "$tmp/a.db" "$tmp/crash" >"$tmp/out0" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "fresh import exit $rc: $(cat "$tmp/out0")"
grep -q '^1 root cause (fresh database)$' "$tmp/out0" || fail "fresh summary: $(cat "$tmp/out0")"
grep -q '^new: ' "$tmp/out0" && fail "new lines on a fresh database: $(cat "$tmp/out0")"
# Then the rest: one "new:" line per new root cause (the crash is not new).
"$bin" import-findings --db "$tmp/a.db" "$tmp/lines" >"$tmp/out1" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "first import exit $rc: $(cat "$tmp/out1")"
grep -q '^new: fuzz_spec' "$tmp/out1" && fail "known crash printed as new: $(cat "$tmp/out1")"
grep -q '^new: jax.jit/pjit | ' "$tmp/out1" || fail "no jit root cause: $(cat "$tmp/out1")"
[ "$(grep -c '^new: ' "$tmp/out1")" -eq "$(sort -u "$tmp/out1" | grep -c '^new: ')" ] || fail "a root cause printed twice"
"$bin" import-findings --db "$tmp/a.db" --engine afl "$tmp/lines" >"$tmp/out2" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "second import exit $rc: $(cat "$tmp/out2")"
grep -q ', 0 new classes' "$tmp/out2" || fail "second import: $(cat "$tmp/out2")"
"$bin" triage --db "$tmp/a.db" --classes --json >"$tmp/triage.json" || fail "triage"
PY=$(python3 -c 'import sys; print(sys.executable)')
"$PY" - "$tmp/triage.json" "$tmp/a.db" <<'PYEOF' || exit 1
import json, sqlite3, sys
classes = json.load(open(sys.argv[1]))
keys = {c["key"]: c for c in classes}
crash = keys.get("fuzz_spec|fuzz-crash|asan: heap-buffer-overflow in as_spec_parse")
assert crash and crash["count"] == 3, crash
jit = [c for c in classes if c["key"].startswith("jax.jit@")]
assert jit, "no jit class"
# Shrunk reproducers are no larger than the imported case.
for c in jit:
    r = c["reproducer"]
    assert len(r["signature"]) <= len("(a, b, /, c=1)"), r
db = sqlite3.connect(sys.argv[2])
tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
stat_table = [t for t in tables if "fuzz" in t]
assert stat_table, tables
rows = db.execute("select * from %s" % stat_table[0]).fetchall()
assert len(rows) == 2, rows
print("import ok: %d classes, %d stat rows" % (len(classes), len(rows)))
PYEOF
# a root cause's id (triage's first column) replays its reproducer
id=$("$bin" triage --db "$tmp/a.db" | grep -Eo '^[0-9a-f]{8}  ' | head -1 | tr -d ' ')
[ -n "$id" ] || fail "no root cause id in triage"
"$bin" replay --db "$tmp/a.db" "$id" >"$tmp/replay" 2>&1 || fail "replay $id: $(cat "$tmp/replay")"
grep -q '^def f' "$tmp/replay" || fail "replay $id: $(cat "$tmp/replay")"
echo '{"kind":"nonsense"}' | "$bin" import-findings --db "$tmp/a.db" - >"$tmp/out3" 2>&1
[ $? -eq 2 ] || fail "bad line not exit 2: $(cat "$tmp/out3")"
echo ok
