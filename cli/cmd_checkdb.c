/* cmd_checkdb.c — `argsplit check-db`: is this database whole? */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "engine/store.h"

static const char usage_text[] =
    "usage: argsplit check-db [FILE...]\n"
    "\n"
    "Check each database (default " AS_STORE_DEFAULT_PATH ") without writing to it: that it is an\n"
    "argsplit database of this schema version, PRAGMA integrity_check (every page, index\n"
    "and constraint; slower than the quick_check every other command runs), and that every\n"
    "stored count is in range.  Prints 'FILE: ok (R runs, C classes)' per file.\n"
    "Exit status: 0 all whole, 2 otherwise (one line naming the file and the first problem).\n";

static int check_one(const char *path)
{
    as_error err;
    as_error_clear(&err);
    as_store *s;
    if (as_store_open(path, AS_STORE_READONLY | AS_STORE_INTEGRITY, &s, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        return AS_EXIT_BAD_INPUT;
    }
    as_arena a;
    as_arena_init(&a);
    as_run_row *runs;
    as_class_row *classes;
    as_class_run_row *crs;
    as_subject_stat_row *ss;
    as_fuzz_stat_row *fs;
    int n_runs = 0, n_classes = 0, n;
    int bad = as_store_runs(s, &a, &runs, &n_runs, &err) < 0 ||
              as_store_classes(s, &a, &classes, &n_classes, &err) < 0 ||
              as_store_class_runs(s, &a, &crs, &n, &err) < 0 ||
              as_store_subject_stats(s, &a, &ss, &n, &err) < 0 ||
              as_store_fuzz_stats(s, &a, &fs, &n, &err) < 0;
    as_arena_free(&a);
    as_store_close(s, NULL);
    if (bad) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        return AS_EXIT_BAD_INPUT;
    }
    printf("%s: ok (%d run%s, %d class%s)\n", path, n_runs, n_runs == 1 ? "" : "s", n_classes,
           n_classes == 1 ? "" : "es");
    return AS_EXIT_OK;
}

int cmd_checkdb(int argc, char **argv)
{
    static const struct option opts[] = {CLI_OPT_HELP, CLI_OPT_END};
    cli_parser p = {"check-db", usage_text, opts, NULL, 0, 0};
    const char *v;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;)
        return CLI_DONE_STATUS(k);
    if (p.operand >= argc)
        return check_one(AS_STORE_DEFAULT_PATH);
    int status = AS_EXIT_OK;
    for (int i = p.operand; i < argc; i++)
        if (check_one(argv[i]) != AS_EXIT_OK)
            status = AS_EXIT_BAD_INPUT;
    return status;
}
