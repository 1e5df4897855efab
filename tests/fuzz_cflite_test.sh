#!/bin/sh
# fuzz_cflite_test.sh — .clusterfuzzlite/build.sh builds every target with
# libFuzzer locally (the variables ClusterFuzzLite sets), each built
# target runs its seed corpus, and fuzz_differential records a new
# discrepancy instead of crashing.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$out" "$work"' EXIT
CC=clang CFLAGS="-O1 -g -fsanitize=address,fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
    OUT=$out SRC=$root WORK=$work bash "$root/.clusterfuzzlite/build.sh" >"$work/log" 2>&1 ||
    { tail -30 "$work/log"; echo "FAIL: build.sh"; exit 1; }
fail=0
for src in "$root"/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    if [ ! -x "$out/$t" ]; then echo "FAIL: $t not built"; fail=1; continue; fi
    [ -f "$out/$t.dict" ] || { echo "FAIL: $t.dict missing"; fail=1; }
    mkdir -p "$work/seeds/$t"
    [ -f "$out/${t}_seed_corpus.zip" ] && (cd "$work/seeds/$t" && unzip -q "$out/${t}_seed_corpus.zip")
    if ARGSPLIT_FUZZ_IGNORE=1 "$out/$t" -runs=0 "$work/seeds/$t" >"$work/$t.log" 2>&1; then
        echo "ok   $t"
    else
        echo "FAIL: $t on its seeds"; tail -20 "$work/$t.log"; fail=1
    fi
done
# A discrepancy new to the target's known keys is recorded on stderr as an
# import line, not a crash: with an empty list every finding is new.
t=fuzz_differential
if [ -x "$out/$t" ]; then
    if ARGSPLIT_FUZZ_KNOWN=/dev/null "$out/$t" -runs=0 "$work/seeds/$t" >"$work/$t.new.log" 2>&1 &&
        grep -q '"kind":"case"' "$work/$t.new.log"; then
        echo "ok   $t records new findings without stopping"
    else
        echo "FAIL: $t with no known keys did not record and go on"; tail -20 "$work/$t.new.log"; fail=1
    fi
fi
exit $fail
