/* cmd_split.c — `argsplit split`: what one subject (or all of them) does
 * with each argument of one call; or a JSON-lines stream of such requests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "oracle/lines.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/external.h"
#include "subjects/registry.h"

static const char usage_text[] =
    "usage: argsplit split [--subject ID|all]... [--python 3.X] [--json] SIGNATURE SPEC [CALL|-]\n"
    "       argsplit split --jsonl [--python 3.X] [--subject ID]... [--subjects-config F] < requests.jsonl\n"
    "\n"
    "SIGNATURE is a def header '(a, /, b, *, c)'; SPEC is Python keyword text\n"
    "'static_argnums=(0,), static_argnames=('b', 'c')'; CALL is an argument list\n"
    "'(1, 2, c=3)', omitted or '-' for decoration only.  --subject defaults to\n"
    "'reference'; a family name ('jax.jit') means its newest version; 'all' prints\n"
    "every subject side by side (cells differing from the reference marked '*');\n"
    "--subject may be repeated or take a comma-separated list: those subjects side\n"
    "by side with the reference.  --json prints one JSON object (one subject) or\n"
    "one JSON array of them (several).\n"
    "\n"
    "--jsonl reads lines {\"subject\": ID, \"signature\": S, \"spec\": {...}, \"call\": C|null}\n"
    "(optional \"python\": \"3.X\"; subject \"all\" gives one line per subject) and writes\n"
    "one result object per line.  A bad line gives {\"subject\", \"error\", \"message\"}\n"
    "and the exit status is then 2.  A line may name only configured subjects: built-in\n"
    "ids, py:NAME, an ID given with --subject, a NAME of the subjects.toml given with\n"
    "--subjects-config (or $ARGSPLIT_SUBJECTS); never ext:CMD (docs/SECURITY.md).\n"
    "SIGINT/SIGTERM stop the stream within one request (external subjects killed),\n"
    "every line written whole; exit status 130/143.\n"
    "--subjects-config F also names the config file of --subject NAME.\n";

static int print_json_line(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!s)
        return -1;
    puts(s);
    free(s);
    return 0;
}

/* ---- readable output ---- */

/* Print a table line without the padding of its last column. */
static void print_trimmed(as_buf *line)
{
    char *t = as_buf_str(line);
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == ' ')
        n--;
    printf("%.*s\n", (int)n, t);
}

static void print_table(const as_split *s, const as_subject *subj, const as_case *c, const as_spec *spec,
                        as_arena *arena)
{
    printf("subject     %s\n", subj->id);
    printf("signature   %s\n", c->signature_text);
    printf("spec        %s\n", as_spec_print(arena, spec));
    printf("call        %s\n", c->call_text ? c->call_text : "(none)");
    if (!s->decoration_ok) {
        printf("decoration  %s: %s\n", s->decoration_error.type, s->decoration_error.message);
        return;
    }
    printf("decoration  ok\n");
    for (int i = 0; i < s->n_warnings; i++)
        printf("warning     %s\n", s->warnings[i]);
    if (!s->has_call)
        return;
    if (!s->call_ok) {
        printf("result      %s: %s\n", s->call_error.type, s->call_error.message);
        return;
    }
    int wp = 5, wk = 4;
    int any_donated = 0, any_axis = 0;
    for (int i = 0; i < s->n_entries; i++) {
        const as_split_entry *e = &s->entries[i];
        if ((int)strlen(e->param) > wp)
            wp = (int)strlen(e->param);
        if ((int)strlen(as_kind_name(e->kind)) > wk)
            wk = (int)strlen(as_kind_name(e->kind));
        any_donated |= e->donated >= 0;
        any_axis |= e->has_axis;
    }
    as_buf line;
    as_buf_init(&line, arena);
    as_buf_printf(&line, "\n%-*s  %-*s  %-10s  %-4s  %-7s", wp, "param", wk, "kind", "passed", "slot", "verdict");
    if (any_donated)
        as_buf_puts(&line, "  donated");
    if (any_axis)
        as_buf_puts(&line, "  axis");
    print_trimmed(&line);
    for (int i = 0; i < s->n_entries; i++) {
        const as_split_entry *e = &s->entries[i];
        char slot[16] = "-";
        if (e->slot >= 0)
            snprintf(slot, sizeof slot, "%d", e->slot);
        as_buf_init(&line, arena);
        as_buf_printf(&line, "%-*s  %-*s  %-10s  %-4s  %-7s", wp, e->param, wk, as_kind_name(e->kind),
                      as_passed_name(e->passed), slot, as_verdict_name(e->verdict));
        if (any_donated)
            as_buf_printf(&line, "  %-7s", e->donated < 0 ? "-" : e->donated ? "yes" : "no");
        if (any_axis) {
            if (!e->has_axis)
                as_buf_puts(&line, "  -");
            else if (e->axis_is_null)
                as_buf_puts(&line, "  None");
            else
                as_buf_printf(&line, "  %lld", e->axis);
        }
        print_trimmed(&line);
    }
}

