/* peak_rss.c — run a command and report its own peak RSS.
 *
 *     peak_rss COMMAND [ARG]...
 *
 * Runs COMMAND with the same stdin/stdout/stderr, then writes
 * "peak_rss_kib N" to stderr and exits with its status.  A measuring parent
 * must be small: Linux counts the memory a forked child shares before exec
 * in its peak, so a big test driver cannot wait4 for the figure itself. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: peak_rss COMMAND [ARG]...\n", stderr);
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("peak_rss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("peak_rss: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("peak_rss: wait4");
        return 2;
    }
    fprintf(stderr, "peak_rss_kib %ld\n", ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
