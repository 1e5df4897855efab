/* real.h — real JAX and Equinox releases as external subjects.
 *
 * `real:FAMILY@RELEASE` ("real:jax.jit@0.4.14") is the adapter
 * (adapters/python/argsplit_adapter.py) running backend FAMILY with the
 * real library at RELEASE, in the per-release environment that
 * scripts/real-env manages:
 *
 *     <interp> <adapter> --backend FAMILY --expect jax==RELEASE
 *
 * where <interp> is what `scripts/real-env python RELEASE` prints
 * (`--equinox RELEASE` and equinox==RELEASE for the equinox.* families).
 * real-env exits 3 when the release is not installed and 2 when it is not
 * a release it knows; both become one-line errors here.
 *
 * `real:FAMILY@PATH` (PATH contains a '/') is an existing virtual
 * environment (PATH/bin/python runs the adapter) or an editable source
 * checkout (`--source PATH`, run by $ARGSPLIT_REAL_PYTHON or python3) — a
 * JAX or Equinox developer gating their own branch.
 *
 * The handshake must state the backend, module and release asked for (for
 * a checkout: a module loaded from inside PATH); anything else is a
 * HandshakeMismatch, never a silent fallback (external.h, expect_*).
 */
#ifndef ARGSPLIT_REAL_H
#define ARGSPLIT_REAL_H

#include "oracle/arena.h"
#include "oracle/error.h"
#include "subjects/external.h"

#define AS_REAL_PREFIX "real:"

typedef struct as_real_id {
    const char *family;     /* "jax.jit" */
    const char *module;     /* "jax" or "equinox" */
    const char *release;    /* "0.4.14", or NULL for a path */
    const char *path;       /* a venv or a checkout (absolute), or NULL */
    int is_venv;            /* path has bin/python */
} as_real_id;

/* Parse "real:FAMILY@RELEASE" or "real:FAMILY@PATH".  InputError naming
 * the bad part: unknown family, malformed release, missing directory. */
int as_real_parse(as_arena *a, const char *id, as_real_id *out, as_error *err);

/* Fill opt's argv, backend and expect_* for the subject (runs
 * `real-env python` for a release).  NotInstalled / InputError with
 * real-env's own line when it refuses. */
int as_real_options(as_arena *a, const as_real_id *r, as_ext_options *opt, as_error *err);

/* argsplit's data directory (conformance/cases, conformance/expectations,
 * adapters/python, scripts/real-env) — the one locator, for the CLI and the
 * subjects alike: $ARGSPLIT_DATA_DIR (or its older name
 * $ARGSPLIT_SOURCE_DIR); else ../share/argsplit beside the executable (an
 * installed PREFIX/bin/argsplit); else the source tree argsplit was built
 * from; else the configured install prefix's share/argsplit. */
const char *as_data_dir(as_arena *a);

/* The real-env script: $ARGSPLIT_REAL_ENV, else <data dir>/scripts/real-env. */
const char *as_real_env_path(as_arena *a);

/* One release real-env knows (`real-env list --json`). */
typedef struct as_real_release {
    const char *module;     /* "jax" or "equinox" (real-env's "kind") */
    const char *release;    /* its "version" */
    const char *state;      /* "installed", "available" or "unavailable" */
    int installed;
    const char *python;     /* the interpreter version it runs on, or "" */
} as_real_release;

/* Every release real-env can install, installed or not.  -1 with one line
 * when real-env fails or prints something that is not its list. */
int as_real_list(as_arena *a, as_real_release **out, int *n, as_error *err);

/* Run argv (argv[0] searched in PATH) with stdin from /dev/null; its
 * stdout into *out (NUL-terminated, arena), its last stderr line into
 * *err_line; returns the exit status (128+N for signal N), -1 when it
 * cannot be run. */
int as_run_capture(as_arena *a, const char *const *argv, char **out, char **err_line);

#endif
