/* cmd_check.c — `argsplit check`: the conformance gate (docs/CONFORMANCE.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "conformance/casefile.h"
#include "conformance/expectations.h"
#include "conformance/gate.h"
#include "conformance/report.h"
#include "subjects/external.h"
#include "subjects/real.h"
#include "subjects/registry.h"

#ifndef ARGSPLIT_HOMEPAGE
#define ARGSPLIT_HOMEPAGE "https://github.com/argsplit/argsplit"
#endif

static const char usage_text[] =
    "usage: argsplit check [--cases DIR] [--expectations DIR] [--subject ID]...\n"
    "                      [--junit FILE] [--sarif FILE] [--json FILE] [--update-expectations]\n"
    "\n"
    "Runs every conformance case (DIR/**/*.case) on every selected subject and\n"
    "classifies each result against the reference and the recorded expectations\n"
    "(DIR/*.txt): pass, expected-fail, regression, unexpected-pass,\n"
    "changed-failure or skipped.  Defaults: conformance/cases and\n"
    "conformance/expectations of the current directory if present, else of\n"
    "the argsplit source tree (--update-expectations then writes\n"
    "./conformance/expectations); all subjects.  --subject takes an id\n"
    "('jax.jit@0.4.27') or a family ('jax.jit': all its versions); it may be\n"
    "repeated or take a comma-separated list.\n"
    "\n"
    "--update-expectations rewrites DIR/FAMILY.txt for every selected family\n"
    "from the current results and prints the diff.  An external subject\n"
    "(py:NAME, ext:CMD, a subjects.toml name) has its own expectations, under\n"
    "its id (DIR/py_mylib.jit.txt for py:mylib.jit): it starts with none.\n"
    "--junit, --sarif (2.1.0) and --json write machine-readable results.\n"
    "\n"
    "The last line is 'N passed, N failed' (', N skipped').  Exit status 0 when\n"
    "nothing regressed, passed unexpectedly or changed; 1 otherwise; 2 on bad\n"
    "input (a malformed case or expectation, with FILE:LINE; unknown subject);\n"
    "130/143 when stopped by SIGINT/SIGTERM (within one case; external subjects\n"
    "are killed; nothing is written).\n";

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *default_dir(as_arena *a, const char *sub)
{
    const char *here = as_arena_printf(a, "conformance/%s", sub);
    if (is_dir(here))
        return here;
    return as_arena_printf(a, "%s/conformance/%s", as_data_dir(a), sub);
}

/* SARIF locations are relative to the repository being checked:
 * $ARGSPLIT_SARIF_ROOT, else the CI's checkout ($GITHUB_WORKSPACE,
 * $CI_PROJECT_DIR), else the current directory; argsplit's own cases are
 * relative to its data directory. */
static as_gate_sarif_options sarif_options(as_arena *a)
{
    static const char *const vars[] = {"ARGSPLIT_SARIF_ROOT", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"};
    as_gate_sarif_options o = {NULL, NULL, ARGSPLIT_HOMEPAGE};
    for (size_t i = 0; i < sizeof vars / sizeof *vars && !o.root; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            o.root = v;
    }
    char *p = realpath(o.root ? o.root : ".", NULL);
    if (p) {
        o.root = as_arena_strdup(a, p);
        free(p);
    }
    p = realpath(as_data_dir(a), NULL);
    if (p) {
        o.data_root = as_arena_strdup(a, p);
        free(p);
    }
    return o;
}

/* An expectation file's text (within the conformance file limits), or
 * NULL when there is none. */
static char *slurp(as_arena *a, const char *path)
{
    char *text;
    size_t len;
    as_error err;
    return as_conf_read_file(a, path, &text, &len, &err) == 0 ? text : NULL;
}

static int write_text(const char *path, const char *text)
{
    return cli_write_file(path, text, strlen(text));
}

static int write_json(const char *path, json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!text)
        return cli_fail(path, "cannot write");
    int rc = write_text(path, text);
    free(text);
    return rc;
}

/* Lines of a text as an array. */
static const char **lines_of(as_arena *a, const char *text, int *n)
{
    int cap = 64, k = 0;
    const char **v = as_arena_alloc(a, sizeof *v * (size_t)cap);
    while (text && *text) {
        const char *e = strchr(text, '\n');
        size_t len = e ? (size_t)(e - text) : strlen(text);
        if (k == cap) {
            v = as_arena_realloc(a, v, sizeof *v * (size_t)cap, sizeof *v * (size_t)cap * 2);
            cap *= 2;
        }
        v[k++] = as_arena_strndup(a, text, len);
        text += len + (e ? 1 : 0);
    }
    *n = k;
    return v;
}

