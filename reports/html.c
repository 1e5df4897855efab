/* html.c — the report as one self-contained HTML file.  Ids and hrefs are
 * built from integers only; every text goes through as_html_put. */
#include <string.h>

#include "engine/pysnippet.h"
#include "reports/escape.h"
#include "reports/report.h"

static const char css[] =
#include "reports/templates/report.css.inc"
    ;

static const char js[] =
#include "reports/templates/report.js.inc"
    ;

static void h(as_buf *b, const char *s)
{
    as_html_put(b, s);
}

static const char *expected_label(const as_rep_class *c)
{
    return c->row->other && *c->row->other ? c->row->other : "reference";
}

static void tile(as_buf *b, const char *value, const char *label)
{
    as_buf_puts(b, "<div class=\"tile\"><b>");
    h(b, value);
    as_buf_puts(b, "</b><span>");
    h(b, label);
    as_buf_puts(b, "</span></div>");
}

/* ---- what a maintainer acts on first ----------------------------------- */

enum { MAX_GATE_ROWS = 500, MAX_GATE_SNIPPETS = 500 };

static void gate_html(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_printf(b, "<section id=\"gate-failures\" aria-labelledby=\"gate-h\"><h2 id=\"gate-h\">Gate failures (%d)</h2>\n",
                  r->n_gate_fails);
    if (!r->conformance.present) {
        as_buf_puts(b, "<p>No conformance results in this report: <code>argsplit check --json conf.json</code>, then "
                       "<code>argsplit report --conformance conf.json</code>.</p></section>\n");
        return;
    }
    if (r->n_gate_fails == 0) {
        as_buf_printf(b, "<p class=\"ok\">None: the gate passes (%lld passed, %lld skipped).</p></section>\n",
                      r->conformance.passed, r->conformance.skipped);
        return;
    }
    as_buf_puts(b, "<p>Each row fails the gate: a <b>regression</b> (differs from the reference, nothing recorded), "
                   "a <b>changed failure</b> (differs, but not as recorded) or an <b>unexpected pass</b> (recorded "
                   "as failing, now agrees). Fix the subject, or record the new behaviour with "
                   "<code>argsplit check --update-expectations</code> and review the diff.</p>\n"
                   "<div class=\"scroll\"><table class=\"gate\"><caption>Failing conformance results</caption><thead><tr>"
                   "<th scope=\"col\">Class</th><th scope=\"col\">Case</th><th scope=\"col\">Subject</th>"
                   "<th scope=\"col\">Expected</th><th scope=\"col\">Observed</th><th scope=\"col\">Since</th>"
                   "<th scope=\"col\">Reproducer</th></tr></thead><tbody>\n");
    int shown = 0, i = 0;
    for (; i < r->n_gate_fails && shown < MAX_GATE_ROWS; shown++) {
        /* consecutive releases of one family failing the same way: one row */
        const as_rep_gate_fail *g = &r->gate_fails[i];
        const char *releases;
        int j = as_rep_gate_row(a, r, i, &releases);
        as_buf_printf(b, "<tr class=\"g-%s\"><td>", g->cls);
        h(b, g->cls);
        as_buf_puts(b, "</td><th scope=\"row\"><code>");
        h(b, g->case_id);
        as_buf_puts(b, "</code><br><small>");
        h(b, as_arena_printf(a, "%s:%d", g->file, g->line));
        as_buf_puts(b, "</small></th><td><code>");
        if (releases) {
            h(b, as_arena_printf(a, "%.*s@%s", (int)(strchr(g->subject, '@') - g->subject), g->subject, releases));
            as_buf_printf(b, "</code><br><small>%d releases</small>", j - i);
        } else {
            h(b, g->subject);
            as_buf_puts(b, "</code>");
        }
        as_buf_puts(b, "</td><td><code>");
        h(b, g->recorded ? g->recorded : g->reference);
        as_buf_puts(b, "</code>");
        if (g->recorded) {
            as_buf_puts(b, "<br><small>reference: ");
            h(b, g->reference);
            as_buf_puts(b, "</small>");
        }
        as_buf_puts(b, "</td><td><code>");
        h(b, g->observed);
        as_buf_puts(b, "</code></td><td>");
        h(b, *g->since ? g->since : "-");
        as_buf_puts(b, "</td><td>");
        if (i < MAX_GATE_SNIPPETS)
            as_buf_printf(b, "<a href=\"#gate-%d\">reproducer</a>", i);
        as_buf_puts(b, "</td></tr>\n");
        i = j;
    }
    as_buf_puts(b, "</tbody></table></div>\n");
    if (i < r->n_gate_fails)
        as_buf_printf(b, "<p class=\"note\">%d more failing results: see the JSON report or the gate's output.</p>\n",
                      r->n_gate_fails - i);
    for (int k = 0, next; k < r->n_gate_fails && k < MAX_GATE_SNIPPETS; k = next) {
        const char *releases;
        next = as_rep_gate_row(a, r, k, &releases);   /* one reproducer per row of the table */
        const as_rep_gate_fail *g = &r->gate_fails[k];
        int i = k;
        as_buf_printf(b, "<div class=\"repro\" id=\"gate-%d\"><h3>", i);
        h(b, as_arena_printf(a, "%s: %s on %s", g->cls, g->case_id, g->subject));
        as_buf_puts(b, "</h3>");
        const char *text = g->snippet ? g->snippet : g->replay;
        if (text) {
            as_buf_printf(b, "<button type=\"button\" class=\"copy\" data-copy=\"gate-%d-code\">Copy reproducer</button>"
                             "<pre id=\"gate-%d-code\"><code>", i, i);
            h(b, text);
            as_buf_puts(b, "</code></pre>");
        }
        if (g->replay && g->snippet) {
            as_buf_puts(b, "<p class=\"note\">Re-run: <code>");
            h(b, g->replay);
            as_buf_puts(b, "</code></p>");
        }
        as_buf_puts(b, "</div>\n");
    }
    as_buf_puts(b, "</section>\n");
}

