/* model.c — load the report data from a store and a conformance matrix. */
#include "reports/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "engine/compare.h"
#include "engine/pysnippet.h"
#include "oracle/spec.h"
#include "subjects/registry.h"

const char *as_cell_state_name(as_cell_state s)
{
    switch (s) {
    case AS_CELL_PASS: return "pass";
    case AS_CELL_DIFFERS: return "differs";
    case AS_CELL_ERROR: return "error";
    default: return "untested";
    }
}

/* Rule tags in REFERENCE.md order; the matrix lists its rows this way. */
static const struct rule_info {
    const char *tag, *section, *title;
} rule_table[] = {
    {"both-specs", "R1", "Selectors"},
    {"empty-selector", "R1", "Selectors"},
    {"duplicate-index", "R1", "Selectors"},
    {"decoration", "R1", "Selectors"},
    {"neg-index", "R2", "Indices"},
    {"out-of-range", "R2", "Indices"},
    {"unknown-name", "R3", "Names"},
    {"argnames-posonly", "R3", "Names"},
    {"kwonly-static", "R3", "Names"},
    {"argnames-varargs", "R4", "Variadic parameters"},
    {"varargs-index", "R4", "Variadic parameters"},
    {"kwargs-key", "R4", "Variadic parameters"},
    {"selected", "R5", "The call"},
    {"unselected", "R5", "The call"},
    {"keyword-arg", "R5", "The call"},
    {"by-value", "R5", "The call"},
    {"unpassed-default", "R5", "The call"},
    {"call-error", "R5", "The call"},
    {"error-type", "R5", "The call"},
    {"donate-overlap", "R6", "Roles and overlap"},
    {"in-axes", "R8", "in_axes"},
    {"donate", "R10", "Donation"},
    {"warning", "Notes", "The reference never warns"},
};
enum { N_KNOWN_RULES = sizeof rule_table / sizeof *rule_table };

const char *as_rule_section(const char *tag, const char **title)
{
    for (int i = 0; i < N_KNOWN_RULES; i++)
        if (strcmp(rule_table[i].tag, tag) == 0) {
            if (title)
                *title = rule_table[i].title;
            return rule_table[i].section;
        }
    if (title)
        *title = "";
    return "";
}

static int known_rule(const char *tag)
{
    for (int i = 0; i < N_KNOWN_RULES; i++)
        if (strcmp(rule_table[i].tag, tag) == 0)
            return i;
    return -1;
}

/* ---- growable lists built while loading -------------------------------- */

typedef struct loader {
    as_arena *arena;
    as_report *r;
    int cap_subjects, cap_rules;
} loader;

static int find_subject(const as_report *r, const char *id)
{
    for (int i = 0; i < r->n_subjects; i++)
        if (strcmp(r->subjects[i].id, id) == 0)
            return i;
    return -1;
}

static void push_subject(loader *L, const char *id, const char *family, const char *version, int builtin)
{
    as_report *r = L->r;
    if (r->n_subjects == L->cap_subjects) {
        int cap = L->cap_subjects ? 2 * L->cap_subjects : 64;
        r->subjects = as_arena_realloc(L->arena, r->subjects, sizeof *r->subjects * (size_t)L->cap_subjects,
                                       sizeof *r->subjects * (size_t)cap);
        L->cap_subjects = cap;
    }
    as_rep_subject *s = &r->subjects[r->n_subjects++];
    memset(s, 0, sizeof *s);
    s->id = as_arena_strdup(L->arena, id);
    s->family = as_arena_strdup(L->arena, family);
    s->version = as_arena_strdup(L->arena, version);
    s->builtin = builtin;
}

/* A subject seen in the data but not in the registry (an external adapter). */
static int subject_index(loader *L, const char *id)
{
    int i = find_subject(L->r, id);
    if (i >= 0)
        return i;
    const char *at = strchr(id, '@');
    const char *family = at ? as_arena_strndup(L->arena, id, (size_t)(at - id)) : id;
    push_subject(L, id, family, at ? at + 1 : "", 0);
    return L->r->n_subjects - 1;
}

static int rule_index(loader *L, const char *tag)
{
    as_report *r = L->r;
    if (!tag || !*tag)
        tag = "other";
    for (int i = 0; i < r->n_rules; i++)
        if (strcmp(r->rules[i].tag, tag) == 0)
            return i;
    if (r->n_rules == L->cap_rules) {
        int cap = L->cap_rules ? 2 * L->cap_rules : 32;
        r->rules = as_arena_realloc(L->arena, r->rules, sizeof *r->rules * (size_t)L->cap_rules,
                                    sizeof *r->rules * (size_t)cap);
        L->cap_rules = cap;
    }
    as_rep_rule *ru = &r->rules[r->n_rules++];
    memset(ru, 0, sizeof *ru);
    ru->tag = as_arena_strdup(L->arena, tag);
    ru->section = as_rule_section(tag, &ru->title);
    return r->n_rules - 1;
}

/* Subjects: the registry's (not the reference), then families regrouped so
 * that an external subject sits with its family. */
static void load_registry(loader *L)
{
    const as_subject *const *all = as_subjects_all();
    for (int i = 0; all[i]; i++)
        if (strcmp(all[i]->id, "reference") != 0 && !(all[i]->caps & AS_CAP_EXTERNAL))
            push_subject(L, all[i]->id, all[i]->family, all[i]->version, 1);
}

