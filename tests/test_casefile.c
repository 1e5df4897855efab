/* test_casefile.c — the conformance case-file parser (conformance/casefile.h)
 * and compact outcomes (conformance/outcome.h): fields, continuation lines,
 * every error with its exact file:line, print/parse round trip, and the
 * on-load check of the written reference verdict against the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "conformance/casefile.h"
#include "conformance/outcome.h"
#include "oracle/pyversion.h"

static const char good[] =
    "# a comment\n"
    "\n"
    "--- id: one\n"
    "signature: (a, /, b, *, c)\n"
    "spec: static_argnums=(0, 1, 2)\n"
    "call: (1, 2, c=3)\n"
    "reference: a=static b=static c=static\n"
    "tags: R2 kwonly-static\n"
    "description: first line\n"
    "  continued here\n"
    "links: https://example.org/1 https://example.org/2\n"
    "\n"
    "--- id: two\n"
    "signature: (x, y)\n"
    "spec:\n"
    "call: -\n"
    "python: 3.13\n"
    "subjects: jax.jit\n"
    "reference: ok\n";

static void parses_fields(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_conf_suite s;
    as_conf_suite_init(&s);
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_casefile_parse(&a, "good.case", good, strlen(good), &s, &err), 0);
    assert_int_equal(s.n_cases, 2);
    const as_conf_case *c = &s.cases[0];
    assert_string_equal(c->id, "one");
    assert_int_equal(c->line, 3);
    assert_int_equal(c->reference_line, 7);
    assert_string_equal(c->call, "(1, 2, c=3)");
    assert_int_equal(c->py_minor, AS_PY_DEFAULT);
    assert_int_equal(c->n_tags, 2);
    assert_string_equal(c->tags[1], "kwonly-static");
    assert_string_equal(c->description, "first line continued here");
    assert_int_equal(c->n_links, 2);
    assert_true(as_conf_case_has_tag(c, "R2"));
    assert_false(as_conf_case_has_tag(c, "R3"));
    const as_conf_case *d = &s.cases[1];
    assert_string_equal(d->spec, "");
    assert_null(d->call);
    assert_int_equal(d->py_minor, 13);
    assert_int_equal(d->n_subjects, 1);
    as_arena_free(&a);
}

/* Parse `text` and expect an InputError whose message starts with `where`
 * and contains `needle`. */
static void expect_error(const char *text, const char *where, const char *needle)
{
    as_arena a;
    as_arena_init(&a);
    as_conf_suite s;
    as_conf_suite_init(&s);
    as_error err;
    as_error_clear(&err);
    int rc = as_casefile_parse(&a, "t.case", text, strlen(text), &s, &err);
    if (rc == 0) {
        for (int i = 0; i < s.n_cases && rc == 0; i++)
            rc = as_casefile_check(&a, &s.cases[i], NULL, &err);
    }
    if (rc == 0)
        fail_msg("no error for:\n%s", text);
    assert_string_equal(err.type, "InputError");
    if (strncmp(err.message, where, strlen(where)) != 0 || !strstr(err.message, needle))
        fail_msg("got '%s', want '%s...%s'", err.message, where, needle);
    as_arena_free(&a);
}

static void errors_have_lines(void **state)
{
    (void)state;
    expect_error("signature: (a)\n", "t.case:1: ", "before the first");
    expect_error("--- idx: a\n", "t.case:1: ", "--- id: NAME");
    expect_error("--- id: bad id\n", "t.case:1: ", "letters, digits");
    expect_error("--- id: a\nsignature: (a)\nspec:\n", "t.case:1: ", "no 'reference:'");
    expect_error("--- id: a\nsignature: (a)\nsignature: (b)\n", "t.case:3: ", "given twice");
    expect_error("--- id: a\nsignature: (a)\nfoo: 1\n", "t.case:3: ", "unknown field 'foo'");
    expect_error("--- id: a\n\n  orphan\n", "t.case:3: ", "continuation line");
    expect_error("--- id: a\nsignature: (a)\nno colon here\n", "t.case:3: ", "key: value");
    expect_error("--- id: a\nsignature: (a)\nspec:\npython: 2.7\nreference: ok\n", "t.case:4: ", "3.8 .. 3.13");
    expect_error("--- id: a\nsignature: (a)\nspec:\nsubjects: nope\nreference: ok\n", "t.case:4: ",
                 "unknown subject 'nope'");
    expect_error("--- id: a\nsignature: (a)\nspec:\nreference: a=sttic\n", "t.case:4: ", "verdict");
    expect_error("--- id: a\nsignature: (a)\nspec:\nreference: error\n", "t.case:4: ", "exception type");
    expect_error("--- id: a\nsignature: (a)\nspec:\nreference: ok\n--- id: a\nsignature: (a)\nspec:\n"
                 "reference: ok\n",
                 "t.case:5: ", "duplicate case id 'a' (first at t.case:1)");
    /* field contents that do not parse, anchored at the field's line */
    expect_error("--- id: a\nsignature: (a, a)\nspec:\nreference: ok\n", "t.case:2: ", "signature");
    expect_error("--- id: a\nsignature: (a)\nspec: static_argnums=\nreference: ok\n", "t.case:3: ", "spec");
    expect_error("--- id: a\nsignature: (a)\nspec:\ncall: (*xs)\nreference: ok\n", "t.case:4: ", "cannot expand");
    /* the written verdict disagrees with the reference subject */
    expect_error("--- id: a\nsignature: (x, y=0)\nspec: static_argnums=-1\ncall: (1)\n"
                 "reference: x=static y=default\n",
                 "t.case:5: ", "reference: x=traced y=default");
    expect_error("--- id: a\nsignature: (a, b)\nspec: static_argnums=2\ncall: (1, 2)\n"
                 "reference: decoration-error TypeError\n",
                 "t.case:5: ", "disagrees");
}

