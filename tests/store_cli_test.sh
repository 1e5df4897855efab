#!/usr/bin/env bash
# store_cli_test.sh ARGSPLIT TEST_STORE — the contract of triage, replay, merge.
set -u
BIN=${1:?usage: store_cli_test.sh PATH/TO/argsplit PATH/TO/test_store}
FIXTURE=${2:?usage: store_cli_test.sh PATH/TO/argsplit PATH/TO/test_store}
BIN=$(realpath "$BIN")
FIXTURE=$(realpath "$FIXTURE")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
# The interpreter itself, not a version-manager shim (which costs seconds per call).
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || true)

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() {
    local name=$1; shift
    (cd "$TMP" && "$BIN" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err")
    echo $? >"$TMP/$name.rc"
}
expect_rc() { [ "$(cat "$TMP/$1.rc")" = "$2" ] || fail "$1: exit $(cat "$TMP/$1.rc"), want $2 [$(cat "$TMP/$1.err")]"; }
expect_line() { grep -Eq -- "$2" "$TMP/$1.out" || fail "$1: no line matching /$2/ in [$(cat "$TMP/$1.out")]"; }
expect_no_line() { grep -Eq -- "$2" "$TMP/$1.out" && fail "$1: unexpected line /$2/"; }
expect_no_stderr() { [ -s "$TMP/$1.err" ] && fail "$1: unexpected stderr [$(cat "$TMP/$1.err")]"; }
expect_one_error_line() {
    [ "$(wc -l <"$TMP/$1.err")" -eq 1 ] || fail "$1: stderr is not one line: [$(cat "$TMP/$1.err")]"
    grep -Eq -- "$2" "$TMP/$1.err" || fail "$1: stderr [$(cat "$TMP/$1.err")] does not match /$2/"
}
# bad NAME PATTERN ARGS...: exit 2, nothing on stdout, one stderr line matching PATTERN
bad() {
    local name=$1 pattern=$2; shift 2
    run "$name" "$@"
    expect_rc "$name" 2
    [ -s "$TMP/$name.out" ] && fail "$name: unexpected stdout [$(cat "$TMP/$name.out")]"
    expect_one_error_line "$name" "$pattern"
}
python_ok() { # FILE: parses as Python
    [ -z "$PY" ] && return 0
    "$PY" -c "import ast,sys; ast.parse(open(sys.argv[1]).read())" "$1" || fail "$1 is not valid Python: $(cat "$1")"
}
json_check() { # NAME PYTHON-EXPR over j = the parsed stdout
    [ -z "$PY" ] && return 0
    "$PY" - "$TMP/$1.out" "$2" <<'PYEOF' || fail "$1: JSON check failed: $2"
import json, sys
j = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps(j, indent=1)[:3000])
sys.exit(0 if ok else 1)
PYEOF
}

"$FIXTURE" --make-fixture "$TMP/f.db" >/dev/null || { echo "FAIL: cannot make the fixture"; exit 1; }

# --- triage ------------------------------------------------------------------
run triage triage --db f.db --classes
expect_rc triage 0
expect_no_stderr triage
expect_line triage '^3 discrepancy classes in f.db$'
expect_line triage '^== jax.jit@0.4.13 ==$'
expect_line triage '^class [0-9]+  jax.jit@0.4.13  vs-reference  rule neg-index  5 hits in 1 run$'
expect_line triage '^  signature  \(a\)$'
expect_line triage '^  spec       static_argnums=-1$'
expect_line triage '^  call       \(none: decoration only\)$'
expect_line triage '^    \* a +static +traced$'
# sorted by subject, then hit count
order=$(grep -E '^class ' "$TMP/triage.out" | awk '{print $3, $6, $7}' | tr '\n' '|')
[ "$order" = "jax.jit@0.4.13 neg-index 5|jax.jit@0.4.13 both-specs 1|jax.pmap@0.4.13 pmap-neg-ignored 2|" ] ||
    fail "triage order: $order"

run triage_json triage --db f.db --classes --json
expect_rc triage_json 0
expect_no_stderr triage_json
json_check triage_json 'isinstance(j, list) and len(j) == 3'
json_check triage_json '[c["key"] for c in j] == ["jit-neg", "jit-both", "pmap-neg"]'
json_check triage_json 'all(list(c)[:8] == ["key", "subject", "relation", "rule", "count", "reproducer", "reference", "observed"] for c in j)'
json_check triage_json 'j[0]["count"] == 5 and j[0]["subject"] == "jax.jit@0.4.13" and j[0]["relation"] == "vs-reference" and j[0]["rule"] == "neg-index"'
json_check triage_json 'j[0]["reproducer"]["signature"] == "(a)" and j[0]["reproducer"]["spec"] == {"static_argnums": -1} and j[0]["reproducer"]["call"] == "(1)"'
json_check triage_json 'j[1]["reproducer"]["spec"] == {"static_argnums": [-3]} and j[1]["reproducer"]["call"] == "(1, 2, c=x)"'
json_check triage_json 'j[2]["reproducer"]["call"] is None'
json_check triage_json 'all(isinstance(c["reference"], dict) and isinstance(c["observed"], dict) for c in j)'
json_check triage_json 'j[0]["observed"]["call"]["args"][0]["verdict"] == "static" and j[0]["reference"]["call"]["args"][0]["verdict"] == "traced"'

