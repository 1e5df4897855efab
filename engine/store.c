/* store.c — see store.h; the schema is documented in docs/STORE.md. */
#define _GNU_SOURCE   /* F_OFD_SETLK */
#include "engine/store.h"
#include "oracle/arena.h"
#include "oracle/fnv.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* 'ASPL': PRAGMA application_id of every argsplit database. */
#define STORE_APP_ID 0x4153504c
#define STORE_MAGIC "argsplit"
enum { STORE_BUSY_MS = 500, STORE_DEFAULT_BATCH = 4096 };

/* Migrations: step i takes user_version i to i + 1.  Append, never edit. */
static const char *const migrations[] = {
    /* 0 -> 1: the initial schema. */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE runs("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  engine TEXT NOT NULL CHECK(engine IN ('campaign','enumerate','libfuzzer','afl')),"
    "  status TEXT NOT NULL DEFAULT 'running' CHECK(status IN ('running','done','killed')),"
    "  started INTEGER NOT NULL,"
    "  ended INTEGER,"
    "  seed INTEGER NOT NULL,"
    "  options TEXT NOT NULL DEFAULT '{}',"
    "  subjects TEXT NOT NULL DEFAULT '[]',"
    "  versions TEXT NOT NULL DEFAULT '{}',"
    "  shard_index INTEGER NOT NULL DEFAULT 0,"
    "  shard_count INTEGER NOT NULL DEFAULT 1,"
    "  next_case INTEGER NOT NULL DEFAULT 0,"
    "  cases INTEGER NOT NULL DEFAULT 0,"
    "  findings INTEGER NOT NULL DEFAULT 0,"
    "  new_classes INTEGER NOT NULL DEFAULT 0,"
    "  seconds REAL NOT NULL DEFAULT 0);"
    "CREATE TABLE classes("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  subject TEXT NOT NULL,"
    "  other TEXT NOT NULL DEFAULT '',"
    "  relation TEXT NOT NULL,"
    "  rule TEXT NOT NULL DEFAULT '',"
    "  first_run INTEGER,"
    "  last_run INTEGER,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  hit_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX classes_subject ON classes(subject, hit_count);"
    "CREATE TABLE class_runs("
    "  class_id INTEGER NOT NULL,"
    "  run_id INTEGER NOT NULL,"
    "  hits INTEGER NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  PRIMARY KEY(class_id, run_id)) WITHOUT ROWID;"
    "CREATE INDEX class_runs_run ON class_runs(run_id);"
    "CREATE TABLE reproducers("
    "  class_id INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind IN ('original','shrunk')),"
    "  signature TEXT NOT NULL,"
    "  spec_json TEXT NOT NULL,"
    "  call TEXT NOT NULL,"
    "  observed_json TEXT NOT NULL,"
    "  expected_json TEXT NOT NULL,"
    "  py_minor INTEGER NOT NULL,"
    "  other TEXT NOT NULL DEFAULT '',"
    "  size INTEGER NOT NULL,"
    "  PRIMARY KEY(class_id, kind)) WITHOUT ROWID;"
    "CREATE TABLE subject_stats("
    "  run_id INTEGER NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  cases INTEGER NOT NULL DEFAULT 0,"
    "  findings INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(run_id, subject)) WITHOUT ROWID;"
    "CREATE TABLE fuzz_stats("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL,"
    "  target TEXT NOT NULL,"
    "  engine TEXT NOT NULL,"
    "  recorded INTEGER NOT NULL,"
    "  execs_per_sec REAL NOT NULL,"
    "  coverage INTEGER NOT NULL,"
    "  new_classes INTEGER NOT NULL);"
    "INSERT INTO meta(key, value) VALUES('magic', 'argsplit');",
    /* 1 -> 2: the root cause of each class (issue 15). */
    "CREATE TABLE class_causes("
    "  class_id INTEGER PRIMARY KEY,"
    "  cause TEXT NOT NULL);",
};
enum { STORE_SCHEMA_VERSION = (int)(sizeof migrations / sizeof *migrations) };

/* The shrunk case replaces the stored one only when it is smaller, ties
 * broken by text so merges in any order keep the same one. */
#define SHRUNK_UPSERT_TAIL                                                              \
    " ON CONFLICT(class_id, kind) DO UPDATE SET signature = excluded.signature,"        \
    " spec_json = excluded.spec_json, call = excluded.call,"                            \
    " observed_json = excluded.observed_json, expected_json = excluded.expected_json,"  \
    " py_minor = excluded.py_minor, other = excluded.other, size = excluded.size"       \
    " WHERE excluded.size < reproducers.size OR (excluded.size = reproducers.size AND"  \
    " excluded.signature || excluded.spec_json || excluded.call <"                      \
    " reproducers.signature || reproducers.spec_json || reproducers.call)"

/* Statements used on the hot path, prepared once and cached. */
enum {
    ST_CLASS_ID,
    ST_REPRO_INSERT,
    ST_CLASS_HIT,
    ST_CLASSRUN_ADD,
    ST_SUBJ_ADD,
    ST_RUN_COUNTS,
    ST_RUN_PROGRESS,
    ST_CAUSE_INSERT,
    ST_SHRUNK_UPSERT,
    ST_CLASS_INSERT,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_CLASS_ID] = "SELECT id FROM classes WHERE key = ?1",
    [ST_REPRO_INSERT] =
        "INSERT OR IGNORE INTO reproducers(class_id, kind, signature, spec_json, call,"
        " observed_json, expected_json, py_minor, other, size)"
        " VALUES(?1, 'original', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_CLASS_HIT] =
        "UPDATE classes SET hit_count = hit_count + ?2, last_run = ?3, last_seen = ?4"
        " WHERE id = ?1",
    [ST_CLASSRUN_ADD] =
        "INSERT INTO class_runs(class_id, run_id, hits, first_seen, last_seen)"
        " VALUES(?1, ?2, ?3, ?4, ?4) ON CONFLICT(class_id, run_id) DO UPDATE"
        " SET hits = hits + excluded.hits, last_seen = excluded.last_seen",
    [ST_SUBJ_ADD] =
        "INSERT INTO subject_stats(run_id, subject, cases, findings) VALUES(?1, ?2, ?3, ?4)"
        " ON CONFLICT(run_id, subject) DO UPDATE"
        " SET cases = cases + excluded.cases, findings = findings + excluded.findings",
    [ST_RUN_COUNTS] =
        "UPDATE runs SET findings = findings + ?2, new_classes = new_classes + ?3 WHERE id = ?1",
    [ST_RUN_PROGRESS] =
        "UPDATE runs SET next_case = ?2, cases = cases + ?3, seconds = seconds + ?4 WHERE id = ?1",
    [ST_CAUSE_INSERT] = "INSERT OR IGNORE INTO class_causes(class_id, cause) VALUES(?1, ?2)",
    [ST_SHRUNK_UPSERT] =
        "INSERT INTO reproducers(class_id, kind, signature, spec_json, call,"
        " observed_json, expected_json, py_minor, other, size)"
        " VALUES(?1, 'shrunk', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" SHRUNK_UPSERT_TAIL,
    [ST_CLASS_INSERT] =
        "INSERT INTO classes(key, subject, other, relation, rule, first_run, last_run,"
        " first_seen, last_seen, hit_count) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?7, ?8)"
        " ON CONFLICT(key) DO NOTHING",
};

/* A known class key and the hits not yet written for the pending run. */
typedef struct class_entry {
    const char *key;
    uint64_t hash;
    long long id;                 /* < 0 while the class waits in a batch: fresh_ref */
    long long pending_hits;
} class_entry;

/* A class first found since the last commit: its rows are written by the
 * commit, each with its final counts (one insert per table instead of an
 * insert now and updates later).  Strings in the store's fresh arena. */
typedef struct fresh_class {
    size_t entry;                 /* index into classes */
    as_finding f;                 /* the first finding: the original reproducer and the cause */
    int has_shrunk;
    as_finding shrunk;
    long long hits;               /* taken from the entry when the batch is built */
    long long id;                 /* set by the write */
} fresh_class;

typedef struct hit_delta {
    long long id, hits;
} hit_delta;

typedef struct subject_delta {
    const char *subject;          /* in the store's arena */
    long long cases, findings;
} subject_delta;

/* What one commit writes.  The pending deltas are moved into it on the
 * store's thread (batch_take); it is then written there or, for progress
 * commits in background mode, on a writer thread (batch_write) while the
 * caller goes on filling the other batch.  The writer touches nothing but
 * its batch and the SQLite handle, and every other call that uses the
 * handle waits for it first (store_sync). */
typedef struct wbatch {
    fresh_class *fresh;           /* classes new since the last commit, in the order found */
    size_t n_fresh, cap_fresh;
    as_arena arena;               /* their strings */
    size_t fresh_bytes;
    long long run;                /* the run the deltas belong to; 0 = none */
    hit_delta *upd;               /* known classes' hits, by id */
    size_t n_upd, cap_upd;
    subject_delta *subj;
    size_t n_subj, cap_subj;
    long long findings, new_classes;
    int has_progress;
    long long progress_run, next_case, cases_done;
    double seconds;
    int commit;                   /* end with COMMIT (else leave the transaction open) */
    int rc;                       /* the write's result, its error in err */
    as_error err;
} wbatch;

typedef struct subject_entry {
    const char *subject;
    uint64_t hash;
    long long cases, findings;    /* pending deltas */
} subject_entry;

struct as_store {
    sqlite3 *db;
    const char *path;
    unsigned flags;
    as_arena arena;               /* path, cached keys and subject names */
    sqlite3_stmt *stmt[ST_COUNT];
    int in_tx;
    int batch_size, pending_adds;

    class_entry *classes;         /* dense, malloc'd */
    size_t n_classes, cap_classes;
    size_t *slots;                /* open addressing: index + 1 into classes, 0 = empty */
    size_t n_slots;
    size_t *dirty;                /* indexes of classes with pending hits */
    size_t n_dirty, cap_dirty;
    wbatch batch[2];              /* batch[fill] takes new classes; the other may be being written */
    int fill;
    int background;               /* progress commits on a writer thread */
    int busy;                     /* batch[!fill] is being written by `writer` */
    pthread_t writer;

