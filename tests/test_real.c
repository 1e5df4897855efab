/* test_real.c — releases and their models (registry.h) and real subjects
 * (real.h): id parsing, release ranges, the unknown-release error, the
 * handshake checks, and batching, with tests/external/fake_real_env and
 * fake_real_adapter.py standing in for scripts/real-env and the adapter
 * running a real release.  The real thing is tests/real/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oracle/pyversion.h"
#include "oracle/spec.h"
#include "oracle/textfile.h"
#include "subjects/external.h"
#include "subjects/real.h"
#include "subjects/registry.h"
#include "tests/support/pytruth.h"

static const char *src_dir(void)
{
    const char *d = getenv("ARGSPLIT_SOURCE_DIR");
    return d && *d ? d : ARGSPLIT_SOURCE_DIR;
}

static char log_path[256];

/* The fakes in place of real-env and the adapter; the log emptied. */
static void use_fakes(as_arena *a)
{
    setenv("ARGSPLIT_REAL_ENV", as_arena_printf(a, "%s/tests/external/fake_real_env", src_dir()), 1);
    setenv("ARGSPLIT_ADAPTER", as_arena_printf(a, "%s/tests/external/fake_real_adapter.py", src_dir()), 1);
    snprintf(log_path, sizeof log_path, "/tmp/argsplit_real_%ld.log", (long)getpid());
    unlink(log_path);
    setenv("FAKE_REAL_LOG", log_path, 1);
    unsetenv("FAKE_REAL_CLAIM_VERSION");
    unsetenv("FAKE_REAL_CLAIM_BACKEND");
    unsetenv("FAKE_REAL_CLAIM_PATH");
}

/* A fake's log ("" before it wrote one). */
static char *slurp(as_arena *a, const char *path)
{
    char *text;
    size_t len;
    as_error err;
    return as_read_text_file(a, path, 1 << 20, 16 << 20, &text, &len, &err) == 0 ? text : as_arena_strdup(a, "");
}

