/* cmd_merge.c — `argsplit merge`: combine shard or nightly databases. */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
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

int cmd_merge(int argc, char **argv)
{
    char **files = argv + 1;
    int n = argc - 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return AS_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_fail("merge", "unknown option '%s' (see 'argsplit merge --help')", argv[i]);
    }
    if (n < 2)
        return cli_fail("merge", "needs OUT.db and at least one IN.db (see 'argsplit merge --help')");

    as_error err;
    as_error_clear(&err);
    for (int i = 1; i < n; i++) {
        as_store *in;
        if (as_store_open(files[i], AS_STORE_READONLY | AS_STORE_CHECK, &in, &err) < 0) {
            fprintf(stderr, "argsplit: %s\n", err.message);
            return AS_EXIT_BAD_INPUT;
        }
        as_store_close(in, NULL);
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
