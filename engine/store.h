/* store.h — the SQLite store: runs, discrepancy classes, reproducers, stats.
 *
 * One database file (default "argsplit.db") holds everything campaigns,
 * enumerations and nightly fuzzing found.  The schema is described in
 * docs/STORE.md; it is versioned (PRAGMA user_version) and marked as ours
 * (PRAGMA application_id + a `meta` row), so a foreign file is refused.
 *
 * Writing is batched.  The store keeps one write transaction open while a
 * batch is being filled and commits it every `batch_size` findings, on
 * as_store_commit, on every as_store_run_progress, on as_store_run_end and
 * on close.  The database runs in WAL mode with synchronous=NORMAL: a
 * `kill -9` (or power loss) loses at most the batch not yet committed and
 * never corrupts the file.  Committing progress (the resume point) and the
 * findings of the same cases in one transaction keeps a resumed run from
 * losing or double-counting anything.
 *
 * Most adds are a hash lookup of the class key in an in-memory cache plus
 * a hit-count increment; the increments are written when the batch commits.
 * A class new to the file is kept in memory too (with its reproducers and
 * root cause, as as_store_set_shrunk gives them) and written whole by the
 * commit: one insert per table, with its final counts.  Should another
 * writer store the same key first, its row is kept and this batch's hits
 * are added to it (the run's new_classes does not count it).
 *
 * Errors: every function that can fail returns -1 and fills an as_error of
 * type "StoreError" whose message is one line starting with the file name:
 *   "argsplit.db: not an argsplit database"
 *   "argsplit.db: database is locked (another argsplit is writing it?)"
 *   "argsplit.db: file is corrupt: <sqlite message>"
 * Nothing already committed is lost on an error.  Any failed write (e.g. a
 * locked file) discards the batch being filled — rolled back together with
 * its progress — and leaves the file as it was after the previous commit.
 *
 * A store is used from one thread at a time (its own writer thread in
 * background mode aside: see as_store_set_background).  Strings returned in rows live
 * in the arena the caller passes.
 */
#ifndef ARGSPLIT_STORE_H
#define ARGSPLIT_STORE_H

#include "engine/finding.h"
#include "oracle/arena.h"
#include "oracle/error.h"

typedef struct as_store as_store;

#define AS_STORE_DEFAULT_PATH "argsplit.db"

/* The largest count (cases, findings, hits) a row may hold: a stored number
 * outside 0..AS_STORE_MAX_COUNT is reported as a corrupt file. */
#define AS_STORE_MAX_COUNT (1LL << 53)

/* as_store_open flags. */
enum {
    AS_STORE_READONLY = 1u << 0,  /* never create, migrate or write (triage, replay, report) */
    AS_STORE_CHECK    = 1u << 1,  /* readers: also run PRAGMA quick_check (writers always do) */
    AS_STORE_INTEGRITY = 1u << 2  /* run the full PRAGMA integrity_check instead (check-db) */
};

/* Open `path`, creating it (and its schema) unless AS_STORE_READONLY.
 * An existing file must be an argsplit database of this or an older schema
 * version (older ones are migrated in place).  It is first recognised and
 * checked through a read-only handle, so nothing is written to a file that
 * is refused: a missing file when read-only, a non-SQLite or foreign SQLite
 * file, a schema version out of range, a file failing quick_check (writers
 * always, readers with AS_STORE_CHECK; integrity_check with
 * AS_STORE_INTEGRITY), a stored count out of range, and a file another
 * writer holds locked (after a short busy timeout, never a hang).  Readers
 * open with mode=ro, or immutable=1 where the -shm index cannot be made
 * (read-only file or directory) and no -wal file holds commits. */
int  as_store_open(const char *path, unsigned flags, as_store **out, as_error *err);

/* Commit the pending batch and close.  NULL is a no-op.  Returns -1 (with
 * err filled, store still freed) when the last commit failed. */
int  as_store_close(as_store *s, as_error *err);

const char *as_store_path(const as_store *s);

/* Findings per automatic commit (default 4096; minimum 1). */
void as_store_set_batch_size(as_store *s, int n);

/* Commit the pending batch now (no-op when nothing is pending). */
int  as_store_commit(as_store *s, as_error *err);

/* Background mode (on: 1): as_store_run_progress hands its commit to a
 * writer thread and returns at once, so the caller's next batch overlaps
 * the write.  The call first waits for the previous such commit and
 * returns -1 with its error when it failed (its batch, and everything
 * added since, discarded: the file is as after the commit before).  Every
 * other call that reads or writes the file waits for the writer first;
 * adds and as_store_has_class do not.  Turning it off (0) waits and
 * returns the last commit's result. */
