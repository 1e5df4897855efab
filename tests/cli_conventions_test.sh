#!/usr/bin/env bash
# cli_conventions_test.sh ARGSPLIT — what every command shares (cli/cliutil.h):
# one-line option errors naming the option and "see 'argsplit CMD --help'",
# exit 2; `argsplit help CMD`; "did you mean" for commands, options and
# subjects; --subject repeated or comma-separated; one JSON document per
# --json; exit 2 after a --jsonl stream with a bad line.
set -u
BIN=$(realpath "${1:?usage: cli_conventions_test.sh PATH/TO/argsplit}")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run ARGS... : $out, $err, $rc
run() {
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}
# one_line_error WHAT PATTERN ARGS... : exit 2, nothing on stdout, one stderr line matching
one_line_error() {
    local what=$1 pat=$2; shift 2
    run "$@"
    [ "$rc" = 2 ] || fail "$what: exit $rc, want 2"
    [ -z "$out" ] || fail "$what: stdout [$out]"
    [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "$what: stderr is not one line: [$err]"
    printf '%s\n' "$err" | grep -Eq -- "$pat" || fail "$what: stderr [$err] does not match /$pat/"
}

commands=$("$BIN" --help | sed -n 's/^  \([a-z-]*\) .*/\1/p')
[ "$(echo "$commands" | wc -w)" -ge 11 ] || fail "argsplit --help lists $(echo "$commands" | wc -w) commands"
for c in $commands; do
    one_line_error "$c bad option" "^argsplit: $c: unknown option '--no-such-option' \\(see 'argsplit $c --help'\\)\$" \
        "$c" --no-such-option
    run "$c" --help
    [ "$rc" = 0 ] || fail "$c --help: exit $rc"
    printf '%s\n' "$out" | head -1 | grep -q "^usage: argsplit $c" || fail "$c --help: first line [$(printf '%s\n' "$out" | head -1)]"
    help=$out
    run help "$c"
    [ "$rc" = 0 ] && [ "$out" = "$help" ] || fail "help $c differs from $c --help (exit $rc)"
done

# A missing value names the option.
for c in fuzz enumerate triage report check import-findings; do
    one_line_error "$c --db/--cases missing value" "^argsplit: $c: option '--[a-z]+' needs a value \\(see 'argsplit $c --help'\\)\$" \
        "$c" "$( [ "$c" = check ] && echo --cases || echo --db )"
done
one_line_error "bind missing CALL" "^argsplit: bind: needs SIGNATURE and CALL \\(see 'argsplit bind --help'\\)\$" bind '(a)'
one_line_error "flag with a value" "option '--json' takes no value" bind --json=1 '(a)' '(1)'

# Did you mean: commands, options, subjects.
one_line_error "command typo" "^argsplit: fuz: unknown command; did you mean 'fuzz'\\?" fuz
one_line_error "help typo" "did you mean 'fuzz'\\?" help fuz
one_line_error "option typo" "unknown option '--subjet'; did you mean '--subject'\\?" fuzz --subjet jax.jit
one_line_error "subject typo (split)" "unknown subject 'jax.jitt'; did you mean 'jax.jit'\\?" split --subject jax.jitt '(a)' '' '(1)'
one_line_error "subject typo (check)" "unknown subject 'jax.jitt'; did you mean 'jax.jit'\\?" check --subject jax.jitt
one_line_error "subject typo (fuzz)" "unknown subject 'jax.jitt'; did you mean 'jax.jit'\\?" \
    fuzz --db "$TMP/f.db" --cases 10 --subject jax.jitt
one_line_error "subject typo (enumerate)" "unknown subject 'jax.pmapp'; did you mean 'jax.pmap'\\?" \
    enumerate --db "$TMP/e.db" --subject jax.jit,jax.pmapp

# One spelling of the Python version (3.X) and one answer to another, in every command that takes it.
for c in "bind" "split" "fuzz --db $TMP/py.db --cases 1" "enumerate --db $TMP/py2.db" "replay --case"; do
    # shellcheck disable=SC2086
    one_line_error "${c%% *} --python 39" "^argsplit: --python: '39' is not a supported Python version \\(3\\.8 to 3\\.13\\)\$" $c --python 39
done
run bind --python 3.8 '(a, /)' '(1)'
[ "$rc" = 0 ] || fail "bind --python 3.8: exit $rc [$err]"

# --subject repeated == comma-separated == --subjects.
run split --json --subject jax.jit --subject jax.grad '(a, b)' 'static_argnums=(0,)' '(1, 2)'
a=$out
run split --json --subject jax.jit,jax.grad '(a, b)' 'static_argnums=(0,)' '(1, 2)'
[ "$rc" = 0 ] && [ "$out" = "$a" ] || fail "split: --subject X,Y differs from --subject X --subject Y"
run split --json --subjects jax.jit,jax.grad '(a, b)' 'static_argnums=(0,)' '(1, 2)'
[ "$out" = "$a" ] || fail "split: --subjects differs from --subject"
run fuzz --db "$TMP/r.db" --seed 3 --cases 200 --quiet --subject jax.jit --subject jax.pmap
[ "$rc" = 0 ] || fail "fuzz with repeated --subject: exit $rc [$err]"

# One JSON document per --json.
one_json() {
    run "$@"
    printf '%s' "$out" | python3 -c 'import json,sys; json.loads(sys.stdin.read())' 2>/dev/null ||
        fail "$*: stdout is not one JSON document"
}
one_json split --json --subject all '(a)' '' '(1)'
one_json split --json '(a)' '' '(1)'
one_json bind --json '(a)' '(1)'
one_json triage --json --db "$TMP/r.db"

# --jsonl: a bad line gives an error line, the rest goes on, exit 2 at the end.
printf '%s\n' '{"signature": "(a)", "call": "(1)"}' 'not json' '{"signature": "(a)", "call": "(2)"}' >"$TMP/bind.jsonl"
run bind --jsonl <"$TMP/bind.jsonl"
[ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || fail "bind --jsonl bad line: exit $rc, $(printf '%s\n' "$out" | wc -l) lines"
printf '%s\n' '{"subject": "reference", "signature": "(a)", "spec": "", "call": "(1)"}' 'not json' \
    '{"subject": "reference", "signature": "(a)", "spec": "", "call": "(2)"}' >"$TMP/split.jsonl"
run split --jsonl <"$TMP/split.jsonl"
[ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || fail "split --jsonl bad line: exit $rc, $(printf '%s\n' "$out" | wc -l) lines"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "cli conventions: ok"
