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

/* ---- the summary for a pull-request comment (≤ 60 KB) ---------------------- */

enum { MD_BUDGET = 56 * 1024, MD_GATE_ROWS = 40 };

static void gate_md(as_arena *a, as_buf *b, const as_report *r, const char *html)
{
    as_buf_printf(b, "## Gate failures (%d)\n\n", r->n_gate_fails);
    if (!r->conformance.present) {
        as_buf_puts(b, "No conformance results (`argsplit check --json conf.json`, then `argsplit report "
                       "--conformance conf.json`).\n\n");
        return;
    }
    if (!r->n_gate_fails) {
        as_buf_printf(b, "None: the gate passes (%lld passed).\n\n", r->conformance.passed);
        return;
    }
    as_buf_puts(b, "| class | case | subject | expected | observed | since | replay |\n|---|---|---|---|---|---|---|\n");
    int rows = 0, i = 0;
    while (i < r->n_gate_fails && rows < MD_GATE_ROWS && b->len < MD_BUDGET / 2) {
        const as_rep_gate_fail *g = &r->gate_fails[i];
        const char *releases;
        int j = as_rep_gate_row(a, r, i, &releases);
        const char *subject = g->subject;
        if (releases)
            subject = as_arena_printf(a, "%.*s@%s (%d releases)", (int)(strchr(g->subject, '@') - g->subject),
                                      g->subject, releases, j - i);
        as_buf_printf(b, "| **%s** | `%s` | ", g->cls, g->case_id);
        md(b, subject);
        as_buf_printf(b, " | `%s` | `%s` | %s | `%s` |\n", g->recorded ? g->recorded : g->reference, g->observed,
                      *g->since ? g->since : "-", g->replay ? g->replay : "");
        rows++;
        i = j;
    }
    as_buf_putc(b, '\n');
    if (i < r->n_gate_fails)
        as_buf_printf(b, "%d more failing results in the [HTML report](%s#gate-failures).\n\n", r->n_gate_fails - i,
                      html);
}

static void rates_md(as_arena *a, as_buf *b, const as_report *r)
{
    if (!r->conformance.present)
        return;
    as_buf_puts(b, "## Pass rates\n\nConformance results passed per release (expected failures · gate failures "
                   "in parentheses when any).\n\n| family | releases |\n|---|---|\n");
    for (int fi = 0; fi < r->n_families; fi++) {
        const as_rep_family *f = &r->families[fi];
        as_buf ln;
        as_buf_init(&ln, a);
        for (int k = 0; k < f->n; k++) {
            const as_rep_subject *s = &r->subjects[f->first + k];
            int n = s->conf_pass + s->conf_xfail + s->conf_fail;
            if (!n)
                continue;
            as_buf_printf(&ln, "%s%s %d%%", ln.len ? " · " : "", *s->version ? s->version : s->id,
                          (int)(100.0 * s->conf_pass / n + 0.5));
            if (s->conf_fail)
                as_buf_printf(&ln, " (**%d failing**)", s->conf_fail);
        }
        if (!ln.len)
            continue;
        as_buf_puts(b, "| ");
        md(b, f->name);
        as_buf_printf(b, " | %s |\n", as_buf_str(&ln));
    }
    as_buf_putc(b, '\n');
}

static void cause_line_md(as_buf *b, const char *what, const as_rep_cause_diff *e)
{
    char id[9];
    as_rootcause_hash(e->cause->key, id);
    as_buf_printf(b, "- %s: `%s` ", what, id);
    md(b, e->cause->key);
    as_buf_puts(b, " (");
    md(b, e->cause->releases);
    if (*e->gained) {
        as_buf_puts(b, "; now also on ");
        md(b, e->gained);
    }
    if (*e->lost) {
        as_buf_puts(b, "; no longer on ");
        md(b, e->lost);
    }
    as_buf_puts(b, ")\n");
}

