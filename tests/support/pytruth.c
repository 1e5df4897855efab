/* pytruth.c — see pytruth.h. */
#include "tests/support/pytruth.h"

#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

void pytruth_put_hex(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fprintf(f, "%02x", *p);
}

int pytruth_run(const char *script, pytruth_write_fn write_input, pytruth_line_fn on_line, void *ctx)
{
    glob_t g;
    if (glob("/root/.pyenv/versions/3.*/bin/python3", 0, NULL, &g) != 0)
        fail_msg("no CPython in /root/.pyenv/versions (install 3.8-3.13 with scripts/bootstrap)");
    char script_path[] = "/tmp/argsplit_truthXXXXXX";
    int sfd = mkstemp(script_path);
    assert_true(sfd >= 0);
    size_t n = strlen(script);
    assert_int_equal(write(sfd, script, n), (long)n);
    close(sfd);
    int versions = 0;
    for (size_t v = 0; v < g.gl_pathc; v++) {
        const char *ver = strstr(g.gl_pathv[v], "/3.");
        int py = ver ? atoi(ver + 3) : 0;
        if (py < 8 || py > 13)
            continue;
        char in_path[] = "/tmp/argsplit_truth_inXXXXXX";
        int fd = mkstemp(in_path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        assert_non_null(f);
        write_input(ctx, py, f);
        fclose(f);
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s %s %s", g.gl_pathv[v], script_path, in_path);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        char line[4096];
        while (fgets(line, sizeof line, p))
            on_line(ctx, py, line);
        pclose(p);
        unlink(in_path);
        versions++;
    }
    unlink(script_path);
    globfree(&g);
    return versions;
}

void pytruth_setenv_python3(const char *name, int overwrite)
{
    const char *set = getenv(name);
    if (!overwrite && set && *set)
        return;
    char path[4096] = "python3";
    FILE *p = popen("python3 -c 'import sys; print(sys.executable)'", "r");
    if (p) {
        if (!fgets(path, sizeof path, p))
            snprintf(path, sizeof path, "python3");
        pclose(p);
    }
    path[strcspn(path, "\n")] = '\0';
    setenv(name, path, 1);
}
