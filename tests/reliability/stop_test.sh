#!/usr/bin/env bash
# stop_test.sh ARGSPLIT — a campaign stops promptly and leaves no process
# behind (issue 16, item 4): SIGTERM with a subject that never answers ends
# the campaign at once — the wait for the case in flight is interrupted,
# well before the subject's 120 s timeout (it used to take up to ~85
# minutes, then up to twice the timeout) — and kills and reaps the subject
# and everything it started, including a grandchild that called setsid;
# SIGKILL of argsplit takes the subject with it.  An interrupted campaign
# exits 128 + the signal (143 SIGTERM, 130 SIGINT), says so in one line,
# keeps what it did (run "killed") and --resume finishes it exactly.
# `check` and `split --jsonl` stop the same way: within one case, subjects
# killed and reaped, 130/143; check writes nothing (no part of a result
# file or of the expectations), split --jsonl keeps every line it wrote.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
cd "$TMP" || exit 1
PY=${ARGSPLIT_PYTHON:-python3}
command -v "$PY" >/dev/null || { echo "FAIL: $PY is not installed"; exit 1; }

# wait_pids FILE: the pids subject.py wrote (itself, child, setsid'd child)
wait_pids() {
    for _ in $(seq 600); do
        [ -s "$1" ] && { cat "$1"; return 0; }
        sleep 0.1
    done
    return 1
}
all_gone() {
    local p
    for _ in $(seq 100); do
        local alive=0
        for p in "$@"; do
            [ -d /proc/$p ] && [ "$(awk '{print $3}' /proc/$p/stat 2>/dev/null)" != Z ] && alive=1
        done
        [ $alive = 0 ] && return 0
        sleep 0.1
    done
    return 1
}

cat >subjects.toml <<TOML
[subject.hang]
command = "$PY $HERE/subject.py $TMP/hang.pids --hang"
timeout_ms = 120000

[subject.answers]
command = "$PY $HERE/subject.py $TMP/answers.pids"
TOML
export ARGSPLIT_SUBJECTS=$TMP/subjects.toml

# stop_hanging NAME SIGNAL CMD...: start CMD (standard input $STDIN, else
# /dev/null) with the subject `hang`, send SIGNAL a second after the subject
# started, and check what every command owes a stop: exit 128 + SIGNAL
# within a minute — not a timing test: waiting for the subject would take
# 120 s (twice, with the retry) — and every process of the subject killed
# and reaped, including the grandchild that called setsid.  NAME.err holds
# the command's stderr.
stop_hanging() {
    local name=$1 sig=$2 pid t0 want
    shift 2
    rm -f hang.pids
    "$@" <"${STDIN:-/dev/null}" >"$name.out" 2>"$name.err" &
    pid=$!
    pids=$(wait_pids hang.pids) || fail "$name: the subject did not start [$(cat "$name.err")]"
    sleep 1
    t0=$(date +%s)
    kill -"$sig" $pid
    wait $pid
    rc=$?
    want=$((128 + $(kill -l "$sig")))
    [ $rc = $want ] || fail "$name: exit $rc after SIG$sig, want $want [$(cat "$name.err")]"
    echo "$name: SIG$sig answered in $(($(date +%s) - t0)) s"
    [ $(($(date +%s) - t0)) -le 60 ] || fail "$name: SIG$sig took too long: the wait for the subject was not interrupted"
    pids="$pids $(cat hang.pids)"   # a restarted subject wrote new ones
    # shellcheck disable=SC2086
    all_gone $pids || fail "$name: subject processes survived: $(for p in $pids; do [ -d /proc/$p ] && echo -n "$p "; done)"
}

# --- SIGTERM while the subject hangs -----------------------------------------------
stop_hanging hang TERM "$BIN" fuzz --db hang.db --seed 1 --cases 1000000 --subject hang --no-shrink --quiet
grep -q "^argsplit fuzz: stopped by SIGTERM after 0 cases; the run is stored as killed: continue it with --resume$" hang.err \
    || fail "hang: no stop line [$(cat hang.err)]"
[ "$(sqlite3 hang.db 'SELECT status FROM runs')" = killed ] || fail "hang: run not recorded as killed"

# --- SIGKILL of argsplit takes the subject with it ------------------------------------
"$BIN" fuzz --db kill.db --seed 2 --cases 1000000 --subject answers --no-shrink --quiet >/dev/null 2>kill.err &
pid=$!
pids=$(wait_pids answers.pids) || fail "kill: the subject did not start [$(cat kill.err)]"
sleep 1
kill -KILL $pid
wait $pid 2>/dev/null
set -- $pids
all_gone "$1" || fail "kill: the subject $1 survived SIGKILL of argsplit"
kill -KILL $pids 2>/dev/null   # its own children are beyond reach (no cgroup): tidy up

# --- without external subjects: stopped within one case, resumable exactly ----------
# (SIGTERM once the run is recorded, 0.3 s in: a fixed sleep let a fast
# machine finish the campaign before the signal)
"$BIN" fuzz --db whole.db --seed 3 --cases 200000 --jobs 2 --quiet >/dev/null 2>&1 || fail "whole run"
"$BIN" fuzz --db part.db --seed 3 --cases 200000 --jobs 2 --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
    [ -n "$(sqlite3 part.db 'SELECT status FROM runs' 2>/dev/null)" ] && break
    sleep 0.05