static void group_families(loader *L)
{
    as_report *r = L->r;
    /* stable regroup: families in order of first appearance */
    as_rep_subject *sorted = as_arena_alloc(L->arena, sizeof *sorted * (size_t)(r->n_subjects + 1));
    int *moved = as_arena_alloc(L->arena, sizeof *moved * (size_t)(r->n_subjects + 1));
    r->families = as_arena_alloc(L->arena, sizeof *r->families * (size_t)(r->n_subjects + 1));
    int n = 0;
    for (int i = 0; i < r->n_subjects; i++) {
        if (moved[i])
            continue;
        as_rep_family *fam = &r->families[r->n_families++];
        fam->name = r->subjects[i].family;
        fam->first = n;
        for (int j = i; j < r->n_subjects; j++)
            if (!moved[j] && strcmp(r->subjects[j].family, fam->name) == 0) {
                moved[j] = 1;
                sorted[n++] = r->subjects[j];
            }
        fam->n = n - fam->first;
    }
    memcpy(r->subjects, sorted, sizeof *sorted * (size_t)r->n_subjects);
}

/* Known rules in REFERENCE.md order, then the others in order of appearance. */
static void sort_rules(as_report *r)
{
    for (int i = 1; i < r->n_rules; i++) {
        as_rep_rule v = r->rules[i];
        int kv = known_rule(v.tag), j = i;
        if (kv < 0)
            continue;
        while (j > 0) {
            int kp = known_rule(r->rules[j - 1].tag);
            if (kp >= 0 && kp <= kv)
                break;
            r->rules[j] = r->rules[j - 1];
            j--;
        }
        r->rules[j] = v;
    }
}

/* ---- conformance ---------------------------------------------------------- */

typedef struct conf_hit {
    const char *subject;            /* id: indices change when families are regrouped */
    const char *rule;               /* tag: rule indices change when rules are sorted */
    int pass, gate_fail;
} conf_hit;

/* ---- gate failures ------------------------------------------------------- */

typedef struct result_ref {
    const char *kase, *subject, *outcome;
} result_ref;

static int result_cmp(const void *x, const void *y)
{
    const result_ref *a = x, *b = y;
    int c = strcmp(a->kase, b->kase);
    return c ? c : strcmp(a->subject, b->subject);
}

static json_t *case_by_id(json_t *cases, const char *id)
{
    for (size_t k = 0; id && k < json_array_size(cases); k++) {
        const char *cid = json_string_value(json_object_get(json_array_get(cases, k), "id"));
        if (cid && strcmp(cid, id) == 0)
            return json_array_get(cases, k);
    }
    return NULL;
}

static char *dump(as_arena *a, json_t *j)
{
    char *t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    char *r = t ? as_arena_strdup(a, t) : NULL;
    free(t);
    return r;
}

/* The oldest version V0 of the subject's family such that every version
 * from V0 to the subject's own (registry order) did the same thing. */
static const char *failing_since(as_arena *a, const result_ref *idx, size_t n, const char *kase, const as_subject *s,
                                 const char *outcome)
{
    if (!s)
        return "";
    const as_subject *const *all = as_subjects_all();
    const char *since = NULL;
    for (int i = 0; all[i] && all[i] != s; i++) {
        if (strcmp(all[i]->family, s->family) != 0)
            continue;
        result_ref key = {kase, all[i]->id, NULL};
        const result_ref *hit = bsearch(&key, idx, n, sizeof *idx, result_cmp);
        if (hit && strcmp(hit->outcome, outcome) == 0) {
            if (!since)
                since = all[i]->version;
        } else {
            since = NULL;
        }
    }
    return since ? as_arena_strdup(a, since) : as_arena_strdup(a, s->version);
}

/* A field of the conformance JSON's entry for subject `id`, or NULL:
 * "module" (the library an external subject's handshake named), "asked"
 * (an ext:CMD subject's id as given, which resolves to it again). */
static const char *subject_field(json_t *subjects, const char *id, const char *field)
{
    for (size_t i = 0; i < json_array_size(subjects); i++) {
        json_t *s = json_array_get(subjects, i);
        const char *sid = json_string_value(json_object_get(s, "id"));
        if (sid && strcmp(sid, id) == 0)
            return json_string_value(json_object_get(s, field));
    }
    return NULL;
}

