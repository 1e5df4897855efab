/* test_campaign_commit.c — a campaign of slow subjects commits its
 * progress at least every commit_max_seconds, whatever else the commit
 * rule waits for (2 s and 32 cases per known class hit), so a SIGKILL
 * loses at most that much work.
 *
 * A child process runs a campaign of one subject that sleeps 2 ms a case
 * (rounds of 256 cases take over 0.5 s) with commit_max_seconds 0.25, and
 * kills itself with SIGKILL right after its second round: both rounds
 * end before the 2 s the rule would otherwise wait, so without the bound
 * nothing is committed.  With it, each round ends with a commit, and the
 * store must hold at least the first round's cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/campaign.h"
#include "engine/store.h"
#include "subjects/registry.h"

/* ---- a slow subject: the reference, after a sleep ---------------------- */

static int slow_split(const as_subject *self, as_arena *arena, const as_case *c, as_split *out)
{
    const struct timespec *pause = self->config;
    nanosleep(pause, NULL);
    const as_subject *ref = as_subject_reference();
    return ref->split(ref, arena, c, out);
}

static const struct timespec two_ms = {0, 2000000};
static const as_subject slow = {
    .id = "test.slow@1", .family = "test.slow", .version = "1",
    .description = "the reference, 2 ms a case", .split = slow_split, .config = &two_ms,
};
static const as_subject *const slow_list[] = {&slow};

/* ---- the child: a campaign that kills itself ---------------------------- */

typedef struct child_ctx {
    int rounds;     /* progress calls so far */
    int fd;         /* where each round's next_case goes */
} child_ctx;

static void on_round(void *ctx, const as_campaign_progress *p)
{
    child_ctx *k = ctx;
    if (write(k->fd, &p->next_case, sizeof p->next_case) != (ssize_t)sizeof p->next_case)
        _exit(4);
    if (++k->rounds == 2)
        raise(SIGKILL);   /* round 2 committed after round 1's commit was written */
}

static void run_until_killed(const char *path, int fd)
{
    as_store *s;
    as_error err;
    long long run;
    as_run_info info = {"campaign", 99, NULL, NULL, NULL, 0, 1};
    if (as_store_open(path, 0, &s, &err) < 0 || as_store_run_begin(s, &info, &run, &err) < 0)
        _exit(5);
    as_campaign_options o;
    as_campaign_options_default(&o);
    o.seed = 99;
    o.subjects = slow_list;
    o.n_subjects = 1;
    o.meta = 0;
    o.version_pairs = 0;
    o.shrink_tries = 0;
    o.store = s;
    o.run_id = run;
    o.time_limit = 20;   /* should the kill not come */
    o.commit_max_seconds = 0.25;
    child_ctx k = {0, fd};
    o.progress = on_round;
    o.progress_ctx = &k;
    as_campaign_progress p;
    as_campaign_fuzz(&o, &p, &err);
    _exit(6);
}

/* ---- the test ------------------------------------------------------------ */

static void test_kill_keeps_bounded_work(void **state)
{
    (void)state;
    char dir[] = "/tmp/argsplit_commit_XXXXXX", path[64], cmd[96];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/slow.db", dir);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        run_until_killed(path, fds[1]);
    }
    close(fds[1]);
    long long reported[2] = {-1, -1};
    int n = 0;
    while (n < 2 && read(fds[0], &reported[n], sizeof reported[n]) == (ssize_t)sizeof reported[n])
        n++;
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
        fail_msg("the campaign was not killed (status %#x)", status);
    assert_int_equal(n, 2);

    as_store *s;
    as_error err;
    as_arena a;
    as_run_row *rows = NULL;
    int n_rows = 0;
    as_arena_init(&a);
    if (as_store_open(path, 0, &s, &err) < 0 || as_store_runs(s, &a, &rows, &n_rows, &err) < 0)
        fail_msg("%s", err.message);
    assert_int_equal(n_rows, 1);
    /* the first round's commit at least; the second's may have been cut */
    if (rows[0].next_case < reported[0])
        fail_msg("killed after 2 rounds (cases to %lld, %lld), the store kept cases to %lld",
                 reported[0], reported[1], rows[0].next_case);
    assert_true(rows[0].next_case <= reported[1]);
    assert_int_equal(as_store_close(s, &err), 0);
    as_arena_free(&a);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* The bound docs/STORE.md states for `argsplit fuzz`. */
static void test_default_bound(void **state)
{
    (void)state;
    as_campaign_options o;
    as_campaign_options_default(&o);
    assert_true(o.commit_max_seconds == 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_bound),
        cmocka_unit_test(test_kill_keeps_bounded_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
