#!/usr/bin/env bash
# report_browser_test.sh MODE ARGSPLIT OUTDIR — see report.cmake.
#   cli      fuzz a small campaign, run the gate, write md/html/json reports
#            and check the CLI contract (exit statuses, formats, errors)
#   browser  render the HTML report in headless chromium: the matrix and a
#            class section are in the DOM, the page's script ran to the end
#            (body[data-ok]) without errors (no body[data-error]); keep a
#            screenshot as OUTDIR/report.png (and the page as OUTDIR/report.html).
#            Without chromium (scripts/bootstrap installs Debian's) it fails
#            with one line: a test never skips silently.
set -u
MODE=$1 BIN=$2 OUT=$3
T=$(mktemp -d /tmp/argsplit_report_test.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# resolved once: the pyenv shim costs ~50 ms per call
python_path() { python3 -c 'import sys; print(sys.executable)'; }

expect() {   # expect STATUS CMD...
    local want=$1; shift
    "$@" >"$T/stdout" 2>"$T/stderr"
    local got=$?
    [ "$got" = "$want" ] || fail "exit $got (want $want): $* :: $(head -c 300 "$T/stderr")"
}

make_db() {
    "$BIN" fuzz --db "$T/r.db" --seed 11 --cases 400 --quiet >/dev/null 2>"$T/fuzz.err" ||
        { fail "fuzz: $(cat "$T/fuzz.err")"; return; }
}

case "$MODE" in
cli)
    PY=$(python_path)
    make_db
    # the gate fails when it finds regressions (status 1); its JSON is what matters
    "$BIN" check --json "$T/conf.json" >/dev/null 2>&1
    [ -s "$T/conf.json" ] || fail "check --json wrote nothing"
    expect 0 "$BIN" report --db "$T/r.db" --conformance "$T/conf.json" --format json -o "$T/r.json"
    expect 0 "$BIN" report --db "$T/r.db" --conformance "$T/conf.json" -o "$T/r.html"
    expect 0 "$BIN" report --db "$T/r.db" -o "$T/r.md"
    expect 0 "$BIN" report --db "$T/r.db" --format md --html-link r.html
    cmp -s "$T/stdout" "$T/r.md" || fail "md on stdout differs from -o r.md (output must be reproducible)"
    grep -q '^# argsplit compatibility report' "$T/r.md" || fail "md title"
    grep -q '^<!DOCTYPE html>' "$T/r.html" || fail "html doctype"
    # the JSON agrees with the database it was built from
    "$PY" - "$T/r.json" "$T/r.db" "$T/conf.json" <<'PYEOF' || fail "json contents"
import json, sqlite3, sys
rep = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
conf = json.load(open(sys.argv[3]))
assert rep["format"] == "argsplit-report" and rep["version"] == 1
n_classes = db.execute("select count(*) from classes").fetchone()[0]
assert rep["summary"]["classes"] == n_classes, (rep["summary"], n_classes)
assert rep["summary"]["cases"] == db.execute("select sum(cases) from runs").fetchone()[0]
ids = {c["id"] for c in rep["classes"]}
# every cell with classes links to a shown class of that subject and rule, with the right count
counts = {}
for rule, subject, n in db.execute("select rule, subject, count(*) from classes group by 1, 2"):
    counts[(rule or "other", subject)] = n
for cell in rep["matrix"]:
    n = counts.get((cell["rule"], cell["subject"]), 0)
    assert cell["classes"] == n, (cell, n)
    if n:
        assert cell["state"] in ("differs", "error") and cell["class"] in ids, cell
by_id = {c["id"]: c for c in rep["classes"]}
for cell in rep["matrix"]:
    if cell["class"] is not None:
        c = by_id[cell["class"]]
        assert (c["rule"], c["subject"]) == (cell["rule"], cell["subject"]), (c["rule"], cell)
assert rep["conformance"]["results"] == conf["summary"]["results"]
assert sum(x["conformance"]["pass"] for x in rep["matrix"]) > 0
jit = [r for r in rep["seed"]["rows"] if r["subject"].startswith("jax.jit@")]
assert len(jit) % 3 == 0 and len(jit) >= 3
assert [r["prints"] for r in rep["seed"]["rows"][:3]] == ["1 2 3"] * 3
PYEOF
    # bad input
    expect 2 "$BIN" report --db "$T/missing.db" -o "$T/x.md"
    grep -q 'missing.db' "$T/stderr" || fail "missing db message: $(cat "$T/stderr")"
    echo '{"format": "junit"}' > "$T/bad.json"
    expect 2 "$BIN" report --db "$T/r.db" --conformance "$T/bad.json" -o "$T/x.md"
    expect 2 "$BIN" report --db "$T/r.db" --format pdf
    expect 2 "$BIN" report --db "$T/r.db" --max-classes many
    expect 2 "$BIN" report --db "$T/r.db" --bogus
    expect 0 "$BIN" report --help
    ;;
