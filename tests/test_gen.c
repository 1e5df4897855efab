/* test_gen.c — the case generator and the enumerator: determinism,
 * validity (every case is a def CPython accepts and builds), coverage of
 * the features issue 7 lists, the binding-error share, weights parsing,
 * and the metamorphic rewrites. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <ctype.h>
#include <string.h>

#include "engine/enumerate.h"
#include "engine/gen.h"
#include "engine/metamorphic.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"

static const char *families[] = {"jax.jit", "jax.pmap", "jax.grad", "jax.custom_vjp",
                                 "jax.vmap", "jax.checkpoint", "equinox.filter_jit"};

static char *case_text(as_arena *a, const as_gen_case *g)
{
    return as_arena_printf(a, "%s %s %s", as_signature_print(a, &g->sig), as_spec_print(a, &g->spec),
                           g->has_call ? as_call_print(a, &g->call) : "-");
}

static void test_deterministic(void **state)
{
    (void)state;
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_arena a;
    as_arena_init(&a);
    int differ = 0;
    for (uint64_t i = 0; i < 500; i++) {
        as_gen_case g1, g2, g3;
        as_error err;
        assert_int_equal(as_gen_case_make(&a, &w, "jax.jit", 42, i, AS_PY_DEFAULT, &g1, &err), 0);
        assert_int_equal(as_gen_case_make(&a, &w, "jax.jit", 42, i, AS_PY_DEFAULT, &g2, &err), 0);
        assert_int_equal(as_gen_case_make(&a, &w, "jax.jit", 43, i, AS_PY_DEFAULT, &g3, &err), 0);
        assert_string_equal(case_text(&a, &g1), case_text(&a, &g2));
        differ += strcmp(case_text(&a, &g1), case_text(&a, &g3)) != 0;
        as_arena_reset(&a);
    }
    assert_true(differ > 400);
    as_arena_free(&a);
}

typedef struct coverage {
    int kinds[5], po_default, ko_default, star, dstar, both, negative, oor, name_po, name_vp,
        name_ko, unknown, empty, dup, bare, collide, bind_errors, calls, int_lit, float_lit;
} coverage;

static void count_value(coverage *cv, const as_signature *sig, const as_value *v, int top)
{
    if (v->type == AS_VALUE_TUPLE) {
        cv->empty += v->n_items == 0;
        for (int i = 0; i < v->n_items; i++) {
            for (int j = 0; j < i; j++)
                cv->dup += as_value_equal(&v->items[i], &v->items[j]);
            count_value(cv, sig, &v->items[i], 0);
        }
        return;
    }
    cv->bare += top;
    if (v->type == AS_VALUE_INT) {
        cv->negative += v->i < 0;
        cv->oor += v->i >= sig->n_params || v->i < -sig->n_params;
    } else if (v->type == AS_VALUE_STR) {
        int p = as_signature_find(sig, v->s);
        cv->unknown += p < 0;
        cv->name_po += p >= 0 && sig->params[p].kind == AS_POSITIONAL_ONLY;
        cv->name_vp += p >= 0 && sig->params[p].kind == AS_VAR_POSITIONAL;
        cv->name_ko += p >= 0 && sig->params[p].kind == AS_KEYWORD_ONLY;
    }
}

static void test_valid_and_covering(void **state)
{
    (void)state;
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_arena a;
    as_arena_init(&a);
    coverage cv = {0};
    const int n = 20000;
    for (int i = 0; i < n; i++) {
        as_gen_case g;
        as_error err;
        const char *fam = families[i % 7];
        assert_int_equal(as_gen_case_make(&a, &w, fam, 7, (uint64_t)i, AS_PY_DEFAULT, &g, &err), 0);
        /* the header is one CPython accepts: it round-trips through the parser */
        char *sig_text = as_signature_print(&a, &g.sig);
        as_signature back;
        if (as_signature_parse(&a, sig_text, strlen(sig_text), AS_PY_DEFAULT, &back, &err) < 0)
            fail_msg("generated header rejected: %s: %s", sig_text, err.message);
        assert_true(as_signature_equal(&back, &g.sig));
        as_case c;
        if (as_case_from_parts(&a, &g.sig, &g.spec, g.has_call ? &g.call : NULL, AS_PY_DEFAULT, &c, &err) < 0)
            fail_msg("case rejected: %s: %s", case_text(&a, &g), err.message);
        for (int p = 0; p < g.sig.n_params; p++) {
            cv.kinds[g.sig.params[p].kind]++;
            cv.po_default += g.sig.params[p].kind == AS_POSITIONAL_ONLY && g.sig.params[p].default_text;
            cv.ko_default += g.sig.params[p].kind == AS_KEYWORD_ONLY && g.sig.params[p].default_text;
        }
        int has_nums = 0, has_names = 0;
        for (int e = 0; e < g.spec.n_entries; e++) {
            const char *kw = g.spec.entries[e].keyword;
            has_nums |= strstr(kw, "static_argnums") != NULL;
            has_names |= strstr(kw, "static_argnames") != NULL;
            if (strcmp(kw, "in_axes") != 0)
                count_value(&cv, &g.sig, &g.spec.entries[e].value, 1);
        }
        cv.both += has_nums && has_names;
        if (g.has_call) {
            cv.calls++;
            cv.bind_errors += c.bind_error != NULL || c.call_site_error != NULL;
            for (int k = 0; k < g.call.n_items; k++) {
                const as_call_item *it = &g.call.items[k];
                cv.star += it->kind == AS_ITEM_STAR;
                cv.dstar += it->kind == AS_ITEM_DOUBLESTAR;
                cv.int_lit += it->text[0] >= '0' && it->text[0] <= '9' && !strchr(it->text, '.');
                cv.float_lit += it->text[0] >= '0' && it->text[0] <= '9' && strchr(it->text, '.');
                if (it->kind == AS_ITEM_KEYWORD) {
                    int p = as_signature_find(&g.sig, it->keyword);
                    cv.collide += p >= 0 && g.sig.params[p].kind == AS_POSITIONAL_ONLY &&
                                  g.sig.varkw_index >= 0;
                }
            }
        }
        as_arena_reset(&a);
    }
    for (int k = 0; k < 5; k++)
        assert_true(cv.kinds[k] > 500);
    int *features[] = {&cv.po_default, &cv.ko_default, &cv.star, &cv.dstar, &cv.both, &cv.negative,
                       &cv.oor, &cv.name_po, &cv.name_vp, &cv.name_ko, &cv.unknown, &cv.empty,
                       &cv.dup, &cv.bare, &cv.collide, &cv.int_lit, &cv.float_lit};
    for (size_t k = 0; k < sizeof features / sizeof *features; k++)
        if (*features[k] < 50)
            fail_msg("feature %zu generated only %d times", k, *features[k]);
    /* mostly valid calls: the binding-error share is near the weight (10%) */
    double share = (double)cv.bind_errors / cv.calls;
    assert_true(share > 0.04 && share < 0.25);
    as_arena_free(&a);
}

