/* jax_jit.c — jax.jit and jax.experimental.pjit.pjit, one subject per
 * behaviour change, after docs/SEMANTICS.md §1, §8,
 * §9 and the JAX sources at the tags named in each rules row below.  A
 * subject is a rules row (the era's behaviour) plus the transform's own
 * signature (name, keywords, `fun` positional-only): jit and pjit share
 * rules from 0.4.2 (pjit) / 0.4.4 (jit, which then runs pjit's code).
 *
 * The call-time model follows the Python trace path, which decides what the
 * function sees on the first call:
 *   1. the effective static nums are resolved against N (the positional
 *      count of this call) where the version does so;
 *   2. argnums_partial_except rebuilds the positional list from the dynamic
 *      arguments (kept at their slots) and the static values, which fill the
 *      remaining slots in the order of the (resolved) static_argnums list;
 *   3. the function is called with that list and the keywords, so CPython
 *      binds *that* call.
 * Step 2 reproduces two historic bugs without special cases: in 0.3.8–0.6.0
 * an unsorted static_argnums permutes the static values (entry `slot` then
 * names the call slot the value came from), and in 0.3.8–0.8.x a duplicate
 * (or, in 0.3.8–0.3.10, a negative) index hands the function one extra
 * positional argument, which either binds to a later parameter or fails
 * with CPython's "takes N positional arguments" TypeError.
 *
 * Not modelled: the C++ fast path's cache key (until jaxlib 0.4.31 it
 * mishandled negative static_argnums; that changes later cache hits, not
 * what the first trace sees), hashability of static values and the
 * abstractification of dynamic ones (values are opaque expression text),
 * sharding/device keywords beyond "kwargs with in_shardings" and
 * "abstracted_axes without dynamic shapes" (their values are accepted and
 * otherwise ignored; device/backend deprecation warnings are not emitted),
 * the mesh pjit 0.3.x needs at the call (assumed present) and its required
 * in/out_axis_resources (a missing one is taken as None), and keyword-only
 * differences between releases of one rules row (see the versions).
 */
#include "subjects/families.h"

#include <string.h>

#include "oracle/planted.h"
#include "subjects/jax_common.h"

typedef enum jit_place {
    PLACE_BY_INDEX,       /* <= 0.3.7: static values put back at their own index */
    PLACE_IN_SPEC_ORDER,  /* 0.3.8 .. 0.6.0: free slots filled in static_argnums order */
    PLACE_SORTED,         /* 0.6.1 .. 0.8.x: the same, over sorted(static_argnums) */
    PLACE_MASK            /* >= 0.9.0: a membership mask; f gets the call unchanged */
} jit_place;

typedef enum jit_check { CHECK_NONE, CHECK_WARN, CHECK_ERROR } jit_check;

typedef enum jit_donate {
    DONATE_DYN_POSITIONAL, /* <= 0.4.3: rebased nums over dynamic positionals; keywords never;
                              max(donate) >= N is a ValueError at the call */
    DONATE_DYN_UNCHECKED,  /* 0.4.4 .. 0.4.13 (jit over pjit): the same, out-of-range ignored */
    DONATE_DYN_NAMED,      /* 0.4.14 .. 0.8.x: rebased nums + donate_argnames keywords */
    DONATE_ORIGINAL        /* >= 0.9.0: original positions + donate_argnames keywords */
} jit_donate;

typedef struct jit_config {
    int resolve_negative;           /* >= 0.3.11: _ensure_inbounds */
    jit_place place;
    jit_check validation;
    int legacy_decoration;          /* 0.3.x: donate_argnums defaults to (), never inferred */
    int name_overlap;               /* >= 0.4.14: _assert_no_intersection */
    int numeric_overlap;            /* <= 0.8.x: rebase_donate_argnums */
    jit_donate donate;
    int shardings_check_first;      /* kwargs+in_shardings checked before index resolution */
    int pjit_legacy;                /* pjit 0.3.x: no kwargs, max(static+donate) < N */
    int abstracted_axes_check;      /* 0.3.6-0.8.1: abstracted_axes needs jax_dynamic_shapes (off) */
    const char *po_kwarg_assert;    /* >= 0.8.0: a dynamic positional-only argument whose name is also a
                                     * **kwargs key loses its debug-info name, and the arg-name count
                                     * check asserts (real 0.8.0-0.12.0; 0.7.2 and 0.4.30 do not); the
                                     * repr of the DebugInfo's result_paths in the message, NULL: no check */
    int kw_donate_call_order;       /* 0.4.14-0.4.26: donation_vector flags the dynamic keywords in call
                                     * order, tree_flatten lays them out sorted by name (real 0.4.14) */
    int signature_negatives;        /* >= 0.12: negative nums infer names (i - len(params)) and, without
                                     * *args, are taken mod the positional count at decoration; at the
                                     * call an index outside [-N, N) is skipped, a negative one is
                                     * taken mod N (statics_mask) */
} jit_config;

/* One subject: the rules of its era plus the transform's own Python
 * signature (jit and pjit share rules but not signatures). */
typedef struct jit_model {
    const jit_config *rules;
    const char *fname;              /* the transform's name in its own TypeErrors */
    int fun_positional_only;        /* `def jit(fun, /, *, ...)` */
    const char *const *keywords;    /* accepted keywords, in declaration order */
} jit_model;

/* What decoration leaves for the call. */
typedef struct jit_state {
    as_jax_nums static_nums, donate_nums;   /* donate_nums rebased when the version rebases */
    as_jax_names static_names, donate_names;
    int in_shardings;                       /* in_shardings given and not None */
} jit_state;

/* One positional argument as the function receives it. */
typedef struct jit_pos {
    int origin;     /* slot in the call it came from */
    int is_static;
} jit_pos;

static const as_value *get(const as_case *c, const char *kw)
{
    return as_spec_get(c->spec, kw);
}

static int fail_decoration(as_split *out, const as_error *e)
{
    as_split_decoration_error(out, e->type, "%s", e->message);
    return 0;
}

/* What every version computes alike from a case: the spec's nums and
 * names as infer_argnums_and_argnames and _ensure_index_tuple make them,
 * and the validation messages of those lists.  Kept in the case's memo
 * (jit_facts_of), so that a case checks its lists once rather than once
 * per version; a list's checks are keyed by its arrays, which are never
 * written once made (mod_negatives copies). */
enum { ROLE_STATIC, ROLE_DONATE };

typedef struct jit_list_facts {
    int inferred, defaulted;           /* infer / nums_default_empty done */
    const as_error *infer_err, *default_err;
    as_jax_nums infer_nums, default_nums;
    as_jax_names infer_names;
    struct list_check {                 /* one message, for the list `key` */
        const void *key, *key2;
        int n, done;
        const char *msg;
    } nums_msg, names_msg[3];           /* names_msg[NAMES_*] */
} jit_list_facts;

