/* json.c — the report as JSON (docs/REPORTS.md, "argsplit-report" v1). */
#include "reports/report.h"

#include <stdio.h>

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* JSON text stored in the database, parsed; null when unreadable. */
static json_t *parsed(const char *text)
{
    json_t *j = text && *text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return j ? j : json_null();
}

static json_t *cell_counts(const as_report *r)
{
    int k[4] = {0};
    for (int i = 0; i < r->n_rules * r->n_subjects; i++)
        k[r->cells[i].state]++;
    return json_pack("{s:i, s:i, s:i, s:i}", "pass", k[AS_CELL_PASS], "differs", k[AS_CELL_DIFFERS], "error",
                     k[AS_CELL_ERROR], "untested", k[AS_CELL_UNTESTED]);
}

static json_t *runs_json(const as_report *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->n_runs; i++) {
        const as_run_row *w = &r->runs[i].row;
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", w->seed);
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:s, s:I, s:I, s:I, s:I, s:f}", "id",
                              (json_int_t)w->id, "uid", w->uid, "engine", w->engine, "status",
                              as_run_status_name(w->status), "started", (json_int_t)w->started, "ended",
                              w->ended ? json_integer(w->ended) : json_null(), "seed", seed, "cases",
                              (json_int_t)w->cases, "findings", (json_int_t)w->findings, "new_classes",
                              (json_int_t)w->new_classes, "classes_hit", (json_int_t)r->runs[i].classes_hit,
                              "seconds", w->seconds);
        json_object_set_new(o, "shard", json_sprintf("%d/%d", w->shard_index, w->shard_count));
        json_object_set_new(o, "subjects", parsed(w->subjects_json));
        json_object_set_new(o, "versions", parsed(w->versions_json));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *run_ref(const as_report *r, long long id, long long started)
{
    (void)r;
    return json_pack("{s:I, s:I}", "id", (json_int_t)id, "started", (json_int_t)started);
}

static json_t *class_json(const as_report *r, const as_rep_class *c)
{
    const as_class_row *w = c->row;
    const as_rep_subject *s = &r->subjects[c->subject];
    const as_finding *f = as_class_reproducer(w);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)w->id,
                          "key", w->key, "subject", w->subject, "family", s->family, "version", s->version,
                          "other", w->other ? w->other : "", "relation", w->relation, "rule",
                          r->rules[c->rule].tag, "section", r->rules[c->rule].section, "hit_count",
                          (json_int_t)w->hit_count, "runs_seen", (json_int_t)w->runs_seen);
    json_object_set_new(o, "first_run", run_ref(r, w->first_run, c->first_run_started));
    json_object_set_new(o, "last_run", run_ref(r, w->last_run, c->last_run_started));
    json_object_set_new(o, "first_seen", json_integer(w->first_seen));
    json_object_set_new(o, "last_seen", json_integer(w->last_seen));

    json_t *rep = json_pack("{s:s, s:s, s:s, s:o, s:o}", "kind", c->reproducer, "signature",
                            f->signature ? f->signature : "", "spec", c->spec_text ? c->spec_text : "", "spec_json",
                            parsed(f->spec_json), "call", f->call && *f->call ? json_string(f->call) : json_null());
    json_object_set_new(rep, "python", json_sprintf("3.%d", f->py_minor));
    json_object_set_new(rep, "snippet", str_or_null(c->snippet));
    json_object_set_new(rep, "snippet_error", str_or_null(c->snippet_error));
    json_object_set_new(o, "reproducer", rep);

    json_t *rows = json_array();
    for (int i = 0; i < c->n_side; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:b}", "what", c->side[i].what, "expected",
                                              c->side[i].expected, "observed", c->side[i].observed, "differs",
                                              c->side[i].differs));
    json_t *split = json_pack("{s:s, s:o, s:o, s:o}", "expected_label", w->other && *w->other ? w->other : "reference",
                              "rows", rows, "expected", parsed(f->expected_json), "observed",
                              parsed(f->observed_json));
    json_object_set_new(o, "split", split);

    if (!c->history_computed) {
        json_object_set_new(o, "history", json_null());
    } else {
        json_t *h = json_array();
        for (int i = 0; i < c->n_history; i++) {
            const as_rep_history *x = &c->history[i];
            json_t *vs = json_array();
            for (int k = 0; k < x->n; k++)
                json_array_append_new(vs, json_pack("{s:s, s:b}", "version", r->subjects[x->first + k].version,
                                                    "present", x->present[k]));
            json_array_append_new(h, json_pack("{s:s, s:o, s:o, s:o}", "family", x->family, "appeared",
                                               str_or_null(x->appeared), "disappeared",
                                               str_or_null(x->disappeared), "versions", vs));
        }
        json_object_set_new(o, "history", h);
    }
    return o;
}

