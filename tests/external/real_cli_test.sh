#!/usr/bin/env bash
# real_cli_test.sh ARGSPLIT — real:FAMILY@RELEASE subjects through the CLI,
# with tests/external/fake_real_env and fake_real_adapter.py in place of
# scripts/real-env and the adapter running a real release (the real thing
# is tests/real/): resolution notes, one-line errors with exit 2, a
# campaign of two releases batched in parallel processes, each checked
# against the model covering its release.
set -u
BIN=${1:?usage: real_cli_test.sh PATH/TO/argsplit}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

export ARGSPLIT_REAL_ENV=$HERE/fake_real_env ARGSPLIT_ADAPTER=$HERE/fake_real_adapter.py FAKE_REAL_LOG=$TMP/log
FAKE_REAL_PYTHON=$(python3 -c 'import sys; print(sys.executable)') || { echo "FAIL: python3 does not run"; exit 1; }
export FAKE_REAL_PYTHON

run() {
    local name=$1; shift
    "$BIN" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err"
    echo $? >"$TMP/$name.rc"
}
expect_rc() { [ "$(cat "$TMP/$1.rc")" = "$2" ] || fail "$1: exit $(cat "$TMP/$1.rc"), want $2 [$(cat "$TMP/$1.err")]"; }
expect_one_error_line() {
    [ "$(wc -l <"$TMP/$1.err")" -eq 1 ] || fail "$1: stderr is not one line: [$(cat "$TMP/$1.err")]"
    grep -Eq -- "$2" "$TMP/$1.err" || fail "$1: stderr [$(cat "$TMP/$1.err")] does not match /$2/"
}

# --- split -------------------------------------------------------------------
run split split --subject real:jax.jit@0.4.14 '(a, b)' 'static_argnums=0' '(1, 2)'
expect_rc split 0
grep -Eq '^subject +real:jax\.jit@0\.4\.14$' "$TMP/split.out" || fail "split: [$(cat "$TMP/split.out")]"
grep -Eq '^a +positional_or_keyword +positional +0 +static' "$TMP/split.out" || fail "split: a not static"
expect_one_error_line split 'real:jax\.jit@0\.4\.14: jax 0\.4\.14 from .*, checked against model jax\.jit@0\.4\.14 \(covers 0\.4\.14–0\.4\.26\)$'

run notinst split --subject real:jax.jit@0.3.10 '(a)' '' '(1)'
expect_rc notinst 2
expect_one_error_line notinst 'NotInstalled: real:jax\.jit@0\.3\.10: .*not installed'
run unknown split --subject real:jax.jit@0.2.1 '(a)' '' '(1)'
expect_rc unknown 2
expect_one_error_line unknown "unknown jax release '0\.2\.1'"
FAKE_REAL_CLAIM_VERSION=0.4.13 run mismatch split --subject real:jax.jit@0.4.14 '(a)' '' '(1)'
expect_rc mismatch 2
expect_one_error_line mismatch 'HandshakeMismatch: asked for backend jax\.jit with jax==0\.4\.14; .* states backend jax\.jit with jax 0\.4\.13'

# --- subjects --real -------------------------------------------------------------
run list subjects --real
expect_rc list 0
grep -Eq '^jax +0\.4\.30 +installed +3\.10 +models: jax\.jit@0\.4\.27 .*jax\.vmap@0\.4\.21' "$TMP/list.out" ||
    fail "subjects --real: [$(cat "$TMP/list.out")]"
grep -Eq '^4 releases, 2 installed' "$TMP/list.out" || fail "subjects --real: no summary line"

# --- a campaign: two releases, batched, in parallel processes ----------------------
: >"$TMP/log"
run fuzz fuzz --db "$TMP/f.db" --seed 3 --cases 300 --no-shrink --subjects real:jax.jit@0.4.14,real:jax.jit@0.4.30
expect_rc fuzz 0
[ "$(grep -c '^argv ' "$TMP/log")" -eq 2 ] || fail "fuzz: $(grep -c '^argv ' "$TMP/log") processes started, want 2"
reads=$(grep -c '^batch ' "$TMP/log")
requests=$(awk '/^batch /{s += $2} END {print s + 0}' "$TMP/log")
[ "$requests" -eq 600 ] || fail "fuzz: $requests requests, want 600 (300 cases x 2 subjects)"
[ "$reads" -le 30 ] || fail "fuzz: $requests requests in $reads reads: not batched"
"$BIN" triage --db "$TMP/f.db" --classes --json >"$TMP/triage.json" || fail "triage failed"
python3 - "$TMP/triage.json" <<'PY' || fail "fuzz: model-fidelity classes are not against the covering models"
import json, sys
rows = json.load(open(sys.argv[1]))
fid = {}
for r in rows:
    if r["relation"] == "model-fidelity":
        fid.setdefault(r["subject"], set()).add(r["other"])
want = {"real:jax.jit@0.4.14": {"jax.jit@0.4.14"}, "real:jax.jit@0.4.30": {"jax.jit@0.4.27"}}
sys.exit(0 if fid == want else "%r" % fid)
PY

if [ "$failures" -ne 0 ]; then
    echo "real_cli: $failures failure(s)"
    exit 1
fi
echo "real_cli: all checks passed"
