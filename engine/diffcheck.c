/* diffcheck.c — the one check loop; see diffcheck.h. */
#include "engine/diffcheck.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "engine/metamorphic.h"
#include "engine/rootcause.h"
#include "oracle/split.h"
#include "subjects/external.h"
#include "subjects/registry.h"
#include "oracle/fnv.h"

void as_check_group_init(as_check_group *g, const char *family)
{
    memset(g, 0, sizeof *g);
    g->family = family;
    g->fam = as_gen_family_for(family);
}

int as_check_group_add(as_check_group *g, const as_subject *s, const as_subject *model)
{
    if (g->n >= AS_CHECK_MAX_GROUP)
        return -1;
    g->model[g->n] = model;
    g->subs[g->n++] = s;
    g->n_builtin += !(s->caps & AS_CAP_EXTERNAL);
    return 0;
}

void as_check_group_finish(as_check_group *g)
{
    for (int i = 1; i < g->n_builtin; i++)
        snprintf(g->pair_names[i], sizeof g->pair_names[i], "%s>%s", g->subs[i - 1]->id, g->subs[i]->id);
}

void as_check_group_family(as_check_group *g, const char *family)
{
    as_check_group_init(g, family);
    const as_subject *ref = as_subject_reference();
    for (const as_subject *const *s = as_subjects_all(); *s; s++)
        if (*s != ref && !((*s)->caps & AS_CAP_EXTERNAL) && strcmp((*s)->family, family) == 0)
            as_check_group_add(g, *s, NULL);
    as_check_group_finish(g);
}

/* ---- the root-cause memo --------------------------------------------------- */

enum { CAUSE_MEMO_CAP = 4096,   /* slots; half of them are filled at most */
       CAUSE_PINS = 8 };        /* the check loop's last root causes (loop_cause) */

struct as_cause_memo {
    struct cause_slot {
        char *family;              /* the subject id up to '@' (what the cause reads of it); NULL = empty */
        int ref;                   /* as_rootcause_ref_key (1) or as_rootcause_key (0) */
        uint64_t hash;
        char *mechanism, *cause;
        char cause_hash[9];
    } slots[CAUSE_MEMO_CAP];
    int n;
};

as_cause_memo *as_cause_memo_new(void)
{
    as_cause_memo *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    return m;
}

void as_cause_memo_free(as_cause_memo *m)
{
    if (!m)
        return;
    for (int i = 0; i < CAUSE_MEMO_CAP; i++) {
        free(m->slots[i].family);
        free(m->slots[i].mechanism);
        free(m->slots[i].cause);
    }
    free(m);
}

/* A subject's root cause for `mechanism` (as_rootcause_ref_key when `ref`,
 * else as_rootcause_key: one masked message each) and its
 * as_rootcause_hash, through the memo when
 * there is one (the strings then live as long as the memo).  Of the
 * subject the cause reads only its family, the id up to '@'. */
static const char *cause_of(as_cause_memo *m, as_arena *a, const as_subject *subj, const char *mechanism, int ref,
                            const char **hash)
{
    size_t fam = strcspn(subj->id, "@");
    uint64_t h = m ? as_hash_str(as_hash_bytes((uint64_t)ref, subj->id, fam), mechanism) : 0;
    uint64_t j = h & (CAUSE_MEMO_CAP - 1);
    for (; m && m->slots[j].family; j = (j + 1) & (CAUSE_MEMO_CAP - 1)) {
        struct cause_slot *e = &m->slots[j];
        if (e->hash == h && e->ref == ref && strncmp(e->family, subj->id, fam) == 0 && e->family[fam] == '\0' &&
            strcmp(e->mechanism, mechanism) == 0) {
            *hash = e->cause_hash;
            return e->cause;
        }
    }
    const char *cause = ref ? as_rootcause_ref_key(a, subj->id, mechanism) : as_rootcause_key(a, subj->id, mechanism);
    char *hex = as_arena_alloc_raw(a, 9);
    as_rootcause_hash(cause, hex);
    *hash = hex;
    if (!m || 2 * (m->n + 1) > CAUSE_MEMO_CAP)   /* full: the rest are computed each time */
        return cause;
    struct cause_slot *e = &m->slots[j];
    *e = (struct cause_slot){strndup(subj->id, fam), ref, h, strdup(mechanism), strdup(cause), {0}};
    if (!e->family || !e->mechanism || !e->cause)
        abort();
    memcpy(e->cause_hash, hex, 9);
    m->n++;
    *hash = e->cause_hash;
    return e->cause;
}

