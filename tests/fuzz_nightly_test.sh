#!/bin/sh
# fuzz_nightly_test.sh — scripts/nightly end to end, briefly: two targets on
# both engines into a temporary store, corpus untouched (--no-merge); the
# store then holds fuzz stats for both engines with nonzero execs/s, and the
# verdict is consistent: exit 1 exactly when new classes are printed (what
# fuzz_differential finds beyond the known keys in 15 s varies), 0 otherwise;
# each engine's import read every line written for it; a crashing run
# exits 3 and stores the crash class.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/nightly" --minutes 1 --jobs 1 \
    --targets fuzz_differential,fuzz_spec --db "$tmp/n.db" --no-merge --no-cov \
    --work "$tmp/work" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
case $rc in
1) grep -q '^new: ' "$tmp/out" || { echo "FAIL: exit 1 without a new class printed"; exit 1; } ;;
0) grep -q '^new: ' "$tmp/out" && { echo "FAIL: new classes printed but exit 0"; exit 1; }
   grep -q 'nothing new' "$tmp/out" || { echo "FAIL: no verdict line"; exit 1; } ;;
*) echo "FAIL: exit $rc"; exit 1 ;;
esac
# The first engine's import reads its file while the fuzzing goes on: it
# must have read every line of it, no more, no fewer.
for e in libfuzzer afl; do
    want=$(wc -l <"$tmp/work/$e.jsonl" | tr -d ' ')
    got=$(sed -n 's/^\([0-9]*\) lines, .*/\1/p' "$tmp/work/import-$e.log")
    [ "$want" = "$got" ] || { echo "FAIL: $e: $want lines written, import read ${got:-none}"; exit 1; }
done
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
# A crash (here: every differential finding aborts, ARGSPLIT_FUZZ_ALL=1, on
# inputs that hold NUL bytes) is imported as a crash class and the run
# exits 3, not 1: a crash that stays is never "nothing new"; each crash line
# names an input file that is still there.
ARGSPLIT_FUZZ_ALL=1 "$root/scripts/nightly" --minutes 1 --jobs 1 --engines libfuzzer \
    --targets fuzz_differential --db "$tmp/c.db" --no-merge --no-cov --work "$tmp/cwork" >"$tmp/cout" 2>&1
rc=$?
[ $rc -eq 3 ] || { cat "$tmp/cout"; echo "FAIL: a crashing run exited $rc, not 3"; exit 1; }
# every crash is named with its reason and its input, which stays
grep ' crashed: ' "$tmp/cout" >"$tmp/crashed" || { cat "$tmp/cout"; echo "FAIL: no 'crashed:' line"; exit 1; }
while read -r line; do
    f=$(echo "$line" | sed -n 's/.* crashed: .* (\(.*\))$/\1/p')
    [ -n "$f" ] && [ -f "$f" ] || { echo "FAIL: crash input not kept: $line"; exit 1; }
done <"$tmp/crashed"
"$PY" - "$tmp/c.db" <<'PYEOF'
import sqlite3, sys
keys = [r[0] for r in sqlite3.connect(sys.argv[1]).execute("select key from classes")]
assert any("|fuzz-crash|" in k for k in keys), keys
print("nightly crash ok:", [k for k in keys if "|fuzz-crash|" in k])
PYEOF
