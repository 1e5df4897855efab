#!/usr/bin/env bash
# split_cli_test.sh ARGSPLIT — the contract of `argsplit subjects` and `argsplit split`.
set -u
BIN=${1:?usage: split_cli_test.sh PATH/TO/argsplit}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME ARGS... : stdout/stderr/status into $TMP/NAME.{out,err,rc}; stdin from $TMP/NAME.in if present
run() {
    local name=$1; shift
    if [ -f "$TMP/$name.in" ]; then
        "$BIN" "$@" <"$TMP/$name.in" >"$TMP/$name.out" 2>"$TMP/$name.err"
    else
        "$BIN" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err"
    fi
    echo $? >"$TMP/$name.rc"
}
expect_rc() { [ "$(cat "$TMP/$1.rc")" = "$2" ] || fail "$1: exit $(cat "$TMP/$1.rc"), want $2 [$(cat "$TMP/$1.err")]"; }
expect_out() { [ "$(cat "$TMP/$1.out")" = "$2" ] || fail "$1: stdout was [$(cat "$TMP/$1.out")], want [$2]"; }
expect_line() { grep -Eq -- "$2" "$TMP/$1.out" || fail "$1: no line matching /$2/ in [$(cat "$TMP/$1.out")]"; }
expect_no_stderr() { [ -s "$TMP/$1.err" ] && fail "$1: unexpected stderr [$(cat "$TMP/$1.err")]"; }
expect_one_error_line() {
    [ "$(wc -l <"$TMP/$1.err")" -eq 1 ] || fail "$1: stderr is not one line: [$(cat "$TMP/$1.err")]"
    grep -Eq -- "$2" "$TMP/$1.err" || fail "$1: stderr [$(cat "$TMP/$1.err")] does not match /$2/"
}

# --- subjects ----------------------------------------------------------------
run subjects subjects
expect_rc subjects 0
expect_no_stderr subjects
head -1 "$TMP/subjects.out" | grep -Eq '^reference +[^ ].*' || fail "subjects: first line is not the reference"
while read -r id desc; do
    [ -n "$desc" ] || fail "subjects: '$id' has no description"
    case "$id" in reference|*@*) ;; *) fail "subjects: id '$id' is neither reference nor family@version" ;; esac
done <"$TMP/subjects.out"
[ "$(cut -d' ' -f1 "$TMP/subjects.out" | sort | uniq -d)" = "" ] || fail "subjects: duplicate ids"
run subjects_extra subjects bogus
expect_rc subjects_extra 2
expect_line subjects '^jax\.jit@0\.4\.27 +0\.4\.27–0\.4\.35 +checked 0\.4\.30 '

# --- FAMILY@RELEASE: the covering model, said on stderr; outside every range: one line, exit 2
run release split --subject jax.jit@0.4.30 '(a, b)' 'static_argnums=0' '(1, 2)'
expect_rc release 0
expect_line release '^subject +jax\.jit@0\.4\.27$'
expect_one_error_line release '^argsplit split: jax\.jit@0\.4\.30 → model jax\.jit@0\.4\.27 \(covers 0\.4\.27–0\.4\.35\)$'
run release_gap split --subject jax.jit@0.2.9 '(a, b)' 'static_argnums=0' '(1, 2)'
expect_rc release_gap 2
expect_one_error_line release_gap 'no model of jax\.jit covers release 0\.2\.9; the models cover: jax\.jit@0\.3\.7 \(0\.3\.0–0\.3\.7\), '
run real_bad split --subject real:jax.jot@0.4.14 '(a, b)' 'static_argnums=0' '(1, 2)'
expect_rc real_bad 2
expect_one_error_line real_bad "unknown family 'jax\.jot'"

# --- split: readable table ---------------------------------------------------
run table split --subject reference '(a, /, b, *, c)' "static_argnums=(0, 1, 2)" '(1, 2, c=3)'
expect_rc table 0
expect_no_stderr table
expect_line table '^subject +reference$'
expect_line table '^signature +\(a, /, b, \*, c\)$'
expect_line table '^spec +static_argnums=\(0, 1, 2\)$'
expect_line table '^decoration +ok$'
expect_line table '^param +kind +passed +slot +verdict$'
expect_line table '^a +positional_only +positional +0 +static$'
expect_line table '^b +positional_or_keyword +positional +1 +static$'
expect_line table '^c +keyword_only +keyword +- +static$'

