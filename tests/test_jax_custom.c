/* test_jax_custom.c — the custom_jvp/custom_vjp models (spec §4, §8, E13-E14) and the
 * inspect.Signature.bind emulation, checked against real interpreters. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "oracle/arena.h"
#include "oracle/inspect_bind.h"
#include "oracle/split.h"
#include "oracle/spec.h"
#include "subjects/registry.h"
#include "subjects/subject.h"

#include "tests/support/split_expect.h"

#define WRAP(fn) "call TypeError: The input arguments to the " fn "-decorated function f could not be resolved to " \
                 "positional-only arguments. Binding failed with the error:\n"


/* E13: resolve_kwargs canonicalises; the filled-in default is a primal. */
static void test_e13_defaults_become_primals(void **state)
{
    (void)state;
    EXPECT("jax.custom_vjp", "(f, x, c=1.)", "nondiff_argnums=(0,)", "(fn, x=2.)",
           "f:static x:traced c:traced");
    EXPECT("jax.custom_jvp@0.3.10", "(f, x, c=1.)", "nondiff_argnums=(0,)", "(fn, x=2.)",
           "f:static x:traced c:traced");
    run_result r;
    run_py(&r, "jax.custom_vjp", "(f, x, c=1.)", "nondiff_argnums=(0,)", "(fn, x=2.)", 11);
    assert_int_equal(r.split.entries[2].passed, AS_PASSED_DEFAULT);
    assert_int_equal(r.split.entries[1].passed, AS_PASSED_KEYWORD);
    as_arena_free(&r.arena);
}

/* E14: nondiff_argnames covers PK only; anything else is silently dropped. */
static void test_e14_nondiff_argnames(void **state)
{
    (void)state;
    EXPECT("jax.custom_jvp", "(f, x)", "nondiff_argnames=('zzz',)", NULL, "no call");
    EXPECT("jax.custom_jvp", "(f, x)", "nondiff_argnames=('zzz',)", "(fn, 1.)", "f:traced x:traced");
    EXPECT("jax.custom_vjp", "(f, /, x, y)", "nondiff_argnums=(0,), nondiff_argnames=('y', 'f')", "(fn, 1., 2.)",
           "f:static x:traced y:static");
    EXPECT("jax.custom_vjp@0.5.3", "(f, x)", "nondiff_argnames=('f',)", NULL,
           "decoration TypeError: custom_vjp.__init__() got an unexpected keyword argument 'nondiff_argnames'");
    EXPECT("jax.custom_vjp@0.9.1", "(f, x)", "bogus=1", NULL,
           "decoration TypeError: custom_vjp.__new__() got an unexpected keyword argument 'bogus'");
    /* the 0.12.0.1 wheel's custom_derivatives.py has no __new__ (read, not run: no adapter backend) */
    EXPECT("jax.custom_vjp@0.12", "(f, x)", "bogus=1", NULL,
           "decoration TypeError: custom_vjp.__init__() got an unexpected keyword argument 'bogus'");
    EXPECT("jax.custom_jvp@0.6.2", "(f, x)", "bogus=1", NULL,
           "decoration TypeError: custom_jvp.__init__() got an unexpected keyword argument 'bogus'");
    EXPECT_PY(9, "jax.custom_vjp@0.5.3", "(f, x)", "nondiff_argnames=('f',)", NULL,
              "decoration TypeError: __init__() got an unexpected keyword argument 'nondiff_argnames'");
}

/* 0.5.1-0.6.1: debug_info iterates nondiff_argnums as given, first thing at the call (real 0.5.1,
 * 0.5.2, 0.5.3, 0.6.0, 0.6.1); 0.6.2 normalises it at construction, a falsy one to (). */