/* ---- one comparison ------------------------------------------------------ */

typedef struct loop {
    const as_check_options *o;
    as_arena *a;
    as_checker *ck;
    const as_check_group *g;
    const as_case *c, *c2;         /* the original case, the rewritten one (or NULL) */
    const char *salient, *salient2;   /* as_spec_salient of each, once computed */
    const as_split *ref;           /* the reference on the original case */
    const char *vs_ref[AS_CHECK_MAX_GROUP];   /* subs[i]'s mechanism against it, "" = agrees */
    /* the last root causes found, by the mechanism's address: a pair or a
     * relation takes its cause from a vs-reference mechanism whose cause
     * is already known (the strings live as long as the case) */
    struct cause_pin {
        const char *mechanism, *cause, *hash;
        const as_subject *subj;
        int ref;
    } pins[CAUSE_PINS];
    int n_pins;
} loop;

/* The last hit of a check stage, kept so that the next subject, when its
 * splits are the same as this one's, reports the same hit under its own id
 * without comparing again (adjacent versions mostly behave alike). */
typedef struct last_hit {
    const as_subject *subj;        /* NULL: the stage found no difference for it */
    const char *key, *rule, *cause;
} last_hit;

/* The same splits in everything as_compare reads, so that any comparison
 * with either gives one result: stricter than as_split_equal, which lets a
 * side without donation or axes agree with one that has them. */
static int error_same(const as_error *a, const as_error *b)
{
    return strcmp(a->type, b->type) == 0 && strcmp(a->message, b->message) == 0;
}

static int split_same(const as_split *a, const as_split *b)
{
    if (a->decoration_ok != b->decoration_ok || a->has_call != b->has_call || a->call_ok != b->call_ok ||
        a->n_entries != b->n_entries || a->n_warnings != b->n_warnings)
        return 0;
    if (!a->decoration_ok)
        return error_same(&a->decoration_error, &b->decoration_error);
    for (int i = 0; i < a->n_warnings; i++)
        if (strcmp(a->warnings[i], b->warnings[i]) != 0)
            return 0;
    if (a->has_call && !a->call_ok)
        return error_same(&a->call_error, &b->call_error);
    for (int i = 0; a->has_call && i < a->n_entries; i++) {
        const as_split_entry *x = &a->entries[i], *y = &b->entries[i];
        if ((x->param != y->param && strcmp(x->param, y->param) != 0) || x->param_index != y->param_index ||
            x->kind != y->kind || x->passed != y->passed || x->slot != y->slot || x->verdict != y->verdict ||
            x->donated != y->donated || x->has_axis != y->has_axis || x->axis_is_null != y->axis_is_null ||
            x->axis != y->axis)
            return 0;
    }
    return 1;
}

static void report(loop *l, const as_case *c, const as_subject *subj, const char *other, const char *relation,
                   const char *key, const char *rule, const char *cause, const as_split *expected,
                   const as_split *observed, const as_case *rewritten, last_hit *last)
{
    if (last)
        *last = (last_hit){subj, key, rule, cause};
    as_check_hit h = {c, subj, other, relation, key, rule, cause, expected, observed, rewritten};
    l->ck->hit(l->ck, &h);
}

/* x y z in one allocation of the arena (a key per hit: no buffer growth). */
static const char *concat3(as_arena *a, const char *x, const char *y, const char *z)
{
    size_t nx = strlen(x), ny = strlen(y), nz = strlen(z);
    char *out = as_arena_alloc_raw(a, nx + ny + nz + 1);
    memcpy(out, x, nx);
    memcpy(out + nx, y, ny);
    memcpy(out + nx + ny, z, nz + 1);
    return out;
}

