/* jax_pmap.c — jax.pmap (docs/SEMANTICS.md §2).
 *
 * The annotation semantics are unchanged since 0.3.x (§8); what changed is
 * what a call fails with, so there is one subject per era of the call path
 * (read from the sources at the tags, run for real on 0.4.13, 0.4.14, 0.4.30,
 * 0.10.2 and 0.12.0.1):
 *   0.4.9-0.7.x  jax/_src/api.py: debug_info resolves static_broadcasted_argnums
 *                against the call first (0.4.7+: an index below -N is the
 *                "Positional argument indices" ValueError), and
 *                api._mapped_axis_size looks at every flat leaf: a mapped
 *                Python scalar has no axis to map (rank error), no leaf at
 *                all and no mapped leaf are errors of their own, a negative
 *                axis on an array fails an assert; the in_axes
 *                prefix message links jax.readthedocs.io (docs.jax.dev from 0.6.0);
 *                0.4.36-0.5.0 only: an argument named by a negative static
 *                index is mapped (_prepare_pmap compares raw indices) but
 *                left out of the debug info's argument names (resolved
 *                indices), so a leaf in it fails core.Jaxpr's assert after
 *                the trace: a bare AssertionError;
 *   0.8.0-0.9.0.x the api.py checks still, but a negative axis on an
 *                array is squeezed as in the shard_map era (no assert); f's
 *                own binding errors surface as themselves on a fresh pmap
 *                object (real 0.8.0: "StoreException: Store empty" only on
 *                the object's second use after a failed trace);
 *   0.9.1-       the shard_map-based jax/_src/pmap.py (jax_pmap_shmap_merge on):
 *                the first mapped leaf with a shape gives the size, else
 *                "pmap requires at least one argument with a mapped axis";
 *                then jit's in_shardings reject a mapped Python scalar (the
 *                mesh axis named '<axis 0x...>' until 0.10.1, then
 *                '_internal_pmap_axis_name').
 * Before 0.4.9 in_axes structure errors came from flatten_axes (another
 * message, PyTreeDef of the whole call): not modelled, so no subject covers
 * 0.3.0-0.4.8.  The keyword global_arg_shapes (accepted until after 0.8.0) is
 * not modelled.
 *
 * Verdicts: `static` = static_broadcasted or unmapped (in_axes None), with
 * axis null; `traced` = mapped, with its axis; keyword arguments are always
 * mapped on axis 0 and never static or donated.  Donation follows
 * rebase_donate_argnums: the donate indices are shifted past the static
 * ones at decoration and then matched against the *dynamic* positional
 * arguments, so a negative static index (which never matches) still shifts
 * donation (E9's sibling).
 *
 * Values are judged by their text (oracle/pyexpr): a name or call is an
 * array (has a shape: its rank is one more than the spec's axes need, at
 * least 2, and every dimension is 2, as in the real runs), a literal is a Python
 * value; list/dict/set displays are unhashable.  Tuple/list/dict displays
 * are flattened into leaves (a literal None has none).  Nested in_axes entries are
 * recorded as mapped with axis null, their structure against the argument
 * is not checked.  The shard_map era squeezes a negative axis at the wrong
 * dimension: an error unless the rank equals -axis (never, by the rank
 * convention; axes below -5 are not modelled).
 */
#include <stdlib.h>
#include <string.h>

#include "oracle/pyexpr.h"
#include "subjects/families.h"
#include "subjects/jax_common.h"

/* The kind of an argument's in_axes entry (every long long is a possible
 * axis, so the kind is kept apart). */
enum { AX_INT = 0, AX_NONE, AX_NESTED };

typedef struct pmap_config {
    int debug_index_check;   /* debug_info's _ensure_inbounds runs first (0.4.7-0.7.x) */
    int leaf_axis_size;      /* api._mapped_axis_size over every flat leaf (<= 0.7.x) */
    const char *docs_url;    /* linked from the in_axes prefix message */
    int squeeze_negative;    /* 0.8.0-0.9.0.x: a negative axis is squeezed as in the shard_map era
                                instead of the api.py assert */
    int names_assert;        /* 0.4.36-0.5.0: the jaxpr's debug info must name every input */
    const char *axis_name;   /* shard_map era: the mesh axis's name as the sharding message prints it
                                (0.9.1-0.10.1 an object's address, masked as the adapter masks it) */
} pmap_config;

