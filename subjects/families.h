/* families.h — the transform families: the one table of the keywords each
 * family takes (families.c), and the subject tables each family module
 * exports (NULL-terminated, oldest version first; registry.c concatenates
 * them).
 *
 * A family's keywords are written once, here, and everything that needs
 * them reads them from here: the newest model's own "unexpected keyword
 * argument" check (as_keywords_*), the generator and the enumerator (the
 * selector keywords they draw, engine/gen.h), the gate and `split
 * --subject all` (which subjects a spec is meaningful for).  Older models
 * keep the lists of their own releases beside their configs: those are
 * history, not a second copy.  tests/test_families.c checks that the
 * newest models accept exactly what the table says.
 */
#ifndef ARGSPLIT_FAMILIES_H
#define ARGSPLIT_FAMILIES_H

#include "subjects/subject.h"

/* How a selector keyword selects arguments. */
typedef enum as_kw_form {
    AS_KW_NUMS = 0,       /* ints: static_argnums, argnums, ... */
    AS_KW_NAMES,          /* strs: static_argnames, ... */
    AS_KW_AXES            /* in_axes: int / None / tuple of them */
} as_kw_form;

/* Which literals a family's generated calls may pass (the rest become
 * array names): a literal must not decide a case by its value where the
 * annotations are what is compared. */
typedef enum as_literals {
    AS_LITERALS_ALL = 0,   /* ints and floats (jit's static values, Equinox's split by value) */
    AS_LITERALS_FLOAT,     /* floats only: the grad family rejects an int input (dtype) */
    AS_LITERALS_NONE       /* none: pmap maps every positional argument and a scalar has no axis */
} as_literals;

/* A keyword the generator draws. */
typedef struct as_family_keyword {
    const char *name;
    as_kw_form form;
    const char *partner;  /* the names keyword of a nums keyword and vice versa, or NULL */
    const char *role;     /* "static", "donate", "diff", "nondiff", "axes" */
} as_family_keyword;

typedef struct as_family {
    const char *family;                 /* "jax.jit"; "" is the reference's default row */
    const as_family_keyword *keywords;  /* the selectors the generator draws (some may be
                                         * rejected by the family: they exercise its errors) */
    int n_keywords;
    int empty_spec_pct;                 /* share of generated cases with an empty spec */
    const char *const *accepted;        /* NULL-terminated: the keyword parameters of the
                                         * newest release, in declaration order */
    const char *section;                /* where docs/SEMANTICS.md
                                         * describes the family */
    as_literals literals;               /* the call values the generator may write as literals */
} as_family;

/* The row of `family`, or NULL when there is none. */
const as_family *as_family_find(const char *family);

/* All rows, the default ("") row last; NULL-terminated. */
const as_family *const *as_families_all(void);

/* 1 when the newest release of the family takes keyword `kw`. */
int as_family_accepts(const as_family *f, const char *kw);

/* The accepted lists, for the newest models' own checks. */
extern const char *const as_keywords_jax_jit[];
extern const char *const as_keywords_jax_pmap[];
extern const char *const as_keywords_jax_grad[];      /* grad, value_and_grad */
extern const char *const as_keywords_jax_jacfwd[];    /* jacfwd, hessian */
extern const char *const as_keywords_jax_jacrev[];
extern const char *const as_keywords_jax_custom[];    /* custom_jvp, custom_vjp */
extern const char *const as_keywords_jax_vmap[];
extern const char *const as_keywords_jax_checkpoint[];

extern const as_subject as_subject_reference_policy;      /* subjects/reference.c */
extern const as_subject *const as_subjects_jax_jit[];      /* subjects/jax_jit.c: jit, pjit */
extern const as_subject *const as_subjects_jax_pmap[];     /* subjects/jax_pmap.c */
extern const as_subject *const as_subjects_jax_grad[];     /* subjects/jax_grad.c: grad, value_and_grad, jacfwd, jacrev, hessian */
extern const as_subject *const as_subjects_jax_custom[];   /* subjects/jax_custom.c: custom_jvp, custom_vjp */
extern const as_subject *const as_subjects_jax_vmap[];     /* subjects/jax_vmap.c */
extern const as_subject *const as_subjects_jax_checkpoint[]; /* subjects/jax_checkpoint.c */
extern const as_subject *const as_subjects_equinox[];      /* subjects/equinox.c: filter_jit, filter_grad */

#endif
