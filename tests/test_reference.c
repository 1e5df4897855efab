/* test_reference.c — every numbered rule of conformance/REFERENCE.md with
 * its examples, run through as_subject_split on the `reference` subject,
 * plus the registry.  Expected results are written as compact strings:
 *   "a:static b:traced c:default"     entries (+d donated, @N / @- axis)
 *   "decoration ValueError: ..."      decoration failed
 *   "call TypeError: ..."             the call failed
 *   "ok"                              decoration only, succeeded */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/registry.h"

static const char *describe(as_arena *a, const as_split *s)
{
    if (!s->decoration_ok)
        return as_arena_printf(a, "decoration %s: %s", s->decoration_error.type, s->decoration_error.message);
    if (!s->has_call)
        return "ok";
    if (!s->call_ok)
        return as_arena_printf(a, "call %s: %s", s->call_error.type, s->call_error.message);
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "");
    for (int i = 0; i < s->n_entries; i++) {
        const as_split_entry *e = &s->entries[i];
        as_buf_printf(&b, "%s%s:%s", i ? " " : "", e->param, as_verdict_name(e->verdict));
        if (e->donated > 0)
            as_buf_puts(&b, "+d");
        if (e->has_axis) {
            if (e->axis_is_null)
                as_buf_puts(&b, "@-");
            else
                as_buf_printf(&b, "@%lld", e->axis);
        }
    }
    return as_buf_str(&b);
}

static const char *run(as_arena *a, const char *sig, const char *spec_text, const char *call)
{
    as_spec spec;
    as_error err;
    as_error_clear(&err);
    if (as_spec_parse(a, spec_text, strlen(spec_text), &spec, &err) < 0)
        fail_msg("spec %s: %s", spec_text, err.message);
    as_case c;
    if (as_case_build(a, sig, &spec, call, AS_PY_DEFAULT, &c, &err) < 0)
        fail_msg("case %s %s: %s: %s", sig, call ? call : "-", err.type, err.message);
    as_split s;
    assert_int_equal(as_subject_split(as_subject_reference(), a, &c, &s), 0);
    return describe(a, &s);
}

#define CHECK(sig, spec, call, want)                                                              \
    do {                                                                                          \
        const char *got_ = run(&arena, sig, spec, call);                                          \
        if (strcmp(got_, want) != 0)                                                              \
            fail_msg("%s %s %s:\n  got  %s\n  want %s", sig, spec, call ? call : "-", got_, want); \
    } while (0)

static as_arena arena_of(void)
{
    as_arena a;
    as_arena_init(&a);
    return a;
}

/* The seed's table (#10614): all three specs make a, b, c static. */
static void test_seed_rows(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(a, /, b, *, c)", "static_argnames=('a', 'b', 'c')", "(1, 2, c=3)", "a:static b:static c:static");
    CHECK("(a, /, b, *, c)", "static_argnames=('b', 'c'), static_argnums=(0,)", "(1, 2, c=3)",
          "a:static b:static c:static");
    CHECK("(a, /, b, *, c)", "static_argnums=(0, 1, 2)", "(1, 2, c=3)", "a:static b:static c:static");
    /* ...and the same however b is passed. */
    CHECK("(a, /, b, *, c)", "static_argnums=(0, 1, 2)", "(1, b=2, c=3)", "a:static b:static c:static");
    as_arena_free(&arena);
}

