/* reference.c — the reference split policy, conformance/REFERENCE.md rule
 * by rule (the R-numbers below are that document's).
 *
 * Every role keyword selects *atoms*: a whole parameter (by index or name)
 * or one **kwargs key (by a name that is no parameter).  Decoration resolves
 * all selectors against the signature and checks that no atom is given two
 * contradictory roles; the call then classifies each bound value by the atom
 * it binds to, however it was passed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "subjects/families.h"

typedef enum role { ROLE_STATIC = 0, ROLE_DONATE, ROLE_DIFF, N_ROLES } role;

typedef struct keyword_role {
    const char *keyword;
    role role;
} keyword_role;

/* R7: which keyword means which role. */
static const keyword_role role_keywords[] = {
    {"static_argnums", ROLE_STATIC},   {"static_argnames", ROLE_STATIC},
    {"static_args", ROLE_STATIC},      {"static_broadcasted_argnums", ROLE_STATIC},
    {"static_broadcasted_argnames", ROLE_STATIC}, {"static_broadcasted_args", ROLE_STATIC},
    {"nondiff_argnums", ROLE_STATIC},  {"nondiff_argnames", ROLE_STATIC},
    {"nondiff_args", ROLE_STATIC},     {"donate_argnums", ROLE_DONATE},
    {"donate_argnames", ROLE_DONATE},  {"donate_args", ROLE_DONATE},
    {"argnums", ROLE_DIFF},            {"argnames", ROLE_DIFF},
};

/* R7: keywords of the modelled transforms that do not affect the split. */
static const char *const neutral_keywords[] = {
    "has_aux", "allow_int", "holomorphic", "reduce_axes", "out_axes", "axis_name", "axis_size",
    "spmd_axis_name", "backend", "device", "devices", "keep_unused", "inline", "abstracted_axes",
    "in_shardings", "out_shardings", "compiler_options", "policy", "prevent_cse",
    "global_arg_shapes", "symbolic_zeros", "donate", "concrete",
};

/* One selected **kwargs key. */
typedef struct key_sel {
    const char *key;
    const char *why[N_ROLES];   /* keyword that selected it per role, or NULL */
    int has_axis, axis_null, axis;
} key_sel;

typedef struct policy {
    const as_signature *sig;
    const char **why[N_ROLES];  /* per parameter: keyword that selected it, or NULL */
    int role_given[N_ROLES];
    const char *diff_keyword;   /* the first argnums/argnames keyword, for messages */
    key_sel *keys;
    int n_keys;
    /* in_axes (R8) */
    int has_axes;
    int axis_default_null, axis_default;
    int *param_has_axis, *param_axis_null, *param_axis;
} policy;

/* What one atom is, after decoration. */
typedef struct atom {
    const char *why[N_ROLES];
    int has_axis, axis_null, axis;   /* explicit per-atom in_axes entry */
} atom;

static key_sel *find_key(policy *p, as_arena *arena, const char *key, int create)
{
    for (int i = 0; i < p->n_keys; i++)
        if (strcmp(p->keys[i].key, key) == 0)
            return &p->keys[i];
    if (!create)
        return NULL;
    key_sel *k = as_arena_alloc(arena, sizeof *k * (size_t)(p->n_keys + 1));
    if (p->n_keys)
        memcpy(k, p->keys, sizeof *k * (size_t)p->n_keys);
    p->keys = k;
    k = &p->keys[p->n_keys++];
    k->key = key;
    return k;
}

/* R11: of two keywords selecting one atom for one role, messages name the
 * smaller name, whatever the order they were written in. */
static void note(const char **why, const char *kw)
{
    if (!*why || strcmp(kw, *why) < 0)
        *why = kw;
}

/* R11: the entry of a selector tuple whose error is reported: a wrong type
 * first (smallest type name), then an out-of-range index (smallest), then
 * an unknown name (smallest); -1 when every entry is valid. */
static int first_invalid(const as_signature *sig, const as_value *v)
{
    int best = -1, best_rank = 3;
    for (int i = 0; i < v->n_items; i++) {
        const as_value *e = &v->items[i];
        int rank;
        if (e->type != AS_VALUE_INT && e->type != AS_VALUE_STR)
            rank = 0;
        else if (e->type == AS_VALUE_INT)
            rank = e->i < -(long long)sig->n_params || e->i >= sig->n_params ? 1 : 3;
        else
            rank = as_signature_find(sig, e->s) < 0 && sig->varkw_index < 0 ? 2 : 3;
        if (rank == 3)
            continue;
        const as_value *b = best >= 0 ? &v->items[best] : NULL;
        int better = rank < best_rank ||
                     (rank == best_rank &&
                      (rank == 0 ? strcmp(as_value_type_name(e), as_value_type_name(b)) < 0
                       : rank == 1 ? e->i < b->i
                                   : strcmp(e->s, b->s) < 0));
        if (better)
            best = i, best_rank = rank;
    }
    return best;
}

