/* split_expect.h — test support: run one subject on a case written as text
 * and compare a one-line description of its split with what the test
 * expects.  Shared by the subject model tests.
 *
 * The description reads "a:traced b:static/0* c:default": `/axis` (or `/-`
 * for null) when the entry has an axis, `*` when donated; or
 * "decoration TYPE: message", "call TYPE: message", "no call". */
#ifndef ARGSPLIT_TEST_SPLIT_EXPECT_H
#define ARGSPLIT_TEST_SPLIT_EXPECT_H

#include "oracle/arena.h"
#include "oracle/split.h"

typedef struct run_result {
    as_arena arena;
    as_split split;
} run_result;

/* Build the case (fails the test on bad input) and split it with subject
 * `id` under Python 3.`py`. Free r->arena afterwards. */
void run_py(run_result *r, const char *id, const char *sig, const char *spec, const char *call, int py);
const char *describe(run_result *r);

#define EXPECT_PY(py, id, sig, spec, call, want)                 \
    do {                                                        \
        run_result r_;                                          \
        run_py(&r_, id, sig, spec, call, py);                   \
        assert_string_equal(describe(&r_), want);               \
        as_arena_free(&r_.arena);                               \
    } while (0)

#define EXPECT(id, sig, spec, call, want) EXPECT_PY(11, id, sig, spec, call, want)

#endif