/* wpt.fyi-style: per family, one chip per release with its pass rate. */
static void pass_rates_html(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_puts(b, "<section id=\"pass-rates\" aria-labelledby=\"rates-h\"><h2 id=\"rates-h\">Pass rates</h2>\n");
    if (!r->conformance.present) {
        as_buf_puts(b, "<p>Pass rates come from the conformance results (<code>--conformance</code>).</p></section>\n");
        return;
    }
    as_buf_puts(b, "<p class=\"note\">Conformance results per subject and release: passed (agrees with the reference) "
                   "of the results run; expected failures are recorded differences, gate failures are new ones.</p>\n"
                   "<div class=\"scroll\"><table class=\"rates\"><caption>Pass rate per release</caption><thead><tr>"
                   "<th scope=\"col\">Family</th><th scope=\"col\">Releases (pass rate · expected failures · gate failures)</th>"
                   "</tr></thead><tbody>\n");
    for (int fi = 0; fi < r->n_families; fi++) {
        const as_rep_family *f = &r->families[fi];
        int any = 0;
        for (int k = 0; k < f->n; k++) {
            const as_rep_subject *s = &r->subjects[f->first + k];
            any |= s->conf_pass + s->conf_xfail + s->conf_fail > 0;
        }
        if (!any)
            continue;
        as_buf_puts(b, "<tr><th scope=\"row\">");
        h(b, f->name);
        as_buf_puts(b, "</th><td class=\"chips\">");
        for (int k = 0; k < f->n; k++) {
            const as_rep_subject *s = &r->subjects[f->first + k];
            int n = s->conf_pass + s->conf_xfail + s->conf_fail;
            if (!n)
                continue;
            int pct = (int)(100.0 * s->conf_pass / n + 0.5);
            as_buf_printf(b, "<span class=\"chip%s\" style=\"--p:%d%%\" title=\"", s->conf_fail ? " bad" : "", pct);
            h(b, as_arena_printf(a, "%s: %d passed, %d expected failures, %d gate failures, %d skipped", s->id,
                                 s->conf_pass, s->conf_xfail, s->conf_fail, s->conf_skip));
            as_buf_puts(b, "\"><b>");
            h(b, *s->version ? s->version : s->id);
            as_buf_printf(b, "</b> %d%% · %d · %d</span>", pct, s->conf_xfail, s->conf_fail);
        }
        as_buf_puts(b, "</td></tr>\n");
    }
    as_buf_puts(b, "</tbody></table></div></section>\n");
}

static void class_list_html(as_buf *b, const char *what, const as_class_row *const *v, int n)
{
    as_buf_printf(b, "<details%s><summary>%s: %d</summary><ul>", n && n <= 20 ? " open" : "", what, n);
    for (int i = 0; i < n && i < 200; i++) {
        as_buf_printf(b, "<li><a href=\"#class-%lld\">class %lld</a> <code>", v[i]->id, v[i]->id);
        h(b, v[i]->key);
        as_buf_puts(b, "</code></li>");
    }
    as_buf_puts(b, "</ul></details>\n");
}

static void cause_list_html(as_buf *b, const char *what, const as_rep_cause_diff *v, int n)
{
    as_buf_printf(b, "<details%s><summary>%s: %d</summary><ul>", n && n <= 20 ? " open" : "", what, n);
    for (int i = 0; i < n && i < 200; i++) {
        char id[9];
        as_rootcause_hash(v[i].cause->key, id);
        as_buf_printf(b, "<li><a href=\"#cause-%s\"><code>%s</code></a> ", id, id);
        h(b, v[i].cause->key);
        as_buf_puts(b, " <small>(");
        h(b, v[i].cause->releases);
        if (*v[i].gained) {
            as_buf_puts(b, "; now also on ");
            h(b, v[i].gained);
        }
        if (*v[i].lost) {
            as_buf_puts(b, "; no longer on ");
            h(b, v[i].lost);
        }
        as_buf_puts(b, ")</small></li>");
    }
    as_buf_puts(b, "</ul></details>\n");
}

