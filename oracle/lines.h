/* lines.h — reading JSON-lines input: one line reader with a documented
 * cap, and one rule for what a line may contain (docs/LIMITS.md). */
#ifndef ARGSPLIT_LINES_H
#define ARGSPLIT_LINES_H

#include <stddef.h>
#include <stdio.h>

/* The reader every --jsonl command uses.  Reads one line (without its newline) into a growing buffer and returns
 * its length, -1 at end of input, or AS_LINE_TOO_LONG for a line of more
 * than AS_LINE_MAX bytes: its rest is skipped unread into memory, so a
 * line of any size costs at most AS_LINE_MAX bytes.  The buffer is
 * NUL-terminated; the line may itself contain NUL bytes. */
enum { AS_LINE_MAX = 8 << 20, AS_LINE_TOO_LONG = -2 };
long as_read_line(FILE *in, char **buf, size_t *cap);

/* Why a line as_read_line returned (rc its return value) is not a
 * JSON-lines record: too long, or a NUL byte (JSON text has none, also not
 * after a valid value).  Writes the reason, naming the column, to msg and
 * the column to *column (may be NULL), and returns msg; NULL for a line to
 * parse. */
const char *as_line_error(const char *buf, long rc, char *msg, size_t cap, int *column);

#endif
