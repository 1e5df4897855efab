/* fuzzcli.c — what `argsplit fuzz` and `argsplit enumerate` share; see fuzzcli.h. */
#include "cli/fuzzcli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cliutil.h"
#include "engine/campaign.h"
#include "subjects/external.h"

double fuzzcli_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void fuzzcli_progress(void *ctx, const as_campaign_progress *p)
{
    fuzzcli_progress_state *st = ctx;
    double t = fuzzcli_wall();
    if (st->quiet || t - st->last < (st->tty ? 0.25 : 5.0))
        return;
    st->last = t;
    double rate = p->seconds > 0 ? (double)p->cases / p->seconds : 0;
    char eta[48] = "";
    if (p->total > 0 && rate > 0)
        snprintf(eta, sizeof eta, ", ETA %.0fs", (double)(p->total - p->cases) / rate);
    else if (st->time_limit > 0)
        snprintf(eta, sizeof eta, ", ETA %.0fs", st->time_limit - p->seconds > 0 ? st->time_limit - p->seconds : 0);
    fprintf(stderr, "%s%s: %lld cases (%.0f/s), %d root causes (%d new) in %d classes%s%s", st->tty ? "\r" : "",
            st->name, p->cases, rate, p->root_causes, p->new_root_causes, p->classes, eta, st->tty ? "   " : "\n");
    st->dirty = st->tty;
    fflush(stderr);
}

void fuzzcli_progress_done(fuzzcli_progress_state *st)
{
    if (st->dirty)
        fputc('\n', stderr);
}

int fuzzcli_parse_shard(const char *text, int *index, int *count)
{
    char *end;
    long i = strtol(text, &end, 10);
    if (end == text || *end != '/')
        return -1;
    const char *q = end + 1;
    long n = strtol(q, &end, 10);
    if (end == q || *end || n < 1 || n > 1000000 || i < 0 || i >= n)
        return -1;
    *index = (int)i;
    *count = (int)n;
    return 0;
}

int fuzzcli_parse_count(const char *text, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end || errno || v < 0)
        return -1;
    *out = v;
    return 0;
}

int fuzzcli_begin_run(as_store *store, const char *engine, unsigned long long seed, json_t *options,
                      const as_subject *const *subs, int n_subs, int py_minor, int shard_index,
                      int shard_count, long long *run_id, as_error *err)
{
    char *opt_text = json_dumps(options, JSON_COMPACT);
    json_decref(options);
    json_t *ids = json_array();
    for (int i = 0; i < n_subs; i++)
        json_array_append_new(ids, json_string(subs[i]->id));
    char *ids_text = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    char versions[96];
    snprintf(versions, sizeof versions, "{\"argsplit\":\"0.1.0\",\"python\":\"3.%d\"}", py_minor);
    as_run_info info = {engine, seed, opt_text, ids_text, versions, shard_index, shard_count};
    int rc = as_store_run_begin(store, &info, run_id, err);
    free(opt_text);
    free(ids_text);
    return rc;
}

int fuzzcli_summary(const as_campaign_progress *p, int fail_on_new)
{
    printf("%lld cases, %d discrepancy classes (%d new), %d root cause%s (%d new)\n", p->cases, p->classes,
           p->new_classes, p->root_causes, p->root_causes == 1 ? "" : "s", p->new_root_causes);
    return fail_on_new && p->new_root_causes > 0 ? AS_EXIT_FINDINGS : AS_EXIT_OK;
}

int fuzzcli_interrupted(const char *cmd, const as_campaign_progress *p, int resumable, int status)
{
    int stopped = cli_stopped(cmd, "%lld cases; the run is stored as killed%s", p->cases,
                              resumable ? ": continue it with --resume" : "");
    return stopped ? stopped : status;
}

int fuzzcli_finish(as_store *store, long long run_id, int stopped, int rc, const as_error *err)
{
    as_error e2;
    if (rc < 0) {
        cli_fail_error("store", err);
        as_store_close(store, &e2);
        return AS_EXIT_BAD_INPUT;
    }
    if (as_store_run_end(store, run_id, stopped ? AS_RUN_KILLED : AS_RUN_DONE, &e2) < 0 ||
        as_store_close(store, &e2) < 0)
        return cli_fail_error("store", &e2);
    return AS_EXIT_OK;
}

int fuzzcli_common_option(fuzzcli_common *c, int key, const char *value)
{
    switch (key) {
    case FUZZCLI_OPT_DB: c->db = value; return 1;
    case FUZZCLI_OPT_SUBJECT: cli_subjects_add(&c->names, value); return 1;
    case FUZZCLI_OPT_PYTHON: c->py = value; return 1;
    case FUZZCLI_OPT_FAIL_ON_NEW: c->fail_on_new = 1; return 1;
    case FUZZCLI_OPT_NO_META: c->no_meta = 1; return 1;
    case FUZZCLI_OPT_NO_SHRINK: c->no_shrink = 1; return 1;
    case FUZZCLI_OPT_QUIET: c->quiet = 1; return 1;
    default: return 0;
    }
}

int fuzzcli_select_subjects(const char *cmd, const char *list, as_ext_set **ext, const as_subject ***subs,
                            int *n_subs)
{
    as_error err;
    *ext = cli_ext_set(cmd);
    as_ext_set_stop(*ext, cli_stop_flag());   /* a stop ends a wait for a subject at once */
    *subs = NULL;
    *n_subs = 0;
    if (cli_subjects_check(*ext, list) != AS_EXIT_OK) {
        as_ext_set_free(*ext);
        *ext = NULL;
        return AS_EXIT_BAD_INPUT;
    }
    if (as_campaign_select_subjects_ext(list, *ext, subs, n_subs, &err) < 0) {
        as_ext_set_free(*ext);
        *ext = NULL;
        return cli_fail_error("--subject", &err);
    }
    return AS_EXIT_OK;
}
