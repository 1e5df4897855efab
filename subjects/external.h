/* external.h — subjects that run in another process (docs/EXTERNAL.md).
 *
 * A driver (as_ext) starts a subject process, greets it with the handshake
 * of protocol "argsplit-subject/1" and then exchanges JSON lines: requests
 * are `split --jsonl` request objects plus an "id", answers are split JSON
 * objects plus the same "id", in any order.  Up to `batch` requests are in
 * flight at once, so the process boundary costs little.
 *
 * The driver survives any subject behaviour.  A process that dies, hangs
 * (no answer within timeout_ms), writes something that is not an answer,
 * or writes an answer longer than max_output is killed with everything it
 * started (its own session; descendants, even those that called setsid,
 * found through /proc by parentage and an environment tag; we are a child
 * subreaper, so orphans are reparented to us and reaped), reaped, and restarted with exponential backoff; the
 * requests it still owed are replayed one at a time, so the case that
 * caused the failure is found exactly.  That case's split carries an
 * error of type "SubjectCrash" or "SubjectTimeout" — a call error
 * (decoration_ok and has_call set), or a decoration error when the case
 * has no call — and the driver goes on with the next cases.  A process
 * whose resident memory grows beyond max_rss_mb is recycled between
 * batches (no finding: the leak is not one case's fault).
 *
 * The child gets PR_SET_PDEATHSIG SIGKILL: it dies with us, even when we
 * are killed with SIGKILL.
 *
 * Calls on one driver may come from several threads: they are serialised
 * by the driver's own lock.
 */
#ifndef ARGSPLIT_EXTERNAL_H
#define ARGSPLIT_EXTERNAL_H

#include <signal.h>
#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/error.h"
#include "oracle/split.h"
#include "subjects/subject.h"

#define AS_EXT_PROTOCOL "argsplit-subject/1"

/* The handshake stated another backend, module or release than asked for. */
#define AS_EXT_MISMATCH "HandshakeMismatch"

/* Error types of splits the driver had to fill in itself. */
#define AS_EXT_CRASH   "SubjectCrash"
#define AS_EXT_TIMEOUT "SubjectTimeout"

typedef struct as_ext_options {
    const char *const *argv;    /* the command, argv[0] searched in PATH; NULL-terminated */
    const char *cwd;            /* working directory, NULL: inherit */
    const char *backend;        /* subject id asked for in the handshake (may be NULL) */
    int timeout_ms;             /* per case: the next answer is due within this time (10000) */
    int startup_ms;             /* start and handshake (60000: importing JAX is slow) */
    size_t max_output;          /* bytes of one answer line (1 MiB) */
    int batch;                  /* requests in flight (64) */
    int max_restarts;           /* consecutive failed starts before giving up (4) */
    int backoff_ms;             /* first restart delay, doubled per consecutive failure, capped at 2 s (25) */
    long max_rss_mb;            /* recycle between batches above this RSS; 0 = never (2048) */
    /* Nonzero (a SIGINT/SIGTERM flag): stop waiting at once (seen within
     * 50 ms), kill the subject's session and reap it; the splits not
     * answered get a SubjectCrash "stopped before the subject answered"
     * and no restart is tried.  NULL: waits end only by answer or timeout. */
    const volatile sig_atomic_t *stop;
    /* What the handshake must state, each NULL = anything: its "backend"
     * ("jax.jit"; "py:jax.jit" also matches), "module" ("jax"),
     * "module_version" (as_release_cmp-equal) and "module_path" (inside this
     * directory).  A difference, or a field missing, refuses the subject
     * with a HandshakeMismatch: a subject never silently serves something
     * else than what was asked for. */
    const char *expect_backend;
    const char *expect_module;
    const char *expect_version;
    const char *expect_path;
} as_ext_options;

void as_ext_options_default(as_ext_options *o);

typedef struct as_ext_backend {
    const char *id;             /* "py:jax.jit" */
    int available;
    const char *reason;         /* why not available ("jax is not installed"), or "" */
} as_ext_backend;

