/* diffcheck.c — see diffcheck.h. */
#include <stdlib.h>
#include <string.h>

#include "engine/diffcheck.h"
#include "engine/compare.h"
#include "engine/metamorphic.h"
#include "oracle/split.h"
#include "subjects/registry.h"

enum { AS_DIFFCHECK_MAX_GROUP = 64 };

typedef struct checks {
    as_arena *a;
    int full, n, stop;
    as_finding_fn fn;
    void *ctx;
} checks;

static const char *json_text(as_arena *a, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(j);
    const char *copy = as_arena_strdup(a, s ? s : "null");
    free(s);
    return copy;
}

static void check(checks *k, const as_case *c, const as_subject *subj, const char *other,
                  const char *relation, const as_split *expected, const as_split *observed,
                  unsigned flags, const as_case *rewritten)
{
    as_compare_result r;
    if (k->stop || !as_compare(k->a, c, subj->id, relation, expected, observed, flags, &r))
        return;
    as_finding f;
    memset(&f, 0, sizeof f);
    f.key = r.key;
    f.subject = subj->id;
    f.relation = relation;
    f.rule = r.rule ? r.rule : "";
    f.other = other;
    f.py_minor = c->py_minor;
    if (k->full) {
        if (rewritten)
            f.other = as_arena_printf(k->a, "%s | %s", as_spec_print(k->a, rewritten->spec),
                                      rewritten->call_text ? rewritten->call_text : "-");
        f.signature = c->signature_text;
        f.spec_json = json_text(k->a, as_spec_to_json(c->spec));
        f.call = c->call_text;
        f.observed_json = json_text(k->a, as_split_to_json(observed, subj->id));
        f.expected_json = json_text(k->a, as_split_to_json(expected, other ? other : subj->id));
    }
    k->n++;
    if (k->fn(k->ctx, &f))
        k->stop = 1;
}

int as_diffcheck_case(as_arena *arena, const as_gen_case *gc, const char *family, int py_minor, int full,
                 as_finding_fn fn, void *ctx)
{
    const as_subject *ref = as_subject_reference();
    const as_subject *subs[AS_DIFFCHECK_MAX_GROUP];
    int n = 0;
    for (const as_subject *const *s = as_subjects_all(); *s && n < AS_DIFFCHECK_MAX_GROUP; s++)
        if (*s != ref && !((*s)->caps & AS_CAP_EXTERNAL) && strcmp((*s)->family, family) == 0)
            subs[n++] = *s;
    const as_gen_family *fam = as_gen_family_for(family);

    as_case c;
    as_error err;
    if (as_case_from_parts(arena, &gc->sig, &gc->spec, gc->has_call ? &gc->call : NULL, py_minor, &c,
                           &err) < 0)
        return -1;
    checks k = {arena, full, 0, 0, fn, ctx};
    as_split rsplit, split[AS_DIFFCHECK_MAX_GROUP];
    as_subject_split(ref, arena, &c, &rsplit);
    for (int i = 0; i < n; i++) {
        as_subject_split(subs[i], arena, &c, &split[i]);
        check(&k, &c, subs[i], ref->id, "vs-reference", &rsplit, &split[i], 0, NULL);
    }
    for (int m = 0; m < AS_META_COUNT && !k.stop; m++) {
        as_gen_case rw;
        if (!as_meta_rewrite(arena, (as_meta)m, fam, gc, &c, &rw))
            continue;
        as_case c2;
        if (as_case_from_parts(arena, &rw.sig, &rw.spec, rw.has_call ? &rw.call : NULL, py_minor, &c2,
                               &err) < 0)
            continue;
        unsigned flags = m == AS_META_POSITIONAL_KEYWORD ? AS_COMPARE_IGNORE_PASSED : 0;
        const char *relation = as_meta_relation((as_meta)m);
        as_split s2;
        as_subject_split(ref, arena, &c2, &s2);
        check(&k, &c, ref, NULL, relation, &rsplit, &s2, flags, &c2);
        for (int i = 0; i < n; i++) {
            as_subject_split(subs[i], arena, &c2, &s2);
            check(&k, &c, subs[i], NULL, relation, &split[i], &s2, flags, &c2);
        }
    }
    return k.n;
}
