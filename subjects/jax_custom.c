/* jax_custom.c — jax.custom_jvp and jax.custom_vjp
 * (docs/SEMANTICS.md §4, §8).
 *
 * The call canonicalises its arguments with resolve_kwargs:
 * inspect.signature(f).bind(*args, **kwargs), apply_defaults(), and the
 * positional tuple ba.args becomes the primal list.  nondiff_argnums index
 * that resolved tuple.  Verdicts: `static` = nondiff, `traced` =
 * differentiable primal — including a PO/PK parameter left at its default,
 * which apply_defaults turns into an ordinary primal (its entry keeps
 * passed = default but is `traced`, E13).  A keyword-only parameter left at
 * its default stays out of the primal tuple and is `default`.
 *
 * Binding goes through inspect.Signature.bind, whose errors differ from
 * CPython's call errors (docs/BINDING.md §6), so the
 * model reproduces Lib/inspect.py's _bind (oracle/inspect_bind.h).
 * When inspect binds but CPython does not (3.13's positional-only quirks)
 * the model reports CPython's binding error: f is eventually called.
 */
#include <stdio.h>
#include <string.h>

#include "subjects/families.h"
#include "oracle/inspect_bind.h"
#include "subjects/jax_common.h"

/* ---- the model ------------------------------------------------------- */

enum {
    KW_ALL_KO,        /* 0.3.10: any keyword-only parameter (even defaulted) or **kwargs entry fails */
    KW_PASSED_LIST,   /* 0.4.32: only passed ones; "keyword arguments (['z']) could not ..." */
    KW_PASSED_WRAPPED /* 0.5.3: the wrapped "... could not be resolved to positional-only arguments" */
};

typedef struct custom_config {
    const char *fname;        /* "custom_jvp" / "custom_vjp" */
    int kwargs_rule;          /* KW_* */
    int debug_info;           /* 0.5.1+: debug_info resolves nondiff against the raw call first;
                               * 2 from 0.12: out-of-range indices skipped there, not raised */
    int has_argnames;         /* 0.6.2+: nondiff_argnames, and nums unioned/sorted at construction */
    const char *ctor;         /* the method that rejects a bad keyword: "__init__", or "__new__" once the
                               * class dispatches to custom_*3 (custom_vjp 0.9.1, custom_jvp after 0.11.0) */
    const char *qualname;     /* fname.ctor, as Python >= 3.10 names it */
    /* Past the keyword check a subject answers by fname, kwargs_rule,
     * debug_info and has_argnames alone: a config that differs from an
     * earlier one only in `ctor` names it here, and the two answer a case
     * once (the case's memo); NULL: itself. */
    const struct custom_config *answers_as;
} custom_config;

static const char *const kw_nums[] = {"nondiff_argnums", NULL};
#define kw_names as_keywords_jax_custom   /* 0.6.2 onwards (families.c) */

/* The nondiff indices: ints (bools as 0/1) kept as written; *bad receives
 * the type name of the first non-int element (an index that fails later
 * with "tuple indices must be integers or slices"), else NULL. */
static int collect_nums(as_arena *a, const as_value *v, int py_minor, as_jax_nums *out, const char **bad,
                        as_error *err)
{
    *bad = NULL;
    out->n = 0;
    if (!as_value_truthy(v))
        return 0;
    if (v->type == AS_VALUE_INT || v->type == AS_VALUE_BOOL || v->type == AS_VALUE_FLOAT)
        return as_fail(err, "TypeError", AS_PHASE_NONE, AS_CAT_NONE, 0, "'%s' object is not iterable",
                       as_value_type_name(v));
    if (v->type == AS_VALUE_STR || v->type == AS_VALUE_DICT) {
        *bad = "str";   /* set.update(x) adds its characters / keys */
        return 0;
    }
    out->v = as_arena_alloc(a, sizeof *out->v * (size_t)(v->n_items + 1));
    out->is_bool = as_arena_alloc(a, (size_t)v->n_items + 1);
    for (int i = 0; i < v->n_items; i++) {
        const as_value *e = &v->items[i];
        if (e->type == AS_VALUE_INT || e->type == AS_VALUE_BOOL) {
            out->v[out->n++] = e->i;
        } else if (!*bad) {
            *bad = as_value_type_name(e);
        }
    }
    return 0;
}