static void load_gate_failures(loader *L, json_t *subjects, json_t *cases, json_t *results)
{
    as_arena *a = L->arena;
    size_t nr = json_array_size(results);
    result_ref *idx = as_arena_alloc(a, sizeof *idx * (nr + 1));
    size_t n = 0, n_fail = 0;
    for (size_t i = 0; i < nr; i++) {
        json_t *res = json_array_get(results, i);
        const char *k = json_string_value(json_object_get(res, "case")), *s = json_string_value(json_object_get(res, "subject"));
        const char *o = json_string_value(json_object_get(res, "outcome")), *cls = json_string_value(json_object_get(res, "class"));
        if (!k || !s || !o || !cls)
            continue;
        idx[n++] = (result_ref){k, s, o};
        n_fail += strcmp(cls, "regression") == 0 || strcmp(cls, "changed-failure") == 0 ||
                  strcmp(cls, "unexpected-pass") == 0;
    }
    qsort(idx, n, sizeof *idx, result_cmp);
    as_report *r = L->r;
    r->gate_fails = as_arena_alloc(a, sizeof *r->gate_fails * (n_fail + 1));
    for (size_t i = 0; i < nr; i++) {
        json_t *res = json_array_get(results, i);
        const char *cls = json_string_value(json_object_get(res, "class"));
        const char *subj = json_string_value(json_object_get(res, "subject"));
        const char *case_id = json_string_value(json_object_get(res, "case"));
        const char *outcome = json_string_value(json_object_get(res, "outcome"));
        if (!cls || !subj || !case_id || !outcome ||
            (strcmp(cls, "regression") != 0 && strcmp(cls, "changed-failure") != 0 && strcmp(cls, "unexpected-pass") != 0))
            continue;
        json_t *kase = case_by_id(cases, case_id);
        as_rep_gate_fail *g = &r->gate_fails[r->n_gate_fails++];
        memset(g, 0, sizeof *g);
        g->cls = as_arena_strdup(a, cls);
        g->case_id = as_arena_strdup(a, case_id);
        g->subject = as_arena_strdup(a, subj);
        g->observed = as_arena_strdup(a, outcome);
        const char *rec = json_string_value(json_object_get(res, "recorded"));
        g->recorded = rec ? as_arena_strdup(a, rec) : NULL;
        const char *file = json_string_value(json_object_get(kase, "file"));
        g->file = as_arena_strdup(a, file ? file : "");
        g->line = (int)json_integer_value(json_object_get(kase, "line"));
        const char *ref = json_string_value(json_object_get(kase, "reference"));
        g->reference = as_arena_strdup(a, ref ? ref : "");
        g->since = failing_since(a, idx, n, case_id, as_subject_find(subj), outcome);
        if (as_subject_find(subj) && strcmp(as_subject_find(subj)->id, subj) != 0)
            g->since = "";
        const char *sig = json_string_value(json_object_get(kase, "signature"));
        const char *spec = json_string_value(json_object_get(kase, "spec"));
        const char *call = json_string_value(json_object_get(kase, "call"));
        const char *py = json_string_value(json_object_get(kase, "python"));
        if (!sig || !spec)
            continue;
        const char *asked = subject_field(subjects, subj, "asked");   /* replay lines run as printed */
        g->replay = as_arena_printf(a, "argsplit replay --case --subject %s --python %s %s %s %s",
                                    as_shell_quote(a, asked ? asked : subj),
                                    py ? py : "3.11", as_shell_quote(a, sig), as_shell_quote(a, spec),
                                    call ? as_shell_quote(a, call) : "-");
        as_spec sp;
        as_error e;
        as_error_clear(&e);
        if (as_spec_parse(a, spec, strlen(spec), &sp, &e) != 0)
            continue;
        json_t *sj = as_spec_to_json(&sp);
        as_finding f;
        memset(&f, 0, sizeof f);
        f.subject = g->subject;
        f.other = "reference";
        f.relation = "vs-reference";
        f.rule = json_string_value(json_object_get(res, "rule"));
        f.key = json_string_value(json_object_get(res, "key"));
        f.signature = sig;
        f.spec_json = dump(a, sj);
        json_decref(sj);
        f.call = call;
        f.observed_json = dump(a, json_object_get(res, "split"));
        f.expected_json = dump(a, json_object_get(kase, "reference_split"));
        f.py_minor = py && strlen(py) > 2 ? atoi(py + 2) : 11;
        char *text = NULL;
        if (f.spec_json && as_pysnippet_for(a, &f, subject_field(subjects, subj, "module"), asked, &text, &e) == 0)
            g->snippet = text;
    }
}

static int load_conformance(loader *L, const char *path, conf_hit **hits, int *n_hits, as_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        return as_input_error(err, 0, "%s:%d: %s", path, je.line, je.text);
    const char *format = json_string_value(json_object_get(root, "format"));
    if (!format || strcmp(format, "argsplit-conformance") != 0 ||
        json_integer_value(json_object_get(root, "version")) != 1) {
        json_decref(root);
        return as_input_error(err, 0, "%s: not an argsplit-conformance version 1 file (argsplit check --json)",
                              path);
    }
    as_rep_conf *c = &L->r->conformance;
    c->present = 1;
    c->path = as_arena_strdup(L->arena, path);
    json_t *sum = json_object_get(root, "summary");
    c->cases = json_integer_value(json_object_get(sum, "cases"));
    c->results = json_integer_value(json_object_get(sum, "results"));
    c->passed = json_integer_value(json_object_get(sum, "passed"));
    c->failed = json_integer_value(json_object_get(sum, "failed"));
    c->skipped = json_integer_value(json_object_get(sum, "skipped"));

    json_t *cases = json_object_get(root, "cases"), *results = json_object_get(root, "results");
    size_t nr = json_array_size(results);
    /* each result adds one hit per rule it belongs to (its rule, else its known case tags) */
    int cap = (int)nr * 4 + 4, n = 0;
    conf_hit *h = as_arena_alloc(L->arena, sizeof *h * (size_t)cap);
    for (size_t i = 0; i < nr; i++) {
        json_t *res = json_array_get(results, i);
        const char *cls = json_string_value(json_object_get(res, "class"));
        const char *subj = json_string_value(json_object_get(res, "subject"));
        const char *case_id = json_string_value(json_object_get(res, "case"));
        if (cls && subj && strcmp(cls, "skipped") == 0)
            L->r->subjects[subject_index(L, subj)].conf_skip++;
        if (!cls || !subj || strcmp(cls, "skipped") == 0)
            continue;
        int pass = strcmp(cls, "pass") == 0;
        int gate_fail = !pass && strcmp(cls, "expected-fail") != 0;
        int s = subject_index(L, subj);
        as_rep_subject *rs = &L->r->subjects[s];
        if (pass)
            rs->conf_pass++;
        else if (gate_fail)
            rs->conf_fail++;
        else
            rs->conf_xfail++;
        const char *sid = L->r->subjects[s].id;
        const char *rule = json_string_value(json_object_get(res, "rule"));
        const char *tags[8];
        int nt = 0;
        if (rule) {
            tags[nt++] = rule;
        } else {
            json_t *kase = NULL;
            for (size_t k = 0; case_id && k < json_array_size(cases); k++) {
                const char *id = json_string_value(json_object_get(json_array_get(cases, k), "id"));
                if (id && strcmp(id, case_id) == 0) {
                    kase = json_array_get(cases, k);
                    break;
                }
            }
            json_t *jt = json_object_get(kase, "tags");
            for (size_t k = 0; k < json_array_size(jt) && nt < 4; k++) {
                const char *t = json_string_value(json_array_get(jt, k));
                if (t && known_rule(t) >= 0)
                    tags[nt++] = t;
            }
            if (nt == 0 && !pass)
                tags[nt++] = "other";
        }
        for (int k = 0; k < nt; k++) {
            if (n == cap) {
                h = as_arena_realloc(L->arena, h, sizeof *h * (size_t)cap, sizeof *h * (size_t)cap * 2);
                cap *= 2;
            }
            int ri = rule_index(L, tags[k]);     /* may move L->r->rules */
            h[n++] = (conf_hit){sid, L->r->rules[ri].tag, pass, gate_fail};
        }
    }
    load_gate_failures(L, json_object_get(root, "subjects"), cases, results);
    json_decref(root);
    *hits = h;
    *n_hits = n;
    return 0;
}

