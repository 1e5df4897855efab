/* markdown.c — the report as GitHub-flavoured Markdown.  Every text that
 * comes from the database or a model goes through as_md_put. */
#include <string.h>

#include "engine/pysnippet.h"
#include "reports/escape.h"
#include "reports/report.h"

static void md(as_buf *b, const char *s)
{
    as_md_put(b, s);
}

static const char *expected_label(const as_rep_class *c)
{
    return c->row->other && *c->row->other ? c->row->other : "reference";
}

static void cell_md(as_buf *b, const as_report *r, const as_rep_cell *c)
{
    switch (c->state) {
    case AS_CELL_PASS:
        as_buf_puts(b, "✓");
        break;
    case AS_CELL_UNTESTED:
        as_buf_puts(b, "·");
        break;
    default:
        as_buf_puts(b, c->state == AS_CELL_ERROR ? "⚠ " : "✗ ");
        if (c->classes && c->link >= 0)
            as_buf_printf(b, "[%d](#class-%lld)", c->classes, r->classes[c->link].row->id);
        else if (c->classes)
            as_buf_printf(b, "%d", c->classes);
        if (c->conf_differs)
            as_buf_printf(b, "%s%d conf", c->classes ? " + " : "", c->conf_differs);
    }
}

static void matrix_md(as_buf *b, const as_report *r)
{
    as_buf_puts(b, "## Compatibility matrix\n\n"
                   "Rule (`conformance/REFERENCE.md` section) × subject × version. "
                   "✓ agrees with the reference · ✗ N: N discrepancy classes (the link opens the most "
                   "hit one) · ⚠ the subject failed · `·` not tested. \"conf\" counts conformance "
                   "results that differ.\n\n");
    for (int fi = 0; fi < r->n_families; fi++) {
        const as_rep_family *f = &r->families[fi];
        as_buf_puts(b, "### ");
        md(b, f->name);
        as_buf_puts(b, "\n\n| Rule | § |");
        for (int k = 0; k < f->n; k++) {
            as_buf_putc(b, ' ');
            md(b, *r->subjects[f->first + k].version ? r->subjects[f->first + k].version : "-");
            as_buf_puts(b, " |");
        }
        as_buf_puts(b, "\n|---|---|");
        for (int k = 0; k < f->n; k++)
            as_buf_puts(b, ":-:|");
        as_buf_putc(b, '\n');
        for (int ru = 0; ru < r->n_rules; ru++) {
            as_buf_puts(b, "| ");
            md(b, r->rules[ru].tag);
            as_buf_puts(b, " | ");
            md(b, r->rules[ru].section);
            as_buf_puts(b, " |");
            for (int k = 0; k < f->n; k++) {
                as_buf_putc(b, ' ');
                cell_md(b, r, AS_REP_CELL(r, ru, f->first + k));
                as_buf_puts(b, " |");
            }
            as_buf_putc(b, '\n');
        }
        if (r->n_rules == 0)
            as_buf_puts(b, "| (no rules: nothing found yet) | |\n");
        as_buf_putc(b, '\n');
    }
}

static void seed_md(as_buf *b, const as_report *r)
{
    as_buf_puts(b, "## The seed: JAX issue #10614\n\n"
                   "`def f(a, /, b, *, c): print(a, b, c)` called `jf(1, 2, c=3)`, computed live from the "
                   "subject models. `Traced<…>` stands for the tracer JAX prints; the reference rows are "
                   "what the issue expects.\n\n"
                   "| Subject | # | Spec | a | b | c | Prints | As expected |\n|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < r->n_seed; i++) {
        const as_rep_seed *s = &r->seed[i];
        as_buf_puts(b, "| ");
        md(b, s->subject);
        as_buf_printf(b, " | jf%s | ", s->spec_no == 1 ? "" : s->spec_no == 2 ? "2" : "3");
        md(b, s->spec_text);
        for (int k = 0; k < 3; k++) {
            as_buf_puts(b, " | ");
            md(b, s->verdict[k] ? s->verdict[k] : "-");
        }
        as_buf_puts(b, " | ");
        md(b, s->prints ? s->prints : s->error);
        if (s->warning) {
            as_buf_puts(b, " (");
            md(b, s->warning);
            as_buf_putc(b, ')');
        }
        as_buf_printf(b, " | %s |\n", s->as_expected ? "yes" : "**no**");
    }
    as_buf_putc(b, '\n');
}