/* `hash`: as_rootcause_hash(cause), or NULL to compute it here. */
static void emit(loop *l, const as_case *c, const as_subject *subj, const char *other, const char *relation,
                 const as_compare_result *r, const char *cause, const char *hash, const as_split *expected,
                 const as_split *observed, const as_case *rewritten, last_hit *last)
{
    char hex[9];
    if (!hash) {
        as_rootcause_hash(cause, hex);
        hash = hex;
    }
    report(l, c, subj, other, relation, concat3(l->a, r->key, "|#", hash), r->rule, cause, expected, observed,
           rewritten, last);
}

/* The hit `last` reported for the previous subject, now for `subj`: its
 * key's subject field swapped (the key starts with the subject id), the
 * rule and root cause unchanged (one family, one group). */
static void emit_again(loop *l, const as_case *c, const as_subject *subj, const char *other, const char *relation,
                       const as_split *expected, const as_split *observed, const as_case *rewritten,
                       last_hit *last)
{
    report(l, c, subj, other, relation, concat3(l->a, subj->id, last->key + strlen(last->subj->id), ""),
           last->rule, last->cause, expected, observed, rewritten, last);
}

/* One family (the id before '@'): cause_of's memo and key read no more. */
static int same_family(const as_subject *x, const as_subject *y)
{
    size_t n = strcspn(x->id, "@");
    return x == y || (strcspn(y->id, "@") == n && strncmp(x->id, y->id, n) == 0);
}

/* cause_of in the check loop: a mechanism string seen before in this case
 * (by its address) has its cause already. */
static const char *loop_cause(loop *l, const as_subject *subj, const char *mechanism, int ref, const char **hash)
{
    int n = l->n_pins < CAUSE_PINS ? l->n_pins : CAUSE_PINS;
    for (int i = 0; i < n; i++) {
        const struct cause_pin *p = &l->pins[i];
        if (p->mechanism == mechanism && p->ref == ref && same_family(p->subj, subj)) {
            *hash = p->hash;
            return p->cause;
        }
    }
    const char *cause = cause_of(l->ck->causes, l->a, subj, mechanism, ref, hash);
    l->pins[l->n_pins++ % CAUSE_PINS] = (struct cause_pin){mechanism, cause, *hash, subj, ref};
    return cause;
}

static int compare(loop *l, const as_case *c, const char *subject, const char *relation,
                   const as_split *expected, const as_split *observed, unsigned flags, as_compare_result *r)
{
    const char **salient = c == l->c ? &l->salient : c == l->c2 ? &l->salient2 : NULL;
    return as_compare_memo(l->a, l->ck->memo, salient, c, subject, relation, expected, observed, flags, r);
}

/* The mechanism of a subject's split against the reference's on one case,
 * or NULL when they agree; on the original case (ref == l->ref) computed
 * once per subject. */
static const char *vs_ref(loop *l, const as_case *c, const as_subject *subj, const as_split *ref,
                          const as_split *split)
{
    int i = 0;
    while (ref == l->ref && i < l->g->n && l->g->subs[i] != subj)
        i++;
    int cached = ref == l->ref && i < l->g->n;
    if (cached && l->vs_ref[i])
        return *l->vs_ref[i] ? l->vs_ref[i] : NULL;
    as_compare_result r;
    const char *m = compare(l, c, subj->id, "vs-reference", ref, split, 0, &r) ? r.mechanism : NULL;
    if (cached)
        l->vs_ref[i] = m ? m : "";
    return m;
}

static void check_plain(loop *l, const as_case *c, const as_subject *subj, const char *key_subject,
                        const char *other, const char *relation, const as_split *expected,
                        const as_split *observed)
{
    as_compare_result r;
    if (!compare(l, c, key_subject, relation, expected, observed, 0, &r))
        return;
    const char *hash, *cause = loop_cause(l, subj, r.mechanism, 0, &hash);
    emit(l, c, subj, other, relation, &r, cause, hash, expected, observed, NULL, NULL);
}

/* subs[i] against the reference on the original case; its mechanism is
 * kept for the version pairs and relations that take their root cause from
 * it.  `same`: its split is the same as subs[i-1]'s, whose result `last`
 * holds. */
