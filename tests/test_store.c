/* test_store.c — the SQLite store: schema and reopen, refusal of foreign,
 * corrupt and locked files, batched dedupe, resume, merge, and kill -9. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "engine/store.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/argsplit_store_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->path, sizeof fx->path, "%s/argsplit.db", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        return -1;
    free(fx);
    return 0;
}

static char *sub_path(const fixture *fx, const char *name)
{
    static _Thread_local char buf[4][160];
    static _Thread_local int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", fx->dir, name);
    return buf[k];
}

static as_store *open_ok(const char *path, unsigned flags)
{
    as_store *s = NULL;
    as_error err;
    as_error_clear(&err);
    if (as_store_open(path, flags, &s, &err) < 0)
        fail_msg("open %s: %s", path, err.message);
    return s;
}

static void close_ok(as_store *s)
{
    as_error err;
    as_error_clear(&err);
    if (as_store_close(s, &err) < 0)
        fail_msg("close: %s", err.message);
}

static void open_fails(const char *path, unsigned flags, const char *needle)
{
    as_store *s = NULL;
    as_error err;
    as_error_clear(&err);
    int r = as_store_open(path, flags, &s, &err);
    if (r == 0) {
        as_store_close(s, NULL);
        fail_msg("open %s succeeded, expected '%s'", path, needle);
    }
    assert_null(s);
    assert_string_equal(err.type, "StoreError");
    if (!strstr(err.message, needle))
        fail_msg("error [%s] lacks [%s]", err.message, needle);
    assert_true(strncmp(err.message, path, strlen(path)) == 0);   /* names the file */
    assert_null(strchr(err.message, '\n'));                       /* one line */
}

static long long run_begin(as_store *s, unsigned long long seed)
{
    as_run_info info = {.engine = "campaign", .seed = seed, .options_json = "{\"cases\":100}",
                        .subjects_json = "[\"jax.jit@0.4.13\"]", .shard_count = 1};
    long long id;
    as_error err;
    as_error_clear(&err);
    if (as_store_run_begin(s, &info, &id, &err) < 0)
        fail_msg("run_begin: %s", err.message);
    return id;
}

static as_finding finding(const char *key, const char *subject, const char *sig)
{
    as_finding f = {
        .key = key,
        .subject = subject,
        .other = "reference",
        .relation = "vs-reference",
        .rule = "neg-index",
        .signature = sig,
        .spec_json = "{\"static_argnums\": [-1]}",
        .call = "(1, 2)",
        .observed_json = "{\"subject\": \"s\", \"decoration\": {\"ok\": true, \"warnings\": []}, \"call\": null}",
        .expected_json = "{\"subject\": \"reference\", \"decoration\": {\"ok\": true, \"warnings\": []}, \"call\": null}",
        .py_minor = 11,
    };
    return f;
}

static int add(as_store *s, long long run, const char *key, const char *subject)
{
    as_finding f = finding(key, subject, "(a, b)");
    int is_new = -1;
    as_error err;
    as_error_clear(&err);
    if (as_store_add_finding(s, run, &f, &is_new, &err) < 0)
        fail_msg("add: %s", err.message);
    return is_new;
}

static void progress(as_store *s, long long run, long long next, long long done)
{
    as_error err;
    as_error_clear(&err);
    if (as_store_run_progress(s, run, next, done, 0.5, &err) < 0)
        fail_msg("progress: %s", err.message);
}

/* Hit count of `key`, or -1 when absent. */
static long long hits_of(as_store *s, const char *key)
{
    as_arena a;
    as_arena_init(&a);
    as_class_row c;
    int found;
    as_error err;
    as_error_clear(&err);
    if (as_store_find_class(s, &a, key, &c, &found, &err) < 0)
        fail_msg("find: %s", err.message);
    long long h = found ? c.hit_count : -1;
    as_arena_free(&a);
    return h;
}

static int n_classes(as_store *s)
{
    as_arena a;
    as_arena_init(&a);
    as_class_row *rows;
    int n;
    as_error err;
    as_error_clear(&err);
    if (as_store_classes(s, &a, &rows, &n, &err) < 0)
        fail_msg("classes: %s", err.message);
    as_arena_free(&a);
    return n;
}

static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
}

static char *sql_text(const char *path, const char *sql, char *buf, size_t cap)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return buf;
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* ---- schema ------------------------------------------------------------- */