/* The cell for row `param` of one subject: "static", "error", "-", ... */
static const char *cell(const as_split *s, const char *param)
{
    if (!s->decoration_ok || (s->has_call && !s->call_ok))
        return "error";
    for (int i = 0; i < s->n_entries; i++)
        if (strcmp(s->entries[i].param, param) == 0)
            return as_verdict_name(s->entries[i].verdict);
    return "-";
}

/* One matrix line; with `mark`, cells that differ from column 0 (the
 * reference) get a '*'. */
static void matrix_row(as_arena *arena, int wr, const char *label, int n, const int *w,
                       const char *const *cells, int mark)
{
    as_buf line;
    as_buf_init(&line, arena);
    as_buf_printf(&line, "%-*s", wr, label);
    for (int k = 0; k < n; k++) {
        const char *star = mark && strcmp(cells[k], cells[0]) != 0 ? "*" : "";
        as_buf_printf(&line, "  %s%-*s", cells[k], w[k] - (int)strlen(cells[k]), star);
    }
    print_trimmed(&line);
}

/* 1 when the subject's API has no such keyword at all: its column would
 * only say "error", so the matrix lists it once below instead. */
static int rejects_keywords(const as_split *s)
{
    return !s->decoration_ok && strcmp(s->decoration_error.type, "TypeError") == 0 &&
           strstr(s->decoration_error.message, "got an unexpected keyword argument") != NULL;
}

static void print_matrix(const as_subject *const *all_subjects, const as_split *all_res, int n_all,
                         const as_case *c, const as_spec *spec, as_arena *arena)
{
    printf("signature   %s\n", c->signature_text);
    printf("spec        %s\n", as_spec_print(arena, spec));
    printf("call        %s\n\n", c->call_text ? c->call_text : "(none)");

    const as_subject **all = as_arena_alloc(arena, sizeof *all * (size_t)n_all);
    as_split *res = as_arena_alloc(arena, sizeof *res * (size_t)n_all);
    as_buf omitted;
    as_buf_init(&omitted, arena);
    int n = 0, n_omitted = 0;
    for (int k = 0; k < n_all; k++) {
        if (k > 0 && rejects_keywords(&all_res[k])) {
            as_buf_printf(&omitted, "%s%s", n_omitted++ ? " " : "", all_subjects[k]->id);
            continue;
        }
        all[n] = all_subjects[k];
        res[n++] = all_res[k];
    }

    /* Rows: "(decoration)", "(call)" when there is one, then every argument
     * any subject reports, in order of first appearance. */
    const char **rows = as_arena_alloc(arena, sizeof *rows * 2);
    int n_rows = 0, cap = 2;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < res[k].n_entries; i++) {
            int seen = 0;
            for (int r = 0; r < n_rows && !seen; r++)
                seen = strcmp(rows[r], res[k].entries[i].param) == 0;
            if (seen)
                continue;
            if (n_rows == cap) {
                rows = as_arena_realloc(arena, rows, sizeof *rows * (size_t)cap, sizeof *rows * (size_t)cap * 2);
                cap *= 2;
            }
            rows[n_rows++] = res[k].entries[i].param;
        }
    int wr = 12;
    for (int r = 0; r < n_rows; r++)
        if ((int)strlen(rows[r]) > wr)
            wr = (int)strlen(rows[r]);
    int *w = as_arena_alloc(arena, sizeof *w * (size_t)n);
    const char **cells = as_arena_alloc(arena, sizeof *cells * (size_t)n);
    for (int k = 0; k < n; k++) {
        w[k] = (int)strlen(all[k]->id) > 8 ? (int)strlen(all[k]->id) : 8;
        cells[k] = all[k]->id;
    }
    matrix_row(arena, wr, "", n, w, cells, 0);
    for (int k = 0; k < n; k++)
        cells[k] = !res[k].decoration_ok ? "error" : res[k].n_warnings ? "warning" : "ok";
    matrix_row(arena, wr, "(decoration)", n, w, cells, 1);
    if (c->call_text) {
        for (int k = 0; k < n; k++)
            cells[k] = !res[k].decoration_ok ? "-" : res[k].call_ok ? "ok" : "error";
        matrix_row(arena, wr, "(call)", n, w, cells, 1);
    }
    for (int r = 0; r < n_rows; r++) {
        for (int k = 0; k < n; k++)
            cells[k] = cell(&res[k], rows[r]);
        matrix_row(arena, wr, rows[r], n, w, cells, 1);
    }
    int header = 0;
    for (int k = 0; k < n; k++) {
        const as_error *e = !res[k].decoration_ok ? &res[k].decoration_error
                          : res[k].has_call && !res[k].call_ok ? &res[k].call_error : NULL;
        if (!e && !res[k].n_warnings)
            continue;
        if (!header++)
            printf("\n");
        if (e)
            printf("%s: %s %s: %s\n", all[k]->id, res[k].decoration_ok ? "call" : "decoration", e->type,
                   e->message);
        for (int i = 0; i < res[k].n_warnings; i++)
            printf("%s: warning %s\n", all[k]->id, res[k].warnings[i]);
    }
    if (n_omitted)
        printf("\nnot shown, %d subjects without these keywords: %s\n", n_omitted, as_buf_str(&omitted));
}

