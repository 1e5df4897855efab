/* case_codec.c — bytes <-> fz_plan <-> case (see case_codec.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "case_codec.h"
#include "oracle/call.h"
#include "oracle/pyversion.h"
#include "oracle/signature.h"
#include "oracle/spec.h"
#include "subjects/registry.h"

static const char *const name_pool[] = {"a", "b", "c", "d", "x", "y",
                                        "self", "args", "kwargs", "k", "m", "n"};
static const char *const expr_pool[] = {"0", "1", "-1", "None", "2.5", "'s'", "[1, 2]",
                                        "(1,)", "x", "jnp.ones(3)", "True", "{'m': 5}"};
static const char *const ann_pool[] = {"int", "'T'", "jax.Array", "float"};
static const char *const unknown_names[] = {"zz", "kw"};

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

int fz_families(const char **out, int cap)
{
    /* Every decode and mutation asks, and the registry never changes: list
     * its families once per process. */
    static const char *fams[64];
    static int n = -1;
    if (n < 0) {
        const as_subject *const *all = as_subjects_all();
        int k = 0;
        for (int i = 0; all[i]; i++) {
            if (all[i] == as_subject_reference())
                continue;
            int seen = 0;
            for (int j = 0; j < k && j < 64 && !seen; j++)
                seen = strcmp(fams[j], all[i]->family) == 0;
            if (!seen) {
                if (k < 64)
                    fams[k] = all[i]->family;
                k++;
            }
        }
        n = k;
    }
    for (int i = 0; i < n && i < cap && i < 64; i++)
        out[i] = fams[i];
    return n;
}

/* ---- bytes <-> plan ---------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t n, at;
} reader;

FZ_NO_COVERAGE static uint8_t plan_byte(reader *r)
{
    return r->at < r->n ? r->p[r->at++] : 0;
}

FZ_NO_COVERAGE FZ_NOINLINE void fz_plan_decode(const uint8_t *data, size_t size, fz_plan *out)
{
    reader r = {data, size, 0};
    memset(out, 0, sizeof *out);
    /* reduced here, so the canonical encoding never starts with
     * FZ_TEXT_MAGIC and decodes back as a plan, not as text */
    out->py = (uint8_t)(plan_byte(&r) % (AS_PY_MAX - AS_PY_MIN + 1));
    out->family = plan_byte(&r);
    out->n_params = plan_byte(&r) % (FZ_MAX_PARAMS + 1);
    for (int i = 0; i < out->n_params; i++) {
        fz_param *p = &out->params[i];
        p->kind = plan_byte(&r);
        p->name = plan_byte(&r);
        p->has_default = plan_byte(&r);
        p->def_expr = plan_byte(&r);
        p->has_ann = plan_byte(&r);
        p->ann_expr = plan_byte(&r);
    }
    out->n_entries = plan_byte(&r) % (FZ_MAX_ENTRIES + 1);
    for (int i = 0; i < out->n_entries; i++) {
        fz_entry *e = &out->entries[i];
        e->keyword = plan_byte(&r);
        e->shape = plan_byte(&r);
        e->n = plan_byte(&r) % (FZ_MAX_SELECTORS + 1);
        for (int j = 0; j < e->n; j++) {
            e->sel[j].type = plan_byte(&r);
            e->sel[j].index = plan_byte(&r);
            e->sel[j].name = plan_byte(&r);
        }
    }
    out->has_call = plan_byte(&r);
    out->n_items = plan_byte(&r) % (FZ_MAX_ITEMS + 1);
    for (int i = 0; i < out->n_items; i++) {
        fz_item *it = &out->items[i];
        it->kind = plan_byte(&r);
        it->name = plan_byte(&r);
        it->n = plan_byte(&r) % (FZ_MAX_ELEMS + 1);
        it->tuple = plan_byte(&r);
        for (int j = 0; j < it->n; j++)
            it->expr[j] = plan_byte(&r);
    }
}

