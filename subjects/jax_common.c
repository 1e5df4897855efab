/* jax_common.c — shared JAX argument-annotation helpers (see jax_common.h). */
#include "subjects/jax_common.h"

#include "oracle/pyexpr.h"

#include <stdlib.h>
#include <string.h>

#include "oracle/binder.h"

int as_jax_is_none(const as_value *v)
{
    return v == NULL || v->type == AS_VALUE_NONE;
}

static int type_error(as_error *err, const char *fmt, const char *arg)
{
    return as_fail(err, "TypeError", AS_PHASE_DECORATION, AS_CAT_NONE, 0, fmt, arg);
}

static void nums_alloc(as_arena *a, as_jax_nums *out, int n)
{
    out->n = 0;
    out->v = as_arena_alloc(a, sizeof *out->v * (size_t)(n > 0 ? n : 1));
    out->is_bool = as_arena_alloc(a, (size_t)(n > 0 ? n : 1));
}

static void nums_push(as_jax_nums *out, long long v, int is_bool)
{
    out->v[out->n] = v;
    out->is_bool[out->n] = (unsigned char)is_bool;
    out->n++;
}

/* operator.index(elem) appended to out, or the TypeError. */
static int index_elem(const as_value *e, int py_minor, as_jax_nums *out, as_error *err)
{
    if (e->type == AS_VALUE_INT) {
        nums_push(out, e->i, 0);
        return 0;
    }
    if (e->type == AS_VALUE_BOOL) {
        nums_push(out, e->i, py_minor < 10);
        return 0;
    }
    return type_error(err, "'%s' object cannot be interpreted as an integer", as_value_type_name(e));
}

int as_jax_ensure_index_tuple(as_arena *a, const as_value *v, int py_minor,
                              as_jax_nums *out, as_error *err)
{
    if (v == NULL || v->type == AS_VALUE_NONE)
        return type_error(err, "'%s' object is not iterable", "NoneType");
    switch (v->type) {
    case AS_VALUE_INT:
    case AS_VALUE_BOOL:
        nums_alloc(a, out, 1);
        return index_elem(v, py_minor, out, err);
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
        nums_alloc(a, out, v->n_items);
        for (int i = 0; i < v->n_items; i++)
            if (index_elem(&v->items[i], py_minor, out, err) < 0)
                return -1;
        return 0;
    case AS_VALUE_STR:
        /* Iterating a str yields 1-char strs; only "" survives. */
        nums_alloc(a, out, 0);
        if (v->s[0] != '\0')
            return type_error(err, "'%s' object cannot be interpreted as an integer", "str");
        return 0;
    case AS_VALUE_DICT:
        nums_alloc(a, out, 0);
        if (v->n_items > 0)
            return type_error(err, "'%s' object cannot be interpreted as an integer", "str");
        return 0;
    default:
        return type_error(err, "'%s' object is not iterable", as_value_type_name(v));
    }
}

int as_jax_ensure_str_tuple(as_arena *a, const as_value *v, as_jax_names *out, as_error *err)
{
    out->n = 0;
    if (v == NULL || v->type == AS_VALUE_NONE)
        return type_error(err, "'%s' object is not iterable", "NoneType");
    switch (v->type) {
    case AS_VALUE_STR:
        out->v = as_arena_alloc(a, sizeof *out->v);
        out->v[out->n++] = v->s;
        return 0;
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
        out->v = as_arena_alloc(a, sizeof *out->v * (size_t)(v->n_items + 1));
        for (int i = 0; i < v->n_items; i++) {
            const as_value *e = &v->items[i];
            if (e->type != AS_VALUE_STR)
                return type_error(err, "argument is not a string: %s", as_value_repr(a, e));
            out->v[out->n++] = e->s;
        }
        return 0;
    case AS_VALUE_DICT:
        out->v = as_arena_alloc(a, sizeof *out->v * (size_t)(v->n_items + 1));
        for (int i = 0; i < v->n_items; i++)
            out->v[out->n++] = v->keys[i];
        return 0;
    default:
        return type_error(err, "'%s' object is not iterable", as_value_type_name(v));
    }
}

