#!/usr/bin/env bash
# own_library_test.sh ARGSPLIT SOURCE_DIR — the "own library as a subject"
# example of docs/EXTERNAL.md runs literally as printed: the lines of the
# block after <!-- own-library-example --> run one by one (in a copy of the
# repository's examples/, `argsplit` on PATH), each with the exit status its
# comment states; the external subject starts with no expectations, records
# its own, and the gate then passes.
set -uo pipefail
BIN=$(realpath "$1")
SRC=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
mkdir -p "$T/bin" "$T/repo"
ln -s "$BIN" "$T/bin/argsplit"
cp -r "$SRC/examples" "$T/repo/"
/usr/bin/python3 - "$SRC" >"$T/lines" <<'PY'   # the block, as tests/docs/doccmd.py reads every doc block
import sys
sys.path.insert(0, sys.argv[1] + "/tests/docs")
import doccmd
b = [x for x in doccmd.blocks(sys.argv[1] + "/docs/EXTERNAL.md") if x[0] == "own-library-example"]
print("\n".join(doccmd.commands(b[0][2]) if b else []))
PY
# docs/EXTERNAL.md shows my_backend.py verbatim
/usr/bin/python3 - "$SRC" <<'PY' || fail "docs/EXTERNAL.md's my_backend.py differs from examples/own-library/my_backend.py"
import re, sys
doc = open(sys.argv[1] + "/docs/EXTERNAL.md").read()
m = re.search(r"^```python\n(# my_backend\.py.*?)^```$", doc, re.S | re.M)
sys.exit(0 if m and m.group(1) == open(sys.argv[1] + "/examples/own-library/my_backend.py").read() else 1)
PY
[ "$(wc -l <"$T/lines")" -ge 4 ] || fail "docs/EXTERNAL.md: no example block ($(wc -l <"$T/lines") lines)"
cd "$T/repo" || exit 1
n=0
while IFS= read -r line; do
    n=$((n + 1))
    want=$(printf '%s\n' "$line" | sed -n 's/.*# exit \([0-9]\).*/\1/p')
    PATH="$T/bin:$PATH" eval "$line" >"$T/out.$n" 2>&1
    rc=$?
    if [ -n "$want" ] && [ "$rc" != "$want" ]; then
        fail "line $n [$line]: exit $rc, want $want"; tail -n 5 "$T/out.$n"
    elif [ -z "$want" ] && [ "$rc" != 0 ]; then
        fail "line $n [$line]: exit $rc"; tail -n 5 "$T/out.$n"
    fi
    # what the comment states is what is printed
    case $line in
        *"a regression"*) grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed' "$T/out.$n" && grep -q ' 0 unexpected-pass, 0 changed-failure' "$T/out.$n" ||
                              fail "line $n: not only regressions" ;;
        *"0 failed"*) grep -Eq '^[0-9]+ passed, 0 failed' "$T/out.$n" || fail "line $n: not 0 failed" ;;
    esac
done <"$T/lines"
cd "$T/repo" || exit 1
# Recorded under the subject's own namespace, none of jax.jit's entries inherited.
f=examples/own-library/conformance/expectations/py_mylib.jit.txt
[ -s "$f" ] || fail "no $f"
grep -q '^\[py:mylib.jit\]$' "$f" || fail "$f has no [py:mylib.jit] header"
grep -q '^\[jax' "$f" && fail "$f has jax.jit entries"
# its "Regenerate with:" line names the subject as given, so it runs as printed
regen=$(sed -n 's/^# Regenerate with: //p' "$f")
[ "$regen" = "argsplit check --subject 'ext:python3 my_backend.py' --update-expectations" ] ||
    fail "$f: the regenerate line does not name the ext: subject as given [$regen]"
