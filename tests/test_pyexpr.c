/* test_pyexpr.c — tokenizer, expression parser, normal form, classification.
 * Classification is checked against real CPython when python3 is present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "oracle/pyexpr.h"

static as_arena A;

static int setup(void **state) { (void)state; as_arena_init(&A); return 0; }
static int teardown(void **state) { (void)state; as_arena_free(&A); return 0; }

static const char *norm(const char *s)
{
    char *out;
    as_error e;
    if (as_expr_normalize(&A, s, strlen(s), &out, &e) < 0) {
        print_message("unexpected error for %s: %s\n", s, e.message);
        return NULL;
    }
    return out;
}

static void test_normalize(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"1", "1"},
        {"  a  +  b ", "a + b"},
        {"a+b", "a+b"},
        {"[1,\n 2,  # two\n 3]", "[1, 2, 3]"},
        {"(a\\\n+b)", "(a +b)"},
        {"lambda x, y=1: x+y", "lambda x, y=1: x+y"},
        {"lambda: 0", "lambda: 0"},
        {"lambda *a, **k: (a, k)", "lambda *a, **k: (a, k)"},
        {"lambda a, /, b, *, c: a", "lambda a, /, b, *, c: a"},
        {"{'a': [1, (2, 3)], **d}", "{'a': [1, (2, 3)], **d}"},
        {"'it''s'  \"x\"", "'it''s' \"x\""},
        {"rb'\\d'  Rb\"x\" BR'y'", "rb'\\d' Rb\"x\" BR'y'"},
        {"f'{x!r:>10}'", "f'{x!r:>10}'"},
        {"'''a\n  b'''", "'''a\n  b'''"},
        {"[x*2 for x in range(3) if x]", "[x*2 for x in range(3) if x]"},
        {"{k: v for k, v in d.items()}", "{k: v for k, v in d.items()}"},
        {"(x for x in y)", "(x for x in y)"},
        {"f(x for x in y)", "f(x for x in y)"},
        {"a if b else c", "a if b else c"},
        {"not a and b or c", "not a and b or c"},
        {"a not in b is not c", "a not in b is not c"},
        {"x[1:2, ::3, ...]", "x[1:2, ::3, ...]"},
        {"x[a:=1]", "x[a:=1]"},
        {"(y := 5)", "(y := 5)"},
        {"y := 5", "y := 5"},
        {"-2 ** -1", "-2 ** -1"},
        {"0x_ff + 0o17 + 0b1_0 + 1_000 + 1.5e-3j + .5 + 5.", "0x_ff + 0o17 + 0b1_0 + 1_000 + 1.5e-3j + .5 + 5."},
        {"a.b.c(1)(2)[3]", "a.b.c(1)(2)[3]"},
        {"jnp.ones((3, 4), dtype = jnp.float32)", "jnp.ones((3, 4), dtype = jnp.float32)"},
        {"await x", "await x"},
        {"[*a, *b]", "[*a, *b]"},
        {"x[*idx]", "x[*idx]"},
        {"f(*a, k=1, **kw)", "f(*a, k=1, **kw)"},
        {"{*a, 1}", "{*a, 1}"},
        {"()", "()"},
        {"(1,)", "(1,)"},
        {"\xc3\xa9t\xc3\xa9 + 1", "\xc3\xa9t\xc3\xa9 + 1"},
        {"1 .real", "1 .real"},
        {"1..real", "1..real"},
        {"((yield))", "((yield))"},
        {"a  # trailing comment", "a"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = norm(cases[i][0]);
        assert_non_null(got);
        assert_string_equal(got, cases[i][1]);
        const char *again = norm(got);
        assert_non_null(again);
        assert_string_equal(again, got);   /* idempotent */
    }
}