    subject_entry *subjects;
    size_t n_subjects, cap_subjects;
    size_t *subject_slots;        /* open addressing: index + 1 into subjects, 0 = empty */
    size_t n_subject_slots;

    int lock_fd;                  /* holds the owner lock of the run being written; -1 */
    long long locked_run;
    long long pending_run;        /* run the pending deltas belong to; 0 = none */
    long long pending_findings, pending_new;
};

/* ---- errors ------------------------------------------------------------ */

static int store_vfail(as_error *err, const char *path, const char *fmt, va_list ap)
{
    char msg[AS_MESSAGE_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return as_fail(err, "StoreError", AS_PHASE_NONE, AS_CAT_NONE, 0, "%s: %s", path, msg);
}

static int store_fail(as_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int store_fail(as_error *err, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    store_vfail(err, path, fmt, ap);
    va_end(ap);
    return -1;
}

/* Map an SQLite result code to one of the documented one-line errors. */
static int db_fail(const as_store *s, int rc, const char *what, as_error *err)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        return store_fail(err, s->path, "not an argsplit database");
    case SQLITE_CORRUPT:
        return store_fail(err, s->path, "file is corrupt: %s", sqlite3_errmsg(s->db));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return store_fail(err, s->path, "database is locked (another argsplit is writing it?)");
    case SQLITE_READONLY:
        return store_fail(err, s->path, "file is read-only");
    case SQLITE_FULL:
        return store_fail(err, s->path, "disk is full");
    case SQLITE_CANTOPEN:
        return store_fail(err, s->path, "cannot open: %s", sqlite3_errmsg(s->db));
    default:
        return store_fail(err, s->path, "%s: %s", what, sqlite3_errmsg(s->db));
    }
}

static int exec_sql(as_store *s, const char *sql, as_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : db_fail(s, rc, "sql", err);
}

static int prepare(as_store *s, const char *sql, sqlite3_stmt **out, as_error *err)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? 0 : db_fail(s, rc, "prepare", err);
}

/* A cached statement, reset and ready to bind.  Every use binds every
 * parameter, so the old values need no clearing. */
static sqlite3_stmt *cached(as_store *s, int which, as_error *err)
{
    if (!s->stmt[which] && prepare(s, stmt_sql[which], &s->stmt[which], err) < 0)
        return NULL;
    sqlite3_reset(s->stmt[which]);
    return s->stmt[which];
}

/* Step a statement that returns no rows (or whose rows are ignored). */
static int step_done(as_store *s, sqlite3_stmt *st, const char *what, as_error *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, what, err);
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_TRANSIENT);
}

/* The same without SQLite's copy, for texts that outlive the statement's
 * step (the commit's batch, the store's arena, the caller's finding): the
 * copies of a new class's ~2 KB of texts were a tenth of its write.  The
 * statement is bound again before its next step. */
static void bind_kept(sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_STATIC);
}

static char *col_text(as_arena *a, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return as_arena_strdup(a, t ? (const char *)t : "");
}

/* ---- the class cache ------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
    return as_hash_str(0, s);
}

/* The store's tables, like the arena, have no recovery from running out of memory. */
_Noreturn static void out_of_memory(void)
{
    fputs("argsplit: out of memory\n", stderr);
    abort();
}

static void cache_rehash(as_store *s, size_t n_slots)
{
    free(s->slots);
    s->slots = calloc(n_slots, sizeof *s->slots);
    if (!s->slots)
        out_of_memory();
    s->n_slots = n_slots;
    for (size_t i = 0; i < s->n_classes; i++) {
        size_t j = s->classes[i].hash & (n_slots - 1);
        while (s->slots[j])
            j = (j + 1) & (n_slots - 1);
        s->slots[j] = i + 1;
    }
}

static class_entry *cache_find(const as_store *s, const char *key, uint64_t h)
{
    if (!s->n_slots)
        return NULL;
    for (size_t j = h & (s->n_slots - 1); s->slots[j]; j = (j + 1) & (s->n_slots - 1)) {
        class_entry *e = &s->classes[s->slots[j] - 1];
        if (e->hash == h && strcmp(e->key, key) == 0)
            return e;
    }
    return NULL;
}

static class_entry *cache_add(as_store *s, const char *key, uint64_t h, long long id)
{
    if (as_grow(&s->classes, &s->cap_classes, s->n_classes + 1, sizeof *s->classes, 64))
        out_of_memory();
    class_entry *e = &s->classes[s->n_classes++];
    e->key = as_arena_strdup(&s->arena, key);
    e->hash = h;
    e->id = id;
    e->pending_hits = 0;
    if (2 * s->n_classes > s->n_slots)
        cache_rehash(s, s->n_slots ? 2 * s->n_slots : 128);
    else {
        size_t j = h & (s->n_slots - 1);
        while (s->slots[j])
            j = (j + 1) & (s->n_slots - 1);
        s->slots[j] = s->n_classes;
    }
    return e;
}

static void batch_reset(wbatch *b)
{
    b->n_fresh = b->fresh_bytes = 0;
    as_arena_reset(&b->arena);
    b->run = 0;
    b->n_upd = b->n_subj = 0;
    b->findings = b->new_classes = 0;
    b->has_progress = 0;
    b->rc = 0;
}

/* fresh_class i of batch[slot], as a class_entry id (< 0). */
static long long fresh_ref(int slot, size_t i)
{
    return -1 - (long long)(2 * i + (size_t)slot);
}

static void pending_clear(as_store *s)
{
    for (size_t i = 0; i < s->n_dirty; i++)
        s->classes[s->dirty[i]].pending_hits = 0;
    s->n_dirty = 0;
    batch_reset(&s->batch[s->fill]);
    for (size_t i = 0; i < s->n_subjects; i++)
        s->subjects[i].cases = s->subjects[i].findings = 0;
    s->pending_run = 0;
    s->pending_findings = s->pending_new = 0;
    s->pending_adds = 0;
}

/* (Re)load every class key from the file. */
static int cache_load(as_store *s, as_error *err)
{
    s->n_classes = 0;
    s->n_dirty = 0;
    if (s->n_slots)
        memset(s->slots, 0, s->n_slots * sizeof *s->slots);
    sqlite3_stmt *st;
    if (prepare(s, "SELECT id, key FROM classes", &st, err) < 0)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 1);
        cache_add(s, key ? key : "", hash_str(key ? key : ""), sqlite3_column_int64(st, 0));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, "loading classes", err);
}

/* Every finding and every subject's case count lands here: a hash lookup,
 * not a scan of the run's subjects. */
static subject_entry *subject_pending(as_store *s, const char *subject)
{
    uint64_t h = hash_str(subject);
    size_t mask = s->n_subject_slots - 1;
    if (s->n_subject_slots)
        for (size_t j = h & mask; s->subject_slots[j]; j = (j + 1) & mask) {
            subject_entry *e = &s->subjects[s->subject_slots[j] - 1];
            if (e->hash == h && strcmp(e->subject, subject) == 0)
                return e;
        }
    if (as_grow(&s->subjects, &s->cap_subjects, s->n_subjects + 1, sizeof *s->subjects, 32))
        out_of_memory();
    subject_entry *e = &s->subjects[s->n_subjects++];
    e->subject = as_arena_strdup(&s->arena, subject);
    e->hash = h;
    e->cases = e->findings = 0;
    size_t from = s->n_subjects - 1;        /* only the new entry goes in */
    if (2 * s->n_subjects > s->n_subject_slots) {
        free(s->subject_slots);
        s->n_subject_slots = s->n_subject_slots ? 2 * s->n_subject_slots : 64;
        s->subject_slots = calloc(s->n_subject_slots, sizeof *s->subject_slots);
        if (!s->subject_slots)
            out_of_memory();
        from = 0;                           /* a new table: all of them */
    }
    mask = s->n_subject_slots - 1;
    for (size_t i = from; i < s->n_subjects; i++) {
        size_t j = s->subjects[i].hash & mask;
        while (s->subject_slots[j])
            j = (j + 1) & mask;
        s->subject_slots[j] = i + 1;
    }
    return e;
}

/* ---- transactions ------------------------------------------------------ */

static int writable(as_store *s, as_error *err)
{
    if (s->flags & AS_STORE_READONLY)
        return store_fail(err, s->path, "opened read-only");
    return 0;
}

static int tx_begin(as_store *s, as_error *err)
{
    if (s->in_tx)
        return 0;
    if (exec_sql(s, "BEGIN IMMEDIATE", err) < 0)
        return -1;
    s->in_tx = 1;
    return 0;
}

static int delta_by_id(const void *x, const void *y)
{
    long long a = ((const hit_delta *)x)->id, b = ((const hit_delta *)y)->id;
    return (a > b) - (a < b);
}

/* Move the pending deltas into batch[fill] (its fresh classes are there
 * already) and clear them. */
static void batch_take(as_store *s, wbatch *b)
{
    b->run = s->pending_run;
    for (size_t i = 0; i < b->n_fresh; i++) {
        class_entry *e = &s->classes[b->fresh[i].entry];
        b->fresh[i].hits = e->pending_hits;
        e->pending_hits = 0;
    }
    for (size_t i = 0; i < s->n_dirty; i++) {
        class_entry *e = &s->classes[s->dirty[i]];
        if (!e->pending_hits)      /* a fresh class: written whole */
            continue;
        if (as_grow(&b->upd, &b->cap_upd, b->n_upd + 1, sizeof *b->upd, 64))
            out_of_memory();
        b->upd[b->n_upd++] = (hit_delta){e->id, e->pending_hits};
        e->pending_hits = 0;
    }
    s->n_dirty = 0;
    /* in class id order: the updates then walk the B-trees' pages in order */
    if (b->n_upd > 1)
        qsort(b->upd, b->n_upd, sizeof *b->upd, delta_by_id);
    for (size_t i = 0; i < s->n_subjects; i++) {
        subject_entry *e = &s->subjects[i];
        if (!e->cases && !e->findings)
            continue;
        if (as_grow(&b->subj, &b->cap_subj, b->n_subj + 1, sizeof *b->subj, 64))
            out_of_memory();
        b->subj[b->n_subj++] = (subject_delta){e->subject, e->cases, e->findings};
        e->cases = e->findings = 0;
    }
    b->findings = s->pending_findings;
    b->new_classes = s->pending_new;
    s->pending_run = 0;
    s->pending_findings = s->pending_new = 0;
}