/* 0.5.1-0.6.1: debug_info runs _ensure_inbounds(True, N, nondiff_argnums)
 * on the value as given, before anything else of the call: a non-iterable
 * fails even when falsy (0, False, None; a truthy one fails as in
 * collect_nums), and each element is compared with N in order (an int at
 * or past N skipped, one below -N the range error, anything else the
 * comparison's TypeError).  Returns 1 with the call error set. */
static int debug_info_iterates(as_arena *a, const as_value *v, int n, as_split *out)
{
    if (!v)
        return 0;
    if (v->type == AS_VALUE_NONE || ((v->type == AS_VALUE_INT || v->type == AS_VALUE_BOOL || v->type == AS_VALUE_FLOAT)
                                     && !as_value_truthy(v))) {
        as_split_call_error(out, "TypeError", "'%s' object is not iterable", as_value_type_name(v));
        return 1;
    }
    int count = v->type == AS_VALUE_STR ? (int)strlen(v->s) : v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST ||
                                                                    v->type == AS_VALUE_DICT ? v->n_items : 0;
    for (int i = 0; i < count; i++) {
        const as_value *e = v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST ? &v->items[i] : NULL;
        if (!e || (e->type != AS_VALUE_INT && e->type != AS_VALUE_BOOL)) {
            /* a str's characters and a dict's keys are str */
            as_split_call_error(out, "TypeError", "'>=' not supported between instances of '%s' and 'int'",
                                e ? as_value_type_name(e) : "str");
            return 1;
        }
        long long idx = e->i;
        unsigned char no_bool = 0;
        as_jax_nums one = {&idx, &no_bool, 1}, ignored;
        as_error err;
        if (e->i < n)
            if (as_jax_ensure_inbounds(a, 1, n, &one, &ignored, &err) < 0) {
                as_split_call_error(out, err.type, "%s", err.message);
                return 1;
            }
    }
    return 0;
}

static void kwargs_error(as_arena *a, const custom_config *cfg, as_split *out, const char *inner)
{
    if (cfg->kwargs_rule == KW_PASSED_WRAPPED)
        as_split_call_error(out, "TypeError",
                            "The input arguments to the %s-decorated function f could not be resolved to "
                            "positional-only arguments. Binding failed with the error:\n%s", cfg->fname, inner);
    else
        as_split_call_error(out, "TypeError", "%s", inner);
}