static void test_r1_selectors(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    const char *sig = "(a, b, c)", *call = "(1, 2, 3)", *ab = "a:static b:static c:traced";
    CHECK(sig, "static_argnums=(1, 0, 0)", call, ab);
    CHECK(sig, "static_argnums=(0, 1)", call, ab);
    CHECK(sig, "static_args=['b', 0]", call, ab);
    CHECK(sig, "static_argnums='b'", call, "a:traced b:static c:traced");
    CHECK(sig, "static_argnames='b'", call, "a:traced b:static c:traced");
    CHECK(sig, "static_argnums=0, static_argnames=1", call, ab);   /* one list per role */
    CHECK(sig, "static_argnums=None", call, "a:traced b:traced c:traced");
    CHECK(sig, "static_argnums=True", call,
          "decoration TypeError: static_argnums must be an int, a str, or a tuple or list of them, not bool");
    CHECK(sig, "static_argnums=(0, True)", call,
          "decoration TypeError: static_argnums entries must be int or str, not bool");
    CHECK(sig, "static_argnums=1.0", call,
          "decoration TypeError: static_argnums must be an int, a str, or a tuple or list of them, not float");
    CHECK(sig, "static_argnums=((0,),)", call,
          "decoration TypeError: static_argnums entries must be int or str, not tuple");
    CHECK(sig, "static_argnames={'a': 1}", NULL,
          "decoration TypeError: static_argnames must be an int, a str, or a tuple or list of them, not dict");
    as_arena_free(&arena);
}

static void test_r2_indices(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(a, /, b, *, c)", "static_argnums=(0, 1, 2)", "(1, 2, c=3)", "a:static b:static c:static");
    CHECK("(x, y=0)", "static_argnums=-1", "(1, 2)", "x:traced y:static");
    CHECK("(x, y=0)", "static_argnums=-1", "(1)", "x:traced y:default");     /* JAX E1: x static */
    CHECK("(x, y=0)", "static_argnums=-1", "(1, y=2)", "x:traced y:static"); /* JAX E2: y traced */
    CHECK("(x, y=0)", "static_argnums=-1", "(x=1, y=2)", "x:traced y:static"); /* JAX E3: ValueError */
    CHECK("(a, *args, c)", "static_argnums=1", "(1, 2, 3, c=4)", "a:traced args[0]:static args[1]:static c:traced");
    CHECK("(a, *args, c)", "static_argnums=2", "(1, 2, 3, c=4)", "a:traced args[0]:traced args[1]:traced c:static");
    CHECK("(a, *args, c)", "static_argnums=-3", "(1, c=4)", "a:static c:traced");
    CHECK("(a, b)", "static_argnums=2", "(1, 2)",
          "decoration ValueError: static_argnums index 2 is out of range for 2 parameters");
    CHECK("(a, b)", "static_argnums=-3", NULL,
          "decoration ValueError: static_argnums index -3 is out of range for 2 parameters");
    CHECK("()", "static_argnums=0", NULL, "decoration ValueError: static_argnums index 0 is out of range for 0 parameters");
    CHECK("(a)", "donate_argnums=1", NULL, "decoration ValueError: donate_argnums index 1 is out of range for 1 parameter");
    as_arena_free(&arena);
}

static void test_r3_names(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(a, /, b, *, c)", "static_argnames=('a', 'b', 'c')", "(1, 2, c=3)", "a:static b:static c:static");
    CHECK("(a, **kw)", "static_argnames='z'", "(1, z=2, y=3)", "a:traced kw['z']:static kw['y']:traced");
    CHECK("(a, **kw)", "static_argnames='z'", "(1, y=3)", "a:traced kw['y']:traced");
    CHECK("(a, b)", "static_argnames='z'", NULL,
          "decoration ValueError: static_argnames name 'z' is not a parameter and the function has no **kwargs");
    CHECK("(a, /, **kw)", "static_argnames='a'", "(1, a=2)", "a:static kw['a']:traced"); /* the parameter wins */
    as_arena_free(&arena);
}

static void test_r4_variadic(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(a, *args)", "static_argnames='args'", "(1, 2, 3)", "a:traced args[0]:static args[1]:static");
    CHECK("(**kw)", "static_argnums=0", "(x=1, y=2)", "kw['x']:static kw['y']:static");
    CHECK("(*xs, **kw)", "static_argnums=(0, -1)", "(*[1, 2], **{'k': 3})", "xs[0]:static xs[1]:static kw['k']:static");
    as_arena_free(&arena);
}

