/* test_signature.c — parameter lists: parse, print, SyntaxErrors per version.
 * SyntaxError wording is checked against every pyenv CPython 3.8-3.13 found
 * (compile("def f" + sig + ": pass")); versions not installed are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glob.h>
#include <unistd.h>
#include <cmocka.h>

#include "oracle/signature.h"

static as_arena A;

static int setup(void **state) { (void)state; as_arena_init(&A); return 0; }
static int teardown(void **state) { (void)state; as_arena_free(&A); return 0; }

static int parse(const char *s, int py, as_signature *sig, as_error *e)
{
    memset(e, 0, sizeof *e);
    return as_signature_parse(&A, s, strlen(s), py, sig, e);
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"()", "()"},
        {"(a, b=2, /, c=[1, 2], *args, d: int, e=None, **kw)", "(a, b=2, /, c=[1, 2], *args, d: int, e=None, **kw)"},
        {"( a , b = 2 ,/, c=[1,2],*args,d:int,e = None,**kw, )", "(a, b=2, /, c=[1,2], *args, d: int, e=None, **kw)"},
        {"(a: int = 3, *, k: 'str' = 'x')", "(a: int = 3, *, k: 'str' = 'x')"},
        {"(f=lambda x, y=(1, 2): x, g={'a': (1,\n 2)}, # c\n h=\"'\")", "(f=lambda x, y=(1, 2): x, g={'a': (1, 2)}, h=\"'\")"},
        {"(x=[i for i in range(3)], y=(j for j in z), *, w=a if b else c)", "(x=[i for i in range(3)], y=(j for j in z), *, w=a if b else c)"},
        {"(self, /)", "(self, /)"},
        {"(*args: int, **kwargs: 'dict[str, int]')", "(*args: int, **kwargs: 'dict[str, int]')"},
        {"(match, case, type, _)", "(match, case, type, _)"},
        {"(\xc3\xa9t\xc3\xa9=1)", "(\xc3\xa9t\xc3\xa9=1)"},
        {"(a=(x:=1), b=jnp.ones((2, 3)), c=r'\\d+', d=b'\\x00')", "(a=(x:=1), b=jnp.ones((2, 3)), c=r'\\d+', d=b'\\x00')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_signature s1, s2;
        as_error e;
        if (parse(cases[i][0], 11, &s1, &e) != 0)
            print_message("%s: %s\n", cases[i][0], e.message);
        assert_int_equal(parse(cases[i][0], 11, &s1, &e), 0);
        char *p = as_signature_print(&A, &s1);
        assert_string_equal(p, cases[i][1]);
        assert_int_equal(parse(p, 11, &s2, &e), 0);
        assert_true(as_signature_equal(&s1, &s2));
        assert_string_equal(as_signature_print(&A, &s2), p);
    }
}

static void test_counts(void **state)
{
    (void)state;
    as_signature s;
    as_error e;
    assert_int_equal(parse("(a, b=2, /, c=3, *args, d, e=None, **kw)", 11, &s, &e), 0);
    assert_int_equal(s.n_params, 7);
    assert_int_equal(s.n_posonly, 2);
    assert_int_equal(s.n_positional, 3);
    assert_int_equal(s.n_kwonly, 2);
    assert_int_equal(s.n_pos_defaults, 2);
    assert_int_equal(s.varargs_index, 3);
    assert_int_equal(s.varkw_index, 6);
    assert_int_equal(s.params[0].kind, AS_POSITIONAL_ONLY);
    assert_int_equal(s.params[2].kind, AS_POSITIONAL_OR_KEYWORD);
    assert_int_equal(s.params[4].kind, AS_KEYWORD_ONLY);
    assert_string_equal(s.params[5].default_text, "None");
    assert_null(s.params[4].default_text);
    assert_int_equal(as_signature_find(&s, "e"), 5);
    assert_int_equal(as_signature_find(&s, "zz"), -1);
    assert_int_equal(parse("()", 8, &s, &e), 0);
    assert_int_equal(s.n_params, 0);
    assert_int_equal(s.varargs_index, -1);
    for (int k = AS_POSITIONAL_ONLY; k <= AS_VAR_KEYWORD; k++) {
        as_kind out;
        assert_int_equal(as_kind_from_name(as_kind_name((as_kind)k), &out), 0);
        assert_int_equal(out, k);
    }
    as_kind out;
    assert_int_equal(as_kind_from_name("nope", &out), -1);
}

static void test_errors_fixed(void **state)
{
    (void)state;
    static const struct { const char *sig; int py; const char *type; const char *msg; } cases[] = {
        {"(a=1, b)", 8, "SyntaxError", "non-default argument follows default argument"},
        {"(a=1, b)", 11, "SyntaxError", "non-default argument follows default argument"},
        {"(a=1, b)", 12, "SyntaxError", "parameter without a default follows parameter with a default"},
        {"(*args, /)", 10, "SyntaxError", "invalid syntax"},
        {"(*args, /)", 11, "SyntaxError", "/ must be ahead of *"},
        {"(/, a)", 13, "SyntaxError", "at least one argument must precede /"},
        {"(a, a)", 9, "SyntaxError", "duplicate argument 'a' in function definition"},
        {"(*, **kw)", 8, "SyntaxError", "named arguments must follow bare *"},
        {"(a=)", 11, "SyntaxError", "expected default value expression"},
        {"(None)", 11, "SyntaxError", "invalid syntax"},
        {"(a=(yield))", 11, "SyntaxError", "'yield' outside function"},
        {"(__debug__)", 12, "SyntaxError", "cannot assign to __debug__"},
        {"(a=x y)", 11, "SyntaxError", "invalid syntax. Perhaps you forgot a comma?"},
        {"(*args: *Ts)", 10, "SyntaxError", "invalid syntax"},
        {"(a=[1, 2)", 11, "SyntaxError", "closing parenthesis ')' does not match opening parenthesis '['"},
        {"(a=[1, 2)", 8, "SyntaxError", "closing parenthesis ')' does not match opening parenthesis '['"},
        {"(a, b=1))", 9, "SyntaxError", "unmatched ')'"},
        {"(a]", 12, "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('"},
        {"(a, b=(1", 8, "SyntaxError", "invalid syntax"},
        {"(a, b=f(1", 13, "SyntaxError", "invalid syntax"},
        {"(a='x)", 8, "SyntaxError", "EOL while scanning string literal"},
        {"(a='''x)", 9, "SyntaxError", "EOF while scanning triple-quoted string literal"},
        {"a, b", 11, "InputError", NULL},
        {"(a) x", 11, "SyntaxError", "invalid syntax"},
        {"(a='x)", 11, "SyntaxError", "unterminated string literal (detected at line 1)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_signature s;
        as_error e;
        assert_int_equal(parse(cases[i].sig, cases[i].py, &s, &e), -1);
        assert_string_equal(e.type, cases[i].type);
        if (cases[i].msg) {
            assert_string_equal(e.message, cases[i].msg);
            assert_int_equal(e.phase, AS_PHASE_SIGNATURE);
        } else {
            assert_int_equal(e.phase, AS_PHASE_INPUT);
            assert_true(e.column > 0);
        }
    }
    as_signature s;
    as_error e;
    assert_int_equal(parse("(*args: *Ts)", 11, &s, &e), 0);
    assert_string_equal(s.params[0].annotation, "*Ts");
}

static void test_finish(void **state)
{
    (void)state;
    as_param p[3] = {
        {"a", AS_POSITIONAL_OR_KEYWORD, NULL, "1"},
        {"b", AS_POSITIONAL_OR_KEYWORD, NULL, NULL},
        {"c", AS_KEYWORD_ONLY, NULL, NULL},
    };
    as_signature s = {p, 3, 0, 0, 0, 0, 0, 0};
    as_error e;
    assert_int_equal(as_signature_finish(&s, 13, &e), -1);
    assert_string_equal(e.message, "parameter without a default follows parameter with a default");
    p[1].default_text = "2";
    assert_int_equal(as_signature_finish(&s, 13, &e), 0);
    assert_int_equal(s.n_pos_defaults, 2);
    assert_int_equal(s.n_kwonly, 1);
    assert_string_equal(as_signature_print(&A, &s), "(a=1, b=2, *, c)");
    p[2].name = "a";
    assert_int_equal(as_signature_finish(&s, 13, &e), -1);
    assert_string_equal(e.message, "duplicate argument 'a' in function definition");
    p[2].name = "c";
    p[2].kind = AS_POSITIONAL_ONLY;
    assert_int_equal(as_signature_finish(&s, 13, &e), -1);
}

/* ---- differential against real CPython ------------------------------- */

