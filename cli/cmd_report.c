/* cmd_report.c — argsplit report: the compatibility report of a database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "reports/report.h"

static const char usage_text[] =
            "usage: argsplit report [--db F] [--conformance RESULTS.json] [--format md|html|json]\n"
            "                       [-o|--output OUT] [--max-classes N] [--html-link URL]\n"
            "\n"
            "Write the compatibility report of database F (default " AS_STORE_DEFAULT_PATH "): the matrix\n"
            "rule x subject x version, one section per discrepancy class (reproducer as Python, the\n"
            "split side by side, first/last run, the versions showing it), trends per run and the\n"
            "seed table of JAX issue #10614.  --conformance adds the results `argsplit check --json`\n"
            "wrote.  The format defaults to OUT's extension (.md, .html, .json), else md; OUT\n"
            "defaults to standard output.  Class sections: the most hit class of every matrix cell,\n"
            "plus the most hit others up to --max-classes N in all (default 300, 0 = all).\n"
            "The report leads with the gate failures (with reproducers), then the root causes,\n"
            "pass rates per release, the changes since the previous run and the matrix.  The\n"
            "Markdown format is a summary for a pull-request comment (under 60 KB) linking to\n"
            "the HTML report: OUT with .html for OUT.md, else --html-link URL (default report.html).\n"
            "The JSON format is documented in docs/REPORTS.md.\n"
            "Exit status: 0 written, 2 bad input or an unreadable database.\n";

static const char *format_from_path(const char *out)
{
    const char *dot = out ? strrchr(out, '.') : NULL;
    if (dot && strcmp(dot, ".html") == 0) return "html";
    if (dot && strcmp(dot, ".htm") == 0) return "html";
    if (dot && strcmp(dot, ".json") == 0) return "json";
    return "md";
}

int cmd_report(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_CONFORMANCE, OPT_FORMAT, OPT_OUTPUT, OPT_MAX_CLASSES, OPT_HTML_LINK };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"conformance", required_argument, NULL, OPT_CONFORMANCE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"max-classes", required_argument, NULL, OPT_MAX_CLASSES},
        {"html-link", required_argument, NULL, OPT_HTML_LINK},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"report", usage_text, opts, "o:", 0, 0};
    const char *db = AS_STORE_DEFAULT_PATH, *conf = NULL, *format = NULL, *out = NULL, *max_text = NULL, *v;
    const char *html_link = NULL;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_DB: db = v; break;
        case OPT_CONFORMANCE: conf = v; break;
        case OPT_FORMAT: format = v; break;
        case 'o':
        case OPT_OUTPUT: out = v; break;
        case OPT_MAX_CLASSES: max_text = v; break;
        case OPT_HTML_LINK: html_link = v; break;
        default: return CLI_DONE_STATUS(k);
        }
    }
    if (p.operand < argc)
        return cli_usage_error("report", "unexpected argument '%s'", argv[p.operand]);
    if (!format)
        format = format_from_path(out);
    if (strcmp(format, "md") != 0 && strcmp(format, "markdown") != 0 && strcmp(format, "html") != 0 &&
        strcmp(format, "json") != 0)
        return cli_fail("--format", "'%s' is not md, html or json", format);
    as_report_options opt = {300};
    if (max_text) {
        char *end;
        errno = 0;
        long v = strtol(max_text, &end, 10);
        if (errno || *end || end == max_text || v < 0 || v > 1000000)
            return cli_fail("--max-classes", "'%s' is not a class count", max_text);
        opt.max_classes = (int)v;
    }

    as_arena arena;
    as_arena_init(&arena);
    as_error err;
    as_error_clear(&err);
    as_report r;
    if (as_report_load(&arena, db, conf, &opt, &r, &err) != 0) {
        as_arena_free(&arena);
        return cli_fail_error(strcmp(err.type, "StoreError") == 0 ? "--db" : "--conformance", &err);
    }
    char *text = NULL;
    if (strcmp(format, "json") == 0) {
        json_t *j = as_report_json(&r);
        char *dump = json_dumps(j, JSON_INDENT(2));
        json_decref(j);
        if (dump) {
            text = as_arena_printf(&arena, "%s\n", dump);
            free(dump);
        }
    } else if (strcmp(format, "html") == 0) {
        text = as_report_html(&arena, &r);
    } else {
        /* the summary links to the HTML report written beside it: OUT.md -> OUT.html */
        const char *base = out ? strrchr(out, '/') : NULL;
        base = base ? base + 1 : out;
        const char *dot = base ? strrchr(base, '.') : NULL;
        if (html_link)
            r.html_link = html_link;
        else if (base && dot && strcmp(dot, ".md") == 0)
            r.html_link = as_arena_printf(&arena, "%.*s.html", (int)(dot - base), base);
        text = as_report_markdown(&arena, &r);
    }
    if (!text) {
        as_arena_free(&arena);
        return cli_fail("report", "could not render the %s report", format);
    }
    int status = cli_write_file(out, text, strlen(text));
    as_arena_free(&arena);
    if (status != 0)
        return status;
    return AS_EXIT_OK;
}
