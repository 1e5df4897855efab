/* textfile.h — the one reader of whole text files (case and expectation
 * files, subjects.toml, test fixtures): into an arena, within a line and a
 * file limit checked while reading (docs/LIMITS.md), so a file of any size
 * costs at most the file limit in memory. */
#ifndef ARGSPLIT_TEXTFILE_H
#define ARGSPLIT_TEXTFILE_H

#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/error.h"

/* Read `path` into `arena`: *text NUL-terminated (the file may contain NUL
 * bytes; *len counts them), 0.  -1 with an InputError: "PATH: reason" when
 * it cannot be opened or read; "PATH:LINE: line longer than MAX_LINE bytes"
 * or "PATH:LINE: file larger than N MiB" at the line where a limit is
 * passed (reading stops there). */
int as_read_text_file(as_arena *arena, const char *path, size_t max_line, size_t max_file, char **text,
                      size_t *len, as_error *err);

/* The error about line `line` of a text file: an InputError "FILE:LINE:
 * message"; returns -1. */
int as_text_error(as_error *err, const char *file, long line, const char *message);

#endif