static void test_invalid(void **state)
{
    (void)state;
    static const struct { const char *text; int column; } cases[] = {
        {"1 +", 4}, {"(1, 2", 6}, {"[1, 2)", 6}, {"def", 1}, {"class x", 1}, {"yield x", 1},
        {"a b", 3}, {"'abc", 1}, {"'''abc", 1}, {"01", 1}, {"1__0", 1}, {"1_", 1}, {"0x", 1},
        {"1abc", 1}, {"a $ b", 3}, {"a ! b", 3}, {"lambda x y: 0", 10}, {"x = 1", 3},
        {"a +=1", 3}, {"b'\xc3\xa9'", 3}, {"'a' b'b'", 5}, {"f(x for x in y, 1)", 3},
        {"f(a=1, 2)", 8}, {"f(**k, *a)", 8}, {"(*a)", 2}, {"a\\ b", 2}, {"", 1}, {"a;b", 2},
        {"1 if 2", 7}, {"lambda **k, a: 0", 13},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out;
        as_error e;
        memset(&e, 0, sizeof e);
        int r = as_expr_normalize(&A, cases[i].text, strlen(cases[i].text), &out, &e);
        if (r == 0)
            print_message("accepted: %s\n", cases[i].text);
        assert_int_equal(r, -1);
        assert_string_equal(e.type, "InputError");
        assert_int_equal(e.phase, AS_PHASE_INPUT);
        if (e.column != cases[i].column)
            print_message("%s: column %d, message %s\n", cases[i].text, e.column, e.message);
        assert_int_equal(e.column, cases[i].column);
    }
}

/* The parser stops at top-level delimiters, which is how signatures and
 * calls find their items. */
static void test_stops(void **state)
{
    (void)state;
    static const struct { const char *text; const char *expr; as_expr_level level; } cases[] = {
        {"lambda a, b: a, c", "lambda a, b: a", AS_EXPR_EXPRESSION},
        {"x = 1", "x", AS_EXPR_EXPRESSION},
        {"int = 3", "int", AS_EXPR_EXPRESSION},
        {"d[1:2]: 3", "d[1:2]", AS_EXPR_EXPRESSION},
        {"{1: 2}, 3)", "{1: 2}", AS_EXPR_EXPRESSION},
        {"a := 1, 2", "a := 1", AS_EXPR_NAMED},
        {"a := 1", "a", AS_EXPR_EXPRESSION},
        {"a | b if c else d", "a | b", AS_EXPR_BITOR},
        {"x for x in y", "x", AS_EXPR_EXPRESSION},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_token *t;
        int n, end;
        as_error e;
        assert_int_equal(as_tokenize(&A, cases[i].text, strlen(cases[i].text), &t, &n, &e), 0);
        assert_true(as_expr_parse(cases[i].text, t, 0, cases[i].level, &end, NULL, &e) >= 0);
        assert_string_equal(as_expr_text(&A, cases[i].text, t, 0, end), cases[i].expr);
    }
    /* PEG prefix semantics */
    as_token *t;
    int n, end;
    as_error e;
    const char *s = "a + b * (";
    assert_int_equal(as_tokenize(&A, s, strlen(s) - 1, &t, &n, &e), 0);
    assert_true(as_expr_parse_prefix(s, t, 0, AS_EXPR_EXPRESSION, &end, &e) >= 0);
    assert_int_equal(end, 3);
}

static const char *join(const char **v, int n)
{
    as_buf b;
    as_buf_init(&b, &A);
    as_buf_putc(&b, '[');
    for (int i = 0; i < n; i++) {
        if (i)
            as_buf_puts(&b, ", ");
        as_buf_printf(&b, "(%s)", v[i]);
    }
    as_buf_putc(&b, ']');
    return as_buf_str(&b);
}