static int fresh_write(as_store *s, wbatch *b, fresh_class *fc, long long now, as_error *err);
static int hits_write(as_store *s, long long id, long long hits, long long run, long long now, as_error *err);

/* Write a batch: its progress, new classes, hits and counts, in the open
 * transaction (begun if need be), then COMMIT when b->commit.  Uses the
 * SQLite handle and the batch only: safe on the writer thread.  On failure
 * the transaction is rolled back. */
static int batch_write(as_store *s, wbatch *b, as_error *err)
{
    long long now = (long long)time(NULL), run = b->run;
    sqlite3_stmt *st;
    if (tx_begin(s, err) < 0)
        goto fail;
    if (b->has_progress) {
        if (!(st = cached(s, ST_RUN_PROGRESS, err)))
            goto fail;
        sqlite3_bind_int64(st, 1, b->progress_run);
        sqlite3_bind_int64(st, 2, b->next_case);
        sqlite3_bind_int64(st, 3, b->cases_done);
        sqlite3_bind_double(st, 4, b->seconds);
        if (step_done(s, st, "recording progress", err) < 0)
            goto fail;
        if (sqlite3_changes(s->db) != 1) {
            store_fail(err, s->path, "no run with id %lld", b->progress_run);
            goto fail;
        }
    }
    for (size_t i = 0; i < b->n_fresh && run; i++)
        if (fresh_write(s, b, &b->fresh[i], now, err) < 0)
            goto fail;
    for (size_t i = 0; i < b->n_upd; i++)
        if (hits_write(s, b->upd[i].id, b->upd[i].hits, run, now, err) < 0)
            goto fail;
    for (size_t i = 0; i < b->n_subj; i++) {
        if (!(st = cached(s, ST_SUBJ_ADD, err)))
            goto fail;
        sqlite3_bind_int64(st, 1, run);
        bind_kept(st, 2, b->subj[i].subject);
        sqlite3_bind_int64(st, 3, b->subj[i].cases);
        sqlite3_bind_int64(st, 4, b->subj[i].findings);
        if (step_done(s, st, "updating subject stats", err) < 0)
            goto fail;
    }
    if (run && (b->findings || b->new_classes)) {
        if (!(st = cached(s, ST_RUN_COUNTS, err)))
            goto fail;
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_int64(st, 2, b->findings);
        sqlite3_bind_int64(st, 3, b->new_classes);
        if (step_done(s, st, "updating run counts", err) < 0)
            goto fail;
    }
    if (b->commit) {
        if (exec_sql(s, "COMMIT", err) < 0)
            goto fail;
        s->in_tx = 0;
    }
    return 0;
fail:
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    return -1;
}

/* After a batch was written (on the store's thread): its new classes get
 * their ids; a failed batch also discards everything pending since (it was
 * built on the failed one) and reloads the cache from the file. */
static void batch_done(as_store *s, wbatch *b, int rc)
{
    if (rc == 0)
        for (size_t i = 0; i < b->n_fresh; i++)
            s->classes[b->fresh[i].entry].id = b->fresh[i].id;
    batch_reset(b);
    if (rc < 0) {
        pending_clear(s);
        cache_load(s, NULL);
    }
}

static void *writer_run(void *arg)
{
    as_store *s = arg;
    wbatch *b = &s->batch[!s->fill];
    b->rc = batch_write(s, b, &b->err);
    return NULL;
}

/* Wait for the writer thread; -1 with its error when its batch failed. */
static int store_sync(as_store *s, as_error *err)
{
    if (!s->busy)
        return 0;
    pthread_join(s->writer, NULL);
    s->busy = 0;
    wbatch *b = &s->batch[!s->fill];
    int rc = b->rc;
    if (rc < 0 && err)
        *err = b->err;
    batch_done(s, b, rc);
    return rc;
}

/* Write the pending deltas, in the open transaction (progress, when given,
 * first), and commit when `commit`.  With `bg` the write goes to the writer
 * thread and this returns at once.  On failure everything pending is
 * discarded (see batch_done). */
static int pending_flush(as_store *s, int commit, int bg, const wbatch *progress, as_error *err)
{
    if (store_sync(s, err) < 0)
        return -1;
    wbatch *b = &s->batch[s->fill];
    batch_take(s, b);
    b->commit = commit;
    if (progress) {
        b->has_progress = 1;
        b->progress_run = progress->progress_run;
        b->next_case = progress->next_case;
        b->cases_done = progress->cases_done;
        b->seconds = progress->seconds;
    }
    if (bg) {
        s->fill = !s->fill;
        if (pthread_create(&s->writer, NULL, writer_run, s) == 0) {
            s->busy = 1;
            return 0;
        }
        s->fill = !s->fill;   /* no thread: write it here */
    }
    int rc = batch_write(s, b, err);
    batch_done(s, b, rc);
    return rc;
}

/* Undo the open transaction; the in-memory cache may name classes that were
 * rolled back, so it is reloaded. */
static void tx_rollback(as_store *s)
{
    store_sync(s, NULL);
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    pending_clear(s);
    cache_load(s, NULL);
}

int as_store_commit(as_store *s, as_error *err)
{
    if (store_sync(s, err) < 0)
        return -1;
    if (!s->in_tx && !s->pending_run)
        return 0;
    if (pending_flush(s, 1, 0, NULL, err) < 0)
        return -1;
    s->pending_adds = 0;
    return 0;
}

int as_store_set_background(as_store *s, int on, as_error *err)
{
    int rc = on ? 0 : store_sync(s, err);
    s->background = on != 0;
    return rc;
}

/* Switch the pending deltas to another run (rare: one run at a time). */
static int pending_for_run(as_store *s, long long run_id, as_error *err)
{
    if (s->pending_run && s->pending_run != run_id) {
        int adds = s->pending_adds;
        if (pending_flush(s, 0, 0, NULL, err) < 0)
            return -1;
        s->pending_adds = adds;
    }
    s->pending_run = run_id;
    return 0;
}

/* ---- open / close ------------------------------------------------------ */

static long long pragma_int(as_store *s, const char *sql, int *rc_out)
{
    sqlite3_stmt *st = NULL;
    long long v = 0;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    *rc_out = rc;
    return v;
}

/* PRAGMA quick_check or integrity_check: the first problem, as one line. */
static int check_pages(as_store *s, int full, as_error *err)
{
    sqlite3_stmt *st;
    if (prepare(s, full ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)", &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(s, rc, full ? "integrity_check" : "quick_check", err);
    }
    const char *r = (const char *)sqlite3_column_text(st, 0);
    int ok = r && strcmp(r, "ok") == 0;
    if (!ok) {
        /* the first problem, skipping the "*** in database main ***" heading */
        const char *p = r ? r : "check failed";
        if (strncmp(p, "***", 3) == 0 && strchr(p, '\n'))
            p = strchr(p, '\n') + 1;
        char line[200];
        snprintf(line, sizeof line, "%s", p);
        line[strcspn(line, "\n")] = '\0';
        store_fail(err, s->path, "file is corrupt: %s", line);
    }
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

/* Recognise the file as ours (or as empty) without writing anything; sets
 * *version (0 for an empty file). */
static int check_identity(as_store *s, int allow_fresh, long long *version_out, as_error *err)
{
    int rc;
    long long app_id = pragma_int(s, "PRAGMA application_id", &rc);
    if (rc != SQLITE_OK)
        return db_fail(s, rc, "reading the header", err);
    long long version = pragma_int(s, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK)
        return db_fail(s, rc, "reading the header", err);
    long long n_tables = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &rc);
    if (rc != SQLITE_OK)
        return db_fail(s, rc, "reading the schema", err);

    int fresh = app_id == 0 && version == 0 && n_tables == 0;
    if (!fresh && app_id != STORE_APP_ID)
        return store_fail(err, s->path, "not an argsplit database");
    if (fresh && !allow_fresh)
        return store_fail(err, s->path, "not an argsplit database (empty file)");
    if (version < 0 || (!fresh && version == 0))
        return store_fail(err, s->path, "file is corrupt: schema version %lld", version);
    if (version > STORE_SCHEMA_VERSION)
        return store_fail(err, s->path,
                          "schema version %lld is newer than this argsplit supports (%d)",
                          version, STORE_SCHEMA_VERSION);
    if (!fresh) {
        sqlite3_stmt *st;
        if (prepare(s, "SELECT value FROM meta WHERE key = 'magic'", &st, err) < 0)
            return store_fail(err, s->path, "not an argsplit database");
        rc = sqlite3_step(st);
        int ok = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
                 strcmp((const char *)sqlite3_column_text(st, 0), STORE_MAGIC) == 0;
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return db_fail(s, rc, "reading meta", err);
        if (!ok)
            return store_fail(err, s->path, "not an argsplit database");
    }
    *version_out = version;
    return 0;
}

/* Every stored count in range (the same bounds the row readers check):
 * a forged or damaged number is refused at open, before a command adds to
 * it, loops over it or sizes anything by it. */
static int check_ranges(as_store *s, as_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM runs WHERE NOT (next_case BETWEEN 0 AND %lld AND cases BETWEEN 0"
             " AND %lld AND findings BETWEEN 0 AND %lld AND new_classes BETWEEN 0 AND %lld AND shard_count"
             " BETWEEN 1 AND 1000000 AND shard_index >= 0 AND shard_index < shard_count AND seconds >= 0"
             " AND seconds < 1e12 AND started >= 0 AND coalesce(ended, 0) >= 0))"
             " + (SELECT count(*) FROM classes WHERE NOT hit_count BETWEEN 0 AND %lld)"
             " + (SELECT count(*) FROM class_runs WHERE NOT hits BETWEEN 0 AND %lld)"
             " + (SELECT count(*) FROM subject_stats WHERE NOT (cases BETWEEN 0 AND %lld AND findings"
             " BETWEEN 0 AND %lld))"
             " + (SELECT count(*) FROM reproducers WHERE NOT py_minor BETWEEN 0 AND 99)",
             AS_STORE_MAX_COUNT, AS_STORE_MAX_COUNT, AS_STORE_MAX_COUNT, AS_STORE_MAX_COUNT,
             AS_STORE_MAX_COUNT, AS_STORE_MAX_COUNT, AS_STORE_MAX_COUNT, AS_STORE_MAX_COUNT);
    int rc;
    long long bad = pragma_int(s, sql, &rc);
    if (rc != SQLITE_OK)
        return db_fail(s, rc, "checking stored numbers", err);
    return bad ? store_fail(err, s->path, "file is corrupt: a stored number is out of range") : 0;
}

