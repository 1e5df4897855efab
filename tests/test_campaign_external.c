/* test_campaign_external.c — `argsplit fuzz` with external subjects:
 * py:reference agrees with the C reference on every case it is given, a
 * backend that is not its C model gives model-fidelity classes, and a
 * subject that crashes on some cases gives a subject-crash class while the
 * run goes on to its last case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/store.h"
#include "subjects/registry.h"

static char tmp_dir[] = "/tmp/argsplit_campext.XXXXXX";

static const char *src_dir(void)
{
    const char *d = getenv("ARGSPLIT_SOURCE_DIR");
    return d && *d ? d : ARGSPLIT_SOURCE_DIR;
}

/* The argsplit binary and a usable python3, or skip the test. */
static const char *need_tools(void)
{
    const char *bin = getenv("ARGSPLIT_BIN");
    if (!bin || !*bin || access(bin, X_OK) != 0)
        skip();
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' -c 'import sys; sys.exit(sys.version_info < (3, 8))' >/dev/null 2>&1",
             getenv("ARGSPLIT_PYTHON"));
    if (system(cmd) != 0)
        skip();
    return bin;
}

/* Run `argsplit fuzz ARGS` into DB; its exit status, stdout in tmp_dir/out. */
static int fuzz(const char *bin, const char *db, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' fuzz --db '%s/%s' --quiet %s >'%s/out' 2>'%s/err'", bin, tmp_dir, db, args,
             tmp_dir, tmp_dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void assert_out_starts(const char *want)
{
    char path[512], line[512] = "";
    snprintf(path, sizeof path, "%s/out", tmp_dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    if (!fgets(line, sizeof line, f))
        line[0] = 0;
    fclose(f);
    if (strncmp(line, want, strlen(want)) != 0)
        fail_msg("summary '%s', want it to start with '%s'", line, want);
}

typedef struct stored {
    as_store *store;
    as_arena arena;
    as_class_row *rows;
    int n;
} stored;

static void load(stored *st, const char *db)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, db);
    as_error err;
    as_arena_init(&st->arena);
    if (as_store_open(path, 0, &st->store, &err) < 0 ||
        as_store_classes(st->store, &st->arena, &st->rows, &st->n, &err) < 0)
        fail_msg("%s: %s", path, err.message);
}

static void unload(stored *st)
{
    as_store_close(st->store, NULL);
    as_arena_free(&st->arena);
}

/* Classes about `subject` (under `relation` when not NULL). */
static int count(const stored *st, const char *subject, const char *relation)
{
    int k = 0;
    for (int i = 0; i < st->n; i++)
        k += strcmp(st->rows[i].subject, subject) == 0 &&
             (!relation || strcmp(st->rows[i].relation, relation) == 0);
    return k;
}

static long long cases_of(const stored *st, const char *subject)
{
    as_subject_stat_row *rows;
    int n;
    as_error err;
    as_arena a;
    as_arena_init(&a);
    if (as_store_subject_stats(st->store, &a, &rows, &n, &err) < 0)
        fail_msg("stats: %s", err.message);
    long long k = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].subject, subject) == 0)
            k += rows[i].cases;
    as_arena_free(&a);
    return k;
}

/* Any class is a real disagreement between two implementations of
 * REFERENCE.md, the second observing CPython's own binding. */
static void test_py_reference_agrees(void **state)
{
    (void)state;
    const char *bin = need_tools();
    assert_int_equal(fuzz(bin, "py.db", "--seed 11 --cases 300 --subjects py:reference"), 0);
    assert_out_starts("300 cases, ");
    stored st;
    load(&st, "py.db");
    for (int i = 0; i < st.n; i++)
        if (strcmp(st.rows[i].subject, "py:reference") == 0)
            fail_msg("py:reference disagrees: %s (argsplit triage %s)", st.rows[i].key, st.rows[i].key);
    assert_int_equal(cases_of(&st, "py:reference"), 300);
    unload(&st);
}

/* mylib.jit (examples/own-library/mylib.py) reads static_argnums by call
 * position, not binding: it must differ from its model jax.jit. */