static const char *const fixed_sigs[] = {
    "((a, b))",
    "(*)",
    "(**)",
    "(**__debug__)",
    "(**k, *)",
    "(**k, /)",
    "(**k: x y)",
    "(**k=1)",
    "(**kw, a)",
    "(*, *)",
    "(*, **__debug__)",
    "(*, **kw)",
    "(*, /)",
    "(*, __debug__)",
    "(*, a, *)",
    "(*, a, **k, b)",
    "(*, a, *b=1)",
    "(*, a, /)",
    "(*, a, /, b)",
    "(*, a, a)",
    "(*, a=1 b)",
    "(*, a=1, /)",
    "(*__debug__)",
    "(*a, *b)",
    "(*a, b, *c)",
    "(*a, b=1, c, /)",
    "(*a=1)",
    "(*args, /)",
    "(*args: *Ts)",
    "(*b: *x y)",
    "(,)",
    "(/)",
    "(/, a)",
    "(None)",
    "(True=1)",
    "(__debug__)",
    "(__debug__, /, /)",
    "(__debug__, a, a)",
    "(__debug__, a=1, b)",
    "(a b)",
    "(a, (b))",
    "(a, (b, c))",
    "(a, *)",
    "(a, **a)",
    "(a, **k, **j)",
    "(a, **k, *j)",
    "(a, **k, /)",
    "(a, *, **)",
    "(a, *, **k, /)",
    "(a, *, __debug__=1)",
    "(a, *, b, /, c=1, d)",
    "(a, *, b=)",
    "(a, *a)",
    "(a, *b=1, c)",
    "(a, *c, b, **b)",
    "(a, / *)",
    "(a, /*)",
    "(a, /, *)",
    "(a, /, *, b, /)",
    "(a, /, *a, **a)",
    "(a, /, /)",
    "(a, /, b, /)",
    "(a, /, b=, c)",
    "(a, /, b=1, /)",
    "(a, /, b=1, c)",
    "(a, __debug__=(yield))",
    "(a, a)",
    "(a, a, *, __debug__)",
    "(a, a, *, b=)",
    "(a, a, __debug__)",
    "(a, a, a=1, b)",
    "(a, a=1, b)",
    "(a, await)",
    "(a, b, a)",
    "(a, b: int =, c=1)",
    "(a, b=1, /, c)",
    "(a, b=1, /, c=2, d)",
    "(a, class)",
    "(a,,)",
    "(a: (yield))",
    "(a: *Ts)",
    "(a: int = 1, b: str)",
    "(a: int =)",
    "(a: int b)",
    "(a:)",
    "(a=(x:=1))",
    "(a=(yield))",
    "(a=(yield), a)",
    "(a=)",
    "(a=*b)",
    "(a=, /)",
    "(a=1 + 2 3)",
    "(a=1 for x in y)",
    "(a=1 if x)",
    "(a=1 if x, b)",
    "(a=1 if x: 2)",
    "(a=1, (b))",
    "(a=1, *, /)",
    "(a=1, *, b, c=2)",
    "(a=1, /*)",
    "(a=1, /, *, **k)",
    "(a=1, /, b)",
    "(a=1, /, b=2, c)",
    "(a=1, b)",
    "(a=1, b, *, c=)",
    "(a=1, b, __debug__)",
    "(a=1, b, a)",
    "(a=1, b, c=)",
    "(a=1, b=, c)",
    "(a=1, b=2, c, *, d=)",
    "(a=await x)",
    "(a=await x, a)",
    "(a=c d)",
    "(a=f \"s\")",
    "(a=lambda: 1 2)",
    "(a=match x)",
    "(a=not x y)",
    "(a=print x)",
    "(a=type x)",
    "(a=x \"s\")",
    "(a=x if y else z w)",
    "(a=x y)",
    "(a=x, b=1 if y)",
    "(a=x:=1)",
    "(a=yield)",
    "(b, *b, a, a)",
    "(b=c d)",
    "(def)",
    "(lambda)",
    "(match, case, _, type)",
    "(print, *, async)",
    "(self, a=1, /, b, *c)",
    "(x, *args, args)",
    "(x: c None)",
    "(x: c d)",
    "(x=(yield), *, x)",
    "(x=1 \"s\")",
    "(x=_ d)",
    "(x=_x d)",
    "(x=a d)",
    "(x=c \"s\")",
    "(x=c (d))",
    "(x=c *d)",
    "(x=c -d)",
    "(x=c ...)",
    "(x=c 1)",
    "(x=c None)",
    "(x=c True)",
    "(x=c [d])",
    "(x=c await d)",
    "(x=c d, y: int)",
    "(x=c lambda: 0)",
    "(x=c not d)",
    "(x=c {})",
    "(x=c1 d)",
    "(x=ca d)",
    "(x=cc d)",
    "(x=e d)",
    "(x=int d)",
    "(x=ma d)",
    "(x=match x x)",
    "(x=match x y z)",
    "(x=matches d)",
    "(x=print x y)",
    "(x=t d)",
    "(x=ty d)",
    "(x=x y)",
    "(x=y d)",
    "(x=y y)",
    "(y=c d)",
};