/* The Python type name of an unhashable literal value, or NULL. */
static const char *unhashable_type(as_arena *a, const char *text, int depth)
{
    as_expr_class cls;
    as_error err;
    if (depth > 32 || as_expr_classify(a, text, strlen(text), &cls, &err) < 0)
        return NULL;
    if (cls.kind == AS_LIT_LIST || cls.kind == AS_LIT_DICT || cls.kind == AS_LIT_SET)
        return cls.type_name;
    if (cls.kind == AS_LIT_TUPLE)
        for (int i = 0; i < cls.n_elems; i++)
            if (unhashable_type(a, cls.elems[i], depth + 1))
                return "tuple";
    return NULL;
}

/* tree_leaves(v) are all ints (type(l) is int; None is no leaf). */
static int int_leaves(const as_value *v)
{
    switch (v->type) {
    case AS_VALUE_NONE: return 1;
    case AS_VALUE_INT: return 1;
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
    case AS_VALUE_DICT:
        for (int i = 0; i < v->n_items; i++)
            if (!int_leaves(&v->items[i]))
                return 0;
        return 1;
    default: return 0;
    }
}


static const char *prefix_error_tail(as_arena *a, int has_kwargs, const char *docs_url)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "\n\nThe 'full pytree' here is the tuple of arguments passed positionally to the pmapped "
                    "function, and the value of `in_axes` must be a tree prefix of that tuple. But it was "
                    "not a prefix.");
    if (has_kwargs)
        as_buf_printf(&b, "\n\nWhen some arguments are passed by keyword to the pmapped function, they are not "
                          "included in the comparison to `in_axes`. Instead, each argument passed by keyword is "
                          "mapped over its leading axis. See the description of `in_axes` in the `pmap` "
                          "docstring: https://%s/en/latest/_autosummary/jax.pmap.html#jax.pmap", docs_url);
    as_buf_puts(&b, "\n\nCheck that the value of the `in_axes` argument to `pmap` is a tree prefix of the "
                    "tuple of arguments passed positionally to the pmapped function.");
    return as_buf_str(&b);
}

/* The rank of an array argument: one more than the spec's axes need
 * (an axis i >= 0 needs i + 1 dimensions, a negative one |i|; axes beyond 5
 * are left to JAX's rank error), at least 2 — the value convention the
 * real runs use (docs/REAL.md). */
static int needed_rank(const as_value *v, int r)
{
    if (!v)
        return r;
    if (v->type == AS_VALUE_INT) {
        long long need = v->i < 0 ? -v->i : v->i + 1;
        return need <= 5 && need + 1 > r ? (int)need + 1 : r;
    }
    if (v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST || v->type == AS_VALUE_DICT)
        for (int i = 0; i < v->n_items; i++)
            r = needed_rank(&v->items[i], r);
    return r;
}

/* The flat leaves of a value written as `text`, as api.py's pmap flattens
 * it: tuple, list and dict displays are containers, None has no leaf, any
 * other literal is a Python scalar (np.shape () : no axis to map), anything
 * else one array.  Adds to *arrays and *scalars; *first (when still -1) is
 * set to the flat index, within the value, of its first scalar. */
static void walk_leaves(as_arena *a, const char *text, int depth, int *arrays, int *scalars, int *first)
{
    as_expr_class cls;
    as_error err;
    if (depth > 32 || as_expr_classify(a, text, strlen(text), &cls, &err) < 0) {
        (*arrays)++;
        return;
    }
    switch (cls.kind) {
    case AS_LIT_NONE:
        return;
    case AS_LIT_UNKNOWN:
        (*arrays)++;
        return;
    case AS_LIT_TUPLE:
    case AS_LIT_LIST:
    case AS_LIT_DICT:
        if (cls.n_elems < 0) {   /* a starred item: the adapter's array */
            (*arrays)++;
            return;
        }
        for (int i = 0; i < cls.n_elems; i++)
            walk_leaves(a, cls.kind == AS_LIT_DICT ? cls.values[i] : cls.elems[i], depth + 1, arrays, scalars, first);
        return;
    default:
        if (*first < 0)
            *first = *arrays + *scalars;
        (*scalars)++;
        return;
    }
}

static void count_leaves(as_arena *a, const char *text, int depth, int *arrays, int *scalars)
{
    int first = -1;
    walk_leaves(a, text, depth, arrays, scalars, &first);
}

