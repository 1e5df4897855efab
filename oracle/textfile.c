/* textfile.c — see textfile.h. */
#include "oracle/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int as_text_error(as_error *err, const char *file, long line, const char *message)
{
    return as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0, "%s:%ld: %s", file, line, message);
}

int as_read_text_file(as_arena *a, const char *path, size_t max_line, size_t max_file, char **text, size_t *len,
                      as_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return as_input_error(err, 0, "%s: %s", path, strerror(errno));
    as_buf b;
    as_buf_init(&b, a);
    char chunk[65536];
    size_t n, line_len = 0;
    long lineno = 1;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t keep = n;   /* bytes of the chunk within the file limit */
        if (b.len + n > max_file)
            keep = max_file - b.len;
        for (size_t i = 0; i < keep && rc == 0;) {
            const char *nl = memchr(chunk + i, '\n', keep - i);
            size_t seg = nl ? (size_t)(nl - (chunk + i)) : keep - i;
            if (line_len + seg > max_line)
                rc = as_text_error(err, path, lineno, as_arena_printf(a, "line longer than %zu bytes", max_line));
            line_len = nl ? 0 : line_len + seg;
            lineno += nl != NULL;
            i += seg + (nl != NULL);
        }
        if (rc == 0 && keep < n)
            rc = as_text_error(err, path, lineno, as_arena_printf(a, "file larger than %zu MiB", max_file >> 20));
        if (rc == 0)
            as_buf_putn(&b, chunk, n);
    }
    int bad = rc == 0 && ferror(f);
    fclose(f);
    if (rc < 0)
        return rc;
    if (bad)
        return as_input_error(err, 0, "%s: read error", path);
    *len = b.len;
    *text = as_buf_str(&b);
    return 0;
}