static json_t *seed_json(const as_report *r)
{
    json_t *rows = json_array();
    for (int i = 0; i < r->n_seed; i++) {
        const as_rep_seed *s = &r->seed[i];
        json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "subject",
                                              s->subject, "version", s->version, "spec_no", s->spec_no, "spec",
                                              s->spec_text, "a", str_or_null(s->verdict[0]), "b",
                                              str_or_null(s->verdict[1]), "c", str_or_null(s->verdict[2]),
                                              "prints", str_or_null(s->prints), "error", str_or_null(s->error),
                                              "warning", str_or_null(s->warning), "as_expected",
                                              s->as_expected));
    }
    return json_pack("{s:s, s:s, s:s, s:o}", "source", "https://github.com/jax-ml/jax/issues/10614", "signature",
                     "(a, /, b, *, c)", "call", "(1, 2, c=3)", "rows", rows);
}

json_t *as_report_json(const as_report *r)
{
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string("argsplit-report"));
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "generated", json_integer(r->generated));
    json_object_set_new(root, "database", json_string(r->db_path));
    int tested = 0;
    for (int i = 0; i < r->n_subjects; i++)
        tested += r->subjects[i].tested;
    json_t *sum = json_pack("{s:i, s:I, s:I, s:i, s:i, s:i}", "runs", r->n_runs, "cases",
                            (json_int_t)r->total_cases, "findings", (json_int_t)r->total_findings, "classes",
                            r->n_classes_total, "classes_shown", r->n_classes, "subjects_tested", tested);
    json_object_set_new(sum, "cells", cell_counts(r));
    json_object_set_new(root, "summary", sum);
    const as_rep_conf *cf = &r->conformance;
    json_object_set_new(root, "conformance",
                        cf->present ? json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "path", cf->path, "cases",
                                                (json_int_t)cf->cases, "results", (json_int_t)cf->results,
                                                "passed", (json_int_t)cf->passed, "failed",
                                                (json_int_t)cf->failed, "skipped", (json_int_t)cf->skipped)
                                    : json_null());

    json_t *fams = json_array();
    for (int i = 0; i < r->n_families; i++) {
        json_t *ids = json_array();
        for (int k = 0; k < r->families[i].n; k++)
            json_array_append_new(ids, json_string(r->subjects[r->families[i].first + k].id));
        json_array_append_new(fams, json_pack("{s:s, s:o}", "name", r->families[i].name, "subjects", ids));
    }
    json_object_set_new(root, "families", fams);

    json_t *gate = json_array();
    for (int i = 0; i < r->n_gate_fails; i++) {
        const as_rep_gate_fail *g = &r->gate_fails[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "class", g->cls, "case", g->case_id,
                              "subject", g->subject, "file", g->file, "line", g->line, "reference", g->reference,
                              "observed", g->observed, "since", g->since);
        json_object_set_new(o, "recorded", g->recorded ? json_string(g->recorded) : json_null());
        json_object_set_new(o, "replay", g->replay ? json_string(g->replay) : json_null());
        json_object_set_new(o, "snippet", g->snippet ? json_string(g->snippet) : json_null());
        json_array_append_new(gate, o);
    }
    json_object_set_new(root, "gate_failures", gate);

    json_t *rates = json_array();
    for (int i = 0; i < r->n_subjects; i++) {
        const as_rep_subject *sj = &r->subjects[i];
        if (sj->conf_pass + sj->conf_xfail + sj->conf_fail + sj->conf_skip == 0)
            continue;
        json_array_append_new(rates, json_pack("{s:s, s:i, s:i, s:i, s:i}", "subject", sj->id, "pass", sj->conf_pass,
                                               "expected_fail", sj->conf_xfail, "gate_fail", sj->conf_fail,
                                               "skipped", sj->conf_skip));
    }
    json_object_set_new(root, "pass_rates", rates);

    const as_rep_diff *d = &r->diff;
    json_t *dn = json_array(), *df = json_array();
    for (int i = 0; i < d->n_new; i++)
        json_array_append_new(dn, json_string(d->new_classes[i]->key));
    for (int i = 0; i < d->n_fixed; i++)
        json_array_append_new(df, json_string(d->fixed[i]->key));
    json_t *dc = json_array();
    for (int i = 0; i < d->n_changed; i++) {
        const as_finding *f = as_class_reproducer(d->changed[i].after);
        json_array_append_new(dc, json_pack("{s:s, s:s, s:s, s:s, s:s?}", "subject", d->changed[i].after->subject,
                                            "before", d->changed[i].before->key, "after", d->changed[i].after->key,
                                            "signature", f->signature ? f->signature : "", "call", f->call));
    }
    /* by root cause: {"id", "key", "gained", "lost"} each */
    json_t *rn = json_array(), *rf = json_array(), *rc = json_array();
    const struct { json_t *arr; const as_rep_cause_diff *v; int n; } lists[] = {
        {rn, d->new_causes, d->n_new_causes}, {rf, d->fixed_causes, d->n_fixed_causes},
        {rc, d->changed_causes, d->n_changed_causes}};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        for (int i = 0; i < lists[l].n; i++) {
            char id[9];
            as_rootcause_hash(lists[l].v[i].cause->key, id);
            json_array_append_new(lists[l].arr, json_pack("{s:s, s:s, s:s, s:s}", "id", id, "key",
                                                          lists[l].v[i].cause->key, "gained", lists[l].v[i].gained,
                                                          "lost", lists[l].v[i].lost));
        }
    json_t *by_cause = json_pack("{s:o, s:o, s:o, s:i}", "new", rn, "fixed", rf, "changed", rc, "still",
                                 d->n_still_causes);
    json_object_set_new(root, "changes",
                        d->run ? json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:i}", "run", (json_int_t)d->run,
                                           "previous", (json_int_t)d->previous, "root_causes", by_cause, "new", dn,
                                           "fixed", df, "changed", dc, "still", d->n_still)
                               : (json_decref(by_cause), json_decref(dn), json_decref(df), json_decref(dc),
                                  json_null()));

    json_t *subs = json_array();
    for (int i = 0; i < r->n_subjects; i++) {
        const as_rep_subject *s = &r->subjects[i];
        json_array_append_new(subs, json_pack("{s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:i}", "id", s->id, "family",
                                              s->family, "version", s->version, "builtin", s->builtin, "tested",
                                              s->tested, "cases", (json_int_t)s->cases, "findings",
                                              (json_int_t)s->findings, "classes", s->classes));
    }
    json_object_set_new(root, "subjects", subs);

    json_t *rules = json_array();
    for (int i = 0; i < r->n_rules; i++)
        json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:i, s:I}", "tag", r->rules[i].tag, "section",
                                               r->rules[i].section, "title", r->rules[i].title, "classes",
                                               r->rules[i].classes, "hits", (json_int_t)r->rules[i].hits));
    json_object_set_new(root, "rules", rules);

    json_t *matrix = json_array();
    for (int ru = 0; ru < r->n_rules; ru++)
        for (int s = 0; s < r->n_subjects; s++) {
            const as_rep_cell *c = AS_REP_CELL(r, ru, s);
            json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:I}", "rule", r->rules[ru].tag, "subject",
                                  r->subjects[s].id, "state", as_cell_state_name(c->state), "classes", c->classes,
                                  "hits", (json_int_t)c->hits);
            json_object_set_new(o, "conformance",
                                json_pack("{s:i, s:i, s:i}", "pass", c->conf_pass, "differs", c->conf_differs,
                                          "gate_failures", c->conf_gate_fail));
            json_object_set_new(o, "class", c->link >= 0 ? json_integer(r->classes[c->link].row->id) : json_null());
            json_array_append_new(matrix, o);
        }
    json_object_set_new(root, "matrix", matrix);
    json_object_set_new(root, "runs", runs_json(r));
    json_t *classes = json_array();
    for (int i = 0; i < r->n_classes; i++)
        json_array_append_new(classes, class_json(r, &r->classes[i]));
    json_object_set_new(root, "classes", classes);
    json_object_set_new(root, "seed", seed_json(r));
    json_t *causes = json_array();
    for (int i = 0; i < r->n_causes; i++) {
        const as_rootcause *c = &r->causes[i];
        char id[9];
        as_rootcause_hash(c->key, id);
        json_array_append_new(causes, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:o, s:b, s:I}", "id", id,
                                                "key", c->key, "group", c->group, "mechanism", c->mechanism,
                                                "releases", c->releases, "hits", (json_int_t)c->hits, "classes",
                                                c->n_classes, "variants", c->n_variants, "upstream",
                                                c->known ? json_string(c->known->issue) : json_null(), "new",
                                                !c->known, "reproducer_class", (json_int_t)c->reproducer->id));
    }
    json_object_set_new(root, "root_causes", causes);
    return root;
}