# root causes (the default): the fixture's classes were stored without one
run causes triage --db f.db
expect_rc causes 0
expect_no_stderr causes
expect_line causes '^1 root cause \(1 new\) from 3 discrepancy classes in f.db$'
run causes_json triage --db f.db --json --variants
expect_rc causes_json 0
json_check causes_json 'len(j) == 1 and j[0]["classes"] == 3 and j[0]["hits"] == 8 and j[0]["new"] and len(j[0]["variants"]) == 3'
json_check causes_json 'set(v["name"] for v in j[0]["variants"]) == {"jit-neg", "jit-both", "pmap-neg"}'
run causes_filter triage --db f.db --json --subject jax.pmap@0.4.13
json_check causes_filter 'len(j) == 1 and j[0]["classes"] == 1'
# --subject as every command reads it: a family means its versions, repeated or comma-separated
run causes_family triage --db f.db --json --subject jax.pmap
json_check causes_family 'len(j) == 1 and j[0]["classes"] == 1'
run causes_two triage --db f.db --json --subject jax.jit --subject jax.pmap@0.4.13
json_check causes_two 'len(j) == 1 and j[0]["classes"] == 3'
run causes_comma triage --db f.db --json --subject jax.jit@0.4.13,jax.pmap
json_check causes_comma 'len(j) == 1 and j[0]["classes"] == 3'
bad triage_subject "^argsplit: triage: --subject: unknown subject 'jax.jitt'" triage --db f.db --subject jax.jitt
run causes_limit triage --db f.db --limit 0 --new --since 1 --family jax.jit --relation vs-reference
expect_rc causes_limit 0
bad triage_limit '^argsplit: --limit: .x. is not a count$' triage --db f.db --limit x

# --- replay ------------------------------------------------------------------
run replay replay --db f.db jit-neg
expect_rc replay 0
expect_no_stderr replay
expect_line replay '^def f\(a\):$'
expect_line replay '^g = jax.jit\(f, static_argnums=-1\)$'
expect_line replay '^g\(1\)$'
expect_line replay "^# re-run: argsplit split --subject 'jax.jit@0.4.13' --python 3.11 '\(a\)' 'static_argnums=-1' '\(1\)'$"
cp "$TMP/replay.out" "$TMP/replay.py" && python_ok "$TMP/replay.py"

id=$(grep -E '^class [0-9]+ .*both-specs' "$TMP/triage.out" | awk '{print $2}')
run replay_id replay --db f.db "$id"
expect_rc replay_id 0
expect_line replay_id '^def f\(a, b, c\):$'
expect_line replay_id '^x = jnp.ones\(3\)$'
expect_line replay_id '^g\(1, 2, c=x\)$'
cp "$TMP/replay_id.out" "$TMP/replay_id.py" && python_ok "$TMP/replay_id.py"

run replay_orig replay --db f.db --original jit-neg
expect_rc replay_orig 0
expect_line replay_orig '^def f\(a, b, c\):$'
expect_line replay_orig '^g = jax.jit\(f, static_argnums=\(-3,\)\)$'

run replay_pmap replay --db=f.db pmap-neg
expect_rc replay_pmap 0
expect_line replay_pmap '^g = jax.pmap\(f, static_broadcasted_argnums=\(-1,\)\)$'
expect_no_line replay_pmap '^g\('
cp "$TMP/replay_pmap.out" "$TMP/replay_pmap.py" && python_ok "$TMP/replay_pmap.py"

run replay_case replay --case --subject reference --python 3.9 '(a, /, b=y, *, c)' 'static_argnums=(0,), static_argnames="c"' '(1, c=z)'
expect_rc replay_case 0
expect_no_stderr replay_case
expect_line replay_case '^def f\(a, /, b=y, \*, c\):$'
expect_line replay_case '^y = jnp.ones\(3\)$'
expect_line replay_case '^z = jnp.ones\(3\)$'
expect_line replay_case '^g\(1, c=z\)$'
expect_line replay_case '^#     a +static +static$'
expect_line replay_case '--python 3.9 '
cp "$TMP/replay_case.out" "$TMP/replay_case.py" && python_ok "$TMP/replay_case.py"
run replay_case_json replay --case --subject reference '(a, b)' '{"static_argnums": [1]}'
expect_rc replay_case_json 0
expect_line replay_case_json '^g = jax.jit\(f, static_argnums=\(1,\)\)$'

