/* lines.c — see lines.h. */
#include "oracle/lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines are read with fgets, a chunk at a time: stdio finds the newline
 * in its own buffer, far cheaper than a getc per byte.  fgets does not say
 * how much it read, and a line may hold NUL bytes, so each chunk is first
 * filled with '\n': the last NUL in it is the one fgets wrote. */
enum { LINE_CHUNK = 256 };   /* most lines fit; filling it is per line */

long as_read_line(FILE *in, char **buf, size_t *cap)
{
    size_t len = 0;
    int too_long = 0, any = 0;
    if (!*buf) {
        *cap = 4096;
        *buf = malloc(*cap);
        if (!*buf)
            abort();
    }
    for (;;) {
        if (len == AS_LINE_MAX) {
            int c;
            while ((c = getc(in)) != EOF && c != '\n')
                too_long = 1;   /* skipped, never stored */
            break;
        }
        if (*cap - len < 2) {
            *cap = *cap * 2 > (size_t)AS_LINE_MAX + 1 ? (size_t)AS_LINE_MAX + 1 : *cap * 2;
            char *p = realloc(*buf, *cap);
            if (!p)
                abort();
            *buf = p;
        }
        size_t chunk = *cap - len;   /* bytes fgets may write, its NUL included */
        if (chunk > LINE_CHUNK)
            chunk = LINE_CHUNK;
        if (chunk > (size_t)AS_LINE_MAX - len + 1)
            chunk = (size_t)AS_LINE_MAX - len + 1;
        char *at = *buf + len;
        memset(at, '\n', chunk);
        if (!fgets(at, (int)chunk, in))
            break;   /* end of input (or an error, read as its end) */
        any = 1;
        /* the first NUL is fgets' own unless the line holds one: then,
         * or at the end of input, look for the last */
        size_t k = strlen(at);
        if (k + 1 < chunk && (k == 0 || at[k - 1] != '\n'))
            for (k = chunk - 1; at[k] != '\0'; k--)
                ;
        len += k;
        if (k > 0 && at[k - 1] == '\n') {
            len--;
            break;
        }
        if (k + 1 < chunk)
            break;   /* the end of input came first */
    }
    if (!any && !too_long && len == 0)
        return -1;
    (*buf)[len] = '\0';
    return too_long ? AS_LINE_TOO_LONG : (long)len;
}

enum { READER_BLOCK = 64 * 1024 };

void as_line_reader_init(as_line_reader *r, int fd)
{
    r->fd = fd;
    r->cap = READER_BLOCK + 1;
    r->buf = malloc(r->cap);
    if (!r->buf)
        abort();
    r->start = r->end = 0;
    r->eof = 0;
}

void as_line_reader_free(as_line_reader *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* Read more after the unreturned bytes (moved to the front), keeping one
 * byte free for a NUL; at end of input (or an error, read as its end) set eof. */
static void reader_fill(as_line_reader *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end < READER_BLOCK + 1) {
        r->cap = r->end + READER_BLOCK + 1;
        char *p = realloc(r->buf, r->cap);
        if (!p)
            abort();
        r->buf = p;
    }
    for (;;) {
        ssize_t k = read(r->fd, r->buf + r->end, r->cap - 1 - r->end);
        if (k > 0) {
            r->end += (size_t)k;
            return;
        }
        if (k < 0 && errno == EINTR)
            continue;
        r->eof = 1;
        return;
    }
}

long as_line_reader_next(as_line_reader *r, char **line)
{
    size_t scanned = 0;   /* bytes after start known to hold no newline */
    for (;;) {
        char *from = r->buf + r->start + scanned;
        char *nl = memchr(from, '\n', r->end - r->start - scanned);
        size_t len = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
        if (len > (size_t)AS_LINE_MAX) {
            /* too long: drop it up to its newline, never holding more than the cap */
            while (!nl && !r->eof) {
                r->start = r->end = 0;
                reader_fill(r);
                nl = memchr(r->buf, '\n', r->end);
            }
            r->start = nl ? (size_t)(nl - r->buf) + 1 : r->end;
            *line = r->buf;
            r->buf[0] = '\0';
            return AS_LINE_TOO_LONG;
        }
        if (nl || (r->eof && len > 0)) {
            *line = r->buf + r->start;
            (*line)[len] = '\0';
            r->start += len + (nl != NULL);
            return (long)len;
        }
        if (r->eof)
            return -1;
        scanned = len;
        reader_fill(r);
    }
}

const char *as_line_error(const char *buf, long rc, char *msg, size_t cap, int *column)
{
    int ignored;
    if (!column)
        column = &ignored;
    if (rc == AS_LINE_TOO_LONG) {
        *column = AS_LINE_MAX + 1;
        snprintf(msg, cap, "line longer than %d bytes (column %d)", AS_LINE_MAX, AS_LINE_MAX + 1);
        return msg;
    }
    const char *nul = rc > 0 ? memchr(buf, '\0', (size_t)rc) : NULL;
    if (nul) {
        *column = (int)(nul - buf) + 1;
        snprintf(msg, cap, "NUL byte at column %ld", (long)(nul - buf) + 1);
        return msg;
    }
    return NULL;
}
