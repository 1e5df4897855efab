/* jax_pmap.c — jax.pmap (../shared/spec/jax-annotation-semantics.md §2).
 *
 * One subject: the annotation semantics are unchanged since 0.3.x (§8), so
 * the model carries the newest label, 0.11, and the newest wording of the
 * in_axes structure errors (the shard_map-based jax/_src/pmap.py).
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
 * array (has a shape), a literal is a Python value; list/dict/set displays
 * are unhashable.  Every argument is taken to be one pytree leaf (a literal
 * None has none); nested in_axes entries are recorded as mapped with axis
 * null, their structure against the argument is not checked.
 */
#include <string.h>

#include "oracle/pyexpr.h"
#include "subjects/families.h"
#include "subjects/jax_common.h"

static as_lit_kind kind_of(as_arena *a, const char *text)
{
    as_expr_class cls;
    as_error err;
    if (as_expr_classify(a, text, strlen(text), &cls, &err) < 0)
        return AS_LIT_UNKNOWN;
    return cls.kind;
}

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


static const char *prefix_error_tail(as_arena *a, int has_kwargs)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "\n\nThe 'full pytree' here is the tuple of arguments passed positionally to the pmapped "
                    "function, and the value of `in_axes` must be a tree prefix of that tuple. But it was "
                    "not a prefix.");
    if (has_kwargs)
        as_buf_puts(&b, "\n\nWhen some arguments are passed by keyword to the pmapped function, they are not "
                        "included in the comparison to `in_axes`. Instead, each argument passed by keyword is "
                        "mapped over its leading axis. See the description of `in_axes` in the `pmap` "
                        "docstring: https://docs.jax.dev/en/latest/_autosummary/jax.pmap.html#jax.pmap");
    as_buf_puts(&b, "\n\nCheck that the value of the `in_axes` argument to `pmap` is a tree prefix of the "
                    "tuple of arguments passed positionally to the pmapped function.");
    return as_buf_str(&b);
}

static int pmap_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    as_error err;
    as_jax_nums statics = {0}, donate = {0}, rebased = {0};
    as_value empty = {.type = AS_VALUE_TUPLE};
    as_value zero = {.type = AS_VALUE_INT};

    /* Decoration: _prepare_pmap. */
    if (as_jax_check_keywords(c->spec, "pmap", "fun", 0, as_keywords_jax_pmap, c->py_minor, &err) < 0)
        goto decoration_error;
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

    /* _get_in_axes_flat: the axis of each positional argument, or its kind
     * AX_NONE for None, AX_NESTED for a nested entry (every long long is a
     * possible axis, so the kind is kept apart). */
    enum { AX_INT = 0, AX_NONE, AX_NESTED };
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
                                "%d.%s", in_axes->n_items, n_dyn, prefix_error_tail(a, args->n_keywords > 0));
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
                            as_value_type_name(in_axes), prefix_error_tail(a, args->n_keywords > 0));
        return 0;
    }

    /* _mapped_axis_size: some mapped argument must have a shape. */
    int mapped = 0;
    for (int i = 0; i < n && !mapped; i++)
        if (!as_jax_nums_contains(&statics, i) && axis_kind[i] != AX_NONE &&
            kind_of(a, args->positional[i].text) == AS_LIT_UNKNOWN)
            mapped = 1;
    for (int k = 0; k < args->n_keywords && !mapped; k++)
        if (kind_of(a, args->keywords[k].text) == AS_LIT_UNKNOWN)
            mapped = 1;
    if (!mapped) {
        as_split_call_error(out, "ValueError", "pmap requires at least one argument with a mapped axis.");
        return 0;
    }

    /* Tracing calls f with the original arguments. */
    if (as_split_unbound_call(c, out))
        return 0;
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

static const as_subject s_pmap = {
    "jax.pmap@0.11", "jax.pmap", "0.11",
    "jax.pmap, unchanged since 0.3.x: positional-only static_broadcasted_argnums, kwargs mapped on axis 0",
    AS_CAP_DONATE | AS_CAP_AXIS, pmap_split, NULL};

const as_subject *const as_subjects_jax_pmap[] = {&s_pmap, NULL};