static void check_vs_ref(loop *l, const as_case *c, int i, const as_split *split, int same, last_hit *last)
{
    const as_subject *subj = l->g->subs[i];
    if (same) {
        l->vs_ref[i] = l->vs_ref[i - 1];
        if (*l->vs_ref[i])
            emit_again(l, c, subj, l->o->reference->id, "vs-reference", l->ref, split, NULL, last);
        return;
    }
    as_compare_result r;
    if (!compare(l, c, subj->id, "vs-reference", l->ref, split, 0, &r)) {
        l->vs_ref[i] = "";
        return;
    }
    l->vs_ref[i] = r.mechanism;
    const char *hash, *cause = loop_cause(l, subj, r.mechanism, 1, &hash);
    emit(l, c, subj, l->o->reference->id, "vs-reference", &r, cause, hash, l->ref, split, NULL, last);
}

/* Version pair old -> new: the root cause of the side that differs from the reference. */
static void check_pair(loop *l, const as_case *c, const as_check_group *g, int i, const as_split *ref,
                       const as_split *split)
{
    as_compare_result r;
    /* the pair's own mechanism only when neither side differs from the reference */
    if (!compare(l, c, g->pair_names[i], "version-pair", &split[i - 1], &split[i], AS_COMPARE_NO_MECHANISM, &r))
        return;
    const char *m = vs_ref(l, c, g->subs[i], ref, &split[i]);
    if (!m)
        m = vs_ref(l, c, g->subs[i - 1], ref, &split[i - 1]);
    if (!m)
        compare(l, c, g->pair_names[i], "version-pair", &split[i - 1], &split[i], 0, &r);
    const char *hash, *cause = loop_cause(l, g->subs[i], m ? m : r.mechanism, m != NULL, &hash);
    emit(l, c, g->subs[i], g->subs[i - 1]->id, "version-pair", &r, cause, hash, &split[i - 1], &split[i], NULL,
         NULL);
}

/* A subject's (or the reference's) answers on the original and the
 * rewritten case; `same` and `last` as for check_vs_ref (both answers the
 * same as the previous subject's). */
static void check_meta(loop *l, const as_case *c, const as_case *c2, const as_subject *subj, const char *relation,
                       unsigned flags, const as_split *ref, const as_split *ref2, const as_split *s1,
                       const as_split *s2, int same, last_hit *last)
{
    if (same) {
        if (last->subj)
            emit_again(l, c, subj, NULL, relation, s1, s2, c2, last);
        return;
    }
    if (last)
        last->subj = NULL;
    as_compare_result r;
    /* the relation's own mechanism only when nothing else explains it */
    if (!compare(l, c, subj->id, relation, s1, s2, flags | AS_COMPARE_NO_MECHANISM, &r))
        return;
    const char *cause, *hash;
    const char *m = subj == l->o->reference ? NULL : vs_ref(l, c, subj, ref, s1);
    if (!m && subj != l->o->reference)
        m = vs_ref(l, c2, subj, ref2, s2);
    as_compare_result rr;
    if (m) {
        cause = loop_cause(l, subj, m, 1, &hash);
    } else if (subj != l->o->reference && compare(l, c, "reference", relation, ref, ref2, flags, &rr)) {
        cause = loop_cause(l, l->o->reference, rr.mechanism, 0, &hash);   /* the reference breaks it */
    } else {
        compare(l, c, subj->id, relation, s1, s2, flags, &r);
        cause = loop_cause(l, subj, r.mechanism, 0, &hash);
    }
    emit(l, c, subj, NULL, relation, &r, cause, hash, s1, s2, c2, last);
}

static int is_failure_relation(const char *rel)
{
    return strcmp(rel, "subject-crash") == 0 || strcmp(rel, "subject-timeout") == 0;
}

/* An external subject's split: a crash or timeout is its own finding (the
 * other checks would only restate it); else its model's split is compared
 * under model-fidelity. */