static void test_r5_call(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(x, y)", "static_argnums=1", "(1, 2)", "x:traced y:static");
    CHECK("(x, y)", "static_argnums=1", "(1, y=2)", "x:traced y:static");
    CHECK("(x, y)", "static_argnums=1", "(x=1, y=2)", "x:traced y:static");
    CHECK("(x, y)", "static_argnums=1", "(*[1], **{'y': 2})", "x:traced y:static");
    CHECK("(x, y=0)", "static_argnums=1", "(1)", "x:traced y:default");
    CHECK("(x, y)", "static_argnums=0", "(1)", "call TypeError: f() missing 1 required positional argument: 'y'");
    CHECK("(x, y)", "static_argnums=0", "(1, x=2)", "call TypeError: f() got multiple values for argument 'x'");
    CHECK("(x)", "static_argnums=0", "(*1)", "call TypeError: f() argument after * must be an iterable, not int");
    CHECK("(x)", "static_argnums=0", "(x=1, 2)", "call SyntaxError: positional argument follows keyword argument");
    /* Decoration comes first: a bad spec hides the bad call. */
    CHECK("(x)", "static_argnums=3", "(x=1, 2)", "decoration ValueError: static_argnums index 3 is out of range for 1 parameter");
    CHECK("(x)", "static_argnums=0", NULL, "ok");
    as_arena_free(&arena);
}

static void test_r6_overlap(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(x, y)", "static_argnums=0, donate_argnames='x'", NULL,
          "decoration ValueError: 'x' cannot be both static (static_argnums) and donated (donate_argnames)");
    CHECK("(x, /)", "static_argnums=0, donate_argnums=0", NULL,
          "decoration ValueError: 'x' cannot be both static (static_argnums) and donated (donate_argnums)");
    CHECK("(x, y)", "nondiff_argnums=0, argnums=0", NULL,
          "decoration ValueError: 'x' cannot be both static (nondiff_argnums) and differentiated (argnums)");
    CHECK("(x, y)", "argnums=0, donate_argnums=1", NULL,
          "decoration ValueError: 'y' cannot be both static (not selected by argnums) and donated (donate_argnums)");
    CHECK("(x, y)", "in_axes=(0, None), donate_argnums=1", NULL,
          "decoration ValueError: 'y' cannot be both static (in_axes None) and donated (donate_argnums)");
    CHECK("(x, y)", "static_broadcasted_argnums=1, in_axes=(0, 0)", NULL,
          "decoration ValueError: 'y' cannot be both static (static_broadcasted_argnums) and mapped (in_axes 0)");
    CHECK("(x, **kw)", "static_argnums=1, donate_argnames='k'", NULL,
          "decoration ValueError: kw['k'] cannot be both static (static_argnums) and donated (donate_argnames)");
    /* The same rules for every role: donation by name reaches a positional pass. */
    CHECK("(x, y)", "donate_argnames='x'", "(1, 2)", "x:traced+d y:traced");
    CHECK("(x, y)", "static_argnums=0, donate_argnums=1", "(1, y=2)", "x:static y:traced+d");
    as_arena_free(&arena);
}

static void test_r7_keywords(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(x, y)", "static_broadcasted_argnums=1", "(1, 2)", "x:traced y:static");
    CHECK("(x, y)", "nondiff_argnames='x'", "(1, 2)", "x:static y:traced");
    CHECK("(x, y)", "has_aux=True, allow_int=False, static_argnums=()", "(1, 2)", "x:traced y:traced");
    CHECK("(x, y)", "frobnicate=1", NULL, "decoration TypeError: reference() got an unexpected keyword argument 'frobnicate'");
    as_arena_free(&arena);
}