# The replay line names the subject as it was given (the ext: command, not
# the handshake's py:mylib.jit, which would need the backend on the
# adapter's path), runs as printed where the gate ran, and imports the library.
grep -q "replay:    argsplit replay --case --subject 'ext:python3 my_backend.py'" "$T/out.2" ||
    fail "line 2: no replay line for the ext: subject [$(grep -m1 replay: "$T/out.2")]"
replay=$(sed -n 's/^ *replay: *//p' "$T/out.2" | head -n 1)
(cd examples/own-library && PATH="$T/bin:$PATH" eval "$replay") >"$T/replay" 2>&1 ||
    { fail "replay line [$replay]: exit $?"; tail -n 3 "$T/replay"; }
grep -q '^import mylib$' "$T/replay" && grep -q '^g = mylib.jit(f' "$T/replay" || fail "replay snippet does not use mylib"
# ... and the snippet's own "# re-run:" line names it as given too and runs
# as printed there, answering for the library's subject.
rerun=$(sed -n 's/^# re-run: //p' "$T/replay" | head -n 1)
case $rerun in
    "argsplit split --subject 'ext:python3 my_backend.py' "*) ;;
    *) fail "snippet's re-run line does not name the ext: subject as given [$rerun]" ;;
esac
(cd examples/own-library && PATH="$T/bin:$PATH" eval "$rerun") >"$T/rerun" 2>&1 ||
    { fail "re-run line [$rerun]: exit $?"; tail -n 3 "$T/rerun"; }
grep -q '^subject *py:mylib.jit$' "$T/rerun" || fail "re-run line did not answer for py:mylib.jit [$(head -n 1 "$T/rerun")]"
# the gate's JSON keeps the id as given beside the handshake's (a report's replay lines name it)
(cd examples/own-library && PATH="$T/bin:$PATH" argsplit check --subject 'ext:python3 my_backend.py' --json "$T/gate.json") \
    >/dev/null 2>&1
/usr/bin/python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["subjects"][0]
sys.exit(0 if (s["id"], s.get("asked")) == ("py:mylib.jit", "ext:python3 my_backend.py") else 1)' "$T/gate.json" ||
    fail "check --json: subjects[0] has no asked id [$(head -c 300 "$T/gate.json")]"
# The same backend as a subjects.toml subject: recorded under its NAME
# ([mylib] in mylib.txt), the file reads back, and the gate then passes.
mkdir -p "$T/cfg" && cd "$T/cfg" || exit 1
printf '[subject.mylib]\ncommand = "python3 my_backend.py"\nbackend = "py:mylib.jit"\ncwd = "%s"\n' \
    "$T/repo/examples/own-library" >subjects.toml
PATH="$T/bin:$PATH" argsplit check --subject mylib --update-expectations >"$T/cfg.1" 2>&1 ||
    { fail "subjects.toml: --update-expectations exit $?"; tail -n 3 "$T/cfg.1"; }
grep -q '^\[mylib\]$' conformance/expectations/mylib.txt 2>/dev/null || fail "subjects.toml: no [mylib] header in conformance/expectations/mylib.txt"
PATH="$T/bin:$PATH" argsplit check --subject mylib >"$T/cfg.2" 2>&1 || { fail "subjects.toml: the recorded gate exit $?"; tail -n 3 "$T/cfg.2"; }
grep -Eq '^[1-9][0-9]* passed, 0 failed' "$T/cfg.2" || fail "subjects.toml: not 0 failed [$(tail -n 1 "$T/cfg.2")]"
# a subject that does not start says why, not "unknown subject"
sed -i '/^backend/d' subjects.toml
PATH="$T/bin:$PATH" argsplit check --subject mylib >"$T/cfg.3" 2>&1
rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$T/cfg.3")" = 1 ] && grep -q "asked for backend" "$T/cfg.3" ||
    fail "subjects.toml: a backend mismatch: exit $rc [$(cat "$T/cfg.3")]"
[ $fails -eq 0 ] && echo "own library example: ok"
exit $((fails > 0))
