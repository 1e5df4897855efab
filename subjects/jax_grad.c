/* jax_grad.c — jax.grad, value_and_grad, jacfwd, jacrev and hessian
 * (docs/SEMANTICS.md §3, §8).
 *
 * Verdicts: `traced` = differentiated (selected by argnums), `static` =
 * passed through unchanged (every other positional argument and every
 * keyword argument), `default` = not passed.
 *
 How argnums_partial builds f's positional arguments, by era:
 *   0.3.0-0.3.7   raw indices assigned into a copy of the call (`args[i] =`):
 *                 negatives count from the end, duplicates are harmless, an
 *                 index outside [-N, N) is an IndexError from `args[i]`;
 *   0.3.8-0.3.10  raw indices into a list rebuilt from the dynamic values and
 *                 an iterator over the others: a negative index makes the
 *                 list one slot too long, so f gets an extra positional
 *                 argument (the crash #10669 fixed);
 *   0.3.11-0.10.1 the same rebuild over indices resolved with
 *                 _ensure_inbounds (ValueError out of range, negatives mod N);
 *                 a duplicate index still leaves one slot too many, and the
 *                 iterator runs dry: "generator raised StopIteration" while
 *                 _argnums_partial is a generator (lu.transformation, to
 *                 0.4.35), a bare StopIteration from 0.4.36 on, where it is
 *                 a plain function (lu.transformation2; real 0.9.1, 0.10.0);
 *   0.10.2-       argnums_partial2 assigns into a copy of the call again; a
 *                 duplicated index hands f None at that slot (no error).
 * reduce_axes: before 0.4.26 grad/value_and_grad normalise it with
 * _ensure_str_tuple after argnums (a TypeError for a non-str); from 0.4.26
 * a truthy value is a NotImplementedError before anything else.
 *
 * Not modelled: whether f's output is differentiable (the adapter's f
 * returns a float sum), hashability, holomorphic output checks.
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

typedef enum grad_partial {
    PARTIAL_ASSIGN_RAW,   /* 0.3.0-0.3.7 */
    PARTIAL_REBUILD_RAW,  /* 0.3.8-0.3.10 */
    PARTIAL_REBUILD,      /* 0.3.11-0.4.35 */
    PARTIAL_REBUILD_PLAIN,/* 0.4.36-0.10.1: the same outside a generator */
    PARTIAL_ASSIGN        /* 0.10.2- (argnums_partial2) */
} grad_partial;

typedef enum grad_reduce {
    REDUCE_NONE,          /* no reduce_axes parameter (jacfwd, jacrev, hessian) */
    REDUCE_STR_TUPLE,     /* < 0.4.26: _ensure_str_tuple after argnums */
    REDUCE_RAISES         /* >= 0.4.26: NotImplementedError when truthy */
} grad_reduce;

