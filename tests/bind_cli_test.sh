#!/usr/bin/env bash
# bind_cli_test.sh ARGSPLIT — the contract of `argsplit bind`.
set -u
BIN=${1:?usage: bind_cli_test.sh PATH/TO/argsplit}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME ARGS... : stdout/stderr/status into $TMP/NAME.{out,err,rc}
run() {
    local name=$1; shift
    "$BIN" bind "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    echo $? >"$TMP/$name.rc"
}
expect_rc() { [ "$(cat "$TMP/$1.rc")" = "$2" ] || fail "$1: exit $(cat "$TMP/$1.rc"), want $2"; }
expect_out() { [ "$(cat "$TMP/$1.out")" = "$2" ] || fail "$1: stdout was [$(cat "$TMP/$1.out")], want [$2]"; }
expect_line() { grep -Eq -- "$2" "$TMP/$1.out" || fail "$1: no line matching /$2/ in [$(cat "$TMP/$1.out")]"; }

# --- readable output -------------------------------------------------------
run readable '(a, /, b, *args, c, d=4, **kw)' '(1, 2, 3, c=5, z=6)'
expect_rc readable 0
expect_line readable '^ +parameter +kind +passed as +value$'
expect_line readable '^ +a +positional_only +positional +1$'
expect_line readable '^ +b +positional_or_keyword +positional +2$'
expect_line readable '^ +args\[0\] +var_positional +positional +3$'
expect_line readable '^ +c +keyword_only +keyword +5$'
expect_line readable '^ +d +keyword_only +default +4$'
expect_line readable "^ +kw\['z'\] +var_keyword +keyword +6$"
[ -s "$TMP/readable.err" ] && fail "readable: unexpected stderr"

# A TypeError is a result: exit 0, message and phase/category on stdout.
run typeerror '(a, /, b, *, c)' '(a=1, b=2, c=3)'
expect_rc typeerror 0
expect_line typeerror "^TypeError: f\(\) got some positional-only arguments passed as keyword arguments: 'a'$"
expect_line typeerror '^ +phase: bind, category: positional_only_as_keyword$'

# The def is compiled first: its SyntaxError wins over a bad call.  Text
# CPython would not compile is bad input: one line on stderr, exit 2.
run sigerror '(a, a)' '(1, b=2)'
expect_rc sigerror 2
grep -Eq "^argsplit: signature(:1:[0-9]+)?: SyntaxError: duplicate argument 'a' in function definition$" "$TMP/sigerror.err" \
    || fail "sigerror: stderr is [$(cat "$TMP/sigerror.err")]"
[ "$(wc -l < "$TMP/sigerror.err")" -eq 1 ] || fail "sigerror: more than one stderr line"

# --- --json ----------------------------------------------------------------
run json1 --json '(a, b=2, *args, **kw)' '(1, 3, 4, z=5, y=6)'
expect_rc json1 0
expect_out json1 '{"ok":true,"binding":{"a":"1","b":"3","args":["4"],"kw":{"z":"5","y":"6"}},"defaults_used":[]}'
run json2 --json '(a, b=2, /, *, k=3, **kw)' '(1, b=5)'
expect_out json2 '{"ok":true,"binding":{"a":"1","b":"=2","k":"=3","kw":{"b":"5"}},"defaults_used":["b","k"]}'
run json3 --json '(a, *, k, m=1)' '(1, 2, m=3)'
expect_rc json3 0
expect_out json3 '{"ok":false,"error":"TypeError","category":"too_many_positional","message":"f() takes 1 positional argument but 2 positional arguments (and 1 keyword-only argument) were given","phase":"bind"}'
run json313 --json --python 3.13 '(a, BLuch)' '(1, bluch=3)'
expect_out json313 '{"ok":false,"error":"TypeError","category":"unexpected_keyword","message":"f() got an unexpected keyword argument '"'bluch'"'. Did you mean '"'BLuch'"'?","phase":"bind"}'
run json311 --json --python 3.11 '(a, BLuch)' '(1, bluch=3)'
expect_out json311 '{"ok":false,"error":"TypeError","category":"unexpected_keyword","message":"f() got an unexpected keyword argument '"'bluch'"'","phase":"bind"}'

# --- InputError: exit 2, exactly one line on stderr --------------------------
run input '(a, b)' '(1, *xs)'
expect_rc input 2
[ "$(wc -l <"$TMP/input.err")" -eq 1 ] || fail "input: stderr is not one line: $(cat "$TMP/input.err")"
grep -Eq '^argsplit: call:1:[0-9]+: InputError: ' "$TMP/input.err" || fail "input: stderr [$(cat "$TMP/input.err")]"
[ -s "$TMP/input.out" ] && fail "input: unexpected stdout"
run input_json --json '(a, b)' '(1, *xs)'
expect_rc input_json 2
expect_line input_json '^\{"ok":false,"error":"InputError","category":"other","message":".*","phase":"input","column":[0-9]+\}$'

# --- usage -----------------------------------------------------------------
run help --help
expect_rc help 0
expect_line help '^usage: argsplit bind'
run badpy --python 3.7 '(a)' '(1)'
expect_rc badpy 2
run noargs
expect_rc noargs 2

