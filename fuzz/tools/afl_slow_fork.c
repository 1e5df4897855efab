/* afl_slow_fork.c — for tests/fuzz_afl_test.sh: linked into the hand-over
 * target with -Wl,--wrap=fork, it makes AFL++'s fork server dawdle between
 * fork() and writing the new child's pid, the window fuzz/afl_main.c must
 * wait out before its first status: ~3 ms in state 'D' (waiting for a
 * vfork child, as in a page fault or reclaim) and then ~2 ms in 'S'
 * (nanosleep).  A driver that wrote its status then would put it ahead of
 * the pid, and afl-fuzz would read a crash. */
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

pid_t __real_fork(void);
pid_t __wrap_fork(void);

static void pause_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

pid_t __wrap_fork(void)
{
    /* the vfork child of the last call (gone when vfork returned), reaped
     * without sleeping: a waitpid() that sleeps would look like the real one */
    static pid_t last_v;
    if (last_v > 0)
        waitpid(last_v, NULL, WNOHANG);
    pid_t c = __real_fork();
    if (c <= 0)
        return c;
    pid_t v = vfork();
    if (v == 0) {
        pause_ms(3);
        _exit(0);
    }
    last_v = v;
    pause_ms(2);
    return c;
}
