/* fuzzcli.h — what `argsplit fuzz` and `argsplit enumerate` share. */
#ifndef ARGSPLIT_FUZZCLI_H
#define ARGSPLIT_FUZZCLI_H

#include <signal.h>

#include <jansson.h>

#include "engine/campaign.h"
#include "engine/store.h"

typedef struct fuzzcli_progress_state {
    const char *name;     /* "fuzz" | "enumerate" */
    int tty;              /* stderr is a terminal: redraw one line often */
    int quiet;
    int dirty;            /* a \r line is on screen */
    double last;          /* when the line was last printed */
    double time_limit;
} fuzzcli_progress_state;

void fuzzcli_install_signals(void);
const volatile sig_atomic_t *fuzzcli_stop_flag(void);
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
