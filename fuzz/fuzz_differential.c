/* fuzz_differential.c — every subject of the case's family against the
 * reference, and the metamorphic relations (engine/diffcheck.h).
 *
 * A finding whose key is not in the known-keys list (one key per line;
 * corpus/fuzz_differential.known, or $ARGSPLIT_FUZZ_KNOWN) aborts with the
 * key printed, so the engine saves the input and the nightly imports it
 * into the store, where it is deduplicated by key.  Environment:
 *   ARGSPLIT_FUZZ_ALL=1     every finding aborts (known or not)
 *   ARGSPLIT_FUZZ_KEYS=1    print every finding's key to stdout, never abort
 *   ARGSPLIT_FUZZ_IGNORE=1  findings never abort (sanitizer-only runs)
 *   ARGSPLIT_FUZZ_DECODE=1  print the decoded case as one JSON line, no checks
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"
#include "support/case_codec.h"
#include "engine/diffcheck.h"
#include "support/mutator.h"

#ifndef ARGSPLIT_SOURCE_DIR
#define ARGSPLIT_SOURCE_DIR "."
#endif

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return fz_case_mutator(data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
                                 uint8_t *out, size_t max_out, unsigned int seed)
{
    return fz_case_crossover(d1, s1, d2, s2, out, max_out, seed);
}

/* The harness's configuration, read once per process: an engine calls the
 * entry point millions of times and gives it no context argument. */
typedef struct config {
    char **keys;          /* sorted */
    size_t n_keys;
    int all, print_keys, decode, ignore;
} config;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_keys(config *cfg, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t cap = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (cfg->n_keys == cap) {
            cap = cap ? 2 * cap : 256;
            char **k = realloc(cfg->keys, cap * sizeof *k);
            if (!k)
                abort();
            cfg->keys = k;
        }
        cfg->keys[cfg->n_keys++] = strdup(line);
    }
    fclose(f);
    qsort(cfg->keys, cfg->n_keys, sizeof *cfg->keys, cmp_str);
}

static const config *get_config(void)
{
    static config cfg;
    static int loaded;
    if (!loaded) {
        loaded = 1;
        const char *e;
        cfg.all = (e = getenv("ARGSPLIT_FUZZ_ALL")) && *e && *e != '0';
        cfg.print_keys = (e = getenv("ARGSPLIT_FUZZ_KEYS")) && *e && *e != '0';
        cfg.decode = (e = getenv("ARGSPLIT_FUZZ_DECODE")) && *e && *e != '0';
        cfg.ignore = (e = getenv("ARGSPLIT_FUZZ_IGNORE")) && *e && *e != '0';
        /* $ARGSPLIT_FUZZ_KNOWN, else a list beside the binary (how
         * ClusterFuzzLite ships it), else the source tree's. */
        const char *path = getenv("ARGSPLIT_FUZZ_KNOWN");
        char beside[4096];
        ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 32);
        if (path && *path) {
            load_keys(&cfg, path);
        } else if (n > 0) {
            beside[n] = '\0';
            char *slash = strrchr(beside, '/');
            strcpy(slash ? slash + 1 : beside, "fuzz_differential.known");
            if (access(beside, R_OK) == 0)
                load_keys(&cfg, beside);
            else
                load_keys(&cfg, ARGSPLIT_SOURCE_DIR "/corpus/fuzz_differential.known");
        } else {
            load_keys(&cfg, ARGSPLIT_SOURCE_DIR "/corpus/fuzz_differential.known");
        }
    }
    return &cfg;
}

static int known(const config *cfg, const char *key)
{
    return bsearch(&key, cfg->keys, cfg->n_keys, sizeof *cfg->keys, cmp_str) != NULL;
}

typedef struct hit_ctx {
    const config *cfg;
    const fz_case *c;
} hit_ctx;

static int on_finding(void *ctx, const as_finding *f)
{
    hit_ctx *h = ctx;
    if (h->cfg->print_keys) {
        printf("%s\n", f->key);
        return 0;
    }
    if (h->cfg->ignore)
        return 1;
    if (h->cfg->all || !known(h->cfg, f->key)) {
        fprintf(stderr, "argsplit-fuzz: discrepancy key: %s\n", f->key);
        fprintf(stderr, "argsplit-fuzz: case: python 3.%d, %s, signature %s, spec %s, call %s\n",
                h->c->py_minor, h->c->family, h->c->signature, h->c->spec,
                h->c->call ? h->c->call : "-");
        fuzz_violation(h->cfg->all ? "differential finding" : "new differential finding", f->key);
    }
    return 0;
}

static void print_decoded(const fz_case *c)
{
    json_t *j = json_object();
    json_object_set_new(j, "python", json_sprintf("3.%d", c->py_minor));
    json_object_set_new(j, "family", json_string(c->family));
    json_object_set_new(j, "signature", json_string(c->signature));
    json_object_set_new(j, "spec", json_string(c->spec));
    json_object_set_new(j, "call", c->call ? json_string(c->call) : json_null());
    json_object_set_new(j, "form", json_string(c->from_text ? "text" : "binary"));
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const config *cfg = get_config();
    as_arena arena;
    as_arena_init(&arena);
    fz_case c;
    fz_case_decode(&arena, data, size, &c);
    if (cfg->decode) {
        print_decoded(&c);
    } else {
        hit_ctx h = {cfg, &c};
        as_diffcheck_case(&arena, &c.gc, c.family, c.py_minor, 0, on_finding, &h);
    }
    as_arena_free(&arena);
    return 0;
}