bad replay_unknown "f.db: no class or root cause 'nope'" replay --db f.db nope
bad replay_no_class 'needs one CLASS' replay --db f.db
bad replay_bad_subject "unknown subject 'jax.nothing'" replay --case --subject jax.nothing '(a)' '' '(1)'
bad replay_bad_sig 'signature' replay --case --subject reference '(a, a)' '' '(1)'
bad replay_bad_spec 'spec' replay --case --subject reference '(a)' 'static_argnums=' '(1)'
bad replay_missing_db 'nowhere.db: no such file' replay --db nowhere.db jit-neg

# --- bad databases -------------------------------------------------------------
bad triage_missing '^argsplit: nowhere.db: no such file$' triage --db nowhere.db
bad triage_default_missing '^argsplit: argsplit.db: no such file$' triage
head -c 5000 /dev/urandom | base64 >"$TMP/text.db"
bad triage_text '^argsplit: text.db: not an argsplit database$' triage --db text.db
if [ -n "$PY" ]; then
    "$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()" "$TMP/foreign.db"
    bad triage_foreign '^argsplit: foreign.db: not an argsplit database$' triage --db foreign.db
    bad replay_foreign '^argsplit: foreign.db: not an argsplit database$' replay --db foreign.db 1
    bad merge_foreign '^argsplit: foreign.db: not an argsplit database$' merge out_foreign.db foreign.db
    [ -e "$TMP/out_foreign.db" ] && fail "merge_foreign: created the output although an input was bad"
    bad merge_into_foreign '^argsplit: foreign.db: not an argsplit database$' merge foreign.db f.db
    "$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from sqlite_master').fetchone()[0])" \
        "$TMP/foreign.db" | grep -qx 1 || fail "merge_into_foreign: the foreign file was changed"
fi
# a truncated argsplit database
size=$(stat -c %s "$TMP/f.db")
head -c $((size / 2)) "$TMP/f.db" >"$TMP/trunc.db"
bad triage_truncated '^argsplit: trunc.db: (file is corrupt|not an argsplit database)' triage --db trunc.db
bad replay_truncated '^argsplit: trunc.db: (file is corrupt|not an argsplit database)' replay --db trunc.db jit-neg
bad merge_truncated '^argsplit: trunc.db: (file is corrupt|not an argsplit database)' merge out_trunc.db trunc.db
head -c 100 "$TMP/f.db" >"$TMP/stub.db"
bad triage_stub '^argsplit: stub.db: ' triage --db stub.db

# --- merge -----------------------------------------------------------------
run merge merge out.db f.db
expect_rc merge 0
expect_no_stderr merge
expect_line merge '^f.db: 1 run added, 0 updated, 0 already present; 3 new classes$'
run merge_again merge out.db f.db f.db
expect_rc merge_again 0
expect_line merge_again '^f.db: 0 runs added, 0 updated, 1 already present; 0 new classes$'
run triage_out triage --db out.db --classes --json
json_check triage_out '[(c["key"], c["count"]) for c in j] == [("jit-neg", 5), ("jit-both", 1), ("pmap-neg", 2)]'
json_check triage_out 'j[0]["reproducer"]["signature"] == "(a)"'
"$FIXTURE" --make-fixture "$TMP/g.db" >/dev/null
run merge_two merge out2.db f.db g.db
expect_rc merge_two 0
run triage_out2 triage --db out2.db --classes --json
json_check triage_out2 '[(c["key"], c["count"]) for c in j] == [("jit-neg", 10), ("jit-both", 2), ("pmap-neg", 4)]'
bad merge_usage 'needs OUT.db' merge out.db
bad merge_missing 'nowhere.db: no such file' merge out.db nowhere.db
bad merge_self 'itself' merge out.db out.db
if [ -n "$PY" ]; then
    # another process holding the write lock: refused, not a hang (a hang
    # is the test's own TIMEOUT).  The locker holds the lock until told to
    # let go, so a slow start under load cannot find it released.
    "$PY" -c "
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('begin exclusive'); c.execute(\"insert into meta values('lock', 'held')\")
open(sys.argv[2], 'w').close()
deadline = time.time() + 120
while not os.path.exists(sys.argv[3]) and time.time() < deadline: time.sleep(0.05)
c.execute('rollback')" "$TMP/out.db" "$TMP/locked.flag" "$TMP/release.flag" &
    locker=$!
    for _ in $(seq 300); do [ -e "$TMP/locked.flag" ] && break; sleep 0.1; done
    [ -e "$TMP/locked.flag" ] || fail "merge_locked: the locker never took the lock"
    bad merge_locked '^argsplit: out.db: database is locked \(another argsplit is writing it\?\)$' merge out.db g.db
    touch "$TMP/release.flag"
    wait "$locker"
    run triage_after_lock triage --db out.db --classes --json
    json_check triage_after_lock '[(c["key"], c["count"]) for c in j] == [("jit-neg", 5), ("jit-both", 1), ("pmap-neg", 2)]'
fi

run help_triage triage --help
expect_rc help_triage 0
run help_replay replay --help
expect_rc help_replay 0
run help_merge merge --help
expect_rc help_merge 0
bad triage_bad_opt 'unknown option' triage --bogus

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "store_cli: all checks passed"
