#!/bin/sh
# known-keys.sh — regenerate corpus/fuzz_differential.known: the discrepancy
# keys already known (a campaign run of SECONDS, every key the shipped
# corpus reaches and the keys listed before), so fuzz_differential aborts
# only on new ones.
# usage: fuzz/tools/known-keys.sh BUILD_DIR [SECONDS]
#   BUILD_DIR holds `argsplit` and `fuzz_differential_replay` (any build).
set -eu
build=${1:?usage: known-keys.sh BUILD_DIR [SECONDS]}
seconds=${2:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
PY=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/argsplit" fuzz --db "$tmp/k.db" --time "$seconds" --quiet --no-shrink >/dev/null || true
"$build/argsplit" triage --db "$tmp/k.db" --classes --json |
    "$PY" -c 'import json,sys; [print(c["key"]) for c in json.load(sys.stdin)]' > "$tmp/keys"
ARGSPLIT_FUZZ_KEYS=1 "$build/fuzz_differential_replay" "$root/corpus/fuzz_differential" |
    grep -v '^replayed ' >> "$tmp/keys" || true
# The union with the keys already listed: a key other inputs or older
# runs reached stays known (the list only grows until a key's model changes).
grep -v '^#' "$root/corpus/fuzz_differential.known" >> "$tmp/keys" 2>/dev/null || true
{
    echo "# Discrepancy keys fuzz_differential treats as known (fuzz/tools/known-keys.sh)."
    LC_ALL=C sort -u "$tmp/keys"
} > "$root/corpus/fuzz_differential.known"
echo "$(grep -vc '^#' "$root/corpus/fuzz_differential.known") known keys"
