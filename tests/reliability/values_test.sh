#!/usr/bin/env bash
# values_test.sh ARGSPLIT — values are kept faithfully (issue 16, item 5),
# the issue's reproducers through the CLI: invalid UTF-8 in a str literal is
# CPython's SyntaxError, never a dropped value (test_utf8 checks the text
# against every CPython); a NUL after valid JSON is refused alike by every
# --jsonl command; a 64-bit axis is kept, a bigger one refused as out of range.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
cd "$TMP" || exit 1

run utf8 "$BIN" bind --json '(a)' $'("\xff")'
[ "$rc" = 2 ] || fail "utf8: exit $rc"
grep -Fq '"error":"SyntaxError"' utf8.out && grep -Fq "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte" utf8.out \
    || fail "utf8: not the SyntaxError CPython gives: $(cat utf8.out)"
grep -Fq '"binding":{}' utf8.out && fail "utf8: the value was dropped: $(cat utf8.out)"

printf '{"signature":"(a)","call":"(1)"}\0 trailing\n{"signature":"(a)","call":"(1)"}\n' >bind.jsonl
printf '{"subject":"reference","signature":"(a)","spec":"","call":"(1)"}\0 trailing\n' >split.jsonl
run nul_bind "$BIN" bind --jsonl <bind.jsonl
run_b=$rc
run nul_split "$BIN" split --jsonl <split.jsonl
[ "$run_b" = 2 ] && [ "$rc" = 2 ] || fail "NUL after JSON: exit $run_b (bind), $rc (split), want 2 and 2"
grep -q '"message":"line 1: NUL byte at column 33"' nul_bind.out || fail "bind --jsonl accepted a NUL after JSON: $(cat nul_bind.out)"
grep -q '"message":"line 1: NUL byte at column 65"' nul_split.out || fail "split --jsonl: $(cat nul_split.out)"
[ "$(sed -n 2p nul_bind.out)" = '{"ok":true,"binding":{"a":"1"},"defaults_used":[]}' ] \
    || fail "bind --jsonl did not go on after the refused line: $(cat nul_bind.out)"

run axis "$BIN" split --json --subject jax.vmap '(a, b)' 'in_axes=(4294967297, 0)' '(x, y)'
[ "$rc" = 0 ] || fail "axis: exit $rc [$(cat axis.err)]"
grep -q '"axis":4294967297' axis.out || fail "axis: 4294967297 not kept: $(head -c 600 axis.out)"
run axis_big "$BIN" split --subject jax.vmap '(a, b)' 'in_axes=(99999999999999999999, 0)' '(x, y)'
expect_refused axis_big "^argsplit: spec:1:10: InputError: integer literal out of the supported range$"

finish
