/* jax_vmap.c — jax.vmap with keyword arguments
 * (docs/SEMANTICS.md §5, §8).
 *
 * in_axes describes the positional arguments only; every keyword argument is
 * mapped over axis 0.  Verdicts: `traced` = mapped (axis = the int, or null
 * for a nested in_axes entry whose per-leaf axes one number cannot state),
 * `static` = in_axes None (unmapped, axis null), `default` = not passed.
 *
 * Versions (all read from the jax tags):
 *   0.3.10  a tuple in_axes of the wrong length is the generic tree-prefix
 *           ValueError of flatten_axes; any container passes decoration;
 *   0.4.21  (0bcd64ade3) top-level type check at decoration and the explicit
 *           "len(in_axes)=A, len(args)=N" message (no final period);
 *   0.10.0  (446893cf9f) "... or axis_size must be specified" in the
 *           no-argument / no-mapped-axis errors;
 *   0.11.1  HEAD after 0.11.0 (e702c77fe9, unreleased): the arity message
 *           ends with a period and, when keyword arguments were passed,
 *           names them.
 *
 * Every argument is taken to be one pytree leaf, except a literal None,
 * which has none (PyTreeDef prints it as None).  Rank errors for mapped
 * literal scalars are not modelled.
 */
#include <string.h>

#include "subjects/families.h"
#include "subjects/jax_common.h"

enum { ARITY_TREE_PREFIX, ARITY_LEN, ARITY_LEN_NOTE };

typedef struct vmap_config {
    int arity;                 /* ARITY_* */
    int top_level_check;       /* 0.4.21+: in_axes must be int, None or tuple */
    int axis_size_wording;     /* 0.10.0+: "or axis_size must be specified" */
    const char *const *keywords;
} vmap_config;

static int is_none_text(const char *t)
{
    return strcmp(t, "None") == 0;
}

/* tree_leaves(in_axes) are all ints (bool, str, float are not). */
static int int_leaves(const as_value *v)
{
    switch (v->type) {
    case AS_VALUE_NONE:
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

/* str(in_axes) after vmap turned a top-level list into a tuple. */
static const char *axes_str(as_arena *a, const as_value *v)
{
    if (v->type == AS_VALUE_STR)
        return v->s;
    if (v->type == AS_VALUE_LIST) {
        as_value t = *v;
        t.type = AS_VALUE_TUPLE;
        return as_value_repr(a, &t);
    }
    return as_value_repr(a, v);
}

static const char *tree_def(as_arena *a, const as_call_args *args)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "PyTreeDef((");
    for (int i = 0; i < args->n_positional; i++) {
        if (i)
            as_buf_puts(&b, ", ");
        as_buf_puts(&b, is_none_text(args->positional[i].text) ? "None" : "*");
    }
    as_buf_puts(&b, args->n_positional == 1 ? ",))" : "))");
    return as_buf_str(&b);
}

