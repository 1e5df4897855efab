/* test_jax_pmap.c — the pmap model (spec §2, E9). */
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

#define PREFIX_TAIL                                                                                           \
    "\n\nThe 'full pytree' here is the tuple of arguments passed positionally to the pmapped function, and "   \
    "the value of `in_axes` must be a tree prefix of that tuple. But it was not a prefix."                     \
    "\n\nCheck that the value of the `in_axes` argument to `pmap` is a tree prefix of the tuple of arguments " \
    "passed positionally to the pmapped function."

/* §2 [test]: static broadcasted arguments must be passed positionally. */
static void test_static_beyond_args(void **state)
{
    (void)state;
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=(1,)", "(xs)",
           "call ValueError: pmapped function has static_broadcasted_argnums=(1,) but was called with only 1 "
           "positional argument. All static broadcasted arguments must be passed positionally.");
    EXPECT("jax.pmap", "(x, y, z)", "static_broadcasted_argnums=(2, 0)", "(3, xs, z=4)",
           "call ValueError: pmapped function has static_broadcasted_argnums=(2, 0) but was called with only 2 "
           "positional arguments. All static broadcasted arguments must be passed positionally.");
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=1", "(xs, y=3)",
           "call ValueError: pmapped function has static_broadcasted_argnums=(1,) but was called with only 1 "
           "positional argument. All static broadcasted arguments must be passed positionally.");
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=1", "(xs, 3)", "x:traced/0 y:static/-");
}

/* E9: a negative static_broadcasted_argnums never matches: the argument is mapped. */
static void test_e9_negative_static(void **state)
{
    (void)state;
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=-1", "(xs, 3)", "x:traced/0 y:traced/0");
}

/* Donation: rebased past the static indices, positional only. */
static void test_donation(void **state)
{
    (void)state;
    EXPECT("jax.pmap", "(n, x)", "static_broadcasted_argnums=0, donate_argnums=1", "(3, xs)",
           "n:static/- x:traced/0*");
    EXPECT("jax.pmap", "(x)", "donate_argnums=0", "(x=xs)", "x:traced/0");
    EXPECT("jax.pmap", "(x, y)", "donate_argnums=(0, 1)", "(xs, ys)", "x:traced/0* y:traced/0*");
    /* The negative static index still shifts donation down by one. */
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=-1, donate_argnums=1", "(xs, ys)",
           "x:traced/0* y:traced/0");
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=1, donate_argnums=(1,)", NULL,
           "decoration ValueError: `static_argnums` [1] and `donate_argnums` [1] cannot intersect.");
}

/* in_axes: positional only; keyword arguments are always mapped on axis 0. */
static void test_in_axes(void **state)
{
    (void)state;
    EXPECT("jax.pmap", "(x, y)", "in_axes=(0, None)", "(xs, ys)", "x:traced/0 y:static/-");
    EXPECT("jax.pmap", "(x, y)", "in_axes=1", "(xs, y=ys)", "x:traced/1 y:traced/0");
    /* an unpassed default is no argument of the mapped function: no axis (real 0.10.2, 0.12.0.1) */
    EXPECT("jax.pmap", "(x, y, z=1)", "in_axes=None", "(xs, y=ys)", "x:static/- y:traced/0 z:default");
    EXPECT("jax.pmap", "(s, x)", "static_broadcasted_argnums=0, in_axes=(None, 1)", "(3, xs)",
           "s:static/- x:traced/1");
    EXPECT("jax.pmap", "(s, x)", "static_broadcasted_argnums=0, in_axes=(None,)", "(3, xs)",
           "call IndexError: tuple index out of range");
    EXPECT("jax.pmap", "(x, y)", "in_axes=(0, 0, 0)", "(xs, ys)",
           "call ValueError: pytree structure error: different lengths of tuple at key path\n"
           "    pmap in_axes[0]\n"
           "At that key path, the prefix pytree pmap in_axes has a subtree of type tuple of length 3, but the "
           "full pytree has a subtree of the same type but of length 2." PREFIX_TAIL);
    EXPECT("jax.pmap", "(x)", "in_axes='a'", NULL,
           "decoration TypeError: pmap in_axes must be an int, None, or (nested) container with those types as "
           "leaves, but got a.");
    EXPECT("jax.pmap", "(x)", "", "(3)", "call ValueError: pmap requires at least one argument with a mapped axis.");
}

/* Static values must be hashable; names and keywords. */
static void test_hashable_and_keywords(void **state)
{
    (void)state;
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=1", "(xs, [1, 2])",
           "call ValueError: Non-hashable static arguments are not supported, as this can lead to unexpected "
           "cache-misses. Static argument (index 1) of type <class 'list'> for function f is non-hashable.");
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=1", "(xs, (1, 2))", "x:traced/0 y:static/-");
    EXPECT("jax.pmap", "(x)", "static_argnames='x'", NULL,
           "decoration TypeError: pmap() got an unexpected keyword argument 'static_argnames'");
    /* The transform's checks pass, then tracing calls f. */
    EXPECT("jax.pmap", "(x)", "", "(xs, ys)", "call TypeError: f() takes 1 positional argument but 2 were given");
}

/* An axis is kept as written and never mistaken for None (issue 16). */
static void test_axis_not_truncated(void **state)
{
    (void)state;
    EXPECT("jax.pmap", "(a, b)", "in_axes=(4294967297, None)", "(x, y)", "a:traced/4294967297 b:static/-");
    EXPECT("jax.pmap", "(a, b)", "in_axes=(-1000000, -1000001)", "(x, y)", "a:traced/-1000000 b:traced/-1000001");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_not_truncated),
        cmocka_unit_test(test_static_beyond_args),
        cmocka_unit_test(test_e9_negative_static),
        cmocka_unit_test(test_donation),
        cmocka_unit_test(test_in_axes),
        cmocka_unit_test(test_hashable_and_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