typedef struct grad_config {
    const char *fname;               /* the transform's Python name */
    int count_check;                 /* grad/value_and_grad: TypeError when max(argnums) >= N */
    int normalise_at_decoration;     /* _ensure_index at decoration (all but jacrev) */
    int check;                       /* CHECK_REVDERIV or CHECK_JACFWD */
    const char *check_name;          /* name in the dtype messages */
    const char *const *keywords;     /* accepted keyword parameters besides `fun` */
    grad_partial partial;            /* see the top of the file */
    grad_reduce reduce;
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

/* What every version of a family computes alike from a case, kept in the
 * case's memo so that it is computed once per case: argnums as
 * _ensure_index_tuple makes it, that tuple resolved against the call
 * (_ensure_inbounds), the argnums-count message, and the input dtype
 * check of each positional argument.  A result derived from a tuple is
 * keyed by the tuple's arrays, which are never written once made. */
typedef struct grad_facts {
    int argnums_done;
    const as_error *argnums_err;
    as_jax_nums argnums;
    const long long *inbounds_key;     /* the tuple resolved; NULL: not yet */
    int inbounds_n;
    const as_error *inbounds_err;
    as_jax_nums dyn;
    const long long *count_key;        /* the tuple the count message is for; NULL: none yet */
    int count_is_int, count_n;
    const char *count_msg;
    int dtype_check;                   /* the dtype checks below are cfg->check's ... */
    const char *dtype_name;            /* ... under cfg->check_name (NULL: none yet) */
    int n_dtype;
    const char **dtype_msg;
    unsigned char *dtype_done;
} grad_facts;

static const char facts_tag;

/* _ensure_index_tuple(argnums): NULL, or the error. */
static const as_error *argnums_of(grad_facts *f, as_arena *a, const as_case *c, const as_value *v,
                                  as_jax_nums *out)
{
    grad_facts tmp = {0};
    if (!f)
        f = &tmp;
    if (!f->argnums_done) {
        as_error err;
        f->argnums_done = 1;
        if (as_jax_ensure_index_tuple(a, v, c->py_minor, &f->argnums, &err) < 0)
            f->argnums_err = as_jax_keep_error(a, &err);
    }
    *out = f->argnums;
    return f->argnums_err;
}

/* _ensure_inbounds(False, n, argnums): NULL, or the error. */
static const as_error *inbounds_of(grad_facts *f, as_arena *a, int n, const as_jax_nums *argnums, as_jax_nums *dyn)
{
    grad_facts tmp = {0};
    if (!f)
        f = &tmp;
    if (!f->inbounds_key || f->inbounds_key != argnums->v || f->inbounds_n != n) {
        as_error err;
        f->inbounds_key = argnums->v;
        f->inbounds_n = n;
        f->inbounds_err = NULL;
        if (as_jax_ensure_inbounds(a, 0, n, argnums, &f->dyn, &err) < 0)
            f->inbounds_err = as_jax_keep_error(a, &err);
    }
    *dyn = f->dyn;
    return f->inbounds_err;
}

/* The TypeError of grad's argnums count check. */
static const char *count_message(grad_facts *f, as_arena *a, const as_jax_nums *argnums, int is_int, long long max,
                                 int n, int py_minor)
{
    if (f && f->count_key && f->count_key == argnums->v && f->count_is_int == is_int && f->count_n == n)
        return f->count_msg;
    const char *m = as_arena_printf(a,
                                    "differentiating with respect to argnums=%s requires at least %lld "
                                    "positional arguments to be passed by the caller, but got only %d "
                                    "positional arguments.",
                                    argnums_repr(a, argnums, is_int, py_minor), max + 1, n);
    if (f && argnums->v) {
        f->count_key = argnums->v;
        f->count_is_int = is_int;
        f->count_n = n;
        f->count_msg = m;
    }
    return m;
}

/* dtype_error of positional argument i. */
static const char *dtype_of(grad_facts *f, as_arena *a, const grad_config *cfg, const as_case *c, int i,
                            int holomorphic, int allow_int)
{
    if (!f)
        return dtype_error(a, cfg, c->args->positional[i].text, holomorphic, allow_int, 0);
    if (f->dtype_name != cfg->check_name || f->dtype_check != cfg->check) {
        f->dtype_name = cfg->check_name;
        f->dtype_check = cfg->check;
        f->n_dtype = c->args->n_positional;
        f->dtype_msg = as_arena_alloc(a, sizeof *f->dtype_msg * (size_t)(f->n_dtype + 1));
        f->dtype_done = as_arena_alloc(a, (size_t)f->n_dtype + 1);
    }
    if (!f->dtype_done[i]) {
        f->dtype_done[i] = 1;
        f->dtype_msg[i] = dtype_error(a, cfg, c->args->positional[i].text, holomorphic, allow_int, 0);
    }
    return f->dtype_msg[i];
}

/* _argnums_partial 0.3.8-0.10.1: rebuild the positional list from the
 * dynamic values (placed at their indices in a list of len(fixed) +
 * len(dyn)) and the fixed ones (filling the rest in order), then call f.
 * On success fills *out with f's binding and marks the dynamic slots
 * traced. */
static int rebuild_call(const grad_config *cfg, as_arena *a, const as_case *c, const as_jax_nums *dyn,
                        as_split *out)
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
            /* next() on the exhausted iterator: inside a generator PEP 479
             * turns it into a RuntimeError; from 0.4.36 it escapes as is. */
            if (cfg->partial == PARTIAL_REBUILD_PLAIN)
                as_split_call_error(out, "StopIteration", "%s", "");
            else
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
    rc.memo = NULL;   /* another case */
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

/* `args[i] = dyn` with i raw (negatives from the end) or resolved.  In
 * argnums_partial2 (0.10.2-) a repeated index takes its value from the
 * copy it already cleared: f gets None there, a Python value (real 0.12.0.1). */
static int is_selected(const grad_config *cfg, const as_jax_nums *dyn, int slot, int n)
{
    int hits = 0;
    for (int k = 0; k < dyn->n; k++)
        if ((dyn->v[k] < 0 ? dyn->v[k] + n : dyn->v[k]) == slot)
            hits++;
    return cfg->partial == PARTIAL_ASSIGN ? hits == 1 : hits > 0;
}

static int unravel_fails(const grad_config *cfg, const as_jax_nums *dyn, int n);
static int assign_call(const grad_config *cfg, as_arena *a, const as_case *c, const as_jax_nums *dyn, int n,
                       as_split *out);

static int grad_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const grad_config *cfg = self->config;
    grad_facts *f = as_case_memo_state(a, c, &facts_tag, sizeof *f);
    const as_error *e;
    as_error err;

    /* Decoration. */
    if (as_jax_check_case_keywords(a, c, cfg->fname, "fun", 0, cfg->keywords, out) < 0)
        return 0;
    /* grad and value_and_grad reject reduce_axes before normalising argnums. */
    if (cfg->reduce == REDUCE_RAISES && as_value_truthy(as_spec_get(c->spec, "reduce_axes"))) {
        as_split_decoration_error(out, "NotImplementedError", "reduce_axes argument to grad is deprecated");
        return 0;
    }
    const as_value *argnums_v = as_spec_get(c->spec, "argnums");
    as_value zero = {.type = AS_VALUE_INT, .i = 0};
    if (!argnums_v)
        argnums_v = &zero;
    int is_int = argnums_v->type == AS_VALUE_INT || argnums_v->type == AS_VALUE_BOOL;
    as_jax_nums argnums = {0};
    if (cfg->normalise_at_decoration && (e = argnums_of(f, a, c, argnums_v, &argnums)) != NULL) {
        as_split_decoration_error(out, e->type, "%s", e->message);
        return 0;
    }
    if (cfg->reduce == REDUCE_STR_TUPLE && as_spec_get(c->spec, "reduce_axes")) {
        as_jax_names axes;
        if (as_jax_ensure_str_tuple(a, as_spec_get(c->spec, "reduce_axes"), &axes, &err) < 0) {
            as_split_decoration_error(out, err.type, "%s", err.message);
            return 0;
        }
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
            as_split_call_error(out, "TypeError", "%s", count_message(f, a, &argnums, is_int, max, n, c->py_minor));
            return 0;
        }
    }
    if (!cfg->normalise_at_decoration && (e = argnums_of(f, a, c, argnums_v, &argnums)) != NULL) {
        as_split_call_error(out, e->type, "%s", e->message);
        return 0;
    }
    as_jax_nums dyn;
    if (cfg->partial == PARTIAL_ASSIGN_RAW || cfg->partial == PARTIAL_REBUILD_RAW) {
        for (int k = 0; k < argnums.n; k++)
            if (argnums.v[k] >= n || argnums.v[k] < -n) {
                as_split_call_error(out, "IndexError", "tuple index out of range");
                return 0;
            }
        dyn = argnums;
    } else if ((e = inbounds_of(f, a, n, &argnums, &dyn)) != NULL) {
        as_split_call_error(out, e->type, "%s", e->message);
        return 0;
    }

    int holomorphic = as_value_truthy(as_spec_get(c->spec, "holomorphic"));
    int allow_int = as_value_truthy(as_spec_get(c->spec, "allow_int"));
    for (int k = 0; k < dyn.n; k++) {
        long long i = dyn.v[k] < 0 ? dyn.v[k] + n : dyn.v[k];
        const char *m = dtype_of(f, a, cfg, c, (int)i, holomorphic, allow_int);
        if (m) {
            as_split_call_error(out, "TypeError", "%s", m);
            return 0;
        }
    }

    /* jacfwd builds the standard basis of the dynamic arguments before it
     * calls f: none at all is numpy's "at least one array or dtype". */
    if (cfg->check == CHECK_JACFWD && dyn.n == 0) {
        as_split_call_error(out, "ValueError", "at least one array or dtype is required");
        return 0;
    }
    int rc = cfg->partial == PARTIAL_REBUILD_RAW || cfg->partial == PARTIAL_REBUILD ||
                     cfg->partial == PARTIAL_REBUILD_PLAIN
                 ? rebuild_call(cfg, a, c, &dyn, out) : assign_call(cfg, a, c, &dyn, n, out);
    if (rc == 0 && out->call_ok && unravel_fails(cfg, &dyn, n))
        as_split_call_error(out, "ValueError", "Too few leaves for PyTreeDef; expected 1, got 0");
    return rc;
}

