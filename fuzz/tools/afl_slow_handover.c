/* afl_slow_handover.c — for tests/fuzz_afl_test.sh: linked into the
 * hand-over target with -Wl,--wrap=fork,--wrap=read, it holds up the two
 * slow spots fuzz/afl_main.c's direct hand-over must survive:
 * - AFL++'s fork server between fork() and writing the new child's pid
 *   (~3 ms in state 'D', waiting for a vfork child as in a page fault or
 *   reclaim, then ~2 ms in 'S'): a child that wrote its first status then
 *   would put it ahead of the pid, and afl-fuzz would read a crash;
 * - the read of a request whose input starts with 'H' (50 ms, beyond the
 *   test's 20 ms timeout): afl-fuzz kills before the input starts, and a
 *   child that ignored that kill would spin forever while afl-fuzz waits. */
#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern unsigned char *__afl_fuzz_ptr;   /* AFL++'s shared-memory test case */

pid_t __real_fork(void);
pid_t __wrap_fork(void);
ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

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

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
    ssize_t k = __real_read(fd, buf, n);
    /* a request (4 bytes) for an input afl-fuzz already wrote */
    if (n == 4 && k == 4 && __afl_fuzz_ptr && __afl_fuzz_ptr[0] == 'H')
        pause_ms(50);
    return k;
}
