/* expectations.h — what each subject is known to do where it differs from
 * the reference (docs/CONFORMANCE.md, "Expectation files").  WebKit
 * TestExpectations style: an entry records the subject's actual outcome,
 * so the gate can tell a known discrepancy from a changed one.
 *
 *     [jax.jit@0.3.14..0.4.26]
 *     jit-seed-row1: warn:SyntaxWarning a=traced b=static c=static
 *         reason: 0.3.14-0.4.26 warned instead of raising (spec §8)
 *         link: https://github.com/jax-ml/jax/pull/10603
 *     tag:neg-index: *
 *         reason: ...
 *
 * A `[SELECTOR]` line applies to the entries below it: `family` (every
 * version), `family@V` (one) or `family@LO..HI` (versions compared
 * numerically, inclusive).  `family` is a built-in family or an external
 * subject's namespace (as_expect_namespace): an id with a ':'
 * ("py:mylib.jit") or a subjects.toml NAME ("mylib"; a NAME that starts
 * like a built-in family, "jax.nope", is refused as a misspelling).  An entry's key is a case id or `tag:NAME`
 * (every case with that tag); its outcome is one of outcome.h's, `*` (any
 * failure; only for tags) or `skip` (do not run).  `reason:` is required,
 * `link:` optional.  Errors are InputErrors starting "FILE:LINE: ".
 */
#ifndef ARGSPLIT_CONF_EXPECTATIONS_H
#define ARGSPLIT_CONF_EXPECTATIONS_H

#include <stddef.h>

#include "conformance/casefile.h"
#include "oracle/arena.h"
#include "oracle/error.h"
#include "subjects/subject.h"

typedef struct as_expect_entry {
    const char *selector;        /* the header text */
    const char *family;
    const char *lo, *hi;         /* NULL: every version */
    const char *key;             /* case id or "tag:NAME" */
    const char *outcome;         /* an outcome, "*" or "skip" */
    const char *reason;
    const char *link;            /* NULL when absent */
    const char *file;
    int line;
} as_expect_entry;

typedef struct as_expectations {
    as_expect_entry *v;
    int n, cap;
    int *order;                  /* as_expect_index: positions in v sorted by (key, position) */
} as_expectations;

void as_expectations_init(as_expectations *e);

int as_expect_parse(as_arena *arena, const char *file, const char *text, size_t len, as_expectations *out,
                    as_error *err);

/* Every *.txt file in `dir` (not recursive), in byte order of name. */
int as_expect_load_dir(as_arena *arena, const char *dir, as_expectations *out, as_error *err);

/* Numeric dotted-version comparison ("0.4.9" < "0.4.27"); <0, 0, >0. */
int as_version_cmp(const char *a, const char *b);

/* The name a subject's entries are recorded under: its family for a
 * built-in model; its own id for an external subject ("py:mylib.jit",
 * "ext:mylib"), which so starts with no expectations of the family it is
 * compared with and records its own ([py:mylib.jit] headers). */
const char *as_expect_namespace(const as_subject *s);

/* The file `--update-expectations` writes a namespace to: NAMESPACE.txt,
 * with every character other than [A-Za-z0-9._@-] as '_'. */
const char *as_expect_file_name(as_arena *arena, const char *ns);

int as_expect_applies(const as_expect_entry *e, const as_subject *s);

/* Index the entries by key, after the last one is added: as_expect_find
 * then costs O((1 + tags of the case) log n), not a scan of every entry. */
void as_expect_index(as_arena *arena, as_expectations *ex);

/* The entry for (subject, case) in an indexed *ex: the case-id entry if
 * any, else the first (in file order) tag entry of one of the case's tags,
 * else NULL (*found = NULL).  Two case-id entries that both match are an
 * InputError naming the second one's line. */
int as_expect_find(as_arena *arena, const as_expectations *ex, const as_subject *s, const as_conf_case *c,
                   const as_expect_entry **found, as_error *err);

/* One cell of a generated file: what subject `s` does on case `c`. */
typedef struct as_expect_cell {
    const char *outcome;         /* NULL: no entry (the subject passes) */
    const char *reason;
    const char *link;
} as_expect_cell;

/* The text of one family's expectation file.  `subjects` are the family's
 * versions, oldest first; cells[c * n_subjects + s].  Consecutive versions
 * with the same outcome and reason share one entry under a range header.
 * Tag entries of `keep` for this family are written first, unchanged. */
char *as_expect_write_family(as_arena *arena, const char *family, const as_subject *const *subjects,
                             int n_subjects, const as_conf_suite *suite, const as_expect_cell *cells,
                             const as_expectations *keep);

#endif
