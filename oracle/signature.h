/* signature.h — a Python parameter list, parsed and printed.
 *
 * Input is the text users paste from a def header, with the parentheses:
 *     (a, b=2, /, c=[1, 2], *args, d: int, e=None, **kw)
 * Defaults and annotations are arbitrary Python expressions, validated by
 * oracle/pyexpr and kept as normalised text (see as_expr_normalize).
 *
 * Parameters are stored in declaration order, which for a def is always
 * PO*, PK*, VP?, KO*, VK? — exactly how inspect.signature lists them.  A bare
 * `*` or `/` is not a parameter.
 *
 * Errors: a header CPython rejects gives a SyntaxError (phase "signature")
 * worded as the selected Python minor version words it; text outside the
 * language gives an InputError (phase "input") with the column.
 */
#ifndef ARGSPLIT_SIGNATURE_H
#define ARGSPLIT_SIGNATURE_H

#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/error.h"

enum { AS_MAX_PARAMS = 255 };   /* an input limit; beyond it is an InputError */

typedef enum as_kind {
    AS_POSITIONAL_ONLY = 0,
    AS_POSITIONAL_OR_KEYWORD,
    AS_VAR_POSITIONAL,
    AS_KEYWORD_ONLY,
    AS_VAR_KEYWORD
} as_kind;

typedef struct as_param {
    const char *name;
    as_kind kind;
    const char *annotation;    /* normalised expression text, or NULL */
    const char *default_text;  /* normalised expression text, or NULL */
} as_param;

typedef struct as_signature {
    as_param *params;
    int n_params;
    /* Derived counts, named as in CPython's code object: */
    int n_posonly;        /* co_posonlyargcount */
    int n_positional;     /* co_argcount: PO + PK */
    int n_kwonly;         /* co_kwonlyargcount */
    int n_pos_defaults;   /* len(__defaults__): trailing defaulted positionals */
    int varargs_index;    /* index of the *args parameter, or -1 */
    int varkw_index;      /* index of the **kwargs parameter, or -1 */
} as_signature;

/* Parse `text` (len bytes, need not be NUL-terminated).  All memory comes
 * from `arena`.  py_minor selects SyntaxError wording (AS_PY_MIN..AS_PY_MAX). */
int as_signature_parse(as_arena *arena, const char *text, size_t len, int py_minor,
                       as_signature *out, as_error *err);

/* Canonical text: "(a, b=2, /, c=[1, 2], *args, d: int, e=None, **kw)".
 * print(parse(s)) is canonical and parse(print(x)) equals x. */
char *as_signature_print(as_arena *arena, const as_signature *sig);

/* Structural equality (names, kinds, annotation and default texts). */
int as_signature_equal(const as_signature *a, const as_signature *b);

/* Recompute the derived counts from params[]; for code that builds or edits
 * signatures directly (generator, shrinker).  Returns -1 when the params do
 * not form a valid def header (wrong kind order, default rules, duplicate
 * names), with a SyntaxError worded for py_minor in *err. */
int as_signature_finish(as_signature *sig, int py_minor, as_error *err);

/* "positional_only", "positional_or_keyword", "var_positional",
 * "keyword_only", "var_keyword". */
const char *as_kind_name(as_kind kind);
int as_kind_from_name(const char *name, as_kind *out);

/* Index of the parameter called `name`, or -1. */
int as_signature_find(const as_signature *sig, const char *name);

#endif
