/* enumerate.h — bounded-exhaustive cases: the small-scope complement of
 * random generation.
 *
 * For one subject family: every signature of up to max_params parameters
 * (every mix of the five kinds in declaration order, every allowed pattern
 * of defaults), every spec of that family's keywords with up to max_spec
 * selectors (indices from -(n+1) to n, every parameter name plus an unknown
 * one, bare and tuple forms, the empty tuple, nums together with names),
 * and every call shape that binds (positional/keyword/omitted per
 * parameter, one extra *args element, one **kwargs entry, a **kwargs key
 * equal to a positional-only name).
 */
#ifndef ARGSPLIT_ENUMERATE_H
#define ARGSPLIT_ENUMERATE_H

#include "engine/gen.h"

typedef struct as_enum_options {
    int max_params;   /* K */
    int max_spec;     /* S */
} as_enum_options;

/* Called once per case; `gc` is valid only during the call.  Nonzero stops
 * the enumeration. */
typedef int (*as_enum_fn)(void *ctx, const as_gen_case *gc);

/* Visit every case in a fixed order (fn may be NULL to count only).
 * Returns the number of cases visited. */
long long as_enumerate(const as_enum_options *o, const char *family, int py_minor, as_enum_fn fn,
                       void *ctx);

#endif
