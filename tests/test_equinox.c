/* test_equinox.c — the Equinox filter_jit / filter_grad models (spec §7). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "oracle/arena.h"
#include "oracle/split.h"
#include "oracle/spec.h"
#include "subjects/registry.h"
#include "subjects/subject.h"

#include "tests/support/split_expect.h"

#define JIT "equinox.filter_jit"
#define GRAD "equinox.filter_grad"

/* §7: filter_jit decides by value, after signature.bind. */
static void test_filter_jit_by_value(void **state)
{
    (void)state;
    EXPECT(JIT, "(x, y)", "", "(jnp.ones(3), 2)", "x:traced y:static");
    EXPECT(JIT, "(x, y=1)", "", "(a, y=b)", "x:traced y:traced");
    EXPECT(JIT, "(x, y=1)", "", "(a)", "x:traced y:default");
    EXPECT(JIT, "(x, *args, **kw)", "", "((a, 1), [1, 2], 'z', k=m.w, j=lambda: 0)",
           "x:traced args[0]:static args[1]:static kw['k']:traced kw['j']:static");
    /* The seed's table: everything a literal is static, whatever the annotation. */
    EXPECT(JIT, "(a, /, b, *, c)", "", "(1, 2, c=3)", "a:static b:static c:static");
}

/* Donation by mode; the first bound argument is bound.args[0]. */
static void test_filter_jit_donation(void **state)
{
    (void)state;
    EXPECT(JIT, "(x, y)", "donate='all'", "(a, b)", "x:traced* y:traced*");
    EXPECT(JIT, "(x, y)", "donate='all-except-first'", "(a, b)", "x:traced y:traced*");
    EXPECT(JIT, "(x, y)", "donate='warn-except-first'", "(y=b, x=a)", "x:traced y:traced*");
    EXPECT(JIT, "(x=1, *, y)", "donate='all-except-first'", "(y=b)", "x:default y:traced*");
    EXPECT(JIT, "(x, y)", "donate='all'", "(a, 2)", "x:traced* y:static");
}

/* Decoration errors of filter_jit. */
static void test_filter_jit_decoration(void **state)
{
    (void)state;
    EXPECT(JIT, "(x)", "static_argnums=0", NULL,
           "decoration ValueError: `jitkwargs` cannot contain 'static_argnums', 'static_argnames', "
           "'donate_argnums', 'in_shardings', or 'out_shardings'.");
    EXPECT(JIT, "(x)", "default=1", NULL,
           "decoration ValueError: default is deprecated as of Equinox version 0.10.0. Please see the release "
           "notes on GitHub for details on how to upgrade:\n"
           "https://github.com/patrick-kidger/equinox/releases/tag/v0.10.0");
    EXPECT(JIT, "(x)", "donate='some'", NULL,
           "decoration ValueError: `filter_jit(..., donate=...)` must be one of 'all', 'all-except-first', "
           "'warn', 'warn-except-first', or 'none'.");
    EXPECT(JIT, "(x)", "foo=1", NULL, "decoration TypeError: jit() got an unexpected keyword argument 'foo'");
    EXPECT(JIT, "(x)", "donate_argnames='x'", NULL,
           "decoration ValueError: Jitted function has invalid argnames {'x'} in donate_argnames. Function does "
           "not take these args.");
    EXPECT(JIT, "(x)", "donate_argnames='static'", NULL,
           "decoration ValueError: static_argnames and donate_argnames cannot intersect. Argument names "
           "{'static'} appear in both static_argnames and donate_argnames");
    EXPECT(JIT, "(x)", "keep_unused=True", "(a)", "x:traced");
}

/* Binding goes through inspect.Signature.bind: its messages, unwrapped. */
static void test_filter_jit_bind_errors(void **state)
{
    (void)state;
    EXPECT(JIT, "(x, y)", "", "(1)", "call TypeError: missing a required argument: 'y'");
    EXPECT(JIT, "(x)", "", "(1, z=2)", "call TypeError: got an unexpected keyword argument 'z'");
    EXPECT_PY(12, JIT, "(x, *, k)", "", "(1)", "call TypeError: missing a required keyword-only argument: 'k'");
}

