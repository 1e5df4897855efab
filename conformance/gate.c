/* gate.c — see gate.h. */
#include "conformance/gate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conformance/outcome.h"
#include "engine/compare.h"
#include "subjects/families.h"
#include "subjects/registry.h"

int as_gate_applies(const as_conf_case *c, const as_spec *spec, const as_subject *s)
{
    if (strcmp(s->id, "reference") == 0)
        return 0;
    if (c->n_subjects > 0) {
        for (int i = 0; i < c->n_subjects; i++)
            if (strcmp(c->subjects[i], s->id) == 0 || strcmp(c->subjects[i], s->family) == 0)
                return 1;
        return 0;
    }
    /* meaningful for the family when its newest release takes every keyword */
    const as_family *f = as_family_find(s->family);
    if (!f || !*s->family)
        return 0;
    for (int i = 0; i < spec->n_entries; i++)
        if (!as_family_accepts(f, spec->entries[i].keyword))
            return 0;
    return 1;
}

const char *as_gate_class_name(as_gate_class cls)
{
    static const char *const names[] = {"pass", "expected-fail", "regression", "unexpected-pass",
                                        "changed-failure", "skipped"};
    return (unsigned)cls < AS_GATE_NCLASSES ? names[cls] : "?";
}

int as_gate_class_fails(as_gate_class cls)
{
    return cls == AS_GATE_REGRESSION || cls == AS_GATE_UNEXPECTED_PASS || cls == AS_GATE_CHANGED;
}

static char *json_text(as_arena *a, const as_split *s, const char *id)
{
    json_t *j = as_split_to_json(s, id);
    char *t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    char *r = as_arena_strdup(a, t ? t : "null");
    free(t);
    return r;
}

static as_gate_class classify(int agrees, const as_expect_entry *e, const char *outcome)
{
    if (e && strcmp(e->outcome, "skip") == 0)
        return AS_GATE_SKIP;
    int is_tag = e && strncmp(e->key, "tag:", 4) == 0;
    if (agrees)
        return e && !is_tag ? AS_GATE_UNEXPECTED_PASS : AS_GATE_PASS;
    if (!e)
        return AS_GATE_REGRESSION;
    if (strcmp(e->outcome, "*") == 0 || as_outcome_matches(e->outcome, outcome))
        return AS_GATE_XFAIL;
    return AS_GATE_CHANGED;
}

