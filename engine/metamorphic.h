/* metamorphic.h — rewrites of a case that must not change any subject's
 * answer under the reference's rules (no reference needed to check them:
 * a subject that answers the two forms differently violates the relation).
 *
 *   negative-index     every in-range negative index -k becomes n-k, where n
 *                      is the signature's parameter count (the reference's
 *                      reading of a negative index, REFERENCE.md rule 2)
 *   nums-names         a nums keyword becomes its names partner (each index
 *                      replaced by the name of the parameter it selects)
 *   positional-keyword the trailing positional arguments bound to
 *                      positional-or-keyword parameters are passed by keyword
 *   spec-order         selector tuples reversed with the first repeated, and
 *                      keyword order reversed
 *   int-tuple          a bare int/str becomes a 1-tuple and vice versa
 */
#ifndef ARGSPLIT_METAMORPHIC_H
#define ARGSPLIT_METAMORPHIC_H

#include "engine/gen.h"
#include "oracle/arena.h"
#include "oracle/split.h"

typedef enum as_meta {
    AS_META_NEGATIVE_INDEX = 0,
    AS_META_NUMS_NAMES,
    AS_META_POSITIONAL_KEYWORD,
    AS_META_SPEC_ORDER,
    AS_META_INT_TUPLE,
    AS_META_COUNT
} as_meta;

/* "meta:negative-index", ... (the relation names of engine/finding.h). */
const char *as_meta_relation(as_meta m);

/* The relation with that name, or -1. */
int as_meta_from_relation(const char *relation);

/* Rewrite `in` (whose built case is `c`) under relation m into *out (memory
 * from `arena`).  Returns 1 when the relation applies and changed the case,
 * 0 when it does not apply.  `fam` says which names keyword partners a
 * nums keyword. */
int as_meta_rewrite(as_arena *arena, as_meta m, const as_gen_family *fam, const as_gen_case *in,
                    const as_case *c, as_gen_case *out);

/* 1 when relation m rewrites the call (its rewritten case needs a new
 * binding), 0 when it rewrites only the spec (the signature and call stay
 * the original's, and so do their expansion and binding). */
int as_meta_rewrites_call(as_meta m);

#endif