/* ---- one class in detail ---------------------------------------------------- */

static const char *entry_text(as_arena *a, const as_split_entry *e)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, as_verdict_name(e->verdict));
    if (e->donated > 0)
        as_buf_puts(&b, " donated");
    if (e->has_axis) {
        if (e->axis_is_null)
            as_buf_puts(&b, " axis None");
        else
            as_buf_printf(&b, " axis %lld", e->axis);
    }
    return as_buf_str(&b);
}

static const char *error_text(as_arena *a, const as_error *e)
{
    return as_arena_printf(a, "%s: %s", e->type, e->message);
}

static int parse_split(as_arena *a, const char *text, as_split *out)
{
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    as_error err;
    int rc = j ? as_split_from_json(a, j, out, &err) : -1;
    json_decref(j);
    return rc;
}

static void side_push(as_arena *a, as_rep_side **rows, int *n, int *cap, const char *what, const char *exp,
                      const char *obs)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        *rows = as_arena_realloc(a, *rows, sizeof **rows * (size_t)*cap, sizeof **rows * (size_t)nc);
        *cap = nc;
    }
    exp = exp ? exp : "-";
    obs = obs ? obs : "-";
    (*rows)[(*n)++] = (as_rep_side){what, exp, obs, strcmp(exp, obs) != 0};
}

static const as_split_entry *entry_named(const as_split *s, const char *param)
{
    for (int i = 0; i < s->n_entries; i++)
        if (strcmp(s->entries[i].param, param) == 0)
            return &s->entries[i];
    return NULL;
}

static void build_side(as_arena *a, const as_finding *f, as_rep_class *c)
{
    as_split e, o;
    int cap = 0;
    if (parse_split(a, f->expected_json, &e) != 0 || parse_split(a, f->observed_json, &o) != 0) {
        side_push(a, &c->side, &c->n_side, &cap, "split", "(unreadable)", "(unreadable)");
        return;
    }
    side_push(a, &c->side, &c->n_side, &cap, "decoration",
              e.decoration_ok ? "ok" : error_text(a, &e.decoration_error),
              o.decoration_ok ? "ok" : error_text(a, &o.decoration_error));
    int nw = e.n_warnings > o.n_warnings ? e.n_warnings : o.n_warnings;
    for (int i = 0; i < nw; i++)
        side_push(a, &c->side, &c->n_side, &cap, "warning", i < e.n_warnings ? e.warnings[i] : NULL,
                  i < o.n_warnings ? o.warnings[i] : NULL);
    if (!e.has_call && !o.has_call)
        return;
    if ((e.has_call && !e.call_ok) || (o.has_call && !o.call_ok))
        side_push(a, &c->side, &c->n_side, &cap, "call",
                  !e.has_call ? NULL : e.call_ok ? "ok" : error_text(a, &e.call_error),
                  !o.has_call ? NULL : o.call_ok ? "ok" : error_text(a, &o.call_error));
    const as_split *sides[2] = {&e, &o};
    for (int k = 0; k < 2; k++) {
        const as_split *s = sides[k];
        if (!s->has_call || !s->call_ok)
            continue;
        for (int i = 0; i < s->n_entries; i++) {
            const char *p = s->entries[i].param;
            if (k == 1 && e.has_call && e.call_ok && entry_named(&e, p))
                continue;     /* already listed from the expected side */
            const as_split_entry *ee = e.has_call && e.call_ok ? entry_named(&e, p) : NULL;
            const as_split_entry *oe = o.has_call && o.call_ok ? entry_named(&o, p) : NULL;
            side_push(a, &c->side, &c->n_side, &cap, p, ee ? entry_text(a, ee) : NULL,
                      oe ? entry_text(a, oe) : NULL);
        }
    }
}

/* The key without its SUBJECT| prefix: the behaviour, whoever shows it. */
static const char *key_tail(const char *key)
{
    const char *bar = key ? strchr(key, '|') : NULL;
    return bar ? bar + 1 : "";
}

/* Run the reproducer on every built-in version of every family: where does
 * the same vs-reference discrepancy (same key tail) show? */