enum { WARNINGS_MAX = 8 };

typedef struct jit_facts {
    jit_list_facts role[2];
    int n_warnings;
    struct { const char *msg, *warning; } warnings[WARNINGS_MAX];   /* a message's SyntaxWarning */
} jit_facts;

static const char facts_tag;

static jit_facts *jit_facts_of(as_arena *a, const as_case *c)
{
    return as_case_memo_state(a, c, &facts_tag, sizeof(jit_facts));
}

static const char *const role_nums[] = {"static_argnums", "donate_argnums"};
static const char *const role_names[] = {"static_argnames", "donate_argnames"};

/* infer_argnums_and_argnames of one role's keywords: NULL, or the error. */
static const as_error *infer_role(jit_facts *f, as_arena *a, const as_case *c, int role, as_jax_nums *nums,
                                  as_jax_names *names)
{
    jit_list_facts tmp = {0}, *l = f ? &f->role[role] : &tmp;
    if (!l->inferred) {
        as_error err;
        l->inferred = 1;
        if (as_jax_infer_argnums_and_argnames(a, c->sig, as_spec_get(c->spec, role_nums[role]),
                                              as_spec_get(c->spec, role_names[role]), c->py_minor,
                                              &l->infer_nums, &l->infer_names, &err) < 0)
            l->infer_err = as_jax_keep_error(a, &err);
    }
    *nums = l->infer_nums;
    *names = l->infer_names;
    return l->infer_err;
}

/* A nums keyword whose default is () (0.3.x): absent means (), an explicit
 * None reaches _ensure_index_tuple and fails there.  NULL, or the error. */
static const as_error *nums_default_empty(jit_facts *f, as_arena *a, const as_case *c, int role, as_jax_nums *out)
{
    jit_list_facts *l = f ? &f->role[role] : NULL;
    if (l && l->defaulted) {
        *out = l->default_nums;
        return l->default_err;
    }
    const as_value *v = as_spec_get(c->spec, role_nums[role]);
    const as_error *e = NULL;
    as_error err;
    memset(out, 0, sizeof *out);
    if (v && as_jax_ensure_index_tuple(a, v, c->py_minor, out, &err) < 0)
        e = as_jax_keep_error(a, &err);
    if (l) {
        l->defaulted = 1;
        l->default_nums = *out;
        l->default_err = e;
    }
    return e;
}

static int check_known(const struct list_check *k, const void *key, const void *key2, int n)
{
    return k->done && k->key == key && k->key2 == key2 && k->n == n;
}

/* _validate_argnums of one role's list, once per list. */
static const char *nums_message(jit_facts *f, as_arena *a, const as_case *c, int role, const as_jax_nums *nums)
{
    struct list_check *k = f ? &f->role[role].nums_msg : NULL;
    if (k && check_known(k, nums->v, nums->is_bool, nums->n))
        return k->msg;
    const char *m = as_jax_validate_argnums(a, c->sig, nums, role_nums[role], c->py_minor);
    if (k)
        *k = (struct list_check){nums->v, nums->is_bool, nums->n, 1, m};
    return m;
}

/* The checks of _validate_argnames: its positional-only one, its
 * unknown-name one, or both as it raises them (the first failing). */
enum { NAMES_POSITIONAL_ONLY, NAMES_UNKNOWN, NAMES_FIRST_FAILING };

static const char *names_message(jit_facts *f, as_arena *a, const as_case *c, int role, const as_jax_names *names,
                                 int check)
{
    static const char *(*const run[])(as_arena *, const as_signature *, const as_jax_names *, const char *) = {
        [NAMES_POSITIONAL_ONLY] = as_jax_argnames_positional_only,
        [NAMES_UNKNOWN] = as_jax_argnames_unknown,
        [NAMES_FIRST_FAILING] = as_jax_validate_argnames,
    };
    struct list_check *k = f ? &f->role[role].names_msg[check] : NULL;
    if (k && check_known(k, names->v, NULL, names->n))
        return k->msg;
    const char *m = run[check](a, c->sig, names, role_names[role]);
    if (k)
        *k = (struct list_check){names->v, NULL, names->n, 1, m};
    return m;
}

/* The SyntaxWarning text of msg (as_split_warn_text cuts it where
 * as_split_warn would), once per message (the messages are the case's facts). */
static const char *warning_of(jit_facts *f, as_arena *a, const char *msg)
{
    for (int i = 0; f && i < f->n_warnings; i++)
        if (f->warnings[i].msg == msg)
            return f->warnings[i].warning;
    const char *w = as_arena_printf(a, "SyntaxWarning: %s", as_jax_syntax_warning_text(a, msg));
    if (f && f->n_warnings < WARNINGS_MAX) {
        f->warnings[f->n_warnings].msg = msg;
        f->warnings[f->n_warnings++].warning = w;
    }
    return w;
}

/* Validation of one list; in the warning era every failing check warns. */
static int validate(const jit_config *k, jit_facts *f, as_arena *a, as_split *out, const char *msg)
{
    if (!msg)
        return 0;
    if (k->validation == CHECK_WARN) {
        as_split_warn_text(a, out, warning_of(f, a, msg));
        return 0;
    }
    as_split_decoration_error(out, "ValueError", "%s", msg);
    return -1;
}

/* _validate_argnames: raises the first failing check; in the warning era
 * both checks run and each warns. */
static int validate_names(const jit_config *k, jit_facts *f, as_arena *a, const as_case *c, as_split *out,
                          const as_jax_names *names, int role)
{
    if (k->validation == CHECK_WARN) {
        validate(k, f, a, out, names_message(f, a, c, role, names, NAMES_POSITIONAL_ONLY));
        return validate(k, f, a, out, names_message(f, a, c, role, names, NAMES_UNKNOWN));
    }
    return validate(k, f, a, out, names_message(f, a, c, role, names, NAMES_FIRST_FAILING));
}

/* JAX >= 0.12: names inferred from nums also match i - len(parameters)
 * (a negative num names its PK parameter); then, when there is no *args,
 * negative nums become i mod the positional count. */
static void negative_names(as_arena *a, const as_signature *sig, const as_value *nums_v,
                           const as_value *names_v, const as_jax_nums *nums, as_jax_names *names)
{
    if (as_jax_is_none(nums_v) || !as_jax_is_none(names_v))
        return;
    names->v = as_arena_alloc(a, sizeof *names->v * (size_t)(sig->n_params + 1));
    names->n = 0;
    for (int i = 0; i < sig->n_params; i++)
        if (sig->params[i].kind == AS_POSITIONAL_OR_KEYWORD
            && (as_jax_nums_contains(nums, i) || as_jax_nums_contains(nums, i - sig->n_params)))
            names->v[names->n++] = sig->params[i].name;
}

