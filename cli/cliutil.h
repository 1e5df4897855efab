/* cliutil.h — what every subcommand shares: uniform one-line errors, option
 * parsing helpers, and a line reader for JSON-lines streams. */
#ifndef ARGSPLIT_CLIUTIL_H
#define ARGSPLIT_CLIUTIL_H

#include <stddef.h>
#include <stdio.h>

#include "oracle/error.h"

enum { AS_EXIT_OK = 0, AS_EXIT_FINDINGS = 1, AS_EXIT_BAD_INPUT = 2 };

/* "argsplit: WHAT: message" on stderr; returns AS_EXIT_BAD_INPUT. */
int cli_fail(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report an as_error about input `what` (e.g. "signature") whose text is
 * `text`: "argsplit: signature:1:7: InputError: ..." plus exit status 2. */
int cli_fail_error(const char *what, const as_error *err);

/* Options: returns 1 and sets *value when argv[*i] is `--name VALUE` or
 * `--name=VALUE` (advancing *i); 0 otherwise.  A missing value is reported
 * and sets *bad. */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value, int *bad);
int cli_opt_flag(char **argv, int i, const char *name);

/* Parse --python X (3.8..3.13); returns the minor version or -1 (reported). */
int cli_python_minor(const char *text);

/* Read one line of any length (without the newline) into a growing buffer.
 * Returns the length, or -1 at end of input. */
long cli_read_line(FILE *in, char **buf, size_t *cap);

#endif
