/* fuzz_codec.c — the case codec itself: every byte string decodes to a case
 * the parsers accept without falling back, the canonical encoding decodes
 * to the same case, the text form round-trips, and the case-level mutator
 * keeps producing valid cases. */
#include <string.h>

#include "fuzz.h"
#include "support/case_codec.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_libfuzzer_defaults(argc, argv);
    return 0;
}

static const char *show(as_arena *a, const fz_case *c)
{
    return as_arena_printf(a, "3.%d %s\n%s\n%s\n%s", c->py_minor, c->family, c->signature, c->spec,
                           c->call ? c->call : "-");
}

static int same_case(const fz_case *x, const fz_case *y)
{
    return x->py_minor == y->py_minor && strcmp(x->family, y->family) == 0 &&
           strcmp(x->signature, y->signature) == 0 && strcmp(x->spec, y->spec) == 0 &&
           (x->call == NULL) == (y->call == NULL) && (!x->call || strcmp(x->call, y->call) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena *arena = fuzz_input_arena();
    fz_case c;
    fz_case_decode(arena, data, size, &c);
    if (c.fallback)
        fuzz_violation("a plan rendered to text the parsers reject", show(arena, &c));
    if (!c.from_text) {
        fz_plan plan, again;
        fz_plan_decode(data, size, &plan);
        uint8_t buf[FZ_PLAN_BYTES];
        size_t n = fz_plan_encode(&plan, buf, sizeof buf);
        fz_plan_decode(buf, n, &again);
        if (memcmp(&plan, &again, sizeof plan) != 0)
            fuzz_violation("decode(encode(plan)) != plan", show(arena, &c));
        fz_case c2;
        fz_case_decode(arena, buf, n, &c2);
        if (!same_case(&c, &c2))
            fuzz_violation("the canonical encoding decodes to another case", show(arena, &c));
    }
    uint8_t *text;
    size_t tn = fz_case_encode_text(arena, c.py_minor, c.family, c.signature, c.spec, c.call, &text);
    fz_case c3;
    fz_case_decode(arena, text, tn, &c3);
    if (!c3.from_text || !same_case(&c, &c3))
        fuzz_violation("text form does not round-trip", show(arena, &c));
    uint8_t mutated[FZ_PLAN_BYTES + 4096];
    size_t mn = fz_mutate_bytes(data, size, mutated, sizeof mutated, (uint32_t)size * 2654435761u);
    fz_case c4;
    fz_case_decode(arena, mutated, mn, &c4);
    if (c4.fallback)
        fuzz_violation("a mutated plan rendered to text the parsers reject", show(arena, &c4));
    return 0;
}