/* The answer past the constructor's keyword check. */
static int custom_answer(const custom_config *cfg, as_arena *a, const as_case *c, as_split *out)
{
    as_error err;
    const char *bad = NULL;
    as_jax_nums nondiff = {0};
    as_error_clear(&err);
    const as_value *nums_v = as_spec_get(c->spec, "nondiff_argnums");
    int nums_failed = collect_nums(a, nums_v, c->py_minor, &nondiff, &bad, &err) < 0;
    if (cfg->has_argnames) {
        const as_value *names_v = as_spec_get(c->spec, "nondiff_argnames");
        as_jax_nums inferred = {0};
        as_jax_names names;
        if (as_value_truthy(names_v) &&
            as_jax_infer_argnums_and_argnames(a, c->sig, NULL, names_v, c->py_minor, &inferred, &names, &err) < 0) {
            as_split_decoration_error(out, err.type, "%s", err.message);
            return 0;
        }
        if (nums_failed) {
            as_split_decoration_error(out, err.type, "%s", err.message);
            return 0;
        }
        /* set union, stored sorted (sorting does not change membership). */
        long long *all = as_arena_alloc(a, sizeof *all * (size_t)(nondiff.n + inferred.n + 1));
        int n_all = 0;
        for (int i = 0; i < nondiff.n; i++)
            all[n_all++] = nondiff.v[i];
        for (int i = 0; i < inferred.n; i++)
            all[n_all++] = inferred.v[i];
        nondiff.v = all;
        nondiff.n = n_all;
        nondiff.is_bool = as_arena_alloc(a, (size_t)n_all + 1);
    }
    if (!c->call || !c->args)
        return 0;
    /* Before 0.6.2 a bad nondiff_argnums fails at the call: first thing
     * with debug_info, else after resolve_kwargs (err is still its error
     * then: without debug_info nothing below writes it). */
    if (nums_failed && cfg->debug_info) {
        as_split_call_error(out, err.type, "%s", err.message);
        return 0;
    }

    /* Call. */
    const as_call_args *args = c->args;
    if (cfg->debug_info == 1 && !cfg->has_argnames &&
        debug_info_iterates(a, nums_v, args->n_positional, out))
        return 0;
    /* 0.12's debug info skips an index outside [-N, N) instead of raising
     * (real 0.12.0.1): the index then fails later, or not at all. */
    if (cfg->debug_info == 1 && !bad) {
        as_jax_nums ignored;
        if (as_jax_ensure_inbounds(a, 1, args->n_positional, &nondiff, &ignored, &err) < 0) {
            as_split_call_error(out, err.type, "%s", err.message);
            return 0;
        }
    }
    const char **kw = as_arena_alloc(a, sizeof *kw * (size_t)(args->n_keywords + 1));
    for (int i = 0; i < args->n_keywords; i++)
        kw[i] = args->keywords[i].keyword;
    char msg[AS_MESSAGE_MAX];
    if (as_inspect_bind(a, c->sig, args->n_positional, kw, args->n_keywords, c->py_minor, msg,
                            sizeof msg) < 0) {
        kwargs_error(a, cfg, out, msg);
        return 0;
    }
    if (as_split_unbound_call(c, out))
        return 0;

    /* ba.kwargs after apply_defaults: keyword-only parameters, then the
     * **kwargs entries. */
    as_buf passed;
    as_buf_init(&passed, a);
    int n_passed = 0, n_kwargs = 0;
    for (int i = 0; i < c->binding->n_values; i++) {
        const as_bound *v = &c->binding->values[i];
        as_kind kind = c->sig->params[v->param].kind;
        if (kind != AS_KEYWORD_ONLY && kind != AS_VAR_KEYWORD)
            continue;
        n_kwargs++;
        if (v->passed == AS_PASSED_DEFAULT)
            continue;
        const char *name = v->key ? v->key : c->sig->params[v->param].name;
        if (cfg->kwargs_rule == KW_PASSED_LIST)
            as_buf_puts(&passed, n_passed ? ", " : "[");
        else if (n_passed)
            as_buf_puts(&passed, ", ");
        as_buf_puts(&passed, cfg->kwargs_rule == KW_PASSED_LIST ? as_jax_repr_str(a, name) : name);
        n_passed++;
    }
    if (cfg->kwargs_rule == KW_ALL_KO && n_kwargs > 0) {
        kwargs_error(a, cfg, out, "keyword arguments could not be resolved to positions");
        return 0;
    }
    if (n_passed > 0) {
        if (cfg->kwargs_rule == KW_PASSED_LIST)
            kwargs_error(a, cfg, out,
                         as_arena_printf(a, "keyword arguments (%s]) could not be resolved to positions",
                                         as_buf_str(&passed)));
        else
            kwargs_error(a, cfg, out,
                         as_arena_printf(a, "The following keyword arguments could not be resolved to "
                                            "positions: %s", as_buf_str(&passed)));
        return 0;
    }

    /* The resolved primal tuple: PO/PK values (defaults filled in), then the
     * *args elements. */
    int n_resolved = 0;
    for (int i = 0; i < c->binding->n_values; i++) {
        as_kind kind = c->sig->params[c->binding->values[i].param].kind;
        if (kind != AS_KEYWORD_ONLY && kind != AS_VAR_KEYWORD)
            n_resolved++;
    }
    if (nums_failed) {
        as_split_call_error(out, err.type, "%s", err.message);
        return 0;
    }
    if (bad) {
        as_split_call_error(out, "TypeError", "tuple indices must be integers or slices, not %s", bad);
        return 0;
    }
    for (int k = 0; k < nondiff.n; k++) {
        long long i = nondiff.v[k];
        /* Both index args[i] for every nondiff index (custom_vjp in its
         * tracer check, custom_jvp collecting the static arguments). */
        if (i >= n_resolved || i < -n_resolved) {
            as_split_call_error(out, "IndexError", "tuple index out of range");
            return 0;
        }
    }

    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    int j = 0;
    for (int i = 0; i < out->n_entries; i++) {
        as_kind kind = out->entries[i].kind;
        if (kind == AS_KEYWORD_ONLY || kind == AS_VAR_KEYWORD)
            continue;   /* a defaulted keyword-only parameter: `default` */
        /* Membership with `in`: a negative index never marks anything. */
        out->entries[i].verdict = as_jax_nums_contains(&nondiff, j) ? AS_VERDICT_STATIC : AS_VERDICT_TRACED;
        j++;
    }
    return 0;
}

