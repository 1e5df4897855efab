/* jax_common.h — the argument-annotation helpers every JAX model shares,
 * written after jax/_src/api_util.py (docs/SEMANTICS.md
 * §1.1, §6).  Each function reproduces one JAX helper: same order of checks,
 * same exception type, same message text.
 *
 * Values: a spec value is an as_value (oracle/spec.h).  "None" is either a
 * NULL pointer (keyword absent) or an AS_VALUE_NONE value; every function
 * here treats both the same.
 *
 * Python-version detail: operator.index(True) returns True on 3.8/3.9 and 1
 * on 3.10+, so a bool in static_argnums is accepted as 0/1 everywhere, and
 * reprs as "True"/"False" only when py_minor < 10.  as_jax_nums keeps that.
 *
 * Set reprs: Python prints a set of str in hash order, which is randomised
 * per process.  We print the elements sorted (byte order), without
 * duplicates; for one element this is exact, for several it is one of the
 * orders Python could print.  An empty set prints "set()".
 *
 * Errors: functions that can fail return -1 and fill *err with phase
 * AS_PHASE_DECORATION (normalisation) or AS_PHASE_CALL (call-time index
 * resolution), category AS_CAT_NONE; callers copy type+message into the
 * split with as_split_decoration_error / as_split_call_error.
 */
#ifndef ARGSPLIT_JAX_COMMON_H
#define ARGSPLIT_JAX_COMMON_H

#include "oracle/arena.h"
#include "oracle/error.h"
#include "oracle/signature.h"
#include "oracle/spec.h"
#include "oracle/split.h"

/* A tuple of ints as JAX holds it after _ensure_index_tuple. */
typedef struct as_jax_nums {
    long long *v;
    unsigned char *is_bool;  /* 1 where the element is a bool kept by operator.index (py < 3.10) */
    int n;
} as_jax_nums;

/* A tuple of str as JAX holds it after _ensure_str_tuple. */
typedef struct as_jax_names {
    const char **v;
    int n;
} as_jax_names;

/* 1 when v is NULL or a Python None. */
int as_jax_is_none(const as_value *v);

/* _ensure_index_tuple(x): (operator.index(x),) or tuple(map(operator.index, x)).
 * int/bool -> 1-tuple; tuple/list -> elementwise; str -> its characters
 * (so "" gives () and "a" fails); dict -> its keys.  Errors (TypeError):
 * "'float' object is not iterable" (a bare non-index, non-iterable value),
 * "'str' object cannot be interpreted as an integer" (a bad element).
 * v must not be None-ish (that gives "'NoneType' object is not iterable",
 * which this function also produces when called with it). */
int as_jax_ensure_index_tuple(as_arena *a, const as_value *v, int py_minor,
                              as_jax_nums *out, as_error *err);

/* _ensure_str_tuple(x): a str -> (x,); an iterable -> every element must be
 * a str, else TypeError "argument is not a string: {str(elem)}"; a
 * non-iterable -> TypeError "'int' object is not iterable". */
int as_jax_ensure_str_tuple(as_arena *a, const as_value *v, as_jax_names *out, as_error *err);

/* infer_argnums_and_argnames(sig, nums, names) (PK-only inference, §1.1 step 4).
 * Both None: ((), ()).  Both given: normalised verbatim (nums first).  One
 * given: the other is inferred from the POSITIONAL_OR_KEYWORD parameters
 * only, by declaration index.  sig == NULL models a failed
 * inspect.signature in JAX 0.3.x (no inference: empty `parameters`). */
int as_jax_infer_argnums_and_argnames(as_arena *a, const as_signature *sig,
                                      const as_value *nums, const as_value *names,
                                      int py_minor, as_jax_nums *out_nums,
                                      as_jax_names *out_names, as_error *err);

/* _validate_argnums: NULL when valid, else the message
 * "Jitted function has {what}=(0, 1, 3), but only accepts 3 positional arguments."
 * (the caller raises it as ValueError or appends the SyntaxWarning suffix). */
const char *as_jax_validate_argnums(as_arena *a, const as_signature *sig, const as_jax_nums *nums,
                                    const char *what, int py_minor);

/* _validate_argnames: NULL when valid, else the first failing message as
 * the newest JAX raises it (ValueError):
 *   "Jitted function has invalid argnames {'a'} in {what}. These are positional-only"
 *   "Jitted function has invalid argnames {'z'} in {what}. Function does not take these args."
 * The two checks are also exposed alone, because JAX 0.3.14-0.4.26 warned
 * instead of raising and so ran both (a positional-only name then warns
 * twice when there is no **kwargs).  as_jax_argnames_unknown is NULL when
 * the signature has **kwargs. */
