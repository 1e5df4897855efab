/* binder.h — bind delivered arguments to a signature exactly as CPython's
 * initialize_locals does (docs/BINDING.md §3): same check
 * order, same error category, same message text byte for byte for the
 * selected Python minor version (3.13 adds "Did you mean" suggestions).
 */
#ifndef ARGSPLIT_BINDER_H
#define ARGSPLIT_BINDER_H

#include "oracle/arena.h"
#include "oracle/call.h"
#include "oracle/error.h"
#include "oracle/signature.h"

typedef enum as_passed {
    AS_PASSED_POSITIONAL = 0,
    AS_PASSED_KEYWORD,
    AS_PASSED_DEFAULT
} as_passed;

/* One value that ends up in the function's locals. */
typedef struct as_bound {
    int param;          /* index into sig->params */
    as_passed passed;
    int slot;           /* index into args->positional, or -1 */
    int arg;            /* index into args->positional or args->keywords (per `passed`), or -1 for a default */
    int element;        /* i for the i-th *args element, else -1 */
    const char *key;    /* the key of a **kwargs entry, else NULL */
    const char *text;   /* the value's expression text (the default's text when passed == DEFAULT) */
} as_bound;

/* A successful binding, in declaration order: each PO/PK/KO parameter once,
 * then for *args its elements in order (at the *args position), and for
 * **kwargs its entries in CPython's insertion order. */
typedef struct as_binding {
    as_bound *values;
    int n_values;
} as_binding;

typedef struct as_bind_options {
    int py_minor;            /* AS_PY_MIN..AS_PY_MAX */
    const char *func_name;   /* qualname used in messages; "f" when NULL */
} as_bind_options;

/* Returns 0 and fills *out, or -1 with a TypeError (phase bind, with its
 * category) in *err. */
int as_bind(as_arena *arena, const as_signature *sig, const as_call_args *args,
            const as_bind_options *opt, as_binding *out, as_error *err);

/* "Did you mean" helper of 3.13 (suggestions.c): the best candidate for
 * `name` among `candidates`, or NULL. Exposed for tests. */
const char *as_suggest(const char *name, const char *const *candidates, int n_candidates);

/* Display name of a bound value: "a", "args[0]", "kwargs['k']" using the
 * signature's own *args / **kwargs names. */
const char *as_bound_display_name(as_arena *arena, const as_signature *sig, const as_bound *v);

#endif