/* R1-R3: resolve one selector element.  Returns 0 or -1 with the error in *out. */
static int select_one(policy *p, as_arena *arena, const char *kw, role r, const as_value *v,
                      as_split *out)
{
    const as_signature *sig = p->sig;
    if (v->type == AS_VALUE_INT) {
        long long i = v->i;
        if (i < -(long long)sig->n_params || i >= sig->n_params) {
            as_split_decoration_error(out, "ValueError", "%s index %lld is out of range for %d parameter%s",
                                      kw, i, sig->n_params, sig->n_params == 1 ? "" : "s");
            return -1;
        }
        int idx = (int)(i < 0 ? i + sig->n_params : i);
        note(&p->why[r][idx], kw);
        return 0;
    }
    int idx = as_signature_find(sig, v->s);
    if (idx >= 0) {
        note(&p->why[r][idx], kw);
        return 0;
    }
    if (sig->varkw_index < 0) {
        as_split_decoration_error(out, "ValueError",
                                  "%s name '%s' is not a parameter and the function has no **kwargs", kw, v->s);
        return -1;
    }
    key_sel *k = find_key(p, arena, v->s, 1);
    note(&k->why[r], kw);
    return 0;
}

/* R1: a selector is None, an int, a str, or a tuple/list of ints and strs. */
static int select_all(policy *p, as_arena *arena, const char *kw, role r, const as_value *v, as_split *out)
{
    p->role_given[r] = 1;
    switch (v->type) {
    case AS_VALUE_NONE:
        return 0;
    case AS_VALUE_INT:
    case AS_VALUE_STR:
        return select_one(p, arena, kw, r, v, out);
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
    {
        int bad = first_invalid(p->sig, v);
        if (bad >= 0 && v->items[bad].type != AS_VALUE_INT && v->items[bad].type != AS_VALUE_STR) {
            as_split_decoration_error(out, "TypeError", "%s entries must be int or str, not %s", kw,
                                      as_value_type_name(&v->items[bad]));
            return -1;
        }
        if (bad >= 0)
            return select_one(p, arena, kw, r, &v->items[bad], out);
        for (int i = 0; i < v->n_items; i++)
            if (select_one(p, arena, kw, r, &v->items[i], out) < 0)
                return -1;
        return 0;
    }
    default:
        as_split_decoration_error(out, "TypeError", "%s must be an int, a str, or a tuple or list of them, not %s",
                                  kw, as_value_type_name(v));
        return -1;
    }
}

static int axis_entry(const as_value *v, int *is_null, int *axis, as_split *out)
{
    if (v->type == AS_VALUE_NONE) {
        *is_null = 1;
        return 0;
    }
    if (v->type == AS_VALUE_INT && v->i > -(1 << 20) && v->i < (1 << 20)) {
        *is_null = 0;
        *axis = (int)v->i;
        return 0;
    }
    if (v->type == AS_VALUE_INT)
        as_split_decoration_error(out, "ValueError", "in_axes entry %lld is not a plausible axis", v->i);
    else
        as_split_decoration_error(out, "TypeError", "in_axes entries must be int or None, not %s",
                                  as_value_type_name(v));
    return -1;
}

/* order[0..n) = 0..n-1 sorted by names[i] (insertion sort: specs are short). */
static void sort_names(int *order, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0 && strcmp(names[order[j - 1]], names[i]) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
}

