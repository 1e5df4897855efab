/* test_jax_grad.c — the grad family models (spec §3, §8, E10-E12). */
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

#define INBOUNDS(v, n) "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or equal to -len(args) and less than len(args), but got value " v " for len(args) == " n "."
#define INT_GRAD(name, dt) "call TypeError: " name " requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got " dt ". If you want to use Boolean- or integer-valued inputs, use vjp or set allow_int to True."

/* E10: a primal passed by keyword never satisfies grad's positional count. */
static void test_e10_grad_keyword_primal(void **state)
{
    (void)state;
    EXPECT("jax.grad", "(x, y)", "argnums=0", "(y=1., x=2.)",
           "call TypeError: differentiating with respect to argnums=0 requires at least 1 positional arguments "
           "to be passed by the caller, but got only 0 positional arguments.");
    EXPECT("jax.grad@0.3.10", "(x, y)", "argnums=0", "(y=1., x=2.)",
           "call TypeError: differentiating with respect to argnums=0 requires at least 1 positional arguments "
           "to be passed by the caller, but got only 0 positional arguments.");
    EXPECT("jax.value_and_grad", "(x, y)", "argnums=(0, 2)", "(1., 2.)",
           "call TypeError: differentiating with respect to argnums=(0, 2) requires at least 3 positional "
           "arguments to be passed by the caller, but got only 2 positional arguments.");
}

/* E11: jacfwd/jacrev/hessian skip the count check: ValueError (IndexError in 0.3.10). */
static void test_e11_jacobians_keyword_primal(void **state)
{
    (void)state;
    EXPECT("jax.jacfwd", "(x, y)", "argnums=0", "(x=2., y=1.)", INBOUNDS("0", "0"));
    EXPECT("jax.jacrev", "(x, y)", "argnums=0", "(x=2., y=1.)", INBOUNDS("0", "0"));
    EXPECT("jax.hessian", "(x, y)", "argnums=0", "(x=2., y=1.)", INBOUNDS("0", "0"));
    EXPECT("jax.jacfwd@0.3.10", "(x, y)", "argnums=0", "(x=2., y=1.)", "call IndexError: tuple index out of range");
    EXPECT("jax.jacfwd@0.3.11", "(x, y)", "argnums=-3", "(1., 2.)", INBOUNDS("-3", "2"));
    EXPECT("jax.grad", "(x, y)", "argnums=-3", "(1., 2.)", INBOUNDS("-3", "2"));
}

/* E12: negative argnums resolve against the call (0.3.11+); 0.3.10 called f
 * with one argument too many. */
static void test_e12_negative_argnums(void **state)
{
    (void)state;
    EXPECT("jax.grad", "(x, y)", "argnums=-1", "(1., 2.)", "x:static y:traced");
    EXPECT("jax.grad", "(x, y=0.)", "argnums=-1", "(1.)", "x:traced y:default");
    EXPECT("jax.grad@0.3.10", "(x, y)", "argnums=-1", "(1., 2.)",
           "call TypeError: f() takes 2 positional arguments but 3 were given");
    /* With *args the extra argument binds: f(x, y, y) differentiates the copy. */
    EXPECT("jax.grad@0.3.10", "(x, *args)", "argnums=-1", "(1., 2.)",
           "x:static args[0]:static args[1]:traced");
    EXPECT("jax.grad@0.3.10", "(x, y)", "argnums=1", "(1., 2.)", "x:static y:traced");
    /* Duplicates: the rebuilt list runs out of fixed values inside the generator. */
    EXPECT("jax.grad@0.3.10", "(x, y)", "argnums=(0, 0)", "(1., 2.)",
           "call RuntimeError: generator raised StopIteration");
    /* Newest (argnums_partial2): the duplicate slot gets None, a Python value
     * (real 0.10.2 and 0.12.0.1, conformance case gen-diff-pk-positional-dup). */
    EXPECT("jax.grad", "(x, y)", "argnums=(0, 0)", "(1., 2.)", "x:static y:static");
}

/* Keyword arguments and unselected positionals pass through; defaults stay defaults. */
static void test_pass_through(void **state)
{
    (void)state;
    EXPECT("jax.grad", "(x, y, z=1.)", "", "(a, y=b)", "x:traced y:static z:default");
    EXPECT("jax.grad", "(x, *args, k, **kw)", "argnums=(1, 2)", "(a, b, c, k=d, m=e)",
           "x:static args[0]:traced args[1]:traced k:static kw['m']:static");
    EXPECT("jax.jacrev", "(x, y)", "argnums=(1,)", "(a, b)", "x:static y:traced");
    /* The transform's checks pass, then f itself rejects the call. */
    EXPECT("jax.grad", "(x)", "", "(1., 2.)", "call TypeError: f() takes 1 positional argument but 2 were given");
}

/* dtype rules, decided by the argument text. */
/* Issue 14 spot checks, each from the JAX sources at the tag and, where
 * marked, the real release through the adapter. */
