/* afl_main.c — AFL++ persistent-mode driver with shared-memory test cases.
 * Built only with afl-clang-fast (scripts/fuzz-build), never by CMake.
 *
 * Set-up first: the harness's LLVMFuzzerInitialize runs before the fork
 * server starts, so every child inherits what it loaded.
 *
 * The hand-over.  AFL++'s __AFL_LOOP stops the child with SIGSTOP after each
 * input; the fork server (the parent) sees it in waitpid, writes the status
 * to afl-fuzz, reads afl-fuzz's next request and wakes the child with
 * SIGCONT: three processes and four context switches per execution, ~half
 * of all CPU with this target on one core.  When afl-fuzz kills timed-out
 * children with a signal the child can catch (AFL_KILL_SIGNAL, as
 * scripts/nightly sets it), the child speaks the fork-server protocol
 * itself instead, on copies of the two pipes taken before the fork server
 * starts: it reads afl-fuzz's request, runs the input, and writes the
 * status of this run together with the pid for the next one in one write
 * (afl-fuzz reads the pid after its next request, so it is already there):
 * two processes, two switches.  The fork server stays blocked in waitpid
 * and reports only a child that dies.
 *
 * Exactly one status per execution, whoever writes it, and after the
 * pid: the fork server writes a new child's pid after fork() returns, so
 * the child writes its first status only once the fork server sleeps in
 * waitpid(), as its wchan in /proc shows (its state alone does not, see
 * wait_for_fork_server; where wchan hides it, __AFL_LOOP stays).  The kill signal
 * ends the child while it runs an input (its status is then the fork
 * server's: killed).  Between inputs it is counted, not obeyed: afl-fuzz
 * timed out either the last run, whose status is written or about to be
 * (afl-fuzz reads it, and marks its next request was_killed), or the run
 * it just requested, before the child started it (the child was slow to
 * read the request): that run then ends at once, killed, since a hanging
 * input would otherwise run forever while afl-fuzz waits for its status
 * (killed_before_start).  With SIGKILL (AFL++'s default) the child could die between
 * writing its status and the fork server writing another for the same
 * run, so this driver then keeps __AFL_LOOP. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

__AFL_FUZZ_INIT();

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
void fuzz_afl_mark_run(void);   /* fuzz/afl_map.c */

enum { AFL_CTL_FD = 198, AFL_ST_FD = 199 };   /* AFL++'s FORKSRV_FD, FORKSRV_FD + 1 */

static volatile sig_atomic_t running_input;
static volatile sig_atomic_t kills_between;   /* kill signals between inputs */
static int kill_signal;

static void on_kill(int sig)
{
    (void)sig;
    if (!running_input) {
        kills_between++;   /* weighed when the next request is read */
        return;
    }
    signal(kill_signal, SIG_DFL);
    raise(SIGKILL);
}

/* Whether afl-fuzz gave up on the run it just requested (WAS_KILLED: its
 * flag that it timed out the run before) before the child started it.  A
 * kill between inputs is the last run's when afl-fuzz timed that one out,
 * every other one is this run's.  Called with running_input set, so the
 * count stays still. */
static int killed_before_start(uint32_t was_killed)
{
    sig_atomic_t k = kills_between;
    kills_between = 0;
    return k > (was_killed ? 1 : 0);
}

/* The signal afl-fuzz kills with, when the child can catch it; else 0. */
static int catchable_kill_signal(void)
{
    const char *e = getenv("AFL_KILL_SIGNAL");
    int sig = e ? atoi(e) : 0;
    if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP)
        return 0;
    return sig;
}

