/* fuzzcli.h — what `argsplit fuzz` and `argsplit enumerate` share (fuzzcli.c):
 * their common options, the subject selection, the progress line, the
 * stop (cli_stop_on_signals) and the run's bookkeeping in the store. */
#ifndef ARGSPLIT_FUZZCLI_H
#define ARGSPLIT_FUZZCLI_H

#include <getopt.h>
#include <signal.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "engine/campaign.h"
#include "engine/store.h"

/* ---- the options both commands take ---------------------------------------
 *     static const struct option opts[] = {FUZZCLI_COMMON_OPTIONS, {"seed", ...}, CLI_OPT_HELP, CLI_OPT_END};
 *     fuzzcli_common c = FUZZCLI_COMMON_INIT;
 *     ... default: if (!fuzzcli_common_option(&c, k, value)) { ... CLI_DONE_STATUS(k) }
 * A command's own option keys start at FUZZCLI_OPT_OWN. */
enum { FUZZCLI_OPT_DB = 256, FUZZCLI_OPT_SUBJECT, FUZZCLI_OPT_PYTHON, FUZZCLI_OPT_FAIL_ON_NEW, FUZZCLI_OPT_NO_META,
       FUZZCLI_OPT_NO_SHRINK, FUZZCLI_OPT_QUIET, FUZZCLI_OPT_OWN };

#define FUZZCLI_COMMON_OPTIONS                                                                            \
    {"db", required_argument, NULL, FUZZCLI_OPT_DB}, {"subject", required_argument, NULL, FUZZCLI_OPT_SUBJECT}, \
        {"subjects", required_argument, NULL, FUZZCLI_OPT_SUBJECT},                                       \
        {"python", required_argument, NULL, FUZZCLI_OPT_PYTHON},                                          \
        {"fail-on-new", no_argument, NULL, FUZZCLI_OPT_FAIL_ON_NEW},                                      \
        {"no-meta", no_argument, NULL, FUZZCLI_OPT_NO_META},                                              \
        {"no-shrink", no_argument, NULL, FUZZCLI_OPT_NO_SHRINK}, {"quiet", no_argument, NULL, FUZZCLI_OPT_QUIET}

typedef struct fuzzcli_common {
    const char *db, *py;          /* --db (default AS_STORE_DEFAULT_PATH), --python or NULL */
    cli_subjects names;           /* --subject, repeated */
    int fail_on_new, no_meta, no_shrink, quiet;
} fuzzcli_common;

#define FUZZCLI_COMMON_INIT {AS_STORE_DEFAULT_PATH, NULL, {NULL, 0, 0}, 0, 0, 0, 0}

/* Take option `key` into c: 1, or 0 when it is not a common one. */
int fuzzcli_common_option(fuzzcli_common *c, int key, const char *value);

/* The subjects of a --subject list (NULL: all), external ones started in
 * *ext (the command frees it with as_ext_set_free after the run): 0, or 2
 * after the one-line error (*ext is then NULL). */
struct as_ext_set;
int fuzzcli_select_subjects(const char *cmd, const char *list, struct as_ext_set **ext,
                            const as_subject ***subs, int *n_subs);

/* Monotonic seconds (the progress line's clock). */
double fuzzcli_wall(void);

typedef struct fuzzcli_progress_state {
    const char *name;     /* "fuzz" | "enumerate" */
    int tty;              /* stderr is a terminal: redraw one line often */
    int quiet;
    int dirty;            /* a \r line is on screen */
    double last;          /* when the line was last printed */
    double time_limit;
} fuzzcli_progress_state;

void fuzzcli_progress(void *ctx, const as_campaign_progress *p);
void fuzzcli_progress_done(fuzzcli_progress_state *st);
int  fuzzcli_parse_shard(const char *text, int *index, int *count);
int  fuzzcli_parse_count(const char *text, long long *out);

/* Start a run in the store: `options` (consumed) is the JSON object of the
 * options as given; the subject ids and versions are recorded beside it. */
int  fuzzcli_begin_run(as_store *store, const char *engine, unsigned long long seed, json_t *options,
                       const as_subject *const *subs, int n_subs, int py_minor, int shard_index,
                       int shard_count, long long *run_id, as_error *err);

/* End the run (done, or killed when `stopped`) and close the store; rc/err
 * are the campaign's result.  Returns the exit status. */
/* Print the closing line "N cases, K discrepancy classes (M new), R root
 * causes (Q new)" and return the exit status: 1 (findings) with
 * fail_on_new when a root cause is new to the store, else 0. */
int  fuzzcli_summary(const as_campaign_progress *p, int fail_on_new);

int  fuzzcli_finish(as_store *store, long long run_id, int stopped, int rc, const as_error *err);

/* After a SIGINT/SIGTERM: print "argsplit CMD: stopped by SIGTERM after N
 * cases; the run is stored as killed[: continue it with --resume]" and
 * return 128 + the signal (130, 143), as a shell reports a process a
 * signal killed, so scripts see an incomplete run; otherwise `status`. */
int  fuzzcli_interrupted(const char *cmd, const as_campaign_progress *p, int resumable, int status);

#endif
