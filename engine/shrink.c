/* shrink.c — greedy case reduction; see shrink.h. */
#include "engine/shrink.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "oracle/arena.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_tuple(const as_value *v)
{
    return v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST;
}

static int value_size(const as_value *v)
{
    if (is_tuple(v)) {
        int s = 10;
        for (int i = 0; i < v->n_items; i++)
            s += 100 + value_size(&v->items[i]);
        return s;
    }
    if (v->type == AS_VALUE_INT)
        return (int)(v->i < 0 ? 5 * -v->i + 3 : 5 * v->i);
    if (v->type == AS_VALUE_STR)
        return (int)strlen(v->s);
    return 1;
}

int as_gen_case_size(const as_gen_case *g)
{
    int s = 0;
    for (int i = 0; i < g->sig.n_params; i++) {
        const as_param *p = &g->sig.params[i];
        s += 1000 + (p->kind != AS_POSITIONAL_OR_KEYWORD ? 50 : 0) + (p->default_text ? 30 : 0);
    }
    for (int i = 0; i < g->spec.n_entries; i++)
        s += 200 + value_size(&g->spec.entries[i].value);
    if (g->has_call)
        for (int i = 0; i < g->call.n_items; i++) {
            const as_call_item *it = &g->call.items[i];
            int literal = !(it->text[0] == '_' || isalpha((unsigned char)it->text[0]));
            s += 100 + (int)strlen(it->text) + (it->kind >= AS_ITEM_STAR ? 50 : 0) + (literal ? 5 : 0);
        }
    return s;
}

/* ---- the simplification steps; each returns 1 when it changed *g ------ */

static int flatten_call(as_arena *a, as_gen_case *g, int py_minor)
{
    int starred = 0;
    for (int i = 0; i < g->call.n_items; i++)
        starred |= g->call.items[i].kind >= AS_ITEM_STAR;
    if (!g->has_call || !starred)
        return 0;
    as_call_args args;
    as_error err;
    if (as_call_expand(a, &g->call, py_minor, "f", &args, &err) < 0)
        return 0;
    int n = args.n_positional + args.n_keywords;
    as_call_item *items = as_arena_alloc(a, sizeof(as_call_item) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < args.n_positional; i++)
        items[k++] = (as_call_item){.kind = AS_ITEM_POSITIONAL, .text = args.positional[i].text};
    for (int i = 0; i < args.n_keywords; i++)
        items[k++] = (as_call_item){.kind = AS_ITEM_KEYWORD, .keyword = args.keywords[i].keyword, .text = args.keywords[i].text};
    g->call.items = items;
    g->call.n_items = k;
    return 1;
}

static void remove_item(as_call *call, int i)
{
    memmove(&call->items[i], &call->items[i + 1], sizeof *call->items * (size_t)(call->n_items - i - 1));
    call->n_items--;
}

static void remove_value(as_value *t, int i)
{
    memmove(&t->items[i], &t->items[i + 1], sizeof *t->items * (size_t)(t->n_items - i - 1));
    t->n_items--;
}

static void remove_entry(as_spec *spec, int i)
{
    memmove(&spec->entries[i], &spec->entries[i + 1],
            sizeof *spec->entries * (size_t)(spec->n_entries - i - 1));
    spec->n_entries--;
}

/* What happens to selector element `v` when parameter j of n goes:
 * 1 = drop it, 0 = keep (possibly renumbered in place). */
static int remap_selector(as_value *v, int j, int n, const char *name)
{
    if (v->type == AS_VALUE_INT) {
        long long k = v->i;
        if (k >= 0 && k < n) {
            if (k == j)
                return 1;
            if (k > j)
                v->i--;
        } else if (k < 0 && k >= -n) {
            if (k + n == j)
                return 1;
            if (k + n < j)
                v->i++;
        } else if (k >= n) {
            v->i--;
        }
        return 0;
    }
    return v->type == AS_VALUE_STR && strcmp(v->s, name) == 0;
}