/* What the handshake answered. */
typedef struct as_ext_info {
    const char *id;             /* the subject id the process serves */
    const char *family;         /* C model family it corresponds to ("jax.jit"), or its id */
    const char *version;        /* the real library's version */
    const char *python;         /* "3.11", or "" when not a Python subject */
    unsigned caps;              /* AS_CAP_* (AS_CAP_EXTERNAL always set) */
    const char *backend;        /* the backend it runs ("jax.jit"), or "" when it does not say */
    const char *module;         /* the library it loaded ("jax"), or "" */
    const char *module_version; /* its __version__, or "" */
    const char *module_path;    /* where it was loaded from, or "" */
    as_ext_backend *backends;
    int n_backends;
} as_ext_info;

typedef struct as_ext_stats {
    long requests, answers;
    int starts, crashes, timeouts, protocol_errors, recycles;
} as_ext_stats;

typedef struct as_ext as_ext;

/* Start the process and shake hands.  -1 with *err when it cannot be
 * started or refuses (an unavailable backend gives type "NotInstalled"). */
int  as_ext_start(const as_ext_options *opt, as_ext **out, as_error *err);
void as_ext_stop(as_ext *x);     /* kill every process of it, reap, free; NULL is fine */

/* Watch another stop flag (as_ext_options.stop) from now on. */
void as_ext_watch_stop(as_ext *x, const volatile sig_atomic_t *stop);

/* Stop the process but keep the driver: the next split starts it again
 * (as_ext_set keeps at most AS_EXT_MAX_ALIVE subjects alive this way). */
void as_ext_park(as_ext *x);
int  as_ext_running(as_ext *x);  /* a process is alive */

const as_ext_info *as_ext_get_info(const as_ext *x);
void as_ext_get_stats(const as_ext *x, as_ext_stats *out);

/* Split cases[0..n) with the process, pipelined; out[i] answers cases[i].
 * Cases are sent exactly as given (the call even when it fails at the call
 * site: the real subject observes that too).  Returns 0; -1 only when the
 * subject cannot be restarted any more (*err; the splits not obtained
 * carry a SubjectCrash error). */
int as_ext_split_many(as_ext *x, as_arena *arena, const as_case *const *cases, int n, as_split *out,
                      as_error *err);

/* The request object for one case (split --jsonl form, without "id").
 * The spec goes as its canonical text, which split --jsonl accepts too and
 * which keeps what JSON cannot (a list is not a tuple). */
json_t *as_ext_request_json(as_arena *arena, const char *subject_id, const as_case *c);

/* ---- subjects from ids and the config file (subjects/extconfig.c) ---- */

/* One entry of subjects.toml:
 *     [subject.NAME]
 *     command = "python3 adapters/python/argsplit_adapter.py"
 *     backend = "py:mylib.jit"      # handshake id; default NAME
 *     timeout_ms = 5000
 *     cwd = "."
 *     max_output = 1048576
 *     batch = 64
 *     max_rss_mb = 2048                                                       */
typedef struct as_ext_config_entry {
    const char *name;
    const char *command;
    const char *backend;
    const char *cwd;
    int timeout_ms, batch;
    long max_rss_mb;
    size_t max_output;
} as_ext_config_entry;

typedef struct as_ext_config {
    as_ext_config_entry *entries;
    int n_entries;
} as_ext_config;

/* A config file's limits (docs/LIMITS.md): passing one is an InputError
 * "PATH:LINE: ..." (oracle/textfile.h). */
enum { AS_EXT_CONFIG_LINE_MAX = 64 << 10, AS_EXT_CONFIG_FILE_MAX = 1 << 20 };

int as_ext_config_parse(as_arena *arena, const char *text, size_t len, as_ext_config *out, as_error *err);
int as_ext_config_load(as_arena *arena, const char *path, as_ext_config *out, as_error *err);