static void reference_check_passes(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_conf_suite s;
    as_conf_suite_init(&s);
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_casefile_parse(&a, "good.case", good, strlen(good), &s, &err), 0);
    const char *rendered = NULL;
    for (int i = 0; i < s.n_cases; i++)
        if (as_casefile_check(&a, &s.cases[i], &rendered, &err) < 0)
            fail_msg("%s", err.message);
    assert_string_equal(rendered, "ok");
    /* an error verdict without its message matches on the type */
    static const char t[] = "--- id: e\nsignature: (a, b)\nspec: static_argnums=2\ncall: (1, 2)\n"
                            "reference: decoration-error ValueError\n";
    assert_int_equal(as_casefile_parse(&a, "e.case", t, strlen(t), &s, &err), 0);
    assert_int_equal(as_casefile_check(&a, &s.cases[2], &rendered, &err), 0);
    assert_string_equal(rendered,
                        "decoration-error ValueError: static_argnums index 2 is out of range for 2 parameters");
    as_arena_free(&a);
}

static void print_round_trip(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_conf_suite s, again;
    as_conf_suite_init(&s);
    as_conf_suite_init(&again);
    as_error err;
    assert_int_equal(as_casefile_parse(&a, "good.case", good, strlen(good), &s, &err), 0);
    for (int i = 0; i < s.n_cases; i++) {
        char *text = as_casefile_print(&a, &s.cases[i]);
        assert_int_equal(as_casefile_parse(&a, "p.case", text, strlen(text), &again, &err), 0);
        const as_conf_case *x = &s.cases[i], *y = &again.cases[i];
        assert_string_equal(x->id, y->id);
        assert_string_equal(x->signature, y->signature);
        assert_string_equal(x->spec, y->spec);
        assert_string_equal(x->reference, y->reference);
        assert_int_equal(x->py_minor, y->py_minor);
        assert_int_equal(x->n_tags, y->n_tags);
        assert_true((x->call == NULL) == (y->call == NULL));
    }
    as_arena_free(&a);
}

static void outcomes(void **state)
{
    (void)state;
    assert_null(as_outcome_check("a=static b=traced+donated c=default@none d=traced@0 e=static:slot1"));
    assert_null(as_outcome_check("warn:SyntaxWarning a=traced"));
    assert_null(as_outcome_check("error TypeError: f() missing 1 required positional argument: 'y'"));
    assert_null(as_outcome_check("decoration-error ValueError"));
    assert_null(as_outcome_check("ok"));
    assert_null(as_outcome_check("()"));
    assert_non_null(as_outcome_check(""));
    assert_non_null(as_outcome_check("a"));
    assert_non_null(as_outcome_check("a=maybe"));
    assert_non_null(as_outcome_check("decoration-error"));
    assert_non_null(as_outcome_check("warn:X"));

    assert_true(as_outcome_matches("a=static  b=traced", "a=static b=traced"));
    assert_false(as_outcome_matches("a=static", "a=static b=traced"));
    assert_true(as_outcome_matches("error TypeError", "error TypeError: boom"));
    assert_false(as_outcome_matches("error TypeError", "error TypeErrorX: boom"));
    assert_false(as_outcome_matches("error TypeError: bo", "error TypeError: boom"));
    assert_false(as_outcome_matches("decoration-error TypeError", "error TypeError: boom"));
    assert_true(as_outcome_matches("warn:SyntaxWarning error ValueError", "warn:SyntaxWarning error ValueError: x"));

    as_arena a;
    as_arena_init(&a);
    as_split s;
    as_split_init(&s);
    s.decoration_ok = 1;
    s.has_call = 1;
    s.call_ok = 0;
    snprintf(s.call_error.type, sizeof s.call_error.type, "TypeError");
    snprintf(s.call_error.message, sizeof s.call_error.message, "line1\nline2 \\ end");
    assert_string_equal(as_outcome_render(&a, &s), "error TypeError: line1\\nline2 \\\\ end");
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_fields),       cmocka_unit_test(errors_have_lines),
        cmocka_unit_test(reference_check_passes), cmocka_unit_test(print_round_trip),
        cmocka_unit_test(outcomes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
