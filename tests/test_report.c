/* test_report.c — the report model and its three formats, on a store built
 * from real model runs, including a signature written to break out of
 * HTML and Markdown.  The HTML is also parsed by CPython's html.parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/compare.h"
#include "engine/store.h"
#include "reports/escape.h"
#include "reports/report.h"
#include "subjects/registry.h"

/* A default value that tries HTML, Markdown tables, fences, links and emphasis. */
#define HOSTILE_SIG "(x, y='</code><script>alert(1)</script> | ``` [l](http://e.com) *em* &amp;')"

typedef struct fixture {
    char dir[64];
    char db[128];
    char conf[128];
    as_arena arena;
} fixture;

/* Run reference and `subject` on one case and store the difference. */
static void add_case(as_store *st, long long run, as_arena *a, const char *subject, const char *sig,
                     const char *spec_text, const char *call)
{
    as_error err;
    as_spec spec;
    as_case c;
    assert_int_equal(as_spec_parse(a, spec_text, strlen(spec_text), &spec, &err), 0);
    assert_int_equal(as_case_build(a, sig, &spec, call, 11, &c, &err), 0);
    const as_subject *s = as_subject_find(subject);
    assert_non_null(s);
    as_split ref, obs;
    assert_int_equal(as_subject_split(as_subject_reference(), a, &c, &ref), 0);
    assert_int_equal(as_subject_split(s, a, &c, &obs), 0);
    as_compare_result cr;
    assert_true(as_compare(a, &c, s->id, "vs-reference", &ref, &obs, 0, &cr));
    json_t *js = as_spec_to_json(&spec), *je = as_split_to_json(&ref, "reference"),
           *jo = as_split_to_json(&obs, s->id);
    char *ts = json_dumps(js, JSON_COMPACT), *te = json_dumps(je, JSON_COMPACT), *to = json_dumps(jo, JSON_COMPACT);
    as_finding f = {cr.key, s->id, "reference", "vs-reference", cr.rule, c.signature_text, ts, c.call_text, to, te, 11, NULL};
    int is_new = 0;
    assert_int_equal(as_store_add_finding(st, run, &f, &is_new, &err), 0);
    assert_int_equal(as_store_count_subject_cases(st, run, s->id, 10, &err), 0);
    free(ts), free(te), free(to);
    json_decref(js), json_decref(je), json_decref(jo);
}

/* A class of an external subject whose id, rule tag and error message all
 * carry markup (external adapters name themselves; messages echo names). */
#define HOSTILE_SUBJECT "ext|<b>*x*</b>@1|2"
#define HOSTILE_RULE "r|[y](http://e.com)"
#define HOSTILE_MSG "name '|<script>z</script>|' ```is``` not"