static void test_r8_in_axes(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(a, b)", "in_axes=(0, None)", "(1, b=2)", "a:traced@0 b:static@-");
    CHECK("(a, b)", "in_axes={'b': 1}", "(b=1, a=2)", "a:traced@0 b:traced@1");
    CHECK("(a, b)", "in_axes=1", "(1, 2)", "a:traced@1 b:traced@1");
    CHECK("(a, b)", "in_axes=None", "(1, 2)", "a:static@- b:static@-");
    CHECK("(a, b=0)", "in_axes=0", "(1)", "a:traced@0 b:default@-");
    CHECK("(a, *xs)", "in_axes=[1, 2]", "(1, 2, 3)", "a:traced@1 xs[0]:traced@2 xs[1]:traced@2");
    CHECK("(a, **kw)", "in_axes={'k': None}", "(1, k=2, j=3)", "a:traced@0 kw['k']:static@- kw['j']:traced@0");
    CHECK("(a, b)", "static_broadcasted_argnums=1, in_axes=0", "(1, 2)", "a:traced@0 b:static@-");
    CHECK("(a, b, c)", "in_axes=(0, None)", NULL,
          "decoration ValueError: in_axes has 2 entries but the function has 3 parameters");
    CHECK("(a, b)", "in_axes={'z': 0}", NULL,
          "decoration ValueError: in_axes name 'z' is not a parameter and the function has no **kwargs");
    CHECK("(a, b)", "in_axes=(0, True)", NULL, "decoration TypeError: in_axes entries must be int or None, not bool");
    CHECK("(a, b)", "in_axes=(0, (0,))", NULL, "decoration TypeError: in_axes entries must be int or None, not tuple");
    CHECK("(a, b)", "in_axes='a'", NULL,
          "decoration TypeError: in_axes must be an int, None, a tuple or list with one entry per parameter, "
          "or a dict keyed by parameter name, not str");
    as_arena_free(&arena);
}

static void test_r9_diff(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(x, y)", "argnums=1", "(1., y=2.)", "x:static y:traced");
    CHECK("(x, *, k)", "argnames='k'", "(1., k=2.)", "x:static k:traced");
    CHECK("(x, y)", "argnums=-1", "(1., 2.)", "x:static y:traced");          /* JAX E12 agrees */
    CHECK("(x, y)", "argnums=0", "(y=1., x=2.)", "x:traced y:static");       /* JAX E10: TypeError */
    CHECK("(x, y)", "argnums=()", "(1., 2.)", "x:static y:static");
    CHECK("(x, y=0.)", "argnums=(0, 1)", "(1.)", "x:traced y:default");
    as_arena_free(&arena);
}

static void test_r10_donation(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    CHECK("(x, y=0)", "donate_argnums=(0, 1)", "(1)", "x:traced+d y:default");
    CHECK("(x, y)", "donate_argnums=-1", "(1, 2)", "x:traced y:traced+d");   /* JAX E8: nothing donated */
    CHECK("(x, y)", "donate_argnums=0", "(y=1, x=2)", "x:traced+d y:traced");
    as_arena_free(&arena);

    /* `donated` is present (false) on every entry once a donate keyword is given. */
    as_arena a = arena_of();
    as_spec spec;
    as_error err;
    assert_int_equal(as_spec_parse(&a, "donate_argnums=0", 16, &spec, &err), 0);
    as_case c;
    assert_int_equal(as_case_build(&a, "(x, y)", &spec, "(1, 2)", AS_PY_DEFAULT, &c, &err), 0);
    as_split s;
    assert_int_equal(as_subject_split(as_subject_reference(), &a, &c, &s), 0);
    assert_int_equal(s.entries[0].donated, 1);
    assert_int_equal(s.entries[1].donated, 0);
    assert_int_equal(s.entries[1].has_axis, 0);
    as_arena_free(&a);
}