static void check_external(loop *l, const as_case *c, const as_check_group *g, int i, const as_split *ref,
                           const as_split *split, int *failed)
{
    const char *rel = l->ck->only_relation;
    const char *fail = as_ext_failure_relation(split);
    *failed = fail != NULL;
    if (fail) {
        if (rel && strcmp(rel, fail) != 0)
            return;
        /* keyed by where it failed and the spec, not by the reference's
         * verdict: the reference has nothing to do with a crash */
        int at_call = split->decoration_ok;
        const char *type = at_call ? split->call_error.type : split->decoration_error.type;
        as_compare_result r;
        r.key = as_arena_printf(l->a, "%s|%s|%s|%s|%s", g->subs[i]->id, fail, at_call ? "call" : "decoration",
                                type, as_spec_salient(c));
        r.rule = fail;
        r.mechanism = as_arena_printf(l->a, "%s %s %s", fail, at_call ? "call" : "decoration", type);
        emit(l, c, g->subs[i], l->o->reference->id, fail, &r, as_rootcause_key(l->a, g->subs[i]->id, r.mechanism),
             NULL, ref, split, NULL, NULL);
        return;
    }
    if (g->model[i] && (!rel || strcmp(rel, "model-fidelity") == 0)) {
        as_split model;
        as_subject_split(g->model[i], l->a, c, &model);
        check_plain(l, c, g->subs[i], g->subs[i]->id, g->model[i]->id, "model-fidelity", &model, split);
    }
}

/* Two subjects that are one model under two ids (the same split function
 * and configuration) answer every case alike: the split is computed once. */
static int same_model(const as_subject *x, const as_subject *y)
{
    return x->split == y->split && x->config == y->config && !(x->caps & AS_CAP_EXTERNAL);
}