static void test_model_fidelity(void **state)
{
    (void)state;
    const char *bin = need_tools();
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/own-library:%s/adapters/python", src_dir(), src_dir());
    setenv("PYTHONPATH", path, 1);
    setenv("ARGSPLIT_BACKENDS", "my_backend", 1);
    int rc = fuzz(bin, "ml.db", "--seed 2 --cases 200 --no-shrink --subjects py:mylib.jit");
    unsetenv("ARGSPLIT_BACKENDS");
    unsetenv("PYTHONPATH");
    assert_int_equal(rc, 0);
    stored st;
    load(&st, "ml.db");
    assert_true(count(&st, "py:mylib.jit", "model-fidelity") > 0);
    assert_true(count(&st, "py:mylib.jit", "vs-reference") > 0);
    const char *model = as_subject_find("jax.jit")->id;
    for (int i = 0; i < st.n; i++) {
        const as_class_row *c = &st.rows[i];
        if (strcmp(c->relation, "model-fidelity") != 0)
            continue;
        assert_string_equal(c->other, model);
        if (strncmp(c->key, "py:mylib.jit|model-fidelity|", 28) != 0)
            fail_msg("key %s", c->key);
    }
    /* externals take no part in version pairs or metamorphic relations */
    assert_int_equal(count(&st, "py:mylib.jit", NULL),
                     count(&st, "py:mylib.jit", "model-fidelity") + count(&st, "py:mylib.jit", "vs-reference"));
    unload(&st);
}

/* A shim in front of fake_subject.py: the requests whose signature hashes
 * to 0 mod 50 get a first parameter named `crash`, on which the fake
 * subject kills itself with SIGSEGV (the same case each time it is sent). */
static const char shim[] =
    "import json, os, runpy, sys, threading, zlib\n"
    "fake = sys.argv[1]\n"
    "src = os.fdopen(os.dup(0), 'rb')\n"
    "r, w = os.pipe()\n"
    "os.dup2(r, 0)\n"
    "os.close(r)\n"
    "def pump():\n"
    "    dst = os.fdopen(w, 'wb', buffering=0)\n"
    "    for line in src:\n"
    "        req = json.loads(line)\n"
    "        sig = req.get('signature')\n"
    "        if sig and zlib.crc32(sig.encode()) % 50 == 0:\n"
    "            req['signature'] = '(crash, ' + sig[1:]\n"
    "        dst.write((json.dumps(req) + '\\n').encode())\n"
    "    dst.close()\n"
    "threading.Thread(target=pump, daemon=True).start()\n"
    "sys.argv = [fake]\n"
    "runpy.run_path(fake, run_name='__main__')\n";

static void test_crashing_subject(void **state)
{
    (void)state;
    const char *bin = need_tools();
    char path[512];
    snprintf(path, sizeof path, "%s/crashy.py", tmp_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(shim, f);
    fclose(f);
    char args[2048];
    snprintf(args, sizeof args, "--seed 4 --cases 300 --no-shrink --jobs 4 --subjects 'ext:%s %s %s/tests/external/fake_subject.py'",
             getenv("ARGSPLIT_PYTHON"), path, src_dir());
    assert_int_equal(fuzz(bin, "crash.db", args), 0);
    assert_out_starts("300 cases, ");
    stored st;
    load(&st, "crash.db");
    int crashes = count(&st, "ext:fake", "subject-crash");
    assert_true(crashes > 0);
    assert_true(count(&st, "ext:fake", "vs-reference") > 0);   /* the other cases were checked */
    for (int i = 0; i < st.n; i++) {
        const as_class_row *c = &st.rows[i];
        if (strcmp(c->relation, "subject-crash") != 0)
            continue;
        if (!strstr(c->original.observed_json, "SubjectCrash"))
            fail_msg("crash class %s observed %s", c->key, c->original.observed_json);
        assert_string_equal(c->other, "reference");
        assert_non_null(c->original.signature);
        assert_false(c->has_shrunk);   /* the case itself is the reproducer */
    }
    assert_int_equal(cases_of(&st, "ext:fake"), 300);
    unload(&st);
}

int main(void)
{
    if (!getenv("ARGSPLIT_PYTHON"))
        setenv("ARGSPLIT_PYTHON", "python3", 1);
    if (!mkdtemp(tmp_dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_py_reference_agrees),
        cmocka_unit_test(test_model_fidelity),
        cmocka_unit_test(test_crashing_subject),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