int  as_store_set_background(as_store *s, int on, as_error *err);

/* ---- runs ------------------------------------------------------------ */

typedef enum as_run_status {
    AS_RUN_RUNNING = 0,
    AS_RUN_DONE,
    AS_RUN_KILLED          /* stopped early by a signal (a --time budget running out is DONE) */
} as_run_status;

const char *as_run_status_name(as_run_status st);   /* "running", "done", "killed" */

/* What a run is, given at its beginning. */
typedef struct as_run_info {
    const char *engine;        /* "campaign" | "enumerate" | "libfuzzer" | "afl" */
    unsigned long long seed;
    const char *options_json;  /* the run's options as a JSON object text; NULL = "{}" */
    const char *subjects_json; /* JSON array of subject ids; NULL = "[]" */
    const char *versions_json; /* JSON object, e.g. {"argsplit":"0.1.0","python":"3.11"}; NULL = "{}" */
    int shard_index;           /* i of --shard i/n (0-based); 0 when not sharded */
    int shard_count;           /* n of --shard i/n; 1 when not sharded */
} as_run_info;

/* Insert a run (status running) and commit.  *run_id is its id in this file;
 * the run also gets a random uid (32 hex chars) that identifies it across
 * files, so merging the same run twice counts it once.  This store holds
 * the run's owner lock (an F_OFD_SETLK lock on one byte of the file, which
 * the kernel drops when the process dies) until as_store_run_end or close. */
int  as_store_run_begin(as_store *s, const as_run_info *info, long long *run_id, as_error *err);

/* Record progress: cases [0, next_case) of the run's case stream are done;
 * `cases_done` cases and `seconds` of work were added since the previous
 * call.  Commits the pending batch together with this progress, so after a
 * crash the stored resume point matches the stored findings. */
int  as_store_run_progress(as_store *s, long long run_id, long long next_case,
                           long long cases_done, double seconds, as_error *err);

/* Mark the run finished (AS_RUN_DONE or AS_RUN_KILLED), set its end time,
 * and commit.  Progress is not changed: call as_store_run_progress first. */
int  as_store_run_end(as_store *s, long long run_id, as_run_status status, as_error *err);

/* Set a run back to running (a resumed run continues with the same id),
 * taking its owner lock: fails with "run N is still being written by
 * another process" while another store holds it. */
int  as_store_run_reopen(as_store *s, long long run_id, as_error *err);

/* Add per-subject case counts for the run (kept in memory, written with the
 * batch).  Per-subject finding counts are kept by as_store_add_finding. */
int  as_store_count_subject_cases(as_store *s, long long run_id, const char *subject,
                                  long long n, as_error *err);

/* A stored run, as as_store_runs / as_store_resume_info return it. */
typedef struct as_run_row {
    long long id;
    const char *uid;
    const char *engine;
    as_run_status status;
    long long started, ended;      /* unix seconds; ended 0 while running */
    unsigned long long seed;
    const char *options_json, *subjects_json, *versions_json;
    int shard_index, shard_count;
    long long next_case;           /* resume point */
    long long cases, findings, new_classes;
    double seconds;                /* busy time summed over progress calls */
} as_run_row;

/* All runs, oldest first (by start time, then id). */
int  as_store_runs(as_store *s, as_arena *arena, as_run_row **rows, int *n, as_error *err);

/* The most recent run that is not done (status running or killed) of the
 * given engine (NULL = any): *found = 1 and *out filled, or *found = 0.
 * The caller resumes it with as_store_run_reopen and continues at
 * out->next_case with out->seed and out->options_json. */
int  as_store_resume_info(as_store *s, as_arena *arena, const char *engine,
                          as_run_row *out, int *found, as_error *err);

/* ---- findings and classes -------------------------------------------- */

/* Count one finding of run `run_id`.  *is_new (may be NULL) is set to 1 when
 * f->key was not yet in the database (a new discrepancy class: the caller
 * then shrinks the case and stores it with as_store_set_shrunk), 0 when it
 * was (only its hit count grows).  The first finding of a class stores the
 * finding's case as the class's original reproducer.  Required fields:
 * key, subject, relation; NULL text fields are stored as "". */
int  as_store_add_finding(as_store *s, long long run_id, const as_finding *f,
                          int *is_new, as_error *err);

/* The same for `n` findings of one class at once (n >= 1): what a campaign
 * that counted repeated hits in memory hands over per batch. */
int  as_store_add_findings(as_store *s, long long run_id, const as_finding *f, long long n,
                           int *is_new, as_error *err);

