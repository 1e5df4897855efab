/* diffcheck.h — the differential checks of one case, shared by the
 * fuzz_differential harness and `argsplit import-findings`: every subject of
 * the case's family against the reference, and every metamorphic relation
 * on the reference and on each subject (engine/metamorphic.h), each pair
 * compared by engine/compare into a semantic key.
 */
#ifndef ARGSPLIT_DIFFCHECK_H
#define ARGSPLIT_DIFFCHECK_H

#include "engine/finding.h"
#include "engine/gen.h"
#include "oracle/arena.h"

/* Called once per disagreement.  The finding's strings live in the arena
 * passed to as_diffcheck_case (valid until it is reset).  Return nonzero to stop. */
typedef int (*as_finding_fn)(void *ctx, const as_finding *f);

/* Run every check on `gc` for the in-process subjects of `family` (all
 * versions) and report each finding.  The key, subject, relation and rule
 * are always filled; the case texts and the two splits' JSON only with
 * `full` (the harness needs just the key, the importer everything).
 * Returns the number of findings, or -1 when the case cannot be built (an
 * input the pipeline rejects). */
int as_diffcheck_case(as_arena *arena, const as_gen_case *gc, const char *family, int py_minor, int full,
                 as_finding_fn fn, void *ctx);

#endif