static void test_create_and_reopen(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    assert_string_equal(as_store_path(s), fx->path);
    long long run = run_begin(s, 42);
    assert_int_equal(add(s, run, "k1", "jax.jit@0.4.13"), 1);
    close_ok(s);

    assert_int_equal(sql_int(fx->path, "PRAGMA application_id"), 0x4153504c);
    assert_int_equal(sql_int(fx->path, "PRAGMA user_version"), 2);
    char buf[64];
    assert_string_equal(sql_text(fx->path, "PRAGMA journal_mode", buf, sizeof buf), "wal");
    assert_string_equal(sql_text(fx->path, "SELECT value FROM meta WHERE key='magic'", buf, sizeof buf),
                        "argsplit");
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name IN"
                                       " ('runs','classes','class_runs','reproducers','subject_stats',"
                                       "'fuzz_stats','meta')"), 7);

    /* Reopen writable and read-only: the class is still there, still known. */
    s = open_ok(fx->path, AS_STORE_CHECK);
    assert_int_equal(add(s, run, "k1", "jax.jit@0.4.13"), 0);
    close_ok(s);
    s = open_ok(fx->path, AS_STORE_READONLY | AS_STORE_CHECK);
    assert_int_equal(hits_of(s, "k1"), 2);
    as_error err;
    as_error_clear(&err);
    as_finding f = finding("k2", "x", "()");
    assert_int_equal(as_store_add_finding(s, run, &f, NULL, &err), -1);
    assert_non_null(strstr(err.message, "read-only"));
    close_ok(s);
}

static void test_refuses_foreign_files(void **state)
{
    fixture *fx = *state;
    /* A missing file, read-only. */
    open_fails(sub_path(fx, "missing.db"), AS_STORE_READONLY, "no such file");

    /* Another application's SQLite database: refused, and left untouched. */
    const char *foreign = sub_path(fx, "foreign.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(foreign, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    open_fails(foreign, 0, "not an argsplit database");
    open_fails(foreign, AS_STORE_READONLY, "not an argsplit database");
    assert_int_equal(sql_int(foreign, "SELECT count(*) FROM t"), 1);
    assert_int_equal(sql_int(foreign, "PRAGMA application_id"), 0);

    /* Same schema shape but another application id. */
    const char *other_app = sub_path(fx, "other_app.db");
    as_store *s = open_ok(other_app, 0);
    close_ok(s);
    sql_exec(other_app, "PRAGMA application_id = 7");
    assert_int_equal(sql_int(other_app, "PRAGMA application_id"), 7);
    open_fails(other_app, 0, "not an argsplit database");

    /* Not SQLite at all. */
    const char *text = sub_path(fx, "notes.txt");
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)('a' + i % 26);
    write_file(text, junk, sizeof junk);
    open_fails(text, 0, "not an argsplit database");
    open_fails(text, AS_STORE_READONLY | AS_STORE_CHECK, "not an argsplit database");

    /* An empty file is not a database to read, but may become one. */
    const char *empty = sub_path(fx, "empty.db");
    write_file(empty, "", 0);
    open_fails(empty, AS_STORE_READONLY, "not an argsplit database");
    s = open_ok(empty, 0);
    close_ok(s);

    /* A newer schema than this build knows. */
    const char *newer = sub_path(fx, "newer.db");
    s = open_ok(newer, 0);
    close_ok(s);
    sql_exec(newer, "PRAGMA user_version = 99");
    open_fails(newer, 0, "newer");

    /* A directory. */
    open_fails(fx->dir, 0, "not a regular file");
}