static void diff_html(as_buf *b, const as_report *r)
{
    const as_rep_diff *d = &r->diff;
    as_buf_puts(b, "<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">Since the previous run</h2>\n");
    if (!d->run) {
        as_buf_puts(b, "<p>The store has one run: nothing to compare yet.</p></section>\n");
        return;
    }
    as_buf_printf(b, "<p>Run %lld against run %lld: <b>%d new</b> root causes, <b>%d fixed</b> (hit by run %lld, not "
                     "by run %lld), <b>%d changed</b> (hit on other releases), %d still present.</p>\n",
                  d->run, d->previous, d->n_new_causes, d->n_fixed_causes, d->previous, d->run, d->n_changed_causes,
                  d->n_still_causes);
    cause_list_html(b, "New root causes", d->new_causes, d->n_new_causes);
    cause_list_html(b, "Fixed root causes", d->fixed_causes, d->n_fixed_causes);
    cause_list_html(b, "Changed root causes", d->changed_causes, d->n_changed_causes);
    as_buf_printf(b, "<details><summary>By discrepancy class: %d new, %d fixed, %d changed (the same case, another "
                     "outcome), %d still</summary>\n",
                  d->n_new, d->n_fixed, d->n_changed, d->n_still);
    class_list_html(b, "New", d->new_classes, d->n_new);
    class_list_html(b, "Fixed", d->fixed, d->n_fixed);
    as_buf_printf(b, "<details%s><summary>Changed: %d</summary><ul>", d->n_changed && d->n_changed <= 20 ? " open" : "",
                  d->n_changed);
    for (int i = 0; i < d->n_changed && i < 200; i++) {
        const as_class_row *x = d->changed[i].before, *y = d->changed[i].after;
        as_buf_printf(b, "<li>class %lld <code>", x->id);
        h(b, x->key);
        as_buf_printf(b, "</code> → <a href=\"#class-%lld\">class %lld</a> <code>", y->id, y->id);
        h(b, y->key);
        as_buf_puts(b, "</code></li>");
    }
    as_buf_puts(b, "</ul></details>\n</details>\n");
    as_buf_puts(b, "</section>\n");
}

static void summary_html(as_arena *a, as_buf *b, const as_report *r)
{
    int k[4] = {0}, tested = 0;
    for (int i = 0; i < r->n_rules * r->n_subjects; i++)
        k[r->cells[i].state]++;
    for (int i = 0; i < r->n_subjects; i++)
        tested += r->subjects[i].tested;
    as_buf_puts(b, "<div class=\"tiles\">");
    tile(b, as_arena_printf(a, "%d", r->n_runs), "runs");
    tile(b, as_arena_printf(a, "%lld", r->total_cases), "cases");
    tile(b, as_arena_printf(a, "%lld", r->total_findings), "findings");
    tile(b, as_arena_printf(a, "%d", r->n_classes_total), "discrepancy classes");
    tile(b, as_arena_printf(a, "%d / %d", tested, r->n_subjects), "subjects tested");
    tile(b, as_arena_printf(a, "%d", k[AS_CELL_DIFFERS] + k[AS_CELL_ERROR]), "matrix cells that differ");
    if (r->conformance.present)
        tile(b, as_arena_printf(a, "%lld / %lld", r->conformance.passed, r->conformance.results),
             "conformance results passed");
    as_buf_puts(b, "</div>\n");
}

static void filters_html(as_buf *b, const as_report *r)
{
    as_buf_puts(b, "<div class=\"filters\" role=\"search\" aria-label=\"Filter the matrix and the classes\">"
                   "<label for=\"f-subject\">Subject</label><select id=\"f-subject\">"
                   "<option value=\"\">all subjects</option>");
    for (int fi = 0; fi < r->n_families; fi++) {
        const as_rep_family *f = &r->families[fi];
        as_buf_puts(b, "<optgroup label=\"");
        h(b, f->name);
        as_buf_puts(b, "\"><option value=\"f:");
        h(b, f->name);
        as_buf_puts(b, "\">");
        h(b, f->name);
        as_buf_puts(b, " (all versions)</option>");
        for (int k = 0; k < f->n; k++) {
            const as_rep_subject *s = &r->subjects[f->first + k];
            as_buf_puts(b, "<option value=\"s:");
            h(b, s->id);
            as_buf_puts(b, "\" data-family=\"");
            h(b, s->family);
            as_buf_puts(b, "\">");
            h(b, s->id);
            as_buf_puts(b, "</option>");
        }
        as_buf_puts(b, "</optgroup>");
    }
    as_buf_puts(b, "</select><label for=\"f-rule\">Rule</label><select id=\"f-rule\"><option value=\"\">all rules</option>");
    for (int i = 0; i < r->n_rules; i++) {
        as_buf_puts(b, "<option value=\"");
        h(b, r->rules[i].tag);
        as_buf_puts(b, "\">");
        h(b, r->rules[i].tag);
        if (*r->rules[i].section) {
            as_buf_puts(b, " (");
            h(b, r->rules[i].section);
            as_buf_putc(b, ')');
        }
        as_buf_puts(b, "</option>");
    }
    as_buf_puts(b, "</select><button type=\"button\" id=\"f-reset\">Show all</button>"
                   "<span id=\"f-count\" aria-live=\"polite\"></span></div>\n");
}

static void cell_html(as_buf *b, const as_report *r, int ru, int si)
{
    const as_rep_cell *c = AS_REP_CELL(r, ru, si);
    const as_rep_subject *s = &r->subjects[si];
    as_buf_printf(b, "<td class=\"c-%s\" data-family=\"", as_cell_state_name(c->state));
    h(b, s->family);
    as_buf_puts(b, "\" data-subject=\"");
    h(b, s->id);
    as_buf_puts(b, "\" title=\"");
    h(b, s->id);
    as_buf_puts(b, " · ");
    h(b, r->rules[ru].tag);
    as_buf_printf(b, ": %s", as_cell_state_name(c->state));
    if (c->classes)
        as_buf_printf(b, ", %d class%s, %lld hits", c->classes, c->classes == 1 ? "" : "es", c->hits);
    if (c->conf_pass || c->conf_differs)
        as_buf_printf(b, ", conformance %d pass / %d differ", c->conf_pass, c->conf_differs);
    as_buf_puts(b, "\">");
    switch (c->state) {
    case AS_CELL_PASS: as_buf_puts(b, "✓"); break;
    case AS_CELL_UNTESTED: as_buf_puts(b, "·"); break;
    default: {
        int n = c->classes ? c->classes : c->conf_differs;
        const char *mark = c->state == AS_CELL_ERROR ? "⚠" : "✗";
        if (c->link >= 0)
            as_buf_printf(b, "<a href=\"#class-%lld\">%s %d</a>", r->classes[c->link].row->id, mark, n);
        else
            as_buf_printf(b, "%s %d", mark, n);
    }
    }
    as_buf_puts(b, "</td>");
}

/* One cell per rule and family: where the family's releases differ, as
 * release ranges ("0.3.10–0.4.26"). */
static void family_cell_html(as_arena *a, as_buf *b, const as_report *r, int ru, const as_rep_family *f)
{
    int differs = 0, tested = 0, error = 0;
    as_buf ranges;
    as_buf_init(&ranges, a);
    for (int k = 0; k < f->n; k++) {
        const as_rep_cell *c = AS_REP_CELL(r, ru, f->first + k);
        tested |= c->state != AS_CELL_UNTESTED;
        error |= c->state == AS_CELL_ERROR;
        int bad = c->state == AS_CELL_DIFFERS || c->state == AS_CELL_ERROR;
        if (!bad)
            continue;
        int start = k;
        while (k + 1 < f->n) {
            const as_rep_cell *n = AS_REP_CELL(r, ru, f->first + k + 1);
            if (n->state != AS_CELL_DIFFERS && n->state != AS_CELL_ERROR)
                break;
            k++;
        }
        differs += k - start + 1;
        const char *lo = r->subjects[f->first + start].version, *hi = r->subjects[f->first + k].version;
        as_buf_printf(&ranges, "%s%s%s%s", ranges.len ? ", " : "", *lo ? lo : "-", start == k ? "" : "–",
                      start == k ? "" : hi);
    }
    const char *state = error ? "error" : differs ? "differs" : tested ? "pass" : "untested";
    as_buf_printf(b, "<td class=\"c-%s\">", state);
    if (differs) {
        as_buf_printf(b, "%s ", error ? "⚠" : "✗");
        h(b, as_buf_str(&ranges));
    } else {
        as_buf_puts(b, tested ? "✓" : "·");
    }
    as_buf_puts(b, "</td>");
}

/* A family name with a break opportunity after each '.' and '_': the
 * family-collapsed matrix then fits a laptop screen (1400 px). */
static void family_name_breakable(as_arena *a, as_buf *b, const char *name)
{
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "._");
        if (p[n])
            n++;
        h(b, as_arena_strndup(a, p, n));
        p += n;
        if (*p)
            as_buf_puts(b, "<wbr>");
    }
}

