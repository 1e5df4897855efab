/* finding.h — one observed discrepancy, as the engine hands it to the store.
 *
 * A finding says: on this case, subject S behaved differently from X under
 * relation R.  Its `key` is semantic, not textual (issue 7): subject,
 * relation, the parameter kind and pass style involved, the selector form
 * and the verdict delta; millions of findings collapse into few keys, and
 * each key is one discrepancy class in the store.
 */
#ifndef ARGSPLIT_FINDING_H
#define ARGSPLIT_FINDING_H

/* Relation names (the `relation` column):
 *   "vs-reference"            subject differs from the reference policy
 *   "meta:negative-index"     a negative index ≢ its positive equivalent
 *   "meta:nums-names"         argnums ≢ the equivalent argnames
 *   "meta:positional-keyword" positional call ≢ keyword call (PK params)
 *   "meta:spec-order"         spec order or duplicates changed the result
 *   "meta:int-tuple"          a bare int/str ≢ its 1-tuple
 *   "version-pair"            two versions of one family differ
 *   "model-fidelity"          an external (real) subject ≢ its C model
 *   "subject-crash", "subject-timeout"   an external subject misbehaved
 *   "fuzz-crash"              a fuzz target crashed (imported by nightly)
 */

typedef struct as_finding {
    const char *key;            /* semantic class key, stable across runs */
    const char *subject;        /* subject id */
    const char *other;          /* "reference", the other version's id, or the rewritten form; may be NULL */
    const char *relation;       /* see above */
    const char *rule;           /* rule tag (REFERENCE.md / case tags), e.g. "neg-index" */
    const char *signature;      /* canonical signature text */
    const char *spec_json;      /* spec as JSON text (split --jsonl form) */
    const char *call;           /* canonical call text, or NULL */
    const char *observed_json;  /* the subject's split, JSON text */
    const char *expected_json;  /* the reference's (or other side's) split, JSON text */
    int py_minor;
    const char *cause;          /* root cause "GROUP | MECHANISM" (engine/rootcause.h), or NULL */
} as_finding;

#endif