static void test_refuses_corrupt_file(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    long long run = run_begin(s, 1);
    char key[64];
    for (int i = 0; i < 400; i++) {
        snprintf(key, sizeof key, "class-%04d-with-some-padding-text", i);
        add(s, run, key, "jax.jit@0.4.13");
    }
    progress(s, run, 400, 400);
    close_ok(s);

    struct stat sb;
    assert_int_equal(stat(fx->path, &sb), 0);
    assert_true(sb.st_size > 8 * 4096);
    FILE *f = fopen(fx->path, "rb");
    assert_non_null(f);
    char *data = malloc((size_t)sb.st_size);
    assert_int_equal(fread(data, 1, (size_t)sb.st_size, f), (size_t)sb.st_size);
    fclose(f);

    /* Garbage over the pages after the first: the header still says
     * "argsplit", the b-trees do not. */
    const char *garbled = sub_path(fx, "garbled.db");
    char *copy = malloc((size_t)sb.st_size);
    memcpy(copy, data, (size_t)sb.st_size);
    for (off_t i = 4096; i < sb.st_size; i++)
        copy[i] = (char)(i * 7 + 3);
    write_file(garbled, copy, (size_t)sb.st_size);
    open_fails(garbled, AS_STORE_READONLY | AS_STORE_CHECK, "file is corrupt");

    /* Truncated to half: refused by the check, never a crash. */
    const char *truncated = sub_path(fx, "truncated.db");
    write_file(truncated, data, (size_t)sb.st_size / 2);
    open_fails(truncated, AS_STORE_READONLY | AS_STORE_CHECK, "corrupt");
    free(copy);
    free(data);
}

/* ---- batches and dedupe -------------------------------------------------- */

