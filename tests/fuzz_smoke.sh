#!/bin/sh
# fuzz_smoke.sh BUILD_DIR SECONDS — every libFuzzer target of BUILD_DIR runs
# SECONDS from its shipped corpus (new inputs to a temp dir) without a crash;
# fuzz_differential with findings not aborting (sanitizers only).
set -u
build=$1 secs=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for src in "$root"/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    [ -x "$build/$t" ] || { echo "missing $build/$t"; fail=1; continue; }
    mkdir -p "$tmp/$t"
    if ARGSPLIT_FUZZ_IGNORE=1 "$build/$t" -max_total_time="$secs" -artifact_prefix="$tmp/$t/" \
        "$tmp/$t" "$root/corpus/$t" >"$tmp/$t.log" 2>&1; then
        echo "ok   $t $(grep -o 'exec/s: [0-9]*' "$tmp/$t.log" | tail -1)"
    else
        echo "FAIL $t"; tail -30 "$tmp/$t.log"; fail=1
    fi
done
exit $fail
