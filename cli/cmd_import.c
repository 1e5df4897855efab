/* cmd_import.c — `argsplit import-findings`: what a nightly fuzzing run
 * found, into the store as discrepancy classes, plus its fuzz statistics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "engine/rootcause.h"
#include "engine/shrink.h"
#include "engine/store.h"
#include "oracle/call.h"
#include "oracle/lines.h"
#include "oracle/pyversion.h"
#include "oracle/signature.h"
#include "oracle/spec.h"

/* The differential checks are the fuzz harness's own (one source, so a key
 * the harness reports is the key imported); see engine/diffcheck.h. */
#include "engine/diffcheck.h"

static const char usage_text[] =
    "usage: argsplit import-findings [--db F] [--engine libfuzzer|afl] [--shrink-tries N]\n"
    "                                [--quiet] [FILE|-]\n"
    "\n"
    "Reads JSON lines (FILE, or standard input) written by scripts/nightly:\n"
    "  {\"kind\": \"case\", \"target\": T, \"python\": \"3.11\", \"family\": FAM,\n"
    "   \"signature\": S, \"spec\": SPEC, \"call\": C|null}\n"
    "      a differential input: every finding of the case (each subject of FAM\n"
    "      vs the reference, the metamorphic relations) is counted under its\n"
    "      semantic key; a key new to the store is shrunk and stored.\n"
    "  {\"kind\": \"crash\", \"target\": T, \"reason\": R, \"input\": PATH, \"text\": X}\n"
    "      a crash or sanitizer report of target T: class key T|fuzz-crash|R.\n"
    "  {\"kind\": \"stat\", \"target\": T, \"engine\": E, \"execs_per_sec\": X,\n"
    "   \"coverage\": N[, \"new_classes\": N]}\n"
    "      one fuzzing measurement (new_classes defaults to this import's count\n"
    "      for T).\n"
    "Everything goes into one new run of engine E (default libfuzzer) in F\n"
    "(default argsplit.db).  Prints 'new: ROOT CAUSE' for each root cause new to\n"
    "the store (engine/rootcause.h) and a summary; into a database without any\n"
    "class it prints 'N root causes (fresh database)' once instead.\n"
    "Exit status 0; 1 when a root cause new to a non-empty store was imported;\n"
    "2 on bad input or a store error.\n";

typedef struct target_count {
    char *target;
    long long new_classes;
} target_count;

typedef struct importer {
    as_store *store;
    as_cause_set *causes;          /* root causes in the store (grows as new ones come) */
    int fresh;                     /* the store had no class before: nothing is "new" */
    long long new_causes;
    long long run_id;
    int shrink_tries;
    long long findings, new_classes;
    target_count counts[64];
    int n_counts;
    const char *target;            /* of the line being imported */
    as_error err;
    int failed;
} importer;

static void count_new(importer *im, const char *target)
{
    for (int i = 0; i < im->n_counts; i++)
        if (strcmp(im->counts[i].target, target) == 0) {
            im->counts[i].new_classes++;
            return;
        }
    if (im->n_counts < 64)
        im->counts[im->n_counts++] = (target_count){strdup(target), 1};
}

static long long new_for(const importer *im, const char *target)
{
    for (int i = 0; i < im->n_counts; i++)
        if (strcmp(im->counts[i].target, target) == 0)
            return im->counts[i].new_classes;
    return 0;
}

/* ---- shrinking: keep a candidate while it still shows the key ------------ */

typedef struct match {
    const char *key;
    int found;
    as_arena *copy_to;             /* when set, the matching finding is copied here */
    as_finding f;
} match;

static int on_match(void *ctx, const as_finding *f)
{
    match *m = ctx;
    if (strcmp(f->key, m->key) != 0)
        return 0;
    m->found = 1;
    if (m->copy_to)
        m->f = *f;
    return 1;
}

typedef struct keep_ctx {
    const char *key, *family;
    int py_minor;
} keep_ctx;