static int drop_param(as_gen_case *g, int j)
{
    as_signature *sig = &g->sig;
    int n = sig->n_params;
    if (j >= n)
        return 0;
    const as_param p = sig->params[j];
    /* spec */
    for (int i = 0; i < g->spec.n_entries; i++) {
        as_spec_entry *e = &g->spec.entries[i];
        if (ends_with(e->keyword, "in_axes")) {
            if (is_tuple(&e->value) && j < sig->n_positional && j < e->value.n_items)
                remove_value(&e->value, j);
            continue;
        }
        if (is_tuple(&e->value)) {
            for (int k = 0; k < e->value.n_items; k++)
                if (remap_selector(&e->value.items[k], j, n, p.name))
                    remove_value(&e->value, k--);
        } else if (remap_selector(&e->value, j, n, p.name)) {
            remove_entry(&g->spec, i--);
        }
    }
    /* call */
    if (g->has_call) {
        as_call *call = &g->call;
        int lead = 0;   /* leading plain positional items */
        while (lead < call->n_items && call->items[lead].kind == AS_ITEM_POSITIONAL)
            lead++;
        if (p.kind == AS_POSITIONAL_ONLY || p.kind == AS_POSITIONAL_OR_KEYWORD) {
            if (j < lead)
                remove_item(call, j);
        } else if (p.kind == AS_VAR_POSITIONAL) {
            for (int i = lead - 1; i >= sig->n_positional; i--)
                remove_item(call, i);
        }
        for (int i = 0; i < call->n_items; i++) {
            const as_call_item *it = &call->items[i];
            if (it->kind != AS_ITEM_KEYWORD)
                continue;
            int drop = strcmp(it->keyword, p.name) == 0;
            if (p.kind == AS_VAR_KEYWORD) {
                int q = as_signature_find(sig, it->keyword);
                drop = q < 0 || sig->params[q].kind == AS_POSITIONAL_ONLY;
            }
            if (drop)
                remove_item(call, i--);
        }
    }
    memmove(&sig->params[j], &sig->params[j + 1], sizeof *sig->params * (size_t)(n - j - 1));
    sig->n_params--;
    return 1;
}

static int simplify_kind(as_gen_case *g, int j)
{
    if (j >= g->sig.n_params)
        return 0;
    as_param *p = &g->sig.params[j];
    if (p->kind != AS_POSITIONAL_ONLY && p->kind != AS_KEYWORD_ONLY)
        return 0;
    p->kind = AS_POSITIONAL_OR_KEYWORD;
    return 1;
}

static int remove_default(as_gen_case *g, int j)
{
    if (j >= g->sig.n_params || !g->sig.params[j].default_text)
        return 0;
    g->sig.params[j].default_text = NULL;
    return 1;
}

static int drop_spec_entry(as_gen_case *g, int i)
{
    if (i >= g->spec.n_entries)
        return 0;
    remove_entry(&g->spec, i);
    return 1;
}

/* Selector element number `pos` over all tuple entries: entry and index. */
static as_value *nth_element(const as_gen_case *g, int pos, as_spec_entry **entry, int *index)
{
    for (int i = 0; i < g->spec.n_entries; i++) {
        as_spec_entry *e = &g->spec.entries[i];
        int m = is_tuple(&e->value) ? e->value.n_items : 1;
        if (pos < m) {
            *entry = e;
            *index = is_tuple(&e->value) ? pos : -1;
            return is_tuple(&e->value) ? &e->value.items[pos] : &e->value;
        }
        pos -= m;
    }
    return NULL;
}

static int drop_selector(as_gen_case *g, int pos)
{
    as_spec_entry *e;
    int index;
    if (!nth_element(g, pos, &e, &index) || index < 0)
        return 0;
    remove_value(&e->value, index);
    return 1;
}

static int index_toward_zero(as_gen_case *g, int pos)
{
    as_spec_entry *e;
    int index;
    as_value *v = nth_element(g, pos, &e, &index);
    if (!v || v->type != AS_VALUE_INT || v->i == 0)
        return 0;
    v->i += v->i > 0 ? -1 : 1;
    return 1;
}

