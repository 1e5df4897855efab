#!/usr/bin/env bash
# run_differential.sh BIN — `BIN bind --jsonl` against real CPython calls.
#
# For each pyenv interpreter 3.8..3.13 that exists: generate the seeded cases
# (plus tests/truth/edge_cases.jsonl and the examples/bind_examples.jsonl
# lines for that version), compute the truth with *that*
# interpreter (tests/truth/cpython_truth.py), run `BIN bind --jsonl --python
# 3.X` on the same lines and compare (tests/truth/compare.py).  A missing
# interpreter is skipped with a message; at least one must run.
#
# Environment: ARGSPLIT_DIFF_SEED (20261125), ARGSPLIT_DIFF_COUNT (3000),
# ARGSPLIT_DIFF_VERSIONS ("8 9 10 11 12 13"), ARGSPLIT_DIFF_REPORT (a file the
# first 40 mismatches per version are appended to), PYENV_ROOT (/root/.pyenv).
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: run_differential.sh ARGSPLIT_BINARY" >&2
    exit 2
fi
BIN=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TRUTH=$HERE/truth
SEED=${ARGSPLIT_DIFF_SEED:-20261125}
COUNT=${ARGSPLIT_DIFF_COUNT:-3000}
VERSIONS=${ARGSPLIT_DIFF_VERSIONS:-"8 9 10 11 12 13"}
PYENV=${PYENV_ROOT:-/root/.pyenv}
REPORT=${ARGSPLIT_DIFF_REPORT:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

interpreter() {   # interpreter MINOR -> path, or nothing
    local p
    for p in "$PYENV"/versions/3."$1".*/bin/python3; do
        [ -x "$p" ] && { echo "$p"; return; }
    done
    p=$(command -v python3 || true)
    if [ -n "$p" ] && [ "$("$p" -c 'import sys; print(sys.version_info[1])')" = "$1" ]; then
        echo "$p"
    fi
}

# The hand-picked lines of examples/bind_examples.jsonl that apply to 3.MINOR
# (a line may pin its own "python").
examples_for() {
    local file=$HERE/../examples/bind_examples.jsonl
    [ -f "$file" ] || return 0
    python3 -c '
import json, sys
minor = sys.argv[2]
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        case = json.loads(line)
        if case.get("python", "3." + minor) in ("3." + minor, minor):
            print(json.dumps(case))
' "$file" "$1"
}

ran=0
failed=0
for minor in $VERSIONS; do
    py=$(interpreter "$minor")
    if [ -z "$py" ]; then
        echo "python 3.$minor: skipped (no interpreter under $PYENV/versions)"
        continue
    fi
    d=$work/3.$minor
    mkdir -p "$d"
    "$py" "$TRUTH/gen_cases.py" --seed "$SEED" --count "$COUNT" --python-minor "$minor" > "$d/cases.jsonl" &&
        cat "$TRUTH/edge_cases.jsonl" >> "$d/cases.jsonl" &&
        examples_for "$minor" >> "$d/cases.jsonl" &&
        "$py" "$TRUTH/cpython_truth.py" "$d/cases.jsonl" > "$d/truth.jsonl" || {
        echo "python 3.$minor: generating the truth failed"
        failed=1
        continue
    }
    "$BIN" bind --jsonl --python "3.$minor" < "$d/cases.jsonl" > "$d/got.jsonl" 2> "$d/stderr"
    status=$?
    # bind exits 0, or 2 when a line was an InputError; anything else (a
    # crash, a sanitizer report) fails the run.
    if { [ $status -ne 0 ] && [ $status -ne 2 ]; } ||
        grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$d/stderr"; then
        echo "python 3.$minor: argsplit exited with status $status"
        head -n 20 "$d/stderr"
        failed=1
    fi
    python3 "$TRUTH/compare.py" "$d/cases.jsonl" "$d/truth.jsonl" "$d/got.jsonl" \
        --label "python 3.$minor ($(basename "$(dirname "$(dirname "$py")")"))" \
        ${REPORT:+--report "$REPORT"} || failed=1
    ran=$((ran + 1))
done

if [ $ran -eq 0 ]; then
    echo "differential: no Python interpreter found (need at least python3)"
    exit 1
fi
echo "differential: $ran interpreter(s), $([ $failed -eq 0 ] && echo 'all match' || echo 'MISMATCHES')"
exit $failed
