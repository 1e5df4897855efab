/* rootcause.h — the mechanism behind a discrepancy, and the two-level view
 * of stored classes: root cause → variants (issue 15).
 *
 * A root cause names a *mechanism*, never a case: its key is
 *
 *     GROUP | MECHANISM
 *
 *   GROUP      the subject's family, or the group of families that share
 *              code ("jax.grad-family": grad, value_and_grad, jacfwd,
 *              jacrev, hessian; "jax.custom_jvp/vjp"; "jax.jit/pjit");
 *              "reference" for the reference's own metamorphic findings;
 *              "reference-check" for a reference check subjects lack
 *              (as_rootcause_ref_key), whatever their family; the shared
 *              function that raises an error several families reach
 *              ("jax api_util._ensure_inbounds", "inspect.Signature.bind":
 *              as_rootcause_shared_code)
 *   MECHANISM  what engine/compare.h's as_compare gives as `mechanism`:
 *              "raises PHASE TYPE: TEXT"     the subject raises (TEXT =
 *                                            as_rootcause_message of its message)
 *              "lacks PHASE TYPE: TEXT"      only the reference raises: the
 *                                            reference check the subject lacks
 *                                            (keywords masked too)
 *              "verdict RULE"                only verdicts differ: the rule
 *              "donation RULE", "axes RULE"  only donation / axes differ
 *              "warning ...", "shape ..."    the rest
 *
 * Version-pair and metamorphic findings take the root cause of the
 * vs-reference difference they come from (the check loop, diffcheck.h,
 * decides), so they attach to it as evidence.  The class key ends in
 * "|#" + as_rootcause_hash(root cause), so one class never holds two
 * mechanisms and the shrinker, which keeps the key, keeps the mechanism.
 *
 * A variant is a class key with the subject's version dropped; the
 * versions it was seen on collapse into release ranges in registry order
 * ("jax.jit 0.4.27 – newest").
 */
#ifndef ARGSPLIT_ROOTCAUSE_H
#define ARGSPLIT_ROOTCAUSE_H

#include "engine/store.h"
#include "oracle/arena.h"

/* `msg` with what varies between cases of one mechanism masked: quoted
 * names become '?' (spec keywords such as 'donate_argnames' are kept),
 * numbers N, tuples and lists of them (*), newlines spaces, and a trailing
 * "Did you mean ...?" hint is dropped. */
const char *as_rootcause_mask(as_arena *a, const char *msg);

/* A masked message with spec keyword names (…argnums, …argnames,
 * in_axes) replaced by KW: a reference check names the keyword it checks,
 * and the subject lacks the check whatever the keyword (`masked` itself
 * when it names none). */
const char *as_rootcause_mask_keywords(as_arena *a, const char *masked);

/* The message text of a mechanism ("raises"/"lacks PHASE TYPE: TEXT", a
 * warning): as_rootcause_mask, then one check's wordings in other releases
 * or sibling transforms read one way (custom_jvp's wrapped binding error,
 * "jit()"/"pjit()", "argnums=0"/"argnums=(0, 1)", ...), and spec keyword
 * names KW — unquoted ones only unless `lacks` (a quoted keyword is what
 * "unexpected keyword argument 'donate_argnames'" is about).  Only the
 * mechanism reads messages this way: error messages that differ in these
 * wordings still differ (a version pair shows the rewording). */
const char *as_rootcause_message(as_arena *a, const char *msg, int lacks);

/* The mechanism of a warning the subject gives (`read`: its
 * as_rootcause_message): "warning CATEGORY: TEXT", except that a warning
 * announcing "This warning will be replaced by an error" is the check that
 * error is raised by in later releases (JAX's _validate_argnums/argnames
 * warned, then raised ValueError from 0.4.27), "raises decoration
 * ValueError: TEXT". */
const char *as_rootcause_warning(as_arena *a, const char *read);

