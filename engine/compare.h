/* compare.h — turn two splits of one case into a semantic discrepancy key.
 *
 * The key names *what kind* of disagreement this is, never the case's text,
 * so millions of raw findings collapse into few classes:
 *
 *     SUBJECT|RELATION|WHERE|DELTA|SELECTOR      (SUBJECT is "OLD>NEW" for a version pair)
 *
 *   WHERE     "decoration", "call", or KIND.PASSED of the first differing
 *             argument ("pk.pos", "ko.kw", "vp.pos", "vk.kw", "po.def", ...)
 *   DELTA     "ok>ValueError", "TypeError>ValueError", "msg", "warn" (only
 *             the warnings differ), "static>traced", "donate:1>0",
 *             "axis:int>none", "shape" (different arguments)
 *   SELECTOR  for an argument: how the spec reaches it, the first that
 *             applies of "negN" (a negative index counted from the call's
 *             positional count), "negP" (counted, modulo, from the
 *             positional parameters only, when there is no *args),
 *             "neg" (counted from the parameter count,
 *             the reference's reading), "slot" (a non-negative index equal
 *             to its call position but not its declaration index), "name",
 *             "idx" (its declaration index), else "none";
 *             for an error: the most salient spec feature ("oor",
 *             "name-po", "name-var", "name-unknown", "overlap", "neg",
 *             "both", "name-ko", "plain"), or "-" under a metamorphic
 *             relation (the rewrite itself is the context).
 *
 * Two errors of one type whose messages differ only in what
 * as_rootcause_mask masks (names, numbers, tuples — e.g. a message that
 * echoes a rewritten index) are no difference.
 *
 * `mechanism` is the root cause's second half: "raises PHASE TYPE: TEXT"
 * when `observed` raises (alone or differently), "lacks PHASE TYPE: TEXT"
 * when only `expected` raises (TEXT = as_rootcause_message of the message),
 * "verdict RULE" when only the verdicts differ, "donation RULE" / "axes
 * RULE" when only donation / axes do, "spec both-specs" for a role given
 * both nums and names whichever role differs, "warning ..." (a warning
 * that announces it will become an error reads as "raises decoration
 * ValueError: ...", the check it became) or "shape ..." otherwise.  RULE
 * says what the spec does to the argument, taken from the differing
 * argument whose selector tells most (a negative index first):
 * "neg-index-len(args)", "neg-index-positional-params", "neg-index",
 * "unpassed-default", "unselected" (no selector reaches it, however it was
 * passed), "varargs-index", "variadic-name", "kwonly-static",
 * "argnames-posonly", "keyword-arg", "selected"; donation and axes keep
 * only the negative-index rules and "donate" / "in-axes".  Neither the
 * argument's value nor the pair of verdicts is part of it.
 *
 * The rule tag is a human label derived from the same facts ("neg-index",
 * "both-specs" — the role got nums and names and the argument is reached by
 * one of them only —, "argnames-posonly", "kwonly-static", ...).  It is
 * not part of the key.
 */
#ifndef ARGSPLIT_COMPARE_H
#define ARGSPLIT_COMPARE_H

#include "oracle/arena.h"
#include "oracle/split.h"

typedef struct as_compare_result {
    const char *key;
    const char *rule;
    const char *mechanism;   /* what differs, version- and case-free (engine/rootcause.h) */
} as_compare_result;

enum {
    /* The two sides passed the same arguments differently (the positional
     * vs keyword relation): compare entries by parameter, not pass style. */
    AS_COMPARE_IGNORE_PASSED = 1u << 0,
    /* The caller takes the root cause from elsewhere: `mechanism` is left
     * NULL (the key and rule are the same as without it). */
    AS_COMPARE_NO_MECHANISM = 1u << 1
};

/* 1 and *out filled when `observed` differs from `expected` in any
 * observable way (verdicts, donation, axes, error types and messages,
 * warnings); 0 when they agree.  `c` is the case `expected` was computed
 * on (selectors are described against it).  Strings live in `arena`. */
int as_compare(as_arena *arena, const as_case *c, const char *subject, const char *relation,
               const as_split *expected, const as_split *observed, unsigned flags,
               as_compare_result *out);

/* as_compare reading messages through `memo` (engine/rootcause.h; NULL:
 * none) and taking as_spec_salient(c) from *salient, which it fills when
 * NULL (salient NULL: computed each time): the check loop's form, which
 * compares one case many times. */
typedef struct as_message_memo as_message_memo;
int as_compare_memo(as_arena *arena, as_message_memo *memo, const char **salient, const as_case *c,
                    const char *subject, const char *relation, const as_split *expected, const as_split *observed,
                    unsigned flags, as_compare_result *out);

/* The spec feature that best characterises the case's spec: "oor",
 * "name-po", "name-var", "name-unknown", "overlap", "neg", "both",
 * "name-ko", "plain", or "none" for an empty spec. */
const char *as_spec_salient(const as_case *c);

#endif