/* Bring a writable file to the current schema. */
static int migrate(as_store *s, long long version, as_error *err)
{
    if (version == STORE_SCHEMA_VERSION)
        return 0;
    /* Migrate under the write lock; re-read the version once we hold it in
     * case another process migrated meanwhile. */
    int rc;
    if (tx_begin(s, err) < 0)
        return -1;
    version = pragma_int(s, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK) {
        db_fail(s, rc, "reading the header", err);
        goto fail;
    }
    if (version < 0 || version > STORE_SCHEMA_VERSION) {
        store_fail(err, s->path, "file is corrupt: schema version %lld", version);
        goto fail;
    }
    for (long long v = version; v < STORE_SCHEMA_VERSION; v++)
        if (exec_sql(s, migrations[v], err) < 0)
            goto fail;
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             STORE_APP_ID, STORE_SCHEMA_VERSION);
    if (exec_sql(s, sql, err) < 0 || exec_sql(s, "COMMIT", err) < 0)
        goto fail;
    s->in_tx = 0;
    return 0;
fail:
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    return -1;
}

static void store_free(as_store *s)
{
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd);            /* after sqlite3_close: see run_lock */
    free(s->classes);
    free(s->slots);
    free(s->dirty);
    if (s->busy)
        pthread_join(s->writer, NULL);
    for (int i = 0; i < 2; i++) {
        free(s->batch[i].fresh);
        free(s->batch[i].upd);
        free(s->batch[i].subj);
        as_arena_free(&s->batch[i].arena);
    }
    free(s->subjects);
    free(s->subject_slots);
    as_arena arena = s->arena;
    as_arena_free(&arena);          /* s itself lives in its arena */
}

/* "file:" URI of `path` with `query` ("mode=ro"): %, ? and # escaped. */
static char *file_uri(as_arena *a, const char *path, const char *query)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, path[0] == '/' ? "file://" : "file:");   /* "file:///abs": empty authority */
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            as_buf_printf(&b, "%%%02X", (unsigned char)*p);
        else
            as_buf_printf(&b, "%c", *p);
    }
    as_buf_printf(&b, "?%s", query);
    return as_buf_str(&b);
}

static int wal_has_content(const char *path)
{
    char wal[4096];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", path);
    return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* Open the handle that only reads.  A WAL reader needs the -shm index;
 * where it cannot be created (read-only directory or file) a file without
 * pending WAL content is opened immutable. */
static int open_reader(as_store *s, as_error *err)
{
    int rc = sqlite3_open_v2(file_uri(&s->arena, s->path, "mode=ro"), &s->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(s->db, 0);
        sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
        pragma_int(s, "SELECT count(*) FROM sqlite_schema", &rc);
        if (rc == SQLITE_OK || (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY))
            return 0;         /* other errors are reported by the checks that follow */
    }
    sqlite3_close(s->db);
    s->db = NULL;
    if (wal_has_content(s->path))
        return store_fail(err, s->path,
                          "cannot read: its -wal file holds commits and the directory is read-only");
    rc = sqlite3_open_v2(file_uri(&s->arena, s->path, "mode=ro&immutable=1"), &s->db,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return db_fail(s, rc, "open", err);
    sqlite3_extended_result_codes(s->db, 0);
    return 0;
}

static int open_writer(as_store *s, as_error *err)
{
    int rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return db_fail(s, rc, "open", err);
    sqlite3_extended_result_codes(s->db, 0);
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    /* WAL: readers never block the writer and a crash mid-commit leaves
     * the last committed state.  synchronous=NORMAL in WAL mode syncs at
     * checkpoints only: a process kill loses nothing committed, a power
     * loss may lose the last commits but never corrupts. */
    /* 8 KiB pages for a new file (an existing one keeps its size): a
     * reproducers row (~0.8 KB of texts) overflowed 4 KiB index pages,
     * whose overflow pages and splits left 45% of the table's pages empty;
     * with 8 KiB, 10%: seed 20261125 x 100k cases, 40.1 -> 26.7 MB file,
     * 107 -> 74 MB written and 107 -> 55 MB read by the run */
    if (exec_sql(s, "PRAGMA page_size = 8192", err) < 0)
        return -1;
    sqlite3_stmt *st;
    if (prepare(s, "PRAGMA journal_mode = WAL", &st, err) < 0)
        return -1;
    rc = sqlite3_step(st);
    int wal = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
              strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_fail(s, rc, "setting WAL mode", err);
    if (!wal)
        return store_fail(err, s->path, "cannot switch to WAL mode");
    /* 8 MiB of page cache (2 MiB by default): a commit rewrites every
     * class hit since the last one, and a store of 10k+ classes with their
     * per-run rows no longer fits in 2 MiB, so each commit read pages back;
     * 16 MiB was no faster (1M cases: 10.71 vs 10.82 CPU-s fresh, 8.57 vs
     * 8.74 steady) and held 12 MiB more (51.1 vs 39.3 MiB peak) */
    return exec_sql(s, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192", err);
}

int as_store_open(const char *path, unsigned flags, as_store **out, as_error *err)
{
    *out = NULL;
    if (!path || !*path)
        path = AS_STORE_DEFAULT_PATH;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && (flags & AS_STORE_READONLY))
        return store_fail(err, path, "no such file");
    if (exists && !S_ISREG(sb.st_mode))
        return store_fail(err, path, "not a regular file");

    as_arena arena;
    as_arena_init(&arena);
    as_store *s = as_arena_alloc(&arena, sizeof *s);
    s->arena = arena;
    s->path = as_arena_strdup(&s->arena, path);
    s->flags = flags;
    s->batch_size = STORE_DEFAULT_BATCH;
    s->lock_fd = -1;
    as_arena_init(&s->batch[0].arena);
    as_arena_init(&s->batch[1].arena);

    /* Every existing file is first recognised and checked through a handle
     * that cannot write: a foreign or corrupt file is refused untouched
     * (not even switched to WAL).  Writers then reopen it read-write. */
    int readonly = (flags & AS_STORE_READONLY) != 0;
    long long version = 0;
    if (exists && sb.st_size > 0) {
        if (open_reader(s, err) < 0 || check_identity(s, !readonly, &version, err) < 0)
            goto fail;
        if (readonly && version != STORE_SCHEMA_VERSION) {
            store_fail(err, path, "schema version %lld is old; open it with a writing command to upgrade",
                       version);
            goto fail;
        }
        if ((!readonly || (flags & (AS_STORE_CHECK | AS_STORE_INTEGRITY))) &&
            check_pages(s, (flags & AS_STORE_INTEGRITY) != 0, err) < 0)
            goto fail;
        if (version == STORE_SCHEMA_VERSION && check_ranges(s, err) < 0)
            goto fail;
        if (!readonly) {
            sqlite3_close(s->db);
            s->db = NULL;
        }
    } else if (readonly) {
        store_fail(err, path, "not an argsplit database (empty file)");
        goto fail;
    }
    if (!readonly) {
        if (open_writer(s, err) < 0 || check_identity(s, 1, &version, err) < 0 ||
            migrate(s, version, err) < 0)
            goto fail;
        /* Take the write lock once now, so a file another writer holds is
         * refused at open instead of at the first batch. */
        if (tx_begin(s, err) < 0)
            goto fail;
        if (exec_sql(s, "COMMIT", err) < 0)
            goto fail;
        s->in_tx = 0;
    }
    if (cache_load(s, err) < 0)
        goto fail;
    *out = s;
    return 0;
fail:
    store_free(s);
    return -1;
}

int as_store_close(as_store *s, as_error *err)
{
    if (!s)
        return 0;
    int r = 0;
    if (!(s->flags & AS_STORE_READONLY))
        r = as_store_commit(s, err);
    store_free(s);
    return r;
}

const char *as_store_path(const as_store *s)
{
    return s->path;
}

void as_store_set_batch_size(as_store *s, int n)
{
    s->batch_size = n < 1 ? 1 : n;
}

/* ---- the owner lock of a run being written ------------------------------ */

/* An open-file-description write lock on one byte of the database file at
 * RUN_LOCK_BASE + run id, far beyond the bytes SQLite locks (at 1 GiB).
 * The kernel drops it when the process dies, so a crashed run can be
 * resumed at once and a live one never.  Unlike SQLite's POSIX locks it
 * survives SQLite closing its own descriptors; the descriptor itself is
 * only closed after sqlite3_close (closing any descriptor of the file would
 * drop SQLite's POSIX locks). */
#define RUN_LOCK_BASE 0x60000000LL

static int run_lock_op(as_store *s, long long run_id, short type)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = (off_t)(RUN_LOCK_BASE + run_id);
    fl.l_len = 1;
    return fcntl(s->lock_fd, F_OFD_SETLK, &fl);
}

static int run_lock(as_store *s, long long run_id, as_error *err)
{
    if (s->locked_run == run_id)
        return 0;
    if (s->lock_fd < 0 && (s->lock_fd = open(s->path, O_RDWR | O_CLOEXEC)) < 0)
        return store_fail(err, s->path, "cannot lock run %lld: %s", run_id, strerror(errno));
    if (run_lock_op(s, run_id, F_WRLCK) < 0) {
        if (errno == EAGAIN || errno == EACCES)
            return store_fail(err, s->path,
                              "run %lld is still being written by another process; not resuming it",
                              run_id);
        return store_fail(err, s->path, "cannot lock run %lld: %s", run_id, strerror(errno));
    }
    if (s->locked_run)
        run_lock_op(s, s->locked_run, F_UNLCK);
    s->locked_run = run_id;
    return 0;
}

static void run_unlock(as_store *s)
{
    if (s->locked_run && s->lock_fd >= 0)
        run_lock_op(s, s->locked_run, F_UNLCK);
    s->locked_run = 0;
}

/* ---- runs ------------------------------------------------------------ */

static const char *const status_names[] = {
    [AS_RUN_RUNNING] = "running",
    [AS_RUN_DONE] = "done",
    [AS_RUN_KILLED] = "killed",
};

const char *as_run_status_name(as_run_status st)
{
    return (unsigned)st < 3 ? status_names[st] : "running";
}

static as_run_status status_from_name(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, status_names[i]) == 0)
            return (as_run_status)i;
    return AS_RUN_RUNNING;
}