static int keep(void *ctx, as_arena *scratch, const as_gen_case *cand)
{
    keep_ctx *k = ctx;
    match m = {k->key, 0, NULL, {0}};
    as_diffcheck_case(scratch, cand, k->family, k->py_minor, 0, on_match, &m);
    return m.found;
}

typedef struct case_ctx {
    importer *im;
    const as_gen_case *gc;
    const char *family;
    int py_minor;
} case_ctx;

static int on_finding(void *ctx, const as_finding *f)
{
    case_ctx *cc = ctx;
    importer *im = cc->im;
    if (im->failed)
        return 1;
    int is_new = 0;
    im->findings++;
    if (as_store_add_finding(im->store, im->run_id, f, &is_new, &im->err) < 0) {
        im->failed = 1;
        return 1;
    }
    if (!is_new)
        return 0;
    im->new_classes++;
    count_new(im, im->target);
    if (f->cause && as_cause_set_add(im->causes, f->cause)) {
        im->new_causes++;
        if (!im->fresh)
            printf("new: %s\n", f->cause);
    }
    if (im->shrink_tries <= 0)
        return 0;
    as_arena a;
    as_arena_init(&a);
    as_gen_case gc;
    as_gen_case_copy_deep(&a, cc->gc, &gc);
    keep_ctx kc = {f->key, cc->family, cc->py_minor};
    as_shrink(&a, &gc, cc->py_minor, keep, &kc, im->shrink_tries, NULL);
    match m = {f->key, 0, &a, {0}};
    as_diffcheck_case(&a, &gc, cc->family, cc->py_minor, 1, on_match, &m);
    if (m.found && as_store_set_shrunk(im->store, f->key, &m.f, &im->err) < 0)
        im->failed = 1;
    as_arena_free(&a);
    return im->failed;
}