static uint64_t rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

/* Random headers over the part of the language where the versions differ. */
static const char *random_sig(void)
{
    static const char *const names[] = {"a", "b", "c", "a", "d", "__debug__", "None", "x", "ca", "t"};
    static const char *const defs[] = {"=1", "=", " = (yield)", "=[1, 2]", "=x y", "=1 if x", "=print x",
                                       "=lambda: 1 2", "=match x", "=(x for x in y)", "=*a", "=1 if x else 2"};
    static const char *const anns[] = {": int", ": *Ts", ": x y", ": "};
    static const char *const seps[] = {", ", ", ", ", ", " ", ",, "};
    as_buf b;
    as_buf_init(&b, &A);
    as_buf_putc(&b, '(');
    int n = (int)rnd(7);
    for (int i = 0; i < n; i++) {
        unsigned k = rnd(100);
        if (k < 12)
            as_buf_putc(&b, '/');
        else if (k < 24) {
            as_buf_putc(&b, '*');
            if (rnd(2)) {
                as_buf_puts(&b, names[rnd(10)]);
                if (rnd(4) == 0)
                    as_buf_puts(&b, anns[rnd(2)]);
            }
        } else if (k < 32) {
            as_buf_puts(&b, "**");
            if (rnd(8))
                as_buf_puts(&b, names[rnd(10)]);
        } else if (k < 35) {
            as_buf_printf(&b, "(%s)", names[rnd(10)]);
        } else {
            as_buf_puts(&b, names[rnd(10)]);
            if (rnd(5) == 0)
                as_buf_puts(&b, anns[rnd(4)]);
            if (rnd(3) == 0)
                as_buf_puts(&b, defs[rnd(12)]);
        }
        if (i + 1 < n)
            as_buf_puts(&b, seps[rnd(5)]);
    }
    if (n && rnd(8) == 0)
        as_buf_putc(&b, ',');
    as_buf_putc(&b, ')');
    return as_buf_str(&b);
}

