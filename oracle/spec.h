/* spec.h — an annotation spec: the keyword arguments given to a transform.
 *
 * Text form (what users write after the function in `jit(f, ...)`):
 *     static_argnums=(0, -1), static_argnames='b', donate_argnums=2
 * JSON form (split --jsonl): {"static_argnums": [0, -1], "static_argnames": "b"}
 * where a JSON array is a tuple and null is None.
 *
 * Values are literal Python data only: None, bool, int, float, str, tuple,
 * list, dict with str keys.  Anything else is an InputError with the column.
 * Keyword order is kept (it is part of what the user wrote) but no keyword
 * may repeat (that is a SyntaxError in Python: "keyword argument repeated").
 * Which keywords a transform accepts is the subject's business, not the
 * parser's.
 */
#ifndef ARGSPLIT_SPEC_H
#define ARGSPLIT_SPEC_H

#include <stddef.h>

#include <jansson.h>

#include "oracle/arena.h"
#include "oracle/error.h"

/* Input limits (docs/LIMITS.md), refused with an InputError before the
 * work: spec text length, keywords in a spec, elements of one tuple, list
 * or dict (transforms take a handful of keywords and argument indices). */
enum { AS_SPEC_MAX_TEXT = 1 << 20, AS_SPEC_MAX_ENTRIES = 64, AS_SPEC_MAX_ITEMS = 1024 };

typedef enum as_value_type {
    AS_VALUE_NONE = 0,
    AS_VALUE_BOOL,
    AS_VALUE_INT,
    AS_VALUE_FLOAT,
    AS_VALUE_STR,
    AS_VALUE_TUPLE,
    AS_VALUE_LIST,
    AS_VALUE_DICT
} as_value_type;

typedef struct as_value {
    as_value_type type;
    long long i;                /* BOOL (0/1) and INT */
    double f;                   /* FLOAT */
    const char *s;              /* STR (decoded, UTF-8) */
    struct as_value *items;     /* TUPLE, LIST: elements; DICT: values */
    const char **keys;          /* DICT: keys (str), parallel to items */
    int n_items;
} as_value;

typedef struct as_spec_entry {
    const char *keyword;
    as_value value;
} as_spec_entry;

typedef struct as_spec {
    as_spec_entry *entries;
    int n_entries;
} as_spec;

int as_spec_parse(as_arena *arena, const char *text, size_t len, as_spec *out, as_error *err);
int as_spec_from_json(as_arena *arena, const json_t *object, as_spec *out, as_error *err);

/* Canonical text: "static_argnums=(0, -1), static_argnames='b'" (Python
 * repr of each value; a 1-tuple prints as "(0,)"). Empty spec: "". */
char *as_spec_print(as_arena *arena, const as_spec *spec);
char *as_value_repr(as_arena *arena, const as_value *v);      /* Python repr */
json_t *as_spec_to_json(const as_spec *spec);                 /* new reference */
json_t *as_value_to_json(const as_value *v);                  /* new reference */

int as_value_equal(const as_value *a, const as_value *b);
int as_spec_equal(const as_spec *a, const as_spec *b);

/* The entry for `keyword`, or NULL. */
const as_value *as_spec_get(const as_spec *spec, const char *keyword);

/* Python truthiness (bool(v)); NULL — an absent keyword — is False. */
int as_value_truthy(const as_value *v);

/* str(v): a str's own text, anything else its repr (as f-strings print). */
const char *as_value_str(as_arena *arena, const as_value *v);

/* Python type name of a value as type(v).__name__ gives it: "int", "str",
 * "tuple", "NoneType", ... */
const char *as_value_type_name(const as_value *v);

#endif
