/* test_split.c — the split result: case building, entries from a binding,
 * JSON both ways, equality, and as_subject_split's common handling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/registry.h"

static as_case build(as_arena *a, const char *sig, const char *spec_text, const char *call)
{
    as_spec *spec = as_arena_alloc(a, sizeof *spec);
    as_error err;
    as_error_clear(&err);
    if (as_spec_parse(a, spec_text, strlen(spec_text), spec, &err) < 0)
        fail_msg("spec: %s", err.message);
    as_case c;
    if (as_case_build(a, sig, spec, call, AS_PY_DEFAULT, &c, &err) < 0)
        fail_msg("case %s %s: %s", sig, call ? call : "-", err.message);
    return c;
}

static void test_case_build(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_case c = build(&a, "(a,  b=2, *args, **kw)", "", "(1,  2, 3, k=4)");
    assert_string_equal(c.signature_text, "(a, b=2, *args, **kw)");
    assert_string_equal(c.call_text, "(1, 2, 3, k=4)");
    assert_non_null(c.binding);
    assert_null(c.bind_error);
    assert_null(c.call_site_error);

    c = build(&a, "(a)", "", NULL);
    assert_null(c.call_text);
    assert_null(c.binding);

    c = build(&a, "(a)", "", "(1, 2)");
    assert_null(c.binding);
    assert_non_null(c.bind_error);
    assert_string_equal(c.bind_error->type, "TypeError");

    c = build(&a, "(a)", "", "(*1)");
    assert_non_null(c.call_site_error);
    assert_string_equal(c.call_site_error->type, "TypeError");

    c = build(&a, "(a)", "", "(a=1, 2)");
    assert_non_null(c.call_site_error);
    assert_string_equal(c.call_site_error->type, "SyntaxError");

    /* Input the case cannot be built from fails. */
    as_spec empty = {0};
    as_error err;
    assert_int_equal(as_case_build(&a, "(a, a)", &empty, NULL, AS_PY_DEFAULT, &c, &err), -1);
    assert_string_equal(err.type, "SyntaxError");
    assert_int_equal(as_case_build(&a, "(a", &empty, NULL, AS_PY_DEFAULT, &c, &err), -1);
    assert_int_equal(as_case_build(&a, "(a)", &empty, "(*xs)", AS_PY_DEFAULT, &c, &err), -1);
    assert_string_equal(err.type, "InputError");
    as_arena_free(&a);
}

static void test_entries_from_binding(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_case c = build(&a, "(p, /, q, r=5, *rest, k, **kw)", "", "(1, 2, 3, 4, k=6, z=7)");
    as_split s;
    as_split_init(&s);
    assert_int_equal(as_split_entries_from_binding(&a, &c, &s), 0);
    static const struct { const char *param; as_kind kind; as_passed passed; int slot; } want[] = {
        {"p", AS_POSITIONAL_ONLY, AS_PASSED_POSITIONAL, 0},
        {"q", AS_POSITIONAL_OR_KEYWORD, AS_PASSED_POSITIONAL, 1},
        {"r", AS_POSITIONAL_OR_KEYWORD, AS_PASSED_POSITIONAL, 2},
        {"rest[0]", AS_VAR_POSITIONAL, AS_PASSED_POSITIONAL, 3},
        {"k", AS_KEYWORD_ONLY, AS_PASSED_KEYWORD, -1},
        {"kw['z']", AS_VAR_KEYWORD, AS_PASSED_KEYWORD, -1},
    };
    assert_int_equal(s.n_entries, 6);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(s.entries[i].param, want[i].param);
        assert_int_equal(s.entries[i].kind, want[i].kind);
        assert_int_equal(s.entries[i].passed, want[i].passed);
        assert_int_equal(s.entries[i].slot, want[i].slot);
        assert_int_equal(s.entries[i].verdict, AS_VERDICT_TRACED);
        assert_int_equal(s.entries[i].donated, -1);
        assert_int_equal(s.entries[i].has_axis, 0);
    }
    c = build(&a, "(x, y=2)", "", "(y=1, x=0)");
    assert_int_equal(as_split_entries_from_binding(&a, &c, &s), 0);
    assert_int_equal(s.entries[0].passed, AS_PASSED_KEYWORD);
    c = build(&a, "(x, y=2)", "", "(0)");
    assert_int_equal(as_split_entries_from_binding(&a, &c, &s), 0);
    assert_int_equal(s.entries[1].passed, AS_PASSED_DEFAULT);
    assert_int_equal(s.entries[1].verdict, AS_VERDICT_DEFAULT);
    assert_int_equal(s.entries[1].slot, -1);
    as_arena_free(&a);
}

static void roundtrip(as_arena *a, const as_split *s, const char *want_json)
{
    json_t *j = as_split_to_json(s, "reference");
    char *dump = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (want_json && strcmp(dump, want_json) != 0)
        fail_msg("json\n  got  %s\n  want %s", dump, want_json);
    as_split back;
    as_error err;
    if (as_split_from_json(a, j, &back, &err) < 0)
        fail_msg("from_json %s: %s", dump, err.message);
    assert_true(as_split_equal(s, &back));
    json_t *again = as_split_to_json(&back, "reference");
    assert_true(json_equal(j, again));
    json_decref(again);
    json_decref(j);
    free(dump);
}