FZ_NO_COVERAGE size_t fz_plan_encode(const fz_plan *plan, uint8_t *out, size_t cap)
{
    size_t n = 0;
#define PUT(v) do { if (n < cap) out[n] = (uint8_t)(v); n++; } while (0)
    PUT(plan->py % (AS_PY_MAX - AS_PY_MIN + 1));
    PUT(plan->family);
    int np = plan->n_params % (FZ_MAX_PARAMS + 1);
    PUT(np);
    for (int i = 0; i < np; i++) {
        const fz_param *p = &plan->params[i];
        PUT(p->kind); PUT(p->name); PUT(p->has_default);
        PUT(p->def_expr); PUT(p->has_ann); PUT(p->ann_expr);
    }
    int ne = plan->n_entries % (FZ_MAX_ENTRIES + 1);
    PUT(ne);
    for (int i = 0; i < ne; i++) {
        const fz_entry *e = &plan->entries[i];
        int ns = e->n % (FZ_MAX_SELECTORS + 1);
        PUT(e->keyword); PUT(e->shape); PUT(ns);
        for (int j = 0; j < ns; j++) {
            PUT(e->sel[j].type); PUT(e->sel[j].index); PUT(e->sel[j].name);
        }
    }
    PUT(plan->has_call);
    int ni = plan->n_items % (FZ_MAX_ITEMS + 1);
    PUT(ni);
    for (int i = 0; i < ni; i++) {
        const fz_item *it = &plan->items[i];
        int nx = it->n % (FZ_MAX_ELEMS + 1);
        PUT(it->kind); PUT(it->name); PUT(nx); PUT(it->tuple);
        for (int j = 0; j < nx; j++)
            PUT(it->expr[j]);
    }
#undef PUT
    return n < cap ? n : cap;
}

/* ---- plan -> text ------------------------------------------------------ */

typedef struct rparam {
    as_kind kind;
    const char *name;
    const char *def, *ann;
} rparam;

/* Normalise the plan's parameters into a valid def header. */
static int render_params(as_arena *a, const fz_plan *plan, rparam *out)
{
    int n = 0, have_vp = 0, have_vk = 0;
    for (int k = AS_POSITIONAL_ONLY; k <= AS_VAR_KEYWORD; k++)
        for (int i = 0; i < plan->n_params; i++) {
            const fz_param *p = &plan->params[i];
            if (p->kind % 5 != k)
                continue;
            if ((k == AS_VAR_POSITIONAL && have_vp++) || (k == AS_VAR_KEYWORD && have_vk++))
                continue;
            rparam *r = &out[n];
            r->kind = (as_kind)k;
            r->name = name_pool[p->name % COUNT(name_pool)];
            for (int j = 0; j < n; j++)
                if (strcmp(out[j].name, r->name) == 0)
                    r->name = as_arena_printf(a, "p%d", n);
            int positional = k <= AS_POSITIONAL_OR_KEYWORD;
            int prev_default = n > 0 && out[n - 1].kind <= AS_POSITIONAL_OR_KEYWORD && out[n - 1].def;
            r->def = NULL;
            if (k != AS_VAR_POSITIONAL && k != AS_VAR_KEYWORD &&
                (p->has_default % 3 == 0 || (positional && prev_default)))
                r->def = expr_pool[p->def_expr % COUNT(expr_pool)];
            r->ann = p->has_ann % 4 == 0 ? ann_pool[p->ann_expr % COUNT(ann_pool)] : NULL;
            n++;
        }
    return n;
}

static const char *pick_name(const rparam *p, int n, uint8_t byte)
{
    int k = byte % (n + COUNT(unknown_names));
    return k < n ? p[k].name : unknown_names[k - n];
}

static as_value selector_value(const fz_selector *s, as_kw_form form, const rparam *p, int n)
{
    as_value v;
    memset(&v, 0, sizeof v);
    int type = s->type % 8;
    if (type >= 4)
        type = 0;
    if (type == 0)
        type = form == AS_KW_NAMES ? 2 : form == AS_KW_AXES && s->index % 5 == 0 ? 3 : 1;
    int range = n + 2;
    switch (type) {
    case 1:
        v.type = AS_VALUE_INT;
        v.i = s->index % (2 * range + 1) - range;
        break;
    case 2:
        v.type = AS_VALUE_STR;
        v.s = pick_name(p, n, s->name);
        break;
    default:
        v.type = AS_VALUE_NONE;
        break;
    }
    return v;
}

