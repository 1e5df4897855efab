#!/bin/sh
# fuzz_nightly_test.sh — scripts/nightly end to end, briefly: two targets on
# both engines into a temporary store, corpus untouched (--no-merge); the
# store then holds fuzz stats for both engines, and exit status 1 comes with
# printed new classes (fuzz_differential finds keys not yet known when the
# known list is empty).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.known"
ARGSPLIT_FUZZ_KNOWN="$tmp/empty.known" "$root/scripts/nightly" --minutes 1 --jobs 1 \
    --targets fuzz_differential,fuzz_spec --db "$tmp/n.db" --no-merge --no-cov \
    --work "$tmp/work" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc -eq 1 ] || { echo "FAIL: expected exit 1, got $rc"; exit 1; }
grep -q '^new: ' "$tmp/out" || { echo "FAIL: no new class printed"; exit 1; }
PY=$(python3 -c 'import sys; print(sys.executable)')
"$PY" - "$tmp/n.db" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
t = [r[0] for r in db.execute("select name from sqlite_master where type='table'") if "fuzz" in r[0]][0]
cols = [r[1] for r in db.execute("pragma table_info(%s)" % t)]
rows = [dict(zip(cols, r)) for r in db.execute("select * from %s" % t)]
engines = {r["engine"] for r in rows}
assert engines == {"libfuzzer", "afl"}, rows
assert all(r["execs_per_sec"] > 0 for r in rows), rows
print("nightly ok:", rows)
PYEOF
