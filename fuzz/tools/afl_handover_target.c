/* afl_handover_target.c — a target for tests/fuzz_afl_test.sh, which proves
 * fuzz/afl_main.c's hand-over: every status afl-fuzz reads belongs to its
 * own execution.  An input starting with
 *   'X' aborts (a crash), 'H' spins forever (a hang),
 *   'S' sleeps 16-24 ms (around a 20 ms timeout: statuses racing the kill),
 *   'C' appends how often this process was continued after SIGSTOP
 *       (__AFL_LOOP's hand-over; 0 when afl_main.c hands over directly) to
 *       the file named by $ARGSPLIT_AFL_TEST_REPORT;
 * anything else returns at once.  A crash on any other first byte, or a
 * hang that is not 'H', is a status read for the wrong execution. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"

static volatile sig_atomic_t continued;

static void on_cont(int sig)
{
    (void)sig;
    continued++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        ready = 1;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_cont;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGCONT, &sa, NULL);
    }
    if (size == 0)
        return 0;
    switch (data[0]) {
    case 'X':
        abort();
    case 'H':
        for (volatile int spin = 1; spin;) {
        }
        break;
    case 'S': {
        struct timespec ts = {0, (long)(16 + size % 9) * 1000000L};
        nanosleep(&ts, NULL);
        break;
    }
    case 'C': {
        const char *path = getenv("ARGSPLIT_AFL_TEST_REPORT");
        FILE *f = path ? fopen(path, "a") : NULL;
        if (f) {
            fprintf(f, "%d\n", (int)continued);
            fclose(f);
        }
        break;
    }
    default:
        break;
    }
    return 0;
}