/* R8: in_axes by declaration order (tuple/list) or by name (dict). */
static int resolve_axes(policy *p, as_arena *arena, const as_value *v, as_split *out)
{
    const as_signature *sig = p->sig;
    p->has_axes = 1;
    if (v->type == AS_VALUE_NONE || v->type == AS_VALUE_INT)
        return axis_entry(v, &p->axis_default_null, &p->axis_default, out);
    if (v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST) {
        if (v->n_items != sig->n_params) {
            as_split_decoration_error(out, "ValueError", "in_axes has %d entr%s but the function has %d parameter%s",
                                      v->n_items, v->n_items == 1 ? "y" : "ies", sig->n_params,
                                      sig->n_params == 1 ? "" : "s");
            return -1;
        }
        for (int i = 0; i < v->n_items; i++) {
            p->param_has_axis[i] = 1;
            if (axis_entry(&v->items[i], &p->param_axis_null[i], &p->param_axis[i], out) < 0)
                return -1;
        }
        return 0;
    }
    if (v->type == AS_VALUE_DICT) {
        int *order = as_arena_alloc(arena, sizeof *order * (size_t)(v->n_items + 1));
        sort_names(order, v->keys, v->n_items);
        for (int j = 0; j < v->n_items; j++) {
            int i = order[j];   /* R11: by name */
            int idx = as_signature_find(sig, v->keys[i]);
            int is_null = 0, axis = 0;
            if (axis_entry(&v->items[i], &is_null, &axis, out) < 0)
                return -1;
            if (idx >= 0) {
                p->param_has_axis[idx] = 1;
                p->param_axis_null[idx] = is_null;
                p->param_axis[idx] = axis;
            } else if (sig->varkw_index >= 0) {
                key_sel *k = find_key(p, arena, v->keys[i], 1);
                k->has_axis = 1;
                k->axis_null = is_null;
                k->axis = axis;
            } else {
                as_split_decoration_error(out, "ValueError",
                                          "in_axes name '%s' is not a parameter and the function has no **kwargs",
                                          v->keys[i]);
                return -1;
            }
        }
        return 0;
    }
    as_split_decoration_error(out, "TypeError",
                              "in_axes must be an int, None, a tuple or list with one entry per parameter, "
                              "or a dict keyed by parameter name, not %s", as_value_type_name(v));
    return -1;
}

/* The roles of one atom: parameter `param`, or with `key` one **kwargs key
 * (which inherits whatever selects the whole **kwargs parameter, R4). */
static atom atom_of(const policy *p, int param, const char *key)
{
    atom a;
    memset(&a, 0, sizeof a);
    for (int r = 0; r < N_ROLES; r++)
        a.why[r] = p->why[r][param];
    if (p->has_axes && p->param_has_axis[param]) {
        a.has_axis = 1;
        a.axis_null = p->param_axis_null[param];
        a.axis = p->param_axis[param];
    }
    if (key) {
        for (int i = 0; i < p->n_keys; i++) {
            const key_sel *k = &p->keys[i];
            if (strcmp(k->key, key) != 0)
                continue;
            for (int r = 0; r < N_ROLES; r++)
                if (!a.why[r])
                    a.why[r] = k->why[r];
            if (k->has_axis) {
                a.has_axis = 1;
                a.axis_null = k->axis_null;
                a.axis = k->axis;
            }
        }
    }
    return a;
}

/* R5/R8/R9: why the atom is static, or NULL when it is traced. */
static const char *static_reason(const policy *p, const atom *a, as_arena *arena)
{
    if (a->why[ROLE_STATIC])
        return as_arena_printf(arena, "static (%s)", a->why[ROLE_STATIC]);
    if (p->role_given[ROLE_DIFF] && !a->why[ROLE_DIFF])
        return as_arena_printf(arena, "static (not selected by %s)", p->diff_keyword);
    if (p->has_axes && (a->has_axis ? a->axis_null : p->axis_default_null))
        return "static (in_axes None)";
    return NULL;
}

static const char *atom_label(as_arena *arena, const as_signature *sig, int param, const char *key)
{
    if (key)
        return as_arena_printf(arena, "%s['%s']", sig->params[sig->varkw_index].name, key);
    return as_arena_printf(arena, "'%s'", sig->params[param].name);
}

/* R6: no atom may carry two contradictory roles. */
static int check_atom(const policy *p, as_arena *arena, int param, const char *key, as_split *out)
{
    atom a = atom_of(p, param, key);
    if (a.why[ROLE_STATIC] && a.why[ROLE_DIFF]) {
        as_split_decoration_error(out, "ValueError", "%s cannot be both static (%s) and differentiated (%s)",
                                  atom_label(arena, p->sig, param, key), a.why[ROLE_STATIC], a.why[ROLE_DIFF]);
        return -1;
    }
    /* the texts only for an error: this runs for every parameter of every case */
    if (!a.why[ROLE_DONATE] && !(a.why[ROLE_STATIC] && a.has_axis && !a.axis_null))
        return 0;
    const char *label = atom_label(arena, p->sig, param, key);
    const char *st = static_reason(p, &a, arena);
    if (a.why[ROLE_DONATE] && st) {
        as_split_decoration_error(out, "ValueError", "%s cannot be both %s and donated (%s)", label, st,
                                  a.why[ROLE_DONATE]);
        return -1;
    }
    if (a.why[ROLE_STATIC] && a.has_axis && !a.axis_null) {
        as_split_decoration_error(out, "ValueError", "%s cannot be both %s and mapped (in_axes %d)", label, st,
                                  a.axis);
        return -1;
    }
    return 0;
}