/* ---- one request from the command line ---- */

static void add_unique(const as_subject **sel, int *n, const as_subject *s)
{
    for (int i = 0; i < *n; i++)
        if (sel[i] == s)
            return;
    sel[(*n)++] = s;
}

/* One subject: its table (or JSON object).  Several ('all', a list): the
 * reference and each of them side by side (or one JSON array). */
static int split_once(as_ext_set *ext, const cli_subjects *names, int py_minor, int as_json, const char *sig_text,
                      const char *spec_text, const char *call_text)
{
    as_arena arena;
    as_arena_init(&arena);
    const as_subject *const *all = as_subjects_all();
    const as_subject **sel = as_arena_alloc(&arena, sizeof *sel * (size_t)(as_subjects_count() + names->n + 1));
    int n = 0, status = AS_EXIT_OK;
    int single = names->n == 1 && strcmp(names->names[0], "all") != 0;
    if (!single)
        add_unique(sel, &n, as_subject_reference());
    for (int i = 0; i < names->n; i++) {
        if (strcmp(names->names[i], "all") == 0) {
            for (int k = 0; all[k]; k++)
                add_unique(sel, &n, all[k]);
            continue;
        }
        as_error rerr;
        const as_subject *s = as_subject_resolve(ext, names->names[i], &rerr);
        if (!s) {
            status = cli_fail_subject(names->names[i], &rerr);
            goto done;
        }
        add_unique(sel, &n, s);
    }
    as_error err;
    as_error_clear(&err);
    as_spec spec;
    as_case c;
    if (as_spec_parse(&arena, spec_text, strlen(spec_text), &spec, &err) < 0) {
        status = cli_fail_error("spec", &err);
        goto done;
    }
    as_signature probe;
    if (as_signature_parse(&arena, sig_text, strlen(sig_text), py_minor, &probe, &err) < 0) {
        status = cli_fail_error("signature", &err);
        goto done;
    }
    if (as_case_build(&arena, sig_text, &spec, call_text, py_minor, &c, &err) < 0) {
        status = cli_fail_error("call", &err);
        goto done;
    }
    if (single) {
        as_split s;
        if (as_subject_split(sel[0], &arena, &c, &s) < 0) {
            status = cli_fail(sel[0]->id, "internal failure: %s: %s", s.call_error.type, s.call_error.message);
            goto done;
        }
        if (as_json)
            print_json_line(as_split_to_json(&s, sel[0]->id));
        else
            print_table(&s, sel[0], &c, &spec, &arena);
        goto done;
    }
    as_split *res = as_arena_alloc(&arena, sizeof *res * (size_t)n);
    for (int k = 0; k < n; k++)
        if (as_subject_split(sel[k], &arena, &c, &res[k]) < 0)
            as_split_call_error(&res[k], "InternalError", "the model failed");
    if (as_json) {
        json_t *arr = json_array();
        for (int k = 0; k < n; k++)
            json_array_append_new(arr, as_split_to_json(&res[k], sel[k]->id));
        print_json_line(arr);
    } else {
        print_matrix(sel, res, n, &c, &spec, &arena);
    }
done:
    as_arena_free(&arena);
    return status;
}

