/* subject.h — the contract every transform model implements.
 *
 * A subject is one real implementation at one version ("jax.jit@0.3.10"),
 * or the reference policy ("reference"), or an external process.  Given a
 * case it produces an as_split.  Models never print and never abort: a case
 * the model cannot express is a decoration or call error in the split.
 *
 * Adding a subject = adding one module with a `const as_subject` table and
 * one row in subjects/registry.c.
 */
#ifndef ARGSPLIT_SUBJECT_H
#define ARGSPLIT_SUBJECT_H

#include "oracle/arena.h"
#include "oracle/split.h"

enum {
    AS_CAP_DONATE = 1u << 0,    /* entries carry `donated` */
    AS_CAP_AXIS   = 1u << 1,    /* entries carry `axis` */
    AS_CAP_EXTERNAL = 1u << 2,  /* runs out of process (adapter) */
    /* reads its indices after binding the call to the signature
     * (custom_jvp/vjp's resolve_kwargs): an index reaches a parameter
     * however it was passed, so no rule of keyword passing applies */
    AS_CAP_BINDS_CALL = 1u << 3,
    /* accepts its verdict role's names keyword and ignores it (checkpoint
     * from 0.10.2 without jax_remat3): a name reaches nothing, whatever
     * the parameter's kind, so those cases are one rule, argnames-ignored */
    AS_CAP_IGNORES_ARGNAMES = 1u << 4
};

typedef struct as_subject as_subject;

typedef int (*as_split_fn)(const as_subject *self, as_arena *arena, const as_case *c,
                           as_split *out);

struct as_subject {
    const char *id;             /* "jax.jit@0.3.10" */
    const char *family;         /* "jax.jit" */
    const char *version;        /* "0.3.10"; "" for the reference */
    const char *description;    /* one line */
    unsigned caps;
    as_split_fn split;          /* fills *out; returns 0 (-1 only for internal failure with call_error set) */
    const void *config;         /* version knobs private to the module */
    /* How the model reads a negative index: the AS_NEG_* readings its
     * verdict role (static_argnums, argnums, nondiff_argnums,
     * static_broadcasted_argnums) can take, or'ed with AS_NEG_DONATION(the
     * readings of donate_argnums); 0 = not declared.  engine/compare.c
     * names a case's rule by the declared reading where the case alone
     * cannot tell the readings apart. */
    unsigned negative_reading;
};

enum {
    AS_NEG_LEN_ARGS = 1u << 0,     /* from the call's positional arguments (_ensure_inbounds) */
    AS_NEG_POSITIONAL = 1u << 1,   /* from the positional parameters (jit 0.12's signature) */
    AS_NEG_IGNORED = 1u << 2       /* not at all: a membership test matches no negative */
};
#define AS_NEG_DONATION(readings) ((unsigned)(readings) << 4)
/* The readings declared for one role (donation or not) of `declared`. */
#define AS_NEG_OF_ROLE(declared, donation) (((declared) >> ((donation) ? 4 : 0)) & 7u)

/* Run a subject on a case, handling what is common to all of them: a call
 * that fails before reaching the transform (A1/A2 errors) is reported as
 * that error once decoration succeeded. */
int as_subject_split(const as_subject *s, as_arena *arena, const as_case *c, as_split *out);

/* The same for cases[0..n) into out[0..n): an external subject gets them
 * as one pipelined batch (as_ext_split_many), so its process boundary is
 * paid once per batch rather than per case.  Returns 0, or -1 when an
 * external subject could not be restarted (its splits then say so). */
int as_subject_split_many(const as_subject *s, as_arena *arena, const as_case *const *cases, int n,
                          as_split *out);

#endif