int as_jax_infer_argnums_and_argnames(as_arena *a, const as_signature *sig,
                                      const as_value *nums, const as_value *names,
                                      int py_minor, as_jax_nums *out_nums,
                                      as_jax_names *out_names, as_error *err)
{
    int n_params = sig ? sig->n_params : 0;

    memset(out_nums, 0, sizeof *out_nums);
    memset(out_names, 0, sizeof *out_names);
    nums_alloc(a, out_nums, 0);
    out_names->v = as_arena_alloc(a, sizeof *out_names->v);
    if (as_jax_is_none(nums) && as_jax_is_none(names))
        return 0;
    if (!as_jax_is_none(nums) && !as_jax_is_none(names)) {
        if (as_jax_ensure_index_tuple(a, nums, py_minor, out_nums, err) < 0)
            return -1;
        return as_jax_ensure_str_tuple(a, names, out_names, err);
    }
    if (as_jax_is_none(nums)) {
        if (as_jax_ensure_str_tuple(a, names, out_names, err) < 0)
            return -1;
        nums_alloc(a, out_nums, n_params);
        for (int i = 0; i < n_params; i++)
            if (sig->params[i].kind == AS_POSITIONAL_OR_KEYWORD
                && as_jax_names_contains(out_names, sig->params[i].name))
                nums_push(out_nums, i, 0);
        return 0;
    }
    if (as_jax_ensure_index_tuple(a, nums, py_minor, out_nums, err) < 0)
        return -1;
    out_names->v = as_arena_alloc(a, sizeof *out_names->v * (size_t)(n_params + 1));
    for (int i = 0; i < n_params; i++)
        if (sig->params[i].kind == AS_POSITIONAL_OR_KEYWORD && as_jax_nums_contains(out_nums, i))
            out_names->v[out_names->n++] = sig->params[i].name;
    return 0;
}

int as_jax_n_positional(const as_signature *sig)
{
    int n = 0;
    for (int i = 0; i < sig->n_params; i++)
        if (sig->params[i].kind == AS_POSITIONAL_ONLY || sig->params[i].kind == AS_POSITIONAL_OR_KEYWORD)
            n++;
    return n;
}

const char *as_jax_validate_argnums(as_arena *a, const as_signature *sig, const as_jax_nums *nums,
                                    const char *what, int py_minor)
{
    int n_pos = as_jax_n_positional(sig);
    long long lo, hi;

    if (sig->varargs_index >= 0 || nums->n == 0)
        return NULL;
    lo = hi = nums->v[0];
    for (int i = 1; i < nums->n; i++) {
        if (nums->v[i] < lo) lo = nums->v[i];
        if (nums->v[i] > hi) hi = nums->v[i];
    }
    if (-lo > n_pos || hi >= n_pos)
        return as_arena_printf(a, "Jitted function has %s=%s, but only accepts %d positional arguments.",
                               what, as_jax_repr_nums_tuple(a, nums, py_minor), n_pos);
    return NULL;
}

/* The elements of names[] naming a positional-only or *args parameter
 * (want_invalid_kind) or naming no PK/KO parameter, as a set repr. */
static const char *set_of(as_arena *a, const as_signature *sig, const as_jax_names *names,
                          int want_invalid_kind)
{
    if (names->n == 0)
        return NULL;
    const char **sel = as_arena_alloc(a, sizeof *sel * (size_t)(names->n + 1));
    int n = 0;

    for (int i = 0; i < names->n; i++) {
        int p = as_signature_find(sig, names->v[i]);
        as_kind k = p >= 0 ? sig->params[p].kind : AS_VAR_KEYWORD;
        int hit;
        if (want_invalid_kind)
            hit = p >= 0 && (k == AS_POSITIONAL_ONLY || k == AS_VAR_POSITIONAL);
        else
            hit = p < 0 || (k != AS_POSITIONAL_OR_KEYWORD && k != AS_KEYWORD_ONLY);
        if (hit)
            sel[n++] = names->v[i];
    }
    return n ? as_jax_repr_str_set(a, sel, n) : NULL;
}

const char *as_jax_argnames_positional_only(as_arena *a, const as_signature *sig,
                                            const as_jax_names *names, const char *what)
{
    const char *bad = set_of(a, sig, names, 1);
    if (!bad)
        return NULL;
    return as_arena_printf(a, "Jitted function has invalid argnames %s in %s. These are positional-only",
                           bad, what);
}