/* After f ran, jacrev unravels its output against the dynamic arguments:
 * with none (argnums=()) or, under hessian from 0.10.2, with the None a
 * duplicated index left, the trees do not match.  "expected 1" counts the
 * leaves of f's output: one array, as f returns in the adapter (real
 * 0.10.2 and 0.12.0.1). */
static int unravel_fails(const grad_config *cfg, const as_jax_nums *dyn, int n)
{
    if (cfg->normalise_at_decoration == 0)   /* jacrev */
        return dyn->n == 0;
    if (strcmp(cfg->fname, "hessian") != 0 || cfg->partial != PARTIAL_ASSIGN)
        return 0;
    for (int k = 0; k < dyn->n; k++)
        for (int j = 0; j < k; j++)
            if ((dyn->v[j] < 0 ? dyn->v[j] + n : dyn->v[j]) == (dyn->v[k] < 0 ? dyn->v[k] + n : dyn->v[k]))
                return 1;
    return 0;
}

/* f called with the call's own arguments, the selected ones traced. */
static int assign_call(const grad_config *cfg, as_arena *a, const as_case *c, const as_jax_nums *dyn, int n, as_split *out)
{
    if (as_split_unbound_call(c, out))
        return 0;
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        if (v->passed == AS_PASSED_DEFAULT)
            continue;
        out->entries[i].verdict = v->passed == AS_PASSED_POSITIONAL && is_selected(cfg, dyn, v->slot, n)
                                      ? AS_VERDICT_TRACED : AS_VERDICT_STATIC;
    }
    return 0;
}