/* repr() of a value without leaves (None and containers of them). */
static void leafless_repr(as_arena *a, as_buf *b, const char *text, int depth)
{
    as_expr_class cls;
    as_error err;
    int classified = depth <= 32 && as_expr_classify(a, text, strlen(text), &cls, &err) == 0;
    if (!classified || cls.n_elems < 0
        || (cls.kind != AS_LIT_TUPLE && cls.kind != AS_LIT_LIST && cls.kind != AS_LIT_DICT)) {
        as_buf_puts(b, classified && cls.kind == AS_LIT_NONE ? "None" : text);
        return;
    }
    as_buf_putc(b, cls.kind == AS_LIT_TUPLE ? '(' : cls.kind == AS_LIT_LIST ? '[' : '{');
    for (int i = 0; i < cls.n_elems; i++) {
        if (i)
            as_buf_puts(b, ", ");
        if (cls.kind == AS_LIT_DICT) {
            char *key;
            size_t len;
            if (as_expr_string_value(a, cls.elems[i], strlen(cls.elems[i]), &key, &len, NULL, &err) == 0)
                as_buf_puts(b, as_py_str_repr(a, key, len));
            else
                as_buf_puts(b, cls.elems[i]);
            as_buf_puts(b, ": ");
            leafless_repr(a, b, cls.values[i], depth + 1);
        } else {
            leafless_repr(a, b, cls.elems[i], depth + 1);
        }
    }
    if (cls.kind == AS_LIT_TUPLE && cls.n_elems == 1)
        as_buf_putc(b, ',');
    as_buf_putc(b, cls.kind == AS_LIT_TUPLE ? ')' : cls.kind == AS_LIT_LIST ? ']' : '}');
}

static int cmp_keyword(const void *x, const void *y)
{
    const char *p = (*(const as_arg *const *)x)->keyword, *q = (*(const as_arg *const *)y)->keyword;
    return strcmp(p ? p : "", q ? q : "");
}

/* api._mapped_axis_size (<= 0.7.x) over the flat leaves of (dyn_args,
 * kwargs), keywords mapped on axis 0: 1 with the call error set, else 0. */
static int leaf_axis_size(as_arena *a, const as_call_args *args, const as_jax_nums *statics,
                          const long long *axis, const unsigned char *axis_kind, as_split *out)
{
    int leaves = 0, mapped = 0, n = args->n_positional;
    for (int i = 0; i < n + args->n_keywords; i++) {
        int arrays = 0, scalars = 0;
        int kw = i >= n;
        if (!kw && as_jax_nums_contains(statics, i))
            continue;
        count_leaves(a, kw ? args->keywords[i - n].text : args->positional[i].text, 0, &arrays, &scalars);
        leaves += arrays + scalars;
        if ((!kw && axis_kind[i] == AX_NONE) || arrays + scalars == 0)
            continue;
        if ((kw || axis_kind[i] == AX_INT) && scalars > 0) {
            long long d = kw ? 0 : axis[i];
            as_split_call_error(out, "ValueError",
                                "pmap was requested to map its argument along axis %lld, which implies that its "
                                "rank should be at least %lld, but is only 0 (its shape is ())",
                                d, d >= 0 ? d + 1 : -d);
            return 1;
        }
        mapped = 1;   /* a nested entry is taken to fit its argument */
    }
    if (leaves == 0) {
        as_buf b;
        as_buf_init(&b, a);
        int n_dyn = 0;
        as_buf_putc(&b, '(');
        for (int i = 0; i < n; i++)
            if (!as_jax_nums_contains(statics, i)) {
                if (n_dyn++)
                    as_buf_puts(&b, ", ");
                leafless_repr(a, &b, args->positional[i].text, 0);
            }
        as_buf_puts(&b, n_dyn == 1 ? ",) and **kwargs={" : ") and **kwargs={");
        const as_arg **kws = as_arena_alloc(a, sizeof *kws * (size_t)(args->n_keywords + 1));
        for (int k = 0; k < args->n_keywords; k++)
            kws[k] = &args->keywords[k];
        qsort(kws, (size_t)args->n_keywords, sizeof *kws, cmp_keyword);   /* tree_unflatten sorts dict keys */
        for (int k = 0; k < args->n_keywords; k++) {
            as_buf_printf(&b, "%s'%s': ", k ? ", " : "", kws[k]->keyword ? kws[k]->keyword : "");
            leafless_repr(a, &b, kws[k]->text, 0);
        }
        as_buf_putc(&b, '}');
        as_split_call_error(out, "ValueError",
                            "pmap wrapped function must be passed at least one argument containing an array, "
                            "got empty *args=%s", as_buf_str(&b));
        return 1;
    }
    if (!mapped) {
        as_split_call_error(out, "ValueError", "pmap must have at least one non-None value in in_axes");
        return 1;
    }
    return 0;
}

