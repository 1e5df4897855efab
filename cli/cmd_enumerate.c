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

static void usage(FILE *out)
{
    fprintf(out,
            "usage: argsplit enumerate [--max-params K] [--max-spec S] [--subjects LIST] [--db F]\n"
            "                          [--python 3.X] [--fail-on-new] [--no-meta] [--no-shrink] [--quiet]\n"
            "Run every signature of up to K parameters (default 3), every spec of up to S\n"
            "selectors (default 2) and every call shape that binds, for each selected family.\n"
            "Prints the case count first, then 'N cases, K discrepancy classes (M new)'.\n");
}

int cmd_enumerate(int argc, char **argv)
{
    const char *db = AS_STORE_DEFAULT_PATH, *k_text = NULL, *s_text = NULL, *subjects = NULL, *py = NULL;
    int fail_on_new = 0, no_meta = 0, no_shrink = 0, quiet = 0, bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (cli_opt_flag(argv, i, "--help") || cli_opt_flag(argv, i, "-h")) {
            usage(stdout);
            return AS_EXIT_OK;
        }
        if (cli_opt_value(argc, argv, &i, "--db", &db, &bad) ||
            cli_opt_value(argc, argv, &i, "--max-params", &k_text, &bad) ||
            cli_opt_value(argc, argv, &i, "--max-spec", &s_text, &bad) ||
            cli_opt_value(argc, argv, &i, "--subjects", &subjects, &bad) ||
            cli_opt_value(argc, argv, &i, "--python", &py, &bad))
            continue;
        if (cli_opt_flag(argv, i, "--fail-on-new")) fail_on_new = 1;
        else if (cli_opt_flag(argv, i, "--no-meta")) no_meta = 1;
        else if (cli_opt_flag(argv, i, "--no-shrink")) no_shrink = 1;
        else if (cli_opt_flag(argv, i, "--quiet")) quiet = 1;
        else {
            usage(stderr);
            return cli_fail(argv[i], "unknown option");
        }
    }
    if (bad)
        return AS_EXIT_BAD_INPUT;
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
    /* External subjects (py:NAME, ext:CMD, config names) live in `ext`. */
    as_ext_set *ext = as_ext_set_new(NULL);
    if (as_campaign_select_subjects_ext(subjects, ext, &subs, &n_subs, &err) < 0) {
        as_ext_set_free(ext);
        return cli_fail_error("--subjects", &err);
    }
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
    o.stop = fuzzcli_stop_flag();
    fuzzcli_progress_state ps = {"enumerate", isatty(2), quiet, 0, 0, 0};
    o.progress = fuzzcli_progress;
    o.progress_ctx = &ps;
    fuzzcli_install_signals();
    as_campaign_progress prog;
    rc = as_campaign_enumerate(&o, &eo, &prog, &err);
    fuzzcli_progress_done(&ps);
    int status = fuzzcli_finish(store, run_id, *o.stop != 0, rc, &err);
    free(subs);
    as_ext_set_free(ext);
    if (status != AS_EXIT_OK)
        return status;
    printf("%lld cases, %d discrepancy classes (%d new)\n", prog.cases, prog.classes, prog.new_classes);
    return fail_on_new && prog.new_classes > 0 ? AS_EXIT_FINDINGS : AS_EXIT_OK;
}
