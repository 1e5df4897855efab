/* outcome.h — a split written compactly, as case files and expectation files
 * carry it (docs/CONFORMANCE.md, "Outcomes"):
 *
 *     a=static b=traced c=default          the call bound; one token per entry
 *     x=traced+donated y=default           donated entries
 *     a=traced@0 b=static@none             entries with an axis
 *     ok                                   decoration only, succeeded
 *     error TypeError: f() missing ...     decoration succeeded, the call failed
 *     decoration-error ValueError: ...     decoration failed
 *     ()                                   the call bound no argument at all
 *     a=static:slot1 b=static:slot0        a positional value taken from
 *                                          another call slot (permuted)
 *
 * Blanks and control characters inside a parameter name (a **kwargs key)
 * are written \xNN, so that every entry is one token.
 * Decoration warnings come first as `warn:TYPE` tokens (their text is not
 * part of the outcome).  Newlines and backslashes in messages are written
 * as \n and \\ so that an outcome is always one line.
 */
#ifndef ARGSPLIT_CONF_OUTCOME_H
#define ARGSPLIT_CONF_OUTCOME_H

#include "oracle/arena.h"
#include "oracle/split.h"

/* The compact text of a split. */
char *as_outcome_render(as_arena *arena, const as_split *s);

/* 1 when `written` (from a file) describes `rendered` (from
 * as_outcome_render): equal after collapsing runs of blanks, or, when
 * `written` is an error with no ": message", equal up to the message. */
int as_outcome_matches(const char *written, const char *rendered);

/* Syntax check of a written outcome; NULL when well-formed, else a short
 * description of the problem. */
const char *as_outcome_check(const char *written);

#endif