/* On a copy: the list may be the case's facts, shared by every version. */
static void mod_negatives(as_arena *a, as_jax_nums *nums, int n_pos)
{
    long long *v = as_arena_alloc_raw(a, sizeof *v * (size_t)(nums->n + 1));
    memcpy(v, nums->v, sizeof *v * (size_t)nums->n);
    nums->v = v;
    for (int i = 0; i < nums->n; i++)
        if (nums->v[i] < 0)
            nums->v[i] = ((nums->v[i] % n_pos) + n_pos) % n_pos;
}

static void signature_negatives(as_arena *a, const as_case *c, jit_state *st)
{
    int n_pos = as_jax_n_positional(c->sig);
    negative_names(a, c->sig, get(c, "static_argnums"), get(c, "static_argnames"), &st->static_nums,
                   &st->static_names);
    negative_names(a, c->sig, get(c, "donate_argnums"), get(c, "donate_argnames"), &st->donate_nums,
                   &st->donate_names);
    if (c->sig->varargs_index < 0 && n_pos > 0) {
        mod_negatives(a, &st->static_nums, n_pos);
        mod_negatives(a, &st->donate_nums, n_pos);
    }
}

static int decorate(const jit_model *m, as_arena *a, const as_case *c, as_split *out, jit_state *st)
{
    const jit_config *k = m->rules;
    jit_facts *f = jit_facts_of(a, c);
    const as_error *e;
    as_error err;
    const as_value *shard;

    memset(st, 0, sizeof *st);
    if (k->abstracted_axes_check && get(c, "abstracted_axes") && as_value_truthy(get(c, "abstracted_axes"))) {
        as_split_decoration_error(out, "ValueError", "abstracted_axes must be used with --jax_dynamic_shapes");
        return 0;
    }
    shard = get(c, "in_shardings");
    st->in_shardings = !as_jax_is_none(shard);

    if (k->pjit_legacy) {
        if ((e = nums_default_empty(f, a, c, ROLE_STATIC, &st->static_nums)) != NULL
            || (e = nums_default_empty(f, a, c, ROLE_DONATE, &st->donate_nums)) != NULL)
            return fail_decoration(out, e);
    } else if (k->legacy_decoration) {
        /* 0.3.14 normalises donate before the signature; 0.3.7/0.3.10 after
         * the static inference.  Both are TypeErrors of the same kind, so
         * only the order between two failing keywords differs. */
        if (k->validation == CHECK_WARN
            && (e = nums_default_empty(f, a, c, ROLE_DONATE, &st->donate_nums)) != NULL)
            return fail_decoration(out, e);
        if ((e = infer_role(f, a, c, ROLE_STATIC, &st->static_nums, &st->static_names)) != NULL)
            return fail_decoration(out, e);
        if (k->validation != CHECK_WARN
            && (e = nums_default_empty(f, a, c, ROLE_DONATE, &st->donate_nums)) != NULL)
            return fail_decoration(out, e);
        if (k->validation == CHECK_WARN) {
            validate(k, f, a, out, nums_message(f, a, c, ROLE_STATIC, &st->static_nums));
            validate(k, f, a, out, nums_message(f, a, c, ROLE_DONATE, &st->donate_nums));
            validate_names(k, f, a, c, out, &st->static_names, ROLE_STATIC);
        }
    } else {
        if ((e = infer_role(f, a, c, ROLE_STATIC, &st->static_nums, &st->static_names)) != NULL
            || (e = infer_role(f, a, c, ROLE_DONATE, &st->donate_nums, &st->donate_names)) != NULL)
            return fail_decoration(out, e);
        if (validate(k, f, a, out, nums_message(f, a, c, ROLE_STATIC, &st->static_nums)) < 0
            || validate_names(k, f, a, c, out, &st->static_names, ROLE_STATIC) < 0
            || validate(k, f, a, out, nums_message(f, a, c, ROLE_DONATE, &st->donate_nums)) < 0
            || validate_names(k, f, a, c, out, &st->donate_names, ROLE_DONATE) < 0)
            return 0;
        if (k->signature_negatives)
            signature_negatives(a, c, st);
        if (k->name_overlap && as_jax_assert_no_intersection(a, &st->static_names, &st->donate_names, &err) < 0)
            return fail_decoration(out, &err);
    }
    if (k->numeric_overlap) {
        as_jax_nums rebased;
        if (as_jax_rebase_donate_argnums(a, &st->donate_nums, &st->static_nums, c->py_minor, &rebased, &err) < 0)
            return fail_decoration(out, &err);
        st->donate_nums = rebased;
    }
    return 0;
}

static long long max_or(const as_jax_nums *n, long long dflt)
{
    long long m = dflt;
    for (int i = 0; i < n->n; i++)
        if (n->v[i] > m)
            m = n->v[i];
    return m;
}