static void matrix_summary_html(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_puts(b, "<div class=\"scroll\"><table class=\"matrix-fam\"><caption>Rule × family: the releases that differ "
                   "from the reference (every release: the table below)</caption>\n<thead><tr><th scope=\"col\">Rule</th>"
                   "<th scope=\"col\">§</th>");
    for (int fi = 0; fi < r->n_families; fi++) {
        as_buf_puts(b, "<th scope=\"col\">");
        family_name_breakable(a, b, r->families[fi].name);
        as_buf_puts(b, "</th>");
    }
    as_buf_puts(b, "</tr></thead><tbody>\n");
    for (int ru = 0; ru < r->n_rules; ru++) {
        as_buf_puts(b, "<tr><th scope=\"row\">");
        h(b, r->rules[ru].tag);
        as_buf_puts(b, "</th><td class=\"sec\">");
        h(b, r->rules[ru].section);
        as_buf_puts(b, "</td>");
        for (int fi = 0; fi < r->n_families; fi++)
            family_cell_html(a, b, r, ru, &r->families[fi]);
        as_buf_puts(b, "</tr>\n");
    }
    as_buf_puts(b, "</tbody></table></div>\n");
}

static void matrix_html(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_puts(b, "<section id=\"matrix\" aria-labelledby=\"matrix-h\"><h2 id=\"matrix-h\">Compatibility matrix</h2>\n");
    matrix_summary_html(a, b, r);
    as_buf_puts(b, "<details class=\"fam-detail\"><summary>Every release (rule × subject × version)</summary>\n"
                   "<p class=\"legend\"><span class=\"c-pass\">&nbsp;✓&nbsp;</span> agrees with the reference "
                   "<span class=\"c-differs\">&nbsp;✗ N&nbsp;</span> N discrepancy classes (opens the most hit) "
                   "<span class=\"c-error\">&nbsp;⚠ N&nbsp;</span> the subject failed "
                   "<span class=\"c-untested\">&nbsp;·&nbsp;</span> not tested</p>\n"
                   "<div class=\"scroll\"><table class=\"matrix\"><caption>Rule (section of "
                   "<code>conformance/REFERENCE.md</code>) × subject × version</caption>\n<thead><tr>"
                   "<th scope=\"col\" rowspan=\"2\">Rule</th><th scope=\"col\" rowspan=\"2\">§</th>");
    for (int fi = 0; fi < r->n_families; fi++) {
        as_buf_printf(b, "<th scope=\"colgroup\" colspan=\"%d\" class=\"fam\" data-family=\"", r->families[fi].n);
        h(b, r->families[fi].name);
        as_buf_puts(b, "\">");
        h(b, r->families[fi].name);
        as_buf_puts(b, "</th>");
    }
    as_buf_puts(b, "</tr>\n<tr>");
    for (int s = 0; s < r->n_subjects; s++) {
        as_buf_puts(b, "<th scope=\"col\" data-family=\"");
        h(b, r->subjects[s].family);
        as_buf_puts(b, "\" data-subject=\"");
        h(b, r->subjects[s].id);
        as_buf_puts(b, "\">");
        h(b, *r->subjects[s].version ? r->subjects[s].version : "-");
        as_buf_puts(b, "</th>");
    }
    as_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int ru = 0; ru < r->n_rules; ru++) {
        as_buf_puts(b, "<tr data-rule=\"");
        h(b, r->rules[ru].tag);
        as_buf_puts(b, "\"><th scope=\"row\">");
        h(b, r->rules[ru].tag);
        as_buf_puts(b, "</th><td class=\"sec\" title=\"");
        h(b, r->rules[ru].title);
        as_buf_puts(b, "\">");
        h(b, r->rules[ru].section);
        as_buf_puts(b, "</td>");
        for (int s = 0; s < r->n_subjects; s++)
            cell_html(b, r, ru, s);
        as_buf_puts(b, "</tr>\n");
    }
    if (r->n_rules == 0)
        as_buf_printf(b, "<tr><td colspan=\"%d\">No discrepancy found yet.</td></tr>\n", r->n_subjects + 2);
    as_buf_puts(b, "</tbody></table></div></details></section>\n");
}