static void trends_md(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_puts(b, "## Trends\n\n"
                   "| Run | Engine | Started | Status | Cases | Findings | Classes hit | New classes |\n"
                   "|--:|---|---|---|--:|--:|--:|--:|\n");
    for (int i = 0; i < r->n_runs; i++) {
        const as_rep_run *w = &r->runs[i];
        as_buf_printf(b, "| %lld | ", w->row.id);
        md(b, w->row.engine);
        as_buf_printf(b, " | %s | %s | %lld | %lld | %lld | %lld |\n", as_report_time(a, w->row.started),
                      as_run_status_name(w->row.status), w->row.cases, w->row.findings, w->classes_hit,
                      w->row.new_classes);
    }
    if (r->n_runs == 0)
        as_buf_puts(b, "| - | no runs yet | | | | | | |\n");
    as_buf_putc(b, '\n');
}

static void history_md(as_buf *b, const as_report *r, const as_rep_class *c)
{
    if (!c->history_computed) {
        as_buf_puts(b, "- Versions: not computed for this relation (only vs-reference classes are re-run).\n");
        return;
    }
    if (c->n_history == 0) {
        as_buf_puts(b, "- Versions: the reproducer shows this discrepancy in no modelled version.\n");
        return;
    }
    as_buf_puts(b, "- Versions where the reproducer shows this discrepancy:\n");
    for (int i = 0; i < c->n_history; i++) {
        const as_rep_history *h = &c->history[i];
        as_buf_puts(b, "  - ");
        md(b, h->family);
        as_buf_puts(b, ": appeared in ");
        md(b, h->appeared);
        if (h->appeared == r->subjects[h->first].version)
            as_buf_puts(b, " (the oldest modelled)");
        if (h->disappeared) {
            as_buf_puts(b, ", disappeared in ");
            md(b, h->disappeared);
        } else {
            as_buf_puts(b, ", still in the newest");
        }
        as_buf_puts(b, " — ");
        for (int k = 0; k < h->n; k++) {
            as_buf_puts(b, h->present[k] ? "■" : "□");
        }
        as_buf_putc(b, '\n');
    }
}

static void class_md(as_arena *a, as_buf *b, const as_report *r, const as_rep_class *c)
{
    const as_class_row *w = c->row;
    const as_finding *f = as_class_reproducer(w);
    as_buf_printf(b, "### <a id=\"class-%lld\"></a>Class %lld · ", w->id, w->id);
    md(b, w->subject);
    as_buf_puts(b, " · ");
    md(b, r->rules[c->rule].tag);
    as_buf_puts(b, "\n\n- Key: ");
    md(b, w->key);
    as_buf_puts(b, "\n- Relation: ");
    md(b, w->relation);
    as_buf_puts(b, ", compared with ");
    md(b, expected_label(c));
    as_buf_printf(b, "\n- Hits: %lld in %lld run%s; first seen run %lld (%s), last seen run %lld (%s)\n",
                  w->hit_count, w->runs_seen, w->runs_seen == 1 ? "" : "s", w->first_run,
                  as_report_time(a, w->first_seen), w->last_run, as_report_time(a, w->last_seen));
    history_md(b, r, c);
    as_buf_printf(b, "\n| Argument | ");
    md(b, expected_label(c));
    as_buf_puts(b, " | ");
    md(b, w->subject);
    as_buf_puts(b, " | |\n|---|---|---|---|\n");
    for (int i = 0; i < c->n_side; i++) {
        as_buf_puts(b, "| ");
        md(b, c->side[i].what);
        as_buf_puts(b, " | ");
        md(b, c->side[i].expected);
        as_buf_puts(b, " | ");
        md(b, c->side[i].observed);
        as_buf_puts(b, c->side[i].differs ? " | **≠** |\n" : " | |\n");
    }
    as_buf_printf(b, "\nReproducer (%s", c->reproducer);
    as_buf_printf(b, ", Python 3.%d): signature ", f->py_minor);
    md(b, f->signature);
    as_buf_puts(b, ", spec ");
    md(b, c->spec_text && *c->spec_text ? c->spec_text : "(none)");
    as_buf_puts(b, ", call ");
    md(b, f->call && *f->call ? f->call : "(decoration only)");
    as_buf_puts(b, "\n\n");
    if (c->snippet)
        as_md_code_block(b, "python", c->snippet);
    else {
        as_buf_puts(b, "(no Python snippet: ");
        md(b, c->snippet_error);
        as_buf_puts(b, ")\n");
    }
    as_buf_putc(b, '\n');
}