/* All n bytes through fd (write when `out`, else read), across EINTR. */
static int full_io(int fd, void *p, size_t n, int out)
{
    char *c = p;
    while (n) {
        ssize_t k = out ? write(fd, c, n) : read(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Read the small /proc file PATH into b (NUL-terminated); its length, or -1. */
static ssize_t read_proc(const char *path, char *b, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, b, size - 1);
    close(fd);
    if (n < 0)
        return -1;
    b[n] = '\0';
    return n;
}

/* Whether /proc/P/wchan (WCHAN, P's path) names the kernel's waitpid():
 * 1 yes, 0 no (running, or asleep elsewhere), -1 P is gone. */
static int in_waitpid(const char *wchan)
{
    char b[128];
    if (read_proc(wchan, b, sizeof b) <= 0)
        return -1;
    return strncmp(b, "do_wait", 7) == 0 || strstr(b, "wait4") != NULL || strstr(b, "waitid") != NULL;
}

/* Wait until the fork server P sleeps in waitpid(), that is after it wrote
 * the pid of this child, its only other step after fork().  Its state alone
 * does not prove that: right after fork() it can also sleep before the
 * write ('D' in a page fault, memory reclaim, a lock), and a status written
 * then goes into the pipe ahead of the pid, where afl-fuzz reads it as the
 * pid and the pid as a status: a crash on a harmless input. */
static void wait_for_fork_server(pid_t p)
{
    char wchan[64];
    snprintf(wchan, sizeof wchan, "/proc/%d/wchan", (int)p);
    /* naps from 20 us (808 first runs: 798 waited one, 1 two) up to 1 ms, so a
     * fork server held up for long (stopped, say) costs little CPU */
    for (long nap = 20000; in_waitpid(wchan) == 0; nap = nap < 1000000 ? nap * 2 : nap) {
        const struct timespec pause = {0, nap};
        nanosleep(&pause, NULL);
    }
}

/* Whether this kernel shows a process asleep in waitpid() in its wchan
 * (names can be hidden): a child watches this process wait for it.  Without
 * that proof the driver keeps __AFL_LOOP. */
static int waitpid_visible(void)
{
    pid_t parent = getpid();
    pid_t c = fork();
    if (c < 0)
        return 0;
    if (c == 0) {
        char wchan[64];
        snprintf(wchan, sizeof wchan, "/proc/%d/wchan", (int)parent);
        for (int i = 0; i < 20000; i++) {   /* up to ~1 s on a loaded machine */
            if (in_waitpid(wchan) == 1)
                _exit(0);
            const struct timespec pause = {0, 50000};
            nanosleep(&pause, NULL);
        }
        _exit(1);
    }
    int status;
    while (waitpid(c, &status, 0) < 0)
        if (errno != EINTR)
            return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int ctl = -1, st = -1;
    if (getenv("__AFL_PERSISTENT") && (kill_signal = catchable_kill_signal()) != 0 && waitpid_visible()) {
        /* afl-fuzz ends the fork server with it too; an ignored disposition
         * inherited from whoever started afl-fuzz (perf record ignores
         * SIGUSR2) would leave afl-fuzz waiting for it forever */
        signal(kill_signal, SIG_DFL);
        ctl = dup(AFL_CTL_FD);
        st = dup(AFL_ST_FD);
        if (ctl < 0 || st < 0) {
            if (ctl >= 0)
                close(ctl);
            if (st >= 0)
                close(st);
            ctl = st = -1;
        }
    }
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    if (ctl < 0) {
        while (__AFL_LOOP(1000000)) {
            int len = __AFL_FUZZ_TESTCASE_LEN;
            LLVMFuzzerTestOneInput(buf, (size_t)len);
        }
        return 0;
    }
    /* The child of the fork server.  Its first input was requested from
     * the fork server, which also sent this pid. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_kill;
    sa.sa_flags = SA_RESTART;
    running_input = 1;   /* first: a kill from here on ends the first run */
    sigaction(kill_signal, &sa, NULL);
    __AFL_LOOP(1);   /* the first pass: clears the map, marks the run */
    int32_t out[2] = {0x137f /* stopped by SIGSTOP: alive, not crashed */, (int32_t)getpid()};
    pid_t server = getppid();
    for (int first = 1;; first = 0) {
        int len = __AFL_FUZZ_TESTCASE_LEN;
        LLVMFuzzerTestOneInput(buf, (size_t)len);
        running_input = 0;
        if (first)
            wait_for_fork_server(server);
        uint32_t was_killed;
        if (full_io(st, out, sizeof out, 1) != 0 || full_io(ctl, &was_killed, 4, 0) != 0)
            _exit(0);
        running_input = 1;
        if (killed_before_start(was_killed))
            raise(SIGKILL);   /* the fork server reports it killed */
        fuzz_afl_mark_run();
    }
}
