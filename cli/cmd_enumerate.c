/* cmd_enumerate.c — `argsplit enumerate`: every small case, exhaustively. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "cli/fuzzcli.h"
#include "engine/campaign.h"
#include "engine/store.h"
#include "subjects/external.h"

static const char usage_text[] =
            "usage: argsplit enumerate [--max-params K] [--max-spec S] [--subject LIST]... [--db F]\n"
            "                          [--python 3.X] [--fail-on-new] [--no-meta] [--no-shrink] [--quiet]\n"
            "Run every signature of up to K parameters (default 3), every spec of up to S\n"
            "selectors (default 2) and every call shape that binds, for each selected family.\n"
            "Prints the case count first, then 'N cases, K discrepancy classes (M new), R root\n"
            "causes (Q new)'; with --fail-on-new exit 1 when a root cause is new to the database;\n"
            "130/143 when stopped by SIGINT/SIGTERM (what was done is stored, the run is marked killed).\n"
            "LIST: subject ids or family names, comma-separated, --subject repeatable\n"
            "(--subjects is the same option; default all).\n";

static int enumerate_run(const char *db, const char *k_text, const char *s_text, const char *subjects,
                         const char *py, int fail_on_new, int no_meta, int no_shrink, int quiet)
{
    as_enum_options eo = {3, 2};
    long long v;
    if (k_text) {
        if (fuzzcli_parse_count(k_text, &v) < 0 || v > 6)
            return cli_fail("--max-params", "'%s' is not a parameter count (0..6)", k_text);
        eo.max_params = (int)v;
    }
    if (s_text) {
        if (fuzzcli_parse_count(s_text, &v) < 0 || v > 4)
            return cli_fail("--max-spec", "'%s' is not a spec size (0..4)", s_text);
        eo.max_spec = (int)v;
    }
    as_campaign_options o;
    as_campaign_options_default(&o);
    if (py && (o.py_minor = cli_python_minor(py)) < 0)
        return AS_EXIT_BAD_INPUT;
    as_error err;
    const as_subject **subs = NULL;
    int n_subs = 0;
    as_ext_set *ext = NULL;   /* external subjects (py:NAME, ext:CMD, config names) */
    int status = fuzzcli_select_subjects("enumerate", subjects, &ext, &subs, &n_subs);
    if (status != AS_EXIT_OK)
        return status;
    o.subjects = subs;
    o.n_subjects = n_subs;
    o.meta = !no_meta;
    o.shrink_tries = no_shrink ? 0 : o.shrink_tries;

    long long total = as_campaign_enumerate_count(&o, &eo);
    printf("%lld cases to enumerate\n", total);
    fflush(stdout);

    as_store *store;
    if (as_store_open(db, 0, &store, &err) < 0) {
        free(subs);
        as_ext_set_free(ext);
        return cli_fail_error("--db", &err);
    }
    as_store_set_batch_size(store, 1 << 30);
    json_t *opt = json_pack("{s:i, s:i, s:s, s:i, s:b}", "max_params", eo.max_params, "max_spec",
                            eo.max_spec, "subjects", subjects ? subjects : "all", "python", o.py_minor,
                            "meta", o.meta);
    long long run_id;
    int rc = fuzzcli_begin_run(store, "enumerate", 0, opt, subs, n_subs, o.py_minor, 0, 1, &run_id, &err);
    if (rc < 0) {
        free(subs);
        as_ext_set_free(ext);
        as_store_close(store, NULL);
        return cli_fail_error("--db", &err);
    }
    o.store = store;
    o.run_id = run_id;
    o.stop = cli_stop_flag();
    fuzzcli_progress_state ps = {"enumerate", isatty(2), quiet, 0, 0, 0};
    o.progress = fuzzcli_progress;
    o.progress_ctx = &ps;
    cli_stop_on_signals();
    as_campaign_progress prog;
    rc = as_campaign_enumerate(&o, &eo, &prog, &err);
    fuzzcli_progress_done(&ps);
    status = fuzzcli_finish(store, run_id, *o.stop != 0, rc, &err);
    free(subs);
    as_ext_set_free(ext);
    if (status != AS_EXIT_OK)
        return status;
    return fuzzcli_interrupted("enumerate", &prog, 0, fuzzcli_summary(&prog, fail_on_new));
}

int cmd_enumerate(int argc, char **argv)
{
    enum { OPT_MAX_PARAMS = FUZZCLI_OPT_OWN, OPT_MAX_SPEC };
    static const struct option opts[] = {
        FUZZCLI_COMMON_OPTIONS,
        {"max-params", required_argument, NULL, OPT_MAX_PARAMS},
        {"max-spec", required_argument, NULL, OPT_MAX_SPEC},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"enumerate", usage_text, opts, NULL, 0, 0};
    const char *k_text = NULL, *s_text = NULL, *val;
    fuzzcli_common c = FUZZCLI_COMMON_INIT;
    for (int k; (k = cli_next(&p, argc, argv, &val)) != -1;) {
        if (k == OPT_MAX_PARAMS)
            k_text = val;
        else if (k == OPT_MAX_SPEC)
            s_text = val;
        else if (!fuzzcli_common_option(&c, k, val)) {
            cli_subjects_free(&c.names);
            return CLI_DONE_STATUS(k);
        }
    }
    if (p.operand < argc) {
        cli_subjects_free(&c.names);
        return cli_usage_error("enumerate", "unexpected argument '%s'", argv[p.operand]);
    }
    char *subjects = cli_subjects_join(&c.names);
    cli_subjects_free(&c.names);
    int status = enumerate_run(c.db, k_text, s_text, subjects, c.py, c.fail_on_new, c.no_meta, c.no_shrink, c.quiet);
    free(subjects);
    return status;
}