/* The keyword parameters have not changed since 0.3.10 (families.c). */
#define kw_grad as_keywords_jax_grad
#define kw_jacfwd as_keywords_jax_jacfwd
#define kw_jacrev as_keywords_jax_jacrev

#define CFG(var, name, count, at_dec, check, cname, kws, partial, reduce) \
    static const grad_config var = {name, count, at_dec, check, cname, kws, partial, reduce}
#define REV(var, name, partial, reduce) \
    CFG(var, name, 1, 1, CHECK_REVDERIV, "grad", kw_grad, partial, reduce)
#define JACFWD(var, name, partial) CFG(var, name, 0, 1, CHECK_JACFWD, "jacfwd", kw_jacfwd, partial, REDUCE_NONE)
#define JACREV(var, partial) CFG(var, "jacrev", 0, 0, CHECK_REVDERIV, "jacrev", kw_jacrev, partial, REDUCE_NONE)

REV(grad_030, "grad", PARTIAL_ASSIGN_RAW, REDUCE_STR_TUPLE);
REV(grad_038, "grad", PARTIAL_REBUILD_RAW, REDUCE_STR_TUPLE);
REV(grad_0311, "grad", PARTIAL_REBUILD, REDUCE_STR_TUPLE);
REV(grad_0426, "grad", PARTIAL_REBUILD, REDUCE_RAISES);
REV(grad_0436, "grad", PARTIAL_REBUILD_PLAIN, REDUCE_RAISES);
REV(grad_0102, "grad", PARTIAL_ASSIGN, REDUCE_RAISES);
REV(vag_030, "value_and_grad", PARTIAL_ASSIGN_RAW, REDUCE_STR_TUPLE);
REV(vag_038, "value_and_grad", PARTIAL_REBUILD_RAW, REDUCE_STR_TUPLE);
REV(vag_0311, "value_and_grad", PARTIAL_REBUILD, REDUCE_STR_TUPLE);
REV(vag_0426, "value_and_grad", PARTIAL_REBUILD, REDUCE_RAISES);
REV(vag_0436, "value_and_grad", PARTIAL_REBUILD_PLAIN, REDUCE_RAISES);
REV(vag_0102, "value_and_grad", PARTIAL_ASSIGN, REDUCE_RAISES);
JACFWD(jacfwd_030, "jacfwd", PARTIAL_ASSIGN_RAW);
JACFWD(jacfwd_038, "jacfwd", PARTIAL_REBUILD_RAW);
JACFWD(jacfwd_0311, "jacfwd", PARTIAL_REBUILD);
JACFWD(jacfwd_0436, "jacfwd", PARTIAL_REBUILD_PLAIN);
JACFWD(jacfwd_0102, "jacfwd", PARTIAL_ASSIGN);
JACREV(jacrev_030, PARTIAL_ASSIGN_RAW);
JACREV(jacrev_038, PARTIAL_REBUILD_RAW);
JACREV(jacrev_0311, PARTIAL_REBUILD);
JACREV(jacrev_0436, PARTIAL_REBUILD_PLAIN);
JACREV(jacrev_0102, PARTIAL_ASSIGN);
/* hessian(f) = jacfwd(jacrev(f)): the outer jacfwd checks first. */
JACFWD(hessian_030, "hessian", PARTIAL_ASSIGN_RAW);
JACFWD(hessian_038, "hessian", PARTIAL_REBUILD_RAW);
JACFWD(hessian_0311, "hessian", PARTIAL_REBUILD);
JACFWD(hessian_0436, "hessian", PARTIAL_REBUILD_PLAIN);
JACFWD(hessian_0102, "hessian", PARTIAL_ASSIGN);

