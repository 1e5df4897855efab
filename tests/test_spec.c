/* test_spec.c — spec text and JSON: parse, canonical print, round trips,
 * errors.  Canonical printing is checked against real CPython: every value
 * text below is also evaluated with ast.literal_eval and repr()'d by python3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle/spec.h"

static as_spec parse_ok(as_arena *a, const char *text)
{
    as_spec s;
    as_error err;
    as_error_clear(&err);
    if (as_spec_parse(a, text, strlen(text), &s, &err) < 0)
        fail_msg("parse %s: %s: %s (col %d)", text, err.type, err.message, err.column);
    return s;
}

static void expect_error(const char *text, const char *type, int column, const char *needle)
{
    as_arena a;
    as_arena_init(&a);
    as_spec s;
    as_error err;
    as_error_clear(&err);
    if (as_spec_parse(&a, text, strlen(text), &s, &err) == 0)
        fail_msg("parse %s: expected %s, got %s", text, type, as_spec_print(&a, &s));
    if (strcmp(err.type, type) != 0 || err.column != column || !strstr(err.message, needle))
        fail_msg("parse %s: got %s at %d '%s', want %s at %d containing '%s'", text, err.type, err.column,
                 err.message, type, column, needle);
    as_arena_free(&a);
}

static void test_basic(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_spec s = parse_ok(&a, "static_argnums=(0, -1), static_argnames='b', in_axes=[0, None], x={'a': 0}");
    assert_int_equal(s.n_entries, 4);
    assert_string_equal(s.entries[0].keyword, "static_argnums");
    assert_int_equal(s.entries[0].value.type, AS_VALUE_TUPLE);
    assert_int_equal(s.entries[0].value.items[1].i, -1);
    assert_int_equal(s.entries[2].value.type, AS_VALUE_LIST);
    assert_int_equal(s.entries[2].value.items[1].type, AS_VALUE_NONE);
    assert_int_equal(s.entries[3].value.type, AS_VALUE_DICT);
    assert_string_equal(s.entries[3].value.keys[0], "a");
    assert_string_equal(as_spec_print(&a, &s),
                        "static_argnums=(0, -1), static_argnames='b', in_axes=[0, None], x={'a': 0}");
    assert_non_null(as_spec_get(&s, "in_axes"));
    assert_null(as_spec_get(&s, "donate_argnums"));
    assert_string_equal(as_value_type_name(&s.entries[1].value), "str");
    assert_string_equal(as_value_type_name(&s.entries[2].value.items[1]), "NoneType");

    as_spec e = parse_ok(&a, "  ");
    assert_int_equal(e.n_entries, 0);
    assert_string_equal(as_spec_print(&a, &e), "");
    as_spec t = parse_ok(&a, "static_argnums=(0), donate_argnums=(1,), x=(), y=( 2 , ), z=True, w=False,");
    assert_string_equal(as_spec_print(&a, &t), "static_argnums=0, donate_argnums=(1,), x=(), y=(2,), z=True, w=False");
    as_arena_free(&a);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("static_argnums=(0,), static_argnums=1", "SyntaxError", 22, "keyword argument repeated: static_argnums");
    expect_error("static_argnums=f(0)", "InputError", 16, "not a literal");
    expect_error("static_argnums=(0, 1", "InputError", 21, "expected");
    expect_error("static_argnums=", "InputError", 16, "expected a value");
    expect_error("0", "InputError", 1, "keyword");
    expect_error("a=1 b=2", "InputError", 5, "','");
    expect_error("a='abc", "InputError", 3, "unterminated");
    expect_error("a={1: 2}", "InputError", 4, "keys");
    expect_error("a=-'x'", "InputError", 3, "sign");
    expect_error("a=01", "InputError", 3, "leading zeros");
    expect_error("a=99999999999999999999", "InputError", 3, "range");
    expect_error("a='\\q'", "InputError", 4, "escape");
    expect_error("a={1, 2}", "InputError", 4, "keys");
    expect_error("a=b'x'", "InputError", 3, "prefix");
    expect_error("a=x", "InputError", 3, "not a literal");
    expect_error("a=1.2.3", "InputError", 3, "float");
}

/* Python's repr of each value, from the real interpreter. */
static const char *const repr_cases[] = {
    "0", "-1", "+5", "0x1F", "0o17", "0b101", "1_000", "-9223372036854775808", "9223372036854775807",
    "1.0", "-0.0", "0.1", "1e16", "1e15", "123456789012345.6", "1e-5", "0.0001", "1.5e-07", "2.5E+3",
    ".5", "5.", "3.141592653589793", "1e300",
    "'a'", "\"it's\"", "'say \"hi\"'", "'both \\' and \"'", "'tab\\tnl\\n'", "'\\x01\\x7f'", "'caf\\u00e9'",
    "'\\xa0x'", "'\\x85'", "'a' 'b'", "'\\\\'",
    "None", "True", "False", "()", "(1,)", "(1, 2)", "[]", "[1]", "[(1,), [2, (3, 4)]]", "{}",
    "{'a': 0, 'b': None}", "{'x': (1, [2]), 'y': {'z': 'w'}}", "((0))", "(((0,)),)", "[None, True, -2.5]",
};

