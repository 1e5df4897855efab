/* cliutil.c — see cliutil.h. */
#include "cli/cliutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "oracle/pyversion.h"

int cli_fail(const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "argsplit: %s: ", what);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return AS_EXIT_BAD_INPUT;
}

int cli_fail_error(const char *what, const as_error *err)
{
    if (err->column > 0)
        fprintf(stderr, "argsplit: %s:1:%d: %s: %s\n", what, err->column, err->type, err->message);
    else
        fprintf(stderr, "argsplit: %s: %s: %s\n", what, err->type, err->message);
    return AS_EXIT_BAD_INPUT;
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value, int *bad)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_fail(name, "option needs a value");
        *bad = 1;
        return 1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

int cli_opt_flag(char **argv, int i, const char *name)
{
    return strcmp(argv[i], name) == 0;
}

int cli_python_minor(const char *text)
{
    int minor = as_pyversion_parse(text);
    if (minor < 0)
        cli_fail("--python", "'%s' is not a supported Python version (3.%d to 3.%d)", text,
                 AS_PY_MIN, AS_PY_MAX);
    return minor;
}

long cli_read_line(FILE *in, char **buf, size_t *cap)
{
    size_t len = 0;
    int c;
    if (!*buf) {
        *cap = 4096;
        *buf = malloc(*cap);
        if (!*buf)
            abort();
    }
    while ((c = getc(in)) != EOF) {
        if (c == '\n')
            break;
        if (len + 1 >= *cap) {
            *cap *= 2;
            char *p = realloc(*buf, *cap);
            if (!p)
                abort();
            *buf = p;
        }
        (*buf)[len++] = (char)c;
    }
    if (c == EOF && len == 0)
        return -1;
    (*buf)[len] = '\0';
    return (long)len;
}