static void random_uid(char out[33])
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY);
    ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    if (got != (ssize_t)sizeof b) {
        /* No urandom: mix clock, pid and an address; still unique enough
         * to tell runs apart across shards. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec ^
                     ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)b;
        for (int i = 0; i < 16; i++) {
            x ^= x >> 33;
            x *= 0xff51afd7ed558ccdull;
            x ^= x >> 29;
            b[i] = (unsigned char)x;
        }
    }
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static int valid_engine(const char *e)
{
    return e && (strcmp(e, "campaign") == 0 || strcmp(e, "enumerate") == 0 ||
                 strcmp(e, "libfuzzer") == 0 || strcmp(e, "afl") == 0);
}

int as_store_run_begin(as_store *s, const as_run_info *info, long long *run_id, as_error *err)
{
    if (writable(s, err) < 0)
        return -1;
    if (!valid_engine(info->engine))
        return store_fail(err, s->path, "unknown run engine '%s'",
                          info->engine ? info->engine : "(null)");
    if (as_store_commit(s, err) < 0)
        return -1;
    char uid[33];
    random_uid(uid);
    sqlite3_stmt *st;
    if (prepare(s,
                "INSERT INTO runs(uid, engine, status, started, seed, options, subjects,"
                " versions, shard_index, shard_count) VALUES(?1, ?2, 'running', ?3, ?4, ?5,"
                " ?6, ?7, ?8, ?9)",
                &st, err) < 0)
        return -1;
    bind_text(st, 1, uid);
    bind_text(st, 2, info->engine);
    sqlite3_bind_int64(st, 3, (long long)time(NULL));
    sqlite3_bind_int64(st, 4, (sqlite3_int64)info->seed);
    bind_text(st, 5, info->options_json ? info->options_json : "{}");
    bind_text(st, 6, info->subjects_json ? info->subjects_json : "[]");
    bind_text(st, 7, info->versions_json ? info->versions_json : "{}");
    sqlite3_bind_int(st, 8, info->shard_index);
    sqlite3_bind_int(st, 9, info->shard_count > 0 ? info->shard_count : 1);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(s, rc, "inserting a run", err);
    *run_id = sqlite3_last_insert_rowid(s->db);
    return run_lock(s, *run_id, err);
}

int as_store_run_progress(as_store *s, long long run_id, long long next_case,
                          long long cases_done, double seconds, as_error *err)
{
    if (writable(s, err) < 0)
        return -1;
    wbatch progress = {.progress_run = run_id, .next_case = next_case, .cases_done = cases_done,
                       .seconds = seconds};
    if (pending_flush(s, 1, s->background, &progress, err) < 0)
        return -1;
    s->pending_adds = 0;
    return 0;
}

static int run_set_status(as_store *s, long long run_id, as_run_status status, int set_end,
                          as_error *err)
{
    if (writable(s, err) < 0 || as_store_commit(s, err) < 0)
        return -1;
    sqlite3_stmt *st;
    if (prepare(s,
                set_end ? "UPDATE runs SET status = ?2, ended = ?3 WHERE id = ?1"
                        : "UPDATE runs SET status = ?2, ended = NULL WHERE id = ?1",
                &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, run_id);
    bind_text(st, 2, as_run_status_name(status));
    if (set_end)
        sqlite3_bind_int64(st, 3, (long long)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(s, rc, "updating a run", err);
    if (sqlite3_changes(s->db) != 1)
        return store_fail(err, s->path, "no run with id %lld", run_id);
    return 0;
}

int as_store_run_end(as_store *s, long long run_id, as_run_status status, as_error *err)
{
    int rc = run_set_status(s, run_id, status, 1, err);
    if (rc == 0 && s->locked_run == run_id)
        run_unlock(s);
    return rc;
}

int as_store_run_reopen(as_store *s, long long run_id, as_error *err)
{
    if (writable(s, err) < 0 || run_lock(s, run_id, err) < 0)
        return -1;
    return run_set_status(s, run_id, AS_RUN_RUNNING, 0, err);
}

int as_store_count_subject_cases(as_store *s, long long run_id, const char *subject,
                                 long long n, as_error *err)
{
    if (writable(s, err) < 0 || pending_for_run(s, run_id, err) < 0)
        return -1;
    subject_pending(s, subject ? subject : "")->cases += n;
    return 0;
}

#define RUN_COLUMNS                                                                   \
    "id, uid, engine, status, started, COALESCE(ended, 0), seed, options, subjects, " \
    "versions, shard_index, shard_count, next_case, cases, findings, new_classes, seconds"

/* Rows are checked as they are read: a count the program could not have
 * written means the file was damaged or forged (and a report would loop or
 * overflow on it).  Returns -1 for such a row. */
static int run_from_row(as_arena *a, sqlite3_stmt *st, as_run_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->uid = col_text(a, st, 1);
    r->engine = col_text(a, st, 2);
    r->status = status_from_name((const char *)sqlite3_column_text(st, 3));
    r->started = sqlite3_column_int64(st, 4);
    r->ended = sqlite3_column_int64(st, 5);
    r->seed = (unsigned long long)sqlite3_column_int64(st, 6);
    r->options_json = col_text(a, st, 7);
    r->subjects_json = col_text(a, st, 8);
    r->versions_json = col_text(a, st, 9);
    r->shard_index = sqlite3_column_int(st, 10);
    r->shard_count = sqlite3_column_int(st, 11);
    r->next_case = sqlite3_column_int64(st, 12);
    r->cases = sqlite3_column_int64(st, 13);
    r->findings = sqlite3_column_int64(st, 14);
    r->new_classes = sqlite3_column_int64(st, 15);
    r->seconds = sqlite3_column_double(st, 16);
    int ok = r->next_case >= 0 && r->next_case <= AS_STORE_MAX_COUNT && r->cases >= 0 &&
             r->cases <= AS_STORE_MAX_COUNT && r->findings >= 0 && r->findings <= AS_STORE_MAX_COUNT &&
             r->new_classes >= 0 && r->new_classes <= AS_STORE_MAX_COUNT && r->shard_count >= 1 &&
             r->shard_count <= 1000000 && r->shard_index >= 0 && r->shard_index < r->shard_count &&
             r->seconds >= 0 && r->seconds < 1e12 && r->started >= 0 && r->ended >= 0 &&
             sqlite3_column_int64(st, 10) == r->shard_index &&
             sqlite3_column_int64(st, 11) == r->shard_count;
    return ok ? 0 : -1;
}

/* Run a query and collect its rows into an arena array via `fill`. */
typedef int (*row_fill_fn)(as_arena *a, sqlite3_stmt *st, void *row);

static int collect(as_store *s, as_arena *a, const char *sql, size_t row_size, row_fill_fn fill,
                   void **rows, int *n, as_error *err)
{
    *rows = NULL;
    *n = 0;
    if (!(s->flags & AS_STORE_READONLY) && as_store_commit(s, err) < 0)
        return -1;
    sqlite3_stmt *st;
    if (prepare(s, sql, &st, err) < 0)
        return -1;
    size_t cap = 0;
    char *buf = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((size_t)*n == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            buf = as_arena_realloc(a, buf, cap * row_size, ncap * row_size);
            cap = ncap;
        }
        if (fill(a, st, buf + (size_t)*n * row_size) < 0) {
            sqlite3_finalize(st);
            *n = 0;
            return store_fail(err, s->path, "file is corrupt: a stored number is out of range");
        }
        (*n)++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(s, rc, "reading", err);
    *rows = buf;
    return 0;
}

static int fill_run(as_arena *a, sqlite3_stmt *st, void *row)
{
    return run_from_row(a, st, row);
}

int as_store_runs(as_store *s, as_arena *arena, as_run_row **rows, int *n, as_error *err)
{
    return collect(s, arena, "SELECT " RUN_COLUMNS " FROM runs ORDER BY started, id",
                   sizeof **rows, fill_run, (void **)rows, n, err);
}

int as_store_resume_info(as_store *s, as_arena *arena, const char *engine, as_run_row *out,
                         int *found, as_error *err)
{
    *found = 0;
    memset(out, 0, sizeof *out);
    if (!(s->flags & AS_STORE_READONLY) && as_store_commit(s, err) < 0)
        return -1;
    sqlite3_stmt *st;
    if (prepare(s,
                "SELECT " RUN_COLUMNS " FROM runs WHERE status <> 'done'"
                " AND (?1 IS NULL OR engine = ?1) ORDER BY started DESC, id DESC LIMIT 1",
                &st, err) < 0)
        return -1;
    if (engine)
        bind_text(st, 1, engine);
    int rc = sqlite3_step(st), bad = 0;
    if (rc == SQLITE_ROW) {
        bad = run_from_row(arena, st, out) < 0;
        *found = !bad;
    }
    sqlite3_finalize(st);
    if (bad)
        return store_fail(err, s->path, "file is corrupt: run %lld has a number out of range", out->id);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, rc, "reading runs", err);
    return 0;
}

/* ---- findings ---------------------------------------------------------- */

static long long case_size(const as_finding *f)
{
    return (long long)(strlen(f->signature ? f->signature : "") +
                       strlen(f->spec_json ? f->spec_json : "") +
                       strlen(f->call ? f->call : ""));
}

/* A class's root cause: written once, with the class. */
static int insert_cause(as_store *s, long long class_id, const char *cause, as_error *err)
{
    sqlite3_stmt *st = cached(s, ST_CAUSE_INSERT, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, class_id);
    bind_kept(st, 2, cause);
    return step_done(s, st, "inserting a root cause", err);
}

