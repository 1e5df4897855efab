/* fuzz_binder.c — the binder's invariants on structure-aware cases (the
 * case codec): a successful binding covers every PO/PK/KO parameter exactly
 * once, required ones with a passed value, *args elements in order and
 * **kwargs keys once each; every delivered argument is used exactly once;
 * and the binding is the same after printing the delivered arguments and
 * parsing them back. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "oracle/binder.h"
#include "support/case_codec.h"
#include "support/mutator.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_libfuzzer_defaults(argc, argv);
    return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return fz_case_mutator(data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
                                 uint8_t *out, size_t max_out, unsigned int seed)
{
    return fz_case_crossover(d1, s1, d2, s2, out, max_out, seed);
}

static const char *describe(as_arena *a, const fz_case *c)
{
    return as_arena_printf(a, "python 3.%d\nsignature %s\ncall %s", c->py_minor, c->signature,
                           c->call ? c->call : "-");
}

static void check_binding(as_arena *a, const fz_case *c, const as_signature *sig,
                          const as_call_args *args, const as_binding *b)
{
    const char *what = describe(a, c);
    char seen[AS_MAX_PARAMS + 1];
    char used_pos[AS_MAX_ARGS + 1], used_kw[AS_MAX_ARGS + 1];
    memset(seen, 0, sizeof seen);
    memset(used_pos, 0, sizeof used_pos);
    memset(used_kw, 0, sizeof used_kw);
    int next_element = 0, last_param = -1;
    for (int i = 0; i < b->n_values; i++) {
        const as_bound *v = &b->values[i];
        if (v->param < 0 || v->param >= sig->n_params)
            fuzz_violation("bound value names no parameter", what);
        if (v->param < last_param)
            fuzz_violation("binding not in declaration order", what);
        last_param = v->param;
        const as_param *p = &sig->params[v->param];
        if (p->kind == AS_VAR_POSITIONAL) {
            if (v->element != next_element++ || v->passed != AS_PASSED_POSITIONAL)
                fuzz_violation("*args elements out of order", what);
        } else if (p->kind == AS_VAR_KEYWORD) {
            int named = v->key ? as_signature_find(sig, v->key) : -1;
            if (!v->key || v->passed != AS_PASSED_KEYWORD ||
                (named >= 0 && sig->params[named].kind != AS_POSITIONAL_ONLY &&
                 sig->params[named].kind != AS_VAR_POSITIONAL && sig->params[named].kind != AS_VAR_KEYWORD))
                fuzz_violation("**kwargs entry for a parameter that takes keywords", what);
            for (int j = 0; j < i; j++)
                if (b->values[j].key && strcmp(b->values[j].key, v->key) == 0)
                    fuzz_violation("**kwargs key twice", what);
        } else {
            if (seen[v->param]++)
                fuzz_violation("parameter bound twice", what);
            if (v->passed == AS_PASSED_DEFAULT && !p->default_text)
                fuzz_violation("required parameter bound to a default", what);
        }
        if (v->passed == AS_PASSED_POSITIONAL) {
            if (v->arg < 0 || v->arg >= args->n_positional || used_pos[v->arg]++)
                fuzz_violation("positional argument used twice or out of range", what);
            if (strcmp(v->text, args->positional[v->arg].text) != 0)
                fuzz_violation("bound text differs from the argument", what);
        } else if (v->passed == AS_PASSED_KEYWORD) {
            if (v->arg < 0 || v->arg >= args->n_keywords || used_kw[v->arg]++)
                fuzz_violation("keyword argument used twice or out of range", what);
            if (strcmp(v->text, args->keywords[v->arg].text) != 0)
                fuzz_violation("bound text differs from the argument", what);
        } else if (!p->default_text || strcmp(v->text, p->default_text) != 0) {
            fuzz_violation("default text differs from the parameter's", what);
        }
    }
    for (int i = 0; i < sig->n_params; i++)
        if (sig->params[i].kind != AS_VAR_POSITIONAL && sig->params[i].kind != AS_VAR_KEYWORD &&
            seen[i] != 1)
            fuzz_violation("parameter not bound exactly once", what);
    for (int i = 0; i < args->n_positional; i++)
        if (!used_pos[i])
            fuzz_violation("positional argument dropped", what);
    for (int i = 0; i < args->n_keywords; i++)
        if (!used_kw[i])
            fuzz_violation("keyword argument dropped", what);
}

static int same_binding(const as_binding *x, const as_binding *y)
{
    if (x->n_values != y->n_values)
        return 0;
    for (int i = 0; i < x->n_values; i++) {
        const as_bound *a = &x->values[i], *b = &y->values[i];
        if (a->param != b->param || a->passed != b->passed || a->element != b->element ||
            strcmp(a->text, b->text) != 0 || (a->key == NULL) != (b->key == NULL) ||
            (a->key && strcmp(a->key, b->key) != 0))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena *arena = fuzz_input_arena();
    fz_case c;
    fz_case_decode(arena, data, size, &c);
    if (!c.gc.has_call)
        return 0;
    fz_case_texts(arena, &c);
    const as_signature *sig = &c.gc.sig;
    /* The signature printer round-trips. */
    char *printed = as_signature_print(arena, sig);
    as_signature again;
    as_error err;
    if (as_signature_parse(arena, printed, strlen(printed), c.py_minor, &again, &err) != 0 ||
        !as_signature_equal(sig, &again))
        fuzz_violation("signature does not round-trip", printed);

    as_call_args args;
    if (as_call_expand(arena, &c.gc.call, c.py_minor, "f", &args, &err) == 0) {
        as_bind_options opt = {c.py_minor, "f"};
        as_binding b;
        int rc = as_bind(arena, sig, &args, &opt, &b, &err);
        if (rc == 0)
            check_binding(arena, &c, sig, &args, &b);
        else if (err.type[0] == '\0' || err.message[0] == '\0' || err.phase != AS_PHASE_BIND)
            fuzz_violation("bind error without type, message or bind phase", describe(arena, &c));
        /* Passing the delivered arguments directly binds the same way. */
        const char *direct = as_call_args_print(arena, &args);
        as_call call2;
        as_call_args args2;
        as_binding b2;
        as_error err2;
        if (as_call_parse(arena, direct, strlen(direct), c.py_minor, &call2, &err2) != 0 ||
            as_call_expand(arena, &call2, c.py_minor, "f", &args2, &err2) != 0)
            fuzz_violation("printed arguments do not parse back", direct);
        int rc2 = as_bind(arena, sig, &args2, &opt, &b2, &err2);
        if (rc != rc2 || (rc == 0 && !same_binding(&b, &b2)) ||
            (rc != 0 && (err.category != err2.category || strcmp(err.message, err2.message) != 0)))
            fuzz_violation("binding changes when the arguments are passed directly", direct);
    }
    return 0;
}