static int vmap_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const vmap_config *cfg = self->config;
    as_value zero = {.type = AS_VALUE_INT};

    /* Decoration. */
    if (as_jax_check_case_keywords(a, c, "vmap", "fun", 0, cfg->keywords, out) < 0)
        return 0;
    const as_value *in_axes = as_spec_get(c->spec, "in_axes");
    if (!in_axes)
        in_axes = &zero;
    int is_tuple = in_axes->type == AS_VALUE_TUPLE || in_axes->type == AS_VALUE_LIST;
    if (cfg->top_level_check && !is_tuple && in_axes->type != AS_VALUE_NONE && in_axes->type != AS_VALUE_INT) {
        as_split_decoration_error(out, "TypeError", "vmap in_axes must be an int, None, or a tuple of entries "
                                  "corresponding to the positional arguments passed to the function, but got %s.",
                                  axes_str(a, in_axes));
        return 0;
    }
    if (!int_leaves(in_axes)) {
        as_split_decoration_error(out, "TypeError", "vmap in_axes must be an int, None, or (nested) container "
                                  "with those types as leaves, but got %s.", axes_str(a, in_axes));
        return 0;
    }
    if (!c->call || !c->args)
        return 0;

    /* Call: the arity check of a tuple in_axes. */
    const as_call_args *args = c->args;
    int n = args->n_positional;
    if ((is_tuple && in_axes->n_items != n) || in_axes->type == AS_VALUE_DICT) {
        if (cfg->arity == ARITY_TREE_PREFIX) {
            as_split_call_error(out, "ValueError", "vmap in_axes specification must be a tree prefix of the "
                                "corresponding value, got specification %s for value tree %s.",
                                axes_str(a, in_axes), tree_def(a, args));
            return 0;
        }
        as_buf b;
        as_buf_init(&b, a);
        as_buf_printf(&b, "vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
                          "positional arguments passed to the function, but got len(in_axes)=%d, len(args)=%d",
                      in_axes->n_items, n);
        if (cfg->arity == ARITY_LEN_NOTE) {
            as_buf_putc(&b, '.');
            if (args->n_keywords > 0) {
                as_buf_puts(&b, " Note that the function was called with keyword arguments [");
                for (int k = 0; k < args->n_keywords; k++) {
                    if (k)
                        as_buf_puts(&b, ", ");
                    as_buf_puts(&b, as_jax_repr_str(a, args->keywords[k].keyword));
                }
                as_buf_puts(&b, "], which the entries of a tuple in_axes never correspond to: keyword "
                                "arguments are always mapped along their leading axis (axis 0). If that is "
                                "the intended mapping, make in_axes correspond to the positional arguments "
                                "only; otherwise pass the arguments positionally, or bind unmapped keyword "
                                "arguments with functools.partial before applying vmap.");
            }
        }
        as_split_call_error(out, "ValueError", "%s", as_buf_str(&b));
        return 0;
    }

    /* _mapped_axis_size: some leaf must exist, and some leaf must be mapped. */
    int has_axis_size = !as_jax_is_none(as_spec_get(c->spec, "axis_size"));
    int leaves = 0, mapped = 0;
    for (int i = 0; i < n; i++) {
        if (is_none_text(args->positional[i].text))
            continue;
        leaves++;
        const as_value *ax = is_tuple ? &in_axes->items[i] : in_axes;
        if (ax->type != AS_VALUE_NONE)
            mapped++;
    }
    for (int k = 0; k < args->n_keywords; k++)
        if (!is_none_text(args->keywords[k].text))
            leaves++, mapped++;
    if (!has_axis_size && leaves == 0) {
        as_buf b;
        as_buf_init(&b, a);
        as_buf_puts(&b, "(");
        for (int i = 0; i < n; i++)
            as_buf_puts(&b, i ? ", None" : "None");
        as_buf_puts(&b, n == 1 ? ",)" : ")");
        as_buf_puts(&b, " and **kwargs={");
        for (int k = 0; k < args->n_keywords; k++)
            as_buf_printf(&b, "%s%s: None", k ? ", " : "", as_jax_repr_str(a, args->keywords[k].keyword));
        as_buf_puts(&b, "}");
        as_split_call_error(out, "ValueError", "vmap wrapped function must be passed at least one argument "
                            "containing an array%s, got empty *args=%s",
                            cfg->axis_size_wording ? " or axis_size must be specified" : "", as_buf_str(&b));
        return 0;
    }
    if (!has_axis_size && mapped == 0) {
        as_split_call_error(out, "ValueError", "vmap must have at least one non-None value in in_axes%s",
                            cfg->axis_size_wording ? " or axis_size must be specified" : "");
        return 0;
    }

    /* Batching calls f with the original arguments. */
    if (as_split_unbound_call(c, out))
        return 0;
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        as_split_entry *e = &out->entries[i];
        e->has_axis = 1;
        e->axis_is_null = 1;
        if (v->passed == AS_PASSED_DEFAULT)
            continue;
        const as_value *ax = v->passed == AS_PASSED_KEYWORD ? &zero : is_tuple ? &in_axes->items[v->slot] : in_axes;
        if (ax->type == AS_VALUE_NONE) {
            e->verdict = AS_VERDICT_STATIC;
        } else {
            e->verdict = AS_VERDICT_TRACED;
            if (ax->type == AS_VALUE_INT) {
                e->axis_is_null = 0;
                e->axis = ax->i;
            }
        }
    }
    return 0;
}

static const char *const kw_0310[] = {"in_axes", "out_axes", "axis_name", "axis_size", NULL};
static const char *const kw_0421[] = {"in_axes", "out_axes", "axis_name", "axis_size", "spmd_axis_name", NULL};
#define kw_0100 as_keywords_jax_vmap   /* 0.10.0 onwards (families.c) */

static const vmap_config vmap_0310 = {ARITY_TREE_PREFIX, 0, 0, kw_0310};
static const vmap_config vmap_0421 = {ARITY_LEN, 1, 0, kw_0421};
static const vmap_config vmap_0100 = {ARITY_LEN, 1, 1, kw_0100};
static const vmap_config vmap_0111 = {ARITY_LEN_NOTE, 1, 1, kw_0100};

static const as_subject s_vmap_0310 = {"jax.vmap@0.3.10", "jax.vmap", "0.3.10",
                                       "jax.vmap 0.3.10: tuple in_axes arity is a tree-prefix ValueError",
                                       AS_CAP_AXIS, vmap_split, &vmap_0310, 0};
static const as_subject s_vmap_0421 = {"jax.vmap@0.4.21", "jax.vmap", "0.4.21",
                                       "jax.vmap 0.4.21: explicit len(in_axes)/len(args) arity error",
                                       AS_CAP_AXIS, vmap_split, &vmap_0421, 0};
static const as_subject s_vmap_0100 = {"jax.vmap@0.10.0", "jax.vmap", "0.10.0",
                                       "jax.vmap 0.10.0 to 0.11.0: axis_size named in the no-mapped-axis errors",
                                       AS_CAP_AXIS, vmap_split, &vmap_0100, 0};
static const as_subject s_vmap_0111 = {"jax.vmap@0.11.1", "jax.vmap", "0.11.1",
                                       "jax.vmap HEAD after 0.11.0: arity error names the keyword arguments",
                                       AS_CAP_AXIS, vmap_split, &vmap_0111, 0};

const as_subject *const as_subjects_jax_vmap[] = {&s_vmap_0310, &s_vmap_0421, &s_vmap_0100, &s_vmap_0111, NULL};