const char *as_jax_argnames_unknown(as_arena *a, const as_signature *sig,
                                    const as_jax_names *names, const char *what)
{
    const char *bad;
    if (sig->varkw_index >= 0)
        return NULL;
    bad = set_of(a, sig, names, 0);
    if (!bad)
        return NULL;
    return as_arena_printf(a, "Jitted function has invalid argnames %s in %s. Function does not take these args.",
                           bad, what);
}

const char *as_jax_validate_argnames(as_arena *a, const as_signature *sig, const as_jax_names *names,
                                     const char *what)
{
    const char *m = as_jax_argnames_positional_only(a, sig, names, what);
    return m ? m : as_jax_argnames_unknown(a, sig, names, what);
}

const char *as_jax_syntax_warning_text(as_arena *a, const char *message)
{
    static const char suffix[] = "This warning will be replaced by an error after 2022-08-20 at the earliest.";
    size_t n = strlen(message);

    if (n > 0 && message[n - 1] == '.' && strstr(message, "Function does not take these args."))
        return as_arena_printf(a, "%s%s", message, suffix);
    if (n > 0 && message[n - 1] == '.')
        return as_arena_printf(a, "%s %s", message, suffix);
    return as_arena_printf(a, "%s. %s", message, suffix);
}

const as_error *as_jax_keep_error(as_arena *a, const as_error *e)
{
    as_error *copy = as_arena_alloc_raw(a, sizeof *copy);
    *copy = *e;
    return copy;
}

int as_jax_ensure_inbounds(as_arena *a, int allow_invalid, int num_args, const as_jax_nums *in,
                           as_jax_nums *out, as_error *err)
{
    nums_alloc(a, out, in->n);
    for (int k = 0; k < in->n; k++) {
        long long i = in->v[k];
        if (i >= num_args && allow_invalid)
            continue;
        if (!(-num_args <= i && i < num_args)) {
            /* i is an int here: a bool is in range whenever num_args >= 2,
             * and True/False repr only matters for num_args <= 1. */
            const char *shown = in->is_bool[k] ? (i ? "True" : "False") : as_arena_printf(a, "%lld", i);
            return as_fail(err, "ValueError", AS_PHASE_CALL, AS_CAT_NONE, 0,
                           "Positional argument indices, e.g. for `static_argnums`, must have "
                           "value greater than or equal to -len(args) and less than len(args), "
                           "but got value %s for len(args) == %d.", shown, num_args);
        }
        nums_push(out, ((i % num_args) + num_args) % num_args, 0);
    }
    return 0;
}

typedef struct ll_at { long long v; int at; unsigned char is_bool; } ll_at;

/* sorted(set(nums)): a set keeps the first-inserted of equal elements
 * (True before 1 stays True), which matters for the repr on py < 3.10. */
static void sorted_unique(as_arena *a, const as_jax_nums *in, as_jax_nums *out)
{
    ll_at *t = as_arena_alloc(a, sizeof *t * (size_t)(in->n + 1));
    for (int i = 0; i < in->n; i++) {
        t[i].v = in->v[i];
        t[i].at = i;
        t[i].is_bool = in->is_bool[i];
    }
    /* by value, then position: insertion sort (a handful of elements) */
    for (int i = 1; i < in->n; i++) {
        ll_at x = t[i];
        int j = i;
        for (; j > 0 && (t[j - 1].v > x.v || (t[j - 1].v == x.v && t[j - 1].at > x.at)); j--)
            t[j] = t[j - 1];
        t[j] = x;
    }
    nums_alloc(a, out, in->n);
    for (int i = 0; i < in->n; i++)
        if (out->n == 0 || out->v[out->n - 1] != t[i].v)
            nums_push(out, t[i].v, t[i].is_bool);
}