const char *as_jax_validate_argnames(as_arena *a, const as_signature *sig, const as_jax_names *names,
                                     const char *what);
const char *as_jax_argnames_positional_only(as_arena *a, const as_signature *sig,
                                            const as_jax_names *names, const char *what);
const char *as_jax_argnames_unknown(as_arena *a, const as_signature *sig,
                                    const as_jax_names *names, const char *what);

/* The SyntaxWarning text of JAX 0.3.14-0.4.26 for a validation message
 * produced above: argnums and positional-only messages get
 * ". This warning will be replaced by an error after 2022-08-20 at the earliest."
 * (positional-only gains the period); "Function does not take these args."
 * gets the suffix with no space ("args.This warning ..."). */
const char *as_jax_syntax_warning_text(as_arena *a, const char *message);

/* A copy of *e in the arena, for a model's per-case facts (as_case_memo_state)
 * to hold an error beyond the call that made it. */
const as_error *as_jax_keep_error(as_arena *a, const as_error *e);

/* _ensure_inbounds(allow_invalid, num_args, argnums): resolves negatives
 * modulo num_args, drops i >= num_args when allow_invalid, and otherwise
 * fails with ValueError "Positional argument indices, e.g. for
 * `static_argnums`, must have value greater than or equal to -len(args) and
 * less than len(args), but got value V for len(args) == N." (phase call).
 * Order and duplicates are kept. */
int as_jax_ensure_inbounds(as_arena *a, int allow_invalid, int num_args, const as_jax_nums *in,
                           as_jax_nums *out, as_error *err);

/* rebase_donate_argnums(donate, static): sorted unique donate indices, each
 * shifted down by the number of static indices below it.  Overlap fails
 * with ValueError "`static_argnums` [0] and `donate_argnums` [0] cannot
 * intersect." (lists sorted, unique).  out may alias nothing; n may be 0. */
int as_jax_rebase_donate_argnums(as_arena *a, const as_jax_nums *donate, const as_jax_nums *statics,
                                 int py_minor, as_jax_nums *out, as_error *err);

/* _assert_no_intersection(static_argnames, donate_argnames): ValueError
 * "static_argnames and donate_argnames cannot intersect. Argument names
 * {'x'} appear in both static_argnames and donate_argnames". */
int as_jax_assert_no_intersection(as_arena *a, const as_jax_names *statics,
                                  const as_jax_names *donate, as_error *err);

/* Membership as Python's `x in tuple` (True == 1). */
int as_jax_nums_contains(const as_jax_nums *nums, long long x);
int as_jax_names_contains(const as_jax_names *names, const char *s);

/* Python reprs. */
const char *as_jax_repr_nums_tuple(as_arena *a, const as_jax_nums *nums, int py_minor); /* "(0, 1)", "(0,)", "()" */
const char *as_jax_repr_nums_list(as_arena *a, const as_jax_nums *nums, int py_minor);  /* "[0, 1]" */
const char *as_jax_repr_str(as_arena *a, const char *s);                   /* "'a'" as repr(str) */
const char *as_jax_repr_str_set(as_arena *a, const char *const *v, int n); /* "{'a', 'b'}" sorted; "set()" */
const char *as_jax_repr_names_tuple(as_arena *a, const as_jax_names *names); /* "('a',)" */

/* Number of POSITIONAL_ONLY + POSITIONAL_OR_KEYWORD parameters. */
int as_jax_n_positional(const as_signature *sig);

/* Check the keyword arguments given to a transform against its own
 * Python signature, as CPython would when calling it: `accepted` lists the
 * keyword-only parameter names of `transform(fun, /, *, ...)` (NULL
 * terminated).  The first spec keyword not listed fails with TypeError
 * "{fname}() got an unexpected keyword argument 'foo'" (3.13+: with
 * ". Did you mean 'X'?" as CPython's suggestion logic picks it).
 * `fun_positional_only` selects the message for a keyword named like the
 * function parameter `fun_name`: "{fname}() got some positional-only
 * arguments passed as keyword arguments: 'fun'" (1) or "{fname}() got
 * multiple values for argument 'fun'" (0). */
int as_jax_check_keywords(const as_spec *spec, const char *fname, const char *fun_name,
                          int fun_positional_only, const char *const *accepted,
                          int py_minor, as_error *err);

/* as_jax_check_keywords on c's spec through the case's memo (subjects that
 * accept the same keywords under the same names check a case once), for a
 * split still as as_split_init left it: 0 when every keyword is accepted
 * (out unchanged), -1 with the TypeError as out's decoration error. */
int as_jax_check_case_keywords(as_arena *a, const as_case *c, const char *fname, const char *fun_name,
                               int fun_positional_only, const char *const *accepted, as_split *out);

#endif