static void test_versions(void **state)
{
    (void)state;
    /* duplicate argnums: the rebuilt argument list runs the fixed-argument
     * iterator dry (0.3.11-0.10.1; real 0.4.13 and 0.4.14 raise exactly this) */
    EXPECT("jax.grad@0.3.11", "(x, y)", "argnums=(0, 0)", "(1., 2.)", "call RuntimeError: generator raised StopIteration");
    EXPECT("jax.grad@0.4.26", "(x, y)", "argnums=(0, 0)", "(1., 2.)", "call RuntimeError: generator raised StopIteration");
    /* 0.4.36-0.10.1: _argnums_partial is a plain function (lu.transformation2), so
     * the iterator's StopIteration escapes bare (real 0.9.1 and 0.10.0; 0.4.33 as above) */
    EXPECT("jax.grad@0.4.36", "(x, y)", "argnums=(0, 0)", "(1., 2.)", "call StopIteration: ");
    EXPECT("jax.hessian@0.4.36", "(x, y)", "argnums=(0, 0)", "(1., 2.)", "call StopIteration: ");
    /* 0.10.2: argnums_partial2 assigns into a copy; the second copy of a duplicated index
     * is the None it left behind (real 0.12.0.1: f receives None, no error) */
    EXPECT("jax.grad@0.10.2", "(x, y)", "argnums=(0, 0)", "(1., 2.)", "x:static y:static");
    EXPECT("jax.grad@0.10.2", "(x, y)", "argnums=(0, 1)", "(1., 2.)", "x:traced y:traced");
    /* <= 0.3.7: raw indices assigned into a copy: negatives from the end */
    EXPECT("jax.grad@0.3.0", "(x, y)", "argnums=-1", "(1., 2.)", "x:static y:traced");
    EXPECT("jax.grad@0.3.0", "(x, y)", "argnums=(1, 1)", "(1., 2.)", "x:static y:traced");
    /* reduce_axes: _ensure_str_tuple before 0.4.26, NotImplementedError from 0.4.26 */
    EXPECT("jax.grad@0.3.11", "(x, y)", "reduce_axes=('i',)", "(1., 2.)", "x:traced y:static");
    EXPECT("jax.grad@0.3.11", "(x, y)", "reduce_axes=1", "(1., 2.)",
           "decoration TypeError: 'int' object is not iterable");
    EXPECT("jax.grad@0.4.26", "(x, y)", "reduce_axes=('i',)", "(1., 2.)",
           "decoration NotImplementedError: reduce_axes argument to grad is deprecated");
}

static void test_dtypes(void **state)
{
    (void)state;
    EXPECT("jax.grad", "(x)", "", "(1)", INT_GRAD("grad", "int32"));
    EXPECT("jax.grad", "(x)", "", "(True)", INT_GRAD("grad", "bool"));
    EXPECT("jax.grad", "(x)", "allow_int=True", "(1)", "x:traced");
    EXPECT("jax.grad", "(x)", "", "((1., [2., 3]))", INT_GRAD("grad", "int32"));
    EXPECT("jax.jacrev", "(x)", "", "(3)", INT_GRAD("jacrev", "int32"));
    EXPECT("jax.grad", "(x, n)", "", "(1., 3)", "x:traced n:static");
    EXPECT("jax.grad", "(x)", "", "(1j)", "x:traced");
    EXPECT("jax.jacfwd", "(x)", "", "(1)",
           "call TypeError: jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), "
           "but got int32. For holomorphic differentiation, pass holomorphic=True. For differentiation of "
           "non-holomorphic functions involving complex inputs or integer inputs, use jax.jvp directly.");
    EXPECT("jax.hessian", "(x)", "holomorphic=True", "(1.)",
           "call TypeError: jacfwd with holomorphic=True requires inputs with complex dtype, but got float32.");
    EXPECT("jax.grad", "(x)", "holomorphic=True", "(1)",
           "call TypeError: grad with holomorphic=True requires inputs with complex dtype, but got int32.");
    EXPECT("jax.grad", "(x)", "", "('a')",
           "call TypeError: Argument 'a' of type <class 'str'> is not a valid JAX type.");
}

/* Malformed argnums and unknown keywords. */
static void test_spec_errors(void **state)
{
    (void)state;
    EXPECT("jax.grad", "(x)", "argnums='a'", "(1.)",
           "decoration TypeError: 'str' object cannot be interpreted as an integer");
    /* jacrev keeps argnums as given until the call. */
    EXPECT("jax.jacrev", "(x)", "argnums='a'", NULL, "no call");
    EXPECT("jax.jacrev", "(x)", "argnums='a'", "(1.)",
           "call TypeError: 'str' object cannot be interpreted as an integer");
    EXPECT("jax.grad", "(x)", "argnums=()", "(1.)", "call ValueError: max() arg is an empty sequence");
    EXPECT_PY(12, "jax.grad", "(x)", "argnums=()", "(1.)", "call ValueError: max() iterable argument is empty");
    EXPECT("jax.grad", "(x)", "argnames='x'", "(1.)",
           "decoration TypeError: grad() got an unexpected keyword argument 'argnames'");
    EXPECT("jax.grad", "(x)", "reduce_axes=('i',)", "(1.)",
           "decoration NotImplementedError: reduce_axes argument to grad is deprecated");
    EXPECT("jax.jacfwd", "(x)", "allow_int=True", "(1.)",
           "decoration TypeError: jacfwd() got an unexpected keyword argument 'allow_int'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e10_grad_keyword_primal),
        cmocka_unit_test(test_e11_jacobians_keyword_primal),
        cmocka_unit_test(test_e12_negative_argnums),
        cmocka_unit_test(test_pass_through),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_dtypes),
        cmocka_unit_test(test_spec_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