run table_default split '(x, y=0)' 'donate_argnums=0' '(1)'
expect_rc table_default 0
expect_line table_default '^param +kind +passed +slot +verdict +donated$'
expect_line table_default '^x +positional_or_keyword +positional +0 +traced +yes$'
expect_line table_default '^y +positional_or_keyword +default +- +default +no$'

run table_decor split '(a, b)' 'static_argnums=5' '(1, 2)'
expect_rc table_decor 0
expect_line table_decor '^decoration +ValueError: static_argnums index 5 is out of range for 2 parameters$'

run table_call split '(a, b)' 'static_argnums=0' '(1)'
expect_rc table_call 0
expect_line table_call "^result +TypeError: f\(\) missing 1 required positional argument: 'b'$"

run table_nocall split '(a, b)' 'static_argnums=0' -
expect_rc table_nocall 0
expect_line table_nocall '^call +\(none\)$'
expect_line table_nocall '^decoration +ok$'
run table_nocall2 split '(a, b)' 'static_argnums=0'
expect_rc table_nocall2 0

# --- split --json --------------------------------------------------------------
run json split --json --subject reference '(a, /, b, *, c)' "static_argnames=('b', 'c'), static_argnums=(0,)" '(1, 2, c=3)'
expect_rc json 0
expect_out json '{"subject":"reference","decoration":{"ok":true,"warnings":[]},"call":{"ok":true,"args":[{"param":"a","kind":"positional_only","passed":"positional","slot":0,"verdict":"static"},{"param":"b","kind":"positional_or_keyword","passed":"positional","slot":1,"verdict":"static"},{"param":"c","kind":"keyword_only","passed":"keyword","slot":null,"verdict":"static"}]}}'
run json_nocall split --json '(a)' '' -
expect_out json_nocall '{"subject":"reference","decoration":{"ok":true,"warnings":[]},"call":null}'
run json_decor split --json '(a)' 'static_argnums=True' '(1)'
expect_out json_decor '{"subject":"reference","decoration":{"ok":false,"error":"TypeError","message":"static_argnums must be an int, a str, or a tuple or list of them, not bool"},"call":null}'
run json_bind split --json --python 3.8 '(a)' '' '(1, 2)'
expect_out json_bind '{"subject":"reference","decoration":{"ok":true,"warnings":[]},"call":{"ok":false,"error":"TypeError","message":"f() takes 1 positional argument but 2 were given"}}'

# --- split --subject all -------------------------------------------------------
run all split --subject all '(a, /, b, *, c)' "static_argnums=(0, 1, 2)" '(1, 2, c=3)'
expect_rc all 0
expect_line all '^ +reference( |$)'
expect_line all '^\(decoration\) +ok( |$)'
expect_line all '^a +static( |$)'
expect_line all '^c +static( |$)'
n_subjects=$(wc -l <"$TMP/subjects.out")
# Every subject is either a column or named once as not taking the keywords.
header_cols=$(grep -E '^ +reference' "$TMP/all.out" | wc -w)
omitted=$(sed -n 's/^not shown, [0-9]* subjects without these keywords: //p' "$TMP/all.out" | wc -w)
[ $((header_cols + omitted)) -eq "$n_subjects" ] || fail "all: $header_cols columns + $omitted omitted, want $n_subjects subjects"
grep -Eq '^ +reference +jax\.jit@0\.3\.7 ' "$TMP/all.out" || fail "all: jax.jit columns missing"
grep -q 'jax.vmap@0.11.1' "$TMP/all.out" || fail "all: jax.vmap neither shown nor listed"
run all_json split --subject all --json '(a)' '' '(1)'
expect_rc all_json 0
# One JSON document: an array with one object per subject.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d, list) and len(d) == int(sys.argv[2]), len(d)' \
    "$TMP/all_json.out" "$n_subjects" || fail "all_json: not one JSON array of $n_subjects results"

