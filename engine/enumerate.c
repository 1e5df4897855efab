/* enumerate.c — bounded-exhaustive cases; see enumerate.h. */
#include "engine/enumerate.h"

#include <string.h>

static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
enum { MAX_K = 8, MAX_SPECS = 1 << 16, MAX_CALLS = 1 << 14 };

typedef struct walk {
    const as_enum_options *o;
    const as_gen_family *fam;
    int py_minor;
    as_enum_fn fn;
    void *ctx;
    long long count;
    int stop;
    as_arena arena;          /* per signature */
    as_gen_case gc;
    as_spec *specs;
    int n_specs;
    as_call *calls;
    int n_calls;
} walk;

static as_value v_int(long long i) { return (as_value){.type = AS_VALUE_INT, .i = i}; }
static as_value v_str(const char *s) { return (as_value){.type = AS_VALUE_STR, .s = s}; }

/* The selector alphabet of one keyword form for this signature. */
static int alphabet(const as_signature *sig, as_kw_form form, as_value *out)
{
    int n = sig->n_params, k = 0;
    if (form == AS_KW_NUMS) {
        for (int i = -(n + 1); i <= n; i++)
            out[k++] = v_int(i);
    } else {
        for (int i = 0; i < n; i++)
            out[k++] = v_str(sig->params[i].name);
        out[k++] = v_str("zz");
    }
    return k;
}

static void add_spec(walk *w, const char *k1, as_value v1, const char *k2, const as_value *v2)
{
    if (w->n_specs >= MAX_SPECS)
        return;
    as_spec *s = &w->specs[w->n_specs++];
    s->entries = as_arena_alloc(&w->arena, sizeof(as_spec_entry) * 2);
    s->n_entries = 0;
    if (k1)
        s->entries[s->n_entries++] = (as_spec_entry){k1, v1};
    if (k2)
        s->entries[s->n_entries++] = (as_spec_entry){k2, *v2};
}