/* Write reproducer `f` of class `id` with statement `which` (ST_REPRO_INSERT,
 * ST_SHRUNK_UPSERT: the same parameters). */
static int write_reproducer(as_store *s, int which, long long id, const as_finding *f, const char *what,
                            as_error *err)
{
    sqlite3_stmt *st = cached(s, which, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    bind_kept(st, 2, f->signature);
    bind_kept(st, 3, f->spec_json);
    bind_kept(st, 4, f->call);
    bind_kept(st, 5, f->observed_json);
    bind_kept(st, 6, f->expected_json);
    sqlite3_bind_int(st, 7, f->py_minor);
    bind_kept(st, 8, f->other);
    sqlite3_bind_int64(st, 9, case_size(f));
    return step_done(s, st, what, err);
}

/* The class's original reproducer and its root cause (kept when the file
 * has them already). */
static int insert_original(as_store *s, long long id, const as_finding *f, as_error *err)
{
    if (write_reproducer(s, ST_REPRO_INSERT, id, f, "inserting a reproducer", err) < 0)
        return -1;
    return f->cause ? insert_cause(s, id, f->cause, err) : 0;
}

/* Insert or replace (when smaller) class `id`'s shrunk reproducer. */
static int upsert_shrunk(as_store *s, long long id, const as_finding *shrunk, as_error *err)
{
    return write_reproducer(s, ST_SHRUNK_UPSERT, id, shrunk, "storing a shrunk reproducer", err);
}

/* A known class's hits of the batch's run: its row and its per-run row. */
static int hits_write(as_store *s, long long id, long long hits, long long run, long long now, as_error *err)
{
    sqlite3_stmt *st = cached(s, ST_CLASS_HIT, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, hits);
    sqlite3_bind_int64(st, 3, run);
    sqlite3_bind_int64(st, 4, now);
    if (step_done(s, st, "updating a class", err) < 0 || !(st = cached(s, ST_CLASSRUN_ADD, err)))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, run);
    sqlite3_bind_int64(st, 3, hits);
    sqlite3_bind_int64(st, 4, now);
    return step_done(s, st, "updating class hits", err);
}

/* Write a fresh class (inside the commit's transaction): its class row
 * with the batch's hits, its reproducers, cause and per-run row.  When
 * another writer stored the key meanwhile, that row is kept, the hits are
 * added to it and the run does not count the class as new. */
static int fresh_write(as_store *s, wbatch *b, fresh_class *fc, long long now, as_error *err)
{
    const as_finding *f = &fc->f;
    sqlite3_stmt *st = cached(s, ST_CLASS_INSERT, err);
    if (!st)
        return -1;
    bind_kept(st, 1, f->key);
    bind_kept(st, 2, f->subject);
    bind_kept(st, 3, f->other);
    bind_kept(st, 4, f->relation);
    bind_kept(st, 5, f->rule);
    sqlite3_bind_int64(st, 6, b->run);
    sqlite3_bind_int64(st, 7, now);
    sqlite3_bind_int64(st, 8, fc->hits);
    if (step_done(s, st, "inserting a class", err) < 0)
        return -1;
    int inserted = sqlite3_changes(s->db) == 1;
    if (inserted) {
        fc->id = sqlite3_last_insert_rowid(s->db);
    } else {
        if (!(st = cached(s, ST_CLASS_ID, err)))
            return -1;
        bind_kept(st, 1, f->key);
        int rc = sqlite3_step(st);
        fc->id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
            return db_fail(s, rc, "finding a class", err);
        b->new_classes--;
    }
    if (insert_original(s, fc->id, f, err) < 0)
        return -1;
    if (fc->has_shrunk && upsert_shrunk(s, fc->id, &fc->shrunk, err) < 0)
        return -1;
    if (!inserted)
        return fc->hits ? hits_write(s, fc->id, fc->hits, b->run, now, err) : 0;
    if (!(st = cached(s, ST_CLASSRUN_ADD, err)))
        return -1;
    sqlite3_bind_int64(st, 1, fc->id);
    sqlite3_bind_int64(st, 2, b->run);
    sqlite3_bind_int64(st, 3, fc->hits);
    sqlite3_bind_int64(st, 4, now);
    return step_done(s, st, "inserting class hits", err);
}

static const char *fresh_dup(wbatch *b, const char *t)
{
    if (!t)
        return NULL;
    size_t n = strlen(t);
    b->fresh_bytes += n + 1;
    return as_arena_strndup(&b->arena, t, n);
}

size_t as_store_pending_bytes(const as_store *s)
{
    const wbatch *b = &s->batch[s->fill];
    return b->fresh_bytes + b->n_fresh * sizeof *b->fresh;
}

static void fresh_copy(wbatch *s, as_finding *to, const as_finding *f)
{
    *to = (as_finding){fresh_dup(s, f->key), fresh_dup(s, f->subject), fresh_dup(s, f->other),
                       fresh_dup(s, f->relation), fresh_dup(s, f->rule), fresh_dup(s, f->signature),
                       fresh_dup(s, f->spec_json), fresh_dup(s, f->call), fresh_dup(s, f->observed_json),
                       fresh_dup(s, f->expected_json), f->py_minor, fresh_dup(s, f->cause)};
}

int as_store_add_finding(as_store *s, long long run_id, const as_finding *f, int *is_new,
                         as_error *err)
{
    return as_store_add_findings(s, run_id, f, 1, is_new, err);
}

int as_store_add_findings(as_store *s, long long run_id, const as_finding *f, long long n,
                          int *is_new, as_error *err)
{
    if (n < 1)
        return store_fail(err, s->path, "finding count %lld is not positive", n);
    if (is_new)
        *is_new = 0;
    if (writable(s, err) < 0)
        return -1;
    if (!f->key || !*f->key || !f->subject || !f->relation)
        return store_fail(err, s->path, "finding without key, subject or relation");
    if (pending_for_run(s, run_id, err) < 0)
        return -1;
    uint64_t h = hash_str(f->key);
    class_entry *e = cache_find(s, f->key, h);
    if (!e) {
        /* new to the store: written by the next commit */
        wbatch *b = &s->batch[s->fill];
        e = cache_add(s, f->key, h, fresh_ref(s->fill, b->n_fresh));
        if (as_grow(&b->fresh, &b->cap_fresh, b->n_fresh + 1, sizeof *b->fresh, 64))
            out_of_memory();
        fresh_class *fc = &b->fresh[b->n_fresh++];
        fc->entry = (size_t)(e - s->classes);
        fresh_copy(b, &fc->f, f);
        fc->has_shrunk = 0;
        s->pending_new++;
        if (is_new)
            *is_new = 1;
    }
    if (e->pending_hits == 0) {
        if (as_grow(&s->dirty, &s->cap_dirty, s->n_dirty + 1, sizeof *s->dirty, 64))
            out_of_memory();
        s->dirty[s->n_dirty++] = (size_t)(e - s->classes);
    }
    e->pending_hits += n;
    s->pending_findings += n;
    subject_pending(s, f->subject)->findings += n;
    if (++s->pending_adds >= s->batch_size)
        return as_store_commit(s, err);
    return 0;
}

size_t as_store_pending_rows(const as_store *s)
{
    return s->n_dirty - s->batch[s->fill].n_fresh;   /* every fresh class is dirty */
}

int as_store_has_class(const as_store *s, const char *key)
{
    return cache_find(s, key, hash_str(key)) != NULL;
}

/* The shrunk-reproducer rule of SHRUNK_UPSERT_TAIL: `a` replaces `b` when
 * smaller, ties broken by the texts (as SQLite compares them: bytes). */
static int shrunk_better(const as_finding *a, const as_finding *b)
{
    long long sa = case_size(a), sb = case_size(b);
    if (sa != sb)
        return sa < sb;
    const char *pa[3] = {a->signature, a->spec_json, a->call}, *pb[3] = {b->signature, b->spec_json, b->call};
    int ia = 0, ib = 0;
    const char *x = pa[0] ? pa[0] : "", *y = pb[0] ? pb[0] : "";
    for (;;) {   /* compare the concatenations without building them */
        while (!*x && ia < 2)
            x = pa[++ia] ? pa[ia] : "";
        while (!*y && ib < 2)
            y = pb[++ib] ? pb[ib] : "";
        if (!*x || !*y)
            return !*x && *y;
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y;
        x++, y++;
    }
}

int as_store_set_shrunk(as_store *s, const char *key, const as_finding *shrunk, as_error *err)
{
    if (writable(s, err) < 0)
        return -1;
    class_entry *e = cache_find(s, key, hash_str(key));
    if (!e)
        return store_fail(err, s->path, "no class with key '%s'", key);
    if (e->id < 0 && (int)((-e->id - 1) & 1) == s->fill) {   /* new in this batch: its commit writes it */
        wbatch *b = &s->batch[s->fill];
        fresh_class *fc = &b->fresh[(-e->id - 1) >> 1];
        if (!fc->has_shrunk || shrunk_better(shrunk, &fc->shrunk)) {
            fresh_copy(b, &fc->shrunk, shrunk);
            fc->has_shrunk = 1;
        }
        return 0;
    }
    /* (a class of the batch being written has its id once that is done) */
    if (store_sync(s, err) < 0)
        return -1;
    if (tx_begin(s, err) < 0 || upsert_shrunk(s, e->id, shrunk, err) < 0) {
        tx_rollback(s);
        return -1;
    }
    return 0;
}

/* ---- reading classes --------------------------------------------------- */

#define CLASS_QUERY                                                                        \
    "SELECT c.id, c.key, c.subject, c.other, c.relation, c.rule, c.hit_count,"             \
    " COALESCE(c.first_run, 0), COALESCE(c.last_run, 0), c.first_seen, c.last_seen,"       \
    " (SELECT count(*) FROM class_runs r WHERE r.class_id = c.id),"                        \
    " o.signature, o.spec_json, o.call, o.observed_json, o.expected_json, o.py_minor,"     \
    " o.other, s.class_id IS NOT NULL, s.signature, s.spec_json, s.call, s.observed_json," \
    " s.expected_json, s.py_minor, s.other"                                                \
    " FROM classes c"                                                                      \
    " LEFT JOIN reproducers o ON o.class_id = c.id AND o.kind = 'original'"                \
    " LEFT JOIN reproducers s ON s.class_id = c.id AND s.kind = 'shrunk'"

