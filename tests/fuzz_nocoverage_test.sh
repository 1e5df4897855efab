#!/bin/sh
# fuzz_nocoverage_test.sh [LIBARGSPLIT] — the fuzz builds leave the harness's
# own code uninstrumented, as meant, and nothing else.  The FZ_NO_COVERAGE
# functions (fuzz/support/case_codec.h; read from clang's IR, attribute
# nosanitize_coverage) are compiled as scripts/fuzz-build compiles them:
# for AFL++ with afl-clang-fast and the denylist that build_afl writes
# (scripts/fuzz-build afl-denylist), for libFuzzer with clang
# -fsanitize=fuzzer-no-link (comparison tracing on).  Checks:
#   - no marked function's body refers to the engine's instrumentation
#     (__afl_*, __sancov*, __sanitizer_cov* relocations), in either build;
#   - coverage is added after inlining, so a marked function that an
#     unmarked one of its file calls is FZ_NOINLINE (and keeps a body),
#     else its copy in the caller is instrumented (no LTO: only a caller in
#     the same file can inline it);
#   - the denylist names every marked function, and under AFL++ every
#     function of the files fuzz/afl_denylist.txt lists (src:) is bare;
#   - AFL++ matches list entries as suffixes: no other function (of these
#     objects and of LIBARGSPLIT, the CMake build's library) ends with a
#     marked name, no other source file's name with a listed file's.
# Controls, so that it cannot pass by seeing nothing: each file's unmarked
# functions and a library file off the list are instrumented, and without
# the denylist afl-clang-fast instruments a marked function of each file.
# shellcheck disable=SC2086,SC2089,SC2090,SC2013,SC2016,SC2010
# (flag lists split on purpose, the quotes in ARGSPLIT_SOURCE_DIR's value
# literal on purpose; no name here has a space)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
me=fuzz_nocoverage_test
for tool in afl-clang-fast clang objdump nm; do
    command -v "$tool" >/dev/null || { echo "$me: $tool not found (scripts/bootstrap installs AFL++)"; exit 1; }