static as_value tuple(walk *w, const as_value *items, int n)
{
    as_value t = {.type = AS_VALUE_TUPLE, .n_items = n};
    t.items = as_arena_alloc(&w->arena, sizeof(as_value) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        t.items[i] = items[i];
    return t;
}

static void build_specs(walk *w)
{
    const as_signature *sig = &w->gc.sig;
    w->n_specs = 0;
    w->specs = as_arena_alloc(&w->arena, sizeof(as_spec) * MAX_SPECS);
    add_spec(w, NULL, v_int(0), NULL, NULL);
    as_value alpha[2 * MAX_K + 4], alpha2[2 * MAX_K + 4], seq[16];
    for (int k = 0; k < w->fam->n_keywords; k++) {
        const as_gen_keyword *kw = &w->fam->keywords[k];
        if (kw->form == AS_KW_AXES) {
            add_spec(w, kw->name, v_int(0), NULL, NULL);
            add_spec(w, kw->name, (as_value){.type = AS_VALUE_NONE}, NULL, NULL);
            int np = sig->n_positional;
            for (int mask = 0; mask < (1 << np); mask++) {
                for (int i = 0; i < np; i++)
                    seq[i] = (mask >> i) & 1 ? (as_value){.type = AS_VALUE_NONE} : v_int(0);
                add_spec(w, kw->name, tuple(w, seq, np), NULL, NULL);
            }
            for (int i = 0; i <= np; i++)
                seq[i] = v_int(0);
            add_spec(w, kw->name, tuple(w, seq, np + 1), NULL, NULL);
            continue;
        }
        int na = alphabet(sig, kw->form, alpha);
        add_spec(w, kw->name, tuple(w, NULL, 0), NULL, NULL);
        for (int i = 0; i < na; i++)
            add_spec(w, kw->name, alpha[i], NULL, NULL);
        int s = w->o->max_spec < 16 ? w->o->max_spec : 15;
        for (int len = 1; len <= s; len++) {
            int idx[16] = {0};
            for (;;) {
                for (int i = 0; i < len; i++)
                    seq[i] = alpha[idx[i]];
                add_spec(w, kw->name, tuple(w, seq, len), NULL, NULL);
                int p = len - 1;
                while (p >= 0 && ++idx[p] == na)
                    idx[p--] = 0;
                if (p < 0)
                    break;
            }
        }
        /* nums together with names (each partner pair once) */
        if (kw->form == AS_KW_NUMS && kw->partner) {
            const as_gen_keyword *pk = NULL;
            for (int j = 0; j < w->fam->n_keywords; j++)
                if (strcmp(w->fam->keywords[j].name, kw->partner) == 0)
                    pk = &w->fam->keywords[j];
            if (!pk)
                continue;
            int nb = alphabet(sig, pk->form, alpha2);
            for (int i = 0; i < na; i++)
                for (int j = 0; j < nb; j++)
                    add_spec(w, kw->name, alpha[i], pk->name, &alpha2[j]);
        }
    }
}

/* ---- calls ------------------------------------------------------------ */

typedef struct call_state {
    as_call_item items[2 * MAX_K + 4];
    int n;
} call_state;

static void emit_call(walk *w, const call_state *cs)
{
    if (w->n_calls >= MAX_CALLS)
        return;
    as_call *c = &w->calls[w->n_calls++];
    c->items = as_arena_alloc(&w->arena, sizeof(as_call_item) * (size_t)(cs->n + 1));
    memcpy(c->items, cs->items, sizeof(as_call_item) * (size_t)cs->n);
    c->n_items = cs->n;
    for (int i = 0; i < c->n_items; i++)
        c->items[i].text = as_arena_printf(&w->arena, "x%d", i);
}

/* Parameters from j on, deciding keyword / omitted for PK (j >= P) and KO. */
static void calls_from(walk *w, call_state *cs, int j)
{
    const as_signature *sig = &w->gc.sig;
    if (j == sig->n_params) {
        emit_call(w, cs);
        return;
    }
    const as_param *p = &sig->params[j];
    if (p->kind == AS_POSITIONAL_OR_KEYWORD || p->kind == AS_KEYWORD_ONLY) {
        cs->items[cs->n++] = (as_call_item){.kind = AS_ITEM_KEYWORD, .keyword = p->name, .text = NULL};
        calls_from(w, cs, j + 1);
        cs->n--;
        if (p->default_text)
            calls_from(w, cs, j + 1);
    } else if (p->kind == AS_VAR_KEYWORD) {
        calls_from(w, cs, j + 1);
        cs->items[cs->n++] = (as_call_item){.kind = AS_ITEM_KEYWORD, .keyword = "k0", .text = NULL};
        calls_from(w, cs, j + 1);
        cs->n--;
        if (sig->n_posonly) {
            cs->items[cs->n++] = (as_call_item){.kind = AS_ITEM_KEYWORD, .keyword = sig->params[0].name, .text = NULL};
            calls_from(w, cs, j + 1);
            cs->n--;
        }
    } else {
        calls_from(w, cs, j + 1);   /* PO beyond P: defaulted, omitted; VP */
    }
}

static void build_calls(walk *w)
{
    const as_signature *sig = &w->gc.sig;
    w->n_calls = 0;
    w->calls = as_arena_alloc(&w->arena, sizeof(as_call) * MAX_CALLS);
    int np = sig->n_positional, min_p = 0;
    for (int i = 0; i < sig->n_posonly; i++)
        if (!sig->params[i].default_text)
            min_p = i + 1;
    for (int p = min_p; p <= np; p++) {
        for (int extra = 0; extra <= (p == np && sig->varargs_index >= 0); extra++) {
            call_state cs = {.n = 0};
            for (int i = 0; i < p + extra; i++)
                cs.items[cs.n++] = (as_call_item){.kind = AS_ITEM_POSITIONAL};
            calls_from(w, &cs, p);
        }
    }
}

static void visit_signature(walk *w)
{
    as_error err;
    if (as_signature_finish(&w->gc.sig, w->py_minor, &err) < 0)
        return;
    build_specs(w);
    build_calls(w);
    for (int s = 0; s < w->n_specs && !w->stop; s++) {
        w->gc.spec = w->specs[s];
        for (int c = 0; c < w->n_calls && !w->stop; c++) {
            w->count++;
            if (!w->fn)
                continue;
            w->gc.call = w->calls[c];
            w->gc.has_call = 1;
            if (w->fn(w->ctx, &w->gc))
                w->stop = 1;
        }
    }
}

long long as_enumerate(const as_enum_options *o, const char *family, int py_minor, as_enum_fn fn,
                       void *ctx)
{
    walk w = {.o = o, .fam = as_gen_family_for(family), .py_minor = py_minor, .fn = fn, .ctx = ctx};
    as_arena_init(&w.arena);
    int k = o->max_params < MAX_K ? o->max_params : MAX_K;
    as_param params[MAX_K];
    for (int total = 0; total <= k && !w.stop; total++)
        for (int vp = 0; vp <= 1; vp++)
            for (int vk = 0; vk <= 1; vk++) {
                int named = total - vp - vk;
                if (named < 0)
                    continue;
                for (int n_po = 0; n_po <= named; n_po++)
                    for (int n_pk = 0; n_po + n_pk <= named; n_pk++) {
                        int n_ko = named - n_po - n_pk, npos = n_po + n_pk;
                        for (int d = 0; d <= npos; d++)
                            for (int mask = 0; mask < (1 << n_ko) && !w.stop; mask++) {
                                as_arena_reset(&w.arena);
                                int q = 0, nm = 0;
                                for (int i = 0; i < npos; i++, q++)
                                    params[q] = (as_param){names[nm++],
                                        i < n_po ? AS_POSITIONAL_ONLY : AS_POSITIONAL_OR_KEYWORD,
                                        NULL, i >= npos - d ? "0.0" : NULL};
                                if (vp)
                                    params[q++] = (as_param){"args", AS_VAR_POSITIONAL, NULL, NULL};
                                for (int i = 0; i < n_ko; i++, q++)
                                    params[q] = (as_param){names[nm++], AS_KEYWORD_ONLY, NULL,
                                                           (mask >> i) & 1 ? "1.0" : NULL};
                                if (vk)
                                    params[q++] = (as_param){"kwargs", AS_VAR_KEYWORD, NULL, NULL};
                                memset(&w.gc, 0, sizeof w.gc);
                                w.gc.sig.params = params;
                                w.gc.sig.n_params = q;
                                visit_signature(&w);
                            }
                    }
            }
    as_arena_free(&w.arena);
    return w.count;
}