browser)
    PY=$(python_path)
    SRC=$(cd "$(dirname "$0")/.." && pwd)
    DOM="$SRC/tests/support/report_dom.py"   # chromium, and the report's sections (shared with adoption)
    "$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import report_dom; report_dom.chromium()' "$SRC/tests/support" || exit 1
    make_db
    # a second run (the changes section) and a gate with a failure: one
    # expectation of seed-row2 flipped, so jax.jit has changed failures
    "$BIN" fuzz --db "$T/r.db" --seed 12 --cases 200 --quiet >/dev/null 2>&1
    cp -r "$SRC/conformance/expectations" "$T/exp"
    sed -i 's/^seed-row2: a=static b=traced c=static$/seed-row2: a=traced b=traced c=static/' "$T/exp/jax.jit.txt"
    "$BIN" check --expectations "$T/exp" --subject jax.jit --json "$T/conf.json" >/dev/null 2>&1
    [ $? = 1 ] || fail "the flipped expectation did not fail the gate"
    expect 0 "$BIN" report --db "$T/r.db" --conformance "$T/conf.json" -o "$OUT/report.html"
    expect 0 "$BIN" report --db "$T/r.db" --conformance "$T/conf.json" -o "$OUT/report.md"
    size=$(wc -c <"$OUT/report.md")
    [ "$size" -le 61440 ] || fail "report.md is $size bytes (a pull-request comment takes 60 KB)"
    grep -q '^## Gate failures (' "$OUT/report.md" || fail "report.md: no gate failures section"
    grep -q '(report.html)' "$OUT/report.md" || fail "report.md does not link to report.html"
    run_chromium() {   # run_chromium ARGS... — fresh profile, no network features
        "$PY" "$DOM" chromium "$@" 2>>"$T/chromium.err"
    }
    run_chromium --dump-dom "file://$OUT/report.html" >"$T/dom.html"
    [ -s "$T/dom.html" ] || fail "chromium dumped no DOM: $(tail -3 "$T/chromium.err")"
    "$PY" - "$T/dom.html" <<'PYEOF' || fail "DOM checks"
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.body = None; s.tables = set(); s.classes = 0; s.links = 0
    def handle_starttag(s, tag, attrs):
        a = dict(attrs)
        if tag == "body": s.body = a
        if tag == "table": s.tables.add(a.get("class"))
        if tag == "section" and a.get("class") == "cls" and a.get("id", "").startswith("class-"):
            s.classes += 1
        if tag == "a" and a.get("href", "").startswith("#class-"): s.links += 1
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
assert p.body is not None, "no body"
assert "data-error" not in p.body, "script error: %s" % p.body.get("data-error")
assert p.body.get("data-ok") == "1", "the page script did not finish: %r" % p.body
assert "matrix" in p.tables and "seed" in p.tables, p.tables
assert p.classes > 0 and p.links > 0, (p.classes, p.links)
PYEOF
    # What a maintainer acts on comes first: the gate's failures (naming the
    # failing case, with a reproducer), then root causes, pass rates, the
    # changes since the previous run, the matrix; chart titles are visible.
    run_chromium --dump-dom "file://$OUT/report.html#selftest-copy" >"$T/dom2.html"
    "$PY" - "$T/dom2.html" "$SRC/tests/support" <<'PYEOF' || fail "report sections / copy button"
import html.parser, re, sys
sys.path.insert(0, sys.argv[2])
from report_dom import sections
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.body = None; s.text = {}; s.figcaps = 0; s.cur = None
    def handle_starttag(s, tag, attrs):
        a = dict(attrs)
        if tag == "body": s.body = a
        if tag == "figcaption": s.figcaps += 1
        if tag == "pre" and a.get("id"): s.cur = a["id"]; s.text[s.cur] = ""
    def handle_endtag(s, tag):
        if tag == "pre": s.cur = None
    def handle_data(s, d):
        if s.cur: s.text[s.cur] += d
src = open(sys.argv[1], encoding="utf-8").read()
p = P(); p.feed(src)
want = ["gate-failures", "rootcauses", "pass-rates", "changes", "matrix"]
assert [i for i, _ in sections(src)][:5] == want, sections(src)[:6]
gate = src[src.index('id="gate-failures"'):src.index('id="rootcauses"')]
assert "seed-row2" in gate and "changed-failure" in gate and "jax.jit@" in gate, gate[:500]
assert 'class="copy"' in gate and "def f(a, /, b, *, c)" in gate, "no reproducer with a copy button"
assert p.figcaps >= 2, "chart titles are not visible"
copied = p.body.get("data-copied")
assert copied is not None, "the copy button copied nothing"
assert copied == p.text.get("gate-0-code"), (copied[:80], p.text.get("gate-0-code", "")[:80])
assert "jax.jit(f" in copied and "g(1, 2, c=3)" in copied, copied
PYEOF
    run_chromium --screenshot="$OUT/report.png" --window-size=1400,1000 "file://$OUT/report.html" >/dev/null
    [ -s "$OUT/report.png" ] || fail "no screenshot: $(tail -3 "$T/chromium.err")"
    # The family-collapsed matrix fits a laptop screen: measured by the
    # browser's layout at 1400 px, in a copy that reports the table's width.
    cp "$OUT/report.html" "$T/width.html"
    echo '<script>addEventListener("load",function(){var t=document.querySelector("table.matrix-fam");document.body.setAttribute("data-fam-width",t?Math.ceil(t.getBoundingClientRect().width):-1);});</script>' >>"$T/width.html"
    run_chromium --window-size=1400,1000 --dump-dom "file://$T/width.html" >"$T/width.dom"
    width=$(grep -o 'data-fam-width="-\{0,1\}[0-9]*"' "$T/width.dom" | grep -o -- '-\{0,1\}[0-9][0-9]*')
    [ -n "$width" ] && [ "$width" -gt 0 ] && [ "$width" -le 1400 ] ||
        fail "the family matrix is ${width:-not measured} px wide in a 1400 px window"
    ;;
*)
    echo "usage: report_browser_test.sh cli|browser ARGSPLIT OUTDIR" >&2
    exit 2
    ;;
esac
[ "$fails" = 0 ] && echo "report_browser_test $MODE: ok" || echo "report_browser_test $MODE: $fails failure(s)"
[ "$fails" = 0 ]
