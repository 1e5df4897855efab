/* violation.c — how harnesses report a broken invariant. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

void fuzz_violation(const char *what, const char *detail)
{
    fprintf(stderr, "argsplit-fuzz: invariant violated: %s\n%s\n", what, detail ? detail : "");
    fflush(stderr);
    abort();
}
