/* cmd_merge.c — `argsplit merge`: combine shard or nightly databases. */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "engine/pysnippet.h"
#include "engine/store.h"

static const char usage_text[] =
    "usage: argsplit merge OUT.db IN.db [IN.db ...]\n"
    "\n"
    "Merges the runs, classes, reproducers and statistics of every IN into OUT\n"
    "(created when missing).  Runs are identified by their uid, so merging the\n"
    "same file twice changes nothing; class hit counts are summed over runs;\n"
    "of two shrunk reproducers the smaller is kept.  Every IN is checked before\n"
    "anything is written.  Exit status 0; 2 when a file is missing, foreign,\n"
    "corrupt or locked (OUT is then unchanged by that file).\n";

/* Every stored case of `in` is one replay would accept (it re-parses):
 * merge carries no text along that could not be shown as a case. */
static int reproducers_ok(as_store *in, const char *path)
{
    as_arena a;
    as_arena_init(&a);
    as_error err;
    as_class_row *rows;
    int n, ok = as_store_classes(in, &a, &rows, &n, &err) == 0;
    if (!ok)
        fprintf(stderr, "argsplit: %s\n", err.message);
    for (int i = 0; ok && i < n; i++) {
        if (strcmp(rows[i].relation, "fuzz-crash") == 0)
            continue;   /* its "case" is the target's crash text, never replayed as code */
        const char *sig, *call, *spec;
        for (int k = 0; ok && k < 1 + rows[i].has_shrunk; k++) {
            if (as_pysnippet_canonical(&a, k ? &rows[i].shrunk : &rows[i].original, &sig, &call, &spec, &err) < 0) {
                fprintf(stderr, "argsplit: %s: class %lld: %s\n", path, rows[i].id, err.message);
                ok = 0;
            }
        }
    }
    as_arena_free(&a);
    return ok;
}

int cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {CLI_OPT_HELP, CLI_OPT_END};
    cli_parser p = {"merge", usage_text, opts, NULL, 0, 0};
    const char *v;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;)
        return CLI_DONE_STATUS(k);
    char **files = argv + p.operand;
    int n = argc - p.operand;
    if (n < 2)
        return cli_usage_error("merge", "needs OUT.db and at least one IN.db");

    as_error err;
    as_error_clear(&err);
    for (int i = 1; i < n; i++) {
        as_store *in;
        if (as_store_open(files[i], AS_STORE_READONLY | AS_STORE_CHECK, &in, &err) < 0) {
            fprintf(stderr, "argsplit: %s\n", err.message);
            return AS_EXIT_BAD_INPUT;
        }
        int ok = reproducers_ok(in, files[i]);
        as_store_close(in, NULL);
        if (!ok)
            return AS_EXIT_BAD_INPUT;
    }
    as_store *out;
    if (as_store_open(files[0], 0, &out, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        return AS_EXIT_BAD_INPUT;
    }
    int status = AS_EXIT_OK;
    for (int i = 1; i < n; i++) {
        as_merge_stats ms;
        if (as_store_merge(out, files[i], &ms, &err) < 0) {
            fprintf(stderr, "argsplit: %s\n", err.message);
            status = AS_EXIT_BAD_INPUT;
            break;
        }
        printf("%s: %d run%s added, %d updated, %d already present; %d new class%s\n", files[i],
               ms.runs_added, ms.runs_added == 1 ? "" : "s", ms.runs_updated, ms.runs_skipped,
               ms.classes_added, ms.classes_added == 1 ? "" : "es");
    }
    if (as_store_close(out, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        status = AS_EXIT_BAD_INPUT;
    }
    return status;
}
