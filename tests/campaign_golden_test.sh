#!/usr/bin/env bash
# campaign_golden_test.sh ARGSPLIT [--update] — see campaign_golden.cmake.
#
# A seeded campaign's store, canonically dumped (tests/tools/store_dump.py),
# must be (1) the same with --jobs 1 and --jobs 2 and (2) the one recorded in
# tests/campaign_golden.txt.  Speed work must leave both alone.  A change to
# the models, the generator, the checks or root causes legitimately changes
# (2): re-record it with
#     bash tests/campaign_golden_test.sh BUILD/argsplit --update
# and say in the commit why the findings changed.
set -u
BIN=$1
UPDATE=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/campaign_golden.txt
DUMP=$HERE/tools/store_dump.py
SEED=7
CASES=3000
T=$(mktemp -d /tmp/argsplit_golden.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0

for j in 1 2; do
    if ! "$BIN" fuzz --db "$T/j$j.db" --seed $SEED --cases $CASES --jobs $j --quiet >"$T/j$j.out" 2>"$T/j$j.err"; then
        echo "FAIL: fuzz --jobs $j exited non-zero: $(head -c 300 "$T/j$j.err")"
        exit 1
    fi
    python3 "$DUMP" "$T/j$j.db" >"$T/j$j.txt" || { echo "FAIL: store_dump.py on the --jobs $j store"; exit 1; }
done
if ! cmp -s "$T/j1.txt" "$T/j2.txt"; then
    echo "FAIL: --jobs 1 and --jobs 2 stored different findings (seed $SEED, $CASES cases); first difference:"
    diff "$T/j1.txt" "$T/j2.txt" | head -6 | cut -c1-300
    fails=$((fails + 1))
fi

line="seed $SEED cases $CASES subjects all: $(python3 "$DUMP" "$T/j1.db" --digest)"
if [ "$UPDATE" = "--update" ]; then
    printf '%s\n' "$line" >"$GOLDEN"
    echo "recorded: $line"
elif [ "$(cat "$GOLDEN")" != "$line" ]; then
    echo "FAIL: the seeded campaign's store changed"
    echo "  recorded: $(cat "$GOLDEN")"
    echo "  now:      $line"
    echo "  if the findings changed on purpose (models, generator, checks, root causes), re-record:"
    echo "  bash tests/campaign_golden_test.sh $BIN --update"
    fails=$((fails + 1))
fi
[ $fails -eq 0 ] && echo "ok: $line"
exit $((fails > 0))
