/* jax_grad.c — jax.grad, value_and_grad, jacfwd, jacrev and hessian
 * (../shared/spec/jax-annotation-semantics.md §3, §8).
 *
 * Verdicts: `traced` = differentiated (selected by argnums), `static` =
 * passed through unchanged (every other positional argument and every
 * keyword argument), `default` = not passed.
 *
 * Two eras.  Since 0.3.11, argnums_partial resolves indices against the
 * call's N with _ensure_inbounds (ValueError out of range, negatives mod N).
 * In 0.3.10 argnums_partial used the indices raw: an index outside [-N, N)
 * is an IndexError from `args[i]`, and a negative one rebuilds the argument
 * list one slot too long, so f is called with an extra positional argument
 * (the crash #10669 fixed).  The 0.3.10 model replays that rebuild.
 *
 * dtype checks are decided by the argument text (oracle/pyexpr): an int
 * literal is int32, a bool literal bool, a float literal float32, a complex
 * literal complex64, a str literal is not a JAX type; names, calls and
 * other expressions are taken to be float arrays.  Containers are checked
 * element by element; dict values in display order (JAX would use sorted
 * key order).
 */
#include <string.h>

#include "oracle/binder.h"
#include "oracle/pyexpr.h"
#include "subjects/families.h"
#include "subjects/jax_common.h"

enum { CHECK_REVDERIV, CHECK_JACFWD };

typedef struct grad_config {
    const char *fname;               /* the transform's Python name */
    int count_check;                 /* grad/value_and_grad: TypeError when max(argnums) >= N */
    int normalise_at_decoration;     /* _ensure_index at decoration (all but jacrev) */
    int legacy_partial;              /* 0.3.10 argnums_partial (see the top of the file) */
    int check;                       /* CHECK_REVDERIV or CHECK_JACFWD */
    const char *check_name;          /* name in the dtype messages */
    int reduce_axes_raises;          /* NotImplementedError for a truthy reduce_axes */
    const char *const *keywords;     /* accepted keyword parameters besides `fun` */
} grad_config;

/* The dtype a literal of this kind has as a JAX input, or NULL when the
 * value is not a scalar literal. */
static const char *literal_dtype(as_lit_kind k)
{
    switch (k) {
    case AS_LIT_INT: return "int32";
    case AS_LIT_BOOL: return "bool";
    case AS_LIT_FLOAT: return "float32";
    case AS_LIT_COMPLEX: return "complex64";
    default: return NULL;
    }
}

/* The TypeError message the input dtype check raises for the value written
 * `text`, or NULL when it passes. */
static const char *dtype_error(as_arena *a, const grad_config *cfg, const char *text,
                               int holomorphic, int allow_int, int depth)
{
    as_expr_class cls;
    as_error err;
    if (depth > 32 || as_expr_classify(a, text, strlen(text), &cls, &err) < 0)
        return NULL;
    if (cls.kind == AS_LIT_TUPLE || cls.kind == AS_LIT_LIST || cls.kind == AS_LIT_DICT) {
        const char **items = cls.kind == AS_LIT_DICT ? cls.values : cls.elems;
        for (int i = 0; i < cls.n_elems; i++) {
            const char *m = dtype_error(a, cfg, items[i], holomorphic, allow_int, depth + 1);
            if (m)
                return m;
        }
        return NULL;
    }
    if (cls.kind == AS_LIT_STR) {
        char *s;
        size_t n;
        if (as_expr_string_value(a, text, strlen(text), &s, &n, NULL, &err) < 0)
            return NULL;
        return as_arena_printf(a, "Argument '%s' of type <class 'str'> is not a valid JAX type.", s);
    }
    const char *dt = literal_dtype(cls.kind);
    if (!dt)
        return NULL;
    int is_complex = cls.kind == AS_LIT_COMPLEX;
    int is_intlike = cls.kind == AS_LIT_INT || cls.kind == AS_LIT_BOOL;
    if (cfg->check == CHECK_JACFWD) {
        if (holomorphic)
            return is_complex ? NULL
                              : as_arena_printf(a, "jacfwd with holomorphic=True requires inputs with complex "
                                                   "dtype, but got %s.", dt);
        if (cls.kind == AS_LIT_FLOAT)
            return NULL;
        return as_arena_printf(a, "jacfwd requires real-valued inputs (input dtype that is a sub-dtype of "
                                  "np.floating), but got %s. For holomorphic differentiation, pass "
                                  "holomorphic=True. For differentiation of non-holomorphic functions "
                                  "involving complex inputs or integer inputs, use jax.jvp directly.", dt);
    }
    if (holomorphic && !is_complex)
        return as_arena_printf(a, "%s with holomorphic=True requires inputs with complex dtype, but got %s.",
                               cfg->check_name, dt);
    if (is_intlike && !allow_int)
        return as_arena_printf(a, "%s requires real- or complex-valued inputs (input dtype that is a "
                                  "sub-dtype of np.inexact), but got %s. If you want to use Boolean- or "
                                  "integer-valued inputs, use vjp or set allow_int to True.",
                               cfg->check_name, dt);
    return NULL;
}