/* A memo of message readings for one thread's check loop (messages repeat
 * across cases far more than they vary): the campaign's workers keep one
 * each, so masking runs once per distinct message, not once per finding. */
typedef struct as_message_memo as_message_memo;

as_message_memo *as_message_memo_new(void);
void as_message_memo_free(as_message_memo *m);   /* NULL is a no-op */

/* Between cases (no reading of the memo is held): a full memo is emptied,
 * so that later messages are memoised again instead of read each time. */
void as_message_memo_settle(as_message_memo *m);   /* NULL is a no-op */

enum { AS_READ_MASK, AS_READ_RAISES, AS_READ_LACKS };

/* as_rootcause_mask (AS_READ_MASK) or as_rootcause_message(msg, lacks) of
 * `msg`, looked up in `memo` first (NULL: computed in `a`).  The result
 * lives as long as the memo or `a`, whichever holds it (a full memo takes
 * no more messages: the rest are read into `a`). */
const char *as_rootcause_read(as_message_memo *memo, as_arena *a, const char *msg, int how);

/* The group of a family (see above); the family itself when it shares no
 * code with another.  `subject` may be a subject id, a family, or a
 * version pair "OLD>NEW". */
const char *as_rootcause_group(const char *subject);

/* "GROUP | MECHANISM" in the arena. */
const char *as_rootcause_key(as_arena *a, const char *subject, const char *mechanism);

/* The key of a subject's difference from the reference: as_rootcause_key,
 * except that a reference check the subject lacks ("lacks ...") is one root
 * cause whichever family lacks it (the subject's code has no part in it):
 * "reference-check | lacks ...". */
#define AS_ROOTCAUSE_REFERENCE_CHECK "reference-check"
const char *as_rootcause_ref_key(as_arena *a, const char *subject, const char *mechanism);

/* (as_rootcause_ref_key also groups a rule of one shared function under
 * it whichever family it decides for: "jax api_util.donation_vector |
 * donation neg-index-ignored", ... ) */

/* The shared code that raises a "raises ..." mechanism's error whichever
 * family calls it ("jax api_util._ensure_inbounds", "inspect.Signature.bind",
 * ...), or NULL: as_rootcause_ref_key groups such a mechanism under it. */
const char *as_rootcause_shared_code(const char *mechanism);

/* ---- source checks: one check in the subject's source, several root causes
 *
 * A root cause holds exactly one masked message (one rule when only
 * verdicts differ): the issue's "no root cause holds two masked messages",
 * read literally.  Some checks in JAX's source show as several of them,
 * because CPython words their consequence differently case by case (an
 * extra positional argument is "takes N positional arguments", "got
 * multiple values", a *args entry more or a missing argument supplied), or
 * a later release words it anew.  Those root causes stay apart; the table
 * below names the source check they share (read at the JAX sources of the
 * releases concerned, `why`), and `triage` shows it beside each as
 * "source check: ...".  `requires` names what every case of the check has
 * (the tests check each stored reproducer against it). */
typedef struct as_mechanism {
    const char *group;       /* as_rootcause_group of the subject, else its family */
    const char *key;         /* the source check, "GROUP | code FUNCTION: WHAT" */
    const char *why;
    const char *requires;    /* AS_MECH_* */
    const char *fine[6];     /* fnmatch(3) patterns over the root causes it shows as */
} as_mechanism;

#define AS_MECH_REPEATED_INDEX "a negative or repeated index among the nums"
#define AS_MECH_INT_NUMS "a bare int nums value"
#define AS_MECH_TUPLE_AXES "a tuple in_axes"
#define AS_MECH_NO_POSITIONAL "a call without positional arguments"

const as_mechanism *as_rootcause_mechanisms(int *n);

/* The source check root cause `cause` is one of, or NULL. */
const as_mechanism *as_rootcause_source_check(const char *cause);

/* Eight hex digits naming a root-cause key (FNV-1a). */
void as_rootcause_hash(const char *cause, char out[9]);

