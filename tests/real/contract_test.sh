#!/usr/bin/env bash
# contract_test.sh ARGSPLIT — the contracts of scripts/real-env and of the
# adapter's handshake that need no network and no real environment:
#   real-env: python (exit 3 + the install hint / exit 2 unknown or unavailable),
#   list (text and JSON), newest, install of a ready env (no network touched),
#   install with the index unreachable (one line, exit 2), a bad pins file;
#   adapter: no backend named, unknown backend, --expect mismatch, a module
#   that does not import — each a handshake error, exit 2, never a fallback;
#   the reference through ext: with --backend, and its handshake facts.
set -uo pipefail
BIN=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RE="$ROOT/scripts/real-env"
AD="$ROOT/adapters/python/argsplit_adapter.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

export ARGSPLIT_REAL_CACHE="$TMP/cache"
export ARGSPLIT_REAL_PINS="$TMP/pins"
cat >"$TMP/pins" <<'EOF'
# test pins
jax 0.3.14 - unavailable: its jaxlib is gone
jax 0.4.30 3.11 jax==0.4.30 jaxlib==0.4.30
jax 0.10.2 3.11 jax==0.10.2 jaxlib==0.10.2
equinox 0.13.8 3.11 equinox==0.13.8 jax==0.10.0
EOF

# python: not installed -> exit 3 and the one line naming the install command
out=$("$RE" python 0.4.30 2>&1); rc=$?
[ $rc -eq 3 ] && [ "$out" = "argsplit: real-env: jax 0.4.30 is not installed (scripts/real-env install 0.4.30)" ] \
    || fail "python not installed: rc=$rc [$out]"