static void test_batched_dedupe(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    as_store_set_batch_size(s, 1000);
    long long run = run_begin(s, 7);
    int news = 0;
    for (int i = 0; i < 10000; i++)
        news += add(s, run, "same-key", "jax.jit@0.4.13");
    assert_int_equal(news, 1);
    /* Three more keys interleaved, over a second subject. */
    const char *keys[] = {"a", "b", "c"};
    for (int i = 0; i < 3000; i++)
        news += add(s, run, keys[i % 3], "jax.pmap@0.4.13");
    assert_int_equal(news, 4);
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_store_count_subject_cases(s, run, "jax.jit@0.4.13", 10000, &err), 0);
    assert_int_equal(as_store_count_subject_cases(s, run, "jax.pmap@0.4.13", 3000, &err), 0);
    progress(s, run, 13000, 13000);
    assert_int_equal(n_classes(s), 4);
    assert_int_equal(hits_of(s, "same-key"), 10000);
    assert_int_equal(hits_of(s, "b"), 1000);
    assert_int_equal(as_store_run_end(s, run, AS_RUN_DONE, &err), 0);
    close_ok(s);

    assert_int_equal(sql_int(fx->path, "SELECT findings FROM runs"), 13000);
    assert_int_equal(sql_int(fx->path, "SELECT new_classes FROM runs"), 4);
    assert_int_equal(sql_int(fx->path, "SELECT cases FROM runs"), 13000);
    assert_int_equal(sql_int(fx->path, "SELECT findings FROM subject_stats WHERE subject='jax.pmap@0.4.13'"),
                     3000);
    assert_int_equal(sql_int(fx->path, "SELECT cases FROM subject_stats WHERE subject='jax.jit@0.4.13'"),
                     10000);
    assert_int_equal(sql_int(fx->path, "SELECT sum(hits) FROM class_runs"), 13000);

    /* Rows for reports: ordered by subject then hits, with the original. */
    s = open_ok(fx->path, AS_STORE_READONLY);
    as_arena a;
    as_arena_init(&a);
    as_class_row *rows;
    int n;
    assert_int_equal(as_store_classes(s, &a, &rows, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].subject, "jax.jit@0.4.13");
    assert_string_equal(rows[0].key, "same-key");
    assert_int_equal(rows[0].runs_seen, 1);
    assert_int_equal(rows[0].first_run, run);
    assert_int_equal(rows[0].has_shrunk, 0);
    assert_string_equal(as_class_reproducer(&rows[0])->signature, "(a, b)");
    assert_string_equal(rows[1].key, "a");
    as_run_row *runs;
    assert_int_equal(as_store_runs(s, &a, &runs, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(runs[0].status, AS_RUN_DONE);
    assert_int_equal(strlen(runs[0].uid), 32);
    assert_int_equal(runs[0].seed, 7);
    assert_true(runs[0].ended >= runs[0].started);
    as_arena_free(&a);
    close_ok(s);
}

/* Known classes with hits waiting are the next commit's row writes; a new
 * class is not (it is written whole), and a commit clears them all. */
static void test_pending_rows(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    as_store_set_batch_size(s, 1 << 30);
    long long run = run_begin(s, 7);
    add(s, run, "a", "jax.jit@0.4.13");
    add(s, run, "b", "jax.jit@0.4.13");
    add(s, run, "a", "jax.jit@0.4.13");
    assert_int_equal(as_store_pending_rows(s), 0);
    progress(s, run, 3, 3);
    assert_int_equal(as_store_pending_rows(s), 0);
    add(s, run, "a", "jax.jit@0.4.13");
    add(s, run, "a", "jax.jit@0.4.13");
    add(s, run, "c", "jax.jit@0.4.13");
    assert_int_equal(as_store_pending_rows(s), 1);
    add(s, run, "b", "jax.jit@0.4.13");
    assert_int_equal(as_store_pending_rows(s), 2);
    progress(s, run, 7, 4);
    assert_int_equal(as_store_pending_rows(s), 0);
    assert_int_equal(hits_of(s, "a"), 4);
    close_ok(s);
}

static void test_shrunk_reproducer(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    long long run = run_begin(s, 3);
    assert_int_equal(add(s, run, "k", "jax.jit@0.4.13"), 1);
    as_error err;
    as_error_clear(&err);
    as_finding shr = finding("k", "jax.jit@0.4.13", "(a)");
    assert_int_equal(as_store_set_shrunk(s, "k", &shr, &err), 0);
    as_finding bigger = finding("k", "jax.jit@0.4.13", "(a, b, c, d)");
    assert_int_equal(as_store_set_shrunk(s, "k", &bigger, &err), 0);
    /* of two the same size, the smaller text: before the class is written
     * (kept in memory) as after (the upsert) */
    as_finding tie = finding("k", "jax.jit@0.4.13", "(b)");
    assert_int_equal(as_store_set_shrunk(s, "k", &tie, &err), 0);
    assert_int_equal(as_store_set_shrunk(s, "nope", &shr, &err), -1);
    assert_non_null(strstr(err.message, "no class"));
    assert_int_equal(add(s, run, "k2", "jax.jit@0.4.13"), 1);
    assert_int_equal(as_store_set_shrunk(s, "k2", &tie, &err), 0);
    assert_int_equal(as_store_set_shrunk(s, "k2", &shr, &err), 0);
    progress(s, run, 1, 1);
    as_finding tie2 = finding("k2", "jax.jit@0.4.13", "(c)");
    assert_int_equal(as_store_set_shrunk(s, "k2", &tie2, &err), 0);

    as_arena a;
    as_arena_init(&a);
    as_class_row c;
    int found;
    assert_int_equal(as_store_find_class(s, &a, "k", &c, &found, &err), 0);
    assert_true(found);
    assert_true(c.has_shrunk);
    assert_string_equal(c.shrunk.signature, "(a)");
    assert_string_equal(c.original.signature, "(a, b)");
    assert_string_equal(as_class_reproducer(&c)->signature, "(a)");
    char id[24];
    snprintf(id, sizeof id, "%lld", c.id);
    as_class_row c2;
    assert_int_equal(as_store_find_class(s, &a, "k2", &c2, &found, &err), 0);
    assert_true(found && c2.has_shrunk);
    assert_string_equal(c2.shrunk.signature, "(a)");
    assert_int_equal(as_store_find_class(s, &a, id, &c, &found, &err), 0);
    assert_true(found);
    assert_string_equal(c.key, "k");
    assert_int_equal(as_store_find_class(s, &a, "999", &c, &found, &err), 0);
    assert_false(found);
    as_arena_free(&a);
    close_ok(s);
}

/* ---- resume --------------------------------------------------------------- */

static void test_resume_info(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    as_error err;
    as_error_clear(&err);
    long long done = run_begin(s, 1);
    progress(s, done, 10, 10);
    assert_int_equal(as_store_run_end(s, done, AS_RUN_DONE, &err), 0);
    long long killed = run_begin(s, 0xfedcba9876543210ull);
    add(s, killed, "k", "jax.jit@0.4.13");
    progress(s, killed, 500, 500);
    add(s, killed, "k", "jax.jit@0.4.13");    /* never committed: lost on "crash" */
    /* Simulate the crash: the run stays 'running'. */
    close_ok(s);

    s = open_ok(fx->path, 0);
    as_arena a;
    as_arena_init(&a);
    as_run_row r;
    int found;
    assert_int_equal(as_store_resume_info(s, &a, "campaign", &r, &found, &err), 0);
    assert_true(found);
    assert_int_equal(r.id, killed);
    assert_int_equal(r.next_case, 500);
    assert_true(r.seed == 0xfedcba9876543210ull);
    assert_string_equal(r.options_json, "{\"cases\":100}");
    assert_int_equal(r.status, AS_RUN_RUNNING);
    assert_int_equal(as_store_resume_info(s, &a, "enumerate", &r, &found, &err), 0);
    assert_false(found);

    assert_int_equal(as_store_run_reopen(s, killed, &err), 0);
    progress(s, killed, 1000, 500);
    assert_int_equal(as_store_run_end(s, killed, AS_RUN_DONE, &err), 0);
    assert_int_equal(as_store_resume_info(s, &a, NULL, &r, &found, &err), 0);
    assert_false(found);
    assert_int_equal(as_store_run_progress(s, 12345, 1, 1, 0, &err), -1);
    assert_non_null(strstr(err.message, "no run"));
    as_arena_free(&a);
    close_ok(s);
    assert_int_equal(sql_int(fx->path, "SELECT cases FROM runs WHERE id = 2"), 1000);
}

/* ---- merge ------------------------------------------------------------- */

/* A shard with `n` findings spread over keys k0..k(m-1), plus one shrunk. */
static void make_shard(const char *path, int n, int m, const char *shrunk_sig)
{
    as_store *s = open_ok(path, 0);
    long long run = run_begin(s, 11);
    char key[16];
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "k%d", i % m);
        add(s, run, key, "jax.jit@0.4.13");
    }
    as_error err;
    as_error_clear(&err);
    as_finding shr = finding("k0", "jax.jit@0.4.13", shrunk_sig);
    assert_int_equal(as_store_set_shrunk(s, "k0", &shr, &err), 0);
    as_fuzz_stat fs = {.target = "fuzz_binder", .engine = "libfuzzer", .execs_per_sec = 1234.5,
                       .coverage = 800, .new_classes = 1};
    assert_int_equal(as_store_record_fuzz_stat(s, run, &fs, &err), 0);
    progress(s, run, n, n);
    assert_int_equal(as_store_run_end(s, run, AS_RUN_DONE, &err), 0);
    close_ok(s);
}