static void verdict_td(as_buf *b, const char *v)
{
    if (!v) {
        as_buf_puts(b, "<td>-</td>");
        return;
    }
    as_buf_printf(b, "<td class=\"v-%s\">", strcmp(v, "static") == 0 ? "static" : strcmp(v, "traced") == 0 ? "traced" : "default");
    h(b, v);
    as_buf_puts(b, "</td>");
}

static void seed_html(as_buf *b, const as_report *r)
{
    as_buf_puts(b, "<section id=\"seed\" aria-labelledby=\"seed-h\"><h2 id=\"seed-h\">The seed: JAX issue #10614</h2>\n"
                   "<pre><code>def f(a, /, b, *, c):\n    print(a, b, c)\n\njf = jit(f, ...)\njf(1, 2, c=3)</code></pre>\n"
                   "<p class=\"note\">Computed live from the subject models. <code>Traced&lt;…&gt;</code> stands for "
                   "the tracer JAX prints; the reference rows are what the issue expects.</p>\n"
                   "<div class=\"scroll\"><table class=\"seed\"><caption>The three calls of the issue on every "
                   "modelled jax.jit version</caption>\n<thead><tr><th scope=\"col\">Subject</th>"
                   "<th scope=\"col\">Transform</th><th scope=\"col\">a</th><th scope=\"col\">b</th>"
                   "<th scope=\"col\">c</th><th scope=\"col\">print(a, b, c)</th><th scope=\"col\">As the issue "
                   "expects</th></tr></thead>\n");
    for (int i = 0; i < r->n_seed; i++) {
        const as_rep_seed *s = &r->seed[i];
        if (s->spec_no == 1) {
            as_buf_puts(b, "<tbody><tr><th scope=\"rowgroup\" rowspan=\"3\">");
            h(b, s->subject);
            as_buf_puts(b, "</th>");
        } else {
            as_buf_puts(b, "<tr>");
        }
        as_buf_printf(b, "<td><code>jf%s = jit(f, ", s->spec_no == 1 ? "" : s->spec_no == 2 ? "2" : "3");
        h(b, s->spec_text);
        as_buf_puts(b, ")</code></td>");
        if (s->error) {
            as_buf_puts(b, "<td colspan=\"4\" class=\"bad\">");
            h(b, s->error);
            as_buf_puts(b, "</td>");
        } else {
            for (int k = 0; k < 3; k++)
                verdict_td(b, s->verdict[k]);
            as_buf_puts(b, "<td><code>");
            h(b, s->prints);
            as_buf_puts(b, "</code>");
            if (s->warning) {
                as_buf_puts(b, "<br><small>");
                h(b, s->warning);
                as_buf_puts(b, "</small>");
            }
            as_buf_puts(b, "</td>");
        }
        as_buf_puts(b, s->as_expected ? "<td class=\"good\">yes</td>" : "<td class=\"bad\">no</td>");
        as_buf_puts(b, s->spec_no == 3 ? "</tr></tbody>\n" : "</tr>\n");
    }
    as_buf_puts(b, "</table></div></section>\n");
}

