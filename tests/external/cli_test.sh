#!/usr/bin/env bash
# cli_test.sh ARGSPLIT — external subjects through the CLI:
#   1. differential: `split --jsonl` with subject "reference" (C) and
#      "py:reference" (real CPython binding) on generated cases
#      (tests/truth/gen_cases.py + tests/external/gen_specs.py) must agree
#      line for line, apart from the "subject" field;
#   2. the contract of --subject py:NAME / ext:CMD / a subjects.toml name,
#      a "not installed" backend, a crashing subject inside a --jsonl stream,
#      and `check --subject py:reference`.
set -u
BIN=${1:?usage: cli_test.sh PATH/TO/argsplit}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
COUNT=${ARGSPLIT_EXT_CASES:-3000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# One real interpreter for the adapter and the generators (a pyenv shim
# would cost seconds per start); its version is the cases' Python.
PY=${ARGSPLIT_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
export ARGSPLIT_PYTHON=$PY
PYVER=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')

if "$BIN" split --subject py:reference '(a)' '' '(1)' 2>&1 | grep -q "unknown subject 'py:reference'"; then
    echo "FAIL: argsplit does not resolve external subjects: cli/cmd_split.c must call as_subject_resolve (subjects/external.h)"
    exit 1
fi

# --- 1. differential ----------------------------------------------------------
"$PY" "$SRC/tests/truth/gen_cases.py" --seed 7 --count "$COUNT" \
    | "$PY" "$HERE/gen_specs.py" --seed 7 --subject reference --python "$PYVER" >"$TMP/ref.jsonl"
sed 's/^{"subject": "reference"/{"subject": "py:reference"/' "$TMP/ref.jsonl" >"$TMP/py.jsonl"
"$BIN" split --jsonl <"$TMP/ref.jsonl" >"$TMP/ref.out" 2>"$TMP/ref.err"
"$BIN" split --jsonl <"$TMP/py.jsonl" >"$TMP/py.out" 2>"$TMP/py.err"
"$PY" - "$TMP/ref.jsonl" "$TMP/ref.out" "$TMP/py.out" <<'PYEOF' || failures=$((failures + 1))
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
ref = [json.loads(l) for l in open(sys.argv[2])]
py = [json.loads(l) for l in open(sys.argv[3])]
if not (len(reqs) == len(ref) == len(py)):
    print("FAIL: differential: %d requests, %d C answers, %d py answers" % (len(reqs), len(ref), len(py)))
    sys.exit(1)
bad = 0
kinds = {"decoration_error": 0, "call_error": 0, "ok": 0, "input": 0}
for q, a, b in zip(reqs, ref, py):
    a.pop("subject", None)
    b.pop("subject", None)
    if "error" in a:
        kinds["input"] += 1
    elif not a["decoration"]["ok"]:
        kinds["decoration_error"] += 1
    elif a["call"] is not None and not a["call"]["ok"]:
        kinds["call_error"] += 1
    else:
        kinds["ok"] += 1
    if a != b:
        bad += 1
        if bad <= 5:
            print("FAIL: differential: %s\n   C reference:  %s\n   py:reference: %s" % (json.dumps(q), json.dumps(a), json.dumps(b)))
print("differential: %d cases, %d disagree (%s)" % (len(reqs), bad, ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
sys.exit(1 if bad else 0)
PYEOF

# --- 2. CLI contract ----------------------------------------------------------
out=$("$BIN" split --json --subject py:reference '(a, b=2)' 'static_argnums=-1' '(1, b=3)' 2>&1)
[ "$out" = '{"subject":"py:reference","decoration":{"ok":true,"warnings":[]},"call":{"ok":true,"args":[{"param":"a","kind":"positional_or_keyword","passed":"positional","slot":0,"verdict":"traced"},{"param":"b","kind":"positional_or_keyword","passed":"keyword","slot":null,"verdict":"static"}]}}' ] \
    || fail "split --subject py:reference: [$out]"

if "$PY" -c 'import jax' 2>/dev/null; then
    "$BIN" split --subject py:jax.jit '(a, b)' 'static_argnums=1' '(1, 2)' >"$TMP/jax.out" 2>&1 \
        || fail "py:jax.jit with jax installed: [$(cat "$TMP/jax.out")]"
else
    "$BIN" split --subject py:jax.jit '(a)' '' '(1)' >"$TMP/nojax.out" 2>"$TMP/nojax.err"
    rc=$?
    [ $rc = 2 ] || fail "py:jax.jit without jax: exit $rc, want 2"
    grep -q "NotInstalled: py:jax.jit: jax is not installed" "$TMP/nojax.err" || fail "py:jax.jit: [$(cat "$TMP/nojax.err")]"
fi

out=$("$BIN" split --json --subject "ext:$PY $HERE/fake_subject.py" '(a)' '' 2>&1)
[ "$out" = '{"subject":"ext:fake","decoration":{"ok":true,"warnings":["UserWarning: (a)"]},"call":null}' ] \
    || fail "split --subject ext:CMD: [$out]"

# The docs/EXTERNAL.md example backend, with the toy library it wraps.
out=$(PYTHONPATH="$SRC/examples/own-library" ARGSPLIT_BACKENDS=my_backend "$BIN" split --json --subject py:mylib.jit \
      '(x, n, *a, **k)' 'static_argnums=1' '(1.0, 3, 4, n2=5)' 2>&1)
[ "$out" = '{"subject":"py:mylib.jit","decoration":{"ok":true,"warnings":[]},"call":{"ok":true,"args":[{"param":"x","kind":"positional_or_keyword","passed":"positional","slot":0,"verdict":"traced"},{"param":"n","kind":"positional_or_keyword","passed":"positional","slot":1,"verdict":"static"},{"param":"a[0]","kind":"var_positional","passed":"positional","slot":2,"verdict":"traced"},{"param":"k['"'"'n2'"'"']","kind":"var_keyword","passed":"keyword","slot":null,"verdict":"traced"}]}}' ] \
    || fail "py:mylib.jit positional: [$out]"
out=$(PYTHONPATH="$SRC/examples/own-library" ARGSPLIT_BACKENDS=my_backend "$BIN" split --json --subject py:mylib.jit \
      '(x, n)' 'static_argnums=1' '(1.0, n=3)' 2>&1)
echo "$out" | grep -q '{"param":"n","kind":"positional_or_keyword","passed":"keyword","slot":null,"verdict":"traced"}' \
    || fail "py:mylib.jit keyword (static by position only, so traced): [$out]"
out=$(PYTHONPATH="$SRC/examples/own-library" ARGSPLIT_BACKENDS=my_backend "$BIN" split --json --subject py:mylib.jit \
      '(x, n)' 'static_argnums=True' '(1.0, 2)' 2>&1)
echo "$out" | grep -q '"decoration":{"ok":false,"error":"TypeError","message":"static_argnums must contain ints, got bool"}' \
    || fail "py:mylib.jit decoration error: [$out]"

# A config file's subject, and a crash inside a stream: the stream goes on.
cat >"$TMP/subjects.toml" <<TOML
[subject.fake]
command = "$PY $HERE/fake_subject.py"
timeout_ms = 3000
TOML
printf '%s\n' '{"subject":"fake","signature":"(a)","spec":""}' \
              '{"subject":"fake","signature":"(crash)","spec":""}' \
              '{"subject":"fake","signature":"(b)","spec":""}' \
    | ARGSPLIT_SUBJECTS="$TMP/subjects.toml" "$BIN" split --jsonl >"$TMP/stream.out" 2>"$TMP/stream.err"
rc=$?
[ $rc = 0 ] || fail "stream with a crash: exit $rc [$(cat "$TMP/stream.err")]"
[ "$(wc -l <"$TMP/stream.out")" = 3 ] || fail "stream: [$(cat "$TMP/stream.out")]"
sed -n 2p "$TMP/stream.out" | grep -q '"decoration":{"ok":false,"error":"SubjectCrash","message":"the subject closed its output: killed by signal 11' \
    || fail "stream crash line: [$(sed -n 2p "$TMP/stream.out")]"
sed -n 3p "$TMP/stream.out" | grep -q '"UserWarning: (b)"' || fail "stream after the crash: [$(sed -n 3p "$TMP/stream.out")]"

"$BIN" check --subject py:reference >"$TMP/check.out" 2>&1 || fail "check --subject py:reference: [$(tail -3 "$TMP/check.out")]"

# Spec names read from a request are interned, as the same literal in source
# is (real JAX 0.4.31/0.4.33 did not treat a keyword argument as static when
# its static_argnames entry was an equal, non-interned str).
PYTHONPATH="$SRC/adapters/python" "$PY" - <<'PYEOF' || fail "adapter: spec names read from a request are not interned"
import sys
import argsplit_adapter as A
name = "".join(["st", "at"])                       # equal to 'stat', a fresh object
for spec in ({"static_argnames": name}, {"static_argnames": [name, "x y"]}, "static_argnames=('stat',)"):
    v = dict(A.parse_spec(spec))["static_argnames"]
    first = v[0] if isinstance(v, tuple) else v
    assert first is sys.intern("stat"), spec
assert dict(A.parse_spec({"static_argnames": [name, "x y"]}))["static_argnames"][1] == "x y"
PYEOF

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "external CLI: all passed"
