/* gen.c — random structure-aware cases; see gen.h. */
#include "engine/gen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng.h"

const as_gen_family *as_gen_family_for(const char *family)
{
    const as_family *f = family && *family ? as_family_find(family) : NULL;
    return f ? f : as_family_find("");
}

/* ---- weights ---------------------------------------------------------- */

#define W(field) {#field, offsetof(as_gen_weights, field)}
static const struct { const char *name; size_t offset; } weight_fields[] = {
    W(max_params), W(varargs), W(varkw), W(posonly), W(kwonly), W(defaults),
    W(bind_error), W(no_call), W(star), W(dstar), W(collide), W(both),
    W(negative), W(out_of_range), W(unknown_name), W(bare), W(empty_tuple),
    W(duplicate), W(int_value), W(float_value),
};

void as_gen_weights_default(as_gen_weights *w)
{
    *w = (as_gen_weights){
        .max_params = 5, .varargs = 25, .varkw = 25, .posonly = 20, .kwonly = 25,
        .defaults = 35, .bind_error = 10, .no_call = 5, .star = 8, .dstar = 8,
        .collide = 30, .both = 25, .negative = 20, .out_of_range = 8,
        .unknown_name = 10, .bare = 30, .empty_tuple = 4, .duplicate = 8,
        .int_value = 10, .float_value = 20,
    };
}