/* A unified-style line diff: common prefix and suffix trimmed, the middle
 * aligned by longest common subsequence when small enough, otherwise shown
 * as removed-then-added. */
static void print_diff(as_arena *a, const char *path, const char *old_text, const char *new_text)
{
    int n, m;
    const char **x = lines_of(a, old_text, &n), **y = lines_of(a, new_text, &m);
    int pre = 0;
    while (pre < n && pre < m && strcmp(x[pre], y[pre]) == 0)
        pre++;
    int suf = 0;
    while (suf < n - pre && suf < m - pre && strcmp(x[n - 1 - suf], y[m - 1 - suf]) == 0)
        suf++;
    if (pre == n && pre == m)
        return;
    printf("--- %s\n+++ %s (updated)\n@@ -%d +%d @@\n", path, path, pre + 1, pre + 1);
    int xn = n - pre - suf, yn = m - pre - suf;
    x += pre, y += pre;
    if ((long)xn * (long)yn > 4000000L) {
        for (int i = 0; i < xn; i++)
            printf("-%s\n", x[i]);
        for (int j = 0; j < yn; j++)
            printf("+%s\n", y[j]);
        return;
    }
    int *L = as_arena_alloc(a, sizeof *L * (size_t)(xn + 1) * (size_t)(yn + 1));
#define AT(i, j) L[(size_t)(i) * (size_t)(yn + 1) + (size_t)(j)]
    for (int i = xn - 1; i >= 0; i--)
        for (int j = yn - 1; j >= 0; j--)
            AT(i, j) = strcmp(x[i], y[j]) == 0 ? AT(i + 1, j + 1) + 1
                                              : (AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
    int i = 0, j = 0;
    while (i < xn || j < yn) {
        if (i < xn && j < yn && strcmp(x[i], y[j]) == 0)
            i++, j++;
        else if (j < yn && (i == xn || AT(i, j + 1) >= AT(i + 1, j)))
            printf("+%s\n", y[j++]);
        else
            printf("-%s\n", x[i++]);
    }
#undef AT
}

static int update_expectations(as_arena *a, const as_gate *g, const as_expectations *old, const char *dir)
{
    if (!is_dir(dir) && mkdir(dir, 0777) != 0)
        return cli_fail(dir, "%s", strerror(errno));
    int files = 0;
    for (int s = 0; s < g->n_subjects; s++) {
        const char *family = as_expect_namespace(g->subjects[s]);
        int seen = 0;
        for (int t = 0; t < s; t++)
            if (strcmp(as_expect_namespace(g->subjects[t]), family) == 0)
                seen = 1;
        if (seen)
            continue;
        const char *path = as_arena_printf(a, "%s/%s", dir, as_expect_file_name(a, family));
        char *text = as_gate_family_expectations(a, g, old, family);
        const char *before = slurp(a, path);
        if (before && strcmp(before, text) == 0)
            continue;
        print_diff(a, path, before ? before : "", text);
        if (write_text(path, text) != 0)
            return AS_EXIT_BAD_INPUT;
        files++;
    }
    printf("updated %d expectation file%s in %s\n", files, files == 1 ? "" : "s", dir);
    return AS_EXIT_OK;
}

/* Selected subjects: ids, families (every version) or "all". */
static int add_subject(as_ext_set *ext, const char *id, const as_subject **sel, int *n)
{
    const as_subject *const *all = as_subjects_all();
    int found = 0;
    for (int i = 0; all[i]; i++) {
        const as_subject *s = all[i];
        if (strcmp(s->id, "reference") == 0)
            continue;
        if (strcmp(id, "all") == 0 || strcmp(id, s->id) == 0 || strcmp(id, s->family) == 0) {
            found = 1;
            int dup = 0;
            for (int k = 0; k < *n; k++)
                if (sel[k] == s)
                    dup = 1;
            if (!dup)
                sel[(*n)++] = s;
        }
    }
    if (!found && ext) {
        /* py:NAME, ext:CMD or a subjects.toml name: an external subject. */
        as_error err;
        const as_subject *s = as_subject_resolve(ext, id, &err);
        if (!s) {
            cli_fail_subject(id, &err);   /* unknown, or why it did not start */
            return -2;
        }
        sel[(*n)++] = s;
        found = 1;
    }
    return found ? 0 : -1;
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_CASES = 256, OPT_EXPECTATIONS, OPT_JUNIT, OPT_SARIF, OPT_JSON, OPT_SUBJECT, OPT_UPDATE };
    static const struct option opts[] = {
        {"cases", required_argument, NULL, OPT_CASES},
        {"expectations", required_argument, NULL, OPT_EXPECTATIONS},
        {"junit", required_argument, NULL, OPT_JUNIT},
        {"sarif", required_argument, NULL, OPT_SARIF},
        {"json", required_argument, NULL, OPT_JSON},
        {"subject", required_argument, NULL, OPT_SUBJECT},
        {"subjects", required_argument, NULL, OPT_SUBJECT},
        {"update-expectations", no_argument, NULL, OPT_UPDATE},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"check", usage_text, opts, NULL, 0, 0};
    as_arena a;
    as_arena_init(&a);
    const char *cases_dir = NULL, *exp_dir = NULL, *junit = NULL, *sarif = NULL, *json = NULL, *v;
    int update = 0, status = AS_EXIT_OK;
    cli_subjects names = {NULL, 0, 0};
    as_ext_set *ext = cli_ext_set("check");
    cli_stop_on_signals();
    as_ext_set_stop(ext, cli_stop_flag());   /* a stop ends a wait for a subject at once */
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_CASES: cases_dir = v; break;
        case OPT_EXPECTATIONS: exp_dir = v; break;
        case OPT_JUNIT: junit = v; break;
        case OPT_SARIF: sarif = v; break;
        case OPT_JSON: json = v; break;
        case OPT_SUBJECT: cli_subjects_add(&names, v); break;
        case OPT_UPDATE: update = 1; break;
        default:
            status = CLI_DONE_STATUS(k);
            goto done;
        }
    }
    if (p.operand < argc) {
        status = cli_usage_error("check", "unexpected argument '%s'", argv[p.operand]);
        goto done;
    }
    const as_subject **sel = as_arena_alloc(&a, sizeof *sel * (size_t)(as_subjects_count() + names.n + 1));
    int n_sel = 0;
    for (int i = 0; i < names.n; i++) {
        int found = add_subject(ext, names.names[i], sel, &n_sel);
        if (found < 0) {
            if (found == -1)
                cli_unknown_subject(names.names[i]);
            status = AS_EXIT_BAD_INPUT;
            goto done;
        }
    }
    if (n_sel == 0)
        add_subject(NULL, "all", sel, &n_sel);
    if (!cases_dir)
        cases_dir = default_dir(&a, "cases");
    if (!exp_dir && update && !is_dir("conformance/expectations") && is_dir(default_dir(&a, "expectations"))) {
        /* Recording in a repository of one's own: its conformance/expectations,
         * never argsplit's data directory. */
        if (!is_dir("conformance") && mkdir("conformance", 0777) != 0) {
            status = cli_fail("conformance", "%s", strerror(errno));
            goto done;
        }
        exp_dir = "conformance/expectations";
    }
    if (!exp_dir)
        exp_dir = default_dir(&a, "expectations");

    as_error err;
    as_error_clear(&err);
    as_conf_suite suite;
    as_conf_suite_init(&suite);
    as_expectations ex;
    as_expectations_init(&ex);
    if (as_casefile_load_dir(&a, cases_dir, &suite, &err) < 0 ||
        ((!update || is_dir(exp_dir)) && as_expect_load_dir(&a, exp_dir, &ex, &err) < 0)) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        status = AS_EXIT_BAD_INPUT;
        goto done;
    }
    if (suite.n_cases == 0) {
        status = cli_fail(cases_dir, "no *.case files");
        goto done;
    }
    as_gate g;
    if (as_gate_run(&a, &suite, &ex, sel, n_sel, cli_stop_flag(), &g, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        status = AS_EXIT_BAD_INPUT;
        goto done;
    }
    if (g.stopped) {
        /* a part of the results would read as a whole: nothing is written */
        status = cli_stopped("check", "%d of %d cases; no results or expectations written", g.cases_run,
                             suite.n_cases);
        goto done;
    }
    if (junit && write_text(junit, as_gate_junit(&a, &g)) != 0)
        status = AS_EXIT_BAD_INPUT;
    as_gate_sarif_options so = sarif_options(&a);
    if (sarif && write_json(sarif, as_gate_sarif(&g, &so)) != 0)
        status = AS_EXIT_BAD_INPUT;
    if (json && write_json(json, as_gate_json(&g)) != 0)
        status = AS_EXIT_BAD_INPUT;
    if (status != AS_EXIT_OK)
        goto done;
    if (update) {
        status = update_expectations(&a, &g, &ex, exp_dir);
        fputs(as_gate_summary(&a, &g), stdout);
        goto done;
    }
    fputs(as_gate_summary(&a, &g), stdout);
    for (int c = 0; c < AS_GATE_NCLASSES; c++)
        if (g.counts[c] && as_gate_class_fails((as_gate_class)c))
            status = AS_EXIT_FINDINGS;
done:
    cli_subjects_free(&names);
    as_ext_set_free(ext);
    as_arena_free(&a);
    return status;
}