done
lib=""
[ $# -gt 0 ] && lib=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
bad() { echo "$me: FAIL: $*"; fail=1; }

libdirs="oracle subjects engine conformance reports"
defs="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DARGSPLIT_SOURCE_DIR=\"$root\" -I$root -I$root/fuzz"
# the library as CMake's Release build compiles it, fuzz/ as build_afl does
libflags="-O3 -DNDEBUG $defs -DARGSPLIT_INSTALL_DATADIR=\"/usr/local/share/argsplit\""
fuzzflags="-O2 -g -Wall -Wextra -Werror $defs"
afl="env AFL_QUIET=1 AFL_LLVM_DENYLIST=$tmp/afl_denylist.txt afl-clang-fast"
afl_raw="env -u AFL_LLVM_DENYLIST -u AFL_LLVM_ALLOWLIST AFL_QUIET=1 afl-clang-fast"

# cc1 OUT SRC COMMAND...: compile SRC to OUT; a failure is reported
cc1() {
    cc_out=$1 cc_src=$2; shift 2
    "$@" -c "$cc_src" -o "$cc_out" >"$cc_out.log" 2>&1 ||
        { bad "compile $cc_src: $(head -n 3 "$cc_out.log")"; return 1; }
}

# covered OBJ: "FUNCTION N" per function of OBJ, N the relocations to
# instrumentation in its body
covered() {
    objdump -dr --no-show-raw-insn "$1" | awk '
        /^[0-9a-f]+ <[^>]*>:$/ { fn = substr($2, 2, length($2) - 3); seen[fn] = 1; next }
        /R_[A-Z0-9_]+/ && /(__afl_|__sancov|__sanitizer_cov)/ { n[fn]++ }
        END { for (f in seen) print f, n[f] + 0 }'
}

# ir SRC: what clang reads in SRC, before any pass (declared attributes
# only): "fn NAME MARKED NOINLINE" (1 or 0) per function, and "use CALLER
# CALLEE" for each function another one's body calls or names
ir() {
    clang -O1 -Xclang -disable-llvm-passes -S -emit-llvm -fsanitize=fuzzer-no-link $defs "$1" -o - | awk '
        /^define / { cur = $0; sub(/^[^@]*@/, "", cur); sub(/\(.*/, "", cur)
                     g = $0; sub(/ *\{ *$/, "", g); sub(/.* /, "", g); grp[cur] = g; next }
        /^}/ { cur = ""; next }
        cur != "" { line = $0
                    while (match(line, /@[A-Za-z_][A-Za-z0-9_.]*/)) {
                        used[cur, substr(line, RSTART + 1, RLENGTH - 1)] = 1
                        line = substr(line, RSTART + RLENGTH) } }
        /^attributes #[0-9]+ = / { if (/[{ ]nosanitize_coverage[ }]/) ns[$2] = 1
                                   if (/[{ ]noinline[ }]/) ni[$2] = 1 }
        END { for (f in grp) print "fn", f, (grp[f] in ns) ? 1 : 0, (grp[f] in ni) ? 1 : 0
              for (k in used) { split(k, p, SUBSEP)
                                if ((p[2] in grp) && p[2] != p[1]) print "use", p[1], p[2] } }'
}

# check ENGINE OBJ B: in OBJ (B.c compiled) no marked function's body is
# instrumented, a noinline one has a body (one without was inlined into
# marked callers only: see below), some unmarked function (if any) is
# instrumented
check() {
    engine=$1 obj=$2 b=$3
    covered "$obj" >"$obj.cov"
    while read -r f; do
        n=$(awk -v f="$f" '$1 == f { print $2 }' "$obj.cov")
        if [ -n "$n" ] && [ "$n" -gt 0 ]; then
            bad "$engine: FZ_NO_COVERAGE $f is instrumented ($n references in its body)"
        elif [ -z "$n" ] && grep -qx "$f" "$tmp/$b.noinline"; then
            bad "$engine: FZ_NOINLINE $f has no body of its own in $b.c's object"
        fi
    done <"$tmp/$b.names"
    others=$(awk 'NR == FNR { m[$1] = 1; next } !($1 in m) && $1 !~ /^(sancov|asan)\./' "$tmp/$b.names" "$obj.cov")
    [ -z "$others" ] || echo "$others" | awk '$2 > 0 { ok = 1 } END { exit !ok }' ||
        bad "$engine: no unmarked function of $b.c is instrumented (control)"
}

# the marked functions, their files, and who may inline them
: >"$tmp/all.names"
files=""
for src in $(grep -l FZ_NO_COVERAGE "$root"/fuzz/*.c "$root"/fuzz/support/*.c); do
    b=$(basename "$src" .c)
    ir "$src" >"$tmp/$b.ir" || { bad "clang cannot read $src"; continue; }
    awk '$1 == "fn" && $3 == 1 { print $2 }' "$tmp/$b.ir" | sort >"$tmp/$b.names"
    awk '$1 == "fn" && $3 == 1 && $4 == 1 { print $2 }' "$tmp/$b.ir" | sort >"$tmp/$b.noinline"
    [ -s "$tmp/$b.names" ] || continue
    files="$files $src"
    cat "$tmp/$b.names" >>"$tmp/all.names"
    awk '$1 == "fn" { m[$2] = $3; ni[$2] = $4 }
         $1 == "use" && m[$3] == 1 && m[$2] == 0 && ni[$3] == 0 { print $3, $2 }' "$tmp/$b.ir" |
        sort | while read -r f g; do
            echo "$me: FAIL: FZ_NO_COVERAGE $f ($b.c) can be inlined into unmarked $g, and be instrumented there: it needs FZ_NOINLINE"
        done | grep . && fail=1
done
nmarked=$(wc -l <"$tmp/all.names")
[ "$nmarked" -gt 0 ] || bad "no FZ_NO_COVERAGE function in fuzz/ (clang's IR has no nosanitize_coverage)"

# the denylist, written as build_afl writes it (scripts/fuzz-build afl-denylist)
deny="$tmp/afl_denylist.txt"
sh "$root/scripts/fuzz-build" afl-denylist "$deny" 2>"$tmp/gen.log" && [ -s "$deny" ] || {
    bad "scripts/fuzz-build afl-denylist failed or wrote nothing: $(head -n 2 "$tmp/gen.log")"
    : >"$deny"
}
sed -n 's/^fun: *//p' "$deny" | sort >"$tmp/deny.funs"
sort "$tmp/all.names" | comm -23 - "$tmp/deny.funs" | while read -r f; do
    echo "$me: FAIL: the AFL++ denylist misses FZ_NO_COVERAGE $f"
done | grep . && fail=1

# AFL++: the marked files with the denylist (checked) and without (control)
for src in $files; do
    b=$(basename "$src" .c)
    cc1 "afl_$b.o" "$src" $afl $fuzzflags && check "AFL++" "afl_$b.o" "$b"
    cc1 "raw_$b.o" "$src" $afl_raw $fuzzflags && {
        covered "raw_$b.o" | awk 'NR == FNR { m[$1] = 1; next } ($1 in m) && $2 > 0 { ok = 1 } END { exit !ok }' \
            "$tmp/$b.names" - || bad "AFL++ without the denylist: no FZ_NO_COVERAGE function of $b.c is instrumented (control)"
    }
done

# AFL++: the listed library files (bare), a file off the list (instrumented)
nsrc=0
for s in $(sed -n 's/^src: *//p' "$root/fuzz/afl_denylist.txt"); do
    found=""
    for d in $libdirs; do [ -f "$root/$d/$s" ] && found="$root/$d/$s"; done
    [ -n "$found" ] || { bad "fuzz/afl_denylist.txt: src: $s is no library file"; continue; }
    b=$(basename "$s" .c)
    cc1 "src_$b.o" "$found" $afl $libflags || continue
    nsrc=$((nsrc + 1))
    covered "src_$b.o" | awk '$2 > 0 { print $1 }' | while read -r f; do
        echo "$me: FAIL: AFL++: $f of denylisted $s is instrumented"
    done | grep . && fail=1
    for other in $(cd "$root" && ls $libdirs fuzz fuzz/support | grep '\.c$' | sort -u); do
        case $other in
        "$s") ;;
        *"$s") bad "fuzz/afl_denylist.txt: src: $s also matches $other" ;;
        esac
    done