static int decorate(policy *p, as_arena *arena, const as_case *c, as_split *out)
{
    const as_signature *sig = c->sig;
    int n = sig->n_params;
    memset(p, 0, sizeof *p);
    p->sig = sig;
    for (int r = 0; r < N_ROLES; r++)
        p->why[r] = as_arena_alloc(arena, sizeof *p->why[r] * (size_t)(n + 1));
    p->param_has_axis = as_arena_alloc(arena, sizeof(int) * (size_t)(n + 1));
    p->param_axis_null = as_arena_alloc(arena, sizeof(int) * (size_t)(n + 1));
    p->param_axis = as_arena_alloc(arena, sizeof(int) * (size_t)(n + 1));

    const as_spec *spec = c->spec;
    int n_entries = spec ? spec->n_entries : 0;
    const char **kws = as_arena_alloc(arena, sizeof *kws * (size_t)(n_entries + 1));
    int *order = as_arena_alloc(arena, sizeof *order * (size_t)(n_entries + 1));
    for (int i = 0; i < n_entries; i++)
        kws[i] = spec->entries[i].keyword;
    sort_names(order, kws, n_entries);   /* R11: keywords by name, not as written */
    for (int j = 0; j < n_entries; j++) {
        int i = order[j];
        const char *kw = spec->entries[i].keyword;
        const as_value *v = &spec->entries[i].value;
        int done = 0;
        for (size_t k = 0; k < sizeof role_keywords / sizeof *role_keywords && !done; k++) {
            if (strcmp(kw, role_keywords[k].keyword) != 0)
                continue;
            if (role_keywords[k].role == ROLE_DIFF)
                note(&p->diff_keyword, kw);
            if (select_all(p, arena, kw, role_keywords[k].role, v, out) < 0)
                return -1;
            done = 1;
        }
        if (!done && strcmp(kw, "in_axes") == 0) {
            if (resolve_axes(p, arena, v, out) < 0)
                return -1;
            done = 1;
        }
        for (size_t k = 0; k < sizeof neutral_keywords / sizeof *neutral_keywords && !done; k++)
            done = strcmp(kw, neutral_keywords[k]) == 0;
        if (!done) {
            as_split_decoration_error(out, "TypeError", "reference() got an unexpected keyword argument '%s'", kw);
            return -1;
        }
    }
    for (int i = 0; i < n; i++)
        if (check_atom(p, arena, i, NULL, out) < 0)
            return -1;
    const char **names = as_arena_alloc(arena, sizeof *names * (size_t)(p->n_keys + 1));
    int *korder = as_arena_alloc(arena, sizeof *korder * (size_t)(p->n_keys + 1));
    for (int i = 0; i < p->n_keys; i++)
        names[i] = p->keys[i].key;
    sort_names(korder, names, p->n_keys);   /* R11: **kwargs keys by name */
    for (int i = 0; i < p->n_keys; i++)
        if (check_atom(p, arena, sig->varkw_index, p->keys[korder[i]].key, out) < 0)
            return -1;
    return 0;
}

static int reference_split(const as_subject *self, as_arena *arena, const as_case *c, as_split *out)
{
    policy p;
    /* no as_split_init: as_subject_split, the only caller, has just done it,
     * and clearing the 4 KiB of error buffers twice is a campaign hot spot */
    if (decorate(&p, arena, c, out) < 0)
        return 0;
    if (!as_case_has_call(c))
        return 0;
    if (!c->binding) {
        const as_error *e = c->bind_error ? c->bind_error : c->call_site_error;
        if (e)
            as_split_call_error(out, e->type, "%s", e->message);
        else
            as_split_call_error(out, "TypeError", "the call could not be bound");
        return 0;
    }
    if (as_split_entries_from_binding(arena, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        as_split_entry *e = &out->entries[i];
        const as_bound *v = &c->binding->values[i];
        atom a = atom_of(&p, v->param, v->key);
        int is_static = static_reason(&p, &a, arena) != NULL;
        int is_default = v->passed == AS_PASSED_DEFAULT;
        e->verdict = is_default ? AS_VERDICT_DEFAULT : is_static ? AS_VERDICT_STATIC : AS_VERDICT_TRACED;
        if (p.role_given[ROLE_DONATE])
            e->donated = e->verdict == AS_VERDICT_TRACED && a.why[ROLE_DONATE] != NULL;
        if (p.has_axes) {
            e->has_axis = 1;
            e->axis_is_null = e->verdict != AS_VERDICT_TRACED;
            e->axis = e->axis_is_null ? 0 : a.has_axis ? a.axis : p.axis_default;
        }
    }
    return 0;
}

const as_subject as_subject_reference_policy = {
    .id = "reference",
    .family = "reference",
    .version = "",
    .description = "the consistent policy of conformance/REFERENCE.md: one selector per role, "
                   "canonicalised through the signature",
    .caps = AS_CAP_DONATE | AS_CAP_AXIS,
    .split = reference_split,
    .config = NULL,
};