static int unwrap_tuple(as_gen_case *g, int i)
{
    if (i >= g->spec.n_entries)
        return 0;
    as_value *v = &g->spec.entries[i].value;
    if (!is_tuple(v) || v->n_items != 1 || is_tuple(&v->items[0]))
        return 0;
    *v = v->items[0];
    return 1;
}

static int drop_call_item(as_gen_case *g, int i)
{
    if (!g->has_call || i >= g->call.n_items)
        return 0;
    remove_item(&g->call, i);
    return 1;
}

static int simplify_value(as_gen_case *g, int i)
{
    if (!g->has_call || i >= g->call.n_items || g->call.items[i].kind >= AS_ITEM_STAR ||
        strcmp(g->call.items[i].text, "x") == 0)
        return 0;
    g->call.items[i].text = "x";
    return 1;
}

enum { STEP_FLATTEN, STEP_DROP_PARAM, STEP_KIND, STEP_DEFAULT, STEP_DROP_ENTRY, STEP_DROP_SELECTOR,
       STEP_TOWARD_ZERO, STEP_UNWRAP, STEP_DROP_ITEM, STEP_VALUE, N_STEPS };

static int step_limit(int step, const as_gen_case *g)
{
    int selectors = 0;
    for (int i = 0; i < g->spec.n_entries; i++)
        selectors += is_tuple(&g->spec.entries[i].value) ? g->spec.entries[i].value.n_items : 1;
    switch (step) {
    case STEP_FLATTEN: return 1;
    case STEP_DROP_PARAM: case STEP_KIND: case STEP_DEFAULT: return g->sig.n_params;
    case STEP_DROP_ENTRY: case STEP_UNWRAP: return g->spec.n_entries;
    case STEP_DROP_SELECTOR: case STEP_TOWARD_ZERO: return selectors;
    default: return g->has_call ? g->call.n_items : 0;
    }
}

/* A necessary condition for apply_step to change `g` at `pos`, read on the
 * case itself: for about half of the positions the step has nothing to do
 * (a kind already plain, no default, an index at 0, ...), and the copy
 * made to try it cost as much as the rest of the shrinker's own work. */
static int step_applies(int step, const as_gen_case *g, int pos)
{
    as_spec_entry *e;
    int index;
    const as_value *v;
    switch (step) {
    case STEP_KIND:
        return g->sig.params[pos].kind == AS_POSITIONAL_ONLY || g->sig.params[pos].kind == AS_KEYWORD_ONLY;
    case STEP_DEFAULT:
        return g->sig.params[pos].default_text != NULL;
    case STEP_DROP_SELECTOR:
        return nth_element(g, pos, &e, &index) && index >= 0;
    case STEP_TOWARD_ZERO:
        v = nth_element(g, pos, &e, &index);
        return v && v->type == AS_VALUE_INT && v->i != 0;
    case STEP_UNWRAP:
        v = &g->spec.entries[pos].value;
        return is_tuple(v) && v->n_items == 1 && !is_tuple(&v->items[0]);
    case STEP_VALUE:
        return g->call.items[pos].kind < AS_ITEM_STAR && strcmp(g->call.items[pos].text, "x") != 0;
    default:
        return 1;
    }
}

static int apply_step(as_arena *a, int step, as_gen_case *g, int pos, int py_minor)
{
    switch (step) {
    case STEP_FLATTEN: return flatten_call(a, g, py_minor);
    case STEP_DROP_PARAM: return drop_param(g, pos);
    case STEP_KIND: return simplify_kind(g, pos);
    case STEP_DEFAULT: return remove_default(g, pos);
    case STEP_DROP_ENTRY: return drop_spec_entry(g, pos);
    case STEP_DROP_SELECTOR: return drop_selector(g, pos);
    case STEP_TOWARD_ZERO: return index_toward_zero(g, pos);
    case STEP_UNWRAP: return unwrap_tuple(g, pos);
    case STEP_DROP_ITEM: return drop_call_item(g, pos);
    default: return simplify_value(g, pos);
    }
}