done
control=oracle/error.c
cc1 control.o "$root/$control" $afl $libflags &&
    { covered control.o | awk '$2 > 0 { ok = 1 } END { exit !ok }' || bad "AFL++: $control is not instrumented (control)"; }

# libFuzzer: the marked files
for src in $files; do
    b=$(basename "$src" .c)
    cc1 "lf_$b.o" "$src" clang -fsanitize=fuzzer-no-link $fuzzflags && check libFuzzer "lf_$b.o" "$b"
done

# no other function ends with a marked name
{ for o in afl_*.o src_*.o control.o; do [ -f "$o" ] && nm --defined-only "$o"; done
  [ -z "$lib" ] || nm --defined-only "$lib" 2>/dev/null || bad "cannot read $lib"; } |
    awk 'NF == 3 && $2 ~ /^[TtWw]$/ { print $3 }' | sort -u >"$tmp/defined"
while read -r f; do
    awk -v f="$f" 'length($0) > length(f) && substr($0, length($0) - length(f) + 1) == f' "$tmp/defined" |
        while read -r g; do echo "$me: FAIL: $g ends with FZ_NO_COVERAGE $f: fun: $f leaves it bare too"; done
done <"$tmp/all.names" | grep . && fail=1

[ $fail -eq 0 ] || exit 1
echo "$me: ok ($nmarked FZ_NO_COVERAGE functions bare under AFL++ and libFuzzer, none inlinable into covered code; $nsrc denylisted files bare; controls instrumented)"