static void trends_html(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_puts(b, "<section id=\"trends\" aria-labelledby=\"trends-h\"><h2 id=\"trends-h\">Trends</h2>\n"
                   "<p class=\"note\">One bar per run, oldest first; the dark part of a class bar is the classes "
                   "that run found first. Hover a bar for its numbers.</p><div class=\"charts\">");
    as_buf_puts(b, "<figure class=\"chart\"><figcaption>Discrepancy classes per run</figcaption>");
    as_buf_puts(b, as_report_svg_trend(a, r, 0));
    as_buf_puts(b, "</figure><figure class=\"chart\"><figcaption>Cases per run</figcaption>");
    as_buf_puts(b, as_report_svg_trend(a, r, 1));
    as_buf_puts(b, "</figure>");
    as_buf_puts(b, "</div>\n<details><summary>Runs as a table</summary><div class=\"scroll\"><table>"
                   "<caption>Runs, oldest first</caption><thead><tr><th scope=\"col\">Run</th>"
                   "<th scope=\"col\">Engine</th><th scope=\"col\">Started</th><th scope=\"col\">Status</th>"
                   "<th scope=\"col\">Cases</th><th scope=\"col\">Findings</th><th scope=\"col\">Classes hit</th>"
                   "<th scope=\"col\">New classes</th></tr></thead><tbody>\n");
    for (int i = 0; i < r->n_runs; i++) {
        const as_rep_run *w = &r->runs[i];
        as_buf_printf(b, "<tr><th scope=\"row\">%lld</th><td>", w->row.id);
        h(b, w->row.engine);
        as_buf_printf(b, "</td><td>%s</td><td>%s</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td></tr>\n",
                      as_report_time(a, w->row.started), as_run_status_name(w->row.status), w->row.cases,
                      w->row.findings, w->classes_hit, w->row.new_classes);
    }
    as_buf_puts(b, "</tbody></table></div></details></section>\n");
}