int as_jax_rebase_donate_argnums(as_arena *a, const as_jax_nums *donate, const as_jax_nums *statics,
                                 int py_minor, as_jax_nums *out, as_error *err)
{
    as_jax_nums s, d;
    int i = 0, j = 0, o = 0;

    sorted_unique(a, statics, &s);
    sorted_unique(a, donate, &d);
    nums_alloc(a, out, d.n);
    if (statics->n == 0 && donate->n == 0)
        return 0;
    while (j < d.n) {
        if (i < s.n && s.v[i] == d.v[j]) {
            return as_fail(err, "ValueError", AS_PHASE_DECORATION, AS_CAT_NONE, 0,
                           "`static_argnums` %s and `donate_argnums` %s cannot intersect.",
                           as_jax_repr_nums_list(a, &s, py_minor), as_jax_repr_nums_list(a, &d, py_minor));
        }
        if (i < s.n && s.v[i] < d.v[j]) {
            o++;
            i++;
        } else {
            nums_push(out, d.v[j] - o, 0);
            j++;
        }
    }
    return 0;
}

int as_jax_assert_no_intersection(as_arena *a, const as_jax_names *statics,
                                  const as_jax_names *donate, as_error *err)
{
    const char **both = as_arena_alloc(a, sizeof *both * (size_t)(statics->n + 1));
    int n = 0;

    for (int i = 0; i < statics->n; i++)
        if (as_jax_names_contains(donate, statics->v[i]))
            both[n++] = statics->v[i];
    if (n == 0)
        return 0;
    return as_fail(err, "ValueError", AS_PHASE_DECORATION, AS_CAT_NONE, 0,
                   "static_argnames and donate_argnames cannot intersect. Argument names %s "
                   "appear in both static_argnames and donate_argnames",
                   as_jax_repr_str_set(a, both, n));
}

int as_jax_nums_contains(const as_jax_nums *nums, long long x)
{
    for (int i = 0; i < nums->n; i++)
        if (nums->v[i] == x)
            return 1;
    return 0;
}

int as_jax_names_contains(const as_jax_names *names, const char *s)
{
    for (int i = 0; i < names->n; i++)
        if (strcmp(names->v[i], s) == 0)
            return 1;
    return 0;
}

static void put_num(as_buf *b, const as_jax_nums *nums, int k, int py_minor)
{
    if (nums->is_bool[k] && py_minor < 10)
        as_buf_puts(b, nums->v[k] ? "True" : "False");
    else
        as_buf_printf(b, "%lld", nums->v[k]);
}

const char *as_jax_repr_nums_tuple(as_arena *a, const as_jax_nums *nums, int py_minor)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_putc(&b, '(');
    for (int k = 0; k < nums->n; k++) {
        if (k) as_buf_puts(&b, ", ");
        put_num(&b, nums, k, py_minor);
    }
    if (nums->n == 1) as_buf_putc(&b, ',');
    as_buf_putc(&b, ')');
    return as_buf_str(&b);
}

const char *as_jax_repr_nums_list(as_arena *a, const as_jax_nums *nums, int py_minor)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_putc(&b, '[');
    for (int k = 0; k < nums->n; k++) {
        if (k) as_buf_puts(&b, ", ");
        put_num(&b, nums, k, py_minor);
    }
    as_buf_putc(&b, ']');
    return as_buf_str(&b);
}

/* repr(str): Python's quote choice and escapes.  Non-ASCII code points are
 * kept except the C1 controls U+0080..U+009F, U+00A0 and U+00AD, which
 * str.isprintable() rejects; rarer unprintable code points are kept as is. */
const char *as_jax_repr_str(as_arena *a, const char *s)
{
    return as_py_str_repr(a, s, strlen(s));
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

const char *as_jax_repr_str_set(as_arena *a, const char *const *v, int n)
{
    const char **s;
    as_buf b;
    int first = 1;

    if (n == 0)
        return "set()";
    s = as_arena_alloc(a, sizeof *s * (size_t)n);
    memcpy(s, v, sizeof *s * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp_str);
    as_buf_init(&b, a);
    as_buf_putc(&b, '{');
    for (int i = 0; i < n; i++) {
        if (i > 0 && strcmp(s[i], s[i - 1]) == 0)
            continue;
        if (!first) as_buf_puts(&b, ", ");
        first = 0;
        as_buf_puts(&b, as_jax_repr_str(a, s[i]));
    }
    as_buf_putc(&b, '}');
    return as_buf_str(&b);
}

const char *as_jax_repr_names_tuple(as_arena *a, const as_jax_names *names)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_putc(&b, '(');
    for (int k = 0; k < names->n; k++) {
        if (k) as_buf_puts(&b, ", ");
        as_buf_puts(&b, as_jax_repr_str(a, names->v[k]));
    }
    if (names->n == 1) as_buf_putc(&b, ',');
    as_buf_putc(&b, ')');
    return as_buf_str(&b);
}

