/* fuzz.h — the one entry point every harness defines, shared by libFuzzer,
 * AFL++ persistent mode (fuzz/afl_main.c) and the plain replay driver
 * (fuzz/replay_main.c) that runs stored inputs as regression tests. */
#ifndef ARGSPLIT_FUZZ_H
#define ARGSPLIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "oracle/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The arena for one input, emptied: one per process, reset rather than
 * freed per call, its chunk big enough for a whole case.  An arena per
 * input mallocs and frees chunks every time, and under ASan each freed
 * chunk is poisoned and waits in the quarantine (fuzz_binder grew to
 * 290 MB RSS in 20 s). */
as_arena *fuzz_input_arena(void);

/* For LLVMFuzzerInitialize: add libFuzzer's -entropic=0 to the command line
 * unless it names -entropic= itself.  Each input of the case-codec targets
 * covers a thousand or more features, and the entropic schedule updates a
 * rare-feature table per feature per execution (half of fuzz_differential's
 * time; off, 2x the executions and more coverage in the same 20 s). */
void fuzz_libfuzzer_defaults(int *argc, char ***argv);

/* A harness's invariant failed: print what and abort, so every engine
 * records the input as a crash. */
void fuzz_violation(const char *what, const char *detail) __attribute__((noreturn));

#endif
