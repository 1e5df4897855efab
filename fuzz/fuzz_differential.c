/* fuzz_differential.c — one subject of the case's family per input: its
 * split against the reference's, the version pair it is the newer side of,
 * and one metamorphic relation on it; or, as one more choice, the relation
 * on the reference alone.  Subject and relation are picked by a hash of the
 * input, so an input always runs the same checks and every mutation reaches
 * any of them (each family member is one of n + 1 choices).  Running the
 * whole family per input cost ~35 splits instead of 5, and libFuzzer's
 * per-feature bookkeeping grows with the code each input runs.  The checks
 * are engine/diffcheck.h's; `argsplit import-findings` runs them all on a
 * recorded case.
 *
 * A finding whose key is not in the known-keys list (one key per line;
 * corpus/fuzz_differential.known, or $ARGSPLIT_FUZZ_KNOWN) is new.  With
 * ARGSPLIT_FUZZ_FINDINGS=FILE it is recorded, not a crash: the decoded case
 * is appended to FILE as one `argsplit import-findings` line (one write(2)
 * with O_APPEND, so parallel jobs can share the file), the key joins this
 * process's known set, and fuzzing goes on — engines never restart on a
 * finding.  Without it a new key aborts with the key printed (the replay
 * tests: the shipped corpus reaches only known keys), unless the harness
 * was compiled with -DARGSPLIT_FUZZ_FINDINGS_STDERR (the ClusterFuzzLite
 * build, where no environment can be set): then the import line goes to
 * standard error and fuzzing goes on.  Environment:
 *   ARGSPLIT_FUZZ_FINDINGS=FILE  record new findings there (see above)
 *   ARGSPLIT_FUZZ_ALL=1     every finding aborts (known or not)
 *   ARGSPLIT_FUZZ_KEYS=1    print every finding's key to stdout, never abort
 *   ARGSPLIT_FUZZ_IGNORE=1  findings never abort (sanitizer-only runs)
 *   ARGSPLIT_FUZZ_DECODE=1  print the decoded case as one JSON line, no checks
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"
#include "support/case_codec.h"
#include "engine/diffcheck.h"
#include "engine/rootcause.h"
#include "engine/metamorphic.h"
#include "subjects/registry.h"
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
    as_cause_set *seen;   /* the known keys, then every key this process recorded (a string set) */
    int findings_fd;      /* ARGSPLIT_FUZZ_FINDINGS, or -1 */
    int all, print_keys, decode, ignore;
    as_message_memo *memo;   /* message readings (engine/rootcause.h), for the process */
    as_cause_memo *causes;   /* root causes by family and mechanism (engine/diffcheck.h), for the process */
} config;

static void load_keys(config *cfg, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        as_cause_set_add(cfg->seen, line);
    }
    fclose(f);
}