static int finding_from_row(as_arena *a, sqlite3_stmt *st, int col, const as_class_row *c,
                            as_finding *f)
{
    f->key = c->key;
    f->subject = c->subject;
    f->relation = c->relation;
    f->rule = c->rule;
    f->signature = col_text(a, st, col);
    f->spec_json = col_text(a, st, col + 1);
    f->call = col_text(a, st, col + 2);
    f->observed_json = col_text(a, st, col + 3);
    f->expected_json = col_text(a, st, col + 4);
    long long minor = sqlite3_column_int64(st, col + 5);
    f->py_minor = minor >= 0 && minor <= 99 ? (int)minor : 0;
    f->other = col_text(a, st, col + 6);
    return minor >= 0 && minor <= 99 ? 0 : -1;
}

static int fill_class(as_arena *a, sqlite3_stmt *st, void *row)
{
    as_class_row *c = row;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->key = col_text(a, st, 1);
    c->subject = col_text(a, st, 2);
    c->other = col_text(a, st, 3);
    c->relation = col_text(a, st, 4);
    c->rule = col_text(a, st, 5);
    c->hit_count = sqlite3_column_int64(st, 6);
    c->first_run = sqlite3_column_int64(st, 7);
    c->last_run = sqlite3_column_int64(st, 8);
    c->first_seen = sqlite3_column_int64(st, 9);
    c->last_seen = sqlite3_column_int64(st, 10);
    c->runs_seen = sqlite3_column_int64(st, 11);
    int bad = finding_from_row(a, st, 12, c, &c->original) < 0;
    c->has_shrunk = sqlite3_column_int(st, 19) != 0;
    if (c->has_shrunk)
        bad |= finding_from_row(a, st, 20, c, &c->shrunk) < 0;
    return bad || c->hit_count < 0 || c->hit_count > AS_STORE_MAX_COUNT || c->runs_seen < 0 ? -1 : 0;
}

const as_finding *as_class_reproducer(const as_class_row *c)
{
    return c->has_shrunk ? &c->shrunk : &c->original;
}

int as_store_classes(as_store *s, as_arena *arena, as_class_row **rows, int *n, as_error *err)
{
    return collect(s, arena, CLASS_QUERY " ORDER BY c.subject, c.hit_count DESC, c.key",
                   sizeof **rows, fill_class, (void **)rows, n, err);
}

int as_store_find_class(as_store *s, as_arena *arena, const char *key_or_id, as_class_row *out,
                        int *found, as_error *err)
{
    *found = 0;
    memset(out, 0, sizeof *out);
    if (!(s->flags & AS_STORE_READONLY) && as_store_commit(s, err) < 0)
        return -1;
    sqlite3_stmt *st;
    if (prepare(s, CLASS_QUERY " WHERE c.key = ?1 OR (?2 AND c.id = ?3)"
                               " ORDER BY c.key <> ?1 LIMIT 1",
                &st, err) < 0)
        return -1;
    bind_text(st, 1, key_or_id);
    char *end = NULL;
    errno = 0;
    long long id = strtoll(key_or_id, &end, 10);
    int numeric = *key_or_id && end && *end == '\0' && errno == 0;
    sqlite3_bind_int(st, 2, numeric);
    sqlite3_bind_int64(st, 3, numeric ? id : 0);
    int rc = sqlite3_step(st), bad = 0;
    if (rc == SQLITE_ROW) {
        bad = fill_class(arena, st, out) < 0;
        *found = !bad;
    }
    sqlite3_finalize(st);
    if (bad)
        return store_fail(err, s->path, "file is corrupt: class %s has a number out of range", key_or_id);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, rc, "reading classes", err);
    return 0;
}

static int fill_class_run(as_arena *a, sqlite3_stmt *st, void *row)
{
    as_class_run_row *r = row;
    r->class_id = sqlite3_column_int64(st, 0);
    r->run_id = sqlite3_column_int64(st, 1);
    r->hits = sqlite3_column_int64(st, 2);
    r->first_seen = sqlite3_column_int64(st, 3);
    r->last_seen = sqlite3_column_int64(st, 4);
    return r->hits >= 0 && r->hits <= AS_STORE_MAX_COUNT ? 0 : -1;
}

typedef struct cause_row {
    long long id;
    const char *cause;
} cause_row;

static int fill_cause(as_arena *a, sqlite3_stmt *st, void *row)
{
    cause_row *c = row;
    c->id = sqlite3_column_int64(st, 0);
    c->cause = col_text(a, st, 1);
    return 0;
}

int as_store_class_causes(as_store *s, as_arena *arena, long long **ids, const char ***causes, int *n,
                          as_error *err)
{
    cause_row *rows = NULL;
    int rc;
    *n = 0;
    if (store_sync(s, err) < 0)
        return -1;
    /* a read-only store of schema 1 (not migrated) has no causes yet */
    if (pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'class_causes'", &rc) > 0 &&
        rc == SQLITE_OK &&
        collect(s, arena, "SELECT class_id, cause FROM class_causes ORDER BY class_id", sizeof *rows,
                fill_cause, (void **)&rows, n, err) < 0)
        return -1;
    *ids = as_arena_alloc(arena, sizeof **ids * (size_t)(*n + 1));
    *causes = as_arena_alloc(arena, sizeof **causes * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        (*ids)[i] = rows[i].id;
        (*causes)[i] = rows[i].cause;
    }
    return 0;
}

int as_store_class_runs(as_store *s, as_arena *arena, as_class_run_row **rows, int *n,
                        as_error *err)
{
    return collect(s, arena,
                   "SELECT class_id, run_id, hits, first_seen, last_seen FROM class_runs"
                   " ORDER BY class_id, run_id",
                   sizeof **rows, fill_class_run, (void **)rows, n, err);
}

/* ---- statistics -------------------------------------------------------- */

static int fill_subject_stat(as_arena *a, sqlite3_stmt *st, void *row)
{
    as_subject_stat_row *r = row;
    r->run_id = sqlite3_column_int64(st, 0);
    r->subject = col_text(a, st, 1);
    r->cases = sqlite3_column_int64(st, 2);
    r->findings = sqlite3_column_int64(st, 3);
    return r->cases >= 0 && r->cases <= AS_STORE_MAX_COUNT && r->findings >= 0 &&
                   r->findings <= AS_STORE_MAX_COUNT ? 0 : -1;
}

int as_store_subject_stats(as_store *s, as_arena *arena, as_subject_stat_row **rows, int *n,
                           as_error *err)
{
    return collect(s, arena,
                   "SELECT run_id, subject, cases, findings FROM subject_stats"
                   " ORDER BY run_id, subject",
                   sizeof **rows, fill_subject_stat, (void **)rows, n, err);
}