/* repr of argnums as the transform holds it: an int stays an int. */
static const char *argnums_repr(as_arena *a, const as_jax_nums *nums, int is_int, int py_minor)
{
    if (!is_int)
        return as_jax_repr_nums_tuple(a, nums, py_minor);
    if (nums->is_bool[0])
        return nums->v[0] ? "True" : "False";
    return as_arena_printf(a, "%lld", nums->v[0]);
}

/* 0.3.10 _argnums_partial: rebuild the positional list from the dynamic
 * values (placed at their raw indices in a list of len(fixed) + len(dyn))
 * and the fixed ones (filling the rest in order), then call f.  On success
 * fills *out with f's binding and marks the dynamic slots traced. */
static int legacy_call(as_arena *a, const as_case *c, const as_jax_nums *dyn, as_split *out)
{
    const as_call_args *args = c->args;
    int n = args->n_positional, n_fixed = 0;
    for (int i = 0; i < n; i++)
        if (!as_jax_nums_contains(dyn, i))
            n_fixed++;
    int len = n_fixed + dyn->n;
    int *src = as_arena_alloc(a, sizeof *src * (size_t)(len + 1));   /* source arg, -1 = sentinel */
    unsigned char *is_dyn = as_arena_alloc(a, (size_t)(len + 1));
    for (int i = 0; i < len; i++)
        src[i] = -1;
    for (int k = 0; k < dyn->n; k++) {
        long long i = dyn->v[k], at = i < 0 ? i + len : i;
        if (at < 0 || at >= len) {
            as_split_call_error(out, "IndexError", "list assignment index out of range");
            return 0;
        }
        src[at] = (int)(i < 0 ? i + n : i);
        is_dyn[at] = 1;
    }
    int next_fixed = 0;
    for (int i = 0; i < len; i++) {
        if (src[i] >= 0)
            continue;
        while (next_fixed < n && as_jax_nums_contains(dyn, next_fixed))
            next_fixed++;
        if (next_fixed >= n) {
            /* next() on the exhausted iterator, inside a generator (PEP 479). */
            as_split_call_error(out, "RuntimeError", "generator raised StopIteration");
            return 0;
        }
        src[i] = next_fixed++;
    }
    /* The trailing `assert` cannot fire: there are at least len(fixed)
     * sentinel slots, since dyn occupies at most len(dyn) of them. */

    as_call_args *rebuilt = as_arena_alloc(a, sizeof *rebuilt);
    *rebuilt = *args;
    rebuilt->n_positional = len;
    rebuilt->positional = as_arena_alloc(a, sizeof *rebuilt->positional * (size_t)(len + 1));
    for (int i = 0; i < len; i++)
        rebuilt->positional[i] = args->positional[src[i]];

    as_binding *binding = as_arena_alloc(a, sizeof *binding);
    as_bind_options opt = {c->py_minor, "f"};
    as_error err;
    if (as_bind(a, c->sig, rebuilt, &opt, binding, &err) < 0) {
        out->has_call = 1;
        out->call_ok = 0;
        out->call_error = err;
        return 0;
    }
    as_case rc = *c;
    rc.args = rebuilt;
    rc.binding = binding;
    rc.bind_error = NULL;
    if (as_split_entries_from_binding(a, &rc, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &binding->values[i];
        if (v->passed == AS_PASSED_DEFAULT)
            continue;
        out->entries[i].verdict = v->passed == AS_PASSED_POSITIONAL && is_dyn[v->slot]
                                      ? AS_VERDICT_TRACED : AS_VERDICT_STATIC;
    }
    return 0;
}

static int grad_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const grad_config *cfg = self->config;
    as_error err;

    /* Decoration. */
    if (as_jax_check_keywords(c->spec, cfg->fname, "fun", 0, cfg->keywords, c->py_minor, &err) < 0) {
        as_split_decoration_error(out, err.type, "%s", err.message);
        return 0;
    }
    /* grad and value_and_grad reject reduce_axes before normalising argnums. */
    if (cfg->reduce_axes_raises && as_value_truthy(as_spec_get(c->spec, "reduce_axes"))) {
        as_split_decoration_error(out, "NotImplementedError", "reduce_axes argument to grad is deprecated");
        return 0;
    }
    const as_value *argnums_v = as_spec_get(c->spec, "argnums");
    as_value zero = {.type = AS_VALUE_INT, .i = 0};
    if (!argnums_v)
        argnums_v = &zero;
    int is_int = argnums_v->type == AS_VALUE_INT || argnums_v->type == AS_VALUE_BOOL;
    as_jax_nums argnums = {0};
    if (cfg->normalise_at_decoration &&
        as_jax_ensure_index_tuple(a, argnums_v, c->py_minor, &argnums, &err) < 0) {
        as_split_decoration_error(out, err.type, "%s", err.message);
        return 0;
    }
    if (!c->call || !c->args)
        return 0;

    /* Call. */
    int n = c->args->n_positional;
    if (cfg->count_check) {
        long long max = 0;
        if (argnums.n == 0) {
            as_split_call_error(out, "ValueError", "%s",
                                c->py_minor >= 12 ? "max() iterable argument is empty"
                                                  : "max() arg is an empty sequence");
            return 0;
        }
        for (int k = 0; k < argnums.n; k++)
            if (k == 0 || argnums.v[k] > max)
                max = argnums.v[k];
        if (max >= n) {
            as_split_call_error(out, "TypeError",
                                "differentiating with respect to argnums=%s requires at least %lld "
                                "positional arguments to be passed by the caller, but got only %d "
                                "positional arguments.",
                                argnums_repr(a, &argnums, is_int, c->py_minor), max + 1, n);
            return 0;
        }
    }
    if (!cfg->normalise_at_decoration &&
        as_jax_ensure_index_tuple(a, argnums_v, c->py_minor, &argnums, &err) < 0) {
        as_split_call_error(out, err.type, "%s", err.message);
        return 0;
    }
    as_jax_nums dyn;
    if (cfg->legacy_partial) {
        for (int k = 0; k < argnums.n; k++)
            if (argnums.v[k] >= n || argnums.v[k] < -n) {
                as_split_call_error(out, "IndexError", "tuple index out of range");
                return 0;
            }
        dyn = argnums;
    } else if (as_jax_ensure_inbounds(a, 0, n, &argnums, &dyn, &err) < 0) {
        as_split_call_error(out, err.type, "%s", err.message);
        return 0;
    }

    int holomorphic = as_value_truthy(as_spec_get(c->spec, "holomorphic"));
    int allow_int = as_value_truthy(as_spec_get(c->spec, "allow_int"));
    for (int k = 0; k < dyn.n; k++) {
        long long i = dyn.v[k] < 0 ? dyn.v[k] + n : dyn.v[k];
        const char *m = dtype_error(a, cfg, c->args->positional[i].text, holomorphic, allow_int, 0);
        if (m) {
            as_split_call_error(out, "TypeError", "%s", m);
            return 0;
        }
    }

    if (cfg->legacy_partial)
        return legacy_call(a, c, &dyn, out);
    if (as_split_unbound_call(c, out))
        return 0;
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        if (v->passed == AS_PASSED_DEFAULT)
            continue;
        out->entries[i].verdict = v->passed == AS_PASSED_POSITIONAL && as_jax_nums_contains(&dyn, v->slot)
                                      ? AS_VERDICT_TRACED : AS_VERDICT_STATIC;
    }
    return 0;
}