static int cmp_ll(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

/* 1 when slot `v mod n` (v < -n) is static for the C++ parser too: some
 * other index names it directly (j >= 0) or as j + n. */
static int mask_agrees(const as_jax_nums *nums, long long v, int n)
{
    long long slot = ((v % n) + n) % n;
    for (int i = 0; i < nums->n; i++)
        if (nums->v[i] == slot || (nums->v[i] < 0 && nums->v[i] + n == slot))
            return 1;
    return 0;
}

/* argnums_partial_except + _argnums_partial: the positional list f gets.
 * Returns its length, or -1 with the call error set in *out. */
static int rebuild_positionals(const jit_config *k, as_arena *a, const jit_state *st, int n_args,
                               jit_pos **pos_out, as_split *out)
{
    const as_jax_nums *raw = &st->static_nums;
    as_jax_nums res;
    as_error err;
    int allow_invalid = !k->pjit_legacy;
    int total, n_fixed = 0, f;
    long long *fixed;
    unsigned char *slot_static;
    jit_pos *pos;

    if (k->signature_negatives) {
        /* statics_mask: i mod N for a negative i (N > 0), else i itself;
         * the debug-info _ensure_inbounds skips what is out of range. */
        res.n = 0;
        res.v = as_arena_alloc(a, sizeof *res.v * (size_t)(raw->n + 1));
        res.is_bool = as_arena_alloc(a, (size_t)raw->n + 1);
        for (int i = 0; i < raw->n; i++) {
            /* The C++ argument parser matches i + N instead: a negative
             * below -N whose i mod N no other index marks makes the two
             * masks disagree and FlatTree.update asserts (real 0.12.0.1). */
            if (raw->v[i] < -(long long)n_args && n_args > 0 && !mask_agrees(raw, raw->v[i], n_args)) {
                as_split_call_error(out, "AssertionError", "%s", "");
                return -1;
            }
            if (raw->v[i] >= 0 || n_args > 0) {
                res.is_bool[res.n] = 0;
                res.v[res.n++] = raw->v[i] < 0 ? ((raw->v[i] % n_args) + n_args) % n_args : raw->v[i];
            }
        }
    } else if (k->resolve_negative && (raw->n > 0 || k->place == PLACE_MASK)) {
        if (as_jax_ensure_inbounds(a, allow_invalid, n_args, raw, &res, &err) < 0) {
            as_split_call_error(out, err.type, "%s", err.message);
            return -1;
        }
    } else {
        res = *raw;
    }
    if (k->place == PLACE_SORTED && res.n > 0) {
        as_jax_nums s = res;
        s.v = as_arena_alloc(a, sizeof *s.v * (size_t)res.n);
        memcpy(s.v, res.v, sizeof *s.v * (size_t)res.n);
        qsort(s.v, (size_t)s.n, sizeof *s.v, cmp_ll);
        res = s;
    }

    /* Slots taken out of the dynamic list: `i not in static_argnums`, an
     * exact membership test (negatives match nothing before 0.3.11). */
    slot_static = as_arena_alloc(a, (size_t)n_args + 1);
    for (int s = 0; s < n_args; s++)
        slot_static[s] = (unsigned char)as_jax_nums_contains(&res, s);

    fixed = as_arena_alloc(a, sizeof *fixed * (size_t)(res.n + 1));
    for (int i = 0; i < res.n; i++) {
        long long v = res.v[i];
        if (allow_invalid && v >= n_args)
            continue;
        if (v < -(long long)n_args) {   /* args[i] on the call's tuple */
            as_split_call_error(out, "IndexError", "tuple index out of range");
            return -1;
        }
        fixed[n_fixed++] = v < 0 ? v + n_args : v;
    }

    if (k->place == PLACE_BY_INDEX || k->place == PLACE_MASK || raw->n == 0) {
        /* Values stay at their own slots; a negative index is overwritten by
         * the dynamic argument at that slot (<= 0.3.7). */
        pos = as_arena_alloc(a, sizeof *pos * (size_t)(n_args + 1));
        for (int s = 0; s < n_args; s++) {
            pos[s].origin = s;
            pos[s].is_static = slot_static[s];
        }
        *pos_out = pos;
        return n_args;
    }

    total = 0;
    for (int s = 0; s < n_args; s++)
        total += !slot_static[s];
    total += n_fixed;
    pos = as_arena_alloc(a, sizeof *pos * (size_t)(total + 1));
    for (int s = 0; s < total; s++)
        pos[s].origin = -1;
    for (int s = 0; s < n_args; s++)
        if (!slot_static[s]) {
            pos[s].origin = s;
            pos[s].is_static = 0;
        }
    f = 0;
    for (int s = 0; s < total; s++)
        if (pos[s].origin < 0) {
            pos[s].origin = (int)fixed[f++];
            pos[s].is_static = 1;
        }
    *pos_out = pos;
    return total;
}

/* The binding of the rebuilt call: the case's own when nothing moved. */
static int bind_rebuilt(as_arena *a, const as_case *c, const jit_pos *pos, int n_pos,
                        as_binding *out_binding, const as_binding **use, as_split *out)
{
    int identity = n_pos == c->args->n_positional;
    as_call_args args2;
    as_bind_options opt;
    as_error err;

    for (int s = 0; identity && s < n_pos; s++)
        identity = pos[s].origin == s;
    if (identity) {
        if (!c->binding) {
            as_split_call_error(out, c->bind_error ? c->bind_error->type : "TypeError", "%s",
                                c->bind_error ? c->bind_error->message : "");
            return -1;
        }
        *use = c->binding;
        return 0;
    }
    args2 = *c->args;
    args2.positional = as_arena_alloc(a, sizeof *args2.positional * (size_t)(n_pos + 1));
    args2.n_positional = n_pos;
    for (int s = 0; s < n_pos; s++)
        args2.positional[s] = c->args->positional[pos[s].origin];
    opt.py_minor = c->py_minor;
    opt.func_name = NULL;
    if (as_bind(a, c->sig, &args2, &opt, out_binding, &err) < 0) {
        as_split_call_error(out, err.type, "%s", err.message);
        return -1;
    }
    *use = out_binding;
    return 0;
}

/* Is call slot i static for the debug info (_ensure_inbounds(True, n, ...):
 * out-of-range indices skipped, negatives mod n)? */
static int debug_static_slot(const jit_state *st, int i, int n)
{
    for (int k = 0; k < st->static_nums.n; k++) {
        long long v = st->static_nums.v[k];
        if (v >= -(long long)n && v < n && (v < 0 ? v + n : v) == i)
            return 1;
    }
    return 0;
}

static int call_has_keyword(const as_case *c, const char *name)
{
    for (int j = 0; j < c->args->n_keywords; j++)
        if (c->args->keywords[j].keyword && strcmp(c->args->keywords[j].keyword, name) == 0)
            return 1;
    return 0;
}

static int cmp_cstr(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The AssertionError of 0.8.0+ (assert_arg_names), NULL when it does not
 * fire: _non_static_arg_names names the parameters bound positionally and
 * not named by a call keyword, then the keywords sorted by key ('k' when k
 * is a bound parameter, "kw['k']" else), one name per dynamic leaf; a
 * positional-only or *args parameter whose name is also a keyword (which
 * went to **kwargs) loses its names, and the count no longer matches the
 * flat arguments.  The message is (len(flat args), repr(debug_info)) under
 * the adapter's conventions: its values are one-leaf pytree nodes, hence
 * "[0]", its f is compiled from "<def>", the object address is masked
 * ("0x?") by the adapter, as here. */
static const char *debug_info_assert(as_arena *a, const jit_config *k, const as_case *c, const jit_state *st)
{
    const as_signature *sig = c->sig;
    const as_call_args *args = c->args;
    const as_binding *ba = c->binding;
    int n = args->n_positional, n_flat = 0, n_names = 0;
    const char **names = as_arena_alloc(a, sizeof *names * (size_t)(n + args->n_keywords + 1));
    for (int i = 0; i < n; i++)
        n_flat += !debug_static_slot(st, i, n);
    for (int j = 0; j < args->n_keywords; j++)
        n_flat += !as_jax_names_contains(&st->static_names, args->keywords[j].keyword);
    const char *kwname = sig->varkw_index >= 0 ? sig->params[sig->varkw_index].name : NULL;
    if (ba) {
        for (int i = 0; i < ba->n_values; i++) {
            const as_bound *v = &ba->values[i];
            const char *pname = sig->params[v->param].name;
            if (v->passed != AS_PASSED_POSITIONAL || call_has_keyword(c, pname) || debug_static_slot(st, v->slot, n))
                continue;
            names[n_names++] = v->element >= 0 ? as_arena_printf(a, "%s[%d][0]", pname, v->element)
                                                : as_arena_printf(a, "%s[0]", pname);
        }
    } else {
        for (int i = 0; i < n; i++)
            if (!debug_static_slot(st, i, n))
                names[n_names++] = as_arena_printf(a, "args[%d][0]", i);
    }
    const char **keys = as_arena_alloc(a, sizeof *keys * (size_t)(args->n_keywords + 1));
    int n_keys = 0;
    for (int j = 0; j < args->n_keywords; j++)
        if (!as_jax_names_contains(&st->static_names, args->keywords[j].keyword))
            keys[n_keys++] = args->keywords[j].keyword;
    qsort(keys, (size_t)n_keys, sizeof *keys, cmp_cstr);
    for (int j = 0; j < n_keys; j++) {
        int bound = 0;
        if (ba)
            for (int i = 0; i < ba->n_values && !bound; i++)
                bound = ba->values[i].passed != AS_PASSED_DEFAULT && strcmp(sig->params[ba->values[i].param].name, keys[j]) == 0;
        names[n_names++] = !ba ? as_arena_printf(a, "kwargs['%s'][0]", keys[j])
                           : bound ? as_arena_printf(a, "%s[0]", keys[j])
                                   : as_arena_printf(a, "%s['%s'][0]", kwname ? kwname : "None", keys[j]);
    }
    if (n_names == n_flat)
        return NULL;
    as_buf b;
    as_buf_init(&b, a);
    as_buf_printf(&b, "(%d, DebugInfo(traced_for='jit', func_src_info='f at <def>:1', arg_names=(", n_flat);
    for (int i = 0; i < n_names; i++) {
        if (i)
            as_buf_puts(&b, ", ");
        as_buf_puts(&b, as_jax_repr_str(a, names[i]));
    }
    as_buf_puts(&b, n_names == 1 ? ",), " : "), ");
    as_buf_printf(&b, "result_paths=%s))", k->po_kwarg_assert);
    return as_buf_str(&b);
}

/* The dynamic keyword (not in static_argnames) whose donation flag lands
 * on `key`'s leaf: the one at key's sorted position, counted in call order. */
static const char *kw_in_call_order(const as_case *c, const jit_state *st, const char *key)
{
    const as_call_args *args = c->args;
    int rank = 0, seen = 0;
    for (int j = 0; j < args->n_keywords; j++) {
        const char *kj = args->keywords[j].keyword;
        if (kj && !as_jax_names_contains(&st->static_names, kj) && strcmp(kj, key) < 0)
            rank++;
    }
    for (int j = 0; j < args->n_keywords; j++) {
        const char *kj = args->keywords[j].keyword;
        if (kj && !as_jax_names_contains(&st->static_names, kj) && seen++ == rank)
            return kj;
    }
    return key;
}

static void call_split(const jit_config *k, as_arena *a, const as_case *c, const jit_state *st,
                       as_split *out)
{
    const as_call_args *args = c->args;
    int n_args = args->n_positional;
    int has_kwargs = args->n_keywords > 0;
    jit_pos *pos;
    int n_pos, n_dyn;
    int *dyn_rank;
    as_binding rebound;
    const as_binding *use;
    as_case view;

    if (k->pjit_legacy) {
        as_jax_nums both;
        if (has_kwargs) {
            as_split_call_error(out, "NotImplementedError", "pjit does not support kwargs");
            return;
        }
        both.n = 0;
        both.v = as_arena_alloc(a, sizeof *both.v * (size_t)(st->static_nums.n + st->donate_nums.n + 1));
        for (int i = 0; i < st->static_nums.n; i++) both.v[both.n++] = st->static_nums.v[i];
        for (int i = 0; i < st->donate_nums.n; i++) both.v[both.n++] = st->donate_nums.v[i];
        if (max_or(&both, -1) >= n_args) {
            as_split_call_error(out, "ValueError",
                                "jitted function has static_argnums=%s, donate_argnums=%s but "
                                "was called with only %d positional arguments.",
                                as_jax_repr_nums_tuple(a, &st->static_nums, c->py_minor),
                                as_jax_repr_nums_tuple(a, &st->donate_nums, c->py_minor), n_args);
            return;
        }
    }
    if (k->shardings_check_first && has_kwargs && st->in_shardings) {
        as_split_call_error(out, "ValueError", "pjit does not support kwargs when in_shardings is specified.");
        return;
    }
    if (k->donate == DONATE_DYN_POSITIONAL && !k->pjit_legacy && max_or(&st->donate_nums, -1) >= n_args) {
        as_split_call_error(out, "ValueError",
                            "jitted function has donate_argnums=%s but was called with only %d positional arguments.",
                            as_jax_repr_nums_tuple(a, &st->donate_nums, c->py_minor), n_args);
        return;
    }
    n_pos = rebuild_positionals(k, a, st, n_args, &pos, out);
    if (n_pos < 0)
        return;
    if (!k->shardings_check_first && has_kwargs && st->in_shardings) {
        as_split_call_error(out, "ValueError", "pjit does not support kwargs when in_shardings is specified.");
        return;
    }
    if (bind_rebuilt(a, c, pos, n_pos, &rebound, &use, out) < 0)
        return;

    view = *c;
    view.memo = NULL;   /* another case */
    view.binding = use;
    if (as_split_entries_from_binding(a, &view, out) < 0) {
        as_split_call_error(out, "InternalError", "no binding");
        return;
    }

    /* Rank of each positional among the dynamic ones (donation_vector's i). */
    dyn_rank = as_arena_alloc(a, sizeof *dyn_rank * (size_t)(n_pos + 1));
    n_dyn = 0;
    for (int s = 0; s < n_pos; s++)
        dyn_rank[s] = pos[s].is_static ? -1 : n_dyn++;

    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &use->values[i];
        as_split_entry *e = &out->entries[i];
        int is_static = 0, donated = 0;

        if (v->passed == AS_PASSED_POSITIONAL) {
            const jit_pos *p = &pos[v->slot];
            e->slot = p->origin;
            is_static = p->is_static;
            if (!is_static) {
                if (k->donate == DONATE_ORIGINAL)
                    donated = as_jax_nums_contains(&st->donate_nums, p->origin);
                else
                    donated = as_jax_nums_contains(&st->donate_nums, dyn_rank[v->slot]);
            }
        } else if (v->passed == AS_PASSED_KEYWORD) {
            const char *key = v->key ? v->key : c->sig->params[v->param].name;
            is_static = as_jax_names_contains(&st->static_names, key);
#ifdef ARGSPLIT_PLANTED_BUGS
            /* Test-only: lets the gate's self-test prove a model regression fails it. */
            if (as_planted("jit-kwargs"))
                is_static = 0;
#endif
            if (!is_static && k->kw_donate_call_order)
                donated = as_jax_names_contains(&st->donate_names, kw_in_call_order(c, st, key));
            else if (!is_static && (k->donate == DONATE_DYN_NAMED || k->donate == DONATE_ORIGINAL))
                donated = as_jax_names_contains(&st->donate_names, key);
        }
        if (v->passed != AS_PASSED_DEFAULT)
            e->verdict = is_static ? AS_VERDICT_STATIC : AS_VERDICT_TRACED;
        e->donated = donated;
    }
    const char *assert_msg = k->po_kwarg_assert ? debug_info_assert(a, k, c, st) : NULL;
    if (assert_msg)
        as_split_call_error(out, "AssertionError", "%s", assert_msg);
}

/* The rules decorate() reads, packed: subjects whose rows differ only
 * elsewhere (or in an abstracted_axes check this spec does not trigger)
 * decorate a case alike. */
static unsigned decoration_code(const jit_config *k, const as_case *c)
{
    int aa = k->abstracted_axes_check && as_value_truthy(get(c, "abstracted_axes"));
    return (unsigned)aa | (unsigned)k->pjit_legacy << 1 | (unsigned)k->legacy_decoration << 2 |
           (unsigned)k->validation << 3 | (unsigned)k->signature_negatives << 5 | (unsigned)k->name_overlap << 6 |
           (unsigned)k->numeric_overlap << 7;
}

/* The decoration code plus the rules call_split reads that can matter
 * after this decoration: the kwargs+in_shardings order only with both,
 * donation only with something donated, the placement of static values
 * only with static nums (none: every version leaves the call as it is). */
static unsigned call_code(const jit_config *k, unsigned dcode, const as_case *c, const jit_state *st)
{
    int shard = c->args && c->args->n_keywords > 0 && st->in_shardings;
    int donating = st->donate_nums.n > 0 || st->donate_names.n > 0;
    int placing = st->static_nums.n > 0;
    return dcode | (unsigned)(shard && k->shardings_check_first) << 8 |
           (unsigned)(donating ? k->donate : 0) << 9 | (unsigned)(donating && k->kw_donate_call_order) << 11 |
           (unsigned)(placing ? k->place : 0) << 12 | (unsigned)(placing && k->resolve_negative) << 14;
}

/* Memo keys beside the codes (their addresses only). */
static const char decoration_tag, call_tag;

static int jit_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const jit_model *m = self->config;
    const jit_config *k = m->rules;

    as_split_init(out);
    out->decoration_ok = 1;
    /* The transform's own signature first; past it, a subject answers by
     * its rules alone (fname, keywords and `fun` are read only here), and
     * by those of them that matter to the case: the case's memo holds each
     * decoration and each call answer under the rules it read. */
    if (as_jax_check_case_keywords(a, c, m->fname, "fun", m->fun_positional_only, m->keywords, out) < 0)
        return 0;
    unsigned dcode = decoration_code(k, c);
    jit_state *st = NULL;
    if (!as_case_memo_get_code(c, &decoration_tag, dcode, out, (void **)&st)) {
        st = as_arena_alloc(a, sizeof *st);
        decorate(m, a, c, out, st);
        as_case_memo_put_code(a, c, &decoration_tag, dcode, out, st);
    }
    if (!out->decoration_ok || !c->call)
        return 0;
    /* the result paths' text is the assertion's: its pointer keys it */
    const void *key = k->po_kwarg_assert ? (const void *)k->po_kwarg_assert : &call_tag;
    unsigned ccode = call_code(k, dcode, c, st);
    if (as_case_memo_get_code(c, key, ccode, out, NULL))
        return 0;
    if (!c->args) {
        const as_error *e = c->call_site_error;
        as_split_call_error(out, e ? e->type : "TypeError", "%s", e ? e->message : "");
    } else {
        call_split(k, a, c, st, out);
    }
    as_case_memo_put_code(a, c, key, ccode, out, NULL);
    return 0;
}