static void test_classify_fixed(void **state)
{
    (void)state;
    static const struct { const char *text; as_lit_kind kind; const char *type; int n; const char *elems; } cases[] = {
        {"1", AS_LIT_INT, "int", -1, NULL},
        {"-1", AS_LIT_INT, "int", -1, NULL},
        {"x", AS_LIT_UNKNOWN, NULL, -1, NULL},
        {"None", AS_LIT_NONE, "NoneType", -1, NULL},
        {"...", AS_LIT_ELLIPSIS, "ellipsis", -1, NULL},
        {"lambda: 0", AS_LIT_FUNCTION, "function", -1, NULL},
        {"(x for x in y)", AS_LIT_GENERATOR, "generator", -1, NULL},
        {"(1, 2)", AS_LIT_TUPLE, "tuple", 2, "[(1), (2)]"},
        {"((1, 2))", AS_LIT_TUPLE, "tuple", 2, "[(1), (2)]"},
        {"[1, *[2, 3], *'ab']", AS_LIT_LIST, "list", 5, "[(1), (2), (3), ('a'), ('b')]"},
        {"[*xs]", AS_LIT_LIST, "list", -1, NULL},
        {"'a\\n'", AS_LIT_STR, "str", 2, "[('a'), ('\\n')]"},
        {"b'ab'", AS_LIT_BYTES, "bytes", 2, "[(97), (98)]"},
        {"{'m': 5, **{'n': 6, 'm': 7}}", AS_LIT_DICT, "dict", 2, "[('m'), ('n')]"},
        {"{1, 2}", AS_LIT_SET, "set", 2, "[(1), (2)]"},
        {"f(1)", AS_LIT_UNKNOWN, NULL, -1, NULL},
        {"[x for x in y]", AS_LIT_LIST, "list", -1, NULL},
        {"1 + 2j", AS_LIT_COMPLEX, "complex", -1, NULL},
        {"'é'", AS_LIT_STR, "str", -1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_expr_class c;
        as_error e;
        assert_int_equal(as_expr_classify(&A, cases[i].text, strlen(cases[i].text), &c, &e), 0);
        assert_int_equal(c.kind, cases[i].kind);
        if (cases[i].type)
            assert_string_equal(c.type_name, cases[i].type);
        else
            assert_null(c.type_name);
        assert_int_equal(c.n_elems, cases[i].n);
        if (cases[i].elems)
            assert_string_equal(join(c.elems, c.n_elems), cases[i].elems);
    }
    as_expr_class c;
    as_error e;
    const char *d = "{'a': 1, 'b': [2]}";
    assert_int_equal(as_expr_classify(&A, d, strlen(d), &c, &e), 0);
    assert_string_equal(join(c.values, c.n_elems), "[(1), ([2])]");
}

static void test_string_value(void **state)
{
    (void)state;
    char *v;
    size_t n;
    int bytes;
    as_error e;
    const char *s = "'a\\tb' \"\\x41\\u00e9\" r'\\n'";
    assert_int_equal(as_expr_string_value(&A, s, strlen(s), &v, &n, &bytes, &e), 0);
    assert_false(bytes);
    assert_int_equal(n, 8);
    assert_memory_equal(v, "a\tbA\xc3\xa9\\n", 8);
    s = "b'\\x00\\377'";
    assert_int_equal(as_expr_string_value(&A, s, strlen(s), &v, &n, &bytes, &e), 0);
    assert_true(bytes);
    assert_int_equal(n, 2);
    assert_int_equal((unsigned char)v[1], 255);
    s = "'\\N{DASH}'";
    assert_int_equal(as_expr_string_value(&A, s, strlen(s), &v, &n, &bytes, &e), -1);
    assert_string_equal(e.type, "InputError");
    assert_string_equal(as_py_str_repr(&A, "it's", 4), "\"it's\"");
    assert_string_equal(as_py_str_repr(&A, "a'\"\\\x01", 5), "'a\\'\"\\\\\\x01'");
}

/* Differential: CPython's type name and iteration result for each literal. */
static void test_classify_python(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "1", "-1", "+True", "~False", "1.5", "1e3", "2j", "1 + 2j", "1 / 2", "7 // 2", "2 * 3.0",
        "'s'", "'a' 'b'", "'ab' * 2", "b'x'", "True", "not 1", "1 < 2", "1 in (1,)", "None", "...",
        "()", "(1,)", "(1, 'a', [2])", "[]", "[1, *(2, 3)]", "[*'xyz', *b'ab']", "{}", "{1: 2}",
        "{'a': 1, **{'b': 2, 'a': 3}}", "{*[1, 2]}", "lambda: 0", "(x for x in [])", "[x for x in []]",
        "{x for x in []}", "{x: x for x in []}", "'\\t\\'\"'", "'\\x7f\\x01 '", "(((1, 2)))", "([1])",
        "[*{'k': 1}]", "1 if True else 2", "True and False", "0 or 1", "1 | 2", "True & False",
        "1 << 3", "'%s' % 1", "b'a' + b'b'", "'a' + 'b'", "-2.5", "0x1f", "1_000", "{**{1: 2}}",
    };
    if (access("/usr/bin/python3", X_OK) != 0 && system("python3 -c pass >/dev/null 2>&1") != 0)
        skip();
    char in_path[] = "/tmp/argsplit_pyexprXXXXXX";
    int fd = mkstemp(in_path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        as_expr_class c;
        as_error e;
        assert_int_equal(as_expr_classify(&A, texts[i], strlen(texts[i]), &c, &e), 0);
        fprintf(f, "%s\t%s\t%s\n", texts[i], c.type_name ? c.type_name : "-",
                c.n_elems >= 0 ? join(c.elems, c.n_elems) : "-");
    }
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"\nimport sys\nbad = 0\nfor line in open(sys.argv[1]):\n"
             "    t, ty, el = line.rstrip('\\n').split('\\t')\n"
             "    v = eval(t)\n"
             "    if type(v).__name__ != ty: print('TYPE', t, type(v).__name__, ty); bad += 1\n"
             "    if el != '-' and list(v) != eval(el): print('ELEMS', t, list(v), el); bad += 1\n"
             "print('BAD', bad)\n\" %s", in_path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[1024];
    int bad = -1;
    while (fgets(line, sizeof line, p)) {
        if (strncmp(line, "BAD ", 4) == 0)
            bad = atoi(line + 4);
        else
            print_message("%s", line);
    }
    pclose(p);
    unlink(in_path);
    assert_int_equal(bad, 0);
}

