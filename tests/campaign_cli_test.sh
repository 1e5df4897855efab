#!/usr/bin/env bash
# campaign_cli_test.sh ARGSPLIT — see campaign.cmake.
set -u
BIN=$1
T=$(mktemp -d /tmp/argsplit_campaign_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect STATUS CMD...: run, keep stdout/stderr in $T/out $T/err
expect() {
    local want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    [ "$got" = "$want" ] || fail "exit $got (want $want): $* :: $(head -c 300 "$T/err")"
}

# classes as sorted "key=count" lines
classes() {
    "$BIN" triage --db "$1" --classes --json | python3 -c '
import json, sys
for c in sorted(json.load(sys.stdin), key=lambda c: c["key"]):
    print("%s=%d" % (c["key"], c["count"]))'
}

SUMMARY='^[0-9]+ cases, [0-9]+ discrepancy classes \([0-9]+ new\), [0-9]+ root causes? \([0-9]+ new\)$'

# --- a run, its summary, and a second run finding nothing new -------------
expect 0 "$BIN" fuzz --db "$T/a.db" --seed 5 --cases 3000 --subjects jax.jit
grep -Eq "$SUMMARY" "$T/out" || fail "summary line: $(cat "$T/out")"
grep -q '^3000 cases' "$T/out" || fail "case count: $(cat "$T/out")"
grep -q 'seed 5' "$T/err" || fail "seed not printed: $(cat "$T/err")"
grep -q ' 0 discrepancy classes' "$T/out" && fail "jax.jit vs the reference gave no class"
expect 0 "$BIN" fuzz --db "$T/a.db" --seed 5 --cases 3000 --subjects jax.jit --fail-on-new
grep -q '(0 new), [0-9]* root causes\{0,1\} (0 new)$' "$T/out" || fail "a repeated run found new classes: $(cat "$T/out")"
expect 1 "$BIN" fuzz --db "$T/b.db" --seed 5 --cases 3000 --subjects jax.jit --fail-on-new
grep -Eq "$SUMMARY" "$T/out" || fail "summary with --fail-on-new: $(cat "$T/out")"

# --- bad input -------------------------------------------------------------
expect 2 "$BIN" fuzz --db "$T/c.db" --shard 2/2
expect 2 "$BIN" fuzz --db "$T/c.db" --subjects no.such.subject
expect 2 "$BIN" fuzz --db "$T/c.db" --cases lots
expect 2 "$BIN" fuzz --db "$T/c.db" --weights nosuch=3
expect 2 "$BIN" fuzz --db "$T/c.db" --python 2.7
expect 2 "$BIN" fuzz --db "$T/c.db" --cases 5 --time 5
expect 2 "$BIN" fuzz --db "$T/c.db" --bogus
echo "not a database, just text" >"$T/foreign.db"
expect 2 "$BIN" fuzz --db "$T/foreign.db" --cases 10
expect 2 "$BIN" enumerate --db "$T/c.db" --max-params 99

# --- kill -9, then --resume: same classes and counts as one run -----------
N=400000
"$BIN" fuzz --db "$T/killed.db" --seed 7 --cases $N --subjects jax.jit,jax.pmap,jax.grad --quiet \
    >"$T/k.out" 2>"$T/k.err" &
pid=$!
# kill as soon as some progress is committed (at most 60 s), mid-batch
progress() {
    python3 -c '
import sqlite3, sys
try:
    r = sqlite3.connect(sys.argv[1], timeout=0.2).execute("SELECT max(next_case) FROM runs").fetchone()
    print(r[0] or 0)
except Exception:
    print(0)' "$T/killed.db"
}
for _ in $(seq 1 240); do
    [ "$(progress)" -gt 0 ] && break
    sleep 0.25
done
sleep 0.3
kill -9 $pid 2>/dev/null && killed=1 || killed=0
wait $pid 2>/dev/null
[ "$killed" = 1 ] || fail "the run ended before kill -9 (make N bigger)"
ok=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$T/killed.db")
[ "$ok" = ok ] || fail "integrity_check after kill -9: $ok"
expect 0 "$BIN" fuzz --db "$T/killed.db" --resume --quiet
grep -Eq "$SUMMARY" "$T/out" || fail "resume summary: $(cat "$T/out")"
done_first=$(python3 -c '
import re, sys
print(int(re.match(r"(\d+) cases", open(sys.argv[1]).read()).group(1)))' "$T/out")
[ "$done_first" -lt $N ] && [ "$done_first" -gt 0 ] || fail "resume did $done_first cases"
expect 0 "$BIN" fuzz --db "$T/whole.db" --seed 7 --cases $N --subjects jax.jit,jax.pmap,jax.grad --quiet
classes "$T/whole.db" >"$T/whole.txt"
classes "$T/killed.db" >"$T/killed.txt"
[ -s "$T/whole.txt" ] || fail "no classes in the uninterrupted run"
cmp -s "$T/whole.txt" "$T/killed.txt" || fail "kill -9 + resume differs from one run: $(diff "$T/whole.txt" "$T/killed.txt" | head -5)"

# --- --jobs and --shard + merge agree with one run ---------------------------
M=20000
expect 0 "$BIN" fuzz --db "$T/one.db" --seed 9 --cases $M --quiet
expect 0 "$BIN" fuzz --db "$T/jobs.db" --seed 9 --cases $M --jobs 2 --quiet
expect 0 "$BIN" fuzz --db "$T/s0.db" --seed 9 --cases $((M / 2)) --shard 0/2 --quiet
expect 0 "$BIN" fuzz --db "$T/s1.db" --seed 9 --cases $((M / 2)) --shard 1/2 --quiet
expect 0 "$BIN" merge "$T/s0.db" "$T/s1.db"
classes "$T/one.db" >"$T/one.txt"
classes "$T/jobs.db" >"$T/jobs.txt"
cmp -s "$T/one.txt" "$T/jobs.txt" || fail "--jobs 2 differs: $(diff "$T/one.txt" "$T/jobs.txt" | head -5)"
classes "$T/s0.db" >"$T/shards.txt"
cmp -s "$T/one.txt" "$T/shards.txt" || fail "shards + merge differ: $(diff "$T/one.txt" "$T/shards.txt" | head -5)"

# --- enumerate prints its count first --------------------------------------
expect 0 "$BIN" enumerate --db "$T/e.db" --max-params 2 --max-spec 1 --subjects jax.jit
first=$(head -1 "$T/out")
last=$(tail -1 "$T/out")
echo "$first" | grep -Eq '^[0-9]+ cases to enumerate$' || fail "enumerate count line: $first"
echo "$last" | grep -Eq "$SUMMARY" || fail "enumerate summary: $last"
[ "${first%% *}" = "${last%% *}" ] || fail "enumerated ${last%% *} of ${first%% *} cases"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "campaign_cli: all passed"