int as_store_record_fuzz_stat(as_store *s, long long run_id, const as_fuzz_stat *fs,
                              as_error *err)
{
    if (writable(s, err) < 0 || store_sync(s, err) < 0)
        return -1;
    if (tx_begin(s, err) < 0)
        goto fail;
    sqlite3_stmt *st;
    if (prepare(s,
                "INSERT INTO fuzz_stats(run_id, target, engine, recorded, execs_per_sec,"
                " coverage, new_classes) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &st, err) < 0)
        goto fail;
    sqlite3_bind_int64(st, 1, run_id);
    bind_text(st, 2, fs->target);
    bind_text(st, 3, fs->engine);
    sqlite3_bind_int64(st, 4, (long long)time(NULL));
    sqlite3_bind_double(st, 5, fs->execs_per_sec);
    sqlite3_bind_int64(st, 6, fs->coverage);
    sqlite3_bind_int64(st, 7, fs->new_classes);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        db_fail(s, rc, "recording fuzz stats", err);
        goto fail;
    }
    return as_store_commit(s, err);
fail:
    tx_rollback(s);
    return -1;
}

static int fill_fuzz_stat(as_arena *a, sqlite3_stmt *st, void *row)
{
    as_fuzz_stat_row *r = row;
    r->run_id = sqlite3_column_int64(st, 0);
    r->recorded = sqlite3_column_int64(st, 1);
    r->stat.target = col_text(a, st, 2);
    r->stat.engine = col_text(a, st, 3);
    r->stat.execs_per_sec = sqlite3_column_double(st, 4);
    r->stat.coverage = sqlite3_column_int64(st, 5);
    r->stat.new_classes = sqlite3_column_int64(st, 6);
    return r->stat.coverage >= 0 && r->stat.new_classes >= 0 && r->stat.new_classes <= AS_STORE_MAX_COUNT &&
                   r->stat.execs_per_sec >= 0 && r->stat.execs_per_sec < 1e15 ? 0 : -1;
}

int as_store_fuzz_stats(as_store *s, as_arena *arena, as_fuzz_stat_row **rows, int *n,
                        as_error *err)
{
    return collect(s, arena,
                   "SELECT run_id, recorded, target, engine, execs_per_sec, coverage,"
                   " new_classes FROM fuzz_stats ORDER BY recorded, id",
                   sizeof **rows, fill_fuzz_stat, (void **)rows, n, err);
}

/* ---- merge ------------------------------------------------------------- */

#define RUN_COPY_COLUMNS                                                                   \
    "uid, engine, status, started, ended, seed, options, subjects, versions, shard_index," \
    " shard_count, next_case, cases, findings, new_classes, seconds"

/* Steps run in order inside one transaction once temp.merge_runs maps each
 * copied src run to its dst id.  Class aggregates are recomputed from
 * class_runs, so every run contributes its hits exactly once. */
static const char *const merge_steps[] = {
    "INSERT INTO main.classes(key, subject, other, relation, rule, first_run, last_run,"
    " first_seen, last_seen, hit_count)"
    " SELECT key, subject, other, relation, rule, NULL, NULL, first_seen, last_seen, 0"
    " FROM src.classes WHERE key NOT IN (SELECT key FROM main.classes)",

    "INSERT OR IGNORE INTO main.class_causes(class_id, cause)"
    " SELECT mc.id, cc.cause FROM src.class_causes cc"
    " JOIN src.classes sc ON sc.id = cc.class_id JOIN main.classes mc ON mc.key = sc.key",

    "INSERT OR REPLACE INTO main.class_runs(class_id, run_id, hits, first_seen, last_seen)"
    " SELECT mc.id, m.dst_id, cr.hits, cr.first_seen, cr.last_seen"
    " FROM src.class_runs cr JOIN temp.merge_runs m ON m.src_id = cr.run_id"
    " JOIN src.classes sc ON sc.id = cr.class_id JOIN main.classes mc ON mc.key = sc.key",

    "INSERT OR REPLACE INTO main.subject_stats(run_id, subject, cases, findings)"
    " SELECT m.dst_id, ss.subject, ss.cases, ss.findings"
    " FROM src.subject_stats ss JOIN temp.merge_runs m ON m.src_id = ss.run_id",

    "INSERT INTO main.fuzz_stats(run_id, target, engine, recorded, execs_per_sec, coverage,"
    " new_classes) SELECT m.dst_id, f.target, f.engine, f.recorded, f.execs_per_sec,"
    " f.coverage, f.new_classes FROM src.fuzz_stats f"
    " JOIN temp.merge_runs m ON m.src_id = f.run_id ORDER BY f.id",

    "INSERT OR IGNORE INTO main.reproducers(class_id, kind, signature, spec_json, call,"
    " observed_json, expected_json, py_minor, other, size)"
    " SELECT mc.id, r.kind, r.signature, r.spec_json, r.call, r.observed_json,"
    " r.expected_json, r.py_minor, r.other, r.size FROM src.reproducers r"
    " JOIN src.classes sc ON sc.id = r.class_id JOIN main.classes mc ON mc.key = sc.key"
    " WHERE r.kind = 'original'",

    "INSERT INTO main.reproducers(class_id, kind, signature, spec_json, call,"
    " observed_json, expected_json, py_minor, other, size)"
    " SELECT mc.id, r.kind, r.signature, r.spec_json, r.call, r.observed_json,"
    " r.expected_json, r.py_minor, r.other, r.size FROM src.reproducers r"
    " JOIN src.classes sc ON sc.id = r.class_id JOIN main.classes mc ON mc.key = sc.key"
    " WHERE r.kind = 'shrunk'" SHRUNK_UPSERT_TAIL,

    "UPDATE main.classes SET"
    " hit_count = COALESCE((SELECT sum(hits) FROM main.class_runs cr"
    "   WHERE cr.class_id = classes.id), 0),"
    " first_seen = COALESCE((SELECT min(first_seen) FROM main.class_runs cr"
    "   WHERE cr.class_id = classes.id), first_seen),"
    " last_seen = COALESCE((SELECT max(last_seen) FROM main.class_runs cr"
    "   WHERE cr.class_id = classes.id), last_seen),"
    " first_run = COALESCE((SELECT cr.run_id FROM main.class_runs cr"
    "   JOIN main.runs r ON r.id = cr.run_id WHERE cr.class_id = classes.id"
    "   ORDER BY cr.first_seen, r.started, r.uid LIMIT 1), first_run),"
    " last_run = COALESCE((SELECT cr.run_id FROM main.class_runs cr"
    "   JOIN main.runs r ON r.id = cr.run_id WHERE cr.class_id = classes.id"
    "   ORDER BY cr.last_seen DESC, r.started DESC, r.uid DESC LIMIT 1), last_run)",
};

static int src_has_causes(as_store *s)
{
    int rc;
    return pragma_int(s, "SELECT count(*) FROM src.sqlite_master WHERE name = 'class_causes'", &rc) > 0 &&
           rc == SQLITE_OK;
}

/* Copy or skip each src run; fills temp.merge_runs. */
static int merge_runs(as_store *s, as_merge_stats *ms, as_error *err)
{
    sqlite3_stmt *list = NULL, *find = NULL, *ins = NULL, *upd = NULL, *map = NULL;
    int r = -1, rc;
    if (prepare(s, "SELECT id, uid, cases, status FROM src.runs ORDER BY id", &list, err) < 0 ||
        prepare(s, "SELECT id, cases, status FROM main.runs WHERE uid = ?1", &find, err) < 0 ||
        prepare(s, "INSERT INTO main.runs(" RUN_COPY_COLUMNS ") SELECT " RUN_COPY_COLUMNS
                   " FROM src.runs WHERE id = ?1", &ins, err) < 0 ||
        prepare(s, "UPDATE main.runs SET (" RUN_COPY_COLUMNS ") = (SELECT " RUN_COPY_COLUMNS
                   " FROM src.runs WHERE id = ?1) WHERE id = ?2", &upd, err) < 0 ||
        prepare(s, "INSERT INTO temp.merge_runs(src_id, dst_id) VALUES(?1, ?2)", &map, err) < 0)
        goto out;
    while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
        long long src_id = sqlite3_column_int64(list, 0);
        long long src_cases = sqlite3_column_int64(list, 2);
        int src_running = strcmp((const char *)sqlite3_column_text(list, 3), "running") == 0;
        sqlite3_reset(find);
        sqlite3_bind_value(find, 1, sqlite3_column_value(list, 1));
        rc = sqlite3_step(find);
        long long dst_id;
        if (rc == SQLITE_DONE) {
            sqlite3_bind_int64(ins, 1, src_id);
            if (step_done(s, ins, "copying a run", err) < 0)
                goto out;
            dst_id = sqlite3_last_insert_rowid(s->db);
            ms->runs_added++;
        } else if (rc == SQLITE_ROW) {
            dst_id = sqlite3_column_int64(find, 0);
            long long dst_cases = sqlite3_column_int64(find, 1);
            int dst_running = strcmp((const char *)sqlite3_column_text(find, 2), "running") == 0;
            int newer = src_cases > dst_cases ||
                        (src_cases == dst_cases && dst_running && !src_running);
            sqlite3_reset(find);
            if (!newer) {
                ms->runs_skipped++;
                continue;
            }
            /* src holds a later snapshot of the same run: replace ours. */
            sqlite3_bind_int64(upd, 1, src_id);
            sqlite3_bind_int64(upd, 2, dst_id);
            if (step_done(s, upd, "updating a run", err) < 0)
                goto out;
            char sql[256];
            snprintf(sql, sizeof sql,
                     "DELETE FROM main.class_runs WHERE run_id = %lld;"
                     "DELETE FROM main.subject_stats WHERE run_id = %lld;"
                     "DELETE FROM main.fuzz_stats WHERE run_id = %lld;",
                     dst_id, dst_id, dst_id);
            if (exec_sql(s, sql, err) < 0)
                goto out;
            ms->runs_updated++;
        } else {
            db_fail(s, rc, "reading runs", err);
            goto out;
        }
        sqlite3_bind_int64(map, 1, src_id);
        sqlite3_bind_int64(map, 2, dst_id);
        if (step_done(s, map, "mapping runs", err) < 0)
            goto out;
    }
    if (rc != SQLITE_DONE) {
        db_fail(s, rc, "reading runs", err);
        goto out;
    }
    r = 0;
out:
    sqlite3_finalize(list);
    sqlite3_finalize(find);
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
    sqlite3_finalize(map);
    return r;
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int as_store_merge(as_store *dst, const char *src_path, as_merge_stats *stats, as_error *err)
{
    as_merge_stats local;
    as_merge_stats *ms = stats ? stats : &local;
    memset(ms, 0, sizeof *ms);
    if (writable(dst, err) < 0)
        return -1;
    if (same_file(dst->path, src_path))
        return store_fail(err, src_path, "cannot merge a database into itself");

    /* Validate src with the same checks as any open (ours, not corrupt,
     * every count in range). */
    as_store *src;
    if (as_store_open(src_path, AS_STORE_READONLY | AS_STORE_CHECK, &src, err) < 0)
        return -1;
    as_store_close(src, NULL);

    if (as_store_commit(dst, err) < 0)
        return -1;
    sqlite3_stmt *st;
    if (prepare(dst, "ATTACH DATABASE ?1 AS src", &st, err) < 0)
        return -1;
    bind_text(st, 1, src_path);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_fail(err, src_path, "cannot attach: %s", sqlite3_errmsg(dst->db));
        return -1;
    }
    long long before = 0;
    int r = -1;
    if (exec_sql(dst, "CREATE TEMP TABLE IF NOT EXISTS merge_runs("
                      "src_id INTEGER PRIMARY KEY, dst_id INTEGER NOT NULL);"
                      "DELETE FROM temp.merge_runs;", err) < 0)
        goto detach;
    if (tx_begin(dst, err) < 0)
        goto detach;
    before = pragma_int(dst, "SELECT count(*) FROM main.classes", &rc);
    if (rc != SQLITE_OK) {
        db_fail(dst, rc, "counting classes", err);
        goto rollback;
    }
    if (merge_runs(dst, ms, err) < 0)
        goto rollback;
    for (size_t i = 0; i < sizeof merge_steps / sizeof *merge_steps; i++) {
        if (strstr(merge_steps[i], "src.class_causes") && !src_has_causes(dst))
            continue;   /* src predates root causes */
        rc = sqlite3_exec(dst->db, merge_steps[i], NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            /* A failure reading src names src; one writing dst names dst. */
            const char *msg = sqlite3_errmsg(dst->db);
            if ((rc & 0xff) == SQLITE_CORRUPT)
                store_fail(err, src_path, "file is corrupt: %s", msg);
            else
                db_fail(dst, rc, "merging", err);
            goto rollback;
        }
    }
    long long after = pragma_int(dst, "SELECT count(*) FROM main.classes", &rc);
    if (rc != SQLITE_OK) {
        db_fail(dst, rc, "counting classes", err);
        goto rollback;
    }
    ms->classes_added = (int)(after - before);
    if (exec_sql(dst, "COMMIT", err) < 0)
        goto rollback;
    dst->in_tx = 0;
    r = 0;
    goto detach;
rollback:
    tx_rollback(dst);
detach:
    sqlite3_exec(dst->db, "DETACH DATABASE src", NULL, NULL, NULL);
    if (cache_load(dst, r == 0 ? err : NULL) < 0)
        r = -1;
    return r;
}
