#!/bin/bash -eu
# build.sh — ClusterFuzzLite / OSS-Fuzz build: every fuzz/fuzz_*.c as
# $OUT/<target>, linked with $LIB_FUZZING_ENGINE, with its dictionary
# ($OUT/<target>.dict), seed corpus ($OUT/<target>_seed_corpus.zip) and, for
# fuzz_differential, the known discrepancy keys beside the binary.
# Uses only $CC $CFLAGS $LIB_FUZZING_ENGINE $OUT (and $SRC to find the tree).
# A new discrepancy is not a crash here either: fuzz_differential writes
# its import line to standard error and goes on (ARGSPLIT_FUZZ_FINDINGS_STDERR,
# as the nightly's ARGSPLIT_FUZZ_FINDINGS file); only sanitizer reports and
# real crashes stop the engine.
# (-e also when run as `bash build.sh`, where the #! line's flags are not
# read: a failed link must fail the build.)
set -eu
if [ -f "${SRC:-}/argsplit/CMakeLists.txt" ]; then
    R="$SRC/argsplit"
elif [ -f "${SRC:-}/CMakeLists.txt" ] && [ -d "${SRC:-}/fuzz" ]; then
    R="$SRC"
else
    R="$(cd "$(dirname "$0")/.." && pwd)"
fi
OBJ="${WORK:-$(mktemp -d)}/argsplit-obj"
rm -rf "$OBJ"
mkdir -p "$OBJ" "$OUT"
DEFS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DARGSPLIT_SOURCE_DIR=\"$R\""
INCS="-I$R -I$R/fuzz $(pkg-config --cflags jansson sqlite3 2>/dev/null || true)"
LIBS="$(pkg-config --libs jansson sqlite3 2>/dev/null || echo -ljansson -lsqlite3) -lm -lpthread"

# The library (every directory CMakeLists.txt puts in libargsplit) and the
# harness support code, once.
i=0
for src in "$R"/oracle/*.c "$R"/subjects/*.c "$R"/engine/*.c "$R"/conformance/*.c "$R"/reports/*.c \
    "$R"/fuzz/support/*.c; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    $CC $CFLAGS $DEFS $INCS -c "$src" -o "$OBJ/$i-$(basename "$src" .c).o" &
    if [ $((i % 8)) -eq 0 ]; then wait; fi
done
wait

for src in "$R"/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    # shellcheck disable=SC2086
    $CC $CFLAGS $DEFS -DARGSPLIT_FUZZ_FINDINGS_STDERR $INCS -c "$src" -o "$OBJ/$t.o"
    # shellcheck disable=SC2086
    $CC $CFLAGS $LIB_FUZZING_ENGINE "$OBJ/$t.o" "$OBJ"/*-*.o $LIBS -o "$OUT/$t"
    case $t in
    fuzz_spec) cp "$R/fuzz/dict/spec.dict" "$OUT/$t.dict" ;;
    fuzz_signature|fuzz_call) cp "$R/fuzz/dict/python.dict" "$OUT/$t.dict" ;;
    *) cp "$R/fuzz/dict/all.dict" "$OUT/$t.dict" ;;
    esac
    if [ -d "$R/corpus/$t" ]; then
        (cd "$R/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
    fi
done
cp "$R/corpus/fuzz_differential.known" "$OUT/"
