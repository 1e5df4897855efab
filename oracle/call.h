/* call.h — a Python call's argument list, parsed, printed and expanded.
 *
 * Input is the parenthesised argument list of a call, as users write it:
 *     (1, x, 'str', [1, 2], *[3, 4], k=jnp.ones(3), **{'m': 5})
 * Argument values are arbitrary Python expressions kept as normalised text.
 *
 * Two phases, as in CPython (docs/BINDING.md §2):
 *   as_call_parse   — compile time (A1): SyntaxErrors such as "positional
 *                     argument follows keyword argument", phase call_syntax.
 *   as_call_expand  — run time (A2): `*` and `**` unpacking of *literal*
 *                     lists, tuples, strings, bytes and dicts is expanded;
 *                     call-site TypeErrors (non-iterable after *, non-mapping
 *                     after **, repeated keyword across ** mappings,
 *                     non-string keys), phase call_site.  Unpacking anything
 *                     that is not a literal (`*xs`) is an InputError: its
 *                     length is unknowable.
 */
#ifndef ARGSPLIT_CALL_H
#define ARGSPLIT_CALL_H

#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/error.h"

/* Input limits (docs/LIMITS.md): arguments after expansion, and items as
 * written (CPython has neither; beyond them is an InputError). */
enum { AS_MAX_ARGS = 255, AS_MAX_CALL_ITEMS = 1024 };

typedef enum as_item_kind {
    AS_ITEM_POSITIONAL = 0,     /* expr       */
    AS_ITEM_KEYWORD,            /* name=expr  */
    AS_ITEM_STAR,               /* *expr      */
    AS_ITEM_DOUBLESTAR          /* **expr     */
} as_item_kind;

typedef struct as_call_item {
    as_item_kind kind;
    const char *keyword;        /* AS_ITEM_KEYWORD only, else NULL */
    const char *text;           /* normalised expression text (without * / ** / name=) */
    int column;                 /* 1-based column of the item in the input */
    /* For * and ** items from as_call_parse: the tokens of text, n_toks of
     * them at toks, whose offsets are into toks_source (the parser's copy
     * of the call) and after which comes a token no expression continues
     * with (`,` `)`), so expansion need not tokenize text again.  Used only
     * while toks_text == text: code that builds or rebuilds items leaves
     * them zero or changes text. */
    const struct as_token *toks;
    int n_toks;
    const char *toks_text;
    const char *toks_source;
    int toks_kind;              /* with toks: text's literal kind (as_lit_kind) */
} as_call_item;

/* The call as written. */
typedef struct as_call {
    as_call_item *items;
    int n_items;
} as_call;

/* One argument as the callee receives it, after unpacking. */
typedef struct as_arg {
    const char *text;           /* expression text of the value */
    const char *keyword;        /* NULL for positional arguments; in `keywords`,
                                   NULL marks a non-string ** key (3.8 only: the
                                   callee rejects it in call order) */
    int item;                   /* index into as_call.items it came from */
} as_arg;

/* What the caller delivers (CPython's args tuple and kwnames, in order). */
typedef struct as_call_args {
    as_arg *positional;
    int n_positional;
    as_arg *keywords;           /* distinct names, in CPython's merge order */
    int n_keywords;
} as_call_args;

int as_call_parse(as_arena *arena, const char *text, size_t len, int py_minor,
                  as_call *out, as_error *err);

/* Canonical text: "(1, x, *[3, 4], k=jnp.ones(3), **{'m': 5})". */
char *as_call_print(as_arena *arena, const as_call *call);

int as_call_equal(const as_call *a, const as_call *b);

/* `func_name` is the callee's name used in call-site messages ("f" gives
 * "f() argument after * must be an iterable, not int"). */
int as_call_expand(as_arena *arena, const as_call *call, int py_minor, const char *func_name,
                   as_call_args *out, as_error *err);

/* The compile-time keyword checks (A1) for a call built as a struct rather
 * than parsed: a literal keyword repeated later in the call is a
 * SyntaxError "keyword argument repeated: k" naming the first such keyword
 * (3.8: no name), phase call_syntax.  as_call_parse already does this. */
int as_call_check_keywords(const as_call *call, int py_minor, as_error *err);

/* Build the call text that passes `args` directly (no unpacking):
 * "(1, 2, k=3)".  Used by the shrinker and the metamorphic rewrites.
 * Non-string keys (keyword NULL) are written as distinct int keys. */
char *as_call_args_print(as_arena *arena, const as_call_args *args);

#endif
