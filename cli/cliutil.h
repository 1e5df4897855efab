/* cliutil.h — what every subcommand shares: one option parser (getopt_long)
 * with uniform one-line errors and "did you mean", the --subject list, the
 * --python version, and a line reader for JSON-lines streams.
 *
 * Conventions every command follows (docs/CONFORMANCE.md, README):
 *  - a bad option or a missing value is one line on stderr naming it, plus
 *    "(see 'argsplit CMD --help')", exit status 2;
 *  - --subject may be repeated and takes comma-separated lists;
 *  - --python 3.X selects the Python version;
 *  - --json prints exactly one JSON document;
 *  - --jsonl streams: a bad line gives an error line and the stream goes on;
 *    the exit status is then 2 once the input is exhausted. */
#ifndef ARGSPLIT_CLIUTIL_H
#define ARGSPLIT_CLIUTIL_H

#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "oracle/error.h"

enum { AS_EXIT_OK = 0, AS_EXIT_FINDINGS = 1, AS_EXIT_BAD_INPUT = 2 };

/* "argsplit: WHAT: message" on stderr; returns AS_EXIT_BAD_INPUT. */
int cli_fail(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report an as_error about input `what` (e.g. "signature") whose text is
 * `text`: "argsplit: signature:1:7: InputError: ..." plus exit status 2. */
int cli_fail_error(const char *what, const as_error *err);

/* ---- options ---------------------------------------------------------------
 * A command describes its options as a getopt_long table (the `val` of each
 * entry is the key cli_next returns; every table has CLI_OPT_HELP):
 *
 *     static const struct option opts[] = {{"db", required_argument, 0, 'd'}, CLI_OPT_HELP, CLI_OPT_END};
 *     cli_parser p = {"triage", usage_text, opts, "o:"};
 *     for (int k; (k = cli_next(&p, argc, argv, &value)) != -1;) switch (k) { ... }
 *     operands: argv[p.operand .. argc-1]
 *
 * argv[0] is the command's name.  Options and operands may be mixed; "--"
 * ends the options. */
enum { CLI_HELP = -2, CLI_BAD = -3 };

/* Every table has it: --help (and -h) print the usage. */
#define CLI_OPT_HELP {"help", no_argument, NULL, 'h'}
#define CLI_OPT_END {NULL, 0, NULL, 0}

typedef struct cli_parser {
    const char *cmd;              /* "fuzz": names it in errors */
    const char *usage;            /* printed by --help */
    const struct option *opts;    /* ends with a zero entry */
    const char *shortopts;        /* extra short options ("o:"), or NULL */
    int started;
    int operand;                  /* after the last option: the first operand */
} cli_parser;

/* The next option's key and its value (NULL for a flag); -1 when only
 * operands remain (p->operand set); CLI_HELP after printing the usage on
 * stdout; CLI_BAD after the one-line error on stderr. */
int cli_next(cli_parser *p, int argc, char **argv, const char **value);

/* The status a command returns for cli_next's CLI_HELP / CLI_BAD. */
#define CLI_DONE_STATUS(k) ((k) == CLI_HELP ? AS_EXIT_OK : AS_EXIT_BAD_INPUT)

/* "argsplit: CMD: MESSAGE (see 'argsplit CMD --help')", exit status 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The closest of `candidates` to `name` (CPython's "Did you mean" rule,
 * oracle/binder.h as_suggest), or NULL. */
const char *cli_suggest(const char *name, const char *const *candidates, int n);

/* ---- --subject -------------------------------------------------------------
 * The names given with --subject (repeatable, comma-separated lists) in
 * order, each once.  "all" and family names stay as given. */
typedef struct cli_subjects {
    char **names;
    int n;
    size_t cap;
} cli_subjects;

void cli_subjects_add(cli_subjects *s, const char *value);
/* "a,b,c", or NULL when no name was given (malloc'd). */
char *cli_subjects_join(const cli_subjects *s);
void cli_subjects_free(cli_subjects *s);

/* The one-line error for an unknown subject name, with the closest built-in
 * id or family: "argsplit: --subject: unknown subject 'jax.jitt'; did you
 * mean 'jax.jit'? (see 'argsplit subjects')".  Returns 2. */
int cli_unknown_subject(const char *name);

/* Resolve every name of a comma-separated list ("all", built-in ids and
 * families, external subjects started in `ext`): 0, or 2 after the error
 * line of the first that fails (cli_fail_subject). */
struct as_ext_set;
int cli_subjects_check(struct as_ext_set *ext, const char *list);

/* Report a failed as_subject_resolve of `name`: an unknown name as above,
 * anything else (not installed, not startable) as "TYPE: message". */
int cli_fail_subject(const char *name, const as_error *err);

/* Where argsplit's data is: subjects/real.h as_data_dir, the one locator. */

/* The external subjects of one command, whose resolution notes ("jax.jit@0.4.30
 * -> model jax.jit@0.4.27 ...") go to stderr as "argsplit CMD: note". */
struct as_ext_set *cli_ext_set(const char *cmd);
void cli_ext_notes(struct as_ext_set *set, const char *cmd);   /* the same notes for a set made elsewhere */

/* Parse --python 3.X (3.8..3.13); returns the minor version or -1 (reported). */
int cli_python_minor(const char *text);

/* Write `len` bytes to `path` ("-" or NULL: standard output) through a
 * temporary file in the same directory, synced and renamed over `path`:
 * a full disk or a kill leaves the old file (or none), never a part of the
 * new one.  Returns 0, or AS_EXIT_BAD_INPUT after a one-line error. */
int cli_write_file(const char *path, const char *text, size_t len);

/* JSON-lines input: oracle/lines.h (as_read_line, as_line_error). */

/* ---- a prompt stop ---------------------------------------------------------
 * Commands that work through many cases (fuzz, enumerate, check, split
 * --jsonl) stop on SIGINT/SIGTERM within one case: cli_stop_on_signals
 * installs handlers that set the flag (no SA_RESTART, so a blocking read
 * returns), the command polls cli_stop_flag between cases and hands it to
 * its external subjects (as_ext_set_stop: a wait for an answer ends at once,
 * the subject's session is killed and reaped), keeps what it already wrote,
 * and ends with cli_stopped. */
void cli_stop_on_signals(void);
const volatile sig_atomic_t *cli_stop_flag(void);

/* After a stop: "argsplit CMD: stopped by SIGTERM after WHAT" on stderr
 * (WHAT: "12 cases; nothing written") and 128 + the signal (130, 143), as
 * a shell reports a process a signal killed; 0 when no stop was asked. */
int cli_stopped(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