static const char *str_field(const json_t *j, const char *name)
{
    const json_t *v = json_object_get(j, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Returns 0, or -1 with a message in msg (a bad line). */
static int import_case(importer *im, const json_t *j, char *msg, size_t cap)
{
    const char *sig = str_field(j, "signature"), *spec = str_field(j, "spec"),
               *call = str_field(j, "call"), *family = str_field(j, "family"),
               *py = str_field(j, "python");
    int minor = py ? as_pyversion_parse(py) : AS_PY_DEFAULT;
    if (!sig || !family || minor < 0) {
        snprintf(msg, cap, "a case needs \"signature\", \"family\" and a valid \"python\"");
        return -1;
    }
    as_arena a;
    as_arena_init(&a);
    as_gen_case gc;
    memset(&gc, 0, sizeof gc);
    as_error err;
    int rc = as_signature_parse(&a, sig, strlen(sig), minor, &gc.sig, &err);
    if (rc == 0)
        rc = as_spec_parse(&a, spec ? spec : "", spec ? strlen(spec) : 0, &gc.spec, &err);
    if (rc == 0 && call) {
        rc = as_call_parse(&a, call, strlen(call), minor, &gc.call, &err);
        gc.has_call = 1;
    }
    if (rc == 0) {
        case_ctx cc = {im, &gc, family, minor};
        if (as_diffcheck_case(&a, &gc, family, minor, 1, on_finding, &cc) < 0) {
            snprintf(msg, cap, "the case cannot be built");
            rc = -1;
        }
    } else {
        snprintf(msg, cap, "%s: %s", err.type, err.message);
    }
    as_arena_free(&a);
    return rc;
}

static int import_crash(importer *im, const json_t *j, char *msg, size_t cap)
{
    const char *target = str_field(j, "target"), *reason = str_field(j, "reason");
    const char *input = str_field(j, "input"), *text = str_field(j, "text");
    if (!target || !reason) {
        snprintf(msg, cap, "a crash needs \"target\" and \"reason\"");
        return -1;
    }
    as_arena a;
    as_arena_init(&a);
    as_finding f;
    memset(&f, 0, sizeof f);
    f.key = as_arena_printf(&a, "%s|fuzz-crash|%s", target, reason);
    f.subject = target;
    f.relation = "fuzz-crash";
    f.rule = "crash";
    f.other = input;
    f.signature = text ? text : "";
    f.spec_json = "{}";
    f.py_minor = AS_PY_DEFAULT;
    f.cause = as_arena_printf(&a, "%s | fuzz-crash %s", target, reason);
    int is_new = 0;
    im->findings++;
    int rc = 0;
    if (as_store_add_finding(im->store, im->run_id, &f, &is_new, &im->err) < 0) {
        im->failed = 1;
        rc = -1;
    } else if (is_new) {
        im->new_classes++;
        count_new(im, target);
        if (as_cause_set_add(im->causes, f.cause)) {
            im->new_causes++;
            if (!im->fresh)
                printf("new: %s\n", f.cause);
        }
    }
    as_arena_free(&a);
    return rc;
}

static int import_stat(importer *im, const json_t *j, char *msg, size_t cap)
{
    const char *target = str_field(j, "target"), *engine = str_field(j, "engine");
    const json_t *nc = json_object_get(j, "new_classes");
    if (!target || !engine) {
        snprintf(msg, cap, "a stat needs \"target\" and \"engine\"");
        return -1;
    }
    as_fuzz_stat st = {target, engine, json_number_value(json_object_get(j, "execs_per_sec")),
                       (long long)json_number_value(json_object_get(j, "coverage")),
                       json_is_number(nc) ? (long long)json_number_value(nc) : new_for(im, target)};
    if (as_store_record_fuzz_stat(im->store, im->run_id, &st, &im->err) < 0) {
        im->failed = 1;
        return -1;
    }
    return 0;
}

int cmd_import(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_ENGINE, OPT_SHRINK_TRIES, OPT_QUIET };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"engine", required_argument, NULL, OPT_ENGINE},
        {"shrink-tries", required_argument, NULL, OPT_SHRINK_TRIES},
        {"quiet", no_argument, NULL, OPT_QUIET},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"import-findings", usage_text, opts, NULL, 0, 0};
    const char *db = AS_STORE_DEFAULT_PATH, *engine = "libfuzzer", *file = "-", *v;
    int shrink_tries = 400, quiet = 0;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_DB: db = v; break;
        case OPT_ENGINE: engine = v; break;
        case OPT_SHRINK_TRIES: {
            char *end;
            long n = strtol(v, &end, 10);
            if (end == v || *end || n < 0 || n > 1000000)
                return cli_fail("--shrink-tries", "'%s' is not a count", v);
            shrink_tries = (int)n;
            break;
        }
        case OPT_QUIET: quiet = 1; break;
        default: return CLI_DONE_STATUS(k);
        }
    }
    if (argc - p.operand > 1)
        return cli_usage_error("import-findings", "too many arguments");
    if (p.operand < argc)
        file = argv[p.operand];
    if (strcmp(engine, "libfuzzer") != 0 && strcmp(engine, "afl") != 0)
        return cli_fail("import-findings", "--engine must be libfuzzer or afl");
    FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!in)
        return cli_fail("import-findings", "%s: cannot open", file);

    importer im;
    memset(&im, 0, sizeof im);
    im.shrink_tries = shrink_tries;
    if (as_store_open(db, 0, &im.store, &im.err) < 0) {
        if (in != stdin)
            fclose(in);
        fprintf(stderr, "argsplit: %s\n", im.err.message);
        return AS_EXIT_BAD_INPUT;
    }
    im.causes = as_cause_set_new();
    if (as_cause_set_load(im.causes, im.store, &im.err) < 0) {
        fprintf(stderr, "argsplit: %s\n", im.err.message);
        as_cause_set_free(im.causes);
        as_store_close(im.store, NULL);
        if (in != stdin)
            fclose(in);
        return AS_EXIT_BAD_INPUT;
    }
    {
        as_arena a;
        as_arena_init(&a);
        as_class_row *rows;
        int n = 0;
        im.fresh = as_store_classes(im.store, &a, &rows, &n, &im.err) == 0 && n == 0;
        as_arena_free(&a);
    }
    as_run_info info = {engine, 0, "{\"source\":\"nightly\"}", NULL, NULL, 0, 1};
    int status = AS_EXIT_OK;
    if (as_store_run_begin(im.store, &info, &im.run_id, &im.err) < 0) {
        fprintf(stderr, "argsplit: %s\n", im.err.message);
        as_store_close(im.store, NULL);
        if (in != stdin)
            fclose(in);
        return AS_EXIT_BAD_INPUT;
    }

    /* Findings before statistics, so a stat's new_classes can default to
     * what this import found for its target. */
    json_t *stats = json_array();
    char *buf = NULL;
    size_t cap = 0;
    long line_no = 0, n_lines = 0, bad_lines = 0, len;
    while (!im.failed && (len = as_read_line(in, &buf, &cap)) != -1) {
        line_no++;
        char why[128];
        if (as_line_error(buf, len, why, sizeof why, NULL)) {
            fprintf(stderr, "argsplit: import-findings: %s:%ld: %s\n", file, line_no, why);
            bad_lines++;
            n_lines++;
            continue;
        }
        if (len == 0)
            continue;
        json_error_t jerr;
        json_t *j = json_loads(buf, 0, &jerr);
        const char *kind = j ? str_field(j, "kind") : NULL;
        char msg[AS_MESSAGE_MAX + 64] = "";
        int rc = -1;
        im.target = j && str_field(j, "target") ? str_field(j, "target") : "";
        if (!j)
            snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.text);
        else if (!kind)
            snprintf(msg, sizeof msg, "\"kind\" must be \"case\", \"crash\" or \"stat\"");
        else if (strcmp(kind, "case") == 0)
            rc = import_case(&im, j, msg, sizeof msg);
        else if (strcmp(kind, "crash") == 0)
            rc = import_crash(&im, j, msg, sizeof msg);
        else if (strcmp(kind, "stat") == 0) {
            json_array_append(stats, j);
            rc = 0;
        } else
            snprintf(msg, sizeof msg, "unknown kind '%.100s'", kind);
        if (rc < 0 && !im.failed) {
            fprintf(stderr, "argsplit: import-findings: %s:%ld: %s\n", file, line_no, msg);
            bad_lines++;
        }
        n_lines++;
        json_decref(j);
    }
    size_t i;
    json_t *st;
    json_array_foreach(stats, i, st) {
        char msg[256] = "";
        if (!im.failed && import_stat(&im, st, msg, sizeof msg) < 0 && !im.failed) {
            fprintf(stderr, "argsplit: import-findings: stat: %s\n", msg);
            bad_lines++;
        }
    }
    json_decref(stats);
    free(buf);
    if (in != stdin)
        fclose(in);
    for (int k = 0; k < im.n_counts; k++)
        free(im.counts[k].target);

    if (!im.failed && (as_store_run_progress(im.store, im.run_id, n_lines, n_lines, 0, &im.err) < 0 ||
                       as_store_run_end(im.store, im.run_id, AS_RUN_DONE, &im.err) < 0))
        im.failed = 1;
    if (im.failed) {
        fprintf(stderr, "argsplit: %s\n", im.err.message);
        as_store_close(im.store, NULL);
        as_cause_set_free(im.causes);
        return AS_EXIT_BAD_INPUT;
    }
    if (as_store_close(im.store, &im.err) < 0) {
        as_cause_set_free(im.causes);
        fprintf(stderr, "argsplit: %s\n", im.err.message);
        return AS_EXIT_BAD_INPUT;
    }
    if (im.fresh && im.new_causes)   /* a fresh database: one line, not one per root cause */
        printf("%lld root cause%s (fresh database)\n", im.new_causes, im.new_causes == 1 ? "" : "s");
    if (!quiet)
        printf("%ld lines, %lld findings, %lld new class%s, %lld new root cause%s\n", n_lines, im.findings,
               im.new_classes, im.new_classes == 1 ? "" : "es", im.new_causes, im.new_causes == 1 ? "" : "s");
    as_cause_set_free(im.causes);
    if (bad_lines)
        status = AS_EXIT_BAD_INPUT;
    else if (im.new_causes && !im.fresh)
        status = AS_EXIT_FINDINGS;
    return status;
}