# --- bad input: exit 2, one line on stderr, nothing on stdout ---------------------
run unknown split --subject no.such@1 '(a)' '' '(1)'
expect_rc unknown 2
expect_one_error_line unknown "^argsplit: --subject: unknown subject 'no.such@1'"
[ -s "$TMP/unknown.out" ] && fail "unknown: unexpected stdout"
run badspec split '(a)' 'static_argnums=(0' '(1)'
expect_rc badspec 2
expect_one_error_line badspec '^argsplit: spec:1:[0-9]+: InputError: '
run dupspec split '(a)' 'x=1, x=2' '(1)'
expect_rc dupspec 2
expect_one_error_line dupspec '^argsplit: spec:1:6: SyntaxError: keyword argument repeated: x$'
run badsig split '(a, a)' '' '(1)'
expect_rc badsig 2
expect_one_error_line badsig "^argsplit: signature(:1:[0-9]+)?: SyntaxError: duplicate argument 'a' in function definition$"
run badcall split '(a)' '' '(*xs)'
expect_rc badcall 2
expect_one_error_line badcall '^argsplit: call:1:[0-9]+: InputError: '
run toofew split '(a)'
expect_rc toofew 2
run badopt split --frob '(a)' ''
expect_rc badopt 2
run badpy split --python 2.7 '(a)' ''
expect_rc badpy 2
run help split --help
expect_rc help 0
expect_line help '^usage: argsplit split'

# --- --jsonl: streaming, bad lines give error lines ------------------------------
cat >"$TMP/jsonl.in" <<'JSONL'
{"subject": "reference", "signature": "(a, /, b, *, c)", "spec": {"static_argnames": ["a", "b", "c"]}, "call": "(1, 2, c=3)"}
this is not json
{"subject": "reference", "signature": "(x, y=0)", "spec": {"static_argnums": -1}, "call": null}
{"subject": "no.such@1", "signature": "(x)", "spec": {}, "call": null}

{"subject": "reference", "signature": "(x)", "spec": {"static_argnums": [0]}, "call": "(*xs)"}
{"subject": "reference", "signature": "(x, x)", "spec": {}, "call": "(1)"}
{"subject": "reference", "signature": "(x)", "spec": "static_argnums=0", "call": "(y=1)", "python": "3.13"}
{"signature": "(x)"}
JSONL
run jsonl split --jsonl
expect_rc jsonl 2
[ "$(wc -l <"$TMP/jsonl.out")" -eq 8 ] || fail "jsonl: want 8 output lines, got [$(cat "$TMP/jsonl.out")]"
sed -n 1p "$TMP/jsonl.out" | grep -q '"param":"a","kind":"positional_only","passed":"positional","slot":0,"verdict":"static"' || fail "jsonl line 1: $(sed -n 1p "$TMP/jsonl.out")"
sed -n 2p "$TMP/jsonl.out" | grep -Eq '^\{"subject":null,"error":"InputError","message":"line 2: invalid JSON: ' || fail "jsonl line 2: $(sed -n 2p "$TMP/jsonl.out")"
[ "$(sed -n 3p "$TMP/jsonl.out")" = '{"subject":"reference","decoration":{"ok":true,"warnings":[]},"call":null}' ] || fail "jsonl line 3: $(sed -n 3p "$TMP/jsonl.out")"
[ "$(sed -n 4p "$TMP/jsonl.out")" = '{"subject":"no.such@1","error":"InputError","message":"line 4: unknown subject '"'no.such@1'"'"}' ] || fail "jsonl line 4: $(sed -n 4p "$TMP/jsonl.out")"
sed -n 5p "$TMP/jsonl.out" | grep -Eq '^\{"subject":"reference","error":"InputError","message":"line 6: ' || fail "jsonl line 5: $(sed -n 5p "$TMP/jsonl.out")"
sed -n 6p "$TMP/jsonl.out" | grep -Eq '^\{"subject":"reference","error":"SyntaxError","message":"line 7: signature: duplicate argument' || fail "jsonl line 6: $(sed -n 6p "$TMP/jsonl.out")"
sed -n 7p "$TMP/jsonl.out" | grep -q "got an unexpected keyword argument 'y'" || fail "jsonl line 7: $(sed -n 7p "$TMP/jsonl.out")"
sed -n 8p "$TMP/jsonl.out" | grep -Eq '^\{"subject":null,"error":"InputError","message":"line 9: ' || fail "jsonl line 8: $(sed -n 8p "$TMP/jsonl.out")"

# Streaming: the answer to line 1 arrives before line 2 is written.
if command -v timeout >/dev/null; then
    fifo="$TMP/fifo"; mkfifo "$fifo"
    ( timeout 10 "$BIN" split --jsonl <"$fifo" >"$TMP/stream.out" 2>&1 ) &
    pid=$!
    exec 7>"$fifo"
    echo '{"subject": "reference", "signature": "(x)", "spec": {}, "call": "(1)"}' >&7
    for _ in $(seq 50); do [ -s "$TMP/stream.out" ] && break; sleep 0.1; done
    [ -s "$TMP/stream.out" ] || fail "jsonl: no output before end of input (not streaming)"
    exec 7>&-
    wait "$pid"