static void merge_ok(as_store *dst, const char *src, as_merge_stats *ms)
{
    as_error err;
    as_error_clear(&err);
    if (as_store_merge(dst, src, ms, &err) < 0)
        fail_msg("merge %s: %s", src, err.message);
}

static void test_merge_idempotent(void **state)
{
    fixture *fx = *state;
    const char *a = sub_path(fx, "a.db");
    make_shard(a, 300, 3, "(x)");
    as_store *out = open_ok(fx->path, 0);
    as_merge_stats ms;
    merge_ok(out, a, &ms);
    assert_int_equal(ms.runs_added, 1);
    assert_int_equal(ms.classes_added, 3);
    assert_int_equal(hits_of(out, "k0"), 100);
    merge_ok(out, a, &ms);
    assert_int_equal(ms.runs_added, 0);
    assert_int_equal(ms.runs_skipped, 1);
    assert_int_equal(ms.classes_added, 0);
    assert_int_equal(hits_of(out, "k0"), 100);
    assert_int_equal(hits_of(out, "k2"), 100);
    assert_int_equal(n_classes(out), 3);

    /* New findings added to out itself keep counting on top. */
    long long run = run_begin(out, 5);
    add(out, run, "k0", "jax.jit@0.4.13");
    merge_ok(out, a, &ms);
    assert_int_equal(hits_of(out, "k0"), 101);

    /* A later snapshot of the same run replaces the earlier copy. */
    as_store *sa = open_ok(a, 0);
    as_arena ar;
    as_arena_init(&ar);
    as_run_row *runs;
    int n;
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_store_runs(sa, &ar, &runs, &n, &err), 0);
    assert_int_equal(as_store_run_reopen(sa, runs[0].id, &err), 0);
    for (int i = 0; i < 50; i++)
        add(sa, runs[0].id, "k1", "jax.jit@0.4.13");
    progress(sa, runs[0].id, 350, 50);
    close_ok(sa);
    as_arena_free(&ar);
    merge_ok(out, a, &ms);
    assert_int_equal(ms.runs_updated, 1);
    assert_int_equal(hits_of(out, "k1"), 150);
    assert_int_equal(hits_of(out, "k0"), 101);
    merge_ok(out, a, &ms);
    assert_int_equal(ms.runs_skipped, 1);
    assert_int_equal(hits_of(out, "k1"), 150);
    close_ok(out);
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM runs"), 2);
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM fuzz_stats"), 1);

    /* Into itself, or from a foreign file: refused, nothing changes. */
    out = open_ok(fx->path, 0);
    assert_int_equal(as_store_merge(out, fx->path, &ms, &err), -1);
    assert_non_null(strstr(err.message, "itself"));
    const char *junk = sub_path(fx, "junk.db");
    write_file(junk, "not a database at all, just some text that is long enough", 56);
    assert_int_equal(as_store_merge(out, junk, &ms, &err), -1);
    assert_non_null(strstr(err.message, "not an argsplit database"));
    assert_int_equal(hits_of(out, "k1"), 150);
    close_ok(out);
}