static void add_hostile(as_store *st, long long run, as_arena *a)
{
    as_split ref, obs;
    as_split_init(&ref);
    ref.decoration_ok = 1;
    as_split_init(&obs);
    as_split_decoration_error(&obs, "ValueError", "%s", HOSTILE_MSG);
    json_t *je = as_split_to_json(&ref, "reference"), *jo = as_split_to_json(&obs, HOSTILE_SUBJECT);
    char *te = json_dumps(je, JSON_COMPACT), *to = json_dumps(jo, JSON_COMPACT);
    as_finding f = {"ext|hostile", HOSTILE_SUBJECT, "reference", "vs-reference", HOSTILE_RULE, "(x)",
                    "{\"static_argnums\": 0}", NULL, to, te, 11, NULL};
    as_error err;
    assert_int_equal(as_store_add_finding(st, run, &f, NULL, &err), 0);
    free(te), free(to);
    json_decref(je), json_decref(jo);
    (void)a;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    strcpy(fx->dir, "/tmp/argsplit_report_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db, sizeof fx->db, "%s/r.db", fx->dir);
    snprintf(fx->conf, sizeof fx->conf, "%s/conf.json", fx->dir);
    as_arena_init(&fx->arena);

    as_error err;
    as_store *st = NULL;
    assert_int_equal(as_store_open(fx->db, 0, &st, &err), 0);
    as_run_info info = {"campaign", 7, NULL, "[\"jax.jit@0.3.7\", \"jax.jit@0.11\", \"jax.grad@0.3.11\"]",
                        NULL, 0, 1};
    long long run = 0;
    assert_int_equal(as_store_run_begin(st, &info, &run, &err), 0);
    as_arena a;
    as_arena_init(&a);
    add_case(st, run, &a, "jax.jit@0.3.7", "(a, /, b, *, c)", "static_argnames=('a', 'b', 'c')", "(1, 2, c=3)");
    add_case(st, run, &a, "jax.jit@0.3.7", HOSTILE_SIG, "static_argnums=-1", "(1, 2)");
    add_hostile(st, run, &a);
    as_arena_free(&a);
    assert_int_equal(as_store_run_progress(st, run, 20, 20, 0.5, &err), 0);
    assert_int_equal(as_store_run_end(st, run, AS_RUN_DONE, &err), 0);
    assert_int_equal(as_store_close(st, &err), 0);

    /* a conformance matrix as `argsplit check --json` writes it (trimmed) */
    FILE *f = fopen(fx->conf, "w");
    assert_non_null(f);
    fputs("{\"format\": \"argsplit-conformance\", \"version\": 1,\n"
          " \"summary\": {\"cases\": 2, \"results\": 3, \"passed\": 2, \"failed\": 1, \"skipped\": 0},\n"
          " \"cases\": [{\"id\": \"k1\", \"tags\": [\"gen\", \"in-axes\"]}, {\"id\": \"k2\", \"tags\": [\"donate\"]}],\n"
          " \"results\": [\n"
          "  {\"case\": \"k1\", \"subject\": \"jax.vmap@0.3.10\", \"class\": \"pass\", \"rule\": null},\n"
          "  {\"case\": \"k2\", \"subject\": \"jax.jit@0.11\", \"class\": \"expected-fail\", \"rule\": \"donate\"},\n"
          "  {\"case\": \"k2\", \"subject\": \"jax.pmap@0.11\", \"class\": \"regression\", \"rule\": \"neg-index\"}]}\n",
          f);
    fclose(f);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    as_arena_free(&fx->arena);
    free(fx);
    return 0;
}

static int find_subject(const as_report *r, const char *id)
{
    for (int i = 0; i < r->n_subjects; i++)
        if (strcmp(r->subjects[i].id, id) == 0)
            return i;
    fail_msg("subject %s not in the report", id);
    return -1;
}

static int find_rule(const as_report *r, const char *tag)
{
    for (int i = 0; i < r->n_rules; i++)
        if (strcmp(r->rules[i].tag, tag) == 0)
            return i;
    fail_msg("rule %s not in the report", tag);
    return -1;
}

static void load(fixture *fx, const char *conf, as_report *r)
{
    as_error err;
    as_report_options opt = {0};
    if (as_report_load(&fx->arena, fx->db, conf, &opt, r, &err) != 0)
        fail_msg("load: %s: %s", err.type, err.message);
}

static void test_matrix(void **state)
{
    fixture *fx = *state;
    as_report r;
    load(fx, fx->conf, &r);
    assert_int_equal(r.n_runs, 1);
    assert_int_equal(r.n_classes_total, 3);
    assert_int_equal(r.n_classes, 3);
    /* the external subject forms its own family, its rule a row without section */
    int ext = find_subject(&r, HOSTILE_SUBJECT);
    assert_false(r.subjects[ext].builtin);
    assert_string_equal(r.subjects[ext].family, "ext|<b>*x*</b>");
    assert_string_equal(r.rules[find_rule(&r, HOSTILE_RULE)].section, "");
    assert_int_equal(AS_REP_CELL(&r, find_rule(&r, HOSTILE_RULE), ext)->state, AS_CELL_DIFFERS);
    int old = find_subject(&r, "jax.jit@0.3.7"), nw = find_subject(&r, "jax.jit@0.11");
    int grad = find_subject(&r, "jax.grad@0.3.11"), vmap = find_subject(&r, "jax.vmap@0.3.10");
    int pmap = find_subject(&r, "jax.pmap@0.11"), cjvp = find_subject(&r, "jax.custom_jvp@0.3.10");
    /* families keep registry order and stay contiguous, versions oldest first */
    assert_true(old < nw);
    assert_string_equal(r.families[0].name, "jax.jit");
    int neg = find_rule(&r, "neg-index"), posonly = find_rule(&r, "argnames-posonly");
    int axes = find_rule(&r, "in-axes"), donate = find_rule(&r, "donate");
    assert_true(posonly > neg);      /* REFERENCE.md order: R2 before R3 */
    assert_string_equal(r.rules[neg].section, "R2");

    const as_rep_cell *c = AS_REP_CELL(&r, posonly, old);
    assert_int_equal(c->state, AS_CELL_DIFFERS);
    assert_int_equal(c->classes, 1);
    assert_true(c->link >= 0);
    assert_string_equal(r.classes[c->link].row->subject, "jax.jit@0.3.7");
    assert_int_equal(AS_REP_CELL(&r, posonly, nw)->state, AS_CELL_PASS);       /* in the run, no class */
    assert_int_equal(AS_REP_CELL(&r, posonly, grad)->state, AS_CELL_PASS);
    assert_int_equal(AS_REP_CELL(&r, posonly, cjvp)->state, AS_CELL_UNTESTED); /* never run */
    /* conformance: a pass found by case tag, an expected-fail and a regression by rule */
    assert_int_equal(AS_REP_CELL(&r, axes, vmap)->state, AS_CELL_PASS);
    assert_int_equal(AS_REP_CELL(&r, axes, vmap)->conf_pass, 1);
    assert_int_equal(AS_REP_CELL(&r, donate, nw)->state, AS_CELL_DIFFERS);
    assert_int_equal(AS_REP_CELL(&r, donate, nw)->conf_gate_fail, 0);
    assert_int_equal(AS_REP_CELL(&r, neg, pmap)->conf_gate_fail, 1);
    assert_int_equal(AS_REP_CELL(&r, neg, pmap)->link, -1);
    assert_int_equal((int)r.conformance.failed, 1);
}

static void test_class_details(void **state)
{
    fixture *fx = *state;
    as_report r;
    load(fx, NULL, &r);
    const as_rep_class *seed = NULL;
    for (int i = 0; i < r.n_classes; i++)
        if (strcmp(r.rules[r.classes[i].rule].tag, "argnames-posonly") == 0)
            seed = &r.classes[i];
    assert_non_null(seed);
    assert_non_null(seed->snippet);
    assert_non_null(strstr(seed->snippet, "jax.jit("));
    assert_string_equal(seed->spec_text, "static_argnames=('a', 'b', 'c')");
    /* side by side: a differs (static vs traced), b and c agree */
    int found_a = 0;
    for (int i = 0; i < seed->n_side; i++) {
        if (strcmp(seed->side[i].what, "a") == 0) {
            found_a = 1;
            assert_true(seed->side[i].differs);
            assert_string_equal(seed->side[i].expected, "static");
            assert_string_equal(seed->side[i].observed, "traced");
        }
        if (strcmp(seed->side[i].what, "b") == 0)
            assert_false(seed->side[i].differs);
    }
    assert_true(found_a);
    /* the behaviour shows in jax.jit 0.3.7 itself; newer jits reject the spec instead */
    assert_true(seed->history_computed);
    const as_rep_history *h = NULL;
    for (int i = 0; i < seed->n_history; i++)
        if (strcmp(seed->history[i].family, "jax.jit") == 0)
            h = &seed->history[i];
    assert_non_null(h);
    assert_string_equal(h->appeared, "0.3.7");
    assert_true(h->present[0]);
    assert_non_null(h->disappeared);
    assert_int_equal(seed->row->first_run, r.runs[0].row.id);
}

static void test_seed_table(void **state)
{
    fixture *fx = *state;
    as_rep_seed *rows;
    int n;
    as_error err;
    assert_int_equal(as_report_seed(&fx->arena, &rows, &n, &err), 0);
    int jits = 0;
    for (const as_subject *const *s = as_subjects_all(); *s; s++)
        jits += strcmp((*s)->family, "jax.jit") == 0;
    assert_int_equal(n, 3 * (jits + 1));
    for (int i = 0; i < 3; i++) {
        assert_string_equal(rows[i].subject, "reference");
        assert_string_equal(rows[i].prints, "1 2 3");
    }
    /* the observations on the oldest modelled jit */
    assert_string_equal(rows[3].subject, "jax.jit@0.3.7");
    assert_string_equal(rows[3].prints, "Traced<…> 2 3");
    assert_string_equal(rows[4].prints, "1 Traced<…> 3");
    assert_string_equal(rows[5].prints, "1 2 Traced<…>");
    assert_false(rows[3].as_expected);
    /* newest jit: jf is a decoration ValueError (a is positional-only) */
    const as_rep_seed *last = &rows[n - 3];
    assert_non_null(last->error);
    assert_non_null(strstr(last->error, "ValueError"));
    assert_null(last->prints);
}

static void test_escape(void **state)
{
    as_arena a;
    as_arena_init(&a);
    as_buf b;
    as_buf_init(&b, &a);
    as_html_put(&b, "<a href=\"x\">'&'</a>");
    assert_string_equal(as_buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    as_buf_init(&b, &a);
    as_md_put(&b, "# a|b *c* [d](http://e) `f` <g>\nh www.x");
    assert_string_equal(as_buf_str(&b), "\\# a\\|b \\*c\\* \\[d\\](http\\://e) \\`f\\` &lt;g&gt; h www\\.x");
    as_buf_init(&b, &a);
    as_md_code_block(&b, "python", "x = '````'");
    assert_string_equal(as_buf_str(&b), "`````python\nx = '````'\n`````\n");
    as_arena_free(&a);
}

/* Run python3 on a script with the file as argv[1]; 0 when it exits 0. */
static int python_check(const char *script, const char *path)
{
    char spath[256];
    snprintf(spath, sizeof spath, "%s.py", path);
    FILE *f = fopen(spath, "w");
    assert_non_null(f);
    fputs(script, f);
    fclose(f);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s'", spath, path);
    return system(cmd);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_html(void **state)
{
    fixture *fx = *state;
    as_report r;
    load(fx, fx->conf, &r);
    char *html = as_report_html(&fx->arena, &r);
    assert_null(strstr(html, "<script>alert"));
    assert_null(strstr(html, "<script>z"));
    assert_null(strstr(html, "<b>*x*"));
    assert_non_null(strstr(html, "&lt;/code&gt;&lt;script&gt;alert(1)"));
    assert_non_null(strstr(html, "<table class=\"matrix\">"));
    assert_non_null(strstr(html, "<th scope=\"row\">neg-index</th>"));
    /* nothing is fetched at view time */
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "<link"));
    char path[200];
    snprintf(path, sizeof path, "%s/r.html", fx->dir);
    write_file(path, html);
    /* CPython's HTML parser: one script element (ours), and the hostile
     * default appears verbatim as text inside the class section */
    static const char script[] =
        "import sys, html.parser\n"
        "class P(html.parser.HTMLParser):\n"
        "    def __init__(s):\n"
        "        super().__init__(); s.scripts = 0; s.text = []; s.ids = set(); s.th_scope = True\n"
        "    def handle_starttag(s, tag, attrs):\n"
        "        a = dict(attrs)\n"
        "        if tag == 'script': s.scripts += 1\n"
        "        if 'id' in a: s.ids.add(a['id'])\n"
        "        if tag == 'th' and 'scope' not in a: s.th_scope = False\n"
        "    def handle_data(s, d): s.text.append(d)\n"
        "p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())\n"
        "text = ''.join(p.text)\n"
        "want = \"</code><script>alert(1)</script> | ``` [l](http://e.com) *em* &amp;\"\n"
        "assert p.scripts == 1, p.scripts\n"
        "assert want in text, 'hostile text not shown verbatim'\n"
        "assert \"name '|<script>z</script>|' ```is``` not\" in text\n"
        "assert 'ext|<b>*x*</b>@1|2' in text and 'r|[y](http://e.com)' in text\n"
        "assert 'matrix' in p.ids and 'seed' in p.ids and any(i.startswith('class-') for i in p.ids)\n"
        "assert p.th_scope, 'a th without scope'\n";
    assert_int_equal(python_check(script, path), 0);
}

static void test_markdown(void **state)
{
    fixture *fx = *state;
    as_report r;
    load(fx, NULL, &r);
    char *md = as_report_markdown(&fx->arena, &r);
    /* the summary for a pull-request comment: the gate first, a link to
     * the HTML report, no class sections */
    assert_non_null(strstr(md, "## Gate failures"));
    assert_true(strstr(md, "## Gate failures") < strstr(md, "## Root causes"));
    assert_non_null(strstr(md, "[HTML report](report.html)"));
    assert_null(strstr(md, "<a id=\"class-"));
    assert_non_null(strstr(md, "| jax.jit\\@0.3.7 | jf | static\\_argnames=('a', 'b', 'c') | traced | static | static |"));
    char path[200];
    snprintf(path, sizeof path, "%s/r.md", fx->dir);
    write_file(path, md);
    /* every table row has as many unescaped '|' as its header; every fence
     * that opens a block is closed by the same fence */
    static const char script[] =
        "import re, sys\n"
        "lines = open(sys.argv[1], encoding='utf-8').read().split('\\n')\n"
        "def cells(l): return len(re.findall(r'(?<!\\\\)\\|', l))\n"
        "fence = None; width = None\n"
        "for l in lines:\n"
        "    if fence:\n"
        "        if l == fence: fence = None\n"
        "        continue\n"
        "    m = re.match(r'^(`{3,})', l)\n"
        "    if m: fence = m.group(1); continue\n"
        "    assert '<script' not in l and not re.search(r'(?<!\\\\)\\]\\(http', l), l\n"
        "    if l.startswith('|'):\n"
        "        if width is None: width = cells(l)\n"
        "        assert cells(l) == width, (width, l)\n"
        "    else: width = None\n"
        "assert fence is None, 'unclosed fence'\n";
    assert_int_equal(python_check(script, path), 0);
}

static void test_json(void **state)
{
    fixture *fx = *state;
    as_report r;
    load(fx, fx->conf, &r);
    json_t *j = as_report_json(&r);
    char *text = json_dumps(j, 0);
    json_decref(j);
    json_error_t je;
    json_t *back = json_loads(text, 0, &je);
    free(text);
    assert_non_null(back);
    assert_string_equal(json_string_value(json_object_get(back, "format")), "argsplit-report");
    assert_int_equal(json_integer_value(json_object_get(back, "version")), 1);
    assert_int_equal(json_array_size(json_object_get(back, "matrix")), (size_t)(r.n_rules * r.n_subjects));
    assert_int_equal(json_array_size(json_object_get(back, "classes")), 3);
    assert_int_equal(json_array_size(json_object_get(json_object_get(back, "seed"), "rows")), (size_t)r.n_seed);
    int hostile = 0;
    json_t *classes = json_object_get(back, "classes");
    for (size_t i = 0; i < json_array_size(classes); i++) {
        json_t *rep = json_object_get(json_array_get(classes, i), "reproducer");
        const char *sig = json_string_value(json_object_get(rep, "signature"));
        assert_non_null(sig);
        hostile += strstr(sig, "<script>alert(1)</script> | ```") != NULL;
        assert_non_null(json_object_get(json_array_get(classes, i), "history"));
    }
    assert_int_equal(hostile, 1);
    assert_non_null(json_object_get(back, "conformance"));
    assert_true(json_is_object(json_object_get(back, "conformance")));
    json_decref(back);
}

/* One stored class of subject "ext:s@1" (SUBJECT when given): KEY on case
 * CALL of "(a, b)", its root cause "ext:s | CAUSE". */
static void add_class_of(as_store *st, long long run, const char *subject, const char *key, const char *call,
                         const char *cause)
{
    char rc[64];
    snprintf(rc, sizeof rc, "ext:s | %s", cause);
    as_finding f = {key, subject, "reference", "vs-reference", "neg-index", "(a, b)", "{\"static_argnums\": 0}",
                    call, "{}", "{}", 11, rc};
    as_error err;
    assert_int_equal(as_store_add_finding(st, run, &f, NULL, &err), 0);
}

static void add_class(as_store *st, long long run, const char *key, const char *call, const char *cause)
{
    add_class_of(st, run, "ext:s@1", key, call, cause);
}

/* The run diff: new, fixed, changed (the same case, another class) and still. */
static void test_run_diff(void **state)
{
    fixture *fx = *state;
    char db[160];
    snprintf(db, sizeof db, "%s/diff.db", fx->dir);
    as_error err;
    as_store *st = NULL;
    assert_int_equal(as_store_open(db, 0, &st, &err), 0);
    as_run_info info = {"campaign", 1, NULL, "[\"ext:s@1\"]", NULL, 0, 1};
    long long r1 = 0, r2 = 0;
    assert_int_equal(as_store_run_begin(st, &info, &r1, &err), 0);
    /* root causes: A is hit on one more release, B is fixed, C stays, D is new */
    assert_int_equal(as_store_count_subject_cases(st, r1, "ext:s@1", 10, &err), 0);
    assert_int_equal(as_store_count_subject_cases(st, r1, "ext:s@2", 10, &err), 0);
    add_class(st, r1, "ext:s|was-static", "(1, 2)", "A");     /* changes outcome in run 2 */
    add_class(st, r1, "ext:s|gone", "(3, 4)", "B");           /* fixed */
    add_class(st, r1, "ext:s|stays", "(5, 6)", "C");          /* still */
    assert_int_equal(as_store_run_end(st, r1, AS_RUN_DONE, &err), 0);
    info.seed = 2;
    assert_int_equal(as_store_run_begin(st, &info, &r2, &err), 0);
    assert_int_equal(as_store_count_subject_cases(st, r2, "ext:s@1", 10, &err), 0);
    assert_int_equal(as_store_count_subject_cases(st, r2, "ext:s@2", 10, &err), 0);
    add_class(st, r2, "ext:s|now-traced", "(1, 2)", "A");
    add_class_of(st, r2, "ext:s@2", "ext:s@2|was-static", "(1, 2)", "A");   /* A now also on release 2 */
    add_class(st, r2, "ext:s|stays", "(5, 6)", "C");
    add_class(st, r2, "ext:s|appears", "(7, 8)", "D");        /* new */
    assert_int_equal(as_store_run_end(st, r2, AS_RUN_DONE, &err), 0);
    assert_int_equal(as_store_close(st, &err), 0);

    as_report r;
    as_report_options opt = {0};
    if (as_report_load(&fx->arena, db, NULL, &opt, &r, &err) != 0)
        fail_msg("load: %s: %s", err.type, err.message);
    assert_int_equal(r.diff.run, r2);
    assert_int_equal(r.diff.previous, r1);
    assert_int_equal(r.diff.n_changed, 1);
    assert_string_equal(r.diff.changed[0].before->key, "ext:s|was-static");
    assert_string_equal(r.diff.changed[0].after->key, "ext:s|now-traced");
    assert_int_equal(r.diff.n_new, 2);   /* ext:s@2|was-static and ext:s|appears */
    assert_true(strcmp(r.diff.new_classes[0]->key, "ext:s|appears") == 0 ||
                strcmp(r.diff.new_classes[1]->key, "ext:s|appears") == 0);
    assert_int_equal(r.diff.n_fixed, 1);
    assert_string_equal(r.diff.fixed[0]->key, "ext:s|gone");
    assert_int_equal(r.diff.n_still, 1);
    /* by root cause */
    assert_int_equal(r.diff.n_new_causes, 1);
    assert_string_equal(r.diff.new_causes[0].cause->key, "ext:s | D");
    assert_int_equal(r.diff.n_fixed_causes, 1);
    assert_string_equal(r.diff.fixed_causes[0].cause->key, "ext:s | B");
    assert_int_equal(r.diff.n_changed_causes, 1);
    assert_string_equal(r.diff.changed_causes[0].cause->key, "ext:s | A");
    assert_string_equal(r.diff.changed_causes[0].gained, "ext:s@2");
    assert_string_equal(r.diff.changed_causes[0].lost, "");
    assert_int_equal(r.diff.n_still_causes, 1);

    json_t *j = as_report_json(&r);
    json_t *jc = json_object_get(json_object_get(j, "changes"), "root_causes");
    assert_int_equal(json_array_size(json_object_get(jc, "new")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(jc, "fixed"), 0), "key")),
                        "ext:s | B");
    assert_int_equal(json_integer_value(json_object_get(jc, "still")), 1);
    json_t *ch = json_object_get(json_object_get(j, "changes"), "changed");
    assert_int_equal(json_array_size(ch), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "before")), "ext:s|was-static");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "after")), "ext:s|now-traced");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "call")), "(1, 2)");
    json_decref(j);
    char *md = as_report_markdown(&fx->arena, &r);
    assert_non_null(strstr(md, "**1 new** root causes, **1 fixed** (hit by run 1, not by run 2), **1 changed**"));
    assert_non_null(strstr(md, "- changed: `"));
    assert_non_null(strstr(md, "ext:s \\| A (ext:s ext:s\\@1, ext:s\\@2; now also on ext:s\\@2)"));
    assert_non_null(strstr(md, "- fixed: `"));
    assert_non_null(strstr(md, "By discrepancy class: 2 new, 1 fixed, 1 changed"));
    char *html = as_report_html(&fx->arena, &r);
    assert_non_null(strstr(html, "<summary>Changed root causes: 1</summary>"));
    assert_non_null(strstr(html, "<summary>Changed: 1</summary>"));
    assert_non_null(strstr(html, "<code>ext:s|now-traced</code>"));
}

