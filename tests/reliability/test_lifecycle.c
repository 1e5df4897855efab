/* test_lifecycle.c — external subjects leave nothing behind: every process
 * a subject started is killed and reaped (also a grandchild that called
 * setsid), at most AS_EXT_MAX_ALIVE subjects are alive at once, and data
 * (a stream line) names subjects only by configured id (issue 16). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/store.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/external.h"

static char tmpdir[64];

static const char *python(void)
{
    const char *p = getenv("ARGSPLIT_PYTHON");
    return p && *p ? p : "python3";
}

static const char *subject_py(void)
{
    static char path[4096];
    const char *d = getenv("ARGSPLIT_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/tests/reliability/subject.py", d && *d ? d : ARGSPLIT_SOURCE_DIR);
    return path;
}

/* The three pids subject.py wrote (itself, a child, a setsid'd child). */
static void read_pids(const char *pidfile, long pids[3])
{
    for (int i = 0; i < 500; i++) {
        FILE *f = fopen(pidfile, "r");
        if (f) {
            int n = fscanf(f, "%ld %ld %ld", &pids[0], &pids[1], &pids[2]);
            fclose(f);
            if (n == 3)
                return;
        }
        usleep(10000);
    }
    fail_msg("%s: no pids", pidfile);
}

static int gone(long pid)
{
    for (int i = 0; i < 300; i++) {
        if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
            return 1;
        usleep(10000);
    }
    return 0;
}

/* Our children that are alive (not zombies). */
static int alive_children(void)
{
    DIR *d = opendir("/proc");
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = '\0';
        char *rp = strrchr(buf, ')');
        char state;
        long ppid;
        if (rp && sscanf(rp + 1, " %c %ld", &state, &ppid) == 2 && ppid == (long)getpid() && state != 'Z')
            n++;
    }
    closedir(d);
    return n;
}

static void assert_no_children(void)
{
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static void test_setsid_grandchild_killed(void **state)
{
    (void)state;
    char pidfile[128];
    snprintf(pidfile, sizeof pidfile, "%s/one.pids", tmpdir);
    const char *argv[] = {python(), subject_py(), pidfile, NULL};
    as_ext_options o;
    as_ext_options_default(&o);
    o.argv = argv;
    as_ext *x;
    as_error err;
    if (as_ext_start(&o, &x, &err) < 0)
        fail_msg("start: %s: %s", err.type, err.message);
    long pids[3];
    read_pids(pidfile, pids);
    for (int i = 0; i < 3; i++)
        assert_int_equal(kill((pid_t)pids[i], 0), 0);
    as_ext_stop(x);
    for (int i = 0; i < 3; i++)
        if (!gone(pids[i]))
            fail_msg("process %ld of the subject survived as_ext_stop", pids[i]);
    assert_no_children();   /* and reaped: no zombie of ours */
}

static void test_alive_cap(void **state)
{
    (void)state;
    enum { N = AS_EXT_MAX_ALIVE + 4 };
    char config[128];
    snprintf(config, sizeof config, "%s/subjects.toml", tmpdir);
    FILE *f = fopen(config, "w");
    assert_non_null(f);
    for (int i = 0; i < N; i++)
        fprintf(f, "[subject.s%d]\ncommand = \"%s %s %s/s%d.pids\"\ntimeout_ms = 5000\n\n", i, python(),
                subject_py(), tmpdir, i);
    fclose(f);
    as_ext_set *set = as_ext_set_new(config);
    const as_subject *first = NULL;
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        as_error err;
        const as_subject *s = as_subject_resolve_data(set, name, &err);
        if (!s)
            fail_msg("%s: %s: %s", name, err.type, err.message);
        if (!first)
            first = s;
        assert_true(alive_children() <= AS_EXT_MAX_ALIVE);
    }
    /* the parked ones left nothing behind */
    for (int i = 0; i < N - AS_EXT_MAX_ALIVE; i++) {
        char pidfile[128];
        snprintf(pidfile, sizeof pidfile, "%s/s%d.pids", tmpdir, i);
        long pids[3];
        read_pids(pidfile, pids);
        for (int k = 0; k < 3; k++)
            assert_true(gone(pids[k]));
    }
    /* a parked subject still answers: it is started again */
    as_arena a;
    as_arena_init(&a);
    as_case c;
    as_spec empty = {NULL, 0};
    as_error err;
    assert_int_equal(as_case_build(&a, "(a)", &empty, NULL, AS_PY_DEFAULT, &c, &err), 0);
    as_split out;
    assert_int_equal(as_subject_split(first, &a, &c, &out), 0);
    assert_true(out.decoration_ok);
    as_arena_free(&a);
    as_ext_set_free(set);
    assert_no_children();
}

static void test_data_names_configured_ids_only(void **state)
{
    (void)state;
    as_error err;
    char config[128], cwd[4096];
    snprintf(config, sizeof config, "%s/evil.toml", tmpdir);
    FILE *f = fopen(config, "w");
    assert_non_null(f);
    fprintf(f, "[subject.evil]\ncommand = \"sh -c 'touch %s/pwned'\"\n", tmpdir);
    fclose(f);

    as_ext_set *set = as_ext_set_new(NULL);
    assert_null(as_subject_resolve_data(set, "ext:sh -c 'touch pwned'", &err));
    assert_non_null(strstr(err.message, "is a command"));
    assert_non_null(as_subject_resolve_data(set, "jax.jit@0.4.27", &err));   /* built-in */
    as_ext_set_free(set);

    /* an implicit ./subjects.toml serves the command line, not data */
    assert_non_null(getcwd(cwd, sizeof cwd));
    char implicit[128];
    snprintf(implicit, sizeof implicit, "%s/subjects.toml", tmpdir);
    rename(config, implicit);
    assert_int_equal(chdir(tmpdir), 0);
    unsetenv("ARGSPLIT_SUBJECTS");
    set = as_ext_set_new(NULL);
    assert_null(as_subject_resolve_data(set, "evil", &err));
    assert_non_null(strstr(err.message, "unknown subject 'evil'"));
    as_ext_set_free(set);
    assert_int_equal(chdir(cwd), 0);
    struct stat sb;
    char pwned[128];
    snprintf(pwned, sizeof pwned, "%s/pwned", tmpdir);
    assert_int_equal(stat(pwned, &sb), -1);      /* nothing ran */
    assert_no_children();
}

/* A run another store is writing cannot be reopened (resumed); once that
 * writer ends it (or dies: the kernel drops the lock) it can. */
static void test_live_run_locked(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/live.db", tmpdir);
    as_error err;
    as_store *a, *b;
    assert_int_equal(as_store_open(path, 0, &a, &err), 0);
    as_run_info info = {"campaign", 1, NULL, NULL, NULL, 0, 1};
    long long run;
    assert_int_equal(as_store_run_begin(a, &info, &run, &err), 0);
    assert_int_equal(as_store_commit(a, &err), 0);
    assert_int_equal(as_store_open(path, 0, &b, &err), 0);
    assert_int_equal(as_store_run_reopen(b, run, &err), -1);
    assert_non_null(strstr(err.message, "is still being written by another process"));
    assert_int_equal(as_store_run_end(a, run, AS_RUN_KILLED, &err), 0);
    assert_int_equal(as_store_run_reopen(b, run, &err), 0);
    assert_int_equal(as_store_close(b, &err), 0);
    assert_int_equal(as_store_close(a, &err), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/argsplit_lifecycle_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setsid_grandchild_killed),
        cmocka_unit_test(test_alive_cap),
        cmocka_unit_test(test_data_names_configured_ids_only),
        cmocka_unit_test(test_live_run_locked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