out=$("$RE" python --equinox 0.13.8 2>&1); rc=$?
[ $rc -eq 3 ] && [[ $out == *"install --equinox 0.13.8"* ]] || fail "python --equinox: rc=$rc [$out]"
out=$("$RE" python 9.9.9 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && [[ $out == *"not a known release"* ]] || fail "unknown: rc=$rc [$out]"
out=$("$RE" python 0.3.14 2>&1); rc=$?
[ $rc -eq 2 ] && [[ $out == *"cannot be installed: its jaxlib is gone"* ]] || fail "unavailable: rc=$rc [$out]"

# a ready environment (marker = its pins line) is found without any network
mkdir -p "$TMP/cache/jax-0.4.30/bin"
ln -s "$(command -v python3)" "$TMP/cache/jax-0.4.30/bin/python"
echo "jax 0.4.30 3.11 jax==0.4.30 jaxlib==0.4.30" >"$TMP/cache/jax-0.4.30/.argsplit-real-ready"
out=$("$RE" python 0.4.30 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$out" = "$TMP/cache/jax-0.4.30/bin/python" ] || fail "python ready: rc=$rc [$out]"
out=$(PIP_INDEX_URL=http://127.0.0.1:9/simple "$RE" install 0.4.30 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] || fail "install of a ready env touched something: rc=$rc [$out]"

# list / newest
out=$("$RE" list)
[ "$(echo "$out" | wc -l)" -eq 3 ] && echo "$out" | grep -q "^jax *0.4.30 *installed *3.11 *$TMP/cache/jax-0.4.30/bin/python$" \
    && echo "$out" | grep -q "^jax *0.10.2 *available *3.11 " && echo "$out" | grep -q "^equinox *0.13.8 *available" \
    || fail "list: [$out]"
all=$("$RE" list --all)
echo "$all" | grep -q "^jax *0.3.14 *unavailable" || fail "list --all lacks the unavailable release: [$all]"
"$RE" list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [r["state"] for r in d] == ["installed","available","available"], d' \
    || fail "list --json"
[ "$("$RE" newest)" = "0.10.2" ] && [ "$("$RE" newest --equinox)" = "0.13.8" ] || fail "newest"

# a stale marker (pins changed) is not installed; the index unreachable: one line, exit 2
echo "jax 0.4.30 3.11 jax==0.4.30 jaxlib==0.4.29" >"$TMP/cache/jax-0.4.30/.argsplit-real-ready"
"$RE" python 0.4.30 >/dev/null 2>&1; [ $? -eq 3 ] || fail "stale marker counts as installed"
out=$(PIP_INDEX_URL=http://127.0.0.1:9/simple "$RE" install 0.10.2 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && [[ $out == "argsplit: real-env: cannot reach the package index http://127.0.0.1:9/simple"* ]] \
    || fail "unreachable index: rc=$rc [$out]"
[ -z "$(ls -A "$TMP/cache" | grep -v '^jax-0.4.30$' | grep -v '^\.locks$' | grep -v '^\.logs$')" ] || fail "leftovers: $(ls -A "$TMP/cache")"

# a bad pins line: one line naming file and line, exit 2
printf 'jax 0.4.30 3.11 jax>=0.4\n' >"$TMP/badpins"
out=$(ARGSPLIT_REAL_PINS="$TMP/badpins" "$RE" list 2>&1); rc=$?
[ $rc -eq 2 ] && [[ $out == *"badpins:1: every requirement must be NAME==VERSION"* ]] || fail "bad pins: rc=$rc [$out]"

# the adapter's handshake: never a silent fallback
hello='{"protocol": "argsplit-subject/1", "subject": null}'
hs() { echo "$hello" | python3 "$AD" "$@" 2>"$TMP/err"; echo "rc=$?"; }
out=$(hs); [[ $out == *'"error": "InputError"'*"no backend named"*"rc=2" ]] || fail "no backend: [$out]"
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "no backend: stderr is not one line: $(cat "$TMP/err")"
out=$(hs --backend jax.nope); [[ $out == *"no backend jax.nope"*"rc=2" ]] || fail "unknown backend: [$out]"
out=$(hs --backend reference --expect json==0.0); [[ $out == *'"VersionMismatch"'*"--expect json==0.0 but json"*"rc=2" ]] \
    || fail "--expect mismatch: [$out]"
out=$(hs --backend reference --expect nosuchmodule==1.0); [[ $out == *'"NotInstalled"'*"rc=2" ]] || fail "--expect import: [$out]"
out=$(hs --bogus); [[ $out == "rc=2" ]] || fail "bad argument: [$out]"
if ! python3 -c 'import jax' 2>/dev/null; then
    out=$(hs --backend jax.jit); [[ $out == *'"NotInstalled"'*"jax is not installed"*"rc=2" ]] || fail "jax absent: [$out]"
fi
out=$(echo '{"protocol": "argsplit-subject/1", "subject": "py:jax.vmap"}' | python3 "$AD" --backend reference 2>/dev/null; echo "rc=$?")
[[ $out == *"asked for backend py:jax.vmap but started with --backend reference"*"rc=2" ]] || fail "conflict: [$out]"
out=$(hs --backend reference --expect json==2.0.9 | head -1)
echo "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
assert d["id"] == "real:reference@2.0.9" and d["backend"] == "reference", d
assert d["module"] == "argsplit_backends.reference" and d["module_path"].endswith("argsplit_backends"), d
' || fail "handshake facts: [$out]"

# through argsplit: ext: with --backend runs that backend; without one it is an error
out=$("$BIN" split --json --subject "ext:python3 $AD --backend reference" '(a, b)' 'static_argnums=0' '(1, 2)' 2>&1); rc=$?
[ $rc -eq 0 ] && [[ $out == '{"subject":"ext:py:reference"'* || $out == '{"subject":"py:reference"'* ]] && [[ $out == *'"verdict":"static"'* ]] \
    || fail "ext with --backend: rc=$rc [$out]"
out=$(ARGSPLIT_BACKENDS=argsplit_backends.reference "$BIN" split --json --subject "ext:python3 $AD" '(a, b)' '' '(1, 2)' 2>&1); rc=$?
[ $rc -eq 2 ] && [[ $out == *"no backend named"* ]] || fail "ext without --backend must fail: rc=$rc [$out]"

if [ $fails -ne 0 ]; then
    echo "real_contract: $fails failure(s)"
    exit 1
fi
echo "real_contract: ok"