/* The variant name of a class key: its subject field without versions
 * ("jax.jit@0.3.10|vs-reference|..." -> "jax.jit|vs-reference|...") and
 * without the root-cause suffix. */
const char *as_rootcause_variant(as_arena *a, const char *class_key);

/* ---- a set of root causes (what a run counts as new) ------------------ */

typedef struct as_cause_set as_cause_set;

as_cause_set *as_cause_set_new(void);
void as_cause_set_free(as_cause_set *set);   /* NULL is a no-op */

/* 1 when `cause` was not in the set (it is now), 0 when it was. */
int as_cause_set_add(as_cause_set *set, const char *cause);

int as_cause_set_count(const as_cause_set *set);

/* Add every root cause stored in `s`; 0 or -1 (store error). */
int as_cause_set_load(as_cause_set *set, as_store *s, as_error *err);

/* ---- known upstream behaviours (conformance/known_issues.c) ------------ */

typedef struct as_known_issue {
    const char *issue;      /* "jax-ml/jax#10614" */
    const char *url;
    const char *pattern;    /* fnmatch(3) pattern over the root-cause key */
    const char *title;
} as_known_issue;

/* The first known issue whose pattern matches `cause`, or NULL (new). */
const as_known_issue *as_known_issue_for(const char *cause);

const as_known_issue *as_known_issues(int *n);

/* ---- the two-level view ------------------------------------------------ */

typedef struct as_rc_variant {
    const char *name;              /* as_rootcause_variant of its classes */
    const char *relation;
    const char *releases;          /* "0.3.10 – 0.3.14, 0.4.1 – newest" (subject versions) */
    long long hits;
    int n_classes;
    const as_class_row *example;   /* its class with the smallest reproducer */
} as_rc_variant;

typedef struct as_rootcause {
    const char *key;               /* GROUP | MECHANISM (AS_ROOTCAUSE_UNKNOWN for classes stored without one) */
    const char *group, *mechanism;
    const char *releases;          /* "jax.jit 0.3.10 – 0.3.14; jax.pjit 0.4.1 – newest" */
    long long hits;
    int n_classes;
    int n_evidence;                /* metamorphic and version-pair classes among them */
    long long first_run;           /* the earliest run that hit it */
    const as_known_issue *known;   /* NULL: new */
    const as_class_row *reproducer;/* smallest vs-reference reproducer, else the smallest */
    as_rc_variant *variants;       /* most hits first */
    int n_variants;
    const char **families;         /* the families it was seen in */
    int n_families;
} as_rootcause;

#define AS_ROOTCAUSE_UNKNOWN "(unknown: stored without a root cause)"

/* Group `rows` (as_store_classes) by root cause; causes[i] is the root
 * cause stored for rows[i] (NULL when none).  Root causes come most hits
 * first.  Everything lives in `arena`; rows must outlive the result. */
int as_rootcauses_build(as_arena *arena, const as_class_row *rows, const char *const *causes, int n,
                        as_rootcause **out, int *n_out);

/* The index in rc[0..n) of the root cause keyed `cause` (NULL or "": the
 * classes stored without one), or -1. */
int as_rootcause_find(const as_rootcause *rc, int n, const char *cause);

/* The classes of a store (as_store_classes), each with its stored root
 * cause: (*causes)[i] is rows[i]'s, NULL when it has none. */
int as_rootcause_classes(as_store *s, as_arena *arena, as_class_row **rows, const char ***causes, int *n,
                         as_error *err);

/* Read the classes and causes of a store and group them. */
int as_rootcauses_load(as_store *s, as_arena *arena, as_rootcause **out, int *n_out,
                       as_class_row **rows, int *n_rows, as_error *err);

/* The number of parameters of a reproducer's signature (top-level commas
 * + 1 of "(...)"; "()" is 0). */
int as_rootcause_params(const char *signature);

#endif