/* ---- versions ------------------------------------------------------------ */

/* Rules, one per behaviour change (the first release that has them). */
static const jit_config rules_030 = {   /* 0.3.0-0.3.7 */
    .place = PLACE_BY_INDEX, .validation = CHECK_NONE, .legacy_decoration = 1, .numeric_overlap = 1,
    .donate = DONATE_DYN_POSITIONAL};
static const jit_config rules_038 = {   /* 0.3.8-0.3.10 */
    .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_NONE, .legacy_decoration = 1, .numeric_overlap = 1,
    .donate = DONATE_DYN_POSITIONAL};
static const jit_config rules_0311 = {  /* 0.3.11-0.3.13: _ensure_inbounds */
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_NONE,
    .legacy_decoration = 1, .numeric_overlap = 1, .donate = DONATE_DYN_POSITIONAL};
static const jit_config rules_0314 = {  /* 0.3.14-0.4.3: validation warns */
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_WARN,
    .legacy_decoration = 1, .numeric_overlap = 1, .donate = DONATE_DYN_POSITIONAL};
static const jit_config rules_044 = {   /* 0.4.4-0.4.13: jit runs pjit's code */
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_WARN,
    .legacy_decoration = 1, .numeric_overlap = 1, .donate = DONATE_DYN_UNCHECKED,
    .shardings_check_first = 1, .abstracted_axes_check = 1};
