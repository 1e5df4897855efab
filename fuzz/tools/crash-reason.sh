#!/bin/sh
# crash-reason.sh FILE REPLAY [AFL_BINARY] — the class reason of a crash
# input that a fuzzing engine saved (scripts/nightly names every crash with
# it), from reruns of FILE: first REPLAY (a target's ASan+UBSan replay
# binary, build-fuzz/fuzz_*_replay), then, when that passes and FILE came
# from AFL++, AFL_BINARY (the unsanitized persistent-mode target, input on
# standard input).  One line:
#   violation: MESSAGE          an invariant of the harness (fuzz_violation)
#   asan: KIND in FUNCTION      an AddressSanitizer report
#   leak in FUNCTION            a LeakSanitizer report
#   ubsan: FILE MESSAGE         an UndefinedBehaviorSanitizer report
#   timeout or oom              libFuzzer's timeout-* or oom-* file, a rerun's
#                               out-of-memory report, or a rerun over 60 s
#   crash in FUNCTION           the rerun died without a report
#   AFL++ build only: signal N  the replay passes, the AFL++ binary dies
#   not reproduced (AFL++ signal N)   neither rerun fails: the engine's
#                               report is not this input's (see fuzz/afl_main.c
#                               on statuses) or the crash depends on state
#   not reproduced              the same for a libFuzzer input
# The reruns get ARGSPLIT_FUZZ_FINDINGS=/dev/null (findings are not crashes).
set -u
[ $# -ge 2 ] || { echo "usage: crash-reason.sh FILE REPLAY [AFL_BINARY]" >&2; exit 2; }
file=$1 replay=$2 aflbin=${3:-}
sig=$(basename "$file" | sed -n 's/.*[:,]sig:\([0-9]*\).*/\1/p')
case $(basename "$file") in timeout-*|oom-*) echo "timeout or oom"; exit 0 ;; esac

# The rerun is wrapped so the shell's own "Aborted" goes to the capture too.
out=$( { ARGSPLIT_FUZZ_FINDINGS=/dev/null timeout -k 5 60 "$replay" "$file"; } 2>&1 )
rc=$?
v=$(echo "$out" | sed -n 's/^argsplit-fuzz: invariant violated: //p' | head -1)
if [ -n "$v" ]; then echo "violation: $v"; exit 0; fi
frame=$(echo "$out" | grep -E '^ *#[0-9]+ .* in (as_|fz_|LLVMFuzzerTestOneInput)' | head -1 |
        sed 's/.* in \([A-Za-z0-9_]*\).*/\1/')
kind=$(echo "$out" | sed -n 's/.*ERROR: AddressSanitizer: \([a-z-]*\).*/\1/p' | head -1)
if [ -n "$kind" ]; then echo "asan: $kind in ${frame:-?}"; exit 0; fi
if echo "$out" | grep -q 'ERROR: LeakSanitizer'; then echo "leak in ${frame:-?}"; exit 0; fi
ub=$(echo "$out" | sed -n 's/^\([^ ]*\): runtime error: \(.*\)/\1 \2/p' | head -1 |
     sed 's|^.*/||; s/:[0-9]*:[0-9]* / /')
if [ -n "$ub" ]; then echo "ubsan: $ub"; exit 0; fi
if [ $rc -eq 124 ] || echo "$out" | grep -q 'out-of-memory'; then echo "timeout or oom"; exit 0; fi
if [ $rc -ne 0 ]; then echo "crash in ${frame:-?}"; exit 0; fi
if [ -n "$sig" ] && [ -n "$aflbin" ]; then
    ARGSPLIT_FUZZ_FINDINGS=/dev/null timeout -k 5 60 "$aflbin" <"$file" >/dev/null 2>&1
    arc=$?
    if [ $arc -eq 124 ]; then echo "AFL++ build only: timeout"; exit 0; fi
    if [ $arc -gt 128 ]; then echo "AFL++ build only: signal $((arc - 128))"; exit 0; fi
fi
if [ -n "$sig" ]; then echo "not reproduced (AFL++ signal $sig)"; else echo "not reproduced"; fi