fi

cat >"$TMP/jsonl_ok.in" <<'JSONL'
{"subject": "reference", "signature": "(a)", "spec": null, "call": "(1)"}
JSONL
run jsonl_ok split --jsonl
expect_rc jsonl_ok 0

# --- the reference against an independent Python rendition of REFERENCE.md ----
# Random cases; binding, defaults and TypeErrors come from real CPython
# (inspect.signature(f).bind and calling f).  Every line must agree exactly.
python3 - "$BIN" >"$TMP/diff.out" 2>&1 <<'PY' || fail "reference differential: $(head -20 "$TMP/diff.out")"
import inspect, json, random, subprocess, sys
rng = random.Random(20240614)
NAMES = ["a", "b", "c", "d", "e"]

def gen_sig():
    parts, kinds = [], []
    names = rng.sample(NAMES, rng.randint(0, 4))
    defaults = False
    for _ in names:
        kinds.append(rng.choice(["po", "pk", "pk", "ko"]))
    kinds.sort(key=["po", "pk", "ko"].index)
    seen_star = False
    out = []
    for n, k in zip(names, kinds):
        if k == "ko" and not seen_star:
            out.append("*args" if rng.random() < 0.4 else "*")
            seen_star = True
        d = rng.random() < 0.3
        if k != "ko":
            if defaults and not d:
                d = True
            defaults = defaults or d
        out.append(n + ("=9" if d else ""))
        if k == "po" and (n == names[-1] or kinds[names.index(n) + 1] != "po"):
            out.append("/")
    if not seen_star and rng.random() < 0.3:
        out.append("*args")
    if rng.random() < 0.3:
        out.append("**kw")
    return "(" + ", ".join(out) + ")"

def gen_selector(n):
    items = []
    for _ in range(rng.randint(0, 2)):
        if rng.random() < 0.5:
            items.append(rng.randint(-n - 1, n))
        else:
            items.append(rng.choice(NAMES + ["args", "kw", "z"]))
    return items if rng.random() < 0.7 else (items[0] if items else None)

def gen_spec(n):
    spec = {}
    for kw in rng.sample(["static_argnums", "static_argnames", "donate_argnums", "argnums"], rng.randint(0, 2)):
        spec[kw] = gen_selector(n)
    return spec

def gen_call(sig):
    args = [str(i) for i in range(rng.randint(0, 4))]
    kws = rng.sample(NAMES + ["z"], rng.randint(0, 3))
    return "(" + ", ".join(args + [k + "=" + str(10 + i) for i, k in enumerate(kws)]) + ")", len(args), kws

ROLE = {"static_argnums": "static", "static_argnames": "static", "donate_argnums": "donate", "argnums": "diff"}

