#!/bin/sh
# fuzz_afl_test.sh [SECONDS] — fuzz/afl_main.c's hand-over under afl-fuzz,
# both ways: direct (AFL_KILL_SIGNAL=12, as scripts/nightly runs it) and
# __AFL_LOOP (AFL++'s default SIGKILL).  fuzz/tools/afl_handover_target.c
# crashes on 'X', hangs on 'H' and sleeps around the 20 ms timeout on 'S'
# while afl-fuzz (pinned to one core, started with SIGUSR2 ignored as under
# `perf record`) runs SECONDS (default 20) each way.  Checks: afl-fuzz
# stops on time; it saved crashes and hangs and each one is an 'X' or 'H'
# input (a status read for the wrong execution shows as another crash);
# the direct way never continued a stopped child, __AFL_LOOP did.  A third
# run ("slow", direct) links fuzz/tools/afl_slow_handover.c, which holds
# AFL++'s fork server ~5 ms in states 'D' and 'S' between fork() and
# writing the new child's pid, and delays the child's read of every request
# for an 'H' input past the timeout: a driver that writes its first status
# before that pid makes afl-fuzz read a crash on a harmless input (or abort
# its dry run), one that ignores a kill sent before the input starts leaves
# afl-fuzz waiting forever (killed at SECONDS + 60: a failure).
set -u
secs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in afl-fuzz afl-clang-fast clang; do
    command -v "$tool" >/dev/null || { echo "fuzz_afl_test: $tool not found (scripts/bootstrap installs AFL++)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang -O2 -std=c11 -c "$root/fuzz/afl_map.c" -o "$tmp/afl_map.o" &&
afl-clang-fast -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root" -I"$root/fuzz" \
    "$root/fuzz/tools/afl_handover_target.c" "$root/fuzz/afl_main.c" "$tmp/afl_map.o" \
    -o "$tmp/target" >"$tmp/build.log" 2>&1 &&
afl-clang-fast -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root" -I"$root/fuzz" \
    "$root/fuzz/tools/afl_handover_target.c" "$root/fuzz/afl_main.c" "$root/fuzz/tools/afl_slow_handover.c" \
    "$tmp/afl_map.o" -Wl,--wrap=fork,--wrap=read -o "$tmp/target-slow" >>"$tmp/build.log" 2>&1 ||
    { echo "fuzz_afl_test: build failed"; cat "$tmp/build.log"; exit 1; }
mkdir "$tmp/seeds"
printf A >"$tmp/seeds/a"; printf SSSS >"$tmp/seeds/s"; printf CC >"$tmp/seeds/c"
cpu=$(( $(nproc 2>/dev/null || echo 1) - 1 ))
fail=0
for way in direct loop slow; do
    ks=12 target=$tmp/target
    [ $way = loop ] && ks=
    [ $way = slow ] && target=$tmp/target-slow
    report="$tmp/$way.report"
    : >"$report"
    start=$(date +%s)
    # trap '' USR2: the kill signal arrives ignored, as under perf record
    AFL_KILL_SIGNAL=$ks AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_SUPPRESS_BANNER=1 \
        AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 ARGSPLIT_AFL_TEST_REPORT=$report \
        timeout -k 5 $((secs + 60)) sh -c 'trap "" USR2; exec taskset -c "$0" afl-fuzz "$@"' "$cpu" \
        -i "$tmp/seeds" -o "$tmp/$way" -t 20 -V "$secs" -- "$target" >"$tmp/$way.log" 2>&1
    rc=$? took=$(( $(date +%s) - start ))
    out="$tmp/$way/default"
    bad=""
    [ $rc -eq 0 ] || bad="$bad; afl-fuzz exit $rc after ${took}s"
    [ "$took" -le $((secs + 30)) ] || bad="$bad; afl-fuzz took ${took}s for -V $secs"
    ncrash=0 nhang=0
    for f in "$out"/crashes/id:* "$out"/hangs/id:*; do
        [ -f "$f" ] || continue
        first=$(head -c 1 "$f")
        case "$f" in
        */crashes/*) ncrash=$((ncrash + 1)); [ "$first" = X ] || bad="$bad; crash $(basename "$f") starts with '$first'" ;;
        */hangs/*) nhang=$((nhang + 1)); [ "$first" = H ] || bad="$bad; hang $(basename "$f") starts with '$first'" ;;
        esac
    done
    [ $ncrash -gt 0 ] || bad="$bad; no crash saved"
    [ $nhang -gt 0 ] || bad="$bad; no hang saved"
    conts=$(sort -n "$report" | tail -n 1)
    if [ $way != loop ]; then
        [ "${conts:-x}" = 0 ] || bad="$bad; continued after SIGSTOP (${conts:-no report}): not the direct hand-over"
    else
        [ "${conts:-0}" -gt 0 ] || bad="$bad; never continued after SIGSTOP: not __AFL_LOOP"
    fi
    execs=$(sed -n 's/^execs_done *: *//p' "$out/fuzzer_stats" 2>/dev/null)
    if [ -n "$bad" ]; then
        echo "fuzz_afl_test: $way: FAIL${bad}"
        tail -5 "$tmp/$way.log"
        fail=1
    else
        echo "fuzz_afl_test: $way: ok (${execs} execs, $ncrash crashes all 'X', $nhang hangs all 'H', ${took}s)"
    fi
done
exit $fail