static void test_diagnose(void **state)
{
    (void)state;
    static const struct { const char *text; int py; const char *msg; } cases[] = {
        {"a b", 11, "invalid syntax. Perhaps you forgot a comma?"},
        {"a b", 9, NULL},
        {"c d", 11, NULL},                          /* prefix of 'case' */
        {"t d", 11, "invalid syntax. Perhaps you forgot a comma?"},
        {"t d", 12, NULL},                          /* prefix of 'type' */
        {"1 if x", 10, "expected 'else' after 'if' expression"},
        {"print x", 10, "Missing parentheses in call to 'print'. Did you mean print(...)?"},
        {"print x y", 10, "invalid syntax. Perhaps you forgot a comma?"},
        {"lambda: 1 2", 10, "invalid syntax. Perhaps you forgot a comma?"},
        {"x 's'", 11, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_token *t;
        int n, at;
        char msg[160];
        as_error e;
        assert_int_equal(as_tokenize(&A, cases[i].text, strlen(cases[i].text), &t, &n, &e), 0);
        int r = as_expr_diagnose(cases[i].text, t, 0, cases[i].py, msg, sizeof msg, &at);
        assert_int_equal(r, cases[i].msg != NULL);
        if (r)
            assert_string_equal(msg, cases[i].msg);
    }
}

/* Every operator, longest match first, and keywords vs. names. */
static void test_tokens(void **state)
{
    (void)state;
    static const struct { const char *text; int sub; } ops[] = {
        {"(", AS_OP_LPAR}, {")", AS_OP_RPAR}, {"[", AS_OP_LSQB}, {"]", AS_OP_RSQB}, {"{", AS_OP_LBRACE},
        {"}", AS_OP_RBRACE}, {",", AS_OP_COMMA}, {":", AS_OP_COLON}, {";", AS_OP_SEMI}, {".", AS_OP_DOT},
        {"...", AS_OP_ELLIPSIS}, {"->", AS_OP_ARROW}, {"=", AS_OP_EQUAL}, {":=", AS_OP_WALRUS},
        {"+", AS_OP_PLUS}, {"-", AS_OP_MINUS}, {"*", AS_OP_STAR}, {"/", AS_OP_SLASH}, {"//", AS_OP_DSLASH},
        {"%", AS_OP_PERCENT}, {"@", AS_OP_AT}, {"**", AS_OP_DSTAR}, {"&", AS_OP_AMP}, {"|", AS_OP_VBAR},
        {"^", AS_OP_CARET}, {"~", AS_OP_TILDE}, {"<<", AS_OP_LSHIFT}, {">>", AS_OP_RSHIFT}, {"<", AS_OP_LT},
        {">", AS_OP_GT}, {"<=", AS_OP_LE}, {">=", AS_OP_GE}, {"==", AS_OP_EQEQ}, {"!=", AS_OP_NE},
        {"+=", AS_OP_AUGASSIGN}, {"-=", AS_OP_AUGASSIGN}, {"*=", AS_OP_AUGASSIGN}, {"/=", AS_OP_AUGASSIGN},
        {"//=", AS_OP_AUGASSIGN}, {"%=", AS_OP_AUGASSIGN}, {"@=", AS_OP_AUGASSIGN}, {"&=", AS_OP_AUGASSIGN},
        {"|=", AS_OP_AUGASSIGN}, {"^=", AS_OP_AUGASSIGN}, {"<<=", AS_OP_AUGASSIGN}, {">>=", AS_OP_AUGASSIGN},
        {"**=", AS_OP_AUGASSIGN},
    };
    as_token *t;
    int n;
    as_error e;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        assert_int_equal(as_tokenize(&A, ops[i].text, strlen(ops[i].text), &t, &n, &e), 0);
        assert_int_equal(n, 1);
        assert_int_equal(t[0].kind, AS_TK_OP);
        assert_int_equal(t[0].sub, ops[i].sub);
        assert_int_equal(t[0].len, (int)strlen(ops[i].text));
    }
    /* ".." is two dots; "!" alone and "$" are not Python */
    assert_int_equal(as_tokenize(&A, "..", 2, &t, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(as_tokenize(&A, "a ! b", 5, &t, &n, &e), -1);
    assert_int_equal(e.column, 3);
    assert_int_equal(as_tokenize(&A, "$", 1, &t, &n, &e), -1);
    const char *names = "False None True and as assert async await break class continue def del elif else except "
                        "finally for from global if import in is lambda nonlocal not or pass raise return try while "
                        "with yield Falsy a asserts fo i yields _ match";
    assert_int_equal(as_tokenize(&A, names, strlen(names), &t, &n, &e), 0);
    assert_int_equal(n, 43);
    for (int k = 0; k < 35; k++)
        assert_int_equal(t[k].sub, AS_KW_FALSE + k);
    for (int k = 35; k < 43; k++)
        assert_int_equal(t[k].sub, 0);
    assert_true(as_is_identifier("match", 5));
    assert_false(as_is_identifier("lambda", 6));
}

/* A NUL byte anywhere is CPython's "source code cannot contain null bytes":
 * the error names the first NUL, also inside a string or a comment, and
 * also when the text has another error before it. */
static void test_null_byte(void **state)
{
    (void)state;
    static const struct { const char *text; size_t len; int column; } cases[] = {
        {"a\0b", 3, 2},
        {"'x\0y'", 5, 3},
        {"b'\0'", 4, 3},
        {"'''\0'''", 7, 4},
        {"a # c\0\nb", 8, 6},
        {"$ a\0", 4, 4},
        {"'unterminated \0", 15, 15},
        {"(1, 2) \0\0", 9, 8},
        {"\0", 1, 1},
    };
    as_token *t;
    int n;
    as_error e;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(as_tokenize(&A, cases[i].text, cases[i].len, &t, &n, &e), -1);
        assert_int_equal(e.phase, AS_PHASE_INPUT);
        assert_int_equal(e.column, cases[i].column);
        char want[64];
        snprintf(want, sizeof want, "null byte at column %d", cases[i].column);
        assert_string_equal(e.message, want);
    }
    /* the same texts up to their NUL are not refused for it */
    assert_int_equal(as_tokenize(&A, "'x\0y'", 2, &t, &n, &e), -1);   /* 'x: unterminated */
    assert_string_not_equal(e.message, "null byte at column 3");
    assert_int_equal(as_tokenize(&A, "a # c\0", 5, &t, &n, &e), 0);
}

/* Python's repr for str: ASCII and Latin-1 exactly as CPython writes it. */
static void test_str_repr(void **state)
{
    (void)state;
    static const struct { const char *s; size_t len; const char *repr; } cases[] = {
        {"", 0, "''"}, {"it's", 4, "\"it's\""}, {"'\"", 2, "'\\'\"'"}, {"a\\b", 3, "'a\\\\b'"},
        {"\n\r\t\x01\x7f", 5, "'\\n\\r\\t\\x01\\x7f'"}, {"a\0b", 3, "'a\\x00b'"},
        {"\xc2\x80\xc2\x9f\xc2\xa0\xc2\xa1\xc2\xad\xc3\xa9", 12, "'\\x80\\x9f\\xa0\xc2\xa1\\xad\xc3\xa9'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(as_py_str_repr(&A, cases[i].s, cases[i].len), cases[i].repr);
}

/* The tokenizer's bracket bookkeeping. */
static void test_brackets(void **state)
{
    (void)state;
    as_token *t;
    int n, at = -1, open_at = -1;
    as_error e;
    char msg[160];
    assert_int_equal(as_tokenize(&A, "(a, [b)", 7, &t, &n, &e), 0);
    assert_int_equal(as_bracket_check("(a, [b)", t, msg, sizeof msg, &at, &open_at), 1);
    assert_string_equal(msg, "closing parenthesis ')' does not match opening parenthesis '['");
    assert_int_equal(at, 5);
    assert_int_equal(as_tokenize(&A, "(a, (b), {c", 11, &t, &n, &e), 0);
    assert_int_equal(as_bracket_check("(a, (b), {c", t, msg, sizeof msg, &at, &open_at), 0);
    assert_int_equal(open_at, 7);
    assert_int_equal(as_tokenize(&A, "(a))", 4, &t, &n, &e), 0);
    assert_int_equal(as_bracket_check("(a))", t, msg, sizeof msg, &at, &open_at), 1);
    assert_string_equal(msg, "unmatched ')'");
    const char *ml = "(a,\n b]";
    assert_int_equal(as_tokenize(&A, ml, strlen(ml), &t, &n, &e), 0);
    assert_int_equal(as_bracket_check(ml, t, msg, sizeof msg, &at, &open_at), 1);
    assert_string_equal(msg, "closing parenthesis ']' does not match opening parenthesis '(' on line 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_stops),
        cmocka_unit_test(test_classify_fixed),
        cmocka_unit_test(test_string_value),
        cmocka_unit_test(test_classify_python),
        cmocka_unit_test(test_diagnose),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_null_byte),
        cmocka_unit_test(test_str_repr),
        cmocka_unit_test(test_brackets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