static const jit_config rules_0414 = {  /* 0.4.14-0.4.26: donate_argnames, name inference */
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_WARN, .name_overlap = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_NAMED, .shardings_check_first = 1,
    .abstracted_axes_check = 1, .kw_donate_call_order = 1};
static const jit_config rules_0427 = {  /* 0.4.27-0.4.38: validation raises */
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_ERROR, .name_overlap = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_NAMED, .shardings_check_first = 1,
    .abstracted_axes_check = 1};
static const jit_config rules_050 = {   /* 0.5.0-0.6.0: debug info (index check) before the kwargs check */
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_ERROR, .name_overlap = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_NAMED, .abstracted_axes_check = 1};
static const jit_config rules_061 = {   /* 0.6.1-0.8.1: static values in sorted order */
    .resolve_negative = 1, .place = PLACE_SORTED, .validation = CHECK_ERROR, .name_overlap = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_NAMED, .abstracted_axes_check = 1};
/* The DebugInfo's result_paths in the arg-name assertion's message, per
 * release (real 0.8.0/0.8.1, 0.8.2/0.8.3, 0.9.0-0.12.0; the address masked
 * by the adapter). */
#define RESULT_PATHS_080 "<hashable <lambda> with closure=()>"
#define RESULT_PATHS_082 "None"
#define RESULT_PATHS_090 "<jax._src.linear_util.InitialResultPaths object at 0x?>"
static const jit_config rules_080 = {   /* 0.8.0-0.8.1: the arg-name count is asserted */
    .resolve_negative = 1, .place = PLACE_SORTED, .validation = CHECK_ERROR, .name_overlap = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_NAMED, .abstracted_axes_check = 1,
    .po_kwarg_assert = RESULT_PATHS_080};