static void build_history(as_arena *a, as_arena *scratch, const as_report *r, const as_finding *f,
                          as_rep_class *c)
{
    as_arena_reset(scratch);
    json_t *sj = json_loads(f->spec_json && *f->spec_json ? f->spec_json : "{}", 0, NULL);
    as_spec spec;
    as_error err;
    as_case kase;
    int ok = sj && as_spec_from_json(scratch, sj, &spec, &err) == 0;
    json_decref(sj);
    if (!ok || as_case_build(scratch, f->signature, &spec, f->call && *f->call ? f->call : NULL, f->py_minor,
                             &kase, &err) != 0)
        return;
    as_split ref;
    if (as_subject_split(as_subject_reference(), scratch, &kase, &ref) != 0)
        return;
    const char *want = key_tail(c->row->key);
    c->history_computed = 1;
    c->history = as_arena_alloc(a, sizeof *c->history * (size_t)(r->n_families + 1));
    for (int fi = 0; fi < r->n_families; fi++) {
        const as_rep_family *fam = &r->families[fi];
        int *present = as_arena_alloc(a, sizeof *present * (size_t)(fam->n + 1));
        int any = 0;
        for (int k = 0; k < fam->n; k++) {
            const as_rep_subject *rs = &r->subjects[fam->first + k];
            const as_subject *s = rs->builtin ? as_subject_find(rs->id) : NULL;
            as_split obs;
            if (!s || as_subject_split(s, scratch, &kase, &obs) != 0)
                continue;
            as_compare_result cr;
            if (as_compare(scratch, &kase, s->id, "vs-reference", &ref, &obs, 0, &cr) &&
                strcmp(key_tail(cr.key), want) == 0)
                present[k] = any = 1;
        }
        if (!any)
            continue;
        as_rep_history *h = &c->history[c->n_history++];
        h->family = fam->name;
        h->first = fam->first;
        h->n = fam->n;
        h->present = present;
        for (int k = 0; k < fam->n; k++) {
            if (present[k] && !h->appeared)
                h->appeared = r->subjects[fam->first + k].version;
            else if (!present[k] && h->appeared && !h->disappeared)
                h->disappeared = r->subjects[fam->first + k].version;
        }
    }
}

static long long run_started(const as_report *r, long long run_id)
{
    for (int i = 0; i < r->n_runs; i++)
        if (r->runs[i].row.id == run_id)
            return r->runs[i].row.started;
    return 0;
}

static void build_class(as_arena *a, as_arena *scratch, const as_report *r, as_rep_class *c)
{
    const as_finding *f = as_class_reproducer(c->row);
    c->reproducer = c->row->has_shrunk ? "shrunk" : "original";
    as_error err;
    char *text = NULL;
    if (as_pysnippet_spec_text(a, f->spec_json && *f->spec_json ? f->spec_json : "{}", &text, &err) == 0)
        c->spec_text = text;
    else
        c->spec_text = f->spec_json ? f->spec_json : "";
    char *snip = NULL;
    if (as_pysnippet(a, f, &snip, &err) == 0)
        c->snippet = snip;
    else
        c->snippet_error = as_arena_printf(a, "%s: %s", err.type, err.message);
    build_side(a, f, c);
    c->first_run_started = run_started(r, c->row->first_run);
    c->last_run_started = run_started(r, c->row->last_run);
    if (strcmp(c->row->relation, "vs-reference") == 0)
        build_history(a, scratch, r, f, c);
}

/* ---- the seed table ------------------------------------------------------ */

static const char *seed_specs[3] = {
    "static_argnames=('a', 'b', 'c')",
    "static_argnames=('b', 'c'), static_argnums=(0,)",
    "static_argnums=(0, 1, 2)",
};

/* The text print(a, b, c) shows for one split of the seed case. */
static const char *seed_value(const as_case *k, const as_split_entry *e)
{
    if (e->verdict == AS_VERDICT_TRACED)
        return "Traced<…>";
    if (e->passed == AS_PASSED_POSITIONAL && k->args && e->slot >= 0 && e->slot < k->args->n_positional)
        return k->args->positional[e->slot].text;
    for (int i = 0; k->args && i < k->args->n_keywords; i++)
        if (strcmp(k->args->keywords[i].keyword, e->param) == 0)
            return k->args->keywords[i].text;
    return "?";
}

static int seed_row(as_arena *a, const as_subject *s, int no, const char *ref_prints, as_rep_seed *row,
                    as_error *err)
{
    as_spec spec;
    as_case k;
    const char *t = seed_specs[no];
    if (as_spec_parse(a, t, strlen(t), &spec, err) != 0 ||
        as_case_build(a, "(a, /, b, *, c)", &spec, "(1, 2, c=3)", 11, &k, err) != 0)
        return -1;
    as_split sp;
    if (as_subject_split(s, a, &k, &sp) != 0)
        return as_fail(err, "InternalError", AS_PHASE_NONE, AS_CAT_NONE, 0, "%s failed on the seed case", s->id);
    memset(row, 0, sizeof *row);
    row->subject = s->id;
    row->version = s->version;
    row->spec_no = no + 1;
    row->spec_text = t;
    if (sp.n_warnings > 0)
        row->warning = sp.warnings[0];
    if (!sp.decoration_ok)
        row->error = error_text(a, &sp.decoration_error);
    else if (!sp.call_ok)
        row->error = error_text(a, &sp.call_error);
    else {
        as_buf b;
        as_buf_init(&b, a);
        for (int i = 0; i < sp.n_entries && i < 3; i++) {
            row->verdict[i] = as_verdict_name(sp.entries[i].verdict);
            as_buf_printf(&b, "%s%s", i ? " " : "", seed_value(&k, &sp.entries[i]));
        }
        row->prints = as_buf_str(&b);
    }
    row->as_expected = row->prints && ref_prints && strcmp(row->prints, ref_prints) == 0;
    return 0;
}

int as_report_seed(as_arena *arena, as_rep_seed **rows, int *n, as_error *err)
{
    const as_subject *const *all = as_subjects_all();
    int cap = 3;
    for (int i = 0; all[i]; i++)
        cap += 3;
    as_rep_seed *out = as_arena_alloc(arena, sizeof *out * (size_t)cap);
    int m = 0;
    const char *ref[3];
    for (int no = 0; no < 3; no++) {
        if (seed_row(arena, as_subject_reference(), no, NULL, &out[m], err) != 0)
            return -1;
        ref[no] = out[m].prints;
        out[m].as_expected = 1;
        m++;
    }
    for (int i = 0; all[i]; i++) {
        if (strcmp(all[i]->family, "jax.jit") != 0)
            continue;
        for (int no = 0; no < 3; no++)
            if (seed_row(arena, all[i], no, ref[no], &out[m++], err) != 0)
                return -1;
    }
    *rows = out;
    *n = m;
    return 0;
}