static void history_html(as_buf *b, const as_report *r, const as_rep_class *c)
{
    as_buf_puts(b, "<div class=\"hist\"><strong>Versions showing it</strong>");
    if (!c->history_computed) {
        as_buf_puts(b, "<p class=\"note\">Not computed for this relation (only vs-reference classes are re-run on every version).</p></div>");
        return;
    }
    if (c->n_history == 0) {
        as_buf_puts(b, "<p class=\"note\">The reproducer shows this discrepancy in no modelled version.</p></div>");
        return;
    }
    as_buf_puts(b, "<ul>");
    for (int i = 0; i < c->n_history; i++) {
        const as_rep_history *x = &c->history[i];
        as_buf_puts(b, "<li>");
        h(b, x->family);
        as_buf_puts(b, ": appeared in <b>");
        h(b, x->appeared);
        as_buf_puts(b, "</b>");
        if (x->appeared == r->subjects[x->first].version)
            as_buf_puts(b, " (oldest modelled)");
        if (x->disappeared) {
            as_buf_puts(b, ", disappeared in <b>");
            h(b, x->disappeared);
            as_buf_puts(b, "</b>");
        } else {
            as_buf_puts(b, ", still in the newest");
        }
        as_buf_puts(b, "<span class=\"strip\" aria-hidden=\"true\">");
        for (int k = 0; k < x->n; k++) {
            as_buf_printf(b, "<i class=\"%s\" title=\"", x->present[k] ? "on" : "off");
            h(b, r->subjects[x->first + k].version);
            as_buf_puts(b, x->present[k] ? ": shows it\"></i>" : ": does not\"></i>");
        }
        as_buf_puts(b, "</span></li>");
    }
    as_buf_puts(b, "</ul></div>");
}

static void class_html(as_arena *a, as_buf *b, const as_report *r, const as_rep_class *c)
{
    const as_class_row *w = c->row;
    const as_rep_subject *s = &r->subjects[c->subject];
    const as_finding *f = as_class_reproducer(w);
    as_buf_printf(b, "<section class=\"cls\" id=\"class-%lld\" aria-labelledby=\"class-%lld-h\" data-family=\"", w->id,
                  w->id);
    h(b, s->family);
    as_buf_puts(b, "\" data-subject=\"");
    h(b, s->id);
    as_buf_puts(b, "\" data-rule=\"");
    h(b, r->rules[c->rule].tag);
    as_buf_printf(b, "\"><h3 id=\"class-%lld-h\">Class %lld · ", w->id, w->id);
    h(b, w->subject);
    as_buf_puts(b, " · ");
    h(b, r->rules[c->rule].tag);
    as_buf_puts(b, "</h3>\n<dl class=\"facts\"><dt>Key</dt><dd><code>");
    h(b, w->key);
    as_buf_puts(b, "</code></dd><dt>Relation</dt><dd>");
    h(b, w->relation);
    as_buf_puts(b, ", compared with ");
    h(b, expected_label(c));
    as_buf_printf(b, "</dd><dt>Hits</dt><dd>%lld in %lld run%s</dd>", w->hit_count, w->runs_seen,
                  w->runs_seen == 1 ? "" : "s");
    as_buf_printf(b, "<dt>First seen</dt><dd>run %lld, %s</dd><dt>Last seen</dt><dd>run %lld, %s</dd>", w->first_run,
                  as_report_time(a, w->first_seen), w->last_run, as_report_time(a, w->last_seen));
    as_buf_printf(b, "<dt>Reproducer</dt><dd>%s, Python 3.%d: <code>f", c->reproducer, f->py_minor);
    h(b, f->signature);
    as_buf_puts(b, "</code>, spec <code>");
    h(b, c->spec_text && *c->spec_text ? c->spec_text : "(none)");
    as_buf_puts(b, "</code>, call <code>");
    h(b, f->call && *f->call ? f->call : "(decoration only)");
    as_buf_puts(b, "</code></dd></dl>\n<div class=\"two\"><table class=\"side\"><caption>Split: ");
    h(b, expected_label(c));
    as_buf_puts(b, " vs observed</caption><thead><tr><th scope=\"col\">Argument</th><th scope=\"col\">");
    h(b, expected_label(c));
    as_buf_puts(b, "</th><th scope=\"col\">");
    h(b, w->subject);
    as_buf_puts(b, "</th></tr></thead><tbody>");
    for (int i = 0; i < c->n_side; i++) {
        as_buf_puts(b, c->side[i].differs ? "<tr class=\"d\"><th scope=\"row\">≠ " : "<tr><th scope=\"row\">");
        h(b, c->side[i].what);
        as_buf_puts(b, "</th><td>");
        h(b, c->side[i].expected);
        as_buf_puts(b, "</td><td>");
        h(b, c->side[i].observed);
        as_buf_puts(b, "</td></tr>");
    }
    as_buf_puts(b, "</tbody></table>");
    history_html(b, r, c);
    as_buf_puts(b, "</div>\n<details><summary>Reproducer as Python</summary>");
    if (c->snippet) {
        as_buf_puts(b, "<pre><code class=\"language-python\">");
        h(b, c->snippet);
        as_buf_puts(b, "</code></pre>");
    } else {
        as_buf_puts(b, "<p class=\"note\">No snippet: ");
        h(b, c->snippet_error);
        as_buf_puts(b, "</p>");
    }
    as_buf_puts(b, "</details></section>\n");
}

