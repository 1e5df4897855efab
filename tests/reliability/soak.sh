#!/usr/bin/env bash
# soak.sh ARGSPLIT MINUTES [SEED] — fuzz campaigns interrupted at random
# (SIGKILL, SIGTERM, a full disk via ulimit -f) and resumed, each compared
# with an uninterrupted run of the same seed: the same classes with the same
# hit counts, the same case, finding and new-class counts, and a file that
# passes `argsplit check-db` after every interruption (issue 16, item 6).
# MINUTES of campaigns (the last one always completes); prints a summary.
# ctest: reliability_soak_short (1 minute, default suite), reliability_soak
# (30 minutes, -DARGSPLIT_SLOW_TESTS=ON, label slow); the nightly workflow
# (.github/workflows/nightly.yml) runs the 30 minutes every night.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
MINUTES=${2:?usage: soak.sh ARGSPLIT MINUTES [SEED]}
SEED=${3:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
cd "$TMP" || exit 1
echo "soak: seed $SEED, $MINUTES minute(s)"

cases=$(( MINUTES >= 10 ? 150000 : 20000 ))
deadline=$(( $(date +%s) + MINUTES * 60 ))
campaigns=0 cycles=0 kills=0 terms=0 fulls=0 refused=0 clean=0

ms_sleep() { sleep "$(( $1 / 1000 )).$(printf '%03d' $(( $1 % 1000 )))"; }
status_of() { sqlite3 "$1" "SELECT status FROM runs ORDER BY id DESC LIMIT 1" 2>/dev/null; }
summary_of() {
    sqlite3 "$1" "SELECT count(*), sum(cases), sum(findings), sum(new_classes), max(next_case) FROM runs"
    sqlite3 "$1" "SELECT key, hit_count FROM classes ORDER BY key" | md5sum
}

while :; do
    campaigns=$((campaigns + 1))
    seed=$((SEED * 1000 + campaigns))
    rm -f ref.db* int.db*
    "$BIN" fuzz --db ref.db --seed $seed --cases $cases --quiet >/dev/null 2>ref.err || { fail "reference run (seed $seed): $(cat ref.err)"; break; }
    n=0
    while [ "$(status_of int.db)" != done ]; do
        n=$((n + 1)) cycles=$((cycles + 1))
        jobs=$(( RANDOM % 2 + 1 ))
        cmd=("$BIN" fuzz --db int.db --resume --seed $seed --cases $cases --jobs $jobs --quiet)
        late=$(( $(date +%s) >= deadline || n > 200 ))
        action=$(( late ? 3 : RANDOM % 4 ))
        case $action in
        0|1)   # a signal after a random moment
            "${cmd[@]}" >/dev/null 2>cycle.err &
            pid=$!
            ms_sleep $(( 50 + RANDOM % 1500 ))
            if [ $action = 0 ]; then kill -KILL $pid 2>/dev/null && kills=$((kills + 1))
            else kill -TERM $pid 2>/dev/null && terms=$((terms + 1)); fi
            wait $pid 2>/dev/null
            rc=$?
            # 143: stopped (128 + SIGTERM); 0: it had finished before the signal
            [ $action = 1 ] && [ $rc != 143 ] && [ $rc != 0 ] && fail "cycle $n: exit $rc after SIGTERM: $(cat cycle.err)" ;;
        2)     # the disk fills up: writes beyond a random size fail
            size=$(( ($(stat -c %s int.db 2>/dev/null || echo 0) + $(stat -c %s int.db-wal 2>/dev/null || echo 0)) / 1024 ))
            limit=$(( size + 40 + RANDOM % 400 ))
            (trap '' XFSZ; ulimit -f $limit; exec "${cmd[@]}") >/dev/null 2>cycle.err
            rc=$?
            fulls=$((fulls + 1))
            [ $rc = 2 ] && refused=$((refused + 1))
            [ $rc = 0 ] || [ $rc = 2 ] || fail "cycle $n: exit $rc on a full disk: $(cat cycle.err)"
            [ $rc = 2 ] && [ "$(wc -l <cycle.err)" != 1 ] && fail "cycle $n: full disk: not one line: $(cat cycle.err)" ;;
        3)     # runs to the end
            "${cmd[@]}" >/dev/null 2>cycle.err || fail "cycle $n: exit $?: $(cat cycle.err)"
            clean=$((clean + 1)) ;;
        esac
        # (a disk that filled up while the file was being created leaves it
        # without tables: nothing was stored, and the next cycle sets it up)
        if [ -s int.db ] && [ "$(sqlite3 int.db 'SELECT count(*) FROM sqlite_schema' 2>/dev/null)" != 0 ]; then
            "$BIN" check-db int.db >/dev/null 2>check.err || fail "cycle $n (action $action): check-db: $(cat check.err)"
        fi
        [ $failures = 0 ] || break
    done
    [ $failures = 0 ] || break
    [ "$(summary_of ref.db)" = "$(summary_of int.db)" ] || fail "seed $seed after $n cycles: $(summary_of int.db | head -1) vs uninterrupted $(summary_of ref.db | head -1)"
    [ $failures = 0 ] || break
    [ "$(date +%s)" -lt $deadline ] || break
done
echo "soak: $campaigns campaign(s) of $cases cases, $cycles cycles: $kills SIGKILL, $terms SIGTERM, $fulls disk-full ($refused of them stopped by it), $clean to the end; $(sqlite3 ref.db 'SELECT count(*) FROM classes') classes in the last; $failures failure(s)"
finish