static const char *const kw_grad[] = {"argnums", "has_aux", "holomorphic", "allow_int", "reduce_axes", NULL};
static const char *const kw_jacfwd[] = {"argnums", "has_aux", "holomorphic", NULL};
static const char *const kw_jacrev[] = {"argnums", "has_aux", "holomorphic", "allow_int", NULL};

#define GRAD_CFG(var, name, count, at_dec, legacy, check, cname, reduce, kws) \
    static const grad_config var = {name, count, at_dec, legacy, check, cname, reduce, kws}

GRAD_CFG(grad_0310, "grad", 1, 1, 1, CHECK_REVDERIV, "grad", 0, kw_grad);
GRAD_CFG(grad_new, "grad", 1, 1, 0, CHECK_REVDERIV, "grad", 1, kw_grad);
GRAD_CFG(vag_0310, "value_and_grad", 1, 1, 1, CHECK_REVDERIV, "grad", 0, kw_grad);
GRAD_CFG(vag_new, "value_and_grad", 1, 1, 0, CHECK_REVDERIV, "grad", 1, kw_grad);
GRAD_CFG(jacfwd_0310, "jacfwd", 0, 1, 1, CHECK_JACFWD, "jacfwd", 0, kw_jacfwd);
GRAD_CFG(jacfwd_new, "jacfwd", 0, 1, 0, CHECK_JACFWD, "jacfwd", 0, kw_jacfwd);
GRAD_CFG(jacrev_0310, "jacrev", 0, 0, 1, CHECK_REVDERIV, "jacrev", 0, kw_jacrev);
GRAD_CFG(jacrev_new, "jacrev", 0, 0, 0, CHECK_REVDERIV, "jacrev", 0, kw_jacrev);
/* hessian(f) = jacfwd(jacrev(f)): the outer jacfwd checks first. */
GRAD_CFG(hessian_0310, "hessian", 0, 1, 1, CHECK_JACFWD, "jacfwd", 0, kw_jacfwd);
GRAD_CFG(hessian_new, "hessian", 0, 1, 0, CHECK_JACFWD, "jacfwd", 0, kw_jacfwd);