/* The plan's spec as the parser would read its text: no keyword twice. */
static void build_spec(as_arena *a, const fz_plan *plan, const char *family, const rparam *p, int n,
                       as_spec *out)
{
    const as_gen_family *fam = as_gen_family_for(family);
    int has_static = 0;
    for (int i = 0; i < fam->n_keywords; i++)
        has_static |= strcmp(fam->keywords[i].name, "static_argnums") == 0;
    out->entries = as_arena_alloc(a, FZ_MAX_ENTRIES * sizeof *out->entries);
    out->n_entries = 0;
    for (int i = 0; i < plan->n_entries; i++) {
        const fz_entry *e = &plan->entries[i];
        int k = e->keyword % (fam->n_keywords + 1);
        const char *kw = k < fam->n_keywords ? fam->keywords[k].name
                                             : has_static ? "argnums" : "static_argnums";
        as_kw_form form = k < fam->n_keywords ? fam->keywords[k].form : AS_KW_NUMS;
        int dup = 0;
        for (int j = 0; j < out->n_entries; j++)
            dup |= strcmp(out->entries[j].keyword, kw) == 0;
        if (dup)
            continue;
        as_spec_entry *en = &out->entries[out->n_entries++];
        en->keyword = kw;
        memset(&en->value, 0, sizeof en->value);
        int ns = e->n % (FZ_MAX_SELECTORS + 1);
        switch (e->shape % 5) {
        case 0:
            en->value = selector_value(&e->sel[0], form, p, n);
            break;
        case 1:
        case 2:
            en->value.type = e->shape % 5 == 2 ? AS_VALUE_LIST : AS_VALUE_TUPLE;
            en->value.n_items = ns;
            if (ns)
                en->value.items = as_arena_alloc(a, (size_t)ns * sizeof *en->value.items);
            for (int j = 0; j < ns; j++)
                en->value.items[j] = selector_value(&e->sel[j], form, p, n);
            break;
        case 3:
            en->value.type = AS_VALUE_TUPLE;
            break;
        default:
            en->value.type = AS_VALUE_NONE;
            break;
        }
    }
}

/* The plan's call as the parser would read its text: positional and *
 * items first, then keyword and ** items, no literal keyword twice; each
 * item's column is where the printed call has it. */
static int build_call(as_arena *a, const fz_plan *plan, const rparam *p, int n, as_call *out)
{
    if (plan->has_call % 8 == 0)
        return 0;
    out->items = as_arena_alloc(a, FZ_MAX_ITEMS * sizeof *out->items);
    out->n_items = 0;
    const char *kws[FZ_MAX_ITEMS];
    int n_kws = 0, column = 2;   /* after "(" */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < plan->n_items; i++) {
            const fz_item *it = &plan->items[i];
            int kind = it->kind % 4;
            int late = kind == AS_ITEM_KEYWORD || kind == AS_ITEM_DOUBLESTAR;
            if (late != pass)
                continue;
            const char *name = pick_name(p, n, it->name);
            if (kind == AS_ITEM_KEYWORD) {
                int dup = 0;
                for (int j = 0; j < n_kws; j++)
                    dup |= strcmp(kws[j], name) == 0;
                if (dup)   /* a repeated keyword is a SyntaxError; keep the call compilable */
                    continue;
                kws[n_kws++] = name;
            }
            as_call_item *ci = &out->items[out->n_items];
            memset(ci, 0, sizeof *ci);
            ci->kind = (as_item_kind)kind;
            if (out->n_items++)
                column += 2;   /* ", " */
            ci->column = column;
            int nx = it->n % (FZ_MAX_ELEMS + 1);
            size_t written;   /* the item's printed length */
            switch (kind) {
            case AS_ITEM_POSITIONAL:
                ci->text = expr_pool[it->expr[0] % COUNT(expr_pool)];
                written = strlen(ci->text);
                break;
            case AS_ITEM_KEYWORD:
                ci->keyword = name;
                ci->text = expr_pool[it->expr[0] % COUNT(expr_pool)];
                written = strlen(name) + 1 + strlen(ci->text);
                break;
            case AS_ITEM_STAR: {
                int tuple = it->tuple & 1;
                as_buf b;
                as_buf_init(&b, a);
                as_buf_putc(&b, tuple ? '(' : '[');
                for (int j = 0; j < nx; j++) {
                    if (j)
                        as_buf_puts(&b, ", ");
                    as_buf_puts(&b, expr_pool[it->expr[j] % COUNT(expr_pool)]);
                }
                if (tuple && nx == 1)
                    as_buf_putc(&b, ',');
                as_buf_putc(&b, tuple ? ')' : ']');
                written = 1 + b.len;
                ci->text = as_buf_str(&b);
                break;
            }
            default: {
                as_buf b;
                as_buf_init(&b, a);
                as_buf_putc(&b, '{');
                for (int j = 0; j < nx; j++) {
                    if (j)
                        as_buf_puts(&b, ", ");
                    as_buf_putc(&b, '\'');
                    as_buf_puts(&b, pick_name(p, n, (uint8_t)(it->name + j)));
                    as_buf_puts(&b, "': ");
                    as_buf_puts(&b, expr_pool[it->expr[j] % COUNT(expr_pool)]);
                }
                as_buf_putc(&b, '}');
                written = 2 + b.len;
                ci->text = as_buf_str(&b);
                break;
            }
            }
            column += (int)written;
        }
    return 1;
}