/* ---- JSON lines ---- */

static void error_line(const char *subject, const char *type, long line_no, const char *msg)
{
    char text[AS_MESSAGE_MAX + 64];
    snprintf(text, sizeof text, "line %ld: %s", line_no, msg);
    json_t *j = json_object();
    json_object_set_new(j, "subject", subject ? json_string(subject) : json_null());
    json_object_set_new(j, "error", json_string(type));
    json_object_set_new(j, "message", json_string(text));
    print_json_line(j);
}

/* Returns 0 for a good line, -1 after writing an error line. */
static int jsonl_one(as_ext_set *ext, as_arena *arena, const char *line, long line_no, int default_minor)
{
    json_error_t jerr;
    json_t *req = json_loads(line, 0, &jerr);
    if (!req) {
        char msg[256];
        snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.text);
        error_line(NULL, "InputError", line_no, msg);
        return -1;
    }
    int rc = -1;
    const json_t *js = json_object_get(req, "subject"), *jsig = json_object_get(req, "signature"),
                 *jspec = json_object_get(req, "spec"), *jcall = json_object_get(req, "call"),
                 *jpy = json_object_get(req, "python");
    const char *subject = json_is_string(js) ? json_string_value(js) : NULL;
    if (!json_is_object(req)) {
        error_line(NULL, "InputError", line_no, "a request must be a JSON object");
        goto out;
    }
    if (!subject) {
        error_line(NULL, "InputError", line_no, "\"subject\" must be a string");
        goto out;
    }
    as_error rerr;
    /* data names subjects only by configured id: it never starts a command */
    const as_subject *single = strcmp(subject, "all") == 0 ? NULL : as_subject_resolve_data(ext, subject, &rerr);
    if (!single && strcmp(subject, "all") != 0) {
        error_line(subject, rerr.type, line_no, rerr.message);
        goto out;
    }
    if (!json_is_string(jsig)) {
        error_line(subject, "InputError", line_no, "\"signature\" must be a string");
        goto out;
    }
    if (jcall && !json_is_null(jcall) && !json_is_string(jcall)) {
        error_line(subject, "InputError", line_no, "\"call\" must be a string or null");
        goto out;
    }
    int minor = default_minor;
    if (jpy) {
        minor = json_is_string(jpy) ? as_pyversion_parse(json_string_value(jpy)) : -1;
        if (minor < 0) {
            error_line(subject, "InputError", line_no, "\"python\" must name Python 3.8 to 3.13");
            goto out;
        }
    }
    as_error err;
    as_error_clear(&err);
    as_spec spec;
    memset(&spec, 0, sizeof spec);
    int spec_rc = 0;
    if (json_is_string(jspec))
        spec_rc = as_spec_parse(arena, json_string_value(jspec), json_string_length(jspec), &spec, &err);
    else if (jspec && !json_is_null(jspec))
        spec_rc = as_spec_from_json(arena, jspec, &spec, &err);
    if (spec_rc < 0) {
        char msg[AS_MESSAGE_MAX + 32];
        snprintf(msg, sizeof msg, "spec: %s", err.message);
        error_line(subject, err.type, line_no, msg);
        goto out;
    }
    as_case c;
    const char *call_text = json_is_string(jcall) ? json_string_value(jcall) : NULL;
    if (as_case_build(arena, json_string_value(jsig), &spec, call_text, minor, &c, &err) < 0) {
        char msg[AS_MESSAGE_MAX + 32];
        snprintf(msg, sizeof msg, "%s: %s", err.phase == AS_PHASE_SIGNATURE ? "signature" : "input", err.message);
        error_line(subject, err.type, line_no, msg);
        goto out;
    }
    const as_subject *const *all = as_subjects_all();
    for (int k = 0; all[k]; k++) {
        const as_subject *s = single ? single : all[k];
        as_split res;
        if (as_subject_split(s, arena, &c, &res) < 0)
            as_split_call_error(&res, "InternalError", "the model failed");
        if (*cli_stop_flag() && (s->caps & AS_CAP_EXTERNAL))
            break;   /* the subject may have stopped waiting: no answer to write */
        print_json_line(as_split_to_json(&res, s->id));
        if (single)
            break;
    }
    rc = 0;