/* The root causes first: what a maintainer acts on. */
static void causes_html(as_arena *a, as_buf *b, const as_report *r)
{
    as_buf_printf(b, "<section id=\"rootcauses\" aria-labelledby=\"rootcauses-h\"><h2 id=\"rootcauses-h\">Root "
                     "causes</h2>\n<p>%d root cause%s behind %d discrepancy class%s.</p>\n",
                  r->n_causes, r->n_causes == 1 ? "" : "s", r->n_classes_total, r->n_classes_total == 1 ? "" : "es");
    if (r->n_causes) {
        as_buf_puts(b, "<table><thead><tr><th scope=\"col\">id</th><th scope=\"col\">root cause</th>"
                       "<th scope=\"col\">releases</th><th scope=\"col\">hits</th><th scope=\"col\">upstream</th>"
                       "<th scope=\"col\">reproducer</th></tr></thead><tbody>\n");
        for (int i = 0; i < r->n_causes; i++) {
            const as_rootcause *c = &r->causes[i];
            char id[9];
            as_rootcause_hash(c->key, id);
            const as_finding *f = as_class_reproducer(c->reproducer);
            char *spec = NULL;
            as_error err;
            if (as_pysnippet_spec_text(a, f->spec_json, &spec, &err) < 0)
                spec = "";
            as_buf_printf(b, "<tr id=\"cause-%s\"><td><code>%s</code></td><td>", id, id);
            h(b, c->key);
            as_buf_puts(b, "</td><td>");
            h(b, c->releases);
            as_buf_printf(b, "</td><td>%lld</td><td>", c->hits);
            if (c->known) {
                as_buf_puts(b, "<a href=\"");
                h(b, c->known->url);
                as_buf_puts(b, "\">");
                h(b, c->known->issue);
                as_buf_puts(b, "</a>");
            } else {
                as_buf_puts(b, "NEW");
            }
            as_buf_puts(b, "</td><td><code>def f");
            h(b, f->signature);
            as_buf_puts(b, " ");
            h(b, spec);
            if (*f->call) {
                as_buf_puts(b, " call ");
                h(b, f->call);
            }
            as_buf_puts(b, "</code></td></tr>\n");
        }
        as_buf_puts(b, "</tbody></table>\n");
    }
    as_buf_puts(b, "</section>\n");
}

char *as_report_html(as_arena *a, const as_report *r)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>argsplit compatibility report</title>\n<style>\n");
    as_buf_puts(&b, css);
    as_buf_puts(&b, "</style></head>\n<body>\n<header><h1>argsplit compatibility report</h1><p class=\"meta\">Database <code>");
    h(&b, r->db_path);
    as_buf_printf(&b, "</code> · latest run %s", as_report_time(a, r->generated));
    if (r->conformance.present) {
        as_buf_puts(&b, " · conformance <code>");
        h(&b, r->conformance.path);
        as_buf_printf(&b, "</code>: %lld passed, %lld failed, %lld skipped", r->conformance.passed,
                      r->conformance.failed, r->conformance.skipped);
    }
    as_buf_puts(&b, "</p><nav aria-label=\"Sections\"><a href=\"#gate-failures\">Gate failures</a>"
                    "<a href=\"#rootcauses\">Root causes</a><a href=\"#pass-rates\">Pass rates</a>"
                    "<a href=\"#changes\">Changes</a><a href=\"#matrix\">Matrix</a><a href=\"#seed\">Seed table</a>"
                    "<a href=\"#trends\">Trends</a><a href=\"#classes\">Classes</a></nav></header>\n<main>\n");
    /* What a maintainer acts on first: the gate, then the root causes. */
    gate_html(a, &b, r);
    causes_html(a, &b, r);
    pass_rates_html(a, &b, r);
    diff_html(&b, r);
    summary_html(a, &b, r);
    filters_html(&b, r);
    matrix_html(a, &b, r);
    seed_html(&b, r);
    trends_html(a, &b, r);
    as_buf_puts(&b, "<section id=\"classes\" aria-labelledby=\"classes-h\"><h2 id=\"classes-h\">Discrepancy classes</h2>\n");
    if (r->n_classes < r->n_classes_total)
        as_buf_printf(&b,
                      "<p class=\"note\">%d of %d classes are shown: the most hit one of every matrix cell, then "
                      "the most hit overall (<code>argsplit report --max-classes 0</code> shows all).</p>\n",
                      r->n_classes, r->n_classes_total);
    if (r->n_classes_total == 0)
        as_buf_puts(&b, "<p>None: every subject agreed with the reference on every case run so far.</p>\n");
    for (int i = 0; i < r->n_classes; i++)
        class_html(a, &b, r, &r->classes[i]);
    as_buf_puts(&b, "</section>\n</main>\n<footer>Generated by argsplit report; this file needs no network.</footer>\n<script>\n");
    as_buf_puts(&b, js);
    as_buf_puts(&b, "</script>\n</body></html>\n");
    return as_buf_str(&b);
}