/* Inside the shard_map, a negative axis is partitioned as axis 0
 * (P(*[None] * axis + [name])) but squeezed as itself: the local
 * block is (1, 2, ..., 2) and squeezing rank + axis fails unless
 * that is 0.  The first such positional, before f is traced; 1 when
 * it raised. */
static int negative_axis_squeeze(as_arena *a, const as_call_args *args, const as_jax_nums *statics,
                                 const long long *axis, const unsigned char *axis_kind, int rank, as_split *out)
{
    int n = args->n_positional;
    for (int i = 0; i < n; i++) {
        int arrays = 0, scalars = 0;
        if (as_jax_nums_contains(statics, i) || axis_kind[i] != AX_INT || axis[i] >= 0 || axis[i] < -5)
            continue;
        count_leaves(a, args->positional[i].text, 0, &arrays, &scalars);
        if (arrays == 0 || rank + axis[i] == 0)
            continue;
        as_buf shape;
        as_buf_init(&shape, a);
        as_buf_puts(&shape, "(1");
        for (int d = 1; d < rank; d++)
            as_buf_puts(&shape, ", 2");
        as_buf_puts(&shape, rank == 1 ? ",)" : ")");
        as_split_call_error(out, "ValueError",
                            "cannot select an axis to squeeze out which has size not equal to one, got "
                            "shape=%s and dimensions=(%lld,)", as_buf_str(&shape), rank + axis[i]);
        return 1;
    }
    return 0;
}

/* jax/_src/pmap.py (0.8.0+): the first mapped flat leaf with a shape gives
 * the axis size (2: every dimension of an array is 2 in the real runs), else
 * an error; then jit's in_shardings P(..., axis) reject a mapped Python
 * scalar (rank 0) before f is traced, and a negative axis is squeezed
 * wrongly.  1 with the call error set, else 0. */
static int shard_map_checks(as_arena *a, const pmap_config *cfg, const as_call_args *args, const as_jax_nums *statics,
                            const long long *axis, const unsigned char *axis_kind, int rank, as_split *out)
{
    int n = args->n_positional, mapped = 0, flat = 0, bad = -1;
    long long bad_axis = 0;
    const as_arg **kws = as_arena_alloc(a, sizeof *kws * (size_t)(args->n_keywords + 1));
    for (int k = 0; k < args->n_keywords; k++)
        kws[k] = &args->keywords[k];
    qsort(kws, (size_t)args->n_keywords, sizeof *kws, cmp_keyword);   /* tree_flatten sorts dict keys */
    for (int i = 0; i < n + args->n_keywords; i++) {
        int kw = i >= n, arrays = 0, scalars = 0, first = -1;
        if (!kw && as_jax_nums_contains(statics, i))
            continue;
        walk_leaves(a, kw ? kws[i - n]->text : args->positional[i].text, 0, &arrays, &scalars, &first);
        if (kw || axis_kind[i] != AX_NONE) {
            mapped |= arrays > 0;
            if (scalars > 0 && bad < 0 && (kw || axis_kind[i] == AX_INT)) {
                bad = flat + first;
                bad_axis = kw ? 0 : axis[i];
            }
        }
        flat += arrays + scalars;
    }
    if (!mapped) {
        as_split_call_error(out, "ValueError", "pmap requires at least one argument with a mapped axis.");
        return 1;
    }
    if (bad < 0) {
        return negative_axis_squeeze(a, args, statics, axis, axis_kind, rank, out);
    }
    as_buf spec;
    as_buf_init(&spec, a);
    for (long long d = 0; d < bad_axis; d++)
        as_buf_puts(&spec, "None, ");
    as_buf_printf(&spec, bad_axis > 0 ? "'%s'" : "'%s',", cfg->axis_name);
    const char *sharding = as_arena_printf(a, "NamedSharding(mesh=Mesh('%s': 2, "
                                              "axis_types=(Auto,)), spec=P(%s), memory_kind=device)",
                                           cfg->axis_name, as_buf_str(&spec));
    as_split_call_error(out, "ValueError",
                        "One of pjit arguments with pytree key path flat_args[%d] is incompatible with its sharding "
                        "annotation %s: Sharding %s is only valid for values of rank at least %lld, but was "
                        "applied to a value of rank 0. For scalars the PartitionSpec should be P()",
                        bad, sharding, sharding, bad_axis > 0 ? bad_axis + 1 : 1);
    return 1;
}