int as_gen_weights_parse(as_gen_weights *w, const char *text, as_error *err)
{
    const char *p = text;
    while (*p) {
        const char *eq = strchr(p, '=');
        if (!eq)
            return as_input_error(err, (int)(p - text) + 1, "weights: expected NAME=VALUE");
        size_t n = (size_t)(eq - p);
        size_t i = 0;
        for (; i < sizeof weight_fields / sizeof *weight_fields; i++)
            if (strlen(weight_fields[i].name) == n && memcmp(weight_fields[i].name, p, n) == 0)
                break;
        if (i == sizeof weight_fields / sizeof *weight_fields)
            return as_input_error(err, (int)(p - text) + 1, "weights: unknown weight '%.*s'", (int)n, p);
        char *end;
        long v = strtol(eq + 1, &end, 10);
        if (end == eq + 1 || (*end && *end != ',') || v < 0 || v > (i == 0 ? 12 : 100))
            return as_input_error(err, (int)(eq - text) + 2, "weights: bad value for '%.*s'", (int)n, p);
        *(int *)((char *)w + weight_fields[i].offset) = (int)v;
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* ---- values ----------------------------------------------------------- */

static const char *const param_names[] = {"a", "b", "c", "d", "e", "f", "g", "h",
                                          "i", "j", "k", "l", "m", "n"};

static as_value v_int(long long i)
{
    return (as_value){.type = AS_VALUE_INT, .i = i};
}

static as_value v_str(const char *s)
{
    return (as_value){.type = AS_VALUE_STR, .s = s};
}

static as_value v_none(void)
{
    return (as_value){.type = AS_VALUE_NONE};
}

static const char *const ints[] = {"0", "1", "2", "3"};
static const char *const floats[] = {"0.5", "1.5", "2.5", "3.5"};
static const char *const names_x[] = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
                                      "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15"};

/* A call value: a literal the family allows (as_family.literals; the
 * random draws are the same whatever it allows, so that a family's policy
 * changes no other family's cases) or an array name x0, x1, ... */
static const char *arg_value(as_arena *a, as_rng *r, const as_gen_weights *w, as_literals literals,
                             int *counter)
{
    int roll = as_rng_below(r, 100);
    if (roll < w->int_value + w->float_value) {
        int is_int = roll < w->int_value, k = as_rng_below(r, 4);
        if (literals != AS_LITERALS_NONE)
            return is_int && literals == AS_LITERALS_ALL ? ints[k] : floats[k];
    }
    int k = (*counter)++;
    return k < 16 ? names_x[k] : as_arena_printf(a, "x%d", k);
}

/* ---- signature -------------------------------------------------------- */

static int gen_signature(as_arena *a, as_rng *r, const as_gen_weights *w, int py_minor,
                         as_signature *sig, as_error *err)
{
    int n = as_rng_below(r, w->max_params + 1);
    int has_vp = n > 0 && as_rng_pct(r, w->varargs);
    int has_vk = n - has_vp > 0 && as_rng_pct(r, w->varkw);
    int named = n - has_vp - has_vk;
    int n_po = 0, n_pk = 0, n_ko = 0;
    for (int i = 0; i < named; i++) {
        int roll = as_rng_below(r, 100);
        if (roll < w->posonly)
            n_po++;
        else if (roll < w->posonly + w->kwonly)
            n_ko++;
        else
            n_pk++;
    }
    sig->params = as_arena_alloc(a, sizeof(as_param) * (size_t)(n ? n : 1));
    sig->n_params = n;
    int npos = n_po + n_pk;
    int first_default = npos;
    if (npos && as_rng_pct(r, w->defaults))
        first_default = npos - 1 - as_rng_below(r, npos);
    int k = 0, name = 0;
    for (int i = 0; i < npos; i++, k++) {
        sig->params[k].name = param_names[name++];
        sig->params[k].kind = i < n_po ? AS_POSITIONAL_ONLY : AS_POSITIONAL_OR_KEYWORD;
        if (i >= first_default)
            sig->params[k].default_text = as_rng_pct(r, 70) ? "0.0" : "None";
    }
    if (has_vp) {
        sig->params[k].name = "args";
        sig->params[k++].kind = AS_VAR_POSITIONAL;
    }
    for (int i = 0; i < n_ko; i++, k++) {
        sig->params[k].name = param_names[name++];
        sig->params[k].kind = AS_KEYWORD_ONLY;
        if (as_rng_pct(r, w->defaults))
            sig->params[k].default_text = "1.0";
    }
    if (has_vk) {
        sig->params[k].name = "kwargs";
        sig->params[k++].kind = AS_VAR_KEYWORD;
    }
    return as_signature_finish(sig, py_minor, err);
}

/* ---- call ------------------------------------------------------------- */

typedef struct call_builder {
    as_call_item *items;
    int n, cap;
} call_builder;

static void cb_add(as_arena *a, call_builder *cb, as_item_kind kind, const char *kw, const char *text)
{
    if (cb->n == cb->cap) {
        int cap = cb->cap ? cb->cap * 2 : 8;
        cb->items = as_arena_realloc(a, cb->items, sizeof(as_call_item) * (size_t)cb->cap,
                                     sizeof(as_call_item) * (size_t)cap);
        cb->cap = cap;
    }
    cb->items[cb->n++] = (as_call_item){.kind = kind, .keyword = kw, .text = text, .column = 0};
}

static void gen_call(as_arena *a, as_rng *r, const as_gen_weights *w, as_literals literals,
                     const as_signature *sig, as_call *call)
{
    int np = sig->n_positional;
    int min_p = 0;
    for (int i = 0; i < sig->n_posonly; i++)
        if (!sig->params[i].default_text)
            min_p = i + 1;
    int p;
    switch (as_rng_below(r, 3)) {
    case 0: p = np; break;                                 /* all positional */
    case 1: p = min_p; break;                              /* as much keyword as possible */
    default: p = min_p + as_rng_below(r, np - min_p + 1);  /* mixed */
    }
    int counter = 0;
    /* positional values, then keyword (name, value) pairs */
    const char *pos[AS_MAX_PARAMS + 8];
    int n_pos = 0;
    const char *kw_names[AS_MAX_PARAMS + 8];
    const char *kw_vals[AS_MAX_PARAMS + 8];
    int n_kw = 0;
    for (int i = 0; i < p; i++)
        pos[n_pos++] = arg_value(a, r, w, literals, &counter);
    if (sig->varargs_index >= 0 && p == np) {
        int extra = as_rng_below(r, 3);
        for (int i = 0; i < extra; i++)
            pos[n_pos++] = arg_value(a, r, w, literals, &counter);
    }
    for (int i = p; i < np; i++) {
        const as_param *q = &sig->params[i];
        if (q->kind == AS_POSITIONAL_ONLY)
            continue;   /* defaulted (i >= min_p): omitted */
        if (!q->default_text || as_rng_pct(r, 50)) {
            kw_names[n_kw] = q->name;
            kw_vals[n_kw++] = arg_value(a, r, w, literals, &counter);
        }
    }
    for (int i = 0; i < sig->n_params; i++) {
        const as_param *q = &sig->params[i];
        if (q->kind == AS_KEYWORD_ONLY && (!q->default_text || as_rng_pct(r, 50))) {
            kw_names[n_kw] = q->name;
            kw_vals[n_kw++] = arg_value(a, r, w, literals, &counter);
        }
    }
    if (sig->varkw_index >= 0) {
        int extra = as_rng_below(r, 3);
        for (int i = 0; i < extra; i++) {
            const char *key = NULL;
            if (sig->n_posonly && as_rng_pct(r, w->collide))
                key = sig->params[as_rng_below(r, sig->n_posonly)].name;
            else
                key = i == 0 ? "k0" : "k1";
            int dup = 0;
            for (int j = 0; j < n_kw; j++)
                dup |= strcmp(kw_names[j], key) == 0;
            if (!dup) {
                kw_names[n_kw] = key;
                kw_vals[n_kw++] = arg_value(a, r, w, literals, &counter);
            }
        }
    }
    if (as_rng_pct(r, w->bind_error)) {
        switch (as_rng_below(r, 4)) {
        case 0:   /* one argument too many */
            pos[n_pos++] = arg_value(a, r, w, literals, &counter);
            break;
        case 1:   /* a required argument missing */
            if (n_kw && as_rng_pct(r, 50))
                n_kw--;
            else if (n_pos)
                n_pos--;
            break;
        case 2:   /* a keyword for something already passed (or positional-only) */
            if (np) {
                kw_names[n_kw] = sig->params[as_rng_below(r, np)].name;
                kw_vals[n_kw++] = arg_value(a, r, w, literals, &counter);
            }
            break;
        default:  /* an unknown keyword */
            kw_names[n_kw] = "zz";
            kw_vals[n_kw++] = arg_value(a, r, w, literals, &counter);
            break;
        }
    }
    /* keyword order is the caller's: shuffle */
    for (int i = n_kw - 1; i > 0; i--) {
        int j = as_rng_below(r, i + 1);
        const char *tn = kw_names[i], *tv = kw_vals[i];
        kw_names[i] = kw_names[j], kw_vals[i] = kw_vals[j];
        kw_names[j] = tn, kw_vals[j] = tv;
    }
    call_builder cb = {0};
    int star_from = n_pos;
    if (n_pos && as_rng_pct(r, w->star))
        star_from = as_rng_below(r, n_pos);
    for (int i = 0; i < star_from; i++)
        cb_add(a, &cb, AS_ITEM_POSITIONAL, NULL, pos[i]);
    if (star_from < n_pos) {
        as_buf b;
        as_buf_init(&b, a);
        as_buf_putc(&b, '[');
        for (int i = star_from; i < n_pos; i++)
            as_buf_printf(&b, "%s%s", i > star_from ? ", " : "", pos[i]);
        as_buf_putc(&b, ']');
        cb_add(a, &cb, AS_ITEM_STAR, NULL, as_buf_str(&b));
    }
    int dstar_from = n_kw;
    if (n_kw && as_rng_pct(r, w->dstar))
        dstar_from = as_rng_below(r, n_kw);
    for (int i = 0; i < dstar_from; i++)
        cb_add(a, &cb, AS_ITEM_KEYWORD, kw_names[i], kw_vals[i]);
    if (dstar_from < n_kw) {
        as_buf b;
        as_buf_init(&b, a);
        as_buf_putc(&b, '{');
        for (int i = dstar_from; i < n_kw; i++)
            as_buf_printf(&b, "%s'%s': %s", i > dstar_from ? ", " : "", kw_names[i], kw_vals[i]);
        as_buf_putc(&b, '}');
        cb_add(a, &cb, AS_ITEM_DOUBLESTAR, NULL, as_buf_str(&b));
    }
    call->items = cb.items;
    call->n_items = cb.n;
}

/* ---- spec ------------------------------------------------------------- */

static as_value gen_index(as_rng *r, const as_gen_weights *w, const as_signature *sig)
{
    int n = sig->n_params;
    if (as_rng_pct(r, w->out_of_range))
        return v_int(as_rng_pct(r, 50) ? n + as_rng_below(r, 2) : -(n + 1 + as_rng_below(r, 2)));
    if (n == 0)
        return v_int(as_rng_below(r, 2));
    if (as_rng_pct(r, w->negative))
        return v_int(-1 - as_rng_below(r, n));
    return v_int(as_rng_below(r, n));
}

static as_value gen_name(as_rng *r, const as_gen_weights *w, const as_signature *sig)
{
    if (sig->n_params == 0 || as_rng_pct(r, w->unknown_name))
        return v_str(as_rng_pct(r, 50) || sig->varkw_index < 0 ? "zz" : "k0");
    return v_str(sig->params[as_rng_below(r, sig->n_params)].name);
}

static as_value gen_axis(as_rng *r)
{
    int roll = as_rng_below(r, 10);
    return roll < 6 ? v_int(0) : roll < 8 ? v_none() : v_int(roll == 8 ? 1 : -1);
}

static as_value gen_selector(as_arena *a, as_rng *r, const as_gen_weights *w,
                             const as_signature *sig, as_kw_form form)
{
    if (form == AS_KW_AXES) {
        if (as_rng_pct(r, 40))
            return gen_axis(r);
        int len = sig->n_positional + (as_rng_pct(r, 25) ? as_rng_below(r, 3) - 1 : 0);
        if (len < 0)
            len = 0;
        as_value t = {.type = AS_VALUE_TUPLE, .n_items = len};
        t.items = as_arena_alloc(a, sizeof(as_value) * (size_t)(len ? len : 1));
        for (int i = 0; i < len; i++)
            t.items[i] = gen_axis(r);
        return t;
    }
    as_value (*one)(as_rng *, const as_gen_weights *, const as_signature *) =
        form == AS_KW_NUMS ? gen_index : gen_name;
    if (as_rng_pct(r, w->bare))
        return one(r, w, sig);
    int len = as_rng_pct(r, w->empty_tuple) ? 0 : 1 + as_rng_below(r, 3);
    int dup = len && as_rng_pct(r, w->duplicate);
    as_value t = {.type = AS_VALUE_TUPLE, .n_items = len + dup};
    t.items = as_arena_alloc(a, sizeof(as_value) * (size_t)(len + dup + 1));
    for (int i = 0; i < len; i++)
        t.items[i] = one(r, w, sig);
    if (dup)
        t.items[len] = t.items[as_rng_below(r, len)];
    return t;
}

static void gen_spec(as_arena *a, as_rng *r, const as_gen_weights *w, const as_gen_family *fam,
                     const as_signature *sig, as_spec *spec)
{
    spec->entries = as_arena_alloc(a, sizeof(as_spec_entry) * (size_t)(fam->n_keywords + 1));
    spec->n_entries = 0;
    if (fam->n_keywords == 0 || as_rng_pct(r, fam->empty_spec_pct))
        return;
    int want = 1 + (as_rng_pct(r, 30) ? 1 : 0);
    for (int t = 0; t < want; t++) {
        const as_gen_keyword *k = &fam->keywords[as_rng_below(r, fam->n_keywords)];
        const as_gen_keyword *pair[2] = {k, NULL};
        if (k->partner && as_rng_pct(r, w->both))
            for (int j = 0; j < fam->n_keywords; j++)
                if (strcmp(fam->keywords[j].name, k->partner) == 0)
                    pair[1] = &fam->keywords[j];
        for (int q = 0; q < 2 && pair[q]; q++) {
            if (as_spec_get(spec, pair[q]->name))
                continue;
            as_spec_entry *e = &spec->entries[spec->n_entries++];
            e->keyword = pair[q]->name;
            e->value = gen_selector(a, r, w, sig, pair[q]->form);
        }
    }
}

int as_gen_case_make(as_arena *arena, const as_gen_weights *w, const char *family,
                     uint64_t seed, uint64_t index, int py_minor, as_gen_case *out, as_error *err)
{
    as_rng r;
    as_rng_seed(&r, seed, index);
    memset(out, 0, sizeof *out);
    if (gen_signature(arena, &r, w, py_minor, &out->sig, err) < 0)
        return -1;
    const as_gen_family *f = as_gen_family_for(family);
    gen_spec(arena, &r, w, f, &out->sig, &out->spec);
    out->has_call = !as_rng_pct(&r, w->no_call);
    if (out->has_call)
        gen_call(arena, &r, w, f->literals, &out->sig, &out->call);
    return 0;
}

/* ---- copy ------------------------------------------------------------- */

static void copy_value(as_arena *a, const as_value *src, as_value *dst, int deep)
{
    *dst = *src;
    if (deep && src->s)
        dst->s = as_arena_strdup(a, src->s);
    if (src->n_items) {
        dst->items = as_arena_alloc(a, sizeof(as_value) * (size_t)src->n_items);
        for (int i = 0; i < src->n_items; i++)
            copy_value(a, &src->items[i], &dst->items[i], deep);
        if (src->keys) {
            dst->keys = as_arena_alloc(a, sizeof(char *) * (size_t)src->n_items);
            for (int i = 0; i < src->n_items; i++)
                dst->keys[i] = deep ? as_arena_strdup(a, src->keys[i]) : src->keys[i];
        }
    }
}

static const char *dup(as_arena *a, const char *s, int deep)
{
    return deep && s ? as_arena_strdup(a, s) : s;
}

static void copy_case(as_arena *arena, const as_gen_case *src, as_gen_case *dst, int deep)
{
    *dst = *src;
    dst->sig.params = as_arena_alloc(arena, sizeof(as_param) * (size_t)(src->sig.n_params + 1));
    if (src->sig.n_params)
        memcpy(dst->sig.params, src->sig.params, sizeof(as_param) * (size_t)src->sig.n_params);
    for (int i = 0; deep && i < src->sig.n_params; i++) {
        as_param *p = &dst->sig.params[i];
        p->name = dup(arena, p->name, 1);
        p->annotation = dup(arena, p->annotation, 1);
        p->default_text = dup(arena, p->default_text, 1);
    }
    dst->spec.entries = as_arena_alloc(arena, sizeof(as_spec_entry) * (size_t)(src->spec.n_entries + 1));
    for (int i = 0; i < src->spec.n_entries; i++) {
        dst->spec.entries[i].keyword = dup(arena, src->spec.entries[i].keyword, deep);
        copy_value(arena, &src->spec.entries[i].value, &dst->spec.entries[i].value, deep);
    }
    dst->call.items = as_arena_alloc(arena, sizeof(as_call_item) * (size_t)(src->call.n_items + 1));
    if (src->call.n_items)
        memcpy(dst->call.items, src->call.items, sizeof(as_call_item) * (size_t)src->call.n_items);
    for (int i = 0; deep && i < src->call.n_items; i++) {
        as_call_item *it = &dst->call.items[i];
        it->keyword = dup(arena, it->keyword, 1);
        it->text = dup(arena, it->text, 1);
    }
}

void as_gen_case_copy(as_arena *arena, const as_gen_case *src, as_gen_case *dst)
{
    copy_case(arena, src, dst, 0);
}

void as_gen_case_copy_deep(as_arena *arena, const as_gen_case *src, as_gen_case *dst)
{
    copy_case(arena, src, dst, 1);
}
