/* fuzz.h — the one entry point every harness defines, shared by libFuzzer,
 * AFL++ persistent mode (fuzz/afl_main.c) and the plain replay driver
 * (fuzz/replay_main.c) that runs stored inputs as regression tests. */
#ifndef ARGSPLIT_FUZZ_H
#define ARGSPLIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A harness's invariant failed: print what and abort, so every engine
 * records the input as a crash. */
void fuzz_violation(const char *what, const char *detail) __attribute__((noreturn));

#endif