static void test_json_roundtrip(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    const as_subject *ref = as_subject_reference();
    as_split s;

    as_case c = build(&a, "(a, /, b, *, c)", "static_argnums=(0, 1, 2)", "(1, 2, c=3)");
    as_subject_split(ref, &a, &c, &s);
    roundtrip(&a, &s,
              "{\"subject\":\"reference\",\"decoration\":{\"ok\":true,\"warnings\":[]},\"call\":{\"ok\":true,\"args\":["
              "{\"param\":\"a\",\"kind\":\"positional_only\",\"passed\":\"positional\",\"slot\":0,\"verdict\":\"static\"},"
              "{\"param\":\"b\",\"kind\":\"positional_or_keyword\",\"passed\":\"positional\",\"slot\":1,\"verdict\":\"static\"},"
              "{\"param\":\"c\",\"kind\":\"keyword_only\",\"passed\":\"keyword\",\"slot\":null,\"verdict\":\"static\"}]}}");

    c = build(&a, "(a, b=1)", "donate_argnums=0, in_axes=(0, None)", "(1)");
    as_subject_split(ref, &a, &c, &s);
    roundtrip(&a, &s,
              "{\"subject\":\"reference\",\"decoration\":{\"ok\":true,\"warnings\":[]},\"call\":{\"ok\":true,\"args\":["
              "{\"param\":\"a\",\"kind\":\"positional_or_keyword\",\"passed\":\"positional\",\"slot\":0,\"verdict\":\"traced\",\"donated\":true,\"axis\":0},"
              "{\"param\":\"b\",\"kind\":\"positional_or_keyword\",\"passed\":\"default\",\"slot\":null,\"verdict\":\"default\",\"donated\":false,\"axis\":null}]}}");

    c = build(&a, "(a)", "static_argnums=4", "(1)");
    as_subject_split(ref, &a, &c, &s);
    roundtrip(&a, &s,
              "{\"subject\":\"reference\",\"decoration\":{\"ok\":false,\"error\":\"ValueError\",\"message\":"
              "\"static_argnums index 4 is out of range for 1 parameter\"},\"call\":null}");

    c = build(&a, "(a)", "", "(1, 2)");
    as_subject_split(ref, &a, &c, &s);
    roundtrip(&a, &s,
              "{\"subject\":\"reference\",\"decoration\":{\"ok\":true,\"warnings\":[]},\"call\":{\"ok\":false,"
              "\"error\":\"TypeError\",\"message\":\"f() takes 1 positional argument but 2 were given\"}}");

    c = build(&a, "(a)", "", NULL);
    as_subject_split(ref, &a, &c, &s);
    roundtrip(&a, &s, "{\"subject\":\"reference\",\"decoration\":{\"ok\":true,\"warnings\":[]},\"call\":null}");

    /* Warnings survive the trip. */
    as_split_init(&s);
    as_split_warn(&a, &s, "SyntaxWarning: %s", "careful");
    as_split_warn(&a, &s, "SyntaxWarning: %s", "again");
    roundtrip(&a, &s, "{\"subject\":\"reference\",\"decoration\":{\"ok\":true,\"warnings\":"
                      "[\"SyntaxWarning: careful\",\"SyntaxWarning: again\"]},\"call\":null}");
    as_arena_free(&a);
}

static void test_json_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[]",
        "{}",
        "{\"decoration\": {\"ok\": 1}}",
        "{\"decoration\": {\"ok\": false}}",
        "{\"decoration\": {\"ok\": true, \"warnings\": [1]}}",
        "{\"decoration\": {\"ok\": true}, \"call\": {\"ok\": true}}",
        "{\"decoration\": {\"ok\": true}, \"call\": {\"ok\": true, \"args\": [{\"param\": \"a\"}]}}",
        "{\"decoration\": {\"ok\": true}, \"call\": {\"ok\": true, \"args\": [{\"param\": \"a\", \"kind\": \"odd\", "
        "\"passed\": \"keyword\", \"verdict\": \"static\"}]}}",
        "{\"decoration\": {\"ok\": true}, \"call\": {\"ok\": true, \"args\": [{\"param\": \"a\", \"kind\": "
        "\"keyword_only\", \"passed\": \"keyword\", \"verdict\": \"static\", \"donated\": 1}]}}",
        "{\"decoration\": {\"ok\": false, \"error\": \"E\", \"message\": \"m\"}, \"call\": {\"ok\": true, \"args\": []}}",
    };
    as_arena a;
    as_arena_init(&a);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_error_t jerr;
        json_t *j = json_loads(bad[i], 0, &jerr);
        assert_non_null(j);
        as_split s;
        as_error err;
        as_error_clear(&err);
        if (as_split_from_json(&a, j, &s, &err) == 0)
            fail_msg("accepted %s", bad[i]);
        assert_string_equal(err.type, "InputError");
        json_decref(j);
    }
    as_arena_free(&a);
}