static config *get_config(void)
{
    static config cfg;
    static int loaded;
    if (!loaded) {
        loaded = 1;
        cfg.seen = as_cause_set_new();
        cfg.memo = as_message_memo_new();
        cfg.causes = as_cause_memo_new();
        const char *e;
        cfg.all = (e = getenv("ARGSPLIT_FUZZ_ALL")) && *e && *e != '0';
        cfg.print_keys = (e = getenv("ARGSPLIT_FUZZ_KEYS")) && *e && *e != '0';
        cfg.decode = (e = getenv("ARGSPLIT_FUZZ_DECODE")) && *e && *e != '0';
        cfg.ignore = (e = getenv("ARGSPLIT_FUZZ_IGNORE")) && *e && *e != '0';
#ifdef ARGSPLIT_FUZZ_FINDINGS_STDERR
        cfg.findings_fd = 2;
#else
        cfg.findings_fd = -1;
#endif
        if ((e = getenv("ARGSPLIT_FUZZ_FINDINGS")) && *e) {
            cfg.findings_fd = open(e, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            if (cfg.findings_fd < 0) {
                fprintf(stderr, "argsplit-fuzz: ARGSPLIT_FUZZ_FINDINGS=%s: cannot open for appending\n", e);
                exit(2);
            }
        }
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

/* Called once before any input (libFuzzer; AFL++'s driver before its fork
 * server starts, so every child inherits the loaded keys and memos rather
 * than reading the 15k-line known list again after each restart). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_libfuzzer_defaults(argc, argv);
    (void)get_config();
    return 0;
}

static json_t *case_json(const fz_case *c)
{
    json_t *j = json_object();
    json_object_set_new(j, "python", json_sprintf("3.%d", c->py_minor));
    json_object_set_new(j, "family", json_string(c->family));
    json_object_set_new(j, "signature", json_string(c->signature));
    json_object_set_new(j, "spec", json_string(c->spec));
    json_object_set_new(j, "call", c->call ? json_string(c->call) : json_null());
    return j;
}

/* Append the case as one import line (the importer finds all its keys). */
static void record(const config *cfg, const fz_case *c, const char *key)
{
    json_t *j = case_json(c);
    json_object_set_new(j, "kind", json_string("case"));
    json_object_set_new(j, "target", json_string("fuzz_differential"));
    json_object_set_new(j, "key", json_string(key));
    char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (line) {
        size_t n = strlen(line);
        line[n] = '\n';   /* replaces the NUL: one write, one whole line */
        if (write(cfg->findings_fd, line, n + 1) != (ssize_t)(n + 1))
            fprintf(stderr, "argsplit-fuzz: could not append a finding\n");
        free(line);
    }
}

typedef struct hit_ctx {
    as_checker ck;        /* first: the hit callback casts back */
    config *cfg;
    fz_case *c;           /* its texts printed only when a finding needs them */
    as_arena *arena;
    int recorded;         /* this input's case is in the findings file */
    int stop;
} hit_ctx;

static int on_finding(hit_ctx *h, const as_finding *f)
{
    if (h->cfg->print_keys) {
        printf("%s\n", f->key);
        return 0;
    }
    if (h->cfg->ignore)
        return 1;
    /* a key not seen before (neither known nor recorded) joins the set */
    if (h->cfg->all || as_cause_set_add(h->cfg->seen, f->key)) {
        if (!h->cfg->all && h->cfg->findings_fd >= 0) {
            if (!h->recorded) {
                fz_case_texts(h->arena, h->c);
                record(h->cfg, h->c, f->key);
            }
            h->recorded = 1;
            return 0;
        }
        fprintf(stderr, "argsplit-fuzz: discrepancy key: %s\n", f->key);
        fz_case_texts(h->arena, h->c);
        fprintf(stderr, "argsplit-fuzz: case: python 3.%d, %s, signature %s, spec %s, call %s\n",
                h->c->py_minor, h->c->family, h->c->signature, h->c->spec,
                h->c->call ? h->c->call : "-");
        fuzz_violation(h->cfg->all ? "differential finding" : "new differential finding", f->key);
    }
    return 0;
}

static void print_decoded(const fz_case *c)
{
    json_t *j = case_json(c);
    json_object_set_new(j, "form", json_string(c->from_text ? "text" : "binary"));
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

static void on_hit(as_checker *ck, const as_check_hit *hit)
{
    hit_ctx *h = (hit_ctx *)ck;
    if (h->stop)
        return;
    as_finding f;
    as_check_finding(NULL, hit, 0, &f);
    h->stop = on_finding(h, &f);
}

/* The family's check group, built on first use (an engine calls the entry
 * point millions of times; the groups never change). */
static const as_check_group *group_for(const char *family)
{
    enum { MAX_FAMILIES = 64 };
    static as_check_group groups[MAX_FAMILIES];
    static int n;
    for (int i = 0; i < n; i++)
        if (strcmp(groups[i].family, family) == 0)
            return &groups[i];
    if (n == MAX_FAMILIES)
        abort();
    as_check_group_family(&groups[n], family);
    return &groups[n++];
}

FZ_NO_COVERAGE FZ_NOINLINE static uint32_t input_hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    config *cfg = get_config();
    /* a process fuzzes for hours: a full memo starts over rather than
     * leaving every later message to be read the slow way */
    as_message_memo_settle(cfg->memo);
    as_arena *arena = fuzz_input_arena();
    fz_case c;
    fz_case_decode(arena, data, size, &c);
    if (cfg->decode) {
        fz_case_texts(arena, &c);
        print_decoded(&c);
    } else {
        const as_check_group *g = group_for(c.family);
        uint32_t pick = input_hash(data, size);
        int meta = (int)(pick % AS_META_COUNT);
        uint32_t who = pick / AS_META_COUNT % (uint32_t)(g->n + 1);
        as_check_options o = {as_subject_reference(), c.py_minor, 1, 1};
        hit_ctx h = {{on_hit, (int)who < g->n ? g->subs[who] : o.reference, NULL, cfg->memo, cfg->causes}, cfg, &c, arena, 0, 0};
        as_check_case(&o, arena, g, &c.gc, &h.ck, meta);
    }
    return 0;
}
