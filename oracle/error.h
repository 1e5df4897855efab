/* error.h — how every argsplit function reports failure.
 *
 * Functions that can fail take an `as_error *` and return 0 on success or -1
 * on failure after filling it.  Nothing below the CLI prints.  An as_error
 * describes either a *Python-level outcome* (a TypeError the real call would
 * raise, a SyntaxError CPython reports for the def) or an *InputError*: the
 * text is outside the language argsplit understands.  The CLI maps InputError
 * to exit status 2; Python-level errors are results, not failures of the tool.
 */
#ifndef ARGSPLIT_ERROR_H
#define ARGSPLIT_ERROR_H

#include <stdarg.h>

enum { AS_MESSAGE_MAX = 2048, AS_TYPE_MAX = 48 };

/* Where in the pipeline the error arose (the `phase` field of JSON output). */
typedef enum as_phase {
    AS_PHASE_NONE = 0,
    AS_PHASE_INPUT,        /* text outside the supported language */
    AS_PHASE_SIGNATURE,    /* SyntaxError in the def header */
    AS_PHASE_CALL_SYNTAX,  /* SyntaxError in the call (phase A1) */
    AS_PHASE_CALL_SITE,    /* TypeError while building args/kwargs (phase A2) */
    AS_PHASE_BIND,         /* TypeError from initialize_locals (phase B) */
    AS_PHASE_DECORATION,   /* a transform rejected its spec */
    AS_PHASE_CALL          /* a transform rejected the call */
} as_phase;

/* Binder error categories (the `category` field of JSON output). */
typedef enum as_category {
    AS_CAT_NONE = 0,
    AS_CAT_TOO_MANY_POSITIONAL,
    AS_CAT_MISSING_POSITIONAL,
    AS_CAT_MISSING_KEYWORD_ONLY,
    AS_CAT_MULTIPLE_VALUES,
    AS_CAT_UNEXPECTED_KEYWORD,
    AS_CAT_POSITIONAL_ONLY_AS_KEYWORD,
    AS_CAT_OTHER
} as_category;

typedef struct as_error {
    char type[AS_TYPE_MAX];        /* "TypeError", "SyntaxError", "ValueError", "InputError", ... */
    as_category category;
    as_phase phase;
    int column;                    /* 1-based column in the offending text; 0 = not applicable */
    char message[AS_MESSAGE_MAX];  /* exactly the Python message text (no "TypeError: " prefix) */
} as_error;

/* Fill *err and return -1, so callers can write `return as_fail(...)`.
 * err may be NULL (the error is then discarded). */
int as_fail(as_error *err, const char *type, as_phase phase, as_category category,
            int column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Shorthand for an InputError at a column. */
int as_input_error(as_error *err, int column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fill every field of *err (as_fail without the -1), from a va_list. */
void as_error_vset(as_error *err, const char *type, as_phase phase, as_category category, int column,
                   const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

void as_error_clear(as_error *err);

const char *as_phase_name(as_phase phase);          /* "bind", "call_site", ... ; "" for NONE */
const char *as_category_name(as_category category); /* "too_many_positional", ... ; "" for NONE */
int as_phase_from_name(const char *name, as_phase *out);       /* 0 ok, -1 unknown */
int as_category_from_name(const char *name, as_category *out); /* 0 ok, -1 unknown */

#endif
