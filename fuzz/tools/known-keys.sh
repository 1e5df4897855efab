#!/bin/sh
# known-keys.sh — regenerate corpus/fuzz_differential.known: the discrepancy
# keys the current code produces — those of a seeded campaign of CASES cases
# and every key the shipped corpus reaches — so fuzz_differential aborts (or,
# with ARGSPLIT_FUZZ_FINDINGS, records) only on others.  Only keys the code
# produces today: none is kept from an earlier list (a model change or a
# root-cause change makes old keys stale), and the same code, seed and
# count give the same file.
# usage: fuzz/tools/known-keys.sh BUILD_DIR [CASES [SEED]]
#   BUILD_DIR holds `argsplit` and `fuzz_differential_replay` (any build);
#   CASES defaults to 200000 (about a minute), SEED to 1.
set -eu
build=${1:?usage: known-keys.sh BUILD_DIR [CASES [SEED]]}
cases=${2:-200000}
seed=${3:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
PY=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/argsplit" fuzz --db "$tmp/k.db" --seed "$seed" --cases "$cases" --quiet --no-shrink >/dev/null
"$build/argsplit" triage --db "$tmp/k.db" --classes --json |
    "$PY" -c 'import json,sys; [print(c["key"]) for c in json.load(sys.stdin)]' > "$tmp/keys"
ARGSPLIT_FUZZ_KEYS=1 "$build/fuzz_differential_replay" "$root/corpus/fuzz_differential" |
    grep -v '^replayed ' >> "$tmp/keys" || true
{
    echo "# Discrepancy keys fuzz_differential treats as known (fuzz/tools/known-keys.sh $cases $seed:"
    echo "# a campaign of $cases cases, seed $seed, and the keys the shipped corpus reaches)."
    LC_ALL=C sort -u "$tmp/keys"
} > "$root/corpus/fuzz_differential.known"
echo "$(grep -vc '^#' "$root/corpus/fuzz_differential.known") known keys (seed $seed, $cases cases)"
