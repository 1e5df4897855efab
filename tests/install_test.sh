#!/usr/bin/env bash
# install_test.sh BUILD_DIR — `cmake --install` puts argsplit, its data and
# its man page under a prefix, and the installed argsplit finds its data
# (conformance cases and expectations, the Python adapter) from any
# directory: the gate runs on the installed cases and passes.
set -uo pipefail
BUILD=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cmake --install "$BUILD" --prefix "$T/prefix" >"$T/install.log" 2>&1 || { fail "cmake --install: $(tail -3 "$T/install.log")"; exit 1; }
P=$T/prefix
for f in bin/argsplit share/argsplit/conformance/REFERENCE.md share/argsplit/adapters/python/argsplit_adapter.py \
         share/argsplit/examples/own-library/my_backend.py share/man/man1/argsplit.1; do
    [ -e "$P/$f" ] || fail "$f not installed"
done
ls "$P"/share/argsplit/conformance/cases/*/*.case >/dev/null 2>&1 || fail "no cases installed"
ls "$P"/share/argsplit/conformance/expectations/*.txt >/dev/null 2>&1 || fail "no expectations installed"
grep -q '^\.TH ARGSPLIT' "$P/share/man/man1/argsplit.1" || fail "the man page is not a man page"
grep -q 'enumerate' "$P/share/man/man1/argsplit.1" || fail "the man page does not list the commands"
# every command's own help is in it (its COMMANDS section), and it renders
for cmd in $("$P/bin/argsplit" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'); do
    grep -q "^\.SS \"argsplit $cmd\"" "$P/share/man/man1/argsplit.1" || fail "the man page has no section for $cmd"
done
grep -q -- '--update-expectations' "$P/share/man/man1/argsplit.1" || fail "the man page lacks check's options"
if command -v man >/dev/null 2>&1; then
    MANPATH="$P/share/man" MANWIDTH=100 man argsplit 2>/dev/null | grep -q 'argsplit import-findings' ||
        fail "man argsplit does not render the commands"
fi
mkdir -p "$T/elsewhere" && cd "$T/elsewhere" || exit 1
env -u ARGSPLIT_SOURCE_DIR -u ARGSPLIT_ADAPTER "$P/bin/argsplit" check --subject jax.jit --json c.json >out 2>&1
rc=$?
[ $rc = 0 ] || fail "installed gate: exit $rc: $(tail -2 out)"
/usr/bin/python3 - "$P" <<'PY' || fail "the installed gate did not use the installed cases"
import json, sys
d = json.load(open("c.json"))
files = {c["file"] for c in d["cases"]}
assert files and all(f.startswith(sys.argv[1] + "/share/argsplit/conformance/cases/") for f in files), sorted(files)[:3]
PY
out=$(env -u ARGSPLIT_SOURCE_DIR -u ARGSPLIT_ADAPTER "$P/bin/argsplit" split --subject py:reference '(a, b)' 'static_argnums=0' '(1, 2)' 2>&1) ||
    fail "installed split --subject py:reference: $out"
[ $fails -eq 0 ] && echo "install: ok"
exit $((fails > 0))