/* Split a command line into argv: blanks separate words, '...' and "..."
 * quote, backslash escapes the next character.  NULL-terminated. */
int as_ext_split_command(as_arena *arena, const char *command, const char ***argv_out, as_error *err);

/* The external subjects of one run, started on first use, stopped by
 * as_ext_set_free (config_path NULL: $ARGSPLIT_SUBJECTS, else
 * ./subjects.toml when it exists).  At most AS_EXT_MAX_ALIVE of them have a process at
 * once: resolving one more parks the least recently resolved (its
 * process is stopped and restarted on its next use). */
typedef struct as_ext_set as_ext_set;

#define AS_EXT_MAX_ALIVE 8

as_ext_set *as_ext_set_new(const char *config_path);
void as_ext_set_free(as_ext_set *set);

/* A subject by id: a built-in one (as_subject_find, FAMILY@RELEASE
 * included; a release no model covers is an InputError listing the
 * ranges), "py:NAME" (a backend of adapters/python, run with
 * $ARGSPLIT_PYTHON or python3), "real:FAMILY@RELEASE|PATH" (real.h),
 * "ext:CMD" (any command speaking the protocol) or a NAME from the config
 * file.  NULL
 * with *err when unknown, not installed, or not startable.  The subject
 * lives until as_ext_set_free. */
const as_subject *as_subject_resolve(as_ext_set *set, const char *id, as_error *err);

/* The same for an id read from data (a `split --jsonl` line): data may
 * name only configured subjects — built-in ids, py:NAME (the project's
 * adapter, choosing among the installed backends), ids the command line
 * allowed with as_ext_set_allow, and NAMEs of a config file the user named
 * (as_ext_set_new's argument or $ARGSPLIT_SUBJECTS, not an implicit
 * ./subjects.toml).  Never ext:CMD: no command read from data is run.
 * NULL with an InputError otherwise (nothing is started). */
const as_subject *as_subject_resolve_data(as_ext_set *set, const char *id, as_error *err);
void as_ext_set_allow(as_ext_set *set, const char *id);

/* The driver behind a subject made by as_subject_resolve, or NULL for a
 * built-in subject: for callers that batch (as_ext_split_many). */
as_ext *as_subject_driver(const as_subject *s);

/* The id a subject was resolved from, which resolves to it again: for
 * "ext:CMD" the command as given (its s->id is what the handshake states,
 * e.g. "py:mylib.jit", which needs the backend on the adapter's path);
 * s->id for every other subject.  Printed replay lines use it. */
const char *as_subject_asked_id(const as_subject *s);

/* The finding relation (engine/finding.h) of a split the driver filled in
 * itself: "subject-crash", "subject-timeout"; NULL for a real answer. */
const char *as_ext_failure_relation(const as_split *s);

/* The built-in model an external subject is checked against under the
 * relation "model-fidelity": the model of its family covering the release
 * its handshake states as module_version (registry.h; the nearest one when
 * none covers it), or the family's newest model when it states none
 * (py:mylib.jit -> jax.jit@newest, py:reference -> reference); NULL when
 * there is none or `ext` is not external. */
const as_subject *as_ext_model_of(const as_subject *ext);

/* Notes for the user while resolving ids ("jax.jit@0.4.30 -> model
 * jax.jit@0.4.27 (covers ...)"): fn is called once per id that needs one.
 * Without it notes are dropped. */
/* Every external subject of the set, already started or started later,
 * watches this stop flag (as_ext_options.stop). */
void as_ext_set_stop(as_ext_set *set, const volatile sig_atomic_t *stop);

void as_ext_set_on_note(as_ext_set *set, void (*fn)(void *ctx, const char *note), void *ctx);

/* The adapter script: $ARGSPLIT_ADAPTER, else the data directory's
 * adapters/python/argsplit_adapter.py (real.h, as_data_dir). */
const char *as_ext_adapter_path(as_arena *arena);

#endif