static void test_merge_union(void **state)
{
    fixture *fx = *state;
    const char *a = sub_path(fx, "a.db"), *b = sub_path(fx, "b.db");
    make_shard(a, 400, 4, "(x, y)");      /* k0..k3, 100 each */
    make_shard(b, 300, 6, "(x)");         /* k0..k5, 50 each; smaller shrunk k0 */
    as_store *out = open_ok(fx->path, 0);
    merge_ok(out, a, NULL);
    merge_ok(out, b, NULL);
    assert_int_equal(n_classes(out), 6);
    assert_int_equal(hits_of(out, "k0"), 150);
    assert_int_equal(hits_of(out, "k3"), 150);
    assert_int_equal(hits_of(out, "k5"), 50);
    as_arena ar;
    as_arena_init(&ar);
    as_class_row c;
    int found;
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_store_find_class(out, &ar, "k0", &c, &found, &err), 0);
    assert_string_equal(c.shrunk.signature, "(x)");   /* the smaller one */
    assert_int_equal(c.runs_seen, 2);
    as_subject_stat_row *stats;
    int n;
    assert_int_equal(as_store_subject_stats(out, &ar, &stats, &n, &err), 0);
    assert_int_equal(n, 2);
    as_fuzz_stat_row *fz;
    assert_int_equal(as_store_fuzz_stats(out, &ar, &fz, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(fz[0].stat.target, "fuzz_binder");
    as_class_run_row *cr;
    assert_int_equal(as_store_class_runs(out, &ar, &cr, &n, &err), 0);
    assert_int_equal(n, 10);
    as_arena_free(&ar);
    close_ok(out);

    /* The other order gives the same classes and counts. */
    const char *out2 = sub_path(fx, "out2.db");
    out = open_ok(out2, 0);
    merge_ok(out, b, NULL);
    merge_ok(out, a, NULL);
    merge_ok(out, b, NULL);
    assert_int_equal(n_classes(out), 6);
    assert_int_equal(hits_of(out, "k0"), 150);
    assert_int_equal(hits_of(out, "k4"), 50);
    as_arena_init(&ar);
    assert_int_equal(as_store_find_class(out, &ar, "k0", &c, &found, &err), 0);
    assert_string_equal(c.shrunk.signature, "(x)");
    as_arena_free(&ar);
    close_ok(out);
}

/* ---- kill -9 ----------------------------------------------------------- */

enum { KILL_BATCH = 50 };

/* Child: resume (or begin) the campaign run and write batches forever; after
 * each committed batch report the committed resume point on `fd`. */
static void writer_child(const char *path, int fd)
{
    as_store *s;
    as_error err;
    if (as_store_open(path, 0, &s, &err) < 0)
        _exit(3);
    as_store_set_batch_size(s, 1 << 20);    /* commit only at progress */
    as_arena a;
    as_arena_init(&a);
    as_run_row r;
    int found;
    long long run, next = 0;
    if (as_store_resume_info(s, &a, "campaign", &r, &found, &err) < 0)
        _exit(3);
    if (found) {
        run = r.id;
        next = r.next_case;
        if (as_store_run_reopen(s, run, &err) < 0)
            _exit(3);
    } else {
        as_run_info info = {.engine = "campaign", .seed = 9};
        if (as_store_run_begin(s, &info, &run, &err) < 0)
            _exit(3);
    }
    char key[32];
    for (;;) {
        for (int i = 0; i < KILL_BATCH; i++) {
            snprintf(key, sizeof key, "kill-%lld", (next + i) % 37);
            as_finding f = finding(key, "jax.jit@0.4.13", "(a, b, c)");
            if (as_store_add_finding(s, run, &f, NULL, &err) < 0)
                _exit(4);
        }
        next += KILL_BATCH;
        if (as_store_run_progress(s, run, next, KILL_BATCH, 0.001, &err) < 0)
            _exit(5);
        if (write(fd, &next, sizeof next) != (ssize_t)sizeof next)
            _exit(6);
    }
}

static void test_kill9(void **state)
{
    fixture *fx = *state;
    srand((unsigned)time(NULL));
    long long acknowledged = 0;
    for (int round = 0; round < 6; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            writer_child(fx->path, fds[1]);
        }
        close(fds[1]);
        long long v;
        assert_int_equal(read(fds[0], &v, sizeof v), sizeof v);   /* the child is writing */
        usleep((useconds_t)(rand() % 150000));
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        while (read(fds[0], &v, sizeof v) == (ssize_t)sizeof v)
            acknowledged = v;
        close(fds[0]);

        /* The file is intact and holds every acknowledged batch; findings
         * match the resume point exactly (each case gave one finding). */
        as_store *s = open_ok(fx->path, AS_STORE_CHECK);
        close_ok(s);
        char buf[64];
        assert_string_equal(sql_text(fx->path, "PRAGMA integrity_check", buf, sizeof buf), "ok");
        long long next = sql_int(fx->path, "SELECT next_case FROM runs");
        assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM runs"), 1);
        assert_true(next >= acknowledged);
        assert_int_equal(sql_int(fx->path, "SELECT COALESCE(sum(hit_count), 0) FROM classes"), next);
        assert_int_equal(sql_int(fx->path, "SELECT findings FROM runs"), next);
        assert_int_equal(sql_int(fx->path, "SELECT cases FROM runs"), next);
        acknowledged = next;
    }
    assert_true(acknowledged > 0);
}

