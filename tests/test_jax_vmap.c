/* test_jax_vmap.c — the vmap model (spec §5, §8, E16). */
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

#define ARITY "vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments " \
              "passed to the function, but got "

/* E16: in_axes covers positional arguments; keyword arguments map over axis 0. */
static void test_e16_keyword_mapped_axis0(void **state)
{
    (void)state;
    EXPECT("jax.vmap", "(a, b)", "in_axes=(0,)", "(xs, b=ys)", "a:traced/0 b:traced/0");
    EXPECT("jax.vmap", "(a, b)", "in_axes=(None,)", "(xs, b=ys)", "a:static/- b:traced/0");
    EXPECT("jax.vmap", "(a, b, c=1)", "in_axes=1", "(xs, b=ys)", "a:traced/1 b:traced/0 c:default/-");
    EXPECT("jax.vmap", "(a, b)", "in_axes=[0, None]", "(xs, ys)", "a:traced/0 b:static/-");
    EXPECT("jax.vmap", "(a, b)", "in_axes=((0, 1), None)", "((xs, ys), 2)", "a:traced/- b:static/-");
}

/* §5 [test]: the tuple arity error, by version. */
static void test_arity(void **state)
{
    (void)state;
    EXPECT("jax.vmap", "(a, b, c)", "in_axes=(0, 0, 0)", "(a=1, b=2, c=3)",
           "call ValueError: " ARITY "len(in_axes)=3, len(args)=0. Note that the function was called with keyword "
           "arguments ['a', 'b', 'c'], which the entries of a tuple in_axes never correspond to: keyword arguments "
           "are always mapped along their leading axis (axis 0). If that is the intended mapping, make in_axes "
           "correspond to the positional arguments only; otherwise pass the arguments positionally, or bind "
           "unmapped keyword arguments with functools.partial before applying vmap.");
    EXPECT("jax.vmap@0.11.1", "(a, b)", "in_axes=(0, 0, 0)", "(x, y)",
           "call ValueError: " ARITY "len(in_axes)=3, len(args)=2.");
    EXPECT("jax.vmap@0.10.0", "(a, b, c)", "in_axes=(0, 0, 0)", "(a=1, b=2, c=3)",
           "call ValueError: " ARITY "len(in_axes)=3, len(args)=0");
    EXPECT("jax.vmap@0.4.21", "(a, b)", "in_axes=(0, None)", "(x)",
           "call ValueError: " ARITY "len(in_axes)=2, len(args)=1");
    EXPECT("jax.vmap@0.3.10", "(a, b, c)", "in_axes=(0, 0, 0)", "(a=1, b=2, c=3)",
           "call ValueError: vmap in_axes specification must be a tree prefix of the corresponding value, got "
           "specification (0, 0, 0) for value tree PyTreeDef(()).");
    EXPECT("jax.vmap@0.3.10", "(a, b)", "in_axes=(0,)", "(x, None)",
           "call ValueError: vmap in_axes specification must be a tree prefix of the corresponding value, got "
           "specification (0,) for value tree PyTreeDef((*, None)).");
}

/* §5 [test]: decoration-time checks of in_axes. */
static void test_in_axes_types(void **state)
{
    (void)state;
    EXPECT("jax.vmap", "(a)", "in_axes={'a': 0}", NULL,
           "decoration TypeError: " ARITY "{'a': 0}.");
    EXPECT("jax.vmap@0.3.10", "(a)", "in_axes={'a': 0}", NULL, "no call");
    EXPECT("jax.vmap", "(a, b)", "in_axes=(0, 'a')", NULL,
           "decoration TypeError: vmap in_axes must be an int, None, or (nested) container with those types as "
           "leaves, but got (0, 'a').");
    EXPECT("jax.vmap", "(a)", "in_axes=True", NULL, "decoration TypeError: " ARITY "True.");
    EXPECT("jax.vmap", "(a)", "in_names=0", NULL,
           "decoration TypeError: vmap() got an unexpected keyword argument 'in_names'");
}

/* Nothing to map: the errors that precede calling f. */
static void test_nothing_mapped(void **state)
{
    (void)state;
    EXPECT("jax.vmap@0.4.21", "(x)", "in_axes=None", "(xs)",
           "call ValueError: vmap must have at least one non-None value in in_axes");
    EXPECT("jax.vmap", "(x)", "in_axes=None", "(xs)",
           "call ValueError: vmap must have at least one non-None value in in_axes or axis_size must be specified");
    EXPECT("jax.vmap", "(x)", "in_axes=None, axis_size=3", "(xs)", "x:static/-");
    EXPECT("jax.vmap@0.4.21", "(*args)", "", "()",
           "call ValueError: vmap wrapped function must be passed at least one argument containing an array, got "
           "empty *args=() and **kwargs={}");
    EXPECT("jax.vmap", "(*args, **kw)", "", "(None, k=None)",
           "call ValueError: vmap wrapped function must be passed at least one argument containing an array or "
           "axis_size must be specified, got empty *args=(None,) and **kwargs={'k': None}");
    EXPECT("jax.vmap", "(x)", "", "(xs, ys)", "call TypeError: f() takes 1 positional argument but 2 were given");
}

/* An axis is kept as written: 2**32 + 1 is not axis 1 (issue 16). */
static void test_axis_not_truncated(void **state)
{
    (void)state;
    EXPECT("jax.vmap", "(a, b)", "in_axes=(4294967297, 0)", "(x, y)", "a:traced/4294967297 b:traced/0");
    EXPECT("jax.vmap", "(a, b)", "in_axes=(-9223372036854775808, None)", "(x, y)",
           "a:traced/-9223372036854775808 b:static/-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_not_truncated),
        cmocka_unit_test(test_e16_keyword_mapped_axis0),
        cmocka_unit_test(test_arity),
        cmocka_unit_test(test_in_axes_types),
        cmocka_unit_test(test_nothing_mapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
