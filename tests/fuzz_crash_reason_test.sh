#!/bin/sh
# fuzz_crash_reason_test.sh — fuzz/tools/crash-reason.sh, which names every
# crash scripts/nightly reports, on stand-in replay and AFL++ binaries (shell
# scripts that print what a sanitizer prints, or die): each kind of report
# gets its reason, and an engine's crash that no rerun repeats is called
# "not reproduced" (with AFL++'s signal), never a crash in some function.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$root/fuzz/tools/crash-reason.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

stub() {   # NAME SHELL_BODY: an executable stand-in
    printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1"
    chmod +x "$tmp/$1"
}
check() {   # WANT FILE_NAME REPLAY [AFL]
    want=$1 f="$tmp/in/$2"; shift 2
    got=$(sh "$tool" "$f" "$tmp/$1" ${2:+"$tmp/$2"})
    if [ "$got" = "$want" ]; then echo "ok: $want"
    else echo "FAIL: $(basename "$f"): got '$got', want '$want'"; fail=1; fi
}
mkdir "$tmp/in"
for n in crash-1 leak-2 timeout-3 oom-4 'id:000000,sig:57,src:000002,time:24,execs:189,op:havoc,rep:8'; do
    printf 'x' >"$tmp/in/$n"
done

stub passes 'exit 0'
stub violation 'echo "argsplit-fuzz: invariant violated: split differs" >&2; kill -ABRT $$'
stub asan 'cat >&2 <<X
==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1
    #0 0x4 in memcpy
    #1 0x5 in as_parse_call /src/oracle/call.c:10:3
X
exit 1'
stub leak 'cat >&2 <<X
==1==ERROR: LeakSanitizer: detected memory leaks
    #0 0x4 in malloc
    #1 0x5 in fz_case_decode /src/fuzz/support/case_codec.c:9:1
X
exit 1'
stub ubsan 'echo "/src/oracle/spec.c:41:7: runtime error: signed integer overflow" >&2; exit 1'
stub segv 'kill -SEGV $$'
stub spins 'exec sleep 600'

check "violation: split differs" crash-1 violation
check "asan: heap-buffer-overflow in as_parse_call" crash-1 asan
check "leak in fz_case_decode" leak-2 leak
check "ubsan: spec.c signed integer overflow" crash-1 ubsan
check "crash in ?" crash-1 segv
check "timeout or oom" timeout-3 spins
check "timeout or oom" oom-4 passes
check "not reproduced" crash-1 passes
sig57='id:000000,sig:57,src:000002,time:24,execs:189,op:havoc,rep:8'
check "not reproduced (AFL++ signal 57)" "$sig57" passes passes
check "not reproduced (AFL++ signal 57)" "$sig57" passes
check "AFL++ build only: signal 11" "$sig57" passes segv
check "asan: heap-buffer-overflow in as_parse_call" "$sig57" asan passes
exit $fail
