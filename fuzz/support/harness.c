/* harness.c — what the harnesses share (fuzz.h). */
#include <string.h>

#include "fuzz.h"

as_arena *fuzz_input_arena(void)
{
    /* An engine calls the entry point millions of times with no context
     * argument: the arena is the process's. */
    static as_arena arena;
    static int ready;
    if (!ready) {
        as_arena_init(&arena);
        arena.chunk_size = 1 << 20;
        ready = 1;
    }
    as_arena_reset(&arena);
    return &arena;
}

void fuzz_libfuzzer_defaults(int *argc, char ***argv)
{
    /* libFuzzer keeps using the array: it lives for the process. */
    static char *args[256];
    static char entropic[] = "-entropic=0";
    if (*argc < 1 || *argc + 2 > (int)(sizeof args / sizeof *args))
        return;
    for (int i = 1; i < *argc; i++)
        if (strncmp((*argv)[i], "-entropic=", 10) == 0)
            return;
    args[0] = (*argv)[0];
    args[1] = entropic;
    for (int i = 1; i < *argc; i++)
        args[i + 1] = (*argv)[i];
    (*argc)++;
    args[*argc] = NULL;
    *argv = args;
}