static int custom_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const custom_config *cfg = self->config;
    /* Construction. */
    if (as_jax_check_case_keywords(a, c, c->py_minor >= 10 ? cfg->qualname : cfg->ctor, "fun", 0,
                                   cfg->has_argnames ? kw_names : kw_nums, out) < 0)
        return 0;
    const void *key = cfg->answers_as ? cfg->answers_as : cfg;
    if (as_case_memo_get(c, key, out))
        return 0;
    int rc = custom_answer(cfg, a, c, out);
    if (rc == 0)
        as_case_memo_put(a, c, key, out);
    return rc;
}

#define CUSTOM(var, name, rule, dbg, names, ctor) \
    static const custom_config var = {name, rule, dbg, names, ctor, name "." ctor, NULL}
#define CUSTOM_AS(var, name, rule, dbg, names, ctor, same) \
    static const custom_config var = {name, rule, dbg, names, ctor, name "." ctor, &same}
CUSTOM(jvp_0310, "custom_jvp", KW_ALL_KO, 0, 0, "__init__");
CUSTOM(jvp_0432, "custom_jvp", KW_PASSED_LIST, 0, 0, "__init__");
CUSTOM(jvp_0501, "custom_jvp", KW_PASSED_LIST, 1, 0, "__init__");
CUSTOM(jvp_0503, "custom_jvp", KW_PASSED_WRAPPED, 1, 0, "__init__");
CUSTOM(jvp_0602, "custom_jvp", KW_PASSED_WRAPPED, 1, 1, "__init__");
CUSTOM(vjp_0310, "custom_vjp", KW_ALL_KO, 0, 0, "__init__");
CUSTOM(vjp_0432, "custom_vjp", KW_PASSED_LIST, 0, 0, "__init__");
CUSTOM(vjp_0501, "custom_vjp", KW_PASSED_LIST, 1, 0, "__init__");
CUSTOM(vjp_0503, "custom_vjp", KW_PASSED_WRAPPED, 1, 0, "__init__");
CUSTOM(vjp_0602, "custom_vjp", KW_PASSED_WRAPPED, 1, 1, "__init__");
CUSTOM_AS(vjp_0901, "custom_vjp", KW_PASSED_WRAPPED, 1, 1, "__new__", vjp_0602);
CUSTOM_AS(jvp_0111, "custom_jvp", KW_PASSED_WRAPPED, 1, 1, "__new__", jvp_0602);
CUSTOM(jvp_012, "custom_jvp", KW_PASSED_WRAPPED, 2, 1, "__init__");
CUSTOM(vjp_012, "custom_vjp", KW_PASSED_WRAPPED, 2, 1, "__init__");

#define D0310 "0.3.10: any keyword-only parameter or **kwargs entry fails resolution, even unpassed"
#define D0432 "0.4.32: only passed keyword-only/**kwargs arguments fail resolution"
#define D0501 "0.5.1-0.5.2: nondiff checked against the call (debug_info) before resolution; errors not yet wrapped"
#define D0503 "0.5.3: resolution errors wrapped; nondiff checked against the call first"
#define D0602 "0.6.2: nondiff_argnames (PK only) unioned with nondiff_argnums"
#define DNEW "keywords rejected by __new__, which dispatches to the *3 variants"
#define D012 "0.12 (real 0.12.0.1): no __new__ any more; the call's debug info no longer rejects nondiff indices"

/* negative_reading: the nondiff marks are a membership test (`i in
 * nondiff_argnums`, custom_answer), which no negative index passes */
#define CUSTOM_NEG AS_NEG_IGNORED

static const as_subject s_jvp_0310 = {"jax.custom_jvp@0.3.10", "jax.custom_jvp", "0.3.10",
                                      "jax.custom_jvp " D0310, AS_CAP_BINDS_CALL, custom_split, &jvp_0310, CUSTOM_NEG};
