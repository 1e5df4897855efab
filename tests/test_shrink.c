/* test_shrink.c — the shrinker against synthetic predicates: it reaches the
 * minimal case, keeps the predicate at every step, remaps spec indices and
 * names and call arguments when it drops a parameter, and only offers
 * candidates that build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine/gen.h"
#include "engine/shrink.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"

static int n_selectors(const as_value *v)
{
    return v->type == AS_VALUE_TUPLE ? v->n_items : 1;
}

static const as_value *selector(const as_value *v, int i)
{
    return v->type == AS_VALUE_TUPLE ? &v->items[i] : v;
}

/* Every candidate must build (a valid def, a parseable call). */
static void assert_builds(as_arena *scratch, const as_gen_case *g)
{
    as_case c;
    as_error err;
    if (as_case_from_parts(scratch, &g->sig, &g->spec, g->has_call ? &g->call : NULL, AS_PY_DEFAULT, &c,
                           &err) < 0)
        fail_msg("candidate does not build: %s", err.message);
}

/* A keyword-only parameter named in static_argnames and passed by keyword. */
static int ko_named_passed(void *ctx, as_arena *scratch, const as_gen_case *g)
{
    int *calls = ctx;
    ++*calls;
    assert_builds(scratch, g);
    const as_value *names = as_spec_get(&g->spec, "static_argnames");
    if (!names || !g->has_call)
        return 0;
    for (int i = 0; i < n_selectors(names); i++) {
        const as_value *v = selector(names, i);
        if (v->type != AS_VALUE_STR)
            continue;
        int p = as_signature_find(&g->sig, v->s);
        if (p < 0 || g->sig.params[p].kind != AS_KEYWORD_ONLY)
            continue;
        for (int k = 0; k < g->call.n_items; k++)
            if (g->call.items[k].kind == AS_ITEM_KEYWORD && strcmp(g->call.items[k].keyword, v->s) == 0)
                return 1;
    }
    return 0;
}

static void test_reaches_minimum(void **state)
{
    (void)state;
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_error err;
    assert_int_equal(as_gen_weights_parse(&w, "max_params=8,kwonly=50,both=60,star=30,dstar=30", &err), 0);
    as_arena a;
    as_arena_init(&a);
    int shrunk = 0;
    for (uint64_t i = 0; i < 20000 && shrunk < 25; i++) {
        as_gen_case g;
        int calls = 0;
        assert_int_equal(as_gen_case_make(&a, &w, "jax.jit", 3, i, AS_PY_DEFAULT, &g, &err), 0);
        if (g.sig.n_params < 4 || !ko_named_passed(&calls, &a, &g))
            continue;
        int before = as_gen_case_size(&g);
        as_shrink_stats st;
        as_shrink(&a, &g, AS_PY_DEFAULT, ko_named_passed, &calls, 2000, &st);
        assert_true(ko_named_passed(&calls, &a, &g));
        assert_true(as_gen_case_size(&g) < before);
        /* the minimum: def f(*, a), static_argnames='a', f(a=x) */
        assert_int_equal(g.sig.n_params, 1);
        assert_int_equal(g.sig.params[0].kind, AS_KEYWORD_ONLY);
        assert_null(g.sig.params[0].default_text);
        assert_int_equal(g.spec.n_entries, 1);
        assert_int_equal(g.spec.entries[0].value.type, AS_VALUE_STR);
        assert_int_equal(g.call.n_items, 1);
        assert_string_equal(g.call.items[0].text, "x");
        assert_true(st.accepted > 0 && st.tries <= 2000);
        shrunk++;
    }
    assert_int_equal(shrunk, 25);
    as_arena_free(&a);
}

/* static_argnums selects, by declaration index, a keyword-only parameter. */
static int index_hits_ko(void *ctx, as_arena *scratch, const as_gen_case *g)
{
    (void)ctx;
    assert_builds(scratch, g);
    const as_value *nums = as_spec_get(&g->spec, "static_argnums");
    if (!nums)
        return 0;
    for (int i = 0; i < n_selectors(nums); i++) {
        const as_value *v = selector(nums, i);
        long long k = v->i < 0 ? v->i + g->sig.n_params : v->i;
        if (v->type == AS_VALUE_INT && k >= 0 && k < g->sig.n_params &&
            g->sig.params[k].kind == AS_KEYWORD_ONLY)
            return 1;
    }
    return 0;
}

static void build(as_arena *a, const char *sig, const char *spec, const char *call, as_gen_case *g)
{
    as_error err;
    memset(g, 0, sizeof *g);
    assert_int_equal(as_signature_parse(a, sig, strlen(sig), AS_PY_DEFAULT, &g->sig, &err), 0);
    assert_int_equal(as_spec_parse(a, spec, strlen(spec), &g->spec, &err), 0);
    g->has_call = 1;
    assert_int_equal(as_call_parse(a, call, strlen(call), AS_PY_DEFAULT, &g->call, &err), 0);
}

static void test_remaps_indices(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_gen_case g;
    /* index 3 is c; dropping a, b and *args must renumber it down to 0 */
    build(&a, "(a, b, *args, c, d=1)", "static_argnums=(3, 1), static_argnames='b'",
          "(1, 2, 3, c=4, d=5)", &g);
    as_shrink(&a, &g, AS_PY_DEFAULT, index_hits_ko, NULL, 1000, NULL);
    assert_int_equal(g.sig.n_params, 1);
    assert_int_equal(g.sig.params[0].kind, AS_KEYWORD_ONLY);
    assert_string_equal(as_spec_print(&a, &g.spec), "static_argnums=0");
    assert_int_equal(g.call.n_items, 0);   /* the predicate does not need the call */

    /* negative indices count from the end: dropping a later parameter renumbers them */
    build(&a, "(a, *, c, d, e)", "static_argnums=-3", "(1, c=2, d=3, e=4)", &g);
    as_shrink(&a, &g, AS_PY_DEFAULT, index_hits_ko, NULL, 1000, NULL);
    assert_int_equal(g.sig.n_params, 1);
    assert_int_equal(g.sig.params[0].kind, AS_KEYWORD_ONLY);
    assert_string_equal(as_spec_print(&a, &g.spec), "static_argnums=0");
    as_arena_free(&a);
}

/* The call must keep passing a value for every parameter it passed. */
static int binds_with_two_positional(void *ctx, as_arena *scratch, const as_gen_case *g)
{
    (void)ctx;
    as_case c;
    as_error err;
    if (as_case_from_parts(scratch, &g->sig, &g->spec, &g->call, AS_PY_DEFAULT, &c, &err) < 0 || !c.binding)
        return 0;
    return c.args->n_positional >= 2 && g->sig.n_params >= 2;
}

static void test_call_follows_dropped_params(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_gen_case g;
    build(&a, "(a, b, /, c, *args, d, **kw)", "", "(1, *[2, 3, 4, 5], d=6, **{'z': 7})", &g);
    as_shrink(&a, &g, AS_PY_DEFAULT, binds_with_two_positional, NULL, 1000, NULL);
    assert_int_equal(g.sig.n_params, 2);
    assert_string_equal(as_call_print(&a, &g.call), "(x, x)");
    assert_true(binds_with_two_positional(NULL, &a, &g));
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reaches_minimum),
        cmocka_unit_test(test_remaps_indices),
        cmocka_unit_test(test_call_follows_dropped_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
