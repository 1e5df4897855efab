/* main.c — the argsplit command: dispatch to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"

static const as_command commands[] = {
    {"bind", cmd_bind, "bind a call to a signature exactly as CPython does"},
    {"split", cmd_split, "what a transform does with each argument (static/traced/default)"},
    {"subjects", cmd_subjects, "list the built-in subjects"},
    {"triage", cmd_triage, "list the discrepancy classes stored in a database"},
    {"replay", cmd_replay, "print a stored case as a standalone Python snippet"},
    {"merge", cmd_merge, "combine shard or nightly databases"},
    {"fuzz", cmd_fuzz, "run a seeded fuzzing campaign and store the discrepancy classes"},
    {"enumerate", cmd_enumerate, "run every small case exhaustively and store the discrepancy classes"},
    {"import-findings", cmd_import, "import nightly fuzzing crashes, findings and stats into a database"},
    {"check", cmd_check, "the conformance gate: every case on every subject against the recorded expectations"},
    {"report", cmd_report, "write the compatibility report (matrix, classes, trends) as md, html or json"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: argsplit COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'argsplit COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return AS_EXIT_BAD_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return AS_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("argsplit 0.1.0\n");
        return AS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_fail(argv[1], "unknown command (see 'argsplit --help')");
    return AS_EXIT_BAD_INPUT;
}