/* Parse the three texts into out->gc; fills the canonical texts.  -1 when
 * any of them is rejected. */
static int parse_case(as_arena *a, const char *sig, const char *spec, const char *call, fz_case *out)
{
    as_error err;
    memset(&out->gc, 0, sizeof out->gc);
    if (as_signature_parse(a, sig, strlen(sig), out->py_minor, &out->gc.sig, &err) != 0)
        return -1;
    if (as_spec_parse(a, spec, strlen(spec), &out->gc.spec, &err) != 0)
        return -1;
    if (call) {
        if (as_call_parse(a, call, strlen(call), out->py_minor, &out->gc.call, &err) != 0)
            return -1;
        out->gc.has_call = 1;
    }
    /* the canonical texts, as for a plan, only when fz_case_texts asks */
    return 0;
}

static const char *family_at(int index)
{
    const char *fams[64];
    int n = fz_families(fams, 64);
    if (n > 64)
        n = 64;
    return n ? fams[index % n] : "jax.jit";
}

void fz_plan_render(as_arena *arena, const fz_plan *plan, fz_case *out)
{
    memset(out, 0, sizeof *out);
    out->py_minor = AS_PY_MIN + plan->py % (AS_PY_MAX - AS_PY_MIN + 1);
    out->family = family_at(plan->family);
    rparam p[FZ_MAX_PARAMS];
    int n = render_params(arena, plan, p);
    /* Built as the parsers would build them from the plan's texts (no
     * text is printed or parsed here: fz_case_texts prints them when
     * asked; fuzz_codec checks that they parse back to these parts). */
    as_signature *sig = &out->gc.sig;
    sig->params = as_arena_alloc(arena, FZ_MAX_PARAMS * sizeof *sig->params);
    sig->n_params = n;
    for (int i = 0; i < n; i++)
        sig->params[i] = (as_param){p[i].name, p[i].kind, p[i].ann, p[i].def};
    as_error err;
    if (as_signature_finish(sig, out->py_minor, &err) != 0) {
        /* The normalisation makes every plan valid; this only guards
         * against a rule it missed, so the harness still runs. */
        out->fallback = 1;
        sig->n_params = 0;
        as_signature_finish(sig, out->py_minor, &err);
        return;
    }
    build_spec(arena, plan, out->family, p, n, &out->gc.spec);
    out->gc.has_call = build_call(arena, plan, p, n, &out->gc.call);
}

void fz_case_texts(as_arena *arena, fz_case *c)
{
    if (c->signature)
        return;
    c->signature = as_signature_print(arena, &c->gc.sig);
    c->spec = as_spec_print(arena, &c->gc.spec);
    c->call = c->gc.has_call ? as_call_print(arena, &c->gc.call) : NULL;
}

/* ---- text form ----------------------------------------------------------- */

static const char *next_line(as_arena *a, const char **p, const char *end)
{
    if (*p >= end)
        return NULL;
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    const char *stop = nl ? nl : end;
    const char *line = as_arena_strndup(a, *p, (size_t)(stop - *p));
    *p = nl ? nl + 1 : end;
    return line;
}

