/* diffcheck.h — the checks of one case: the one check loop the campaign,
 * the shrinker, the fuzz_differential harness and `argsplit
 * import-findings` all run.
 *
 * For a group of subjects (one family, versions oldest first, external
 * subjects after the built-in ones):
 *   - each subject against the reference        ("vs-reference")
 *   - each pair of adjacent built-in versions   ("version-pair")
 *   - each metamorphic relation (engine/metamorphic.h) on the reference and
 *     on each built-in subject                  ("meta:...")
 *   - an external subject's crash or timeout    (as_ext_failure_relation;
 *     its other checks are skipped for that case), else the external
 *     subject against its C model               ("model-fidelity")
 * each pair of splits compared by engine/compare into a key and a
 * mechanism.
 *
 * Every hit carries its root cause (engine/rootcause.h).  A version pair
 * or a metamorphic finding takes the root cause of the vs-reference
 * difference it comes from: the newer (resp. original) side's difference
 * from the reference when it has one, else the other side's; when neither
 * side differs from the reference, the reference itself breaks the relation
 * and the root cause is the reference's.  The hit's key is compare's key +
 * "|#" + as_rootcause_hash of the root cause (one class, one masked
 * message).
 */
#ifndef ARGSPLIT_DIFFCHECK_H
#define ARGSPLIT_DIFFCHECK_H

#include "engine/compare.h"
#include "engine/finding.h"
#include "engine/gen.h"
#include "oracle/arena.h"
#include "subjects/subject.h"

enum { AS_CHECK_MAX_GROUP = 64 };

/* The subjects of one family that a case is checked on. */
typedef struct as_check_group {
    const char *family;
    const as_gen_family *fam;
    const as_subject *subs[AS_CHECK_MAX_GROUP];   /* built-in subjects first, then external ones */
    const as_subject *model[AS_CHECK_MAX_GROUP];  /* an external subject's C model, or NULL */
    char pair_names[AS_CHECK_MAX_GROUP][96];      /* "OLD>NEW" for subs[i-1], subs[i] */
    int n, n_builtin;
} as_check_group;

/* Start an empty group for `family` ("" = the reference alone). */
void as_check_group_init(as_check_group *g, const char *family);

/* Append a subject (built-in ones before external ones); `model` is an
 * external subject's C model or NULL.  0, or -1 when the group is full. */
int as_check_group_add(as_check_group *g, const as_subject *s, const as_subject *model);

/* Fill the OLD>NEW names; call once after the last add. */
void as_check_group_finish(as_check_group *g);

/* Every built-in subject of `family` (all versions). */
void as_check_group_family(as_check_group *g, const char *family);

/* One disagreement, as the check loop reports it. */
typedef struct as_check_hit {
    const as_case *c;              /* the case `expected` ran on */
    const as_subject *subj;        /* the subject the finding is about */
    const char *other;             /* "reference", the other version's id, or NULL (metamorphic) */
    const char *relation;
    const char *key;               /* compare's key + "|#" + hash of the root cause */
    const char *rule;
    const char *cause;             /* root cause, "GROUP | MECHANISM" */
    const as_split *expected, *observed;
    const as_case *rewritten;      /* metamorphic relations: the rewritten case */
} as_check_hit;

/* A memo of root causes for one thread's check loop: a hit's root cause
 * and its hash depend only on the subject's family and the mechanism, and
 * mechanisms repeat across cases far more than they vary. */
typedef struct as_cause_memo as_cause_memo;

as_cause_memo *as_cause_memo_new(void);
void as_cause_memo_free(as_cause_memo *m);   /* NULL is a no-op */

typedef struct as_checker as_checker;
struct as_checker {
    void (*hit)(as_checker *self, const as_check_hit *h);
    const as_subject *only;        /* only findings about this subject, or NULL */
    const char *only_relation;     /* only this relation, or NULL */
    as_message_memo *memo;         /* this thread's message memo (engine/rootcause.h), or NULL */
    as_cause_memo *causes;         /* this thread's root-cause memo, or NULL */
};

typedef struct as_check_options {
    const as_subject *reference;
    int py_minor;
    int meta;                      /* run the metamorphic relations */
    int version_pairs;
} as_check_options;

/* Run the checks of `gc` on group `g`; meta_pick is the one metamorphic
 * relation to run, or -1 for all.  Strings of hits live in `a`.  Returns
 * 0, or -1 when the case cannot be built (an input the pipeline rejects). */
int as_check_case(const as_check_options *o, as_arena *a, const as_check_group *g, const as_gen_case *gc,
                  as_checker *ck, int meta_pick);

/* A finding from a hit: the case texts and the two splits' JSON only with
 * `full`; strings in `a`. */
void as_check_finding(as_arena *a, const as_check_hit *h, int full, as_finding *f);

/* json_dumps(as_split_to_json(s, subject_id), JSON_COMPACT | JSON_ENSURE_ASCII),
 * the text findings store, written without building JSON objects; in `a`. */
const char *as_check_split_json(as_arena *a, const as_split *s, const char *subject_id);

/* Called once per disagreement.  The finding's strings live in the arena
 * passed to as_diffcheck_case (valid until it is reset).  Return nonzero to stop. */
typedef int (*as_finding_fn)(void *ctx, const as_finding *f);

/* as_check_case on every built-in subject of `family` with all relations
 * (version pairs included), each hit reported as a finding (texts and
 * JSON only with `full`: the harness needs just the key, the importer
 * everything).  Returns the number of findings, or -1 when the case cannot
 * be built. */
int as_diffcheck_case(as_arena *arena, const as_gen_case *gc, const char *family, int py_minor, int full,
                      as_finding_fn fn, void *ctx);

#endif
