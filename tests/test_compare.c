/* test_compare.c — semantic discrepancy keys: equal splits give no key,
 * each kind of difference its own key, and cases that differ only in
 * names, values and sizes collapse to the same key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine/compare.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"

typedef struct fx {
    as_arena a;
    as_case c;
    as_spec spec;
} fx;

static void make_case(fx *f, const char *sig, const char *spec, const char *call)
{
    as_error err;
    as_arena_init(&f->a);
    assert_int_equal(as_spec_parse(&f->a, spec, strlen(spec), &f->spec, &err), 0);
    if (as_case_build(&f->a, sig, &f->spec, call, AS_PY_DEFAULT, &f->c, &err) < 0)
        fail_msg("%s", err.message);
}

/* A split with every bound value traced except those named in `statics`
 * (space-separated parameter display names). */
static as_split split_with(fx *f, const char *statics)
{
    as_split s;
    as_split_init(&s);
    assert_int_equal(as_split_entries_from_binding(&f->a, &f->c, &s), 0);
    for (int i = 0; i < s.n_entries; i++) {
        char pat[64];
        snprintf(pat, sizeof pat, " %s ", s.entries[i].param);
        char padded[256];
        snprintf(padded, sizeof padded, " %s ", statics);
        if (strstr(padded, pat))
            s.entries[i].verdict = AS_VERDICT_STATIC;
    }
    return s;
}

static const char *key_of(fx *f, const as_split *e, const as_split *o, const char **rule)
{
    as_compare_result r;
    if (!as_compare(&f->a, &f->c, "S", "vs-reference", e, o, 0, &r))
        return NULL;
    if (rule)
        *rule = r.rule;
    return r.key;
}

static void test_equal_is_no_finding(void **state)
{
    (void)state;
    fx f;
    make_case(&f, "(a, b, *, c)", "static_argnames=('b', 'c')", "(1, 2, c=3)");
    as_split e = split_with(&f, "b c"), o = split_with(&f, "b c");
    assert_null(key_of(&f, &e, &o, NULL));
    as_arena_free(&f.a);
}

static void test_entry_delta(void **state)
{
    (void)state;
    fx f;
    /* #10614 row 2: b listed only in names, passed positionally, both specs given */
    make_case(&f, "(a, /, b, *, c)", "static_argnames=('b', 'c'), static_argnums=(0,)", "(1, 2, c=3)");
    as_split e = split_with(&f, "a b c"), o = split_with(&f, "a c");
    const char *rule;
    assert_string_equal(key_of(&f, &e, &o, &rule), "S|vs-reference|pk.pos|static>traced|name");
    assert_string_equal(rule, "both-specs");
    /* the reverse direction is another class */
    assert_string_equal(key_of(&f, &o, &e, NULL), "S|vs-reference|pk.pos|traced>static|name");
    as_arena_free(&f.a);
}

/* The *args parameter's name and an index into *args are two rules: the
 * class's rule tag and the root cause's mechanism both tell them apart. */
static void test_varargs_name_and_index(void **state)
{
    (void)state;
    fx f, g;
    make_case(&f, "(*args)", "static_argnames=('args',)", "(1, 2)");
    as_split fe = split_with(&f, "args[0] args[1]"), fo = split_with(&f, "");
    as_compare_result r;
    assert_int_equal(as_compare(&f.a, &f.c, "S", "vs-reference", &fe, &fo, 0, &r), 1);
    assert_string_equal(r.key, "S|vs-reference|vp.pos|static>traced|name");
    assert_string_equal(r.rule, "argnames-varargs");
    assert_string_equal(r.mechanism, "verdict variadic-name");
    make_case(&g, "(*args)", "static_argnums=(0,)", "(1, 2)");
    as_split ge = split_with(&g, "args[0] args[1]"), go = split_with(&g, "args[0]");
    assert_int_equal(as_compare(&g.a, &g.c, "S", "vs-reference", &ge, &go, 0, &r), 1);
    assert_string_equal(r.rule, "varargs-index");
    assert_string_equal(r.mechanism, "verdict varargs-index");
    as_arena_free(&f.a);
    as_arena_free(&g.a);
}