static void test_bind_error_weight(void **state)
{
    (void)state;
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_error err;
    assert_int_equal(as_gen_weights_parse(&w, "bind_error=0,star=0,dstar=0", &err), 0);
    as_arena a;
    as_arena_init(&a);
    for (int i = 0; i < 5000; i++) {
        as_gen_case g;
        assert_int_equal(as_gen_case_make(&a, &w, "jax.jit", 9, (uint64_t)i, AS_PY_DEFAULT, &g, &err), 0);
        as_case c;
        assert_int_equal(as_case_from_parts(&a, &g.sig, &g.spec, g.has_call ? &g.call : NULL,
                                            AS_PY_DEFAULT, &c, &err), 0);
        if (g.has_call && !c.binding)
            fail_msg("bind_error=0 but the call fails: %s: %s", case_text(&a, &g), c.bind_error->message);
        as_arena_reset(&a);
    }
    as_arena_free(&a);
}

static void test_weights_parse(void **state)
{
    (void)state;
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_error err;
    assert_int_equal(as_gen_weights_parse(&w, "max_params=2,negative=90", &err), 0);
    assert_int_equal(w.max_params, 2);
    assert_int_equal(w.negative, 90);
    assert_int_equal(as_gen_weights_parse(&w, "nosuch=1", &err), -1);
    assert_string_equal(err.type, "InputError");
    assert_int_equal(as_gen_weights_parse(&w, "negative=101", &err), -1);
    assert_int_equal(as_gen_weights_parse(&w, "negative", &err), -1);
    assert_int_equal(as_gen_weights_parse(&w, "max_params=99", &err), -1);
}

typedef struct enum_check {
    as_arena a;
    long long n, unbound;
    int max_params_seen;
} enum_check;