/* The root causes first: what a maintainer acts on. */
static void causes_md(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_printf(b, "## Root causes\n\n%d root cause%s behind %d discrepancy class%s (`argsplit triage` lists "
                     "them; `argsplit replay ID` prints a reproducer).\n\n",
                  r->n_causes, r->n_causes == 1 ? "" : "s", r->n_classes_total, r->n_classes_total == 1 ? "" : "es");
    if (!r->n_causes)
        return;
    as_buf_puts(b, "| id | root cause | releases | hits | upstream | reproducer |\n|---|---|---|---|---|---|\n");
    for (int i = 0; i < r->n_causes; i++) {
        const as_rootcause *c = &r->causes[i];
        char id[9];
        as_rootcause_hash(c->key, id);
        const as_finding *f = as_class_reproducer(c->reproducer);
        char *spec = NULL;
        as_error err;
        if (as_pysnippet_spec_text(a, f->spec_json, &spec, &err) < 0)
            spec = "";
        as_buf_printf(b, "| `%s` | ", id);
        md(b, c->key);
        as_buf_puts(b, " | ");
        md(b, c->releases);
        /* code spans hold the texts as they are (no markdown escapes) */
        as_buf_printf(b, " | %lld | %s | `def f%s` `%s`%s%s%s |\n", c->hits, c->known ? c->known->issue : "NEW",
                      f->signature, *spec ? spec : "(no spec)", *f->call ? " call `" : "", f->call,
                      *f->call ? "`" : "");
    }
    as_buf_putc(b, '\n');
}

char *as_report_markdown(as_arena *a, const as_report *r)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "# argsplit compatibility report\n\nDatabase ");
    md(&b, r->db_path);
    as_buf_printf(&b, " · latest run %s · %d run%s · %lld cases · %lld findings · %d discrepancy classes\n\n",
                  as_report_time(a, r->generated), r->n_runs, r->n_runs == 1 ? "" : "s", r->total_cases,
                  r->total_findings, r->n_classes_total);
    if (r->conformance.present) {
        as_buf_puts(&b, "Conformance ");
        md(&b, r->conformance.path);
        as_buf_printf(&b, ": %lld cases, %lld results, %lld passed, %lld failed, %lld skipped\n\n",
                      r->conformance.cases, r->conformance.results, r->conformance.passed, r->conformance.failed,
                      r->conformance.skipped);
    }
    as_buf_puts(&b, "Contents: [root causes](#root-causes) · [matrix](#compatibility-matrix) · [seed table](#the-seed-jax-issue-10614) · "
                    "[trends](#trends) · [classes](#discrepancy-classes)\n\n");
    causes_md(a, &b, r);
    matrix_md(&b, r);
    seed_md(&b, r);
    trends_md(a, &b, r);
    as_buf_puts(&b, "## Discrepancy classes\n\n");
    if (r->n_classes < r->n_classes_total)
        as_buf_printf(&b,
                      "%d of %d classes are shown: the most hit one of every matrix cell, then the most hit "
                      "overall (`argsplit report --max-classes 0` shows all; `argsplit triage` lists them).\n\n",
                      r->n_classes, r->n_classes_total);
    for (int i = 0; i < r->n_classes; i++)
        class_md(a, &b, r, &r->classes[i]);
    if (r->n_classes_total == 0)
        as_buf_puts(&b, "None: every subject agreed with the reference on every case run so far.\n");
    return as_buf_str(&b);
}