/* sscanf's "%Ns" without its set-up (a fifth of a text-form decode): skip
 * white space, copy at most cap - 1 bytes of the next word. */
static void next_word(const char **p, char *dst, size_t cap)
{
    const char *s = *p;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = 0;
    while (s[n] && !isspace((unsigned char)s[n]) && n + 1 < cap)
        n++;
    memcpy(dst, s, n);
    dst[n] = '\0';
    *p = s + n;
}

static int decode_text(as_arena *a, const uint8_t *data, size_t size, fz_case *out)
{
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    if (memchr(p, '\0', (size_t)(end - p)))
        return -1;
    const char *header = next_line(a, &p, end);
    const char *sig = next_line(a, &p, end);
    const char *spec = next_line(a, &p, end);
    const char *call = next_line(a, &p, end);
    if (!header || !sig)
        return -1;
    memset(out, 0, sizeof *out);
    char version[16] = "", family[96] = "";
    const char *h = header;
    next_word(&h, version, sizeof version);
    next_word(&h, family, sizeof family);
    out->py_minor = as_pyversion_parse(version);
    if (out->py_minor < 0)
        out->py_minor = AS_PY_DEFAULT;
    out->family = family_at(0);
    const char *fams[64];
    int nf = fz_families(fams, 64);
    for (int i = 0; i < nf && i < 64; i++)
        if (strcmp(fams[i], family) == 0)
            out->family = fams[i];
    if (call && (strcmp(call, "-") == 0 || call[0] == '\0'))
        call = NULL;
    out->from_text = 1;
    return parse_case(a, sig, spec ? spec : "", call, out);
}

void fz_case_decode(as_arena *arena, const uint8_t *data, size_t size, fz_case *out)
{
    if (size > 0 && data[0] == FZ_TEXT_MAGIC && decode_text(arena, data, size, out) == 0)
        return;
    fz_plan plan;
    fz_plan_decode(data, size, &plan);
    fz_plan_render(arena, &plan, out);
}

size_t fz_case_encode_text(as_arena *arena, int py_minor, const char *family, const char *signature,
                           const char *spec, const char *call, uint8_t **out)
{
    char *text = as_arena_printf(arena, "%c3.%d %s\n%s\n%s\n%s\n", FZ_TEXT_MAGIC, py_minor,
                                 family, signature, spec ? spec : "", call ? call : "-");
    *out = (uint8_t *)text;
    return strlen(text);
}

/* ---- case-level mutation ----------------------------------------------- */