# --- --jsonl: streaming, a bad line in the middle, alignment -----------------
cat >"$TMP/in.jsonl" <<'JSONL'
{"signature": "(a, /, b, *, c)", "call": "(1, 2, c=3)"}
{"signature": "(a, /, b, *, c)", "call": "(1, 2, 3)"}
this is not json
{"call": "(1)"}

{"signature": "(a, BLuch)", "call": "(1, bluch=3)", "python": "3.13"}
{"signature": "(a, BLuch)", "call": "(1, bluch=3)", "python": "2.7"}
{"signature":"(s=\"x\\ty\")","call":"()","id":"7"}
{"signature": "(\u0062, caf\u00e9=1)", "call": "(b=2)"}
{"signature": "(a, b)", "call": "(1, *xs)"}
{"signature": "(a, /, **kw)", "call": "(a=1)"}
JSONL
"$BIN" bind --jsonl <"$TMP/in.jsonl" >"$TMP/jsonl.out" 2>"$TMP/jsonl.err"
rc=$?
# Bad lines (3, 4 and 7) do not stop the stream; the status says so at the end.
[ $rc -eq 2 ] || fail "jsonl: exit $rc, want 2 (bad lines in the input)"
[ "$(wc -l <"$TMP/jsonl.out")" -eq "$(wc -l <"$TMP/in.jsonl")" ] ||
    fail "jsonl: $(wc -l <"$TMP/jsonl.out") output lines for $(wc -l <"$TMP/in.jsonl") input lines"
line() { sed -n "${1}p" "$TMP/jsonl.out"; }
[ "$(line 1)" = '{"ok":true,"binding":{"a":"1","b":"2","c":"3"},"defaults_used":[]}' ] || fail "jsonl line 1: $(line 1)"
[ "$(line 2)" = '{"ok":false,"error":"TypeError","category":"too_many_positional","message":"f() takes 2 positional arguments but 3 were given","phase":"bind"}' ] || fail "jsonl line 2: $(line 2)"
for n in 3 4 5 7; do
    line "$n" | grep -Eq '^\{"ok":false,"error":"InputError","category":"other","message":"line '"$n"': ([^"\\]|\\.)+","phase":"input","column":0\}$' ||
        fail "jsonl line $n: $(line "$n")"
done
line 6 | grep -q "Did you mean 'BLuch'?" || fail "jsonl line 6 (per-line python): $(line 6)"
line 10 | grep -q '"phase":"input"' || fail "jsonl line 10: $(line 10)"
[ "$(line 11)" = '{"ok":false,"error":"TypeError","category":"missing_positional","message":"f() missing 1 required positional argument: '"'a'"'","phase":"bind"}' ] || fail "jsonl line 11: $(line 11)"

# The JSON-lines writer and --json (jansson) agree byte for byte.
python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    if n in (3, 4, 5, 7):
        continue
    case = json.loads(line)
    print("\t".join([str(n), case.get("python", "3.11"), case["signature"], case["call"]]))
' "$TMP/in.jsonl" >"$TMP/cases.tsv" || fail "could not extract the jsonl cases"
while IFS=$'\t' read -r n p s c; do
    want=$("$BIN" bind --json --python "$p" "$s" "$c" 2>/dev/null)
    [ "$want" = "$(line "$n")" ] || fail "jsonl line $n differs from --json: [$(line "$n")] vs [$want]"
done <"$TMP/cases.tsv"
[ "$(wc -l <"$TMP/cases.tsv")" -eq 7 ] || fail "want 7 cases to compare"

# A NUL byte is its line's InputError, naming its column, also after a whole
# valid object (which the fast decoder alone would take).
printf '{"signature": "(a)", "call": "(1)"}\000x\n{"signature": "(a)", "call": "(1)"}\000\n' |
    "$BIN" bind --jsonl >"$TMP/nul.out" 2>/dev/null
[ $? -eq 2 ] || fail "jsonl NUL: want exit 2"
want='{"ok":false,"error":"InputError","category":"other","message":"line 1: NUL byte at column 36","phase":"input","column":36}'
[ "$(sed -n 1p "$TMP/nul.out")" = "$want" ] || fail "jsonl NUL line 1: $(sed -n 1p "$TMP/nul.out")"
[ "$(sed -n 2p "$TMP/nul.out")" = "${want/line 1/line 2}" ] || fail "jsonl NUL line 2: $(sed -n 2p "$TMP/nul.out")"

# Streaming: with --line-buffered each answer comes out before the next line is read.
{
    echo '{"signature": "(a)", "call": "(1)"}'
    sleep 1
    echo '{"signature": "(a)", "call": "()"}'
} | "$BIN" bind --jsonl --line-buffered >"$TMP/stream.out" &
pid=$!
sleep 0.5
[ "$(wc -l <"$TMP/stream.out")" -eq 1 ] || fail "stream: first answer not written before the second line arrived"
wait $pid
[ "$(wc -l <"$TMP/stream.out")" -eq 2 ] || fail "stream: want 2 lines"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "bind_cli: all checks passed"