static const jit_config rules_082 = {   /* 0.8.2-0.8.3: abstracted_axes removed */
    .resolve_negative = 1, .place = PLACE_SORTED, .validation = CHECK_ERROR, .name_overlap = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_NAMED, .po_kwarg_assert = RESULT_PATHS_082};
static const jit_config rules_090 = {   /* 0.9.0-0.11.x: statics mask, no numeric overlap check */
    .resolve_negative = 1, .place = PLACE_MASK, .validation = CHECK_ERROR, .name_overlap = 1,
    .donate = DONATE_ORIGINAL, .po_kwarg_assert = RESULT_PATHS_090};
static const jit_config rules_012 = {   /* 0.12-: negatives against the signature (read from the 0.12.0.1 wheel) */
    .resolve_negative = 1, .place = PLACE_MASK, .validation = CHECK_ERROR, .name_overlap = 1,
    .donate = DONATE_ORIGINAL, .po_kwarg_assert = RESULT_PATHS_090, .signature_negatives = 1};
/* pjit 0.3.x: no keyword arguments at the call, max(static+donate) < N. */
static const jit_config rules_pjit_030 = {
    .place = PLACE_BY_INDEX, .validation = CHECK_NONE, .legacy_decoration = 1, .numeric_overlap = 1,
    .donate = DONATE_DYN_POSITIONAL, .pjit_legacy = 1};
static const jit_config rules_pjit_038 = {
    .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_NONE, .legacy_decoration = 1, .numeric_overlap = 1,
    .donate = DONATE_DYN_POSITIONAL, .pjit_legacy = 1};
static const jit_config rules_pjit_0311 = {
    .resolve_negative = 1, .place = PLACE_IN_SPEC_ORDER, .validation = CHECK_NONE, .legacy_decoration = 1,
    .numeric_overlap = 1, .donate = DONATE_DYN_POSITIONAL, .pjit_legacy = 1};

/* The transforms' own signatures (keywords in declaration order). */
static const char *const kw_036[] = {
    "static_argnums", "static_argnames", "device", "backend", "donate_argnums", "inline",
    "abstracted_axes", NULL};
static const char *const kw_0310[] = {
    "static_argnums", "static_argnames", "device", "backend", "donate_argnums", "inline",
    "keep_unused", "abstracted_axes", NULL};
static const char *const kw_044[] = {
    "in_shardings", "out_shardings", "static_argnums", "static_argnames", "donate_argnums",
    "keep_unused", "device", "backend", "inline", "abstracted_axes", NULL};
static const char *const kw_0414[] = {
    "in_shardings", "out_shardings", "static_argnums", "static_argnames", "donate_argnums",
    "donate_argnames", "keep_unused", "device", "backend", "inline", "abstracted_axes", NULL};
static const char *const kw_0436[] = {
    "in_shardings", "out_shardings", "static_argnums", "static_argnames", "donate_argnums",
    "donate_argnames", "keep_unused", "device", "backend", "inline", "abstracted_axes",
    "compiler_options", NULL};
#define kw_082 as_keywords_jax_jit   /* 0.8.2 onwards: the newest release's (families.c) */
/* pjit(fun, in_axis_resources, out_axis_resources, static_argnums=(), donate_argnums=()):
 * the two resources are required positionals in 0.3.x; the model treats a
 * missing one as None (a spec is about annotations, not meshes). */
static const char *const kw_pjit_030[] = {
    "in_axis_resources", "out_axis_resources", "static_argnums", "donate_argnums", NULL};
static const char *const kw_pjit_042[] = {
    "in_axis_resources", "out_axis_resources", "static_argnums", "static_argnames", "donate_argnums",
    "keep_unused", "device", "backend", "inline", "abstracted_axes", NULL};
static const char *const kw_pjit_044[] = {
    "in_shardings", "out_shardings", "in_axis_resources", "out_axis_resources", "static_argnums",
    "static_argnames", "donate_argnums", "keep_unused", "device", "backend", "inline",
    "abstracted_axes", NULL};

#define JIT(var, rules, kws, po) static const jit_model var = {&rules, "jit", po, kws}
#define PJIT(var, rules, kws) static const jit_model var = {&rules, "pjit", 0, kws}
JIT(m_036, rules_030, kw_036, 0);
JIT(m_0310, rules_038, kw_0310, 0);
JIT(m_0311, rules_0311, kw_0310, 0);
JIT(m_0314, rules_0314, kw_0310, 0);
JIT(m_044, rules_044, kw_044, 0);
JIT(m_0414, rules_0414, kw_0414, 0);
JIT(m_0427, rules_0427, kw_0414, 0);
JIT(m_0436, rules_0427, kw_0436, 0);
JIT(m_050, rules_050, kw_0436, 0);
JIT(m_060, rules_050, kw_0436, 1);
JIT(m_061, rules_061, kw_0436, 1);
JIT(m_072, rules_061, kw_0436, 1);
JIT(m_080, rules_080, kw_0436, 1);
JIT(m_082, rules_082, kw_082, 1);
JIT(m_090, rules_090, kw_082, 1);
JIT(m_012, rules_012, kw_082, 1);
PJIT(p_030, rules_pjit_030, kw_pjit_030);
PJIT(p_038, rules_pjit_038, kw_pjit_030);
PJIT(p_0311, rules_pjit_0311, kw_pjit_030);
PJIT(p_042, rules_044, kw_pjit_042);
PJIT(p_044, rules_044, kw_pjit_044);
PJIT(p_0414, rules_0414, kw_0414);
PJIT(p_0427, rules_0427, kw_0414);
PJIT(p_0436, rules_0427, kw_0436);
PJIT(p_050, rules_050, kw_0436);
PJIT(p_061, rules_061, kw_0436);
PJIT(p_072, rules_061, kw_0436);
PJIT(p_080, rules_080, kw_0436);
PJIT(p_082, rules_082, kw_082);
PJIT(p_090, rules_090, kw_082);
PJIT(p_012, rules_012, kw_082);

/* neg: how static_argnums reads a negative index (subject.h): ignored by
 * the membership test before 0.3.11, _ensure_inbounds from 0.3.11, and
 * from 0.12 also the signature's positional parameters (0.3.8-0.3.10's
 * extra positional argument is a shape of its own).  donate_argnums: ignored
 * by donation_vector's membership test, but from 0.12 the signature's
 * positional parameters where there is no *args (DONATE_NEG). */
