/* metamorphic.c — see metamorphic.h. */
#include "engine/metamorphic.h"

#include <string.h>

static const char *const relations[AS_META_COUNT] = {
    "meta:negative-index", "meta:nums-names", "meta:positional-keyword", "meta:spec-order",
    "meta:int-tuple",
};

const char *as_meta_relation(as_meta m)
{
    return (unsigned)m < AS_META_COUNT ? relations[m] : "";
}

int as_meta_from_relation(const char *relation)
{
    for (int i = 0; i < AS_META_COUNT; i++)
        if (strcmp(relations[i], relation) == 0)
            return i;
    return -1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_selector(const char *kw)
{
    return ends_with(kw, "argnums") || ends_with(kw, "argnames");
}

static int is_tuple(const as_value *v)
{
    return v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST;
}

static int negative_index(as_gen_case *g)
{
    int n = g->sig.n_params, changed = 0;
    for (int i = 0; i < g->spec.n_entries; i++) {
        as_spec_entry *e = &g->spec.entries[i];
        if (!ends_with(e->keyword, "argnums"))
            continue;
        as_value *els = is_tuple(&e->value) ? e->value.items : &e->value;
        int m = is_tuple(&e->value) ? e->value.n_items : 1;
        for (int j = 0; j < m; j++)
            if (els[j].type == AS_VALUE_INT && els[j].i < 0 && els[j].i >= -n) {
                els[j].i += n;
                changed = 1;
            }
    }
    return changed;
}

static const as_gen_keyword *keyword_of(const as_gen_family *fam, const char *name)
{
    for (int i = 0; i < fam->n_keywords; i++)
        if (strcmp(fam->keywords[i].name, name) == 0)
            return &fam->keywords[i];
    return NULL;
}

static int nums_names(as_arena *a, const as_gen_family *fam, as_gen_case *g)
{
    const as_signature *sig = &g->sig;
    int n = sig->n_params;
    for (int i = 0; i < g->spec.n_entries; i++) {
        as_spec_entry *e = &g->spec.entries[i];
        const as_gen_keyword *k = keyword_of(fam, e->keyword);
        if (!k || k->form != AS_KW_NUMS || !k->partner)
            continue;
        const as_value *els = is_tuple(&e->value) ? e->value.items : &e->value;
        int m = is_tuple(&e->value) ? e->value.n_items : 1;
        int ok = 1;
        for (int j = 0; j < m && ok; j++)
            ok = els[j].type == AS_VALUE_INT && els[j].i >= -n && els[j].i < n;
        if (!ok)
            continue;
        /* names of the selected parameters, appended to the partner's */
        as_spec_entry *partner = NULL;
        for (int j = 0; j < g->spec.n_entries; j++)
            if (strcmp(g->spec.entries[j].keyword, k->partner) == 0)
                partner = &g->spec.entries[j];
        int old = 0;
        const as_value *old_els = NULL;
        if (partner) {
            old_els = is_tuple(&partner->value) ? partner->value.items : &partner->value;
            old = is_tuple(&partner->value) ? partner->value.n_items : 1;
        }
        as_value t = {.type = AS_VALUE_TUPLE, .n_items = old + m};
        t.items = as_arena_alloc(a, sizeof(as_value) * (size_t)(old + m + 1));
        for (int j = 0; j < old; j++)
            t.items[j] = old_els[j];
        for (int j = 0; j < m; j++) {
            long long idx = els[j].i < 0 ? els[j].i + n : els[j].i;
            t.items[old + j] = (as_value){.type = AS_VALUE_STR, .s = sig->params[idx].name};
        }
        if (partner) {
            partner->value = t;
            memmove(e, e + 1, sizeof *e * (size_t)(g->spec.n_entries - i - 1));
            g->spec.n_entries--;
        } else {
            e->keyword = k->partner;
            e->value = t;
        }
        return 1;
    }
    return 0;
}

static int positional_keyword(as_arena *a, as_gen_case *g, const as_case *c)
{
    if (!c->binding || !c->args)
        return 0;
    const as_call_args *args = c->args;
    int np = args->n_positional;
    /* param bound to each positional slot */
    int *param_of = as_arena_alloc(a, sizeof(int) * (size_t)(np + 1));
    for (int i = 0; i < np; i++)
        param_of[i] = -1;
    for (int i = 0; i < c->binding->n_values; i++) {
        const as_bound *v = &c->binding->values[i];
        if (v->passed == AS_PASSED_POSITIONAL && v->slot >= 0 && v->slot < np && v->element < 0)
            param_of[v->slot] = v->param;
    }
    int s = np;
    while (s > 0 && param_of[s - 1] >= 0 &&
           g->sig.params[param_of[s - 1]].kind == AS_POSITIONAL_OR_KEYWORD)
        s--;
    if (s == np)
        return 0;
    int n = np + args->n_keywords;
    as_call_item *items = as_arena_alloc(a, sizeof(as_call_item) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < s; i++)
        items[k++] = (as_call_item){.kind = AS_ITEM_POSITIONAL, .text = args->positional[i].text};
    for (int i = s; i < np; i++)
        items[k++] = (as_call_item){.kind = AS_ITEM_KEYWORD, .keyword = g->sig.params[param_of[i]].name,
                                    .text = args->positional[i].text};
    for (int i = 0; i < args->n_keywords; i++)
        items[k++] = (as_call_item){.kind = AS_ITEM_KEYWORD, .keyword = args->keywords[i].keyword, .text = args->keywords[i].text};
    g->call.items = items;
    g->call.n_items = k;
    return 1;
}

static int spec_order(as_arena *a, as_gen_case *g)
{
    int changed = 0;
    for (int i = 0; i < g->spec.n_entries; i++) {
        as_spec_entry *e = &g->spec.entries[i];
        if (!is_selector(e->keyword) || !is_tuple(&e->value) || e->value.n_items == 0)
            continue;
        int m = e->value.n_items;
        as_value *items = as_arena_alloc(a, sizeof(as_value) * (size_t)(m + 1));
        for (int j = 0; j < m; j++)
            items[j] = e->value.items[m - 1 - j];
        items[m] = items[0];
        e->value.items = items;
        e->value.n_items = m + 1;
        changed = 1;
    }
    int n = g->spec.n_entries;
    if (n > 1) {
        for (int i = 0; i < n / 2; i++) {
            as_spec_entry t = g->spec.entries[i];
            g->spec.entries[i] = g->spec.entries[n - 1 - i];
            g->spec.entries[n - 1 - i] = t;
        }
        changed = 1;
    }
    return changed;
}

static int int_tuple(as_arena *a, as_gen_case *g)
{
    int changed = 0;
    for (int i = 0; i < g->spec.n_entries; i++) {
        as_value *v = &g->spec.entries[i].value;
        if (!is_selector(g->spec.entries[i].keyword))
            continue;
        if (v->type == AS_VALUE_INT || v->type == AS_VALUE_STR) {
            as_value *item = as_arena_alloc(a, sizeof *item);
            *item = *v;
            *v = (as_value){.type = AS_VALUE_TUPLE, .items = item, .n_items = 1};
            changed = 1;
        } else if (v->type == AS_VALUE_TUPLE && v->n_items == 1 &&
                   (v->items[0].type == AS_VALUE_INT || v->items[0].type == AS_VALUE_STR)) {
            *v = v->items[0];
            changed = 1;
        }
    }
    return changed;
}

int as_meta_rewrite(as_arena *arena, as_meta m, const as_gen_family *fam, const as_gen_case *in,
                    const as_case *c, as_gen_case *out)
{
    as_gen_case_copy(arena, in, out);
    switch (m) {
    case AS_META_NEGATIVE_INDEX: return negative_index(out);
    case AS_META_NUMS_NAMES: return nums_names(arena, fam, out);
    case AS_META_POSITIONAL_KEYWORD: return out->has_call && positional_keyword(arena, out, c);
    case AS_META_SPEC_ORDER: return spec_order(arena, out);
    case AS_META_INT_TUPLE: return int_tuple(arena, out);
    default: return 0;
    }
}

int as_meta_rewrites_call(as_meta m)
{
    return m == AS_META_POSITIONAL_KEYWORD;
}