done
sleep 0.3
kill -0 $pid 2>/dev/null || fail "SIGTERM: the campaign ended before the signal"
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 143 ] || fail "SIGTERM: exit $rc, want 143"
[ "$(sqlite3 part.db 'SELECT status FROM runs')" = killed ] || fail "SIGTERM: run not recorded as killed"
"$BIN" fuzz --db part.db --resume --quiet >/dev/null 2>&1 || fail "resume after SIGTERM"
q="SELECT key, hit_count FROM classes ORDER BY key"
[ "$(sqlite3 whole.db "$q" | md5sum)" = "$(sqlite3 part.db "$q" | md5sum)" ] || fail "SIGTERM + resume: classes differ from an uninterrupted run"
[ "$(sqlite3 part.db 'SELECT cases, findings FROM runs')" = "$(sqlite3 whole.db 'SELECT cases, findings FROM runs')" ] \
    || fail "SIGTERM + resume: counts $(sqlite3 part.db 'SELECT cases, findings FROM runs') vs $(sqlite3 whole.db 'SELECT cases, findings FROM runs')"

# --- SIGINT: 130, the same record ----------------------------------------------------
"$BIN" fuzz --db int.db --seed 4 --cases 1000000 --quiet >int.out 2>int.err &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
rc=$?
[ $rc = 130 ] || fail "SIGINT: exit $rc, want 130 [$(cat int.err)]"
grep -Eq "^argsplit fuzz: stopped by SIGINT after [0-9]+ cases; the run is stored as killed: continue it with --resume$" int.err \
    || fail "SIGINT: no stop line [$(cat int.err)]"
grep -Eq "^[0-9]+ cases, " int.out || fail "SIGINT: no summary of what was stored [$(cat int.out)]"
[ "$(sqlite3 int.db 'SELECT status FROM runs')" = killed ] || fail "SIGINT: run not recorded as killed"

# --- check: SIGTERM while the subject hangs; nothing written ------------------------
mkdir exp && printf '[jax.jit]\n' >exp/jax.jit.txt && echo old >junit.xml
before=$(cat exp/* junit.xml | md5sum)
stop_hanging check TERM "$BIN" check --subject hang --expectations exp --junit junit.xml --update-expectations
grep -Eq "^argsplit check: stopped by SIGTERM after [0-9]+ of [0-9]+ cases; no results or expectations written$" check.err \
    || fail "check: no stop line [$(cat check.err)]"
[ "$(ls exp)" = jax.jit.txt ] && [ "$(cat exp/* junit.xml | md5sum)" = "$before" ] \
    || fail "check: a stopped run changed its outputs: $(ls exp) $(cat junit.xml)"

# --- check: SIGINT, 130 ---------------------------------------------------------------
stop_hanging check2 INT "$BIN" check --subject hang
grep -Eq "^argsplit check: stopped by SIGINT after [0-9]+ of [0-9]+ cases" check2.err || fail "check SIGINT: no stop line [$(cat check2.err)]"
[ ! -s check2.out ] || fail "check SIGINT: a summary of a part was printed [$(cat check2.out)]"

# --- split --jsonl: SIGTERM while the subject hangs ----------------------------------
req='{"subject": "%s", "signature": "(a, b)", "spec": "static_argnums=(0,)", "call": null}\n'
mkfifo in.fifo
exec 3<>in.fifo   # held open: argsplit's read blocks rather than seeing the end
# shellcheck disable=SC2059
printf "$req" hang >&3
STDIN=in.fifo stop_hanging split TERM "$BIN" split --jsonl
grep -q "^argsplit split: stopped by SIGTERM after 0 requests answered; the output so far is complete lines$" split.err \
    || fail "split: no stop line [$(cat split.err)]"
[ ! -s split.out ] || fail "split: an answer was made up for the interrupted request [$(cat split.out)]"
exec 3>&-

# --- split --jsonl: SIGINT while waiting for input; every answer kept ------------------
rm -f answers.pids
exec 3<>in.fifo
"$BIN" split --jsonl <in.fifo >split2.out 2>split2.err &
pid=$!
# shellcheck disable=SC2059
printf "$req$req" answers reference >&3
for _ in $(seq 300); do [ "$(wc -l <split2.out)" = 2 ] && break; sleep 0.1; done
kill -INT $pid
wait $pid
rc=$?
[ $rc = 130 ] || fail "split SIGINT: exit $rc, want 130 [$(cat split2.err)]"
grep -q "^argsplit split: stopped by SIGINT after 2 requests answered" split2.err || fail "split SIGINT: no stop line [$(cat split2.err)]"
[ "$(wc -l <split2.out)" = 2 ] && python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' split2.out \
    || fail "split SIGINT: answers lost or cut [$(cat split2.out)]"
set -- $(cat answers.pids)
all_gone "$1" || fail "split SIGINT: the subject $1 survived"
kill -KILL $(cat answers.pids) 2>/dev/null
exec 3>&-

finish