#define OLD "0.3.10: raw argnums (IndexError out of range; a negative index calls f with an extra argument)"
#define NEW "0.3.11 to 0.11: argnums resolved against the call (ValueError out of range, negatives mod N)"

static const as_subject s_grad_0310 = {"jax.grad@0.3.10", "jax.grad", "0.3.10",
                                       "jax.grad " OLD, 0, grad_split, &grad_0310};
static const as_subject s_grad_new = {"jax.grad@0.3.11", "jax.grad", "0.3.11",
                                      "jax.grad " NEW, 0, grad_split, &grad_new};
static const as_subject s_vag_0310 = {"jax.value_and_grad@0.3.10", "jax.value_and_grad", "0.3.10",
                                      "jax.value_and_grad " OLD, 0, grad_split, &vag_0310};
static const as_subject s_vag_new = {"jax.value_and_grad@0.3.11", "jax.value_and_grad", "0.3.11",
                                     "jax.value_and_grad " NEW, 0, grad_split, &vag_new};
static const as_subject s_jacfwd_0310 = {"jax.jacfwd@0.3.10", "jax.jacfwd", "0.3.10",
                                         "jax.jacfwd " OLD, 0, grad_split, &jacfwd_0310};
static const as_subject s_jacfwd_new = {"jax.jacfwd@0.3.11", "jax.jacfwd", "0.3.11",
                                        "jax.jacfwd " NEW, 0, grad_split, &jacfwd_new};
static const as_subject s_jacrev_0310 = {"jax.jacrev@0.3.10", "jax.jacrev", "0.3.10",
                                         "jax.jacrev " OLD, 0, grad_split, &jacrev_0310};
static const as_subject s_jacrev_new = {"jax.jacrev@0.3.11", "jax.jacrev", "0.3.11",
                                        "jax.jacrev " NEW, 0, grad_split, &jacrev_new};
static const as_subject s_hessian_0310 = {"jax.hessian@0.3.10", "jax.hessian", "0.3.10",
                                          "jax.hessian " OLD, 0, grad_split, &hessian_0310};
static const as_subject s_hessian_new = {"jax.hessian@0.3.11", "jax.hessian", "0.3.11",
                                         "jax.hessian " NEW, 0, grad_split, &hessian_new};

const as_subject *const as_subjects_jax_grad[] = {
    &s_grad_0310,   &s_grad_new,   &s_vag_0310,     &s_vag_new,     &s_jacfwd_0310,
    &s_jacfwd_new,  &s_jacrev_0310, &s_jacrev_new,  &s_hessian_0310, &s_hessian_new,
    NULL,
};