static void assert_no_children(void)
{
    int st;
    errno = 0;
    assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

/* ---- releases ------------------------------------------------------------ */

static void test_release_compare(void **state)
{
    (void)state;
    assert_true(as_release_cmp("0.4.9", "0.4.14") < 0);
    assert_true(as_release_cmp("0.4.14", "0.4.9") > 0);
    assert_int_equal(as_release_cmp("0.11", "0.11.0"), 0);
    assert_true(as_release_cmp("0.10.0", "0.9.9") > 0);
    assert_int_equal(as_release_cmp("0.8.3", "0.8.x"), 0);
    assert_true(as_release_cmp("0.9.0", "0.8.x") > 0);
    assert_true(as_release_cmp("0.5.0rc1", "0.5.0") < 0);
    assert_true(as_release_valid("0.4.14"));
    assert_true(as_release_valid("0.5.0rc1"));
    assert_false(as_release_valid("v0.4"));
    assert_false(as_release_valid("0..4"));
    assert_false(as_release_valid("0.4."));
    assert_false(as_release_valid("0.4/x"));
    assert_false(as_release_valid(""));
}

/* Every model has a row and every row a model; per family the ranges
 * ascend without overlapping (only the newest may be open). */
static void test_ranges_well_formed(void **state)
{
    (void)state;
    const as_subject *const *all = as_subjects_all();
    assert_null(as_subject_releases(all[0]));
    for (int i = 1; all[i]; i++) {
        const as_subject *s = all[i];
        const as_release_range *r = as_subject_releases(s);
        if (!r)
            fail_msg("%s: no release range in subjects/releases.c", s->id);
        if (!as_release_valid(r->first))
            fail_msg("%s: first release '%s'", s->id, r->first);
        if (r->last[0] && as_release_cmp(r->first, r->last) > 0)
            fail_msg("%s: range %s..%s is empty", s->id, r->first, r->last);
        if (r->checked[0] && !as_subject_covers(s, r->checked))
            fail_msg("%s: checked release %s is outside its range", s->id, r->checked);
        const as_subject *next = NULL;
        for (int j = i + 1; all[j] && !next; j++)
            if (strcmp(all[j]->family, s->family) == 0)
                next = all[j];
        if (!next)
            continue;
        const as_release_range *rn = as_subject_releases(next);
        if (rn && (!r->last[0] || as_release_cmp(r->last, rn->first) >= 0))
            fail_msg("%s (%s..%s) overlaps %s (from %s)", s->id, r->first, r->last, next->id, rn->first);
        assert_true(as_subject_covers(s, r->first));
        assert_ptr_equal(as_subject_for_release(s->family, r->first, NULL), s);
    }
    int n;
    const as_release_range *rows = as_release_ranges(&n);
    for (int k = 0; k < n; k++) {
        const as_subject *s = as_subject_find(rows[k].id);
        if (!s || strcmp(s->id, rows[k].id) != 0)
            fail_msg("subjects/releases.c: '%s' is no model", rows[k].id);
    }
}

static void test_release_resolution(void **state)
{
    (void)state;
    const as_subject *m = as_subject_find("jax.jit@0.4.30");
    assert_non_null(m);
    assert_string_equal(m->id, "jax.jit@0.4.27");
    assert_string_equal(as_subject_find("jax.jit@0.4.35")->id, "jax.jit@0.4.27");
    assert_string_equal(as_subject_find("jax.jit@0.8.5")->id, "jax.jit@0.8.2");
    assert_string_equal(as_subject_find("jax.jit@0.12.3")->id, "jax.jit@0.12");
    assert_string_equal(as_subject_find("jax.jit@0.12.0.1")->id, "jax.jit@0.12");
    assert_string_equal(as_subject_find("jax.jit@0.11")->id, "jax.jit@0.11");   /* an exact id first */
    assert_string_equal(as_subject_find("jax.grad@0.3.9")->id, "jax.grad@0.3.10");
    char buf[256];
    assert_string_equal(as_subject_release_note("jax.jit@0.4.30", m, buf, sizeof buf),
                        "jax.jit@0.4.30 \u2192 model jax.jit@0.4.27 (covers 0.4.27\u20130.4.35)");
    assert_null(as_subject_release_note("jax.jit@0.4.27", m, buf, sizeof buf));
    assert_null(as_subject_release_note("jax.jit", m, buf, sizeof buf));

    /* a release before every model: one line listing the ranges */
    as_error err;
    assert_null(as_subject_find("jax.jit@0.2.9"));
    assert_null(as_subject_for_release("jax.jit", "0.2.9", &err));
    assert_string_equal(err.type, "InputError");
    assert_non_null(strstr(err.message, "no model of jax.jit covers release 0.2.9"));
    assert_non_null(strstr(err.message, "jax.jit@0.4.14 (0.4.14\u20130.4.26)"));
    assert_non_null(strstr(err.message, "jax.jit@0.12 (0.12.0 onwards)"));
    assert_null(strchr(err.message, '\n'));
    assert_null(as_subject_for_release("jax.jit", "latest", &err));
    assert_non_null(strstr(err.message, "not a release"));
    assert_null(as_subject_for_release("jax.nosuch", "0.4.1", &err));
    assert_non_null(strstr(err.message, "unknown subject family"));
    /* nearest: the model an uncovered release is measured against */
    assert_string_equal(as_subject_nearest_release("jax.jit", "0.4.20")->id, "jax.jit@0.4.14");
    assert_string_equal(as_subject_nearest_release("jax.jit", "0.2.0")->id, "jax.jit@0.3.7");
    assert_null(as_subject_nearest_release("jax.nosuch", "0.2.0"));

    /* through the resolver: the same model, and the same error */
    as_ext_set *set = as_ext_set_new("/nonexistent/subjects.toml");
    assert_ptr_equal(as_subject_resolve(set, "jax.jit@0.4.30", &err), m);
    assert_null(as_subject_resolve(set, "jax.jit@0.2.9", &err));
    assert_non_null(strstr(err.message, "no model of jax.jit covers release 0.2.9"));
    as_ext_set_free(set);
}

/* ---- ids ---------------------------------------------------------------- */

static void test_parse_ids(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_real_id r;
    as_error err;
    assert_int_equal(as_real_parse(&a, "real:jax.jit@0.4.14", &r, &err), 0);
    assert_string_equal(r.family, "jax.jit");
    assert_string_equal(r.module, "jax");
    assert_string_equal(r.release, "0.4.14");
    assert_null(r.path);
    assert_int_equal(as_real_parse(&a, "real:equinox.filter_jit@0.11.2", &r, &err), 0);
    assert_string_equal(r.module, "equinox");
    assert_string_equal(r.release, "0.11.2");

    static const char *const bad[][2] = {
        {"real:jax.jit", "real:FAMILY@RELEASE"},
        {"real:@0.4.14", "real:FAMILY@RELEASE"},
        {"real:jax.jit@", "real:FAMILY@RELEASE"},
        {"real:jax.jot@0.4.14", "unknown family 'jax.jot'"},
        {"real:reference@0.4.14", "unknown family"},
        {"real:jax.jit@newest", "neither a release"},
        {"real:jax.jit@/no/such/dir", "is no directory"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        as_error_clear(&err);
        assert_int_equal(as_real_parse(&a, bad[i][0], &r, &err), -1);
        assert_string_equal(err.type, "InputError");
        if (!strstr(err.message, bad[i][1]))
            fail_msg("%s: '%s' lacks '%s'", bad[i][0], err.message, bad[i][1]);
    }

    /* a directory: a venv when it has bin/python, else a checkout */
    char dir[] = "/tmp/argsplit_realid.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(as_real_parse(&a, as_arena_printf(&a, "real:jax.jit@%s", dir), &r, &err), 0);
    assert_string_equal(r.path, dir);
    assert_false(r.is_venv);
    assert_null(r.release);
    const char *bin = as_arena_printf(&a, "%s/bin", dir), *py = as_arena_printf(&a, "%s/bin/python", dir);
    assert_int_equal(mkdir(bin, 0755), 0);
    assert_int_equal(symlink("/bin/true", py), 0);
    assert_int_equal(as_real_parse(&a, as_arena_printf(&a, "real:jax.grad@%s/", dir), &r, &err), 0);
    assert_true(r.is_venv);
    unlink(py);
    rmdir(bin);
    rmdir(dir);
    as_arena_free(&a);
}

static void test_data_dir(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    unsetenv("ARGSPLIT_DATA_DIR");
    char *source = getenv("ARGSPLIT_SOURCE_DIR") ? strdup(getenv("ARGSPLIT_SOURCE_DIR")) : NULL;
    unsetenv("ARGSPLIT_SOURCE_DIR");
    char path[4096];
    /* a build-tree binary: the source tree (no share/argsplit beside it) */
    snprintf(path, sizeof path, "%s/adapters/python/argsplit_adapter.py", as_data_dir(&a));
    assert_int_equal(access(path, R_OK), 0);
    assert_string_equal(as_data_dir(&a), ARGSPLIT_SOURCE_DIR);
    setenv("ARGSPLIT_SOURCE_DIR", "/opt/older-name", 1);   /* the older name is an alias */
    assert_string_equal(as_data_dir(&a), "/opt/older-name");
    setenv("ARGSPLIT_DATA_DIR", "/opt/elsewhere", 1);        /* the documented one wins */
    assert_string_equal(as_data_dir(&a), "/opt/elsewhere");
    if (source)
        setenv("ARGSPLIT_SOURCE_DIR", source, 1);
    else
        unsetenv("ARGSPLIT_SOURCE_DIR");
    free(source);
    assert_string_equal(as_data_dir(&a), "/opt/elsewhere");
    unsetenv("ARGSPLIT_ADAPTER");
    assert_string_equal(as_ext_adapter_path(&a), "/opt/elsewhere/adapters/python/argsplit_adapter.py");
    unsetenv("ARGSPLIT_REAL_ENV");
    assert_string_equal(as_real_env_path(&a), "/opt/elsewhere/scripts/real-env");
    unsetenv("ARGSPLIT_DATA_DIR");
    as_arena_free(&a);
}

/* ---- subjects -------------------------------------------------------------- */

static int n_notes;
static char last_note[512];

static void on_note(void *ctx, const char *note)
{
    (void)ctx;
    n_notes++;
    snprintf(last_note, sizeof last_note, "%s", note);
}

static void test_resolve_real(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    use_fakes(&a);
    as_ext_set *set = as_ext_set_new("/nonexistent/subjects.toml");
    as_ext_set_on_note(set, on_note, NULL);
    as_error err;
    n_notes = 0;
    const as_subject *s = as_subject_resolve(set, "real:jax.jit@0.4.14", &err);
    if (!s)
        fail_msg("%s: %s", err.type, err.message);
    assert_true(s->caps & AS_CAP_EXTERNAL);
    assert_string_equal(s->id, "real:jax.jit@0.4.14");
    assert_string_equal(s->family, "jax.jit");
    assert_string_equal(s->version, "0.4.14");
    assert_ptr_equal(as_ext_model_of(s), as_subject_find("jax.jit@0.4.14"));
    assert_int_equal(n_notes, 1);
    assert_non_null(strstr(last_note, "checked against model jax.jit@0.4.14"));
    assert_ptr_equal(as_subject_resolve(set, "real:jax.jit@0.4.14", &err), s);   /* started once */
    /* the command: the adapter, the backend and the release it must load */
    char *log = slurp(&a, log_path);
    assert_non_null(strstr(log, "argv --backend jax.jit --expect jax==0.4.14\n"));

    /* a release outside every range is still measured, against the nearest model */
    setenv("FAKE_REAL_INSTALLED", "0.2.5", 1);
    const as_subject *gap = as_subject_resolve(set, "real:jax.jit@0.2.5", &err);
    assert_non_null(gap);
    assert_ptr_equal(as_ext_model_of(gap), as_subject_find("jax.jit@0.3.7"));
    assert_non_null(strstr(last_note, "no model covers it"));
    unsetenv("FAKE_REAL_INSTALLED");

    /* what real-env lists */
    as_real_release *rel;
    int n_rel;
    assert_int_equal(as_real_list(&a, &rel, &n_rel, &err), 0);
    assert_int_equal(n_rel, 4);
    assert_string_equal(rel[0].module, "jax");
    assert_string_equal(rel[0].release, "0.4.14");
    assert_true(rel[0].installed);
    assert_string_equal(rel[2].release, "0.3.10");
    assert_string_equal(rel[2].state, "available");
    assert_false(rel[2].installed);

    /* known but not installed; unknown to real-env */
    assert_null(as_subject_resolve(set, "real:jax.jit@0.3.10", &err));
    assert_string_equal(err.type, "NotInstalled");
    assert_non_null(strstr(err.message, "not installed"));
    assert_null(as_subject_resolve(set, "real:jax.jit@0.2.1", &err));
    assert_string_equal(err.type, "InputError");
    assert_non_null(strstr(err.message, "unknown jax release '0.2.1'"));
    as_ext_set_free(set);

    /* real-env itself missing: one line naming it */
    setenv("ARGSPLIT_REAL_ENV", "/nonexistent/real-env", 1);
    set = as_ext_set_new("/nonexistent/subjects.toml");
    assert_null(as_subject_resolve(set, "real:jax.jit@0.4.14", &err));
    assert_string_equal(err.type, "NotInstalled");
    assert_non_null(strstr(err.message, "cannot run /nonexistent/real-env"));
    as_ext_set_free(set);
    as_arena_free(&a);
    assert_no_children();
}

/* The handshake must state what was asked for; anything else is refused. */
static void test_handshake_mismatch(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    use_fakes(&a);
    static const char *const lies[][2] = {
        {"FAKE_REAL_CLAIM_VERSION", "0.4.13"},      /* another release */
        {"FAKE_REAL_CLAIM_VERSION", ""},            /* none stated */
        {"FAKE_REAL_CLAIM_BACKEND", "jax.grad"},    /* another backend */
        {"FAKE_REAL_CLAIM_BACKEND", ""},            /* none (the old adapter fell back to py:reference) */
    };
    for (size_t i = 0; i < sizeof lies / sizeof *lies; i++) {
        setenv(lies[i][0], lies[i][1], 1);
        as_ext_set *set = as_ext_set_new("/nonexistent/subjects.toml");
        as_error err;
        as_error_clear(&err);
        assert_null(as_subject_resolve(set, "real:jax.jit@0.4.14", &err));
        assert_string_equal(err.type, AS_EXT_MISMATCH);
        assert_non_null(strstr(err.message, "asked for backend jax.jit with jax==0.4.14"));
        assert_null(strchr(err.message, '\n'));
        as_ext_set_free(set);
        unsetenv(lies[i][0]);
    }
    /* "py:jax.jit" names the same backend */
    setenv("FAKE_REAL_CLAIM_BACKEND", "py:jax.jit", 1);
    as_ext_set *set = as_ext_set_new("/nonexistent/subjects.toml");
    as_error err;
    assert_non_null(as_subject_resolve(set, "real:jax.jit@0.4.14", &err));
    as_ext_set_free(set);
    unsetenv("FAKE_REAL_CLAIM_BACKEND");

    /* a checkout: --source PATH, and the module must come from inside it */
    char dir[] = "/tmp/argsplit_checkout.XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *id = as_arena_printf(&a, "real:jax.jit@%s", dir);
    set = as_ext_set_new("/nonexistent/subjects.toml");
    const as_subject *s = as_subject_resolve(set, id, &err);
    if (!s)
        fail_msg("%s: %s", err.type, err.message);
    assert_non_null(strstr(slurp(&a, log_path), as_arena_printf(&a, "--backend jax.jit --source %s\n", dir)));
    as_ext_set_free(set);
    setenv("FAKE_REAL_CLAIM_PATH", "/usr/lib/python3/dist-packages/jax/__init__.py", 1);
    set = as_ext_set_new("/nonexistent/subjects.toml");
    assert_null(as_subject_resolve(set, id, &err));
    assert_string_equal(err.type, AS_EXT_MISMATCH);
    assert_non_null(strstr(err.message, "/usr/lib/python3/dist-packages"));
    as_ext_set_free(set);
    unsetenv("FAKE_REAL_CLAIM_PATH");
    rmdir(dir);
    as_arena_free(&a);
    assert_no_children();
}

/* as_ext_split_many sends a real subject its cases in batches, and the
 * answers are the adapter's (here py:reference: the C reference's split). */
static void test_batched(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    use_fakes(&a);
    as_ext_set *set = as_ext_set_new("/nonexistent/subjects.toml");
    as_error err;
    const as_subject *s = as_subject_resolve(set, "real:jax.jit@0.4.30", &err);
    if (!s)
        fail_msg("%s: %s", err.type, err.message);
    enum { N = 200 };
    const as_case *cases[N];
    for (int i = 0; i < N; i++) {
        as_case *c = as_arena_alloc(&a, sizeof *c);
        const char *call = as_arena_printf(&a, "(%d, b=%d)", i, i + 1);
        const char *spec_text = i % 2 ? "static_argnums=0" : "static_argnames='b'";
        as_spec *spec = as_arena_alloc(&a, sizeof *spec);
        if (as_spec_parse(&a, spec_text, strlen(spec_text), spec, &err) < 0 ||
            as_case_build(&a, "(a, b, *, c=3)", spec, call, AS_PY_DEFAULT, c, &err) < 0)
            fail_msg("case: %s", err.message);
        cases[i] = c;
    }
    as_split out[N];
    assert_int_equal(as_ext_split_many(as_subject_driver(s), &a, cases, N, out, &err), 0);
    for (int i = 0; i < N; i++) {
        as_split ref;
        as_subject_split(as_subject_reference(), &a, cases[i], &ref);
        assert_true(out[i].decoration_ok && out[i].call_ok);
        assert_int_equal(out[i].n_entries, ref.n_entries);
        for (int k = 0; k < ref.n_entries; k++)
            assert_int_equal(out[i].entries[k].verdict, ref.entries[k].verdict);
    }
    /* fewer reads than requests: several requests arrived at once */
    char *log = slurp(&a, log_path);
    int reads = 0, requests = 0, n;
    for (char *p = log; (p = strstr(p, "batch ")) != NULL; p += 6)
        if (sscanf(p, "batch %d", &n) == 1)
            reads++, requests += n;
    assert_int_equal(requests, N);
    assert_true(reads < N / 4);
    as_ext_set_free(set);
    as_arena_free(&a);
    assert_no_children();
}

int main(void)
{
    pytruth_setenv_python3("FAKE_REAL_PYTHON", 1);   /* the subjects' interpreter */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release_compare), cmocka_unit_test(test_ranges_well_formed),
        cmocka_unit_test(test_release_resolution), cmocka_unit_test(test_parse_ids),
        cmocka_unit_test(test_data_dir), cmocka_unit_test(test_resolve_real),
        cmocka_unit_test(test_handshake_mismatch), cmocka_unit_test(test_batched),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(log_path);
    return rc;
}