static void test_r11_order(void **state)
{
    (void)state;
    as_arena arena = arena_of();
    /* keywords in name order, whatever the order written */
    CHECK("(x, y)", "static_argnums=5, donate_argnums=True", NULL,
          "decoration TypeError: donate_argnums must be an int, a str, or a tuple or list of them, not bool");
    CHECK("(x, y)", "donate_argnums=True, static_argnums=5", NULL,
          "decoration TypeError: donate_argnums must be an int, a str, or a tuple or list of them, not bool");
    CHECK("(x, y)", "static_argnums=(0, 1), donate_argnums=(1, 0)", NULL,
          "decoration ValueError: 'x' cannot be both static (static_argnums) and donated (donate_argnums)");
    /* in a selector: an out-of-range index before an unknown name, smallest first */
    CHECK("(x, y)", "static_argnums=('zz', 7, 5)", NULL,
          "decoration ValueError: static_argnums index 5 is out of range for 2 parameters");
    CHECK("(x, y)", "static_argnums=('zz', 'aa')", NULL,
          "decoration ValueError: static_argnums name 'aa' is not a parameter and the function has no **kwargs");
    /* of two keywords selecting one atom, the message names the smaller */
    CHECK("(x, y)", "static_argnums=0, static_argnames='x', donate_argnums=0", NULL,
          "decoration ValueError: 'x' cannot be both static (static_argnames) and donated (donate_argnums)");
    CHECK("(x, y)", "static_argnames='x', static_argnums=0, donate_argnums=0", NULL,
          "decoration ValueError: 'x' cannot be both static (static_argnames) and donated (donate_argnums)");
    as_arena_free(&arena);
}

/* Binding errors use the selected Python version's wording. */
static void test_python_versions(void **state)
{
    (void)state;
    as_arena a = arena_of();
    as_spec spec;
    as_error err;
    assert_int_equal(as_spec_parse(&a, "", 0, &spec, &err), 0);
    as_case c;
    assert_int_equal(as_case_build(&a, "(x)", &spec, "(y=1)", 13, &c, &err), 0);
    assert_non_null(c.bind_error);
    as_split s;
    as_subject_split(as_subject_reference(), &a, &c, &s);
    assert_false(s.call_ok);
    assert_string_equal(s.call_error.message, c.bind_error->message);
    as_arena_free(&a);
}

static void test_registry(void **state)
{
    (void)state;
    const as_subject *const *all = as_subjects_all();
    assert_ptr_equal(all[0], as_subject_reference());
    assert_string_equal(all[0]->id, "reference");
    assert_ptr_equal(as_subject_find("reference"), as_subject_reference());
    assert_null(as_subject_find("no.such@1"));
    int n = as_subjects_count();
    assert_null(all[n]);
    for (int i = 0; i < n; i++) {
        assert_non_null(all[i]->split);
        assert_non_null(all[i]->description);
        assert_ptr_equal(as_subject_find(all[i]->id), all[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(all[i]->id, all[j]->id) == 0)
                fail_msg("duplicate subject id %s", all[i]->id);
        /* A family name finds its last (newest) row. */
        const as_subject *newest = NULL;
        for (int j = 0; j < n; j++)
            if (strcmp(all[j]->family, all[i]->family) == 0)
                newest = all[j];
        assert_ptr_equal(as_subject_find(all[i]->family), newest);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_rows),   cmocka_unit_test(test_r1_selectors), cmocka_unit_test(test_r2_indices),
        cmocka_unit_test(test_r3_names),    cmocka_unit_test(test_r4_variadic),  cmocka_unit_test(test_r5_call),
        cmocka_unit_test(test_r6_overlap),  cmocka_unit_test(test_r7_keywords),  cmocka_unit_test(test_r8_in_axes),
        cmocka_unit_test(test_r9_diff),     cmocka_unit_test(test_r10_donation), cmocka_unit_test(test_r11_order),
        cmocka_unit_test(test_python_versions), cmocka_unit_test(test_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