FZ_NO_COVERAGE static uint32_t xorshift_next(uint32_t *s)
{
    uint32_t x = *s ? *s : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

FZ_NO_COVERAGE static void random_param(fz_param *p, uint32_t *s)
{
    uint32_t r = xorshift_next(s);
    /* Mostly plain positional-or-keyword parameters, as in real code. */
    p->kind = (r & 3) ? AS_POSITIONAL_OR_KEYWORD : (uint8_t)((r >> 2) % 5);
    p->name = (uint8_t)(r >> 8);
    p->has_default = (uint8_t)(r >> 16);
    p->def_expr = (uint8_t)(r >> 24);
    r = xorshift_next(s);
    p->has_ann = (uint8_t)r;
    p->ann_expr = (uint8_t)(r >> 8);
}

FZ_NO_COVERAGE static void random_selector(fz_selector *sel, uint32_t *s)
{
    uint32_t r = xorshift_next(s);
    sel->type = (uint8_t)r;
    sel->index = (uint8_t)(r >> 8);
    sel->name = (uint8_t)(r >> 16);
}

FZ_NO_COVERAGE static void random_item(fz_item *it, uint32_t *s)
{
    uint32_t r = xorshift_next(s);
    it->kind = (uint8_t)r;
    it->name = (uint8_t)(r >> 8);
    it->n = (uint8_t)((r >> 16) % (FZ_MAX_ELEMS + 1));
    it->tuple = (uint8_t)(r >> 24);
    r = xorshift_next(s);
    for (int j = 0; j < FZ_MAX_ELEMS; j++)
        it->expr[j] = (uint8_t)(r >> (8 * j));
}

FZ_NO_COVERAGE void fz_plan_mutate(fz_plan *plan, uint32_t seed)
{
    uint32_t s = seed | 1;
    int ops = 1 + (int)(xorshift_next(&s) % 3);
    plan->n_params %= FZ_MAX_PARAMS + 1;
    plan->n_entries %= FZ_MAX_ENTRIES + 1;
    plan->n_items %= FZ_MAX_ITEMS + 1;
    while (ops--) {
        uint32_t r = xorshift_next(&s);
        switch (r % 15) {
        case 0:
            plan->py = (uint8_t)(r >> 8);
            break;
        case 1:
            plan->family = (uint8_t)(r >> 8);
            break;
        case 2:
            if (plan->n_params < FZ_MAX_PARAMS) {
                int at = (int)((r >> 8) % (plan->n_params + 1u));
                memmove(&plan->params[at + 1], &plan->params[at],
                        (size_t)(plan->n_params - at) * sizeof *plan->params);
                random_param(&plan->params[at], &s);
                plan->n_params++;
            }
            break;
        case 3:
            if (plan->n_params > 0) {
                int at = (int)((r >> 8) % plan->n_params);
                memmove(&plan->params[at], &plan->params[at + 1],
                        (size_t)(plan->n_params - at - 1) * sizeof *plan->params);
                plan->n_params--;
            }
            break;
        case 4:
            if (plan->n_params > 0) {
                fz_param *p = &plan->params[(r >> 8) % plan->n_params];
                uint8_t v = (uint8_t)xorshift_next(&s);
                switch ((r >> 16) % 4) {
                case 0: p->kind = v % 5; break;
                case 1: p->name = v; break;
                case 2: p->has_default = v; p->def_expr = (uint8_t)(v >> 2); break;
                default: p->has_ann = v; p->ann_expr = (uint8_t)(v >> 2); break;
                }
            }
            break;
        case 5:
            if (plan->n_entries < FZ_MAX_ENTRIES) {
                fz_entry *e = &plan->entries[plan->n_entries++];
                e->keyword = (uint8_t)(r >> 8);
                e->shape = (uint8_t)(r >> 16);
                e->n = (uint8_t)(1 + (r >> 24) % FZ_MAX_SELECTORS);
                for (int j = 0; j < FZ_MAX_SELECTORS; j++)
                    random_selector(&e->sel[j], &s);
            }
            break;
        case 6:
            if (plan->n_entries > 0) {
                int at = (int)((r >> 8) % plan->n_entries);
                memmove(&plan->entries[at], &plan->entries[at + 1],
                        (size_t)(plan->n_entries - at - 1) * sizeof *plan->entries);
                plan->n_entries--;
            }
            break;
        case 7:
            if (plan->n_entries > 0) {
                fz_entry *e = &plan->entries[(r >> 8) % plan->n_entries];
                uint8_t v = (uint8_t)xorshift_next(&s);
                switch ((r >> 16) % 3) {
                case 0: e->keyword = v; break;
                case 1: e->shape = v; break;
                default: e->n = v % (FZ_MAX_SELECTORS + 1); break;
                }
            }
            break;
        case 8:
            if (plan->n_entries > 0) {
                fz_entry *e = &plan->entries[(r >> 8) % plan->n_entries];
                fz_selector *sel = &e->sel[(r >> 16) % FZ_MAX_SELECTORS];
                uint8_t v = (uint8_t)xorshift_next(&s);
                switch ((r >> 24) % 4) {
                case 0: sel->index = (uint8_t)(sel->index + 1); break;
                case 1: sel->index = (uint8_t)(sel->index - 1); break;
                case 2: sel->name = v; break;
                default: sel->type = v; break;
                }
            }
            break;
        case 9:
            if (plan->n_items < FZ_MAX_ITEMS) {
                int at = (int)((r >> 8) % (plan->n_items + 1u));
                memmove(&plan->items[at + 1], &plan->items[at],
                        (size_t)(plan->n_items - at) * sizeof *plan->items);
                random_item(&plan->items[at], &s);
                plan->n_items++;
                if (plan->has_call % 8 == 0)
                    plan->has_call = 1;
            }
            break;
        case 10:
            if (plan->n_items > 0) {
                int at = (int)((r >> 8) % plan->n_items);
                memmove(&plan->items[at], &plan->items[at + 1],
                        (size_t)(plan->n_items - at - 1) * sizeof *plan->items);
                plan->n_items--;
            }
            break;
        case 11:
            if (plan->n_items > 0) {
                fz_item *it = &plan->items[(r >> 8) % plan->n_items];
                uint8_t v = (uint8_t)xorshift_next(&s);
                switch ((r >> 16) % 5) {
                case 0: it->kind = v % 4; break;
                case 1: it->name = v; break;
                case 2: it->n = v % (FZ_MAX_ELEMS + 1); break;
                case 3: it->tuple = v; break;
                default: it->expr[v % FZ_MAX_ELEMS] = (uint8_t)(v >> 2); break;
                }
            }
            break;
        case 12:
            plan->has_call = plan->has_call % 8 == 0 ? 1 : 0;
            break;
        case 13:
            if (plan->n_params > 1) {
                int i = (int)((r >> 8) % plan->n_params), j = (int)((r >> 16) % plan->n_params);
                fz_param t = plan->params[i];
                plan->params[i] = plan->params[j];
                plan->params[j] = t;
            }
            break;
        default:
            if (plan->n_items > 1) {
                int i = (int)((r >> 8) % plan->n_items), j = (int)((r >> 16) % plan->n_items);
                fz_item t = plan->items[i];
                plan->items[i] = plan->items[j];
                plan->items[j] = t;
            }
            break;
        }
    }
}

FZ_NO_COVERAGE void fz_plan_cross(const fz_plan *a, const fz_plan *b, uint32_t seed, fz_plan *out)
{
    uint32_t s = seed | 1;
    uint32_t r = xorshift_next(&s);
    *out = *a;
    if (r & 1) {
        out->n_entries = b->n_entries;
        memcpy(out->entries, b->entries, sizeof out->entries);
    }
    if (r & 2) {
        out->has_call = b->has_call;
        out->n_items = b->n_items;
        memcpy(out->items, b->items, sizeof out->items);
    }
    if (r & 4)
        out->family = b->family;
    if ((r & 24) == 24) {
        /* Splice parameter lists: a's head, b's tail. */
        int na = a->n_params % (FZ_MAX_PARAMS + 1), nb = b->n_params % (FZ_MAX_PARAMS + 1);
        int cut = na ? (int)((r >> 8) % (unsigned)na) : 0;
        int from = nb ? (int)((r >> 16) % (unsigned)nb) : 0;
        int n = cut;
        for (int i = from; i < nb && n < FZ_MAX_PARAMS; i++)
            out->params[n++] = b->params[i];
        out->n_params = (uint8_t)n;
    }
}

FZ_NO_COVERAGE size_t fz_mutate_bytes(const uint8_t *data, size_t size, uint8_t *out, size_t cap, uint32_t seed)
{
    uint32_t s = seed | 1;
    if (size > 0 && data[0] == FZ_TEXT_MAGIC && (xorshift_next(&s) & 3) != 0) {
        /* Text seeds: keep the text, vary the version and family it runs under. */
        /* reset, not freed, per call: under ASan a freed chunk is
         * poisoned and quarantined (see fuzz_input_arena) */
        static as_arena a;
        static int ready;
        if (!ready) {
            as_arena_init(&a);
            ready = 1;
        }
        as_arena_reset(&a);
        fz_case c;
        fz_case_decode(&a, data, size, &c);
        fz_case_texts(&a, &c);
        const char *fams[64];
        int nf = fz_families(fams, 64);
        uint32_t r = xorshift_next(&s);
        int py = c.py_minor, fi = -1;
        if (r & 1)
            py = AS_PY_MIN + (int)((r >> 8) % (AS_PY_MAX - AS_PY_MIN + 1));
        else if (nf > 0)
            fi = (int)((r >> 8) % (unsigned)(nf < 64 ? nf : 64));
        uint8_t *text;
        size_t n = fz_case_encode_text(&a, py, fi >= 0 ? fams[fi] : c.family, c.signature, c.spec,
                                       c.call, &text);
        if (n > cap)
            n = cap;
        memcpy(out, text, n);
        return n;
    }
    fz_plan plan;
    fz_plan_decode(data, size, &plan);
    fz_plan_mutate(&plan, xorshift_next(&s));
    return fz_plan_encode(&plan, out, cap);
}