static int enum_visit(void *ctx, const as_gen_case *g)
{
    enum_check *ec = ctx;
    as_case c;
    as_error err;
    ec->n++;
    if (g->sig.n_params > ec->max_params_seen)
        ec->max_params_seen = g->sig.n_params;
    if (as_case_from_parts(&ec->a, &g->sig, &g->spec, &g->call, AS_PY_DEFAULT, &c, &err) < 0 || !c.binding)
        ec->unbound++;
    as_arena_reset(&ec->a);
    return 0;
}

static void test_enumerate(void **state)
{
    (void)state;
    as_enum_options o = {2, 2};
    long long count = as_enumerate(&o, "jax.jit", AS_PY_DEFAULT, NULL, NULL);
    enum_check ec = {.n = 0};
    as_arena_init(&ec.a);
    long long visited = as_enumerate(&o, "jax.jit", AS_PY_DEFAULT, enum_visit, &ec);
    assert_int_equal(count, visited);
    assert_int_equal(ec.n, count);
    assert_int_equal(ec.unbound, 0);          /* every call shape binds */
    assert_int_equal(ec.max_params_seen, 2);
    as_enum_options o0 = {0, 1};
    /* no parameters: the empty spec, plus per keyword: (), bare -1/0, 1-tuples of -1/0,
     * and for the two nums keywords one nums-with-names pair each (-1 or 0 with 'zz') */
    assert_int_equal(as_enumerate(&o0, "jax.jit", AS_PY_DEFAULT, NULL, NULL),
                     1 + 2 * (1 + 2 + 2) + 2 * (1 + 1 + 1) + 2 * 2);
    as_enum_options o3 = {3, 2};
    assert_true(as_enumerate(&o3, "jax.jit", AS_PY_DEFAULT, NULL, NULL) > count);
    as_arena_free(&ec.a);
}

static void build(as_arena *a, const char *sig, const char *spec, const char *call, as_gen_case *g,
                  as_case *c)
{
    as_error err;
    memset(g, 0, sizeof *g);
    assert_int_equal(as_signature_parse(a, sig, strlen(sig), AS_PY_DEFAULT, &g->sig, &err), 0);
    assert_int_equal(as_spec_parse(a, spec, strlen(spec), &g->spec, &err), 0);
    g->has_call = call != NULL;
    if (call)
        assert_int_equal(as_call_parse(a, call, strlen(call), AS_PY_DEFAULT, &g->call, &err), 0);
    assert_int_equal(as_case_from_parts(a, &g->sig, &g->spec, call ? &g->call : NULL, AS_PY_DEFAULT, c, &err), 0);
}

static void expect_rewrite(as_meta m, const char *sig, const char *spec, const char *call,
                           const char *want_spec, const char *want_call)
{
    as_arena a;
    as_arena_init(&a);
    as_gen_case g, out;
    as_case c;
    build(&a, sig, spec, call, &g, &c);
    int applies = as_meta_rewrite(&a, m, as_gen_family_for("jax.jit"), &g, &c, &out);
    if (!want_spec) {
        assert_int_equal(applies, 0);
    } else {
        assert_int_equal(applies, 1);
        assert_string_equal(as_spec_print(&a, &out.spec), want_spec);
        if (want_call)
            assert_string_equal(as_call_print(&a, &out.call), want_call);
    }
    as_arena_free(&a);
}

static void test_metamorphic(void **state)
{
    (void)state;
    expect_rewrite(AS_META_NEGATIVE_INDEX, "(a, b, *args, c)", "static_argnums=(-1, 0, -5)", NULL,
                   "static_argnums=(3, 0, -5)", NULL);
    expect_rewrite(AS_META_NEGATIVE_INDEX, "(a, b)", "static_argnums=(0,)", NULL, NULL, NULL);
    expect_rewrite(AS_META_NUMS_NAMES, "(a, /, b, *, c)", "static_argnums=(0, -1)", NULL,
                   "static_argnames=('a', 'c')", NULL);
    expect_rewrite(AS_META_NUMS_NAMES, "(a, b)", "static_argnums=1, static_argnames='a'", NULL,
                   "static_argnames=('a', 'b')", NULL);
    expect_rewrite(AS_META_NUMS_NAMES, "(a, b)", "static_argnums=5", NULL, NULL, NULL);
    expect_rewrite(AS_META_POSITIONAL_KEYWORD, "(a, /, b, c=1)", "", "(1, 2, 3)", "", "(1, b=2, c=3)");
    expect_rewrite(AS_META_POSITIONAL_KEYWORD, "(a, *args)", "", "(1, 2)", NULL, NULL);
    expect_rewrite(AS_META_SPEC_ORDER, "(a, b)", "static_argnums=(0, 1), static_argnames='b'", NULL,
                   "static_argnames='b', static_argnums=(1, 0, 1)", NULL);
    expect_rewrite(AS_META_INT_TUPLE, "(a, b)", "static_argnums=0, static_argnames=('b',)", NULL,
                   "static_argnums=(0,), static_argnames='b'", NULL);
    expect_rewrite(AS_META_INT_TUPLE, "(a, b)", "static_argnums=(0, 1)", NULL, NULL, NULL);
}