static void test_differential(void **state)
{
    (void)state;
    glob_t g;
    if (glob("/root/.pyenv/versions/3.*/bin/python3", 0, NULL, &g) != 0)
        skip();
    enum { N_RANDOM = 1500 };
    int n_fixed = (int)(sizeof fixed_sigs / sizeof fixed_sigs[0]), total = n_fixed + N_RANDOM;
    const char **sigs = as_arena_alloc(&A, (size_t)total * sizeof *sigs);
    rng_state = 20240601;
    for (int i = 0; i < total; i++)
        sigs[i] = i < n_fixed ? fixed_sigs[i] : random_sig();
    char in_path[] = "/tmp/argsplit_sigXXXXXX";
    int fd = mkstemp(in_path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < total; i++)
        fprintf(f, "%s\n", sigs[i]);
    fclose(f);
    int versions = 0, mismatches = 0;
    for (size_t v = 0; v < g.gl_pathc; v++) {
        char cmd[1024];
        const char *ver = strstr(g.gl_pathv[v], "/3.");
        int minor = ver ? atoi(ver + 3) : 0;
        if (minor < 8 || minor > 13)
            continue;
        snprintf(cmd, sizeof cmd, "%s -c \"\nimport sys\nprint('V', sys.version_info[1])\n"
                 "for s in open(sys.argv[1]).read().split(chr(10))[:-1]:\n"
                 "    try:\n        compile('def f' + s + ': pass', '<s>', 'exec'); print('OK')\n"
                 "    except SyntaxError as e:\n        print('SE', e.msg)\n\" %s", g.gl_pathv[v], in_path);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        char line[2048];
        int py = -1, i = 0;
        while (fgets(line, sizeof line, p)) {
            line[strcspn(line, "\n")] = 0;
            if (py < 0) {
                py = atoi(line + 2);
                if (py < 8 || py > 13)
                    break;
                versions++;
                continue;
            }
            if (i >= total)
                break;
            as_signature s;
            as_error e;
            int r = parse(sigs[i], py, &s, &e);
            int ok;
            if (strcmp(line, "OK") == 0)
                ok = r == 0;
            else if (r == 0)
                ok = 0;
            else if (strcmp(e.type, "InputError") == 0)
                ok = strcmp(line, "SE invalid syntax") == 0;   /* outside the language: accepted */
            else
                ok = strcmp(line + 3, e.message) == 0;
            if (!ok) {
                mismatches++;
                print_message("3.%d %s: python '%s', argsplit %s '%s'\n", py, sigs[i], line,
                              r == 0 ? "OK" : e.type, r == 0 ? "" : e.message);
            }
            i++;
        }
        pclose(p);
    }
    unlink(in_path);
    globfree(&g);
    print_message("signature differential: %d versions x %d headers, %d mismatches\n", versions, total, mismatches);
    assert_int_equal(mismatches, 0);
}

static void test_speed(void **state)
{
    (void)state;
    const char *sig = "(self, x, y=2, /, z=None, *args, key: int = 3, **kwargs)";
    as_arena a;
    as_arena_init(&a);
    enum { N = 20000 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        as_signature s;
        as_error e;
        assert_int_equal(as_signature_parse(&a, sig, strlen(sig), 11, &s, &e), 0);
        as_arena_reset(&a);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3 / N;
    print_message("signature parse: %.2f us per 7-parameter header\n", us);
    as_arena_free(&a);
    assert_true(us < 200.0);   /* loose: sanitizer builds are far slower */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_errors_fixed),
        cmocka_unit_test(test_finish),
        cmocka_unit_test(test_differential),
        cmocka_unit_test(test_speed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
