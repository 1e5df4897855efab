/* shrink.h — reduce a discrepancy's case to a minimal one with the same key.
 *
 * Greedy to a fixed point: try each simplification in turn (flatten `*`/`**`
 * literals, drop a parameter — remapping spec indices and names and the
 * call's arguments —, simplify a kind, remove a default, drop a spec entry
 * or selector, move an index toward 0, turn a tuple of one into a bare
 * value, drop a call argument, rename values), keep it when `keep` says the
 * candidate still shows the discrepancy, and start over until no step
 * succeeds.  Every candidate is a valid def header (as_signature_finish)
 * before `keep` sees it.
 */
#ifndef ARGSPLIT_SHRINK_H
#define ARGSPLIT_SHRINK_H

#include "engine/gen.h"
#include "oracle/arena.h"

/* 1 when `candidate` still reproduces the discrepancy.  `scratch` is reset
 * by the shrinker after each call.  The answer must depend on the candidate
 * alone: a candidate the shrinker knows it asked about already (the same
 * step on the same case) is not asked again. */
typedef int (*as_shrink_keep_fn)(void *ctx, as_arena *scratch, const as_gen_case *candidate);

typedef struct as_shrink_stats {
    int tries;      /* candidates tried (the budget counts these) */
    int accepted;   /* simplifications kept */
    int checks;     /* tries given to keep(); the others were asked before */
} as_shrink_stats;

/* Shrink *gc in place; the result's memory comes from `arena`.  At most
 * max_tries candidates are tried.  stats may be NULL. */
void as_shrink(as_arena *arena, as_gen_case *gc, int py_minor, as_shrink_keep_fn keep, void *ctx,
               int max_tries, as_shrink_stats *stats);

/* Size measure the shrinker decreases: parameters + spec selectors + call
 * items + lengths of the texts involved. */
int as_gen_case_size(const as_gen_case *gc);

#endif