static void test_debug_info_iterates(void **state)
{
    (void)state;
    EXPECT("jax.custom_vjp@0.5.3", "(f, x)", "nondiff_argnums=0", "(1., 2.)",
           "call TypeError: 'int' object is not iterable");
    EXPECT("jax.custom_jvp@0.5.1", "(f, x)", "nondiff_argnums=None", "(1., 2.)",
           "call TypeError: 'NoneType' object is not iterable");
    EXPECT("jax.custom_vjp@0.5.3", "(f, x)", "nondiff_argnums=(0, 'a')", "(1., 2.)",
           "call TypeError: '>=' not supported between instances of 'str' and 'int'");
    EXPECT("jax.custom_vjp@0.5.3", "(f, x)", "nondiff_argnums=(5, -9)", "(1., 2.)",
           "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
           "equal to -len(args) and less than len(args), but got value -9 for len(args) == 2.");
    EXPECT("jax.custom_vjp@0.6.2", "(f, x)", "nondiff_argnums=0", "(1., 2.)", "f:traced x:traced");
}

/* §4/§8: keyword arguments left in ba.kwargs, by version. */
static void test_keyword_resolution(void **state)
{
    (void)state;
    EXPECT("jax.custom_vjp", "(x, *, z)", "", "(1., z=2.)",
           WRAP("custom_vjp") "The following keyword arguments could not be resolved to positions: z");
    EXPECT("jax.custom_jvp", "(x, **kw)", "", "(1., b=2., a=3.)",
           WRAP("custom_jvp") "The following keyword arguments could not be resolved to positions: b, a");
    EXPECT("jax.custom_jvp@0.4.32", "(x, *, z)", "", "(1., z=2.)",
           "call TypeError: keyword arguments (['z']) could not be resolved to positions");
    EXPECT("jax.custom_jvp@0.4.32", "(x, *, z=1.)", "", "(1.)", "x:traced z:default");
    EXPECT("jax.custom_jvp@0.3.10", "(x, *, z=1.)", "", "(1.)",
           "call TypeError: keyword arguments could not be resolved to positions");
    EXPECT("jax.custom_jvp", "(x, y)", "", "(1.)", WRAP("custom_jvp") "missing a required argument: 'y'");
    EXPECT("jax.custom_jvp@0.4.32", "(x, y)", "", "(1.)", "call TypeError: missing a required argument: 'y'");
    EXPECT("jax.custom_vjp", "(x, y, *args)", "nondiff_argnums=(2,)", "(1., y=2.)",
           "call IndexError: tuple index out of range");
    EXPECT("jax.custom_vjp", "(x, y, *args)", "nondiff_argnums=(2,)", "(1., 2., 3., 4.)",
           "x:traced y:traced args[0]:static args[1]:traced");
}

/* Negative and out-of-range nondiff_argnums. */
static void test_nondiff_ranges(void **state)
{
    (void)state;
    EXPECT("jax.custom_jvp", "(x, y)", "nondiff_argnums=(-1,)", "(1., 2.)", "x:traced y:traced");
    EXPECT("jax.custom_vjp@0.9.1", "(x, y)", "nondiff_argnums=(-3,)", "(1., 2.)",
           "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than "
           "or equal to -len(args) and less than len(args), but got value -3 for len(args) == 2.");
    /* 0.12's debug info skips the index; args[-3] fails later (real 0.12.0.1, generated cases) */
    EXPECT("jax.custom_vjp@0.12", "(x, y)", "nondiff_argnums=(-3,)", "(1., 2.)",
           "call IndexError: tuple index out of range");
    EXPECT("jax.custom_vjp@0.4.32", "(x, y)", "nondiff_argnums=(-3,)", "(1., 2.)",
           "call IndexError: tuple index out of range");
    EXPECT("jax.custom_jvp", "(x)", "nondiff_argnums=(1,)", "(1.)", "call IndexError: tuple index out of range");
    EXPECT("jax.custom_jvp", "(x, y)", "nondiff_argnums=1", NULL, "decoration TypeError: 'int' object is not iterable");
    EXPECT("jax.custom_jvp@0.4.32", "(x, y)", "nondiff_argnums=1", "(1., 2.)",
           "call TypeError: 'int' object is not iterable");
}