def expected(sig_text, spec, call):
    ns = {}
    exec("def f" + sig_text + ": return locals()", ns)
    f = ns["f"]
    params = list(inspect.signature(f).parameters.values())
    n = len(params)
    varkw = next((p.name for p in params if p.kind == p.VAR_KEYWORD), None)
    sel = {"static": {}, "donate": {}, "diff": {}}
    given = set()
    out = {"subject": "reference"}
    def dec_error(t, m):
        out["decoration"] = {"ok": False, "error": t, "message": m}
        out["call"] = None
        return out
    # REFERENCE.md R11: keywords by name; in a selector an out-of-range
    # index (smallest) before an unknown name (smallest)
    for kw, v in sorted(spec.items()):
        role = ROLE[kw]
        given.add(role)
        items = [] if v is None else v if isinstance(v, list) else [v]
        bad_idx = sorted(it for it in items if isinstance(it, int) and not -n <= it < n)
        bad_name = sorted(it for it in items if isinstance(it, str) and it not in [p.name for p in params] and not varkw)
        items = bad_idx[:1] or bad_name[:1] or items
        for it in items:
            if isinstance(it, int):
                if not -n <= it < n:
                    return dec_error("ValueError", "%s index %d is out of range for %d parameter%s" % (kw, it, n, "" if n == 1 else "s"))
                atom = ("p", params[it].name)
            elif it in [p.name for p in params]:
                atom = ("p", it)
            elif varkw:
                atom = ("k", it)
            else:
                return dec_error("ValueError", "%s name '%s' is not a parameter and the function has no **kwargs" % (kw, it))
            if atom not in sel[role] or kw < sel[role][atom]:
                sel[role][atom] = kw
    def roles_of(pname, key):
        r = {}
        for role in sel:
            w = sel[role].get(("p", pname)) or (sel[role].get(("k", key)) if key is not None else None)
            if w:
                r[role] = w
        return r
    def static_reason(r):
        if "static" in r: return "static (%s)" % r["static"]
        if "diff" in given and "diff" not in r:
            first = min(k for k in spec if ROLE[k] == "diff")
            return "static (not selected by %s)" % first
        return None
    # **kwargs keys in name order (REFERENCE.md R11)
    keys = sorted(set(a[1] for role in sel for a in sel[role] if a[0] == "k"))
    atoms = [(p.name, None) for p in params] + [(varkw, k) for k in keys]
    for pname, key in atoms:
        r = roles_of(pname, key)
        label = "%s['%s']" % (varkw, key) if key is not None else "'%s'" % pname
        if "static" in r and "diff" in r:
            return dec_error("ValueError", "%s cannot be both static (%s) and differentiated (%s)" % (label, r["static"], r["diff"]))
        st = static_reason(r)
        if "donate" in r and st:
            return dec_error("ValueError", "%s cannot be both %s and donated (%s)" % (label, st, r["donate"]))
    out["decoration"] = {"ok": True, "warnings": []}
    if call is None:
        out["call"] = None
        return out
    text, npos, kws = call
    args = list(range(npos))
    kwargs = {k: 10 + i for i, k in enumerate(kws)}
    try:
        bound = f(*args, **kwargs)   # f returns locals(): CPython's own binding
    except TypeError as e:
        out["call"] = {"ok": False, "error": "TypeError", "message": str(e)}
        return out
    entries = []
    def entry(name, kind, passed, slot, pname, key):
        r = roles_of(pname, key)
        verdict = "default" if passed == "default" else "static" if static_reason(r) else "traced"
        e = {"param": name, "kind": kind, "passed": passed, "slot": slot, "verdict": verdict}
        if "donate" in given:
            e["donated"] = verdict == "traced" and "donate" in r
        entries.append(e)
    KIND = {0: "positional_only", 1: "positional_or_keyword", 2: "var_positional", 3: "keyword_only", 4: "var_keyword"}
    for i, p in enumerate(params):
        kind = KIND[int(p.kind)]
        if p.kind == p.VAR_POSITIONAL:
            base = sum(1 for q in params if q.kind in (q.POSITIONAL_ONLY, q.POSITIONAL_OR_KEYWORD))
            for j, _ in enumerate(bound[p.name]):
                entry("%s[%d]" % (p.name, j), kind, "positional", base + j, p.name, None)
        elif p.kind == p.VAR_KEYWORD:
            for k in bound[p.name]:
                entry("%s['%s']" % (p.name, k), kind, "keyword", None, p.name, k)
        elif bound[p.name] == 9:      # the generated defaults are all 9, passed values never
            entry(p.name, kind, "default", None, p.name, None)
        elif i < npos and p.kind != p.KEYWORD_ONLY:
            entry(p.name, kind, "positional", i, p.name, None)
        else:
            entry(p.name, kind, "keyword", None, p.name, None)
    out["call"] = {"ok": True, "args": entries}
    return out

cases, want = [], []
for _ in range(600):
    sig = gen_sig()
    try:
        exec("def f" + sig + ": pass", {})
    except SyntaxError:
        continue
    ns = {}; exec("def f" + sig + ": pass", ns)
    n = len(inspect.signature(ns["f"]).parameters)
    spec = gen_spec(n)
    call = gen_call(sig) if rng.random() < 0.9 else None
    cases.append(json.dumps({"subject": "reference", "signature": sig, "spec": spec, "call": call[0] if call else None}))
    want.append(expected(sig, spec, call))
res = subprocess.run([sys.argv[1], "split", "--jsonl"], input="\n".join(cases) + "\n", capture_output=True, text=True)
got = res.stdout.splitlines()
assert len(got) == len(cases), "got %d lines for %d cases" % (len(got), len(cases))
bad = 0
for c, g, w in zip(cases, got, want):
    if json.loads(g) != w:
        bad += 1
        if bad <= 5:
            print("case", c, "\n  argsplit", g, "\n  python  ", json.dumps(w))
print(len(cases), "cases,", bad, "disagreements")
sys.exit(1 if bad else 0)
PY

cat "$TMP/diff.out"
[ "$failures" -eq 0 ] && echo "split_cli: all checks passed"
exit $((failures > 0))