static void test_equal(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    const as_subject *ref = as_subject_reference();
    as_case c1 = build(&a, "(x, y)", "static_argnums=0", "(1, 2)");
    as_case c2 = build(&a, "(x, y)", "static_argnums=1", "(1, 2)");
    as_case c3 = build(&a, "(x, y)", "static_argnums=0, donate_argnums=1", "(1, 2)");
    as_split s1, s2, s3, s4;
    as_subject_split(ref, &a, &c1, &s1);
    as_subject_split(ref, &a, &c2, &s2);
    as_subject_split(ref, &a, &c3, &s3);
    assert_true(as_split_equal(&s1, &s1));
    assert_false(as_split_equal(&s1, &s2));
    assert_true(as_split_equal(&s1, &s3));   /* donated only compared when both carry it */
    s4 = s3;
    s4.entries = as_arena_alloc(&a, sizeof *s4.entries * 2);
    memcpy(s4.entries, s3.entries, sizeof *s4.entries * 2);
    s4.entries[1].donated = 0;
    assert_false(as_split_equal(&s3, &s4));
    s4.entries[1].donated = 1;
    s4.entries[1].slot = -1;
    assert_false(as_split_equal(&s3, &s4));

    as_split e1, e2;
    as_split_init(&e1);
    as_split_init(&e2);
    as_split_decoration_error(&e1, "ValueError", "m%d", 1);
    as_split_decoration_error(&e2, "ValueError", "m%d", 2);
    assert_false(as_split_equal(&e1, &e2));
    as_split_decoration_error(&e2, "ValueError", "m%d", 1);
    assert_true(as_split_equal(&e1, &e2));
    as_split_decoration_error(&e2, "TypeError", "m%d", 1);
    assert_false(as_split_equal(&e1, &e2));
    as_split_init(&e2);
    assert_false(as_split_equal(&e1, &e2));
    as_split_warn(&a, &e2, "SyntaxWarning: w");
    as_split_init(&e1);
    assert_false(as_split_equal(&e1, &e2));
    as_arena_free(&a);
}

/* A stand-in model recording what as_subject_split showed it. */
typedef struct probe { int calls; int saw_call; int saw_binding; int fail_decoration; } probe;

static int probe_split(const as_subject *self, as_arena *arena, const as_case *c, as_split *out)
{
    probe *p = (probe *)self->config;
    p->calls++;
    p->saw_call = c->call_text != NULL;
    p->saw_binding = c->binding != NULL;
    if (p->fail_decoration) {
        as_split_decoration_error(out, "ValueError", "no");
        return 0;
    }
    if (c->call_text && c->binding)
        as_split_entries_from_binding(arena, c, out);
    else if (c->call_text)
        as_split_call_error(out, "TypeError", "model: %s", c->bind_error->message);
    return 0;
}

static void test_subject_split(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    probe p = {0};
    as_subject s = {"probe@1", "probe", "1", "test probe", 0, probe_split, &p, 0};
    as_split out;

    as_case c = build(&a, "(x)", "", "(*1)");   /* A2 error: model decorates only */
    assert_int_equal(as_subject_split(&s, &a, &c, &out), 0);
    assert_int_equal(p.saw_call, 0);
    assert_true(out.decoration_ok && out.has_call && !out.call_ok);
    assert_string_equal(out.call_error.type, "TypeError");
    assert_string_equal(out.call_error.message, c.call_site_error->message);

    p.fail_decoration = 1;                      /* ...unless decoration fails */
    assert_int_equal(as_subject_split(&s, &a, &c, &out), 0);
    assert_false(out.decoration_ok);
    assert_false(out.has_call);
    p.fail_decoration = 0;

    c = build(&a, "(x)", "", "(1, 2)");         /* bind error: the model decides */
    assert_int_equal(as_subject_split(&s, &a, &c, &out), 0);
    assert_int_equal(p.saw_call, 1);
    assert_int_equal(p.saw_binding, 0);
    assert_true(strncmp(out.call_error.message, "model: ", 7) == 0);

    c = build(&a, "(x)", "", NULL);             /* no call: decoration only */
    assert_int_equal(as_subject_split(&s, &a, &c, &out), 0);
    assert_true(out.decoration_ok);
    assert_false(out.has_call);
    assert_int_equal(p.calls, 4);
    as_arena_free(&a);
}

static void test_names(void **state)
{
    (void)state;
    as_verdict v;
    as_passed p;
    assert_string_equal(as_verdict_name(AS_VERDICT_STATIC), "static");
    assert_string_equal(as_passed_name(AS_PASSED_DEFAULT), "default");
    assert_int_equal(as_verdict_from_name("default", &v), 0);
    assert_int_equal(v, AS_VERDICT_DEFAULT);
    assert_int_equal(as_verdict_from_name("Static", &v), -1);
    assert_int_equal(as_passed_from_name("keyword", &p), 0);
    assert_int_equal(p, AS_PASSED_KEYWORD);
    assert_int_equal(as_passed_from_name("", &p), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_build),     cmocka_unit_test(test_entries_from_binding),
        cmocka_unit_test(test_json_roundtrip), cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_equal),          cmocka_unit_test(test_subject_split),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