static void diff_md(as_buf *b, const as_report *r)
{
    const as_rep_diff *d = &r->diff;
    as_buf_puts(b, "## Since the previous run\n\n");
    if (!d->run) {
        as_buf_puts(b, "One run in the store: nothing to compare yet.\n\n");
        return;
    }
    as_buf_printf(b, "Run %lld against run %lld: **%d new** root causes, **%d fixed** (hit by run %lld, not by run "
                     "%lld), **%d changed** (hit on other releases), %d still present.  By "
                     "discrepancy class: %d new, %d fixed, %d changed (same case, another outcome), %d still.\n\n",
                  d->run, d->previous, d->n_new_causes, d->n_fixed_causes, d->previous, d->run, d->n_changed_causes,
                  d->n_still_causes, d->n_new, d->n_fixed, d->n_changed, d->n_still);
    for (int i = 0; i < d->n_new_causes && i < 10; i++)
        cause_line_md(b, "new", &d->new_causes[i]);
    for (int i = 0; i < d->n_fixed_causes && i < 10; i++)
        cause_line_md(b, "fixed", &d->fixed_causes[i]);
    for (int i = 0; i < d->n_changed_causes && i < 10; i++)
        cause_line_md(b, "changed", &d->changed_causes[i]);
    if (d->n_new_causes || d->n_fixed_causes || d->n_changed_causes)
        as_buf_putc(b, '\n');
}

/* Rule × family, differing releases as ranges. */
static void matrix_summary_md(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_puts(b, "## Compatibility matrix\n\nRule × family: ✓ every release agrees with the reference, ✗ the "
                   "releases that differ, `·` not tested (every release: the HTML report).\n\n| rule | § |");
    for (int fi = 0; fi < r->n_families; fi++) {
        as_buf_putc(b, ' ');
        md(b, r->families[fi].name);
        as_buf_puts(b, " |");
    }
    as_buf_puts(b, "\n|---|---|");
    for (int fi = 0; fi < r->n_families; fi++)
        as_buf_puts(b, "---|");
    as_buf_putc(b, '\n');
    for (int ru = 0; ru < r->n_rules && b->len < MD_BUDGET; ru++) {
        as_buf_puts(b, "| ");
        md(b, r->rules[ru].tag);
        as_buf_puts(b, " | ");
        md(b, r->rules[ru].section);
        as_buf_puts(b, " |");
        for (int fi = 0; fi < r->n_families; fi++) {
            const as_rep_family *f = &r->families[fi];
            as_buf ranges;
            as_buf_init(&ranges, a);
            int tested = 0;
            for (int k = 0; k < f->n; k++) {
                const as_rep_cell *c = AS_REP_CELL(r, ru, f->first + k);
                tested |= c->state != AS_CELL_UNTESTED;
                if (c->state != AS_CELL_DIFFERS && c->state != AS_CELL_ERROR)
                    continue;
                int start = k;
                while (k + 1 < f->n && (AS_REP_CELL(r, ru, f->first + k + 1)->state == AS_CELL_DIFFERS ||
                                        AS_REP_CELL(r, ru, f->first + k + 1)->state == AS_CELL_ERROR))
                    k++;
                as_buf_printf(&ranges, "%s%s%s%s", ranges.len ? ", " : "", r->subjects[f->first + start].version,
                              start == k ? "" : "–", start == k ? "" : r->subjects[f->first + k].version);
            }
            as_buf_puts(b, " ");
            if (ranges.len) {
                as_buf_puts(b, "✗ ");
                md(b, as_buf_str(&ranges));
            } else {
                as_buf_puts(b, tested ? "✓" : "·");
            }
            as_buf_puts(b, " |");
        }
        as_buf_putc(b, '\n');
    }
    as_buf_putc(b, '\n');
}

char *as_report_markdown(as_arena *a, const as_report *r)
{
    as_buf b;
    as_buf_init(&b, a);
    const char *html = r->html_link && *r->html_link ? r->html_link : "report.html";
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
    as_buf_printf(&b, "This is the summary; the [HTML report](%s) has every discrepancy class with its reproducer, "
                      "every release of the matrix, the seed table and the trends.\n\n", html);
    gate_md(a, &b, r, html);
    as_report head = *r;   /* the most hit root causes only */
    if (head.n_causes > 20)
        head.n_causes = 20;
    causes_md(a, &b, &head);
    if (head.n_causes < r->n_causes)
        as_buf_printf(&b, "%d more root causes in the [HTML report](%s#rootcauses).\n\n", r->n_causes - head.n_causes,
                      html);
    rates_md(a, &b, r);
    diff_md(&b, r);
    matrix_summary_md(a, &b, r);
    seed_md(&b, r);
    return as_buf_str(&b);
}