static const as_subject s_jvp_0432 = {"jax.custom_jvp@0.4.32", "jax.custom_jvp", "0.4.32",
                                      "jax.custom_jvp " D0432, AS_CAP_BINDS_CALL, custom_split, &jvp_0432, CUSTOM_NEG};
static const as_subject s_jvp_0501 = {"jax.custom_jvp@0.5.1", "jax.custom_jvp", "0.5.1",
                                      "jax.custom_jvp " D0501, AS_CAP_BINDS_CALL, custom_split, &jvp_0501, CUSTOM_NEG};
static const as_subject s_jvp_0503 = {"jax.custom_jvp@0.5.3", "jax.custom_jvp", "0.5.3",
                                      "jax.custom_jvp " D0503, AS_CAP_BINDS_CALL, custom_split, &jvp_0503, CUSTOM_NEG};
static const as_subject s_jvp_0602 = {"jax.custom_jvp@0.6.2", "jax.custom_jvp", "0.6.2",
                                      "jax.custom_jvp " D0602, AS_CAP_BINDS_CALL, custom_split, &jvp_0602, CUSTOM_NEG};
static const as_subject s_jvp_0111 = {"jax.custom_jvp@0.11.1", "jax.custom_jvp", "0.11.1",
                                      "jax.custom_jvp HEAD after 0.11.0 (unreleased): " DNEW, AS_CAP_BINDS_CALL, custom_split, &jvp_0111, CUSTOM_NEG};
static const as_subject s_vjp_0901 = {"jax.custom_vjp@0.9.1", "jax.custom_vjp", "0.9.1",
                                      "jax.custom_vjp 0.9.1 to 0.11: " DNEW, AS_CAP_BINDS_CALL, custom_split, &vjp_0901, CUSTOM_NEG};
static const as_subject s_jvp_012 = {"jax.custom_jvp@0.12", "jax.custom_jvp", "0.12",
                                     "jax.custom_jvp " D012, AS_CAP_BINDS_CALL, custom_split, &jvp_012, CUSTOM_NEG};
static const as_subject s_vjp_012 = {"jax.custom_vjp@0.12", "jax.custom_vjp", "0.12",
                                     "jax.custom_vjp " D012, AS_CAP_BINDS_CALL, custom_split, &vjp_012, CUSTOM_NEG};
static const as_subject s_vjp_0310 = {"jax.custom_vjp@0.3.10", "jax.custom_vjp", "0.3.10",
                                      "jax.custom_vjp " D0310, AS_CAP_BINDS_CALL, custom_split, &vjp_0310, CUSTOM_NEG};
static const as_subject s_vjp_0432 = {"jax.custom_vjp@0.4.32", "jax.custom_vjp", "0.4.32",
                                      "jax.custom_vjp " D0432, AS_CAP_BINDS_CALL, custom_split, &vjp_0432, CUSTOM_NEG};
static const as_subject s_vjp_0501 = {"jax.custom_vjp@0.5.1", "jax.custom_vjp", "0.5.1",
                                      "jax.custom_vjp " D0501, AS_CAP_BINDS_CALL, custom_split, &vjp_0501, CUSTOM_NEG};
static const as_subject s_vjp_0503 = {"jax.custom_vjp@0.5.3", "jax.custom_vjp", "0.5.3",
                                      "jax.custom_vjp " D0503, AS_CAP_BINDS_CALL, custom_split, &vjp_0503, CUSTOM_NEG};
static const as_subject s_vjp_0602 = {"jax.custom_vjp@0.6.2", "jax.custom_vjp", "0.6.2",
                                      "jax.custom_vjp " D0602, AS_CAP_BINDS_CALL, custom_split, &vjp_0602, CUSTOM_NEG};

const as_subject *const as_subjects_jax_custom[] = {
    &s_jvp_0310, &s_jvp_0432, &s_jvp_0501, &s_jvp_0503, &s_jvp_0602, &s_jvp_0111, &s_jvp_012,
    &s_vjp_0310, &s_vjp_0432, &s_vjp_0501, &s_vjp_0503, &s_vjp_0602, &s_vjp_0901, &s_vjp_012,
    NULL,
};
