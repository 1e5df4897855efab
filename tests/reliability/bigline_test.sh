#!/usr/bin/env bash
# bigline_test.sh ARGSPLIT PEAK_RSS — issue 16's reproducer literally: a 1 GiB
# line without a newline into `bind --jsonl` and `split --jsonl` (it used to
# peak at 1.96-3.0 GB and 0.98 GB) is one error line naming the line and the
# column where the line cap (docs/LIMITS.md) was passed, exit 2, with the peak
# RSS of a few MiB: the line is streamed past, never held.  (limits_cost
# checks the same on 9 MiB; this is the size the issue gave.)  Plain build only:
# sanitizer shadow memory is not the program's.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
PEAK=${2:?usage: bigline_test.sh ARGSPLIT PEAK_RSS}
cd "$TMP" || exit 1
for cmd in bind split; do
    head -c 1073741824 /dev/zero | tr '\0' x | "$PEAK" "$BIN" "$cmd" --jsonl >"$cmd.out" 2>"$cmd.err"
    rc=$?
    [ "$rc" = 2 ] || fail "$cmd --jsonl, a 1 GiB line: exit $rc, want 2"
    [ "$(wc -l <"$cmd.out")" = 1 ] && grep -q '"message":"line 1: line longer than [0-9]* bytes (column [0-9]*)"' "$cmd.out" ||
        fail "$cmd --jsonl, a 1 GiB line: not one error line naming line and column [$(head -c 300 "$cmd.out")]"
    kib=$(sed -n 's/^peak_rss_kib //p' "$cmd.err")
    echo "$cmd --jsonl, a 1 GiB line: exit $rc, peak RSS ${kib:-?} KiB"
    [ -n "$kib" ] && [ "$kib" -le 65536 ] || fail "$cmd --jsonl, a 1 GiB line: peak RSS ${kib:-?} KiB > 64 MiB"
done
finish