/* What (step, pos) gave on the current case: a candidate is a function of
 * the case, the step and the position, and keep() a function of the
 * candidate, so until a simplification is kept the same (step, pos) needs
 * no second look.  The pass that confirms the fixed point repeats every
 * try after the last one kept. */
typedef struct tried {
    int at;                        /* simplifications kept when it was tried, + 1; 0 = never */
    int counted;                   /* it went to keep() (and so counts against the budget) */
} tried;

typedef struct tried_table {
    tried *at[N_STEPS];
    size_t cap[N_STEPS];
} tried_table;

static tried *tried_slot(tried_table *t, int step, int pos)
{
    if ((size_t)pos >= t->cap[step]) {
        size_t old = t->cap[step];
        if (as_grow(&t->at[step], &t->cap[step], (size_t)pos + 1, sizeof *t->at[step], 16))
            abort();
        memset(t->at[step] + old, 0, sizeof *t->at[step] * (t->cap[step] - old));
    }
    return &t->at[step][pos];
}

void as_shrink(as_arena *arena, as_gen_case *gc, int py_minor, as_shrink_keep_fn keep, void *ctx,
               int max_tries, as_shrink_stats *stats)
{
    /* cur lives in bufs[k]; candidates in cand_arena; keep() gets scratch */
    as_arena bufs[2], cand_arena, scratch;
    as_arena_init(&bufs[0]);
    as_arena_init(&bufs[1]);
    as_arena_init(&cand_arena);
    as_arena_init(&scratch);
    tried_table seen = {0};
    int k = 0, tries = 0, accepted = 0, checks = 0;
    as_gen_case cur;
    as_gen_case_copy_deep(&bufs[k], gc, &cur);
    int cur_size = as_gen_case_size(&cur);
    int progress = 1;
    while (progress && tries < max_tries) {
        progress = 0;
        for (int step = 0; step < N_STEPS && tries < max_tries; step++) {
            for (int pos = 0; pos < step_limit(step, &cur) && tries < max_tries; pos++) {
                if (!step_applies(step, &cur, pos))
                    continue;
                tried *t = tried_slot(&seen, step, pos);
                if (t->at == accepted + 1) {   /* the same candidate as before: the same answer */
                    tries += t->counted;
                    continue;
                }
                *t = (tried){accepted + 1, 0};
                as_gen_case cand;
                as_arena_reset(&cand_arena);
                as_gen_case_copy(&cand_arena, &cur, &cand);
                if (!apply_step(&cand_arena, step, &cand, pos, py_minor))
                    continue;
                as_error err;
                if (as_signature_finish(&cand.sig, py_minor, &err) < 0)
                    continue;
                /* flattening may grow the measure but is never undone */
                if (step != STEP_FLATTEN && as_gen_case_size(&cand) >= cur_size)
                    continue;
                tries++;
                checks++;
                t->counted = 1;
                int ok = keep(ctx, &scratch, &cand);
                as_arena_reset(&scratch);
                if (!ok)
                    continue;
                accepted++;
                progress = 1;
                as_arena_reset(&bufs[!k]);
                as_gen_case_copy_deep(&bufs[!k], &cand, &cur);
                cur_size = as_gen_case_size(&cur);
                k = !k;
                pos--;   /* the same position now holds the next element */
            }
        }
    }
    as_gen_case_copy_deep(arena, &cur, gc);
    as_error err;
    as_signature_finish(&gc->sig, py_minor, &err);
    as_arena_free(&bufs[0]);
    as_arena_free(&bufs[1]);
    as_arena_free(&cand_arena);
    as_arena_free(&scratch);
    for (int step = 0; step < N_STEPS; step++)
        free(seen.at[step]);
    if (stats) {
        stats->tries = tries;
        stats->accepted = accepted;
        stats->checks = checks;
    }
}