#define DONATE_NEG AS_NEG_DONATION(AS_NEG_IGNORED)
#define NEG_012 (AS_NEG_LEN_ARGS | AS_NEG_POSITIONAL | AS_NEG_DONATION(AS_NEG_POSITIONAL | AS_NEG_IGNORED))
#define SUBJ(var, fam, ver, desc, model, neg) \
    static const as_subject var = {fam "@" ver, fam, ver, desc, AS_CAP_DONATE, jit_split, &model, neg}

/* Keyword-only differences not given their own model: abstracted_axes
 * arrived in 0.3.6 and keep_unused in 0.3.10 (earlier releases reject
 * them as unexpected keywords), and 0.3.15-0.4.3 already reject a truthy
 * abstracted_axes. */
SUBJ(jit_037, "jax.jit", "0.3.7", "jit 0.3.0-0.3.7: PK-only inference, no validation, negative static_argnums ignored", m_036, AS_NEG_IGNORED | DONATE_NEG);
SUBJ(jit_0310, "jax.jit", "0.3.10", "jit 0.3.8-0.3.10: no validation, negative/duplicate static_argnums add a positional argument", m_0310, AS_NEG_IGNORED | DONATE_NEG);
SUBJ(jit_0311, "jax.jit", "0.3.11", "jit 0.3.11-0.3.13: negatives resolved against the call, no validation yet", m_0311, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_0314, "jax.jit", "0.3.14", "jit 0.3.14-0.4.3: validation as SyntaxWarning, donate_argnums beyond the call a ValueError", m_0314, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_044, "jax.jit", "0.4.4", "jit 0.4.4-0.4.13 (runs pjit): keyword arguments never donated, donate beyond the call ignored", m_044, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_0414, "jax.jit", "0.4.14", "jit 0.4.14-0.4.26: donate_argnames and name inference, validation still warns", m_0414, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_0427, "jax.jit", "0.4.27", "jit 0.4.27-0.4.35: validation ValueErrors, unsorted static_argnums permute values", m_0427, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_0436, "jax.jit", "0.4.36", "jit 0.4.36-0.4.38: as 0.4.27 plus compiler_options", m_0436, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_050, "jax.jit", "0.5.0", "jit 0.5.0-0.5.3: the call's index check precedes the kwargs+in_shardings check", m_050, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_060, "jax.jit", "0.6.0", "jit 0.6.0: `fun` becomes positional-only", m_060, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_061, "jax.jit", "0.6.1", "jit 0.6.1-0.7.1: static values placed in sorted order, numeric static/donate overlap check", m_061, AS_NEG_LEN_ARGS | DONATE_NEG);
/* 0.7.2 was first modelled with 0.8.0's assertion, a guess from 0.10.2 and
 * 0.12.0.1; real 0.7.2 accepts (kept as its own id, known to stored runs) */
SUBJ(jit_072, "jax.jit", "0.7.2", "jit 0.7.2-0.7.x: as 0.6.1 (real 0.7.2: no arg-name count assertion yet)", m_072, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_080, "jax.jit", "0.8.0", "jit 0.8.0-0.8.1: a traced positional-only argument also named by a **kwargs key is an AssertionError", m_080, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_082, "jax.jit", "0.8.2", "jit 0.8.2-0.8.3: abstracted_axes removed", m_082, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_090, "jax.jit", "0.9.0", "jit 0.9.0-0.10.x: statics mask, name-only static/donate overlap, donation by original position", m_090, AS_NEG_LEN_ARGS | DONATE_NEG);
/* 0.11.0 annotates exactly as 0.9.0 (spec §0, §8); kept as its own id
 * because the issue names it. */
SUBJ(jit_011, "jax.jit", "0.11", "jit 0.11: same annotation semantics as 0.9.0", m_090, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(jit_012, "jax.jit", "0.12", "jit 0.12 (newest): negative nums name PK parameters and resolve against the signature; "
     "out-of-range call indices skipped", m_012, NEG_012);
SUBJ(pjit_030, "jax.pjit", "0.3.0", "pjit 0.3.0-0.3.7: static_argnums/donate_argnums only, no keyword arguments, values by index", p_030, AS_NEG_IGNORED | DONATE_NEG);
SUBJ(pjit_0310, "jax.pjit", "0.3.10", "pjit 0.3.8-0.3.10: static_argnums/donate_argnums only, no keyword arguments at the call", p_038, AS_NEG_IGNORED | DONATE_NEG);
SUBJ(pjit_0311, "jax.pjit", "0.3.11", "pjit 0.3.11-0.4.1: as 0.3.10, negatives resolved against the call", p_0311, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_042, "jax.pjit", "0.4.2", "pjit 0.4.2-0.4.3: static_argnames and keyword arguments (jit 0.4.4 rules)", p_042, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_044, "jax.pjit", "0.4.4", "pjit 0.4.4-0.4.13: jit 0.4.4 rules, in_shardings and in_axis_resources", p_044, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_0414, "jax.pjit", "0.4.14", "pjit 0.4.14-0.4.26: jit 0.4.14 rules", p_0414, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_0427, "jax.pjit", "0.4.27", "pjit 0.4.27-0.4.35: jit 0.4.27 rules", p_0427, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_0436, "jax.pjit", "0.4.36", "pjit 0.4.36-0.4.38: jit 0.4.36 rules", p_0436, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_050, "jax.pjit", "0.5.0", "pjit 0.5.0-0.6.0: jit 0.5.0 rules (`fun` stays positional-or-keyword)", p_050, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_061, "jax.pjit", "0.6.1", "pjit 0.6.1-0.7.1: jit 0.6.1 rules", p_061, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_072, "jax.pjit", "0.7.2", "pjit 0.7.2-0.7.x: jit 0.7.2 rules", p_072, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_080, "jax.pjit", "0.8.0", "pjit 0.8.0-0.8.1: jit 0.8.0 rules", p_080, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_082, "jax.pjit", "0.8.2", "pjit 0.8.2-0.8.3: jit 0.8.2 rules", p_082, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_090, "jax.pjit", "0.9.0", "pjit 0.9.0-0.11.x: jit 0.9.0 rules", p_090, AS_NEG_LEN_ARGS | DONATE_NEG);
SUBJ(pjit_012, "jax.pjit", "0.12", "pjit 0.12-: jit 0.12 rules", p_012, NEG_012);

const as_subject *const as_subjects_jax_jit[] = {
    &jit_037,  &jit_0310, &jit_0311, &jit_0314, &jit_044,   &jit_0414,
    &jit_0427, &jit_0436, &jit_050,  &jit_060,  &jit_061,  &jit_072, &jit_080, &jit_082,  &jit_090,   &jit_011, &jit_012,
    &pjit_030, &pjit_0310, &pjit_0311, &pjit_042, &pjit_044, &pjit_0414, &pjit_0427, &pjit_0436,
    &pjit_050, &pjit_061, &pjit_072, &pjit_080, &pjit_082, &pjit_090, &pjit_012, NULL};
