/* pytruth.h — test support: check argsplit against every CPython 3.8..3.13
 * of pyenv (/root/.pyenv/versions/3.X*).  For each version the test writes
 * an input file (write_input), a truth script written by the test runs on
 * it (`PYTHON SCRIPT INPUT`), and each line it prints goes to on_line.
 * Shared by the differential unit tests (test_call.c, test_utf8.c). */
#ifndef ARGSPLIT_TEST_PYTRUTH_H
#define ARGSPLIT_TEST_PYTRUTH_H

#include <stdio.h>

typedef void (*pytruth_write_fn)(void *ctx, int py_minor, FILE *input);
typedef void (*pytruth_line_fn)(void *ctx, int py_minor, const char *line);

/* Returns the number of versions run.  No CPython at all fails the test
 * with one line (scripts/bootstrap installs them): never a silent skip. */
int pytruth_run(const char *script, pytruth_write_fn write_input, pytruth_line_fn on_line, void *ctx);

/* Set environment variable `name` to the interpreter `python3` runs
 * (sys.executable: a pyenv shim costs seconds per start), or to "python3"
 * when that cannot be asked; a non-empty value already set is kept unless
 * `overwrite`. */
void pytruth_setenv_python3(const char *name, int overwrite);

/* Write s as lowercase hex (a text of any bytes as one safe field). */
void pytruth_put_hex(FILE *f, const char *s);

#endif
