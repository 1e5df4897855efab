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
    EXPECT("jax.pmap", "(x, y)", "static_broadcasted_argnums=-1", "(xs, ys)", "x:traced/0 y:traced/0");
    /* ... so a Python scalar there is mapped and cannot be (real 0.4.13-0.12.0.1) */
    EXPECT("jax.pmap@0.4.30", "(x, y)", "static_broadcasted_argnums=-1", "(xs, 3)",
           "call ValueError: pmap was requested to map its argument along axis 0, which implies that its rank "
           "should be at least 1, but is only 0 (its shape is ())");
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

/* Before the shard_map rewrite (api.py, 0.4.9-0.7.x; real 0.4.13, 0.4.14,
 * 0.4.30): the debug info checks the static indices against the call first,
 * and every flat leaf of a mapped argument needs an axis to map. */
static void test_api_era(void **state)
{
    (void)state;
    EXPECT("jax.pmap@0.4.30", "(x)", "static_broadcasted_argnums=-2", "(xs)",
           "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater "
           "than or equal to -len(args) and less than len(args), but got value -2 for len(args) == 1.");
    EXPECT("jax.pmap@0.9.1", "(x, y)", "static_broadcasted_argnums=-3", "(xs, ys)", "x:traced/0 y:traced/0");
    /* 0.4.36-0.5.0: the argument a negative static index names is mapped but left out of the debug
     * info's names, and core.Jaxpr asserts they agree in number (real 0.4.36, 0.4.38, 0.5.0); an
     * argument without leaves passes; 0.4.35 and 0.5.1 map it without complaint */
    EXPECT("jax.pmap@0.4.36", "(t=1, /, o=2)", "static_broadcasted_argnums=-2", "(a10, a1)", "call AssertionError: ");
    EXPECT("jax.pmap@0.5.0", "(o, t=2)", "static_broadcasted_argnums=-1", "(a1, t=a10)", "call AssertionError: ");
    EXPECT("jax.pmap@0.4.36", "(t, o)", "static_broadcasted_argnums=-2", "(None, a1)", "t:traced/0 o:traced/0");
    EXPECT("jax.pmap@0.4.36", "(t, o)", "static_broadcasted_argnums=(0, -2)", "(a10, a1)", "t:static/- o:traced/0");
    EXPECT("jax.pmap@0.4.35", "(t=1, /, o=2)", "static_broadcasted_argnums=-2", "(a10, a1)", "t:traced/0 o:traced/0");
    EXPECT("jax.pmap@0.5.1", "(t=1, /, o=2)", "static_broadcasted_argnums=-2", "(a10, a1)", "t:traced/0 o:traced/0");
    /* 0.8.0-0.9.0.x: the api.py checks, f's own binding error as itself, a negative axis
     * squeezed as in the shard_map era (real 0.8.0, fresh pmap objects) */
    EXPECT("jax.pmap@0.8.0", "(x, y)", "static_broadcasted_argnums=-3", "(xs, ys)",
           "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater "
           "than or equal to -len(args) and less than len(args), but got value -3 for len(args) == 2.");
    EXPECT("jax.pmap@0.9.0.1", "(o)", "", "(xs, ys)",
           "call TypeError: f() takes 1 positional argument but 2 were given");
    EXPECT("jax.pmap@0.8.0", "(a)", "in_axes=-1", "(xs)",
           "call ValueError: cannot select an axis to squeeze out which has size not equal to one, got "
           "shape=(1, 2) and dimensions=(1,)");
    EXPECT("jax.pmap@0.7.2", "(a)", "in_axes=-1", "(xs)", "call AssertionError: (-1, 2)");
    EXPECT("jax.pmap@0.4.30", "(x, y)", "in_axes=(0, 1)", "(xs, 3)",
           "call ValueError: pmap was requested to map its argument along axis 1, which implies that its rank "
           "should be at least 2, but is only 0 (its shape is ())");
    EXPECT("jax.pmap@0.4.30", "(x, y)", "", "(xs, y=(1, ys))",
           "call ValueError: pmap was requested to map its argument along axis 0, which implies that its rank "
           "should be at least 1, but is only 0 (its shape is ())");
    EXPECT("jax.pmap@0.4.30", "(x, y)", "in_axes=(None, 0)", "(3, ys)", "x:static/- y:traced/0");
    EXPECT("jax.pmap@0.4.30", "(x)", "in_axes=None", "(xs)",
           "call ValueError: pmap must have at least one non-None value in in_axes");
    EXPECT("jax.pmap@0.4.30", "(x, *a, **k)", "static_broadcasted_argnums=0", "(1, None, ((),), k=None, b=[])",
           "call ValueError: pmap wrapped function must be passed at least one argument containing an array, "
           "got empty *args=(None, ((),)) and **kwargs={'b': [], 'k': None}");
    EXPECT("jax.pmap@0.12.0.1", "(x)", "", "(3)", "call ValueError: pmap requires at least one argument with a mapped axis.");
    /* a negative axis: assert 0 <= axis < rank (the array's rank: one more than the spec's axes need) */
    EXPECT("jax.pmap@0.4.30", "(x, y)", "in_axes=(0, -2), out_axes=1", "(xs, ys)", "call AssertionError: (-2, 3)");
    EXPECT("jax.pmap@0.4.30", "(x, y)", "in_axes=(None, -1)", "(xs, 2)",
           "call ValueError: pmap was requested to map its argument along axis -1, which implies that its rank "
           "should be at least 1, but is only 0 (its shape is ())");
    /* shard_map era: a negative axis is partitioned as 0 but squeezed as itself (real 0.10.2, 0.12.0.1) */
    EXPECT("jax.pmap@0.10.2", "(x, y)", "in_axes=(0, -1), out_axes=2", "(xs, ys)",
           "call ValueError: cannot select an axis to squeeze out which has size not equal to one, got "
           "shape=(1, 2, 2, 2) and dimensions=(3,)");
    /* shard_map era: jit's in_shardings reject a mapped Python scalar before f is traced (real 0.10.2, 0.12.0.1) */
    EXPECT("jax.pmap@0.12.0.1", "(a, **k)", "", "(x, z=1, b=(y, 2))",
           "call ValueError: One of pjit arguments with pytree key path flat_args[2] is incompatible with its "
           "sharding annotation NamedSharding(mesh=Mesh('_internal_pmap_axis_name': 2, axis_types=(Auto,)), "
           "spec=P('_internal_pmap_axis_name',), memory_kind=device): Sharding NamedSharding(mesh=Mesh("
           "'_internal_pmap_axis_name': 2, axis_types=(Auto,)), spec=P('_internal_pmap_axis_name',), "
           "memory_kind=device) is only valid for values of rank at least 1, but was applied to a value of rank "
           "0. For scalars the PartitionSpec should be P()");
    /* 0.9.1-0.10.1 name the mesh axis by an object (its address masked as the adapter masks it) */
    EXPECT("jax.pmap@0.10.1", "(x, y)", "static_broadcasted_argnums=-1", "(xs, 3)",
           "call ValueError: One of pjit arguments with pytree key path flat_args[1] is incompatible with its "
           "sharding annotation NamedSharding(mesh=Mesh('<axis 0x?>': 2, axis_types=(Auto,)), "
           "spec=P('<axis 0x?>',), memory_kind=device): Sharding NamedSharding(mesh=Mesh("
           "'<axis 0x?>': 2, axis_types=(Auto,)), spec=P('<axis 0x?>',), "
           "memory_kind=device) is only valid for values of rank at least 1, but was applied to a value of rank "
           "0. For scalars the PartitionSpec should be P()");
    EXPECT("jax.pmap@0.12.0.1", "(a)", "in_axes=(1,)", "(2)",
           "call ValueError: pmap requires at least one argument with a mapped axis.");
    EXPECT("jax.pmap@0.12.0.1", "(a, b)", "in_axes=(None, 0)", "(2, ys)", "a:static/- b:traced/0");
    /* the keyword paragraph links the docs of the era */
    EXPECT("jax.pmap@0.5.3", "(x, y)", "in_axes=(0, 0)", "(xs, y=ys)",
           "call ValueError: pytree structure error: different lengths of tuple at key path\n"
           "    pmap in_axes[0]\n"
           "At that key path, the prefix pytree pmap in_axes has a subtree of type tuple of length 2, but the "
           "full pytree has a subtree of the same type but of length 1.\n\nThe 'full pytree' here is the tuple "
           "of arguments passed positionally to the pmapped function, and the value of `in_axes` must be a tree "
           "prefix of that tuple. But it was not a prefix.\n\nWhen some arguments are passed by keyword to the "
           "pmapped function, they are not included in the comparison to `in_axes`. Instead, each argument "
           "passed by keyword is mapped over its leading axis. See the description of `in_axes` in the `pmap` "
           "docstring: https://jax.readthedocs.io/en/latest/_autosummary/jax.pmap.html#jax.pmap\n\nCheck that "
           "the value of the `in_axes` argument to `pmap` is a tree prefix of the tuple of arguments passed "
           "positionally to the pmapped function.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_not_truncated),
        cmocka_unit_test(test_api_era),
        cmocka_unit_test(test_static_beyond_args),
        cmocka_unit_test(test_e9_negative_static),
        cmocka_unit_test(test_donation),
        cmocka_unit_test(test_in_axes),
        cmocka_unit_test(test_hashable_and_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
