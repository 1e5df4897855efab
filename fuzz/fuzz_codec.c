/* fuzz_codec.c — the case codec itself: every byte string decodes to a case
 * without falling back, whose parts (built directly from the plan) are what
 * the parsers read from its printed texts, the canonical encoding decodes
 * to the same case, the text form round-trips, and the case-level mutator
 * keeps producing valid cases. */
#include <string.h>

#include "fuzz.h"
#include "oracle/call.h"
#include "oracle/signature.h"
#include "oracle/spec.h"
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

/* The parsers read c's printed texts back into the parts c was built with
 * from a plan (items at the same columns; a text-form case has the columns
 * of its own text). */
static int parts_parse_back(as_arena *a, const fz_case *c)
{
    as_gen_case g;
    as_error err;
    if (as_signature_parse(a, c->signature, strlen(c->signature), c->py_minor, &g.sig, &err) != 0 ||
        as_spec_parse(a, c->spec, strlen(c->spec), &g.spec, &err) != 0 ||
        (c->call && as_call_parse(a, c->call, strlen(c->call), c->py_minor, &g.call, &err) != 0))
        return 0;
    if (!as_signature_equal(&g.sig, &c->gc.sig) || !as_spec_equal(&g.spec, &c->gc.spec) ||
        !c->call != !c->gc.has_call)
        return 0;
    if (c->call && !as_call_equal(&g.call, &c->gc.call))
        return 0;
    for (int i = 0; c->call && i < g.call.n_items; i++)
        if (g.call.items[i].column != c->gc.call.items[i].column)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena *arena = fuzz_input_arena();
    fz_case c;
    fz_case_decode(arena, data, size, &c);
    fz_case_texts(arena, &c);
    if (c.fallback)
        fuzz_violation("a plan built a header the signature rules reject", show(arena, &c));
    if (!c.from_text && !parts_parse_back(arena, &c))
        fuzz_violation("a plan's parts are not what the parsers read from its printed texts", show(arena, &c));
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
        fz_case_texts(arena, &c2);
        if (!same_case(&c, &c2))
            fuzz_violation("the canonical encoding decodes to another case", show(arena, &c));
    }
    uint8_t *text;
    size_t tn = fz_case_encode_text(arena, c.py_minor, c.family, c.signature, c.spec, c.call, &text);
    fz_case c3;
    fz_case_decode(arena, text, tn, &c3);
    fz_case_texts(arena, &c3);
    if (!c3.from_text || !same_case(&c, &c3))
        fuzz_violation("text form does not round-trip", show(arena, &c));
    uint8_t mutated[FZ_PLAN_BYTES + 4096];
    size_t mn = fz_mutate_bytes(data, size, mutated, sizeof mutated, (uint32_t)size * 2654435761u);
    fz_case c4;
    fz_case_decode(arena, mutated, mn, &c4);
    fz_case_texts(arena, &c4);
    if (c4.fallback || (!c4.from_text && !parts_parse_back(arena, &c4)))
        fuzz_violation("a mutated plan built parts the parsers do not read back", show(arena, &c4));
    return 0;
}