static int pmap_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const pmap_config *cfg = self->config;
    as_error err;
    as_jax_nums statics = {0}, donate = {0}, rebased = {0};
    as_value empty = {.type = AS_VALUE_TUPLE};
    as_value zero = {.type = AS_VALUE_INT};

    /* Decoration: _prepare_pmap. */
    if (as_jax_check_case_keywords(a, c, "pmap", "fun", 0, as_keywords_jax_pmap, out) < 0)
        return 0;
    const as_value *sv = as_spec_get(c->spec, "static_broadcasted_argnums");
    const as_value *dv = as_spec_get(c->spec, "donate_argnums");
    const as_value *in_axes = as_spec_get(c->spec, "in_axes");
    if (as_jax_ensure_index_tuple(a, sv ? sv : &empty, c->py_minor, &statics, &err) < 0 ||
        as_jax_ensure_index_tuple(a, dv ? dv : &empty, c->py_minor, &donate, &err) < 0 ||
        as_jax_rebase_donate_argnums(a, &donate, &statics, c->py_minor, &rebased, &err) < 0)
        goto decoration_error;
    if (!in_axes)
        in_axes = &zero;
    if (!int_leaves(in_axes)) {
        as_split_decoration_error(out, "TypeError", "pmap in_axes must be an int, None, or (nested) container "
                                  "with those types as leaves, but got %s.", as_value_str(a, in_axes));
        return 0;
    }
    if (!c->call || !c->args)
        return 0;

    /* Call: _get_dyn_args. */
    const as_call_args *args = c->args;
    int n = args->n_positional;
    as_jax_nums resolved = {0};
    if (cfg->debug_index_check && as_jax_ensure_inbounds(a, 1, n, &statics, &resolved, &err) < 0) {
        as_split_call_error(out, err.type, "%s", err.message);
        return 0;
    }
    if (statics.n > 0) {
        long long max = statics.v[0];
        for (int k = 1; k < statics.n; k++)
            if (statics.v[k] > max)
                max = statics.v[k];
        if (max >= n) {
            as_split_call_error(out, "ValueError",
                                "pmapped function has static_broadcasted_argnums=%s but was called with only "
                                "%d positional argument%s. All static broadcasted arguments must be passed "
                                "positionally.",
                                as_jax_repr_nums_tuple(a, &statics, c->py_minor), n, n > 1 ? "s" : "");
            return 0;
        }
        for (int i = 0; i < n; i++) {
            const char *t = as_jax_nums_contains(&statics, i) ? unhashable_type(a, args->positional[i].text, 0)
                                                              : NULL;
            if (t) {
                as_split_call_error(out, "ValueError",
                                    "Non-hashable static arguments are not supported, as this can lead to "
                                    "unexpected cache-misses. Static argument (index %d) of type <class '%s'> "
                                    "for function f is non-hashable.", i, t);
                return 0;
            }
        }
    }

    /* _get_in_axes_flat: the axis of each positional argument and its kind. */
    long long *axis = as_arena_alloc(a, sizeof *axis * (size_t)(n + 1));
    unsigned char *axis_kind = as_arena_alloc(a, (size_t)n + 1);
    int n_dyn = 0;
    for (int i = 0; i < n; i++)
        if (!as_jax_nums_contains(&statics, i))
            n_dyn++;
    if (in_axes->type == AS_VALUE_TUPLE) {
        if (statics.n > 0) {
            for (int i = 0; i < n; i++)
                if (!as_jax_nums_contains(&statics, i) && i >= in_axes->n_items) {
                    as_split_call_error(out, "IndexError", "tuple index out of range");
                    return 0;
                }
        } else if (in_axes->n_items != n_dyn) {
            as_split_call_error(out, "ValueError",
                                "pytree structure error: different lengths of tuple at key path\n"
                                "    pmap in_axes[0]\n"
                                "At that key path, the prefix pytree pmap in_axes has a subtree of type tuple of "
                                "length %d, but the full pytree has a subtree of the same type but of length "
                                "%d.%s", in_axes->n_items, n_dyn, prefix_error_tail(a, args->n_keywords > 0, cfg->docs_url));
            return 0;
        }
        for (int i = 0; i < n; i++) {
            if (i >= in_axes->n_items)
                continue;
            const as_value *e = &in_axes->items[i];
            axis[i] = e->type == AS_VALUE_INT ? e->i : 0;
            axis_kind[i] = e->type == AS_VALUE_INT ? AX_INT : e->type == AS_VALUE_NONE ? AX_NONE : AX_NESTED;
        }
    } else if (in_axes->type == AS_VALUE_INT || in_axes->type == AS_VALUE_NONE) {
        for (int i = 0; i < n; i++) {
            axis[i] = in_axes->type == AS_VALUE_INT ? in_axes->i : 0;
            axis_kind[i] = in_axes->type == AS_VALUE_INT ? AX_INT : AX_NONE;
        }
    } else {
        as_split_call_error(out, "ValueError",
                            "pytree structure error: different types at key path\n"
                            "    pmap in_axes[0]\n"
                            "At that key path, the prefix pytree pmap in_axes has a subtree of type\n"
                            "    <class '%s'>\n"
                            "but at the same key path the full pytree has a subtree of different type\n"
                            "    <class 'tuple'>.%s",
                            as_value_type_name(in_axes), prefix_error_tail(a, args->n_keywords > 0, cfg->docs_url));
        return 0;
    }

    /* _mapped_axis_size: some mapped argument must have a shape. */
    int rank = needed_rank(as_spec_get(c->spec, "out_axes"), needed_rank(in_axes, 2));
    if (cfg->leaf_axis_size && leaf_axis_size(a, args, &statics, axis, axis_kind, out))
        return 0;
    /* api.py era: sharding the avals deletes the mapped axis with an
     * assert 0 <= axis < rank, before f is traced. */
    if (cfg->leaf_axis_size && cfg->squeeze_negative && negative_axis_squeeze(a, args, &statics, axis, axis_kind, rank, out))
        return 0;
    for (int i = 0; i < n && cfg->leaf_axis_size && !cfg->squeeze_negative; i++) {
        int arrays = 0, scalars = 0;
        if (as_jax_nums_contains(&statics, i) || axis_kind[i] != AX_INT || axis[i] >= 0)
            continue;
        count_leaves(a, args->positional[i].text, 0, &arrays, &scalars);
        if (arrays > 0) {
            as_split_call_error(out, "AssertionError", "(%lld, %d)", axis[i], rank);
            return 0;
        }
    }
    if (!cfg->leaf_axis_size && shard_map_checks(a, cfg, args, &statics, axis, axis_kind, rank, out))
        return 0;

    /* Tracing calls f with the original arguments. */
    if (as_split_unbound_call(c, out))
        return 0;
    /* 0.4.36-0.5.0: the traced jaxpr's debug info names the arguments with
     * the static indices resolved (api_util._arg_names: a negative one counts
     * from len(args)), while _prepare_pmap kept every argument whose raw
     * index is not listed, negative ones included; core.Jaxpr asserts the
     * names and inputs agree in number, so a leaf in such an argument is a
     * bare AssertionError (real 0.4.36, 0.4.38, 0.5.0 with a hashable pytree
     * holding an array; a leafless None or () passes). */
    for (int k = 0; cfg->names_assert && cfg->debug_index_check && k < resolved.n; k++) {
        int r = (int)resolved.v[k], arrays = 0, scalars = 0;
        if (as_jax_nums_contains(&statics, r))
            continue;
        count_leaves(a, args->positional[r].text, 0, &arrays, &scalars);
        if (arrays + scalars > 0) {
            as_split_call_error(out, "AssertionError", "%s", "");
            return 0;
        }
    }
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        as_split_entry *e = &out->entries[i];
        e->donated = 0;
        if (v->passed == AS_PASSED_DEFAULT)
            continue;   /* a constant of the trace: not mapped at all, no axis */
        e->has_axis = 1;
        e->axis_is_null = 1;
        if (v->passed == AS_PASSED_KEYWORD) {
            e->verdict = AS_VERDICT_TRACED;
            e->axis_is_null = 0;
            e->axis = 0;
            continue;
        }
        int slot = v->slot;
        if (as_jax_nums_contains(&statics, slot)) {
            e->verdict = AS_VERDICT_STATIC;
            continue;
        }
        int dyn_index = 0;
        for (int i2 = 0; i2 < slot; i2++)
            if (!as_jax_nums_contains(&statics, i2))
                dyn_index++;
        e->donated = as_jax_nums_contains(&rebased, dyn_index);
        if (axis_kind[slot] == AX_NONE) {
            e->verdict = AS_VERDICT_STATIC;
        } else {
            e->verdict = AS_VERDICT_TRACED;
            if (axis_kind[slot] == AX_INT) {
                e->axis_is_null = 0;
                e->axis = axis[slot];
            }
        }
    }
    return 0;

