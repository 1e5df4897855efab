#!/bin/sh
# man-commands.sh ARGSPLIT OUT — the man page's COMMANDS and FILES sections
# for help2man --include: every command's own `argsplit help COMMAND`, as
# printed, so the man page says what --help says (CMakeLists.txt runs it).
set -eu
bin=$1
out=$2
roff() {   # verbatim text: backslashes escaped, no line read as a request
    sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}
{
    echo "[COMMANDS]"
    printf '%s\n' "Each command's own help, as \\fBargsplit help\\fR \\fICOMMAND\\fR prints it."
    "$bin" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' | while read -r cmd; do
        echo ".SS \"argsplit $cmd\""
        echo ".nf"
        "$bin" help "$cmd" | roff
        echo ".fi"
    done
    echo "[FILES]"
    echo ".TP"
    echo ".I PREFIX/share/argsplit"
    echo "the data an installed argsplit finds from any directory: conformance cases and"
    echo "expectations, the Python adapter, the own-library example, scripts/real-env."
} >"$out.tmp"
mv "$out.tmp" "$out"
