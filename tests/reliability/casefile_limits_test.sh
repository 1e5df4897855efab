#!/usr/bin/env bash
# casefile_limits_test.sh ARGSPLIT — `argsplit check` reads case and
# expectation files within the documented limits (docs/LIMITS.md,
# conformance/casefile.h): a line over AS_CONF_LINE_MAX, a field over
# AS_CONF_VALUE_MAX and a file over AS_CONF_FILE_MAX each give exit 2 and
# one line naming the file and the line, without reading the rest (a
# sparse 1 GiB file is answered from its first MiB); duplicate case ids are
# found across files by sorting and named where the second one is.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
cd "$TMP" || exit 1
mkdir -p exp

good() {   # good ID: one valid case
    printf -- '--- id: %s\nsignature: (a)\nspec: \ncall: (1)\nreference: a=traced\n' "$1"
}
# check NAME: `argsplit check` of cases/NAME/ (decoration by the reference only)
check() {
    run "$1" "$BIN" check --cases "$TMP/cases/$1" --expectations "$TMP/exp" --subject reference
}

# a line over the line limit, after a valid case
mkdir -p cases/longline
{ good ok1; printf 'call: (%s)\n' "$(head -c 1100000 /dev/zero | tr '\0' 1)"; } >cases/longline/a.case
n=$(($(good ok1 | wc -l) + 1))
check longline
expect_refused longline "^argsplit: .*cases/longline/a\.case:$n: line longer than 1052672 bytes"

# a sparse 1 GiB file of NUL bytes: one line, refused at its first MiB
mkdir -p cases/huge
truncate -s 1G cases/huge/huge.case
check huge
expect_refused huge "cases/huge/huge\.case:1: line longer than 1052672 bytes"

# over the file limit: 65 MiB of comment lines, then a case
mkdir -p cases/bigfile
python3 -c 'import sys; sys.stdout.write("#\n" * (65 * 2**19))' >cases/bigfile/big.case
check bigfile
expect_refused bigfile "cases/bigfile/big\.case:$((32 * 2**20 + 1)): file larger than 64 MiB"

# a field value over the value limit through continuation lines
mkdir -p cases/longfield
{ good x | sed '/^call:/d'
  echo "call: (1,"
  line=$(head -c 600000 /dev/zero | tr '\0' 1)
  printf ' %s\n %s\n )\n' "$line" "$line"; } >cases/longfield/f.case
check longfield
expect_refused longfield "cases/longfield/f\.case:7: field 'call' longer than 1048576 bytes"

# an expectation file over the line limit
mkdir -p cases/fine exp2
good fine1 >cases/fine/a.case
head -c 1100000 /dev/zero | tr '\0' '#' >exp2/reference.txt
run exp_long "$BIN" check --cases "$TMP/cases/fine" --expectations "$TMP/exp2" --subject reference
expect_refused exp_long "exp2/reference\.txt:1: line longer than 1052672 bytes"

# duplicate ids across files: 20000 cases, the duplicate named at its second place
mkdir -p cases/dups
python3 - "$TMP/cases/dups" <<'PY'
import sys
case = "--- id: %s\nsignature: (a)\nspec: \ncall: (1)\nreference: a=traced\n"
with open(sys.argv[1] + "/a.case", "w") as f:
    f.write("".join(case % ("c%d" % i) for i in range(10000)))
with open(sys.argv[1] + "/b.case", "w") as f:
    f.write("".join(case % ("d%d" % i) for i in range(9999)) + case % "c1234")
PY
check dups
expect_refused dups "cases/dups/b\.case:49996: duplicate case id 'c1234' \(first at .*cases/dups/a\.case:6171\)"

# a subjects.toml over its limits: the same reader (oracle/textfile.h), 64 KiB lines, 1 MiB
{ printf '[subject.x]\ncommand = "'; head -c 70000 /dev/zero | tr '\0' a; printf '"\n'; } >long.toml
run toml_line "$BIN" split --subjects-config "$TMP/long.toml" --subject x '(a)' '' '(1)'
expect_refused toml_line "long\.toml:2: line longer than 65536 bytes"
{ for i in $(seq 40); do printf '# %s\n' "$(head -c 30000 /dev/zero | tr '\0' c)"; done; } >big.toml
run toml_file "$BIN" split --subjects-config "$TMP/big.toml" --subject x '(a)' '' '(1)'
expect_refused toml_file "big\.toml:35: file larger than 1 MiB"

# within the limits: fine
check fine
[ "$rc" = 0 ] || fail "fine: exit $rc [$(cat "$TMP/fine.err")]"

finish
