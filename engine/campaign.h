/* campaign.h — the fuzzing loop: generate, split, compare, dedupe, shrink,
 * store.
 *
 * The case stream is a pure function of (seed, index): case number k of
 * shard i/n is stream index k*n + i, and as_gen_case_make(seed, index)
 * builds it.  Resuming is starting at the stored next case; shards are
 * disjoint by construction; --jobs J splits each batch of case numbers into
 * J contiguous ranges run by J threads, each with its own arena and its own
 * set of keys already reported, and the main thread merges their findings
 * in case order — so the store sees the same classes (with the same first
 * reproducers) whatever J is.  The round's new classes are then shrunk on
 * J threads (which class gets which budget is decided during the merge,
 * in case order; a shrink's result does not depend on the thread) and
 * stored in case order: tests/campaign_golden_test.sh holds J = 1 and 2 to
 * the same store.  With J > 1 a round's merge, shrinks and commit run while
 * the workers run the next round (each worker fills one of two round
 * outputs; workers ask the store whether it knows a key under a lock the
 * merge takes for each store call), so no core waits for the main thread
 * between rounds.
 *
 * Every case goes to the reference and to the selected subjects of one
 * family (the family is drawn from the stream too; the spec's keywords are
 * that family's).  Checks per case: each subject vs the reference, each
 * pair of adjacent versions of the family, and the metamorphic relations
 * (engine/metamorphic.h) on the reference and every subject — all of them
 * for enumerated cases, one per random case in rotation (index mod 5), since
 * each rewrite costs a case build and a split per subject.  A finding's
 * splits are serialised to JSON only when its key is new to the worker; the
 * first finding of a key new to the store is shrunk (engine/shrink.h) and
 * stored as the class's shrunk reproducer: with the full budget for the
 * first class of each root cause (engine/rootcause.h) this call shrinks —
 * its first vs-reference class, and its first other one —, with a tenth of
 * it for the rest.
 *
 * External subjects (subjects/external.h) are checked against the
 * reference ("vs-reference") and, when as_ext_model_of gives a C model
 * other than the reference, against that model ("model-fidelity", key
 * built by as_compare like any other); a case on which one crashed or timed
 * out is a finding of relation as_ext_failure_relation, keyed
 * SUBJECT|RELATION|decoration-or-call|ERROR-TYPE|as_spec_salient (the
 * reference's verdict has no part in a crash) and stored unshrunk (the case
 * is its reproducer); its other checks are skipped for that case.  They take
 * no part in version pairs or metamorphic relations, and any of them makes
 * the run single-threaded: a driver serves one request stream.
 */
#ifndef ARGSPLIT_CAMPAIGN_H
#define ARGSPLIT_CAMPAIGN_H

#include <signal.h>

#include "engine/enumerate.h"
#include "engine/gen.h"
#include "engine/store.h"
#include "oracle/error.h"
#include "subjects/external.h"
#include "subjects/subject.h"

typedef struct as_campaign_progress {
    long long next_case;     /* first case number not yet done */
    long long cases;         /* cases done by this call */
    long long total;         /* cases this call will do, or -1 (time-bound) */
    long long findings;      /* raw findings (hits) */
    int classes;             /* distinct keys seen by this call */
    int new_classes;         /* keys new to the store (or to this call without a store) */
    int root_causes;         /* distinct root causes seen by this call (engine/rootcause.h) */
    int new_root_causes;     /* root causes new to the store (or to this call without a store) */
    long long skipped;       /* generated cases the pipeline rejected as input (should stay 0) */
    double seconds;
} as_campaign_progress;

typedef void (*as_campaign_progress_fn)(void *ctx, const as_campaign_progress *p);

typedef struct as_campaign_options {
    unsigned long long seed;
    long long start_case;          /* resume point (case number within the shard) */
    long long end_case;            /* stop before this case number; -1 = no bound */
    double time_limit;             /* seconds; 0 = none */
    int shard_index, shard_count;  /* 0, 1 when not sharded */
    int jobs;                      /* worker threads (fuzz only; 1 when a subject is external) */
    int py_minor;
    as_gen_weights weights;
    const as_subject *const *subjects;   /* selected subjects, registry order; reference excluded */
    int n_subjects;
    const as_subject *reference;
    int meta;                      /* run the metamorphic relations */
    int version_pairs;             /* compare adjacent versions of a family */
    int shrink_tries;              /* shrink budget per new class; 0 = no shrinking */
    int batch_cases;               /* cases per worker per batch (0 = adaptive) */
    double commit_max_seconds;     /* the longest wait for a commit (below); 30 by default */
    as_store *store;               /* may be NULL (keys are then only counted) */
    long long run_id;
    as_campaign_progress_fn progress;
    void *progress_ctx;
    const volatile sig_atomic_t *stop;   /* nonzero: finish the case at hand and return */
} as_campaign_options;

/* Defaults: seed 0, one shard, one job, Python 3.11, default weights, meta
 * and version pairs on, 400 shrink tries, a commit at least every 30 s. */
void as_campaign_options_default(as_campaign_options *o);

/* Run cases [start_case, end_case) (or until time_limit / *stop, both
 * checked before every case).  Progress is committed to the store, with
 * the findings of the same cases (as_store_run_progress): every batch when
 * batch_cases is set; else after at least 2 s and at least 32 cases per
 * known class hit since the last commit (each costs a row write), after at
 * most 1,048,576 cases or commit_max_seconds (at the end of the round
 * that passes it; rounds shrink towards 2 s when cases are slow), when
 * 4 MiB of new classes wait; at the end; and on
 * a stop up to the first case not done (later cases' findings are
 * dropped).  So a stopped run resumes exactly where it stopped and a killed
 * one at its last commit.  A stop
 * also cuts shrinking short (the class keeps the case shrunk so far).
 * Returns 0, or -1 on a store error (in *err). */
int as_campaign_fuzz(const as_campaign_options *o, as_campaign_progress *out, as_error *err);

/* The number of cases as_campaign_enumerate will run. */
long long as_campaign_enumerate_count(const as_campaign_options *o, const as_enum_options *eo);

/* Run every enumerated case for each selected family (single-threaded;
 * start_case/end_case bound the enumeration order, so it resumes too). */
int as_campaign_enumerate(const as_campaign_options *o, const as_enum_options *eo,
                          as_campaign_progress *out, as_error *err);

/* Build the subject list from "jax.jit,jax.grad@0.3.10,..." ("all" or NULL
 * = every registered subject but the reference; a family name means all of
 * its versions).  *out is malloc'd (caller frees); -1 with an InputError
 * naming an unknown subject. */
int as_campaign_select_subjects(const char *list, const as_subject ***out, int *n, as_error *err);

/* The same, where a name that is no built-in subject is resolved with
 * as_subject_resolve in `ext` (py:NAME, ext:CMD, a config file NAME):
 * external subjects follow the built-in ones, in list order, and live as
 * long as `ext`.  -1 with the resolver's error when one cannot be had. */
int as_campaign_select_subjects_ext(const char *list, as_ext_set *ext, const as_subject ***out, int *n,
                                    as_error *err);

#endif