int as_check_case(const as_check_options *o, as_arena *a, const as_check_group *g, const as_gen_case *gc,
                  as_checker *ck, int meta_pick)
{
    as_case c;
    as_error err;
    /* the canonical texts only for an external subject (its request) or a
     * new finding (as_check_finding prints them) */
    int (*build)(as_arena *, const as_signature *, const as_spec *, const as_call *, int, as_case *, as_error *) =
        g->n > g->n_builtin ? as_case_from_parts : as_case_from_parts_untexted;
    if (build(a, &gc->sig, &gc->spec, gc->has_call ? &gc->call : NULL, o->py_minor, &c, &err) < 0)
        return -1;
    c.memo = as_case_memo_new(a);
    loop l = {o, a, ck, g, &c, NULL, NULL, NULL, NULL, {0}, {{0}}, 0};
    const char *rel = ck->only_relation;
    int want_ref = !rel || strcmp(rel, "vs-reference") == 0;
    int want_pairs = o->version_pairs && (!rel || strcmp(rel, "version-pair") == 0);
    int meta_one = rel ? as_meta_from_relation(rel) : meta_pick;
    int want_meta = o->meta && (!rel || meta_one >= 0);
    int want_ext = g->n > g->n_builtin &&
                   (!rel || want_ref || strcmp(rel, "model-fidelity") == 0 || is_failure_relation(rel));
    int ref_is_subject = !ck->only || ck->only == o->reference;

    /* the reference runs whenever there is a check: pairs and metamorphic
     * findings take their root cause from it */
    as_split ref;
    as_subject_split(o->reference, a, &c, &ref);
    l.ref = &ref;
    as_split split[AS_CHECK_MAX_GROUP];
    char need[AS_CHECK_MAX_GROUP], mine[AS_CHECK_MAX_GROUP];
    for (int i = 0; i < g->n; i++) {
        mine[i] = !ck->only || g->subs[i] == ck->only;
        need[i] = mine[i] || (want_pairs && i + 1 < g->n_builtin && g->subs[i + 1] == ck->only);
        if (i >= g->n_builtin)
            need[i] = mine[i] && want_ext;
        if (need[i] && i > 0 && i < g->n_builtin && need[i - 1] && same_model(g->subs[i], g->subs[i - 1]))
            split[i] = split[i - 1];
        else if (need[i])
            as_subject_split(g->subs[i], a, &c, &split[i]);
    }
    for (int i = g->n_builtin; i < g->n; i++)
        if (need[i]) {
            int failed;
            check_external(&l, &c, g, i, &ref, &split[i], &failed);
            if (failed)
                mine[i] = 0;
        }
    /* same[i]: subs[i] answered exactly as subs[i-1], both checked */
    char same[AS_CHECK_MAX_GROUP] = {0};
    for (int i = 1; i < g->n_builtin; i++)
        same[i] = mine[i] && need[i] && mine[i - 1] && need[i - 1] && split_same(&split[i], &split[i - 1]);
    last_hit last = {0};
    if (want_ref)
        for (int i = 0; i < g->n; i++)
            if (mine[i] && need[i])
                check_vs_ref(&l, &c, i, &split[i], same[i], &last);
    if (want_pairs)
        for (int i = 1; i < g->n_builtin; i++)
            if (mine[i] && need[i - 1] && !same[i])   /* the same answers: no difference */
                check_pair(&l, &c, g, i, &ref, split);
    if (!want_meta)
        return 0;
    for (int m = 0; m < AS_META_COUNT; m++) {
        if (meta_one >= 0 && m != meta_one)
            continue;
        as_gen_case rw;
        if (!as_meta_rewrite(a, (as_meta)m, g->fam, gc, &c, &rw))
            continue;
        as_case c2;
        if (!as_meta_rewrites_call((as_meta)m)) {   /* the same call and its binding: only the spec differs */
            c2 = c;
            c2.spec = &rw.spec;
        } else if (build(a, &rw.sig, &rw.spec, rw.has_call ? &rw.call : NULL, o->py_minor, &c2, &err) < 0) {
            continue;
        }
        c2.memo = as_case_memo_new(a);
        l.c2 = &c2;
        l.salient2 = NULL;
        unsigned flags = m == AS_META_POSITIONAL_KEYWORD ? AS_COMPARE_IGNORE_PASSED : 0;
        const char *relation = as_meta_relation((as_meta)m);
        as_split ref2, s2[2];     /* this subject's answer and the previous one's */
        as_subject_split(o->reference, a, &c2, &ref2);
        if (ref_is_subject)
            check_meta(&l, &c, &c2, o->reference, relation, flags, &ref, &ref2, &ref, &ref2, 0, NULL);
        last = (last_hit){0};
        for (int i = 0; i < g->n_builtin; i++)
            if (mine[i]) {
                as_split *cur = &s2[i & 1], *prev = &s2[!(i & 1)];
                if (i > 0 && mine[i - 1] && same_model(g->subs[i], g->subs[i - 1]))
                    *cur = *prev;
                else
                    as_subject_split(g->subs[i], a, &c2, cur);
                check_meta(&l, &c, &c2, g->subs[i], relation, flags, &ref, &ref2, &split[i], cur,
                           same[i] && split_same(cur, prev), &last);
            }
        l.c2 = NULL;
    }
    return 0;
}

/* ---- findings ------------------------------------------------------------ */

static const char *json_text(as_arena *a, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(j);
    const char *copy = as_arena_strdup(a, s ? s : "null");
    free(s);
    return copy;
}

/* as_split_to_json + json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII), byte for
 * byte, written directly (jansson built and dumped ~23k instructions of
 * objects per split of every new class).  Returns 0 when a string is not
 * UTF-8 as jansson checks it (jansson then drops the member: the caller
 * asks jansson itself, so the text stays whatever jansson makes of it). */