out:
    json_decref(req);
    fflush(stdout);
    return rc;
}

static int split_jsonl(as_ext_set *ext, int py_minor)
{
    char *buf = NULL;
    size_t cap = 0;
    long len, line_no = 0;
    int bad = 0;
    as_arena arena;
    as_arena_init(&arena);
    long answered = 0;
    while (!*cli_stop_flag() && (len = as_read_line(stdin, &buf, &cap)) != -1) {
        if (*cli_stop_flag())
            break;   /* the read was interrupted: the line may be a part */
        line_no++;
        char msg[128];
        if (as_line_error(buf, len, msg, sizeof msg, NULL)) {
            error_line(NULL, "InputError", line_no, msg);
            bad = 1;
            continue;
        }
        if (strspn(buf, " \t\r") == (size_t)len)
            continue;
        if (jsonl_one(ext, &arena, buf, line_no, py_minor) < 0)
            bad = 1;
        else if (!*cli_stop_flag())
            answered++;
        as_arena_reset(&arena);
    }
    free(buf);
    as_arena_free(&arena);
    int stopped = cli_stopped("split", "%ld requests answered; the output so far is complete lines", answered);
    return stopped ? stopped : bad ? AS_EXIT_BAD_INPUT : AS_EXIT_OK;
}

int cmd_split(int argc, char **argv)
{
    enum { OPT_SUBJECT = 256, OPT_PYTHON, OPT_JSON, OPT_JSONL, OPT_CONFIG };
    static const struct option opts[] = {
        {"subject", required_argument, NULL, OPT_SUBJECT},
        {"subjects", required_argument, NULL, OPT_SUBJECT},
        {"python", required_argument, NULL, OPT_PYTHON},
        {"subjects-config", required_argument, NULL, OPT_CONFIG},
        {"json", no_argument, NULL, OPT_JSON},
        {"jsonl", no_argument, NULL, OPT_JSONL},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"split", usage_text, opts, NULL, 0, 0};
    cli_subjects names = {NULL, 0, 0};
    const char *python = NULL, *config = NULL, *value;
    int as_json = 0, jsonl = 0, status = AS_EXIT_OK;
    for (int k; (k = cli_next(&p, argc, argv, &value)) != -1;) {
        switch (k) {
        case OPT_SUBJECT: cli_subjects_add(&names, value); break;
        case OPT_PYTHON: python = value; break;
        case OPT_CONFIG: config = value; break;
        case OPT_JSON: as_json = 1; break;
        case OPT_JSONL: jsonl = 1; break;
        default:
            cli_subjects_free(&names);
            return CLI_DONE_STATUS(k);
        }
    }
    char **pos = argv + p.operand;
    int n_pos = argc - p.operand;
    int minor = AS_PY_DEFAULT;
    if (names.n == 0)
        cli_subjects_add(&names, "reference");
    if (python && (minor = cli_python_minor(python)) < 0) {
        status = AS_EXIT_BAD_INPUT;
    } else if (jsonl) {
        if (n_pos) {
            status = cli_usage_error("split", "--jsonl reads its requests from standard input, not arguments");
        } else {
            /* the command line's subjects are the ones a line may name
             * besides the built-in and configured ones */
            as_ext_set *ext = as_ext_set_new(config);
            cli_ext_notes(ext, "split");
            cli_stop_on_signals();
            as_ext_set_stop(ext, cli_stop_flag());   /* a stop ends a wait for a subject at once */
            for (int i = 0; i < names.n; i++)
                as_ext_set_allow(ext, names.names[i]);
            status = split_jsonl(ext, minor);
            as_ext_set_free(ext);
        }
    } else if (n_pos < 2) {
        status = cli_usage_error("split", "needs SIGNATURE and SPEC");
    } else if (n_pos > 3) {
        status = cli_usage_error("split", "too many arguments");
    } else {
        const char *call = n_pos == 3 && strcmp(pos[2], "-") != 0 ? pos[2] : NULL;
        as_ext_set *ext = as_ext_set_new(config);
        cli_ext_notes(ext, "split");
        status = split_once(ext, &names, minor, as_json, pos[0], pos[1], call);
        as_ext_set_free(ext);
    }
    cli_subjects_free(&names);
    return status;
}
