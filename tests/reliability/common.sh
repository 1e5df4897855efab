# common.sh — what the reliability scripts share (sourced).
BIN=${1:?usage: $0 ARGSPLIT_BINARY ...}
TMP=$(mktemp -d /tmp/argsplit_rel.XXXXXX)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
finish() {
    rm -rf "$TMP"
    if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
    echo "$(basename "$0"): all passed"
}
command -v sqlite3 >/dev/null || { echo "FAIL: sqlite3 is not installed (scripts/bootstrap installs it)"; exit 1; }
# run NAME CMD... : exit status in $rc, output in $TMP/NAME.out/.err
run() {
    local name=$1; shift
    "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    rc=$?
}
# expect_refused NAME PATTERN: exit 2 and exactly one stderr line matching PATTERN
expect_refused() {
    [ "$rc" = 2 ] || fail "$1: exit $rc, want 2 [$(head -c 300 "$TMP/$1.err")]"
    [ "$(wc -l <"$TMP/$1.err")" = 1 ] || fail "$1: want one stderr line, got [$(head -c 600 "$TMP/$1.err")]"
    grep -Eq "$2" "$TMP/$1.err" || fail "$1: stderr [$(cat "$TMP/$1.err")] does not match /$2/"
}