int as_jax_check_keywords(const as_spec *spec, const char *fname, const char *fun_name,
                          int fun_positional_only, const char *const *accepted,
                          int py_minor, as_error *err)
{
    for (int k = 0; k < spec->n_entries; k++) {
        const char *kw = spec->entries[k].keyword;
        int ok = 0;

        if (fun_name && strcmp(kw, fun_name) == 0) {
            if (fun_positional_only)
                return as_fail(err, "TypeError", AS_PHASE_DECORATION, AS_CAT_POSITIONAL_ONLY_AS_KEYWORD, 0,
                               "%s() got some positional-only arguments passed as keyword arguments: '%s'",
                               fname, kw);
            return as_fail(err, "TypeError", AS_PHASE_DECORATION, AS_CAT_MULTIPLE_VALUES, 0,
                           "%s() got multiple values for argument '%s'", fname, kw);
        }
        for (int i = 0; accepted[i] && !ok; i++)   /* first bytes first: most names differ there */
            ok = kw == accepted[i] || (kw[0] == accepted[i][0] && strcmp(kw, accepted[i]) == 0);
        if (ok)
            continue;
        if (py_minor >= 13) {
            /* Candidates are co_varnames[posonly:]: `fun` unless it is positional-only. */
            const char *cands[64];
            int n = 0;
            const char *best;
            if (fun_name && !fun_positional_only)
                cands[n++] = fun_name;
            for (int i = 0; accepted[i] && n < 64; i++)
                cands[n++] = accepted[i];
            best = as_suggest(kw, cands, n);
            if (best)
                return as_fail(err, "TypeError", AS_PHASE_DECORATION, AS_CAT_UNEXPECTED_KEYWORD, 0,
                               "%s() got an unexpected keyword argument '%s'. Did you mean '%s'?",
                               fname, kw, best);
        }
        return as_fail(err, "TypeError", AS_PHASE_DECORATION, AS_CAT_UNEXPECTED_KEYWORD, 0,
                       "%s() got an unexpected keyword argument '%s'", fname, kw);
    }
    return 0;
}

/* The case's keyword checks, one per accepted list and names (a few per
 * case: the versions of a family mostly share their list). */
enum { KW_CHECKS_MAX = 16 };

typedef struct kw_checks {
    int n;
    struct kw_check {
        const char *const *accepted;
        const char *fname, *fun_name;
        int fun_positional_only;
        const char *type, *message;    /* the TypeError, or NULL */
    } v[KW_CHECKS_MAX];
} kw_checks;

static const char kw_checks_tag;

int as_jax_check_case_keywords(as_arena *a, const as_case *c, const char *fname, const char *fun_name,
                               int fun_positional_only, const char *const *accepted, as_split *out)
{
    kw_checks *k = as_case_memo_state(a, c, &kw_checks_tag, sizeof *k);
    for (int i = 0; k && i < k->n; i++) {
        const struct kw_check *e = &k->v[i];
        if (e->accepted != accepted || e->fname != fname || e->fun_name != fun_name ||
            e->fun_positional_only != fun_positional_only)
            continue;
        if (!e->type)
            return 0;
        as_split_decoration_error(out, e->type, "%s", e->message);
        return -1;
    }
    as_error err;
    int rc = as_jax_check_keywords(c->spec, fname, fun_name, fun_positional_only, accepted, c->py_minor, &err);
    if (rc < 0)
        as_split_decoration_error(out, err.type, "%s", err.message);
    if (k && k->n < KW_CHECKS_MAX)
        k->v[k->n++] = (struct kw_check){accepted, fname, fun_name, fun_positional_only,
                                         rc < 0 ? as_arena_strdup(a, err.type) : NULL,
                                         rc < 0 ? as_arena_strdup(a, err.message) : NULL};
    return rc < 0 ? -1 : 0;
}
