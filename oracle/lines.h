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

/* The same lines, values and limits, read a block at a time straight from
 * a file descriptor (read(2): whatever has arrived, so a line is answered
 * as soon as it is complete): one memchr per line instead of stdio's
 * per-line work.  For a stream read to its end by this reader alone (it
 * reads past the current line). */
typedef struct as_line_reader {
    int fd;
    char *buf;             /* [start, end) holds read, unreturned bytes */
    size_t cap, start, end;
    int eof;
} as_line_reader;

void as_line_reader_init(as_line_reader *r, int fd);
/* The next line in *line (NUL-terminated in the reader's buffer, writable,
 * valid until the next call): its length, -1 at end of input, or
 * AS_LINE_TOO_LONG, as as_read_line. */
long as_line_reader_next(as_line_reader *r, char **line);
void as_line_reader_free(as_line_reader *r);

/* Why a line as_read_line returned (rc its return value) is not a
 * JSON-lines record: too long, or a NUL byte (JSON text has none, also not
 * after a valid value).  Writes the reason, naming the column, to msg and
 * the column to *column (may be NULL), and returns msg; NULL for a line to
 * parse. */
const char *as_line_error(const char *buf, long rc, char *msg, size_t cap, int *column);

#endif
