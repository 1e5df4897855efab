#!/bin/sh
# fuzz_planted_test.sh [SECONDS] — the test-only planted parser bug
# (ARGSPLIT_PLANTED_BUGS, fuzz/fuzz_signature.c) is found by libFuzzer from
# the shipped corpus within SECONDS (default 60).  Proves the harness, the
# corpus and the dictionary can find a bug at all.
set -u
secs=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/fuzz-build" planted >/tmp/fuzz_planted_build.$$ 2>&1 ||
    { tail -30 /tmp/fuzz_planted_build.$$; rm -f /tmp/fuzz_planted_build.$$; exit 1; }
rm -f /tmp/fuzz_planted_build.$$
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
"$root/build-fuzz-planted/fuzz_signature" -max_total_time="$secs" -dict="$root/fuzz/dict/python.dict" \
    -artifact_prefix="$tmp/" "$tmp" "$root/corpus/fuzz_signature" >"$tmp/log" 2>&1
rc=$?
took=$(( $(date +%s) - start ))
if [ $rc -ne 0 ] && grep -aq 'planted bug' "$tmp/log"; then
    echo "planted bug found after ${took}s: $(grep -a 'planted bug' "$tmp/log" | head -1)"
    exit 0
fi
echo "planted bug NOT found within ${secs}s (rc $rc)"
tail -20 "$tmp/log"
exit 1