/* ---- loading ----------------------------------------------------------------- */

static int is_error_relation(const char *rel)
{
    return strcmp(rel, "subject-crash") == 0 || strcmp(rel, "subject-timeout") == 0 ||
           strcmp(rel, "fuzz-crash") == 0;
}

static void mark_tested_from_runs(loader *L)
{
    as_report *r = L->r;
    for (int i = 0; i < r->n_runs; i++) {
        json_t *j = json_loads(r->runs[i].row.subjects_json ? r->runs[i].row.subjects_json : "[]", 0, NULL);
        for (size_t k = 0; k < json_array_size(j); k++) {
            const char *id = json_string_value(json_array_get(j, k));
            if (id && strcmp(id, "reference") != 0)
                r->subjects[subject_index(L, id)].tested = 1;
        }
        json_decref(j);
    }
}

/* Which classes get a detailed section: the top class of every matrix cell
 * (so every cell links somewhere), plus the most hit others while fewer
 * than max are chosen (0 = all). */
static void choose_classes(as_arena *a, as_report *r, as_class_row *rows, int n, const int *subj,
                           const int *rule, int max, int *chosen)
{
    if (max <= 0 || max >= n) {
        for (int i = 0; i < n; i++)
            chosen[i] = 1;
        return;
    }
    int picked = 0;
    for (int i = 0; i < n; i++) {
        as_rep_cell *cell = AS_REP_CELL(r, rule[i], subj[i]);
        if (cell->link == -1) {     /* rows come sorted by hits within a subject */
            cell->link = -2;
            chosen[i] = 1;
            picked++;
        }
    }
    int *order = as_arena_alloc(a, sizeof *order * (size_t)n);
    for (int i = 0; i < n; i++)
        order[i] = i;
    /* selection by hits: small n, insertion sort keeps ties in store order */
    for (int i = 1; i < n; i++) {
        int v = order[i], j = i;
        while (j > 0 && rows[order[j - 1]].hit_count < rows[v].hit_count) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    for (int i = 0; i < n && picked < max; i++)
        if (!chosen[order[i]]) {
            chosen[order[i]] = 1;
            picked++;
        }
}

static int family_len(const char *subject)
{
    const char *at = strchr(subject, '@');
    return at ? (int)(at - subject) : -1;
}

/* y is the next release of x's family failing the same way. */
static int same_failure(const as_rep_gate_fail *x, const as_rep_gate_fail *y)
{
    int n = family_len(x->subject);
    return n > 0 && n == family_len(y->subject) && strncmp(x->subject, y->subject, (size_t)n) == 0 &&
           strcmp(x->case_id, y->case_id) == 0 && strcmp(x->cls, y->cls) == 0 && strcmp(x->observed, y->observed) == 0 &&
           (x->recorded == y->recorded || (x->recorded && y->recorded && strcmp(x->recorded, y->recorded) == 0));
}

int as_rep_gate_row(as_arena *a, const as_report *r, int i, const char **releases)
{
    const as_rep_gate_fail *g = &r->gate_fails[i];
    int j = i + 1;
    while (j < r->n_gate_fails && same_failure(g, &r->gate_fails[j]))
        j++;
    *releases = NULL;
    if (j - i > 1)
        *releases = as_arena_printf(a, "%s–%s", strchr(g->subject, '@') + 1, strchr(r->gate_fails[j - 1].subject, '@') + 1);
    return j;
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The two findings are the same case (what was run, not what came out). */
static int same_case(const as_finding *a, const as_finding *b)
{
    return a->py_minor == b->py_minor && same_text(a->signature, b->signature) &&
           same_text(a->spec_json, b->spec_json) && same_text(a->call, b->call);
}

static int share_a_case(const as_class_row *x, const as_class_row *y)
{
    if (strcmp(x->subject, y->subject) != 0)
        return 0;
    const as_finding *xs[2] = {&x->original, x->has_shrunk ? &x->shrunk : NULL};
    const as_finding *ys[2] = {&y->original, y->has_shrunk ? &y->shrunk : NULL};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            if (xs[i] && ys[j] && same_case(xs[i], ys[j]))
                return 1;
    return 0;
}

/* Move each fixed class that shares a case with a new class (each used
 * once, store order) out of both lists into d->changed. */
static void pair_changes(as_arena *arena, as_rep_diff *d)
{
    d->changed = as_arena_alloc(arena, sizeof *d->changed * (size_t)(d->n_fixed + 1));
    int nf = 0;
    for (int i = 0; i < d->n_fixed; i++) {
        int match = -1;
        for (int j = 0; j < d->n_new && match < 0; j++)
            if (d->new_classes[j] && share_a_case(d->fixed[i], d->new_classes[j]))
                match = j;
        if (match < 0) {
            d->fixed[nf++] = d->fixed[i];
            continue;
        }
        d->changed[d->n_changed++] = (as_rep_change){d->fixed[i], d->new_classes[match]};
        d->new_classes[match] = NULL;
    }
    d->n_fixed = nf;
    int nn = 0;
    for (int j = 0; j < d->n_new; j++)
        if (d->new_classes[j])
            d->new_classes[nn++] = d->new_classes[j];
    d->n_new = nn;
}

/* "a, b" of the subjects flagged in `on` (those of one root cause). */
static const char *subject_list(as_arena *a, const as_report *out, const unsigned char *on)
{
    as_buf b;
    as_buf_init(&b, a);
    for (int s = 0; s < out->n_subjects; s++)
        if (on[s]) {
            if (b.len)
                as_buf_puts(&b, ", ");
            as_buf_puts(&b, out->subjects[s].id);
        }
    return as_buf_str(&b);
}

/* The run diff by root cause (see as_rep_diff): which of the two runs hit
 * each class (class_runs), and on which releases each run hit each root
 * cause (its vs-reference classes) among the releases both runs tested. */
static void diff_causes(as_arena *arena, as_report *out, const as_class_row *rows, const char *const *row_causes,
                        int n_rows, const as_class_run_row *cr, int n_cr, const as_subject_stat_row *ss, int n_ss)
{
    as_rep_diff *d = &out->diff;
    int n = out->n_causes, ns = out->n_subjects;
    /* per cause: bit 0 hit by the latest run, bit 1 by the previous one;
     * per cause and subject the same for its vs-reference classes */
    unsigned char *hit_cause = as_arena_alloc(arena, (size_t)n + 1);
    unsigned char *on = as_arena_alloc(arena, (size_t)n * (size_t)ns + 1);
    unsigned char *tested = as_arena_alloc(arena, (size_t)ns + 1);
    memset(hit_cause, 0, (size_t)n + 1);
    memset(on, 0, (size_t)n * (size_t)ns + 1);
    memset(tested, 0, (size_t)ns + 1);
    for (int k = 0; k < n_ss; k++) {
        int s = find_subject(out, ss[k].subject);
        if (s >= 0 && ss[k].cases > 0)
            tested[s] |= (ss[k].run_id == d->run ? 1 : 0) | (ss[k].run_id == d->previous ? 2 : 0);
    }
    long long max_id = 0;
    for (int i = 0; i < n_rows; i++)
        if (rows[i].id > max_id)
            max_id = rows[i].id;
    unsigned char *hit = as_arena_alloc(arena, (size_t)max_id + 1);
    memset(hit, 0, (size_t)max_id + 1);
    for (int k = 0; k < n_cr; k++)
        if (cr[k].class_id >= 0 && cr[k].class_id <= max_id)
            hit[cr[k].class_id] |= (cr[k].run_id == d->run ? 1 : 0) | (cr[k].run_id == d->previous ? 2 : 0);
    for (int i = 0; i < n_rows; i++) {
        int c = as_rootcause_find(out->causes, n, row_causes ? row_causes[i] : NULL);
        if (c < 0)
            continue;
        hit_cause[c] |= hit[rows[i].id];
        int s = strcmp(rows[i].relation, "vs-reference") == 0 ? find_subject(out, rows[i].subject) : -1;
        if (s >= 0)
            on[(size_t)c * (size_t)ns + (size_t)s] |= hit[rows[i].id];
    }
    d->new_causes = as_arena_alloc(arena, sizeof *d->new_causes * (size_t)(n + 1));
    d->fixed_causes = as_arena_alloc(arena, sizeof *d->fixed_causes * (size_t)(n + 1));
    d->changed_causes = as_arena_alloc(arena, sizeof *d->changed_causes * (size_t)(n + 1));
    unsigned char *gained = as_arena_alloc(arena, (size_t)ns + 1), *lost = as_arena_alloc(arena, (size_t)ns + 1);
    for (int c = 0; c < n; c++) {   /* out->causes is most hits first: so are the lists */
        int any_gained = 0, any_lost = 0;
        for (int s = 0; s < ns; s++) {
            unsigned char h = on[(size_t)c * (size_t)ns + (size_t)s];
            gained[s] = (h & 1) && !(h & 2) && (tested[s] & 2);   /* the previous run tested it, no hit */
            lost[s] = (h & 2) && !(h & 1) && (tested[s] & 1);
            any_gained |= gained[s];
            any_lost |= lost[s];
        }
        as_rep_cause_diff e = {&out->causes[c], "", ""};
        if ((hit_cause[c] & 1) && out->causes[c].first_run == d->run) {
            d->new_causes[d->n_new_causes++] = e;
        } else if ((hit_cause[c] & 2) && !(hit_cause[c] & 1)) {
            d->fixed_causes[d->n_fixed_causes++] = e;
        } else if (hit_cause[c] == 3 && (any_gained || any_lost)) {
            e.gained = subject_list(arena, out, gained);
            e.lost = subject_list(arena, out, lost);
            d->changed_causes[d->n_changed_causes++] = e;
        } else if (hit_cause[c] == 3) {
            d->n_still_causes++;
        }
    }
}

int as_report_load(as_arena *arena, const char *db_path, const char *conformance_path,
                   const as_report_options *opt, as_report *out, as_error *err)
{
    memset(out, 0, sizeof *out);
    loader L = {arena, out, 0, 0};
    out->db_path = as_arena_strdup(arena, db_path);
    load_registry(&L);

    as_store *st = NULL;
    if (as_store_open(db_path, AS_STORE_READONLY | AS_STORE_CHECK, &st, err) != 0)
        return -1;
    as_run_row *runs = NULL;
    as_class_row *rows = NULL;
    as_class_run_row *cr = NULL;
    as_subject_stat_row *ss = NULL;
    int n_runs = 0, n_rows = 0, n_cr = 0, n_ss = 0;
    const char **row_causes = NULL;
    if (as_store_runs(st, arena, &runs, &n_runs, err) != 0 ||
        as_rootcause_classes(st, arena, &rows, &row_causes, &n_rows, err) != 0 ||
        as_rootcauses_build(arena, rows, row_causes, n_rows, &out->causes, &out->n_causes) != 0 ||
        as_store_class_runs(st, arena, &cr, &n_cr, err) != 0 ||
        as_store_subject_stats(st, arena, &ss, &n_ss, err) != 0) {
        as_store_close(st, NULL);
        return -1;
    }
    if (as_store_close(st, err) != 0)
        return -1;

    out->n_runs = n_runs;
    out->runs = as_arena_alloc(arena, sizeof *out->runs * (size_t)(n_runs + 1));
    for (int i = 0; i < n_runs; i++) {
        out->runs[i].row = runs[i];
        for (int k = 0; k < n_cr; k++)
            if (cr[k].run_id == runs[i].id)
                out->runs[i].classes_hit++;
        out->total_cases += runs[i].cases;
        out->total_findings += runs[i].findings;
        long long t = runs[i].ended ? runs[i].ended : runs[i].started;
        if (t > out->generated)
            out->generated = t;
    }
    mark_tested_from_runs(&L);
    for (int i = 0; i < n_ss; i++) {
        if (strcmp(ss[i].subject, "reference") == 0)
            continue;
        as_rep_subject *s = &out->subjects[subject_index(&L, ss[i].subject)];
        s->cases += ss[i].cases;
        s->findings += ss[i].findings;
        if (ss[i].cases > 0)
            s->tested = 1;
    }

    int *subj = as_arena_alloc(arena, sizeof *subj * (size_t)(n_rows + 1));
    int *rule = as_arena_alloc(arena, sizeof *rule * (size_t)(n_rows + 1));
    conf_hit *hits = NULL;
    int n_hits = 0;
    if (conformance_path && load_conformance(&L, conformance_path, &hits, &n_hits, err) != 0)
        return -1;
    for (int i = 0; i < n_rows; i++) {
        subject_index(&L, rows[i].subject);
        rule_index(&L, rows[i].rule);
    }
    /* Subjects and rules are final from here: put them in order, then index. */
    group_families(&L);
    sort_rules(out);
    for (int i = 0; i < n_rows; i++) {
        subj[i] = find_subject(out, rows[i].subject);
        rule[i] = rule_index(&L, rows[i].rule);
    }

    out->cells = as_arena_alloc(arena, sizeof *out->cells * (size_t)out->n_rules * (size_t)out->n_subjects + 1);
    for (int i = 0; i < out->n_rules * out->n_subjects; i++)
        out->cells[i].link = -1;
    for (int i = 0; i < n_rows; i++) {
        as_rep_cell *c = AS_REP_CELL(out, rule[i], subj[i]);
        c->classes++;
        c->hits += rows[i].hit_count;
        if (is_error_relation(rows[i].relation))
            c->state = AS_CELL_ERROR;
        out->subjects[subj[i]].classes++;
        out->subjects[subj[i]].tested = 1;
        out->rules[rule[i]].classes++;
        out->rules[rule[i]].hits += rows[i].hit_count;
    }
    for (int i = 0; i < n_hits; i++) {
        as_rep_cell *c = AS_REP_CELL(out, rule_index(&L, hits[i].rule), find_subject(out, hits[i].subject));
        if (hits[i].pass)
            c->conf_pass++;
        else
            c->conf_differs++;
        c->conf_gate_fail += hits[i].gate_fail;
    }
    for (int ru = 0; ru < out->n_rules; ru++)
        for (int s = 0; s < out->n_subjects; s++) {
            as_rep_cell *c = AS_REP_CELL(out, ru, s);
            if (c->conf_pass || c->conf_differs)
                out->subjects[s].tested = 1;
        }
    for (int ru = 0; ru < out->n_rules; ru++)
        for (int s = 0; s < out->n_subjects; s++) {
            as_rep_cell *c = AS_REP_CELL(out, ru, s);
            if (c->state == AS_CELL_ERROR)
                continue;
            if (c->classes || c->conf_differs)
                c->state = AS_CELL_DIFFERS;
            else if (out->subjects[s].tested)
                c->state = AS_CELL_PASS;
        }

    /* what changed since the previous run */
    if (n_runs >= 2) {
        as_rep_diff *d = &out->diff;
        d->run = runs[n_runs - 1].id;
        d->previous = runs[n_runs - 2].id;
        d->new_classes = as_arena_alloc(arena, sizeof *d->new_classes * (size_t)(n_rows + 1));
        d->fixed = as_arena_alloc(arena, sizeof *d->fixed * (size_t)(n_rows + 1));
        for (int i = 0; i < n_rows; i++) {
            if (rows[i].first_run == d->run)
                d->new_classes[d->n_new++] = &rows[i];
            else if (rows[i].last_run == d->run)
                d->n_still++;
            else if (rows[i].last_run == d->previous)
                d->fixed[d->n_fixed++] = &rows[i];
        }
        pair_changes(arena, d);
        diff_causes(arena, out, rows, row_causes, n_rows, cr, n_cr, ss, n_ss);
    }

    /* classes in detail */
    out->n_classes_total = n_rows;
    int *chosen = as_arena_alloc(arena, sizeof *chosen * (size_t)(n_rows + 1));
    choose_classes(arena, out, rows, n_rows, subj, rule, opt ? opt->max_classes : 0, chosen);
    for (int i = 0; i < out->n_rules * out->n_subjects; i++)
        out->cells[i].link = -1;
    out->classes = as_arena_alloc(arena, sizeof *out->classes * (size_t)(n_rows + 1));
    as_arena scratch;
    as_arena_init(&scratch);
    for (int i = 0; i < n_rows; i++) {
        if (!chosen[i])
            continue;
        as_rep_class *c = &out->classes[out->n_classes];
        c->row = &rows[i];
        c->subject = subj[i];
        c->rule = rule[i];
        build_class(arena, &scratch, out, c);
        as_rep_cell *cell = AS_REP_CELL(out, rule[i], subj[i]);
        if (cell->link < 0 || rows[i].hit_count > out->classes[cell->link].row->hit_count)
            cell->link = out->n_classes;
        out->n_classes++;
    }
    as_arena_free(&scratch);
    return as_report_seed(arena, &out->seed, &out->n_seed, err);
}
