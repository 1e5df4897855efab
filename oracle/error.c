/* error.c — see error.h. */
#include "oracle/error.h"

#include "oracle/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* snprintf(dst, cap, "%s", src) without printf: every model error passes here */
static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src ? src : "(null)");
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src ? src : "(null)", n);
    dst[n] = '\0';
}

void as_error_vset(as_error *err, const char *type, as_phase phase, as_category category, int column,
                   const char *fmt, va_list ap)
{
    copy_text(err->type, sizeof err->type, type);
    err->phase = phase;
    err->category = category;
    err->column = column;
    if (strcmp(fmt, "%s") == 0)
        copy_text(err->message, sizeof err->message, va_arg(ap, const char *));
    else
        as_vformat(err->message, sizeof err->message, fmt, ap);
}

int as_fail(as_error *err, const char *type, as_phase phase, as_category category,
            int column, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    as_error_vset(err, type, phase, category, column, fmt, ap);
    va_end(ap);
    return -1;
}

int as_input_error(as_error *err, int column, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    as_error_vset(err, "InputError", AS_PHASE_INPUT, AS_CAT_OTHER, column, fmt, ap);
    va_end(ap);
    return -1;
}

void as_error_clear(as_error *err)
{
    /* Field by field: the text buffers are large and only read as C strings. */
    err->type[0] = '\0';
    err->category = AS_CAT_NONE;
    err->phase = AS_PHASE_NONE;
    err->column = 0;
    err->message[0] = '\0';
}

static const char *const phase_names[] = {
    [AS_PHASE_NONE] = "",
    [AS_PHASE_INPUT] = "input",
    [AS_PHASE_SIGNATURE] = "signature",
    [AS_PHASE_CALL_SYNTAX] = "call_syntax",
    [AS_PHASE_CALL_SITE] = "call_site",
    [AS_PHASE_BIND] = "bind",
    [AS_PHASE_DECORATION] = "decoration",
    [AS_PHASE_CALL] = "call",
};

static const char *const category_names[] = {
    [AS_CAT_NONE] = "",
    [AS_CAT_TOO_MANY_POSITIONAL] = "too_many_positional",
    [AS_CAT_MISSING_POSITIONAL] = "missing_positional",
    [AS_CAT_MISSING_KEYWORD_ONLY] = "missing_keyword_only",
    [AS_CAT_MULTIPLE_VALUES] = "multiple_values",
    [AS_CAT_UNEXPECTED_KEYWORD] = "unexpected_keyword",
    [AS_CAT_POSITIONAL_ONLY_AS_KEYWORD] = "positional_only_as_keyword",
    [AS_CAT_OTHER] = "other",
};

const char *as_phase_name(as_phase phase)
{
    if ((unsigned)phase >= sizeof phase_names / sizeof *phase_names)
        return "";
    return phase_names[phase];
}

const char *as_category_name(as_category category)
{
    if ((unsigned)category >= sizeof category_names / sizeof *category_names)
        return "";
    return category_names[category];
}

int as_phase_from_name(const char *name, as_phase *out)
{
    for (unsigned i = 1; i < sizeof phase_names / sizeof *phase_names; i++)
        if (strcmp(phase_names[i], name) == 0) {
            *out = (as_phase)i;
            return 0;
        }
    return -1;
}

int as_category_from_name(const char *name, as_category *out)
{
    for (unsigned i = 1; i < sizeof category_names / sizeof *category_names; i++)
        if (strcmp(category_names[i], name) == 0) {
            *out = (as_category)i;
            return 0;
        }
    return -1;
}