decoration_error:
    as_split_decoration_error(out, err.type, "%s", err.message);
    return 0;
}

static const pmap_config cfg_049 = {1, 1, "jax.readthedocs.io", 0, 0, NULL};
static const pmap_config cfg_0436 = {1, 1, "jax.readthedocs.io", 0, 1, NULL};
static const pmap_config cfg_060 = {1, 1, "docs.jax.dev", 0, 0, NULL};
static const pmap_config cfg_080 = {1, 1, "docs.jax.dev", 1, 0, NULL};
static const pmap_config cfg_091 = {0, 0, "docs.jax.dev", 0, 0, "<axis 0x?>"};
static const pmap_config cfg_0102 = {0, 0, "docs.jax.dev", 0, 0, "_internal_pmap_axis_name"};

/* negative_reading: static broadcast and donation_vector are membership
 * tests over the call's slots, which no negative index passes */
#define PMAP_NEG (AS_NEG_IGNORED | AS_NEG_DONATION(AS_NEG_IGNORED))

static const as_subject s_pmap_049 = {
    "jax.pmap@0.4.9", "jax.pmap", "0.4.9",
    "jax.pmap 0.4.9-0.4.35 (api.py): index check of the debug info first, every flat leaf's axis checked",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_049, PMAP_NEG};
