/* lines.c — see lines.h. */
#include "oracle/lines.h"

#include <stdlib.h>
#include <string.h>

long as_read_line(FILE *in, char **buf, size_t *cap)
{
    size_t len = 0;
    int c = EOF, too_long = 0;
    if (!*buf) {
        *cap = 4096;
        *buf = malloc(*cap);
        if (!*buf)
            abort();
    }
    flockfile(in);
    for (;;) {
        size_t lim = *cap - 1 < (size_t)AS_LINE_MAX ? *cap - 1 : (size_t)AS_LINE_MAX;
        char *b = *buf;
        while (len < lim && (c = getc_unlocked(in)) != EOF && c != '\n')
            b[len++] = (char)c;
        if (len < lim)
            break;   /* newline or end of input */
        if (len == AS_LINE_MAX) {
            while ((c = getc_unlocked(in)) != EOF && c != '\n')
                too_long = 1;   /* skipped, never stored */
            break;
        }
        *cap = *cap * 2 > (size_t)AS_LINE_MAX + 1 ? (size_t)AS_LINE_MAX + 1 : *cap * 2;
        char *p = realloc(*buf, *cap);
        if (!p)
            abort();
        *buf = p;
    }
    funlockfile(in);
    if (c == EOF && len == 0 && !too_long)
        return -1;
    (*buf)[len] = '\0';
    return too_long ? AS_LINE_TOO_LONG : (long)len;
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