static void test_repr_matches_cpython(void **state)
{
    (void)state;
    size_t n = sizeof repr_cases / sizeof *repr_cases;
    char path[] = "/tmp/argsplit_spec_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\n", repr_cases[i]);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import ast,sys\nfor l in open(sys.argv[1]): print(repr(ast.literal_eval(l.strip())))' %s",
             path);
    FILE *py = popen(cmd, "r");
    assert_non_null(py);
    as_arena a;
    as_arena_init(&a);
    char line[1024];
    for (size_t i = 0; i < n; i++) {
        if (!fgets(line, sizeof line, py))
            fail_msg("python3 gave no repr for case %zu (%s)", i, repr_cases[i]);
        line[strcspn(line, "\n")] = '\0';
        char *text = as_arena_printf(&a, "v=%s", repr_cases[i]);
        as_spec s = parse_ok(&a, text);
        const char *mine = as_value_repr(&a, &s.entries[0].value);
        if (strcmp(mine, line) != 0)
            fail_msg("repr of %s: argsplit %s, CPython %s", repr_cases[i], mine, line);
        /* The canonical text parses back to an equal value. */
        as_spec back = parse_ok(&a, as_arena_printf(&a, "v=%s", mine));
        assert_true(as_spec_equal(&s, &back));
    }
    assert_int_equal(pclose(py), 0);
    unlink(path);
    as_arena_free(&a);
}

static void test_json(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    json_error_t jerr;
    json_t *j = json_loads("{\"static_argnums\": [0, -1], \"static_argnames\": \"b\", \"in_axes\": [0, null],"
                           " \"x\": {\"a\": 1.5}, \"flag\": true, \"one\": [3]}", 0, &jerr);
    assert_non_null(j);
    as_spec s;
    as_error err;
    assert_int_equal(as_spec_from_json(&a, j, &s, &err), 0);
    assert_string_equal(as_spec_print(&a, &s),
                        "static_argnums=(0, -1), static_argnames='b', in_axes=(0, None), x={'a': 1.5}, flag=True, one=(3,)");
    json_t *back = as_spec_to_json(&s);
    assert_true(json_equal(j, back));
    as_spec s2;
    assert_int_equal(as_spec_from_json(&a, back, &s2, &err), 0);
    assert_true(as_spec_equal(&s, &s2));
    json_decref(back);
    json_decref(j);

    /* text -> JSON -> spec keeps everything but the list/tuple distinction. */
    as_spec t = parse_ok(&a, "a=[1, (2,)], b={'k': None}, c=-0.5, d='q'");
    json_t *tj = as_spec_to_json(&t);
    char *dump = json_dumps(tj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(dump, "{\"a\":[1,[2]],\"b\":{\"k\":null},\"c\":-0.5,\"d\":\"q\"}");
    free(dump);
    as_spec t2;
    assert_int_equal(as_spec_from_json(&a, tj, &t2, &err), 0);
    assert_string_equal(as_spec_print(&a, &t2), "a=(1, (2,)), b={'k': None}, c=-0.5, d='q'");
    assert_false(as_spec_equal(&t, &t2));   /* a list is not a tuple */
    json_decref(tj);

    json_t *bad = json_loads("[1]", 0, &jerr);
    assert_int_equal(as_spec_from_json(&a, bad, &s, &err), -1);
    assert_string_equal(err.type, "InputError");
    json_decref(bad);
    bad = json_loads("{\"not a name\": 1}", 0, &jerr);
    assert_int_equal(as_spec_from_json(&a, bad, &s, &err), -1);
    json_decref(bad);
    as_arena_free(&a);
}

static void test_equal(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_spec x = parse_ok(&a, "a=(1, 'b'), c=1.0");
    as_spec y = parse_ok(&a, "a = ( 1 , \"b\" ) , c = 1.");
    as_spec z = parse_ok(&a, "c=1.0, a=(1, 'b')");
    as_spec w = parse_ok(&a, "a=(1, 'b'), c=1");
    as_spec v = parse_ok(&a, "a=(True, 'b'), c=1.0");
    assert_true(as_spec_equal(&x, &y));
    assert_false(as_spec_equal(&x, &z));   /* keyword order is kept */
    assert_false(as_spec_equal(&x, &w));   /* 1.0 is not 1 */
    assert_false(as_spec_equal(&x, &v));   /* True is not 1 */
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_repr_matches_cpython),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