/* inspect.Signature.bind emulation against the real interpreters. */
static const char *const bind_cases[][2] = {
    {"(a, b)", "(1)"},
    {"(a, b)", "(1, 2, 3)"},
    {"(a, b)", "(1, a=2)"},
    {"(a, /, b)", "(a=1, b=2)"},
    {"(a, /, **kw)", "(a=1)"},
    {"(*, k)", "()"},
    {"(a, *, k)", "(1, k=2, z=3)"},
    {"()", "(2, 3, q1=1)"},
    {"(d, self, *L)", "(1, L=3)"},
    {"(a, *args, b=1, **kw)", "(1, 2, 3, b=4, c=5)"},
    {"(a=1, /, b=2)", "(b=3)"},
    {"(a=1, /, b=2)", "(a=3)"},
    {"(x, y=0)", "(y=2)"},
    {"(a, b, /, c)", "(1, 2, 3, c=4)"},
    {"(a, b, /, c)", "(1, c=4, a=1)"},
    {"(*args, **kw)", "(1, x=2)"},
    {"(a, /, *, b)", "(1)"},
    {"(a, *, b=1, c)", "(1, b=2)"},
    {"(m=1, n=2, /, **p)", "(n=5)"},
    {"(a, b=2, /, c=3, *d, e, f=6, **g)", "(1, e=5, b=7, zz=8)"},
    {"(a, b=2, /, c=3, *d, e, f=6, **g)", "(1, 2, 3, 4, 5, c=9, e=1)"},
};

static void test_inspect_bind_differential(void **state)
{
    (void)state;
    static const struct { int minor; const char *path; } pythons[] = {
        {11, "/root/.pyenv/versions/3.11.7/bin/python3"},
        {12, "/root/.pyenv/versions/3.12.1/bin/python3"},
        {13, "/root/.pyenv/versions/3.13.0/bin/python3"},
    };
    int n_cases = (int)(sizeof bind_cases / sizeof *bind_cases), checked = 0;
    for (size_t v = 0; v < sizeof pythons / sizeof *pythons; v++) {
        char script[] = "/tmp/argsplit_bindXXXXXX";
        int fd = mkstemp(script);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        fputs("import inspect\n", f);
        for (int i = 0; i < n_cases; i++)
            fprintf(f, "def f%s: pass\ntry:\n    inspect.signature(f).bind%s\n    print('OK')\n"
                       "except TypeError as e:\n    print(str(e).replace('\\n', ' '))\n",
                    bind_cases[i][0], bind_cases[i][1]);
        fclose(f);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%s %s 2>/dev/null", pythons[v].path, script);
        FILE *p = access(pythons[v].path, X_OK) == 0 ? popen(cmd, "r") : NULL;
        if (!p) {
            unlink(script);
            continue;
        }
        char line[1024];
        for (int i = 0; i < n_cases && fgets(line, sizeof line, p); i++) {
            line[strcspn(line, "\n")] = '\0';
            as_arena a;
            as_arena_init(&a);
            as_spec spec = {0};
            as_case c;
            as_error err;
            assert_int_equal(as_case_build(&a, bind_cases[i][0], &spec, bind_cases[i][1], pythons[v].minor, &c,
                                           &err), 0);
            const char **kw = as_arena_alloc(&a, sizeof *kw * (size_t)(c.args->n_keywords + 1));
            for (int k = 0; k < c.args->n_keywords; k++)
                kw[k] = c.args->keywords[k].keyword;
            char msg[AS_MESSAGE_MAX];
            const char *got = as_inspect_bind(&a, c.sig, c.args->n_positional, kw, c.args->n_keywords,
                                              pythons[v].minor, msg, sizeof msg) < 0 ? msg : "OK";
            if (strcmp(got, line) != 0)
                fail_msg("3.%d %s%s: inspect says \"%s\", model says \"%s\"", pythons[v].minor, bind_cases[i][0],
                         bind_cases[i][1], line, got);
            checked++;
            as_arena_free(&a);
        }
        pclose(p);
        unlink(script);
    }
    if (checked == 0)
        skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e13_defaults_become_primals),
        cmocka_unit_test(test_e14_nondiff_argnames),
        cmocka_unit_test(test_debug_info_iterates),
        cmocka_unit_test(test_keyword_resolution),
        cmocka_unit_test(test_nondiff_ranges),
        cmocka_unit_test(test_inspect_bind_differential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