int as_gate_run(as_arena *a, const as_conf_suite *suite, const as_expectations *ex,
                const as_subject *const *subjects, int n_subjects, const volatile sig_atomic_t *stop,
                as_gate *g, as_error *err)
{
    memset(g, 0, sizeof *g);
    g->suite = suite;
    g->subjects = subjects;
    g->n_subjects = n_subjects;
    g->reference = as_arena_alloc(a, sizeof *g->reference * (size_t)(suite->n_cases + 1));
    g->reference_json = as_arena_alloc(a, sizeof *g->reference_json * (size_t)(suite->n_cases + 1));
    int cap = 256;
    g->results = as_arena_alloc(a, sizeof *g->results * (size_t)cap);

    /* Each subject's applicable entries, found once rather than per case. */
    as_expectations *mine = as_arena_alloc(a, sizeof *mine * (size_t)(n_subjects + 1));
    for (int si = 0; si < n_subjects; si++) {
        mine[si].v = as_arena_alloc(a, sizeof *mine[si].v * (size_t)(ex->n + 1));
        for (int i = 0; i < ex->n; i++)
            if (as_expect_applies(&ex->v[i], subjects[si]))
                mine[si].v[mine[si].n++] = ex->v[i];
        mine[si].cap = mine[si].n;
        as_expect_index(a, &mine[si]);
    }

    as_arena scratch;
    as_arena_init(&scratch);
    int rc = 0;
    for (int ci = 0; ci < suite->n_cases && rc == 0; ci++) {
        if (stop && *stop) {
            g->stopped = 1;
            break;
        }
        const as_conf_case *c = &suite->cases[ci];
        int first_result = g->n_results;
        as_arena_reset(&scratch);
        const char *ref_text;
        if (as_casefile_check(&scratch, c, &ref_text, err) < 0) {
            rc = -1;
            break;
        }
        as_spec spec;
        as_case kase;
        as_split ref;
        if (as_conf_case_build(&scratch, c, &spec, &kase, err) < 0 ||
            as_subject_split(as_subject_reference(), &scratch, &kase, &ref) < 0) {
            rc = -1;
            break;
        }
        g->reference[ci] = as_arena_strdup(a, ref_text);
        g->reference_json[ci] = json_text(a, &ref, "reference");
        for (int si = 0; si < n_subjects; si++) {
            const as_subject *s = subjects[si];
            if (!as_gate_applies(c, &spec, s))
                continue;
            const as_expect_entry *e;
            if (as_expect_find(a, &mine[si], s, c, &e, err) < 0) {
                rc = -1;
                break;
            }
            if (g->n_results == cap) {
                g->results = as_arena_realloc(a, g->results, sizeof *g->results * (size_t)cap,
                                              sizeof *g->results * (size_t)cap * 2);
                cap *= 2;
            }
            as_gate_result *r = &g->results[g->n_results++];
            memset(r, 0, sizeof *r);
            r->kase = ci;
            r->subject = si;
            r->entry = e;
            if (e && strcmp(e->outcome, "skip") == 0) {
                r->cls = AS_GATE_SKIP;
                r->outcome = "skip";
                r->observed_json = "null";
                g->counts[r->cls]++;
                continue;
            }
            as_split got;
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            int split_rc = as_subject_split(s, &scratch, &kase, &got);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
            if (split_rc < 0 && got.decoration_ok && got.call_ok) {
                rc = as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0,
                             "%s:%d: subject %s failed internally on case '%s'", c->file, c->line, s->id, c->id);
                break;
            }
            r->outcome = as_arena_strdup(a, as_outcome_render(&scratch, &got));
            r->observed_json = json_text(a, &got, s->id);
            int agrees = as_split_equal(&ref, &got);
            if (!agrees) {
                as_compare_result cr;
                if (as_compare(&scratch, &kase, s->id, "vs-reference", &ref, &got, 0, &cr)) {
                    r->rule = as_arena_strdup(a, cr.rule);
                    r->key = as_arena_strdup(a, cr.key);
                }
            }
            r->cls = classify(agrees, e, r->outcome);
            g->counts[r->cls]++;
        }
        if (rc == 0 && stop && *stop) {
            /* an external subject may have stopped waiting: this case's
             * results are not all answers, so none of them is kept */
            for (int i = first_result; i < g->n_results; i++)
                g->counts[g->results[i].cls]--;
            g->n_results = first_result;
            g->stopped = 1;
            break;
        }
        if (rc == 0)
            g->cases_run = ci + 1;
    }
    as_arena_free(&scratch);
    return rc;
}

/* The generated reason: the compare rule and delta, and where the spec
 * explains the family's behaviour. */
static const char *auto_reason(as_arena *a, const as_gate_result *r, const as_subject *s)
{
    const as_family *f = as_family_find(s->family);
    const char *where = "", *delta = "";
    if (r->key) {
        /* key: SUBJECT|RELATION|WHERE|DELTA|SELECTOR; the subject id has no '|' */
        const char *p = strchr(r->key, '|');
        p = p ? strchr(p + 1, '|') : NULL;
        if (p) {
            const char *q = strchr(p + 1, '|');
            if (q) {
                where = as_arena_strndup(a, p + 1, (size_t)(q - p - 1));
                const char *t = strchr(q + 1, '|');
                delta = t ? as_arena_strndup(a, q + 1, (size_t)(t - q - 1)) : q + 1;
            }
        }
    }
    /* A built-in model's id is FAMILY@VERSION and the section explains it; an
     * external subject (py:mylib.jit) only shares the family, so the section
     * is what JAX does there, for comparison. */
    size_t fl = strlen(s->family);
    int own = strncmp(s->id, s->family, fl) != 0 || s->id[fl] != '@';
    const char *cite = own ? as_arena_printf(a, "%s in JAX: docs/SEMANTICS.md %s", s->family, f ? f->section : "")
                           : as_arena_printf(a, "docs/SEMANTICS.md %s", f ? f->section : "");
    if (!r->key)
        return as_arena_printf(a, "differs in a detail of the split such as value slots (%s)", cite);
    return as_arena_printf(a, "%s: %s %s (%s)", r->rule ? r->rule : "differs", where, delta, cite);
}