#define V030 "0.3.0-0.3.7: raw argnums assigned by index (IndexError out of range, negatives from the end)"
#define V038 "0.3.8-0.3.10: raw argnums (IndexError out of range; a negative index calls f with an extra argument)"
#define V0311 "argnums resolved against the call (ValueError out of range, negatives mod N); duplicates raise RuntimeError"
#define V0436 "argnums resolved against the call; duplicates raise a bare StopIteration"
#define V0102 "0.10.2-: argnums resolved against the call; duplicate argnums accepted"

/* Every era reads a negative argnums from the call's positional arguments
 * (raw `args[i]` before 0.3.8, _ensure_inbounds from 0.3.11), but for
 * 0.3.8-0.3.10's extra positional argument, left undeclared. */
#define S(var, fam, ver, desc, cfg, neg) \
    static const as_subject var = {fam "@" ver, fam, ver, fam " " desc, 0, grad_split, &cfg, neg}
S(s_grad_030, "jax.grad", "0.3.0", V030, grad_030, AS_NEG_LEN_ARGS);
S(s_grad_038, "jax.grad", "0.3.10", V038, grad_038, 0);
S(s_grad_0311, "jax.grad", "0.3.11", "0.3.11-0.4.25: " V0311, grad_0311, AS_NEG_LEN_ARGS);
S(s_grad_0426, "jax.grad", "0.4.26", "0.4.26-0.4.35: truthy reduce_axes raises; " V0311, grad_0426, AS_NEG_LEN_ARGS);
S(s_grad_0436, "jax.grad", "0.4.36", "0.4.36-0.10.1: truthy reduce_axes raises; " V0436, grad_0436, AS_NEG_LEN_ARGS);
S(s_grad_0102, "jax.grad", "0.10.2", V0102, grad_0102, AS_NEG_LEN_ARGS);
S(s_vag_030, "jax.value_and_grad", "0.3.0", V030, vag_030, AS_NEG_LEN_ARGS);
S(s_vag_038, "jax.value_and_grad", "0.3.10", V038, vag_038, 0);
S(s_vag_0311, "jax.value_and_grad", "0.3.11", "0.3.11-0.4.25: " V0311, vag_0311, AS_NEG_LEN_ARGS);
S(s_vag_0426, "jax.value_and_grad", "0.4.26", "0.4.26-0.4.35: truthy reduce_axes raises; " V0311, vag_0426, AS_NEG_LEN_ARGS);
S(s_vag_0436, "jax.value_and_grad", "0.4.36", "0.4.36-0.10.1: truthy reduce_axes raises; " V0436, vag_0436, AS_NEG_LEN_ARGS);
S(s_vag_0102, "jax.value_and_grad", "0.10.2", V0102, vag_0102, AS_NEG_LEN_ARGS);
S(s_jacfwd_030, "jax.jacfwd", "0.3.0", V030, jacfwd_030, AS_NEG_LEN_ARGS);
S(s_jacfwd_038, "jax.jacfwd", "0.3.10", V038, jacfwd_038, 0);
S(s_jacfwd_0311, "jax.jacfwd", "0.3.11", "0.3.11-0.4.35: " V0311, jacfwd_0311, AS_NEG_LEN_ARGS);
S(s_jacfwd_0436, "jax.jacfwd", "0.4.36", "0.4.36-0.10.1: " V0436, jacfwd_0436, AS_NEG_LEN_ARGS);
S(s_jacfwd_0102, "jax.jacfwd", "0.10.2", V0102, jacfwd_0102, AS_NEG_LEN_ARGS);
S(s_jacrev_030, "jax.jacrev", "0.3.0", V030, jacrev_030, AS_NEG_LEN_ARGS);
S(s_jacrev_038, "jax.jacrev", "0.3.10", V038, jacrev_038, 0);
S(s_jacrev_0311, "jax.jacrev", "0.3.11", "0.3.11-0.4.35: " V0311, jacrev_0311, AS_NEG_LEN_ARGS);
S(s_jacrev_0436, "jax.jacrev", "0.4.36", "0.4.36-0.10.1: " V0436, jacrev_0436, AS_NEG_LEN_ARGS);
S(s_jacrev_0102, "jax.jacrev", "0.10.2", V0102, jacrev_0102, AS_NEG_LEN_ARGS);
S(s_hessian_030, "jax.hessian", "0.3.0", V030, hessian_030, AS_NEG_LEN_ARGS);
S(s_hessian_038, "jax.hessian", "0.3.10", V038, hessian_038, 0);
S(s_hessian_0311, "jax.hessian", "0.3.11", "0.3.11-0.4.35: " V0311, hessian_0311, AS_NEG_LEN_ARGS);
S(s_hessian_0436, "jax.hessian", "0.4.36", "0.4.36-0.10.1: " V0436, hessian_0436, AS_NEG_LEN_ARGS);
S(s_hessian_0102, "jax.hessian", "0.10.2", V0102, hessian_0102, AS_NEG_LEN_ARGS);

const as_subject *const as_subjects_jax_grad[] = {
    &s_grad_030,    &s_grad_038,    &s_grad_0311,    &s_grad_0426,    &s_grad_0436,    &s_grad_0102,
    &s_vag_030,     &s_vag_038,     &s_vag_0311,     &s_vag_0426,     &s_vag_0436,     &s_vag_0102,
    &s_jacfwd_030,  &s_jacfwd_038,  &s_jacfwd_0311,  &s_jacfwd_0436,  &s_jacfwd_0102,
    &s_jacrev_030,  &s_jacrev_038,  &s_jacrev_0311,  &s_jacrev_0436,  &s_jacrev_0102,
    &s_hessian_030, &s_hessian_038, &s_hessian_0311, &s_hessian_0436, &s_hessian_0102,
    NULL,
};
