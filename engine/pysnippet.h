/* pysnippet.h — a stored case as a standalone Python snippet for a bug report.
 *
 * The snippet is what a maintainer pastes into an issue: imports, the free
 * names used by defaults and call arguments defined as small arrays, the
 * `def f<signature>`, the real transform applied to it (jax.jit(f, ...),
 * a custom_jvp decorator, eqx.filter_jit(f, ...)), the call, and — as
 * comments — the observed vs reference split side by side and the argsplit
 * command that re-runs the case.  It is valid Python (tests parse it with
 * CPython's ast module); running it needs the transform's library.
 */
#ifndef ARGSPLIT_PYSNIPPET_H
#define ARGSPLIT_PYSNIPPET_H

#include "engine/finding.h"
#include "oracle/arena.h"
#include "oracle/error.h"

/* Build the snippet for f (uses subject, relation, rule, key, signature,
 * spec_json, call, observed_json, expected_json, py_minor; other fields may
 * be NULL; an empty or NULL call means decoration only).  *out is owned by
 * the arena.  Stored text is data: the signature, call and spec in the
 * snippet are the canonical re-printing of the parsed texts
 * (as_pysnippet_canonical), never the texts themselves, and the subject
 * only picks one of the known transform spellings.  Fails with a one-line
 * InputError when spec_json is not a JSON spec object or the signature or
 * call does not parse as exactly one (`(1); import os` is refused). */
int as_pysnippet(as_arena *arena, const as_finding *f, char **out, as_error *err);

/* The same for a subject whose handshake named the library it loaded
 * (`module`, as_ext_info.module: "mylib"; NULL or "" when unknown): a
 * library of the user's own is imported and its transform called
 * (`import mylib` ... `mylib.jit(f, ...)`) instead of JAX.  Without a
 * module, a `py:`/`ext:` id whose name is not a JAX or Equinox family
 * names it ("py:mylib.jit": module mylib, transform mylib.jit).  Only a
 * dotted Python name is used; anything else is ignored. */
int as_pysnippet_module(as_arena *arena, const as_finding *f, const char *module, char **out, as_error *err);

/* ... and with the subject id the `# re-run:` line names (NULL or "":
 * f->subject).  For an `ext:CMD` subject f->subject is what its handshake
 * states ("py:mylib.jit"), which does not resolve again; the caller passes
 * the id as the user gave it (as_subject_asked_id) so the line runs as
 * printed.  It is shell-quoted like every other text of that line. */
int as_pysnippet_for(as_arena *arena, const as_finding *f, const char *module, const char *rerun_subject,
                     char **out, as_error *err);

/* The canonical texts of f's signature, call (NULL: decoration only) and
 * spec keywords, or -1 with the one-line error as_pysnippet gives.  For
 * commands that carry stored cases along (merge) to refuse what replay
 * would refuse. */
int as_pysnippet_canonical(as_arena *arena, const as_finding *f, const char **sig, const char **call,
                           const char **spec, as_error *err);

/* How a subject family is spelled in Python: the expression applied to the
 * function ("jax.jit", "eqx.filter_jit", "pjit") and whether it is used as a
 * decorator class (custom_jvp/custom_vjp).  subject is an id ("jax.jit@0.4.13")
 * or a family ("jax.jit"). */
typedef struct as_py_api {
    const char *callable;       /* e.g. "jax.jit" */
    const char *import_line;    /* e.g. "import jax", "import equinox as eqx" */
    int decorator;              /* 1 for custom_jvp/custom_vjp */
    int is_vjp;                 /* custom_vjp: needs defvjp instead of defjvp */
    int uses_jax;               /* 0 for a library of the user's own */
} as_py_api;

void as_py_api_for(as_arena *arena, const char *subject, as_py_api *out);
/* ... with the module the subject's handshake named (as_pysnippet_module). */
void as_py_api_for_module(as_arena *arena, const char *subject, const char *module, as_py_api *out);

/* The spec keywords of spec_json as Python keyword text
 * ("static_argnums=(0,), static_argnames='b'"). */
int as_pysnippet_spec_text(as_arena *arena, const char *spec_json, char **out, as_error *err);

/* The observed vs reference (or vs f->other) split as a side-by-side text
 * table, every line starting with `prefix` ("# " in snippets); rows that
 * differ are marked '*'.  Unreadable split JSON shows as "(unreadable)".
 * A metamorphic finding (relation "meta:...") shows its original case's
 * answer (expected_json) against its rewritten case's (observed_json),
 * labelled so. */
char *as_pysnippet_table(as_arena *arena, const as_finding *f, const char *prefix);

/* A metamorphic finding's rewritten case from f->other ("SPEC | CALL",
 * CALL "-" for decoration only): 1 with *spec_text (Python keyword text)
 * and *call (NULL for decoration only) set, 0 when f is none.  The snippet
 * of such a finding shows both cases, labelled, and a re-run line for each
 * ("# re-run original: ...", "# re-run rewritten: ..."). */
int as_pysnippet_rewritten(as_arena *arena, const as_finding *f, const char **spec_text, const char **call);

/* `text` quoted for a POSIX shell (single quotes). */
char *as_shell_quote(as_arena *arena, const char *text);

#endif
