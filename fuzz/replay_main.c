/* replay_main.c — run a harness over files and directories of inputs, once
 * each; used by ctest to keep every corpus and crash input a regression test,
 * and to run a harness without a fuzzing engine. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "oracle/arena.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return -1;
    }
    size_t cap = 0, len = 0;
    unsigned char *buf = NULL;
    size_t n;
    /* out of memory ends the read: what was read is replayed */
    while (as_grow(&buf, &cap, len + 1, 1, 4096) == 0 && (n = fread(buf + len, 1, cap - len, f)) > 0)
        len += n;
    fclose(f);
    if (!buf)
        return -1;
    /* Exact-size copy so ASan catches reads past the input. */
    unsigned char *exact = malloc(len ? len : 1);
    if (exact && len)
        memcpy(exact, buf, len);
    free(buf);
    if (!exact)
        return -1;
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int run_path(const char *path, long *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: no such file or directory\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        *count += 1;
        return run_file(path);
    }
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
            char *child = malloc(len);
            if (child) {
                snprintf(child, len, "%s/%s", path, names[i]->d_name);
                if (run_path(child, count) != 0)
                    rc = -1;
                free(child);
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    long count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (run_path(argv[i], &count) != 0)
            rc = 2;
    printf("replayed %ld inputs\n", count);
    return rc;
}