static void test_errors(void **state)
{
    fixture *fx = *state;
    as_report r;
    as_error err;
    char path[200];
    snprintf(path, sizeof path, "%s/missing.db", fx->dir);
    assert_int_equal(as_report_load(&fx->arena, path, NULL, NULL, &r, &err), -1);
    assert_string_equal(err.type, "StoreError");
    snprintf(path, sizeof path, "%s/bad.json", fx->dir);
    write_file(path, "{\"format\": \"something-else\", \"version\": 1}");
    assert_int_equal(as_report_load(&fx->arena, fx->db, path, NULL, &r, &err), -1);
    assert_string_equal(err.type, "InputError");
    assert_non_null(strstr(err.message, "argsplit-conformance"));
}

static void test_limit(void **state)
{
    fixture *fx = *state;
    as_report r;
    as_error err;
    as_report_options opt = {1};
    assert_int_equal(as_report_load(&fx->arena, fx->db, NULL, &opt, &r, &err), 0);
    /* three cells hold a class each: all stay linked although the limit is 1 */
    assert_int_equal(r.n_classes, 3);
    for (int i = 0; i < r.n_rules * r.n_subjects; i++)
        if (r.cells[i].classes)
            assert_true(r.cells[i].link >= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test_setup_teardown(test_seed_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_class_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