/* ---- locking ------------------------------------------------------------- */

static void test_locked(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    close_ok(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO meta VALUES('x', 'y');", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    open_fails(fx->path, 0, "database is locked (another argsplit is writing it?)");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 5);   /* a short wait, not a hang */
    /* Readers still get in (WAL). */
    s = open_ok(fx->path, AS_STORE_READONLY);
    close_ok(s);
    /* A writer that got in before the lock fails its commit cleanly. */
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    s = open_ok(fx->path, 0);
    long long run = run_begin(s, 1);
    add(s, run, "k", "jax.jit@0.4.13");
    progress(s, run, 1, 1);
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO meta VALUES('x', 'y');", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    add(s, run, "k", "jax.jit@0.4.13");
    as_error err;
    as_error_clear(&err);
    /* a new class is written by the commit: that is where the lock shows */
    as_finding nf = finding("new", "jax.jit@0.4.13", "(a)");
    assert_int_equal(as_store_add_finding(s, run, &nf, NULL, &err), 0);
    assert_int_equal(as_store_run_progress(s, run, 3, 2, 0, &err), -1);
    assert_non_null(strstr(err.message, "database is locked"));
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    /* Nothing committed before was lost; the failed batch is simply gone. */
    assert_int_equal(hits_of(s, "k"), 1);
    assert_int_equal(hits_of(s, "new"), -1);
    assert_int_equal(add(s, run, "new", "jax.jit@0.4.13"), 1);
    progress(s, run, 2, 1);
    assert_int_equal(hits_of(s, "new"), 1);
    close_ok(s);
}

/* Background mode: progress commits written by the writer thread while
 * adds go on; a failed one is reported by the next call, and nothing
 * committed before it is lost. */
static void test_background(void **state)
{
    fixture *fx = *state;
    as_store *s = open_ok(fx->path, 0);
    long long run = run_begin(s, 1);
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_store_set_background(s, 1, &err), 0);
    assert_int_equal(add(s, run, "k", "jax.jit@0.4.13"), 1);
    progress(s, run, 1, 1);
    assert_int_equal(add(s, run, "k", "jax.jit@0.4.13"), 0);   /* known while being written */
    assert_int_equal(add(s, run, "n", "jax.jit@0.4.13"), 1);
    as_finding shr = finding("k", "jax.jit@0.4.13", "(a)");
    assert_int_equal(as_store_set_shrunk(s, "k", &shr, &err), 0);   /* waits for its id */
    progress(s, run, 3, 2);
    assert_int_equal(as_store_set_background(s, 0, &err), 0);
    assert_int_equal(hits_of(s, "k"), 2);
    assert_int_equal(hits_of(s, "n"), 1);

    sqlite3 *db;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_equal(as_store_set_background(s, 1, &err), 0);
    add(s, run, "k", "jax.jit@0.4.13");
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO meta VALUES('x', 'y');", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    assert_int_equal(as_store_run_progress(s, run, 4, 1, 0, &err), 0);   /* handed over */
    assert_int_equal(add(s, run, "m", "jax.jit@0.4.13"), 1);
    assert_int_equal(as_store_run_progress(s, run, 5, 1, 0, &err), -1);
    assert_non_null(strstr(err.message, "database is locked"));
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(as_store_set_background(s, 0, &err), 0);
    assert_int_equal(hits_of(s, "k"), 2);
    assert_int_equal(hits_of(s, "m"), -1);
    as_arena a;
    as_arena_init(&a);
    as_run_row r;
    int found;
    assert_int_equal(as_store_resume_info(s, &a, NULL, &r, &found, &err), 0);
    assert_true(found);
    assert_int_equal(r.next_case, 3);
    assert_int_equal(r.cases, 3);
    assert_int_equal(r.findings, 3);
    assert_int_equal(r.new_classes, 2);
    as_arena_free(&a);
    close_ok(s);
}

