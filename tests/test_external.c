/* test_external.c — the external-subject driver against misbehaving
 * subjects (tests/external/fake_subject.py), the config file, the
 * py:reference adapter, and the differential C reference vs py:reference
 * on generated cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/gen.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/external.h"
#include "subjects/registry.h"
#include "tests/support/pytruth.h"

static const char *src_dir(void)
{
    const char *d = getenv("ARGSPLIT_SOURCE_DIR");
    return d && *d ? d : ARGSPLIT_SOURCE_DIR;
}

/* No child process left, zombie or alive. */
static void assert_no_children(void)
{
    int st;
    errno = 0;
    assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

/* Start the fake subject with extra flags (NULL-terminated). */
static as_ext *start_fake(as_arena *a, as_ext_options *opt, ...)
{
    const char **argv = as_arena_alloc(a, sizeof *argv * 12);
    int n = 0;
    argv[n++] = getenv("ARGSPLIT_PYTHON");
    argv[n++] = as_arena_printf(a, "%s/tests/external/fake_subject.py", src_dir());
    va_list ap;
    va_start(ap, opt);
    for (const char *s; (s = va_arg(ap, const char *)) && n < 11;)
        argv[n++] = s;
    va_end(ap);
    argv[n] = NULL;
    opt->argv = argv;
    as_ext *x = NULL;
    as_error err;
    if (as_ext_start(opt, &x, &err) < 0)
        fail_msg("start: %s: %s", err.type, err.message);
    return x;
}

/* Cases whose signatures are `sigs` (decoration only, empty spec). */
static const as_case **make_cases(as_arena *a, const char *const *sigs, int n)
{
    static const as_spec empty = {NULL, 0};
    const as_case **cs = as_arena_alloc(a, sizeof *cs * (size_t)n);
    for (int i = 0; i < n; i++) {
        as_case *c = as_arena_alloc(a, sizeof *c);
        as_error err;
        if (as_case_build(a, sigs[i], &empty, NULL, AS_PY_DEFAULT, c, &err) < 0)
            fail_msg("case %s: %s", sigs[i], err.message);
        cs[i] = c;
    }
    return cs;
}

/* out[i] is the fake's answer to sigs[i]. */
static void assert_echo(const as_split *s, const char *sig)
{
    char want[256];
    snprintf(want, sizeof want, "UserWarning: %s", sig);
    assert_true(s->decoration_ok);
    assert_false(s->has_call);
    assert_int_equal(s->n_warnings, 1);
    assert_string_equal(s->warnings[0], want);
}

/* The driver's own error: a call error when the case has a call, else a
 * decoration error. */
static void assert_driver_error(const as_case *c, const as_split *s, const char *type, const char *fragment)
{
    const as_error *e = &s->decoration_error;
    if (c->call_text) {
        assert_true(s->decoration_ok);
        assert_true(s->has_call);
        assert_false(s->call_ok);
        e = &s->call_error;
    } else {
        assert_false(s->decoration_ok);
    }
    assert_string_equal(e->type, type);
    if (!strstr(e->message, fragment))
        fail_msg("message [%s] lacks [%s]", e->message, fragment);
}

/* Run 12 cases where case 5 misbehaves as `what`; the others must be
 * answered correctly, case 5 must carry `type`/`fragment`. */
static void one_bad_case(const char *what, const char *type, const char *fragment, as_ext_options *opt,
                         as_ext_stats *stats)
{
    as_arena a;
    as_arena_init(&a);
    const char *sigs[12];
    for (int i = 0; i < 12; i++)
        sigs[i] = i == 5 ? as_arena_printf(&a, "(%s)", what) : as_arena_printf(&a, "(p%d, q)", i);
    const as_case **cs = make_cases(&a, sigs, 12);
    as_ext *x = start_fake(&a, opt, "--reverse", NULL);
    as_split out[12];
    as_error err;
    assert_int_equal(as_ext_split_many(x, &a, cs, 12, out, &err), 0);
    for (int i = 0; i < 12; i++) {
        if (i == 5) {
            assert_driver_error(cs[i], &out[i], type, fragment);
            assert_string_equal(as_ext_failure_relation(&out[i]),
                                strcmp(type, AS_EXT_TIMEOUT) == 0 ? "subject-timeout" : "subject-crash");
        } else {
            assert_echo(&out[i], cs[i]->signature_text);
            assert_null(as_ext_failure_relation(&out[i]));
        }
    }
    /* And the driver goes on with a fresh process. */
    assert_int_equal(as_ext_split_many(x, &a, cs, 3, out, &err), 0);
    assert_echo(&out[2], cs[2]->signature_text);
    as_ext_get_stats(x, stats);
    as_ext_stop(x);
    assert_no_children();
    as_arena_free(&a);
}

static void small_limits(as_ext_options *o)
{
    as_ext_options_default(o);
    o->batch = 8;
    o->timeout_ms = 700;
    o->backoff_ms = 1;
}

static void test_pipelined_out_of_order(void **state)
{
    as_arena a;
    as_arena_init(&a);
    enum { N = 300 };
    const char *sigs[N];
    for (int i = 0; i < N; i++)
        sigs[i] = as_arena_printf(&a, "(a%d, b=%d)", i, i);
    const as_case **cs = make_cases(&a, sigs, N);
    as_ext_options o;
    small_limits(&o);
    o.batch = 32;
    as_ext *x = start_fake(&a, &o, "--reverse", NULL);
    assert_string_equal(as_ext_get_info(x)->family, "fake");
    as_split out[N];
    as_error err;
    assert_int_equal(as_ext_split_many(x, &a, cs, N, out, &err), 0);
    for (int i = 0; i < N; i++)
        assert_echo(&out[i], cs[i]->signature_text);
    as_ext_stats st;
    as_ext_get_stats(x, &st);
    assert_int_equal(st.starts, 1);
    assert_int_equal(st.answers, N);
    assert_int_equal(st.crashes + st.timeouts, 0);
    as_ext_stop(x);
    assert_no_children();
    as_arena_free(&a);
}

static void test_crash(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_ext_stats st;
    one_bad_case("crash", AS_EXT_CRASH, "killed by signal 11", &o, &st);
    assert_int_equal(st.crashes, 1);
    assert_int_equal(st.timeouts, 0);
    assert_true(st.starts >= 3);   /* first, after the batch failed, after the culprit */
}

/* With a call, the crash is the call's error (decoration is not blamed). */
static void test_crash_with_call(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_arena a;
    as_arena_init(&a);
    static const as_spec empty = {NULL, 0};
    as_case c[2];
    as_error err;
    assert_int_equal(as_case_build(&a, "(crash, b)", &empty, "(1, b=2)", AS_PY_DEFAULT, &c[0], &err), 0);
    assert_int_equal(as_case_build(&a, "(a, b)", &empty, "(1, 2)", AS_PY_DEFAULT, &c[1], &err), 0);
    const as_case *cs[2] = {&c[0], &c[1]};
    as_ext *x = start_fake(&a, &o, NULL);
    as_split out[2];
    assert_int_equal(as_ext_split_many(x, &a, cs, 2, out, &err), 0);
    assert_driver_error(cs[0], &out[0], AS_EXT_CRASH, "killed by signal 11");
    assert_string_equal(as_ext_failure_relation(&out[0]), "subject-crash");
    assert_echo(&out[1], "(a, b)");
    as_ext_stop(x);
    assert_no_children();
    as_arena_free(&a);
}

static void test_hang(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_ext_stats st;
    one_bad_case("hang", AS_EXT_TIMEOUT, "no answer within 700 ms", &o, &st);
    assert_int_equal(st.timeouts, 1);
    assert_int_equal(st.crashes, 0);
}

static void test_garbage(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_ext_stats st;
    one_bad_case("garbage", AS_EXT_CRASH, "protocol error: not an answer: Traceback?", &o, &st);
    assert_int_equal(st.protocol_errors, 1);
}

static void test_wrong_id(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_ext_stats st;
    one_bad_case("wrongid", AS_EXT_CRASH, "protocol error: unknown id 999999999", &o, &st);
    assert_int_equal(st.protocol_errors, 1);
}

static void test_exit_mid_batch(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_ext_stats st;
    one_bad_case("exit", AS_EXT_CRASH, "exited with status 3", &o, &st);
    assert_int_equal(st.crashes, 1);
}

static void test_huge_output(void **state)
{
    as_ext_options o;
    small_limits(&o);
    o.max_output = 1 << 16;
    as_ext_stats st;
    one_bad_case("huge", AS_EXT_CRASH, "exceeds max_output", &o, &st);
    assert_int_equal(st.protocol_errors, 1);
}

static void test_chatty_user_code(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_arena a;
    as_arena_init(&a);
    const char *sigs[] = {"(chatty)", "(a)"};
    const as_case **cs = make_cases(&a, sigs, 2);
    as_ext *x = start_fake(&a, &o, NULL);
    as_split out[2];
    assert_int_equal(as_ext_split_many(x, &a, cs, 2, out, NULL), 0);
    assert_echo(&out[0], "(chatty)");
    assert_echo(&out[1], "(a)");
    as_ext_stop(x);
    assert_no_children();
    as_arena_free(&a);
}

/* A leaking subject is recycled between batches; no case is blamed. */
static void test_leak_recycled(void **state)
{
    as_ext_options o;
    small_limits(&o);
    o.batch = 2;
    o.max_rss_mb = 60;
    as_arena a;
    as_arena_init(&a);
    enum { N = 12 };
    const char *sigs[N];
    for (int i = 0; i < N; i++)
        sigs[i] = as_arena_printf(&a, "(leak%d)", i);
    const as_case **cs = make_cases(&a, sigs, N);
    as_ext *x = start_fake(&a, &o, "--leak", "16", NULL);
    as_split out[N];
    assert_int_equal(as_ext_split_many(x, &a, cs, N, out, NULL), 0);
    for (int i = 0; i < N; i++)
        assert_echo(&out[i], cs[i]->signature_text);
    as_ext_stats st;
    as_ext_get_stats(x, &st);
    assert_true(st.recycles >= 2);
    assert_int_equal(st.crashes + st.timeouts, 0);
    as_ext_stop(x);
    assert_no_children();
    as_arena_free(&a);
}

/* Killing the process group ends what the subject started. */
static void test_grandchild_killed(void **state)
{
    as_ext_options o;
    small_limits(&o);
    as_arena a;
    as_arena_init(&a);
    char pidfile[] = "/tmp/argsplit_ext_XXXXXX";
    int fd = mkstemp(pidfile);
    assert_true(fd >= 0);
    close(fd);
    as_ext *x = start_fake(&a, &o, "--grandchild", pidfile, NULL);
    FILE *f = fopen(pidfile, "r");
    long gpid = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld", &gpid), 1);
    fclose(f);
    unlink(pidfile);
    assert_int_equal(kill((pid_t)gpid, 0), 0);
    as_ext_stop(x);
    assert_no_children();
    /* The grandchild was re-parented; give init a moment to reap it. */
    int gone = 0;
    for (int i = 0; i < 200 && !gone; i++) {
        gone = kill((pid_t)gpid, 0) < 0 && errno == ESRCH;
        if (!gone)
            usleep(10000);
    }
    assert_true(gone);
    as_arena_free(&a);
}

static void test_start_failures(void **state)
{
    as_arena a;
    as_arena_init(&a);
    as_ext_options o;
    small_limits(&o);
    as_ext *x = NULL;
    as_error err;
    const char *missing[] = {"/nonexistent/argsplit-subject", NULL};
    o.argv = missing;
    assert_int_equal(as_ext_start(&o, &x, &err), -1);
    assert_string_equal(err.type, AS_EXT_CRASH);
    assert_non_null(strstr(err.message, "exited with status 127"));
    assert_null(x);

    const char *argv[] = {getenv("ARGSPLIT_PYTHON"), as_arena_printf(&a, "%s/tests/external/fake_subject.py", src_dir()),
                          "--no-handshake", NULL};
    o.argv = argv;
    assert_int_equal(as_ext_start(&o, &x, &err), -1);
    assert_string_equal(err.type, AS_EXT_CRASH);

    argv[2] = "--bad-protocol";
    assert_int_equal(as_ext_start(&o, &x, &err), -1);
    assert_string_equal(err.type, "ProtocolError");
    assert_non_null(strstr(err.message, "argsplit-subject/0"));

    const char *hang[] = {"sleep", "30", NULL};
    o.argv = hang;
    o.startup_ms = 300;
    assert_int_equal(as_ext_start(&o, &x, &err), -1);
    assert_string_equal(err.type, AS_EXT_TIMEOUT);
    assert_no_children();
    as_arena_free(&a);
}

static void test_config(void **state)
{
    as_arena a;
    as_arena_init(&a);
    as_ext_config cfg;
    as_error err;
    const char *good = "# subjects\n"
                       "[subject.mylib]\n"
                       "command = \"python3 'my adapter.py' --flag\"  # comment\n"
                       "timeout_ms = 5000\n"
                       "\n"
                       "[subject.other]\n"
                       "command = 'run-it'\n"
                       "cwd = \"/tmp\"\n"
                       "max_output = 4096\n"
                       "backend = \"py:mylib.jit\"\n";
    assert_int_equal(as_ext_config_parse(&a, good, strlen(good), &cfg, &err), 0);
    assert_int_equal(cfg.n_entries, 2);
    assert_string_equal(cfg.entries[0].name, "mylib");
    assert_int_equal(cfg.entries[0].timeout_ms, 5000);
    assert_string_equal(cfg.entries[1].cwd, "/tmp");
    assert_int_equal((int)cfg.entries[1].max_output, 4096);
    assert_string_equal(cfg.entries[1].backend, "py:mylib.jit");
    const char **argv;
    assert_int_equal(as_ext_split_command(&a, cfg.entries[0].command, &argv, &err), 0);
    assert_string_equal(argv[0], "python3");
    assert_string_equal(argv[1], "my adapter.py");
    assert_string_equal(argv[2], "--flag");
    assert_null(argv[3]);

    static const struct {
        const char *text, *fragment;
    } bad[] = {
        {"command = \"x\"\n", "line 1: a key outside any [subject.NAME] section"},
        {"[subject.a]\ncommand = \"x\"\ntimeout = 3\n", "line 3: unknown key 'timeout'"},
        {"[subject.a]\ncommand = \"x\n", "line 2: unterminated string"},
        {"[subject.a]\ntimeout_ms = \"soon\"\n", "line 2: this key takes a positive integer"},
        {"[subject.a]\ncommand = \"x\"\n[subject.a]\ncommand = \"y\"\n", "line 3: subject declared twice"},
        {"[subject.a]\ncwd = \"/\"\n", "[subject.a] has no command"},
        {"[thing]\n", "line 1: expected a [subject.NAME] header"},
        {"[subject.a]\ncommand = \"x\" y\n", "line 2: unexpected text after the value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        as_error_clear(&err);
        assert_int_equal(as_ext_config_parse(&a, bad[i].text, strlen(bad[i].text), &cfg, &err), -1);
        if (!strstr(err.message, bad[i].fragment))
            fail_msg("config %zu: [%s] lacks [%s]", i, err.message, bad[i].fragment);
        assert_string_equal(err.type, "InputError");
    }
    assert_int_equal(as_ext_split_command(&a, "a 'b", &argv, &err), -1);
    as_arena_free(&a);
}

/* A config file's subject, resolved by name, runs (here: the fake). */
static void test_resolve(void **state)
{
    as_arena a;
    as_arena_init(&a);
    char path[] = "/tmp/argsplit_subjects_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "[subject.fake1]\ncommand = \"%s %s/tests/external/fake_subject.py\"\ntimeout_ms = 2000\n",
            getenv("ARGSPLIT_PYTHON"), src_dir());
    fclose(f);
    as_ext_set *set = as_ext_set_new(path);
    as_error err;
    assert_ptr_equal(as_subject_resolve(set, "reference", &err), as_subject_reference());
    const as_subject *s = as_subject_resolve(set, "fake1", &err);
    if (!s)
        fail_msg("%s: %s", err.type, err.message);
    assert_string_equal(s->id, "fake1");
    assert_true(s->caps & AS_CAP_EXTERNAL);
    assert_ptr_equal(as_subject_resolve(set, "fake1", &err), s);   /* started once */
    assert_non_null(as_subject_driver(s));
    assert_null(as_subject_driver(as_subject_reference()));
    const char *sigs[] = {"(a, b)"};
    const as_case **cs = make_cases(&a, sigs, 1);
    as_split out;
    assert_int_equal(as_subject_split(s, &a, cs[0], &out), 0);
    assert_echo(&out, "(a, b)");

    assert_null(as_subject_resolve(set, "nosuch", &err));
    assert_string_equal(err.type, "InputError");
    assert_non_null(strstr(err.message, "unknown subject 'nosuch'"));
    assert_null(as_subject_resolve(set, "py:jax.jit", &err));
    assert_string_equal(err.type, "NotInstalled");
    assert_non_null(strstr(err.message, "jax is not installed"));
    as_ext_set_free(set);
    unlink(path);
    assert_no_children();
    as_arena_free(&a);
}

static const char *show(as_arena *a, const as_split *s)
{
    json_t *j = as_split_to_json(s, NULL);
    char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    const char *r = as_arena_strdup(a, t);
    free(t);
    json_decref(j);
    return r;
}

/* The C reference and py:reference (real CPython binding) agree on
 * generated cases of every family's keywords, call-site errors included. */
static void test_differential_reference(void **state)
{
    static const char *const families[] = {"jax.jit", "jax.pmap", "jax.grad", "jax.vmap", "jax.custom_jvp",
                                           "jax.checkpoint", "equinox.filter_jit"};
    enum { PER_FAMILY = 500, N_FAMILIES = sizeof families / sizeof *families };
    const char *py = getenv("ARGSPLIT_PYTHON");
    as_ext_set *set = as_ext_set_new(NULL);
    as_error err;
    const as_subject *s = as_subject_resolve(set, "py:reference", &err);
    if (!s)
        fail_msg("py:reference: %s: %s", err.type, err.message);
    assert_ptr_equal(as_ext_model_of(s), as_subject_reference());
    assert_null(as_ext_model_of(as_subject_reference()));
    int minor = as_pyversion_parse(as_ext_get_info(as_subject_driver(s))->python);
    assert_true(minor >= AS_PY_MIN);
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_arena a;
    as_arena_init(&a);
    int compared = 0, call_site = 0, bind_errors = 0, decoration_errors = 0;
    for (int fam = 0; fam < N_FAMILIES; fam++) {
        const as_case **cs = as_arena_alloc(&a, sizeof *cs * PER_FAMILY);
        int n = 0;
        for (uint64_t i = 0; i < PER_FAMILY; i++) {
            /* The case points into g: both live in the arena. */
            as_gen_case *g = as_arena_alloc(&a, sizeof *g);
            as_case *c = as_arena_alloc(&a, sizeof *c);
            if (as_gen_case_make(&a, &w, families[fam], 77, i, minor, g, &err) < 0 ||
                as_case_from_parts(&a, &g->sig, &g->spec, g->has_call ? &g->call : NULL, minor, c, &err) < 0)
                continue;
            /* Rebuilt from its text, as a user's case is. */
            if (as_case_build(&a, c->signature_text, c->spec, c->call_text, minor, c, &err) < 0)
                continue;
            cs[n++] = c;
        }
        as_split *real = as_arena_alloc(&a, sizeof *real * (size_t)n);
        assert_int_equal(as_ext_split_many(as_subject_driver(s), &a, cs, n, real, &err), 0);
        for (int i = 0; i < n; i++) {
            as_split model;
            assert_int_equal(as_subject_split(as_subject_reference(), &a, cs[i], &model), 0);
            if (!as_split_equal(&model, &real[i]))
                fail_msg("%s case %d: %s %s call %s\n  C reference:  %s\n  py:reference: %s", families[fam], i,
                         cs[i]->signature_text, as_spec_print(&a, cs[i]->spec),
                         cs[i]->call_text ? cs[i]->call_text : "-", show(&a, &model), show(&a, &real[i]));
            compared++;
            call_site += cs[i]->call_site_error != NULL;
            bind_errors += cs[i]->bind_error != NULL;
            decoration_errors += !model.decoration_ok;
        }
        as_arena_reset(&a);
    }
    print_message("differential: %d cases agree (python %s; %d call-site errors, %d bind errors, "
                  "%d decoration errors)\n", compared, py ? py : "python3", call_site, bind_errors,
                  decoration_errors);
    assert_true(compared > PER_FAMILY * N_FAMILIES * 9 / 10);
    as_ext_set_free(set);
    as_arena_free(&a);
    assert_no_children();
}

int main(void)
{
    pytruth_setenv_python3("ARGSPLIT_PYTHON", 0);   /* the subjects' interpreter */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipelined_out_of_order), cmocka_unit_test(test_crash),
        cmocka_unit_test(test_crash_with_call),
        cmocka_unit_test(test_hang),                   cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_wrong_id),               cmocka_unit_test(test_exit_mid_batch),
        cmocka_unit_test(test_huge_output),            cmocka_unit_test(test_chatty_user_code),
        cmocka_unit_test(test_leak_recycled),          cmocka_unit_test(test_grandchild_killed),
        cmocka_unit_test(test_start_failures),         cmocka_unit_test(test_config),
        cmocka_unit_test(test_resolve),                cmocka_unit_test(test_differential_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