/* Bytes of findings held for the next commit: the rows of classes new since
 * the last one are written by the commit (with their final counts), and
 * their texts wait in memory until then. */
size_t as_store_pending_bytes(const as_store *s);

/* Known classes whose hits wait for the next commit: it writes two rows
 * for each (classes, class_runs). */
size_t as_store_pending_rows(const as_store *s);

/* 1 when class `key` is in the database (as this store last read or wrote
 * it), else 0.  Reads memory only: callers may ask from several threads
 * while nothing writes to the store. */
int  as_store_has_class(const as_store *s, const char *key);

/* Store the shrunk reproducer of class `key` (replacing a previous one
 * only when this one is not larger; size = total length of signature, spec
 * and call text).  Fails when the class does not exist. */
int  as_store_set_shrunk(as_store *s, const char *key, const as_finding *shrunk, as_error *err);

/* A stored discrepancy class with its reproducers. */
typedef struct as_class_row {
    long long id;                  /* small integer id in this file (replay accepts it) */
    const char *key, *subject, *other, *relation, *rule;
    long long hit_count;           /* over all runs */
    long long first_run, last_run; /* run ids in this file */
    long long first_seen, last_seen; /* unix seconds */
    long long runs_seen;           /* number of runs that hit it */
    as_finding original;           /* the first case that hit it (key/subject/... filled too) */
    int has_shrunk;
    as_finding shrunk;             /* valid when has_shrunk */
} as_class_row;

/* The reproducer to show: the shrunk one when present, else the original. */
const as_finding *as_class_reproducer(const as_class_row *c);

/* All classes, sorted by subject, then hit count (descending), then key.
 * Pending hit counts are committed first. */
int  as_store_classes(as_store *s, as_arena *arena, as_class_row **rows, int *n, as_error *err);

/* One class by exact key, or by decimal id.  *found = 0 when unknown. */
int  as_store_find_class(as_store *s, as_arena *arena, const char *key_or_id,
                         as_class_row *out, int *found, as_error *err);

/* The root cause stored for each class (as_finding.cause of its first
 * finding), ordered by class id: ids[i] has causes[i].  Classes stored
 * without one are absent. */
int  as_store_class_causes(as_store *s, as_arena *arena, long long **ids, const char ***causes, int *n,
                           as_error *err);

/* Hits of one class in each run (for "first/last run seen" and trends). */
typedef struct as_class_run_row {
    long long class_id, run_id, hits, first_seen, last_seen;
} as_class_run_row;

int  as_store_class_runs(as_store *s, as_arena *arena, as_class_run_row **rows, int *n,
                         as_error *err);

/* ---- statistics -------------------------------------------------------- */

typedef struct as_subject_stat_row {
    long long run_id;
    const char *subject;
    long long cases, findings;
} as_subject_stat_row;

int  as_store_subject_stats(as_store *s, as_arena *arena, as_subject_stat_row **rows, int *n,
                            as_error *err);

/* One fuzzing measurement (nightly, issue 9). */
typedef struct as_fuzz_stat {
    const char *target;            /* fuzz target name, e.g. "fuzz_binder" */
    const char *engine;            /* "libfuzzer" | "afl" */
    double execs_per_sec;
    long long coverage;            /* edges / features covered */
    long long new_classes;
} as_fuzz_stat;

int  as_store_record_fuzz_stat(as_store *s, long long run_id, const as_fuzz_stat *st,
                               as_error *err);

typedef struct as_fuzz_stat_row {
    long long run_id, recorded;    /* recorded: unix seconds */
    as_fuzz_stat stat;
} as_fuzz_stat_row;

int  as_store_fuzz_stats(as_store *s, as_arena *arena, as_fuzz_stat_row **rows, int *n,
                         as_error *err);

/* ---- merge ------------------------------------------------------------- */

typedef struct as_merge_stats {
    int runs_added;        /* runs of src not yet in dst */
    int runs_updated;      /* runs in both, src further along: dst's copy replaced */
    int runs_skipped;      /* runs in both, nothing new */
    int classes_added;     /* class keys new to dst */
} as_merge_stats;

/* Merge the database at src_path into dst (which must be writable).  Runs
 * are identified by uid: a run already in dst is copied again only if src's
 * copy is further along (more cases), replacing dst's copy, so merging the
 * same file twice changes nothing.  Classes are unioned by key; their hit
 * counts are recomputed as the sum over runs, first/last seen as min/max;
 * of two shrunk reproducers the smaller is kept.  One transaction: on
 * error dst is unchanged.  stats may be NULL. */
int  as_store_merge(as_store *dst, const char *src_path, as_merge_stats *stats, as_error *err);

#endif