/* §7: filter_grad differentiates the first positional argument only. */
static void test_filter_grad(void **state)
{
    (void)state;
    EXPECT(GRAD, "(x, y)", "", "(a, b)", "x:traced y:static");
    EXPECT(GRAD, "(x, y)", "", "(1., b)", "x:static y:static");
    EXPECT(GRAD, "(x, y=2)", "has_aux=True", "((a, 1), y=b)", "x:traced y:static");
    EXPECT(GRAD, "(x)", "", "()",
           "call TypeError: Functions wrapped with `equinox.filter_{grad, value_and_grad}` must have at least one "
           "positional argument. (This is the argument that is differentiated.)");
    EXPECT(GRAD, "(x)", "", "(x=a)",
           "call TypeError: Functions wrapped with `equinox.filter_{grad, value_and_grad}` must have their first "
           "argument passed by position, not keyword. (This is the argument that is differentiated.)");
    EXPECT(GRAD, "(x)", "argnums=1", NULL,
           "decoration ValueError: `argnums` should not be passed. If you need to differentiate multiple objects "
           "then collect them into a tuple and pass that as the first argument.");
    EXPECT(GRAD, "(x)", "argnums=None", "(a)", "x:traced");
    EXPECT(GRAD, "(x)", "filter_spec=1", NULL,
           "decoration ValueError: filter_spec is deprecated as of Equinox version 0.10.0. Please see the release "
           "notes on GitHub for details on how to upgrade:\n"
           "https://github.com/patrick-kidger/equinox/releases/tag/v0.10.0");
    EXPECT(GRAD, "(x)", "foo=1", NULL, "no call");
    EXPECT(GRAD, "(x)", "foo=1", "(a)",
           "call TypeError: value_and_grad() got an unexpected keyword argument 'foo'");
    EXPECT(GRAD, "(x)", "", "(a, b)", "call TypeError: f() takes 1 positional argument but 2 were given");
}

/* Older releases, from equinox's sources at each tag (no Equinox
 * environment has been run yet: docs/FIDELITY.md). */
static void test_versions(void **state)
{
    (void)state;
    /* < 0.11.5: bound.apply_defaults() hands an unpassed default to the trace */
    EXPECT("equinox.filter_jit@0.10.0", "(x, y=1)", "", "(a)", "x:traced y:static");
    EXPECT("equinox.filter_jit@0.11.2", "(x, y=w)", "", "(a)", "x:traced y:traced");
    EXPECT("equinox.filter_jit@0.11.5", "(x, y=1)", "", "(a)", "x:traced y:default");
    /* < 0.11.2: three donate modes, a message without the final period */
    EXPECT("equinox.filter_jit@0.10.0", "(x)", "donate='all-except-first'", NULL,
           "decoration ValueError: `filter_jit(..., donate=...)` must be one of 'all', 'warn', or 'none'");
    /* < 0.13.1: in_shardings passes through to jax.jit */
    EXPECT("equinox.filter_jit@0.11.5", "(x)", "in_shardings=None", "(a)", "x:traced");
    EXPECT("equinox.filter_jit@0.11.5", "(x)", "static_argnums=0", NULL,
           "decoration ValueError: `jitkwargs` cannot contain 'static_argnums', 'static_argnames' or "
           "'donate_argnums'");
    /* 0.10.x: __call__(self, x, /, *args, **kwargs) */
    EXPECT("equinox.filter_grad@0.10.0", "(x)", "", "(x=a)",
           "call TypeError: _ValueAndGradWrapper.__call__() missing 1 required positional argument: 'x'");
    /* 0.11.0-0.11.2: one message for no positional argument */
    EXPECT("equinox.filter_grad@0.11.0", "(x)", "", "()",
           "call TypeError: Functions wrapped with `equinox.filter_{grad, value_and_grad}` must have their first "
           "argument passed by position, not keyword. (This is the argument that is differentiated.)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_jit_by_value),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_filter_jit_donation),
        cmocka_unit_test(test_filter_jit_decoration),
        cmocka_unit_test(test_filter_jit_bind_errors),
        cmocka_unit_test(test_filter_grad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