static int put_json_string(as_buf *b, const char *str)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)str;
    as_buf_putc(b, '"');
    while (*p) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            as_buf_putn(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        unsigned long cp = *p;
        int len = 1;
        if (cp >= 0x80) {   /* jansson's utf8_check_first / utf8_check_full */
            if (cp < 0xC2 || cp > 0xF4)
                return 0;
            len = cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
            cp &= len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07;
            for (int i = 1; i < len; i++) {
                if (p[i] < 0x80 || p[i] > 0xBF)
                    return 0;
                cp = (cp << 6) | (p[i] & 0x3F);
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (len == 3 && cp < 0x800) ||
                (len == 4 && cp < 0x10000))
                return 0;
        }
        p += len;
        const char *esc = cp == '\\' ? "\\\\" : cp == '"' ? "\\\"" : cp == '\b' ? "\\b" : cp == '\f' ? "\\f"
                          : cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : cp == '\t' ? "\\t" : NULL;
        if (esc) {
            as_buf_puts(b, esc);
            continue;
        }
        unsigned long units[2] = {cp, 0};
        int n_units = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 | ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 | ((cp - 0x10000) & 0x3FF);
            n_units = 2;
        }
        for (int i = 0; i < n_units; i++) {
            char u[6] = {'\\', 'u', hex[(units[i] >> 12) & 15], hex[(units[i] >> 8) & 15], hex[(units[i] >> 4) & 15],
                         hex[units[i] & 15]};
            as_buf_putn(b, u, 6);
        }
    }
    as_buf_putc(b, '"');
    return 1;
}

static int put_json_error(as_buf *b, const as_error *e)
{
    as_buf_puts(b, "{\"ok\":false,\"error\":");
    if (!put_json_string(b, e->type))
        return 0;
    as_buf_puts(b, ",\"message\":");
    if (!put_json_string(b, e->message))
        return 0;
    as_buf_putc(b, '}');
    return 1;
}