/* `test_store --make-fixture PATH`: a small populated database for the CLI
 * contract tests (tests/store_cli_test.sh). */
static int make_fixture(const char *path)
{
    static const char obs[] =
        "{\"subject\": \"jax.jit@0.4.13\", \"decoration\": {\"ok\": true, \"warnings\": []},"
        " \"call\": {\"ok\": true, \"args\": [{\"param\": \"a\", \"kind\": \"positional_or_keyword\","
        " \"passed\": \"positional\", \"slot\": 0, \"verdict\": \"static\"}]}}";
    static const char ref[] =
        "{\"subject\": \"reference\", \"decoration\": {\"ok\": true, \"warnings\": []},"
        " \"call\": {\"ok\": true, \"args\": [{\"param\": \"a\", \"kind\": \"positional_or_keyword\","
        " \"passed\": \"positional\", \"slot\": 0, \"verdict\": \"traced\"}]}}";
    as_store *s;
    as_error err;
    long long run;
    as_run_info info = {.engine = "campaign", .seed = 1, .subjects_json = "[\"jax.jit@0.4.13\"]"};
    if (as_store_open(path, 0, &s, &err) < 0 || as_store_run_begin(s, &info, &run, &err) < 0)
        goto fail;
    as_finding f = {.key = "jit-neg", .subject = "jax.jit@0.4.13", .other = "reference",
                    .relation = "vs-reference", .rule = "neg-index", .signature = "(a, b, c)",
                    .spec_json = "{\"static_argnums\": [-3]}", .call = "(1, 2, c=x)",
                    .observed_json = obs, .expected_json = ref, .py_minor = 11};
    for (int i = 0; i < 5; i++)
        if (as_store_add_finding(s, run, &f, NULL, &err) < 0)
            goto fail;
    as_finding shrunk = f;
    shrunk.signature = "(a)";
    shrunk.spec_json = "{\"static_argnums\": -1}";
    shrunk.call = "(1)";
    if (as_store_set_shrunk(s, "jit-neg", &shrunk, &err) < 0)
        goto fail;
    as_finding g = f;
    g.key = "pmap-neg";
    g.subject = "jax.pmap@0.4.13";
    g.rule = "pmap-neg-ignored";
    g.spec_json = "{\"static_broadcasted_argnums\": [-1]}";
    g.call = NULL;
    for (int i = 0; i < 2; i++)
        if (as_store_add_finding(s, run, &g, NULL, &err) < 0)
            goto fail;
    as_finding h = f;
    h.key = "jit-both";
    h.rule = "both-specs";
    if (as_store_add_finding(s, run, &h, NULL, &err) < 0 ||
        as_store_run_progress(s, run, 8, 8, 0.1, &err) < 0 ||
        as_store_run_end(s, run, AS_RUN_DONE, &err) < 0 || as_store_close(s, &err) < 0)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "fixture: %s\n", err.message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--make-fixture") == 0)
        return make_fixture(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_and_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_foreign_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_corrupt_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batched_dedupe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shrunk_reproducer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_info, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_union, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kill9, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_background, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
