/* main.c — the argsplit command: dispatch to one subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "subjects/external.h"

static const as_command commands[] = {
    {"bind", cmd_bind, "bind a call to a signature exactly as CPython does"},
    {"split", cmd_split, "what a transform does with each argument (static/traced/default)"},
    {"subjects", cmd_subjects, "list the built-in subjects"},
    {"triage", cmd_triage, "list the discrepancy classes stored in a database"},
    {"replay", cmd_replay, "print a stored case as a standalone Python snippet"},
    {"merge", cmd_merge, "combine shard or nightly databases"},
    {"check-db", cmd_checkdb, "check that databases are whole (integrity_check, counts in range)"},
    {"fuzz", cmd_fuzz, "run a seeded fuzzing campaign and store the discrepancy classes"},
    {"enumerate", cmd_enumerate, "run every small case exhaustively and store the discrepancy classes"},
    {"import-findings", cmd_import, "import nightly fuzzing crashes, findings and stats into a database"},
    {"check", cmd_check, "the conformance gate: every case on every subject against the recorded expectations"},
    {"report", cmd_report, "write the compatibility report (matrix, classes, trends) as md, html or json"},
};

static const size_t n_commands = sizeof commands / sizeof *commands;

static void usage(FILE *out)
{
    fprintf(out, "usage: argsplit COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < n_commands; i++)
        fprintf(out, "  %-16s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'argsplit help COMMAND' or 'argsplit COMMAND --help' describes one command.\n"
                 "Exit status: 0 done, 1 findings (gate failures, new classes with --fail-on-new),\n"
                 "2 bad input (one line on stderr naming it).\n");
}

static const as_command *find(const char *name)
{
    for (size_t i = 0; i < n_commands; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const char *names[sizeof commands / sizeof *commands + 1];
    for (size_t i = 0; i < n_commands; i++)
        names[i] = commands[i].name;
    names[n_commands] = "help";
    const char *best = cli_suggest(name, names, (int)n_commands + 1);
    if (best)
        return cli_fail(name, "unknown command; did you mean '%s'? (see 'argsplit --help')", best);
    return cli_fail(name, "unknown command (see 'argsplit --help')");
}

/* A backend script of the user's own (`ext:'python3 my_backend.py'`,
 * docs/EXTERNAL.md) imports argsplit_adapter: its directory goes first on
 * the PYTHONPATH that external subjects inherit. */
static void export_adapter_dir(void)
{
    as_arena a;
    as_arena_init(&a);
    const char *adapter = as_ext_adapter_path(&a);
    const char *slash = strrchr(adapter, '/');
    if (!slash) {
        as_arena_free(&a);
        return;
    }
    const char *old = getenv("PYTHONPATH");
    size_t n = (size_t)(slash - adapter) + (old ? strlen(old) : 0) + 2;
    char *path = malloc(n);
    if (path) {
        snprintf(path, n, "%.*s%s%s", (int)(slash - adapter), adapter, old && *old ? ":" : "",
                 old && *old ? old : "");
        setenv("PYTHONPATH", path, 1);
        free(path);
    }
    as_arena_free(&a);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return AS_EXIT_BAD_INPUT;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || (strcmp(name, "help") == 0 && argc == 2)) {
        usage(stdout);
        return AS_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("argsplit 0.1.0\n");
        return AS_EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        /* argsplit help CMD == argsplit CMD --help */
        if (argc > 3)
            return cli_usage_error("help", "takes one COMMAND");
        const as_command *c = find(argv[2]);
        if (!c)
            return unknown_command(argv[2]);
        char *help_argv[] = {argv[2], "--help", NULL};
        return c->run(2, help_argv);
    }
    if (name[0] == '-')
        return cli_fail(name, "unknown option; the command comes first (see 'argsplit --help')");
    const as_command *c = find(name);
    if (!c)
        return unknown_command(name);
    export_adapter_dir();
    return c->run(argc - 1, argv + 1);
}