static void put_json_int(as_buf *b, long long v)
{
    char tmp[21];
    size_t n = v < 0;
    tmp[0] = '-';
    n += as_decimal(tmp + n, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
    as_buf_putn(b, tmp, n);
}

static int put_split_json(as_buf *b, const as_split *s, const char *subject_id)
{
    as_buf_puts(b, "{\"subject\":");
    if (!subject_id)
        as_buf_puts(b, "null");
    else if (!put_json_string(b, subject_id))
        return 0;
    as_buf_puts(b, ",\"decoration\":");
    if (s->decoration_ok) {
        as_buf_puts(b, "{\"ok\":true,\"warnings\":[");
        for (int i = 0; i < s->n_warnings; i++) {
            if (i)
                as_buf_putc(b, ',');
            if (!put_json_string(b, s->warnings[i]))
                return 0;
        }
        as_buf_puts(b, "]}");
    } else if (!put_json_error(b, &s->decoration_error)) {
        return 0;
    }
    as_buf_puts(b, ",\"call\":");
    if (!s->decoration_ok || !s->has_call) {
        as_buf_puts(b, "null");
    } else if (!s->call_ok) {
        if (!put_json_error(b, &s->call_error))
            return 0;
    } else {
        as_buf_puts(b, "{\"ok\":true,\"args\":[");
        for (int i = 0; i < s->n_entries; i++) {
            const as_split_entry *e = &s->entries[i];
            as_buf_puts(b, i ? ",{\"param\":" : "{\"param\":");
            if (!put_json_string(b, e->param))
                return 0;
            as_buf_puts(b, ",\"kind\":\"");
            as_buf_puts(b, as_kind_name(e->kind));
            as_buf_puts(b, "\",\"passed\":\"");
            as_buf_puts(b, as_passed_name(e->passed));
            as_buf_puts(b, "\",\"slot\":");
            if (e->slot >= 0)
                put_json_int(b, e->slot);
            else
                as_buf_puts(b, "null");
            as_buf_puts(b, ",\"verdict\":\"");
            as_buf_puts(b, as_verdict_name(e->verdict));
            as_buf_putc(b, '"');
            if (e->donated >= 0)
                as_buf_puts(b, e->donated ? ",\"donated\":true" : ",\"donated\":false");
            if (e->has_axis) {
                as_buf_puts(b, ",\"axis\":");
                if (e->axis_is_null)
                    as_buf_puts(b, "null");
                else
                    put_json_int(b, e->axis);
            }
            as_buf_putc(b, '}');
        }
        as_buf_puts(b, "]}");
    }
    as_buf_putc(b, '}');
    return 1;
}

/* A spec value as as_value_to_json + json_dumps writes it; 0 for what is
 * left to jansson: a float, a dict, a string it rejects. */
static int put_json_value(as_buf *b, const as_value *v)
{
    switch (v->type) {
    case AS_VALUE_NONE:
        as_buf_puts(b, "null");
        return 1;
    case AS_VALUE_BOOL:
        as_buf_puts(b, v->i ? "true" : "false");
        return 1;
    case AS_VALUE_INT:
        put_json_int(b, v->i);
        return 1;
    case AS_VALUE_STR:
        return put_json_string(b, v->s);
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
        as_buf_putc(b, '[');
        for (int i = 0; i < v->n_items; i++) {
            if (i)
                as_buf_putc(b, ',');
            if (!put_json_value(b, &v->items[i]))
                return 0;
        }
        as_buf_putc(b, ']');
        return 1;
    default:
        return 0;
    }
}

/* as_spec_to_json + json_dumps, written directly; 0 as above, and for a
 * keyword given twice (jansson keeps the first one's place). */
static int put_spec_json(as_buf *b, const as_spec *spec)
{
    as_buf_putc(b, '{');
    for (int i = 0; i < spec->n_entries; i++) {
        for (int j = 0; j < i; j++)
            if (strcmp(spec->entries[j].keyword, spec->entries[i].keyword) == 0)
                return 0;
        if (i)
            as_buf_putc(b, ',');
        if (!put_json_string(b, spec->entries[i].keyword))
            return 0;
        as_buf_putc(b, ':');
        if (!put_json_value(b, &spec->entries[i].value))
            return 0;
    }
    as_buf_putc(b, '}');
    return 1;
}

static const char *spec_json(as_arena *a, const as_spec *spec)
{
    as_buf b;
    as_buf_init(&b, a);
    if (put_spec_json(&b, spec))
        return as_buf_str(&b);
    return json_text(a, as_spec_to_json(spec));
}

const char *as_check_split_json(as_arena *a, const as_split *s, const char *subject_id)
{
    as_buf b;
    as_buf_init(&b, a);
    if (put_split_json(&b, s, subject_id))
        return as_buf_str(&b);
    return json_text(a, as_split_to_json(s, subject_id));
}

void as_check_finding(as_arena *a, const as_check_hit *h, int full, as_finding *f)
{
    memset(f, 0, sizeof *f);
    f->key = h->key;
    f->subject = h->subj->id;
    f->relation = h->relation;
    f->rule = h->rule ? h->rule : "";
    f->cause = h->cause;
    f->other = h->other;
    f->py_minor = h->c->py_minor;
    if (!full)
        return;
    if (h->rewritten) {
        const char *call = as_case_call_text(a, h->rewritten);
        f->other = as_arena_printf(a, "%s | %s", as_spec_print(a, h->rewritten->spec), call ? call : "-");
    }
    f->signature = as_case_signature_text(a, h->c);
    f->spec_json = spec_json(a, h->c->spec);
    f->call = as_case_call_text(a, h->c);
    f->observed_json = as_check_split_json(a, h->observed, h->subj->id);
    f->expected_json = as_check_split_json(a, h->expected, h->other ? h->other : h->subj->id);
}

typedef struct finding_checker {
    as_checker ck;                 /* first: the hit callback casts back */
    as_arena *a;
    int full, n, stop;
    as_finding_fn fn;
    void *ctx;
} finding_checker;

static void finding_hit(as_checker *ck, const as_check_hit *h)
{
    finding_checker *k = (finding_checker *)ck;
    if (k->stop)
        return;
    as_finding f;
    as_check_finding(k->a, h, k->full, &f);
    k->n++;
    if (k->fn(k->ctx, &f))
        k->stop = 1;
}

int as_diffcheck_case(as_arena *arena, const as_gen_case *gc, const char *family, int py_minor, int full,
                      as_finding_fn fn, void *ctx)
{
    as_check_group g;
    as_check_group_family(&g, family);
    as_check_options o = {as_subject_reference(), py_minor, 1, 1};
    finding_checker k = {{finding_hit, NULL, NULL, NULL, NULL}, arena, full, 0, 0, fn, ctx};
    if (as_check_case(&o, arena, &g, gc, &k.ck, -1) < 0)
        return -1;
    return k.n;
}