/* Every keyword of every family's keyword table is generated (issue 15:
 * pmap's static_broadcasted_argnames, JAX #9904, was never drawn). */
static void test_every_keyword_generated(void **state)
{
    (void)state;
    static const char *const all_families[] = {
        "jax.jit", "jax.pjit", "jax.pmap", "jax.grad", "jax.value_and_grad", "jax.jacfwd", "jax.jacrev",
        "jax.hessian", "jax.custom_jvp", "jax.custom_vjp", "jax.vmap", "jax.checkpoint",
        "equinox.filter_jit", "equinox.filter_grad",
    };
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_arena a;
    as_arena_init(&a);
    int pmap_names = 0;
    for (size_t f = 0; f < sizeof all_families / sizeof *all_families; f++) {
        const as_gen_family *fam = as_gen_family_for(all_families[f]);
        assert_string_equal(fam->family, all_families[f]);
        for (int k = 0; k < fam->n_keywords; k++) {
            const char *kw = fam->keywords[k].name;
            pmap_names |= strcmp(all_families[f], "jax.pmap") == 0 && strcmp(kw, "static_broadcasted_argnames") == 0;
            int seen = 0;
            for (uint64_t i = 0; i < 4000 && !seen; i++) {
                as_gen_case g;
                as_error err;
                as_arena_reset(&a);
                assert_int_equal(as_gen_case_make(&a, &w, all_families[f], 11, i, AS_PY_DEFAULT, &g, &err), 0);
                for (int e = 0; e < g.spec.n_entries; e++)
                    seen |= strcmp(g.spec.entries[e].keyword, kw) == 0;
            }
            if (!seen)
                fail_msg("%s: keyword %s never generated in 4000 cases", all_families[f], kw);
        }
    }
    assert_true(pmap_names);
    as_arena_free(&a);
}

/* Counts the int and float literals among the values of a call item's
 * text (a value, or a *[...] / **{...} display of them). */
static void count_literals(const char *text, int *ints, int *floats)
{
    for (const char *p = text; *p;) {
        int in_name = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.');
        if (*p >= '0' && *p <= '9' && !in_name) {
            const char *q = p;
            while ((*q >= '0' && *q <= '9') || *q == '.')
                q++;
            if (memchr(p, '.', (size_t)(q - p)))
                ++*floats;
            else
                ++*ints;
            p = q;
        } else {
            p++;
        }
    }
}

/* as_family.literals: the grad family gets no int literal (an int input is
 * a dtype error, whatever the annotations), pmap no literal at all (a
 * scalar has no axis to map), the others both kinds. */
static void test_literal_values(void **state)
{
    (void)state;
    static const struct { const char *family; int ints, floats; } want[] = {
        {"jax.jit", 1, 1}, {"equinox.filter_jit", 1, 1}, {"jax.grad", 0, 1},
        {"jax.jacfwd", 0, 1}, {"jax.hessian", 0, 1}, {"jax.pmap", 0, 0},
    };
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_arena a;
    as_arena_init(&a);
    for (size_t f = 0; f < sizeof want / sizeof *want; f++) {
        int ints = 0, floats = 0;
        for (uint64_t i = 0; i < 2000; i++) {
            as_gen_case g;
            as_error err;
            as_arena_reset(&a);
            assert_int_equal(as_gen_case_make(&a, &w, want[f].family, 11, i, AS_PY_DEFAULT, &g, &err), 0);
            for (int k = 0; g.has_call && k < g.call.n_items; k++)
                count_literals(g.call.items[k].text, &ints, &floats);
        }
        if ((ints > 0) != want[f].ints || (floats > 0) != want[f].floats)
            fail_msg("%s: %d int and %d float literals in 2000 calls", want[f].family, ints, floats);
    }
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_valid_and_covering),
        cmocka_unit_test(test_bind_error_weight),
        cmocka_unit_test(test_weights_parse),
        cmocka_unit_test(test_enumerate),
        cmocka_unit_test(test_metamorphic),
        cmocka_unit_test(test_every_keyword_generated),
        cmocka_unit_test(test_literal_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
