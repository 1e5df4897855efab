/* test_jax_checkpoint.c — the checkpoint/remat model (spec §1.4, §8, E15). */
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

#define RANGE "call ValueError: the `static_argnums` argument to `jax.checkpoint` / `jax.remat` can only take " \
              "integer values greater than or equal to `-len(args)` and less than `len(args)`, but got "

/* E15: static_argnames is accepted but ignored without jax_remat3. */
static void test_e15_static_argnames_ignored(void **state)
{
    (void)state;
    EXPECT("jax.checkpoint", "(x, n)", "static_argnames=('n',)", "(x, n=3)", "x:traced n:traced");
    EXPECT("jax.checkpoint@0.10.2", "(x, n)", "static_argnames=('n',)", "(x, n=3)", "x:traced n:traced");
    EXPECT("jax.checkpoint@0.5.3", "(x, n)", "static_argnames=('n',)", NULL,
           "decoration TypeError: checkpoint() got an unexpected keyword argument 'static_argnames'");
}

/* §1.4: static_argnums resolved against the call; keywords always traced. */
static void test_static_argnums(void **state)
{
    (void)state;
    EXPECT("jax.checkpoint", "(x, n)", "static_argnums=1", "(xs, 3)", "x:traced n:static");
    EXPECT("jax.checkpoint", "(x, n=2)", "static_argnums=-1", "(xs, 3)", "x:traced n:static");
    EXPECT("jax.checkpoint", "(x, n=2)", "static_argnums=-1", "(xs)", "x:static n:default");
    EXPECT("jax.checkpoint", "(x, *args)", "static_argnums=(1, 2)", "(xs, 3, 4, 5)",
           "x:traced args[0]:static args[1]:static args[2]:traced");
    EXPECT("jax.checkpoint", "(x, n)", "static_argnums=1", "(xs, n=3)", RANGE "(1,), while `len(args)` = 1");
    EXPECT("jax.checkpoint@0.3.16", "(x, n)", "static_argnums=1", "(xs, n=3)", RANGE "(1,)");
    EXPECT("jax.checkpoint@0.5.0", "(x, n)", "static_argnums=(1,)", "(xs, n=3)", RANGE "(1,)");
    /* real 0.4.13/0.4.14/0.4.30: a bare bool is not made a 1-tuple before 0.5.0 */
    EXPECT("jax.checkpoint@0.3.16", "(a, b)", "static_argnums=True", "(1, 2)",
           "call TypeError: the `static_argnums` argument to `jax.checkpoint` / `jax.remat` must be an int, tuple "
           "of ints or, bool, but got value True");
    /* real 0.12.0.1: the debug info skips an index below -N, checkpoint's range check reports it */
    EXPECT("jax.checkpoint@0.12", "(a, b)", "static_argnums=-3", "(1, 2)", RANGE "(-3,), while `len(args)` = 2");
    EXPECT("jax.checkpoint@0.12", "(a, b)", "static_argnums=('x',)", "(1, 2)",
           "call TypeError: '<=' not supported between instances of 'int' and 'str'");
    EXPECT("jax.checkpoint@0.3.10", "(x, n)", "static_argnums=1", NULL,
           "decoration TypeError: checkpoint() got an unexpected keyword argument 'static_argnums'");
    EXPECT("jax.checkpoint@0.3.10", "(x, n)", "concrete=True", "(xs, 3)", "x:traced n:traced");
}

/* An index below -N: debug_info's ValueError first since 0.5.0. */
static void test_negative_out_of_range(void **state)
{
    (void)state;
    EXPECT("jax.checkpoint@0.5.0", "(x, n=1)", "static_argnums=-2", "(xs)",
           "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than "
           "or equal to -len(args) and less than len(args), but got value -2 for len(args) == 1.");
    EXPECT("jax.checkpoint@0.3.16", "(x, n=1)", "static_argnums=-2", "(xs)", RANGE "(-2,)");
}

/* Types: only an int or a tuple of ints. */
static void test_types_and_concrete(void **state)
{
    (void)state;
    EXPECT("jax.checkpoint", "(x, n)", "static_argnums=True", "(xs, 3)",
           "call TypeError: the `static_argnums` argument to `jax.checkpoint` / `jax.remat` must be an int, tuple "
           "of ints or, bool, but got value (True,)");
    EXPECT("jax.checkpoint", "(x, n)", "static_argnums=[1]", "(xs, 3)",
           "call TypeError: the `static_argnums` argument to `jax.checkpoint` / `jax.remat` must be an int, tuple "
           "of ints or, bool, but got value [1]");
    EXPECT("jax.checkpoint@0.10.2", "(x)", "concrete=False", NULL,
           "decoration NotImplementedError: The `concrete` option to `jax.checkpoint` was deprecated in JAX v0.8.2, "
           "and removed in JAX v0.10.0. In its place please use `static_argnums`; for details refer to "
           "https://docs.jax.dev/en/latest/jep/11830-new-remat-checkpoint.html.");
    EXPECT("jax.checkpoint@0.3.16", "(x)", "concrete=False", "(xs)", "x:traced");
    EXPECT("jax.checkpoint@0.11", "(x)", "concrete=False", NULL,
           "decoration TypeError: checkpoint() got an unexpected keyword argument 'concrete'");
    run_result r;
    run_py(&r, "jax.checkpoint@0.3.16", "(x)", "concrete=True", NULL, 11);
    assert_false(r.split.decoration_ok);
    assert_string_equal(r.split.decoration_error.type, "NotImplementedError");
    assert_true(strncmp(r.split.decoration_error.message,
                        "The 'concrete' option to jax.checkpoint / jax.remat is deprecated; in its place, you can "
                        "use its `static_argnums` option", 100) == 0);
    as_arena_free(&r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e15_static_argnames_ignored),
        cmocka_unit_test(test_static_argnums),
        cmocka_unit_test(test_negative_out_of_range),
        cmocka_unit_test(test_types_and_concrete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