char *as_gate_family_expectations(as_arena *a, const as_gate *g, const as_expectations *old, const char *family)
{
    /* The namespace's subjects: a built-in family's every version, or the
     * external subjects of the run recorded under that id. */
    const as_subject *const *all = as_subjects_all();
    int n = 0, cap = as_subjects_count() + g->n_subjects + 1;
    const as_subject **fam = as_arena_alloc(a, sizeof *fam * (size_t)cap);
    int *gate_index = as_arena_alloc(a, sizeof *gate_index * (size_t)cap);
    for (int i = 0; all[i]; i++)
        if (strcmp(as_expect_namespace(all[i]), family) == 0)
            fam[n++] = all[i];
    for (int k = 0; k < g->n_subjects; k++)
        if ((g->subjects[k]->caps & AS_CAP_EXTERNAL) && strcmp(as_expect_namespace(g->subjects[k]), family) == 0)
            fam[n++] = g->subjects[k];
    for (int i = 0; i < n; i++) {
        gate_index[i] = -1;
        for (int k = 0; k < g->n_subjects; k++)
            if (g->subjects[k] == fam[i])
                gate_index[i] = k;
    }
    const as_conf_suite *suite = g->suite;
    as_expect_cell *cells = as_arena_alloc(a, sizeof *cells * (size_t)(suite->n_cases * n + 1));
    /* subjects not run keep their recorded case entries */
    for (int i = 0; i < old->n; i++) {
        const as_expect_entry *e = &old->v[i];
        if (strncmp(e->key, "tag:", 4) == 0)
            continue;
        for (int ci = 0; ci < suite->n_cases; ci++) {
            if (strcmp(suite->cases[ci].id, e->key) != 0)
                continue;
            for (int k = 0; k < n; k++)
                if (gate_index[k] < 0 && as_expect_applies(e, fam[k]))
                    cells[ci * n + k] = (as_expect_cell){e->outcome, e->reason, e->link};
        }
    }
    for (int i = 0; i < g->n_results; i++) {
        const as_gate_result *r = &g->results[i];
        const as_subject *s = g->subjects[r->subject];
        if (strcmp(as_expect_namespace(s), family) != 0)
            continue;
        int k = 0;
        while (k < n && fam[k] != s)
            k++;
        if (k == n)
            continue;
        as_expect_cell *cell = &cells[r->kase * n + k];
        const as_expect_entry *e = r->entry;
        int is_tag = e && strncmp(e->key, "tag:", 4) == 0;
        switch (r->cls) {
        case AS_GATE_PASS:
        case AS_GATE_UNEXPECTED_PASS:
            break;
        case AS_GATE_SKIP:
            if (!is_tag)
                *cell = (as_expect_cell){e->outcome, e->reason, e->link};
            break;
        case AS_GATE_XFAIL:
            if (!is_tag)
                *cell = (as_expect_cell){r->outcome, e->reason, e->link};
            break;
        case AS_GATE_REGRESSION:
        case AS_GATE_CHANGED:
        default: {
            const as_conf_case *c = &suite->cases[r->kase];
            *cell = (as_expect_cell){r->outcome, auto_reason(a, r, s), c->n_links ? c->links[0] : NULL};
            break;
        }
        }
    }
    return as_expect_write_family(a, family, fam, n, suite, cells, old);
}