static void test_same_class_other_names(void **state)
{
    (void)state;
    fx f, g;
    make_case(&f, "(x, y=0)", "static_argnums=-1", "(1)");
    make_case(&g, "(p, q, r=0, s=0)", "static_argnums=-2", "(1, 2)");
    /* a subject resolving negatives against the call: the call's last positional is static */
    as_split fe = split_with(&f, ""), fo = split_with(&f, "x");
    as_split ge = split_with(&g, ""), go = split_with(&g, "p");
    const char *rule;
    const char *k1 = key_of(&f, &fe, &fo, &rule), *k2 = key_of(&g, &ge, &go, NULL);
    assert_string_equal(k1, "S|vs-reference|pk.pos|traced>static|negN");
    assert_string_equal(k1, k2);
    assert_string_equal(rule, "neg-index");
    as_arena_free(&f.a);
    as_arena_free(&g.a);
}

static void test_errors(void **state)
{
    (void)state;
    fx f;
    make_case(&f, "(a, /, b)", "static_argnames='a'", "(1, 2)");
    as_split ok = split_with(&f, "a"), bad, bad2;
    as_split_init(&bad);
    as_split_decoration_error(&bad, "ValueError", "invalid argnames {'a'} ... positional-only");
    const char *rule;
    assert_string_equal(key_of(&f, &ok, &bad, &rule), "S|vs-reference|decoration|ok>ValueError|name-po");
    assert_string_equal(rule, "argnames-posonly");
    as_split_init(&bad2);
    as_split_decoration_error(&bad2, "ValueError", "another text");
    assert_string_equal(key_of(&f, &bad, &bad2, NULL), "S|vs-reference|decoration|msg|name-po");
    as_split_init(&bad2);
    as_split_decoration_error(&bad2, "ValueError", "invalid argnames {'a'} ... positional-only");
    assert_null(key_of(&f, &bad, &bad2, NULL));
    as_arena_free(&f.a);

    make_case(&f, "(x, y)", "argnums=0", "(y=1.0, x=2.0)");
    as_split grad, jacfwd;
    as_split_init(&grad);
    as_split_init(&jacfwd);
    as_split_call_error(&grad, "TypeError", "differentiating with respect to argnums=0 ...");
    as_split_call_error(&jacfwd, "ValueError", "Positional argument indices ...");
    assert_string_equal(key_of(&f, &grad, &jacfwd, &rule), "S|vs-reference|call|TypeError>ValueError|plain");
    assert_string_equal(rule, "error-type");
    as_arena_free(&f.a);
}

static void test_warning_and_donation(void **state)
{
    (void)state;
    fx f;
    make_case(&f, "(a, b)", "donate_argnums=1", "(1, 2)");
    as_split e = split_with(&f, ""), o = split_with(&f, "");
    for (int i = 0; i < 2; i++)
        e.entries[i].donated = o.entries[i].donated = i == 1;
    as_split_warn(&f.a, &o, "SyntaxWarning: something");
    const char *rule;
    assert_string_equal(key_of(&f, &e, &o, &rule), "S|vs-reference|decoration|warn|plain");
    o.n_warnings = 0;
    o.entries[1].donated = 0;
    assert_string_equal(key_of(&f, &e, &o, &rule), "S|vs-reference|pk.pos|donate:1>0|idx");
    assert_string_equal(rule, "donate");
    as_arena_free(&f.a);
}

static void test_ignore_passed(void **state)
{
    (void)state;
    fx f, g;
    make_case(&f, "(a, b)", "", "(1, 2)");
    make_case(&g, "(a, b)", "", "(1, b=2)");
    as_split e = split_with(&f, ""), o = split_with(&g, "");
    as_compare_result r;
    assert_int_equal(as_compare(&f.a, &f.c, "S", "meta:positional-keyword", &e, &o, 0, &r), 1);
    assert_int_equal(as_compare(&f.a, &f.c, "S", "meta:positional-keyword", &e, &o,
                                AS_COMPARE_IGNORE_PASSED, &r), 0);
    o.entries[1].verdict = AS_VERDICT_STATIC;
    assert_int_equal(as_compare(&f.a, &f.c, "S", "meta:positional-keyword", &e, &o,
                                AS_COMPARE_IGNORE_PASSED, &r), 1);
    assert_string_equal(r.key, "S|meta:positional-keyword|pk.pos|traced>static|none");
    as_arena_free(&f.a);
    as_arena_free(&g.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_is_no_finding),
        cmocka_unit_test(test_entry_delta),
        cmocka_unit_test(test_varargs_name_and_index),
        cmocka_unit_test(test_same_class_other_names),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warning_and_donation),
        cmocka_unit_test(test_ignore_passed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