static const as_subject s_pmap_0436 = {
    "jax.pmap@0.4.36", "jax.pmap", "0.4.36",
    "jax.pmap 0.4.36-0.5.0: as 0.4.9, but an argument kept by a negative static index fails the jaxpr's debug-info assert",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_0436, PMAP_NEG};
static const as_subject s_pmap_051 = {
    "jax.pmap@0.5.1", "jax.pmap", "0.5.1",
    "jax.pmap 0.5.1-0.5.3: as 0.4.9 (the debug-info assert gone)",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_049, PMAP_NEG};
static const as_subject s_pmap_060 = {
    "jax.pmap@0.6.0", "jax.pmap", "0.6.0",
    "jax.pmap 0.6.0-0.7.x: as 0.4.9, docs.jax.dev in the in_axes message",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_060, PMAP_NEG};
static const as_subject s_pmap_080 = {
    "jax.pmap@0.8.0", "jax.pmap", "0.8.0",
    "jax.pmap 0.8.0-0.9.0.x: as 0.6.0, but a negative in_axes is squeezed as in the shard_map era",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_080, PMAP_NEG};
static const as_subject s_pmap_091 = {
    "jax.pmap@0.9.1", "jax.pmap", "0.9.1",
    "jax.pmap 0.9.1-0.10.1 (shard_map): as 0.11, the mesh axis named by an object ('<axis 0x...>')",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_091, PMAP_NEG};
/* Named 0.11 when it was the only pmap model; it stands for 0.10.2 onwards. */
static const as_subject s_pmap = {
    "jax.pmap@0.11", "jax.pmap", "0.11",
    "jax.pmap 0.10.2- (shard_map): positional-only static_broadcasted_argnums, kwargs mapped on axis 0",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, &cfg_0102, PMAP_NEG};

const as_subject *const as_subjects_jax_pmap[] = {&s_pmap_049, &s_pmap_0436, &s_pmap_051, &s_pmap_060, &s_pmap_080, &s_pmap_091, &s_pmap, NULL};
