/* gen.h — the campaign's random, seeded, structure-aware case generator.
 *
 * A case is a pure function of (seed, index, family, weights): the same
 * arguments always give the same signature, spec and call.  Everything is
 * built as structs (no text parsing) in the arena passed in.  Which spec
 * keywords are generated depends on the subject family the case is for,
 * because the reference and that family's subjects all receive the same
 * spec.
 */
#ifndef ARGSPLIT_GEN_H
#define ARGSPLIT_GEN_H

#include <stdint.h>

#include "oracle/arena.h"
#include "oracle/call.h"
#include "oracle/error.h"
#include "oracle/signature.h"
#include "oracle/spec.h"
#include "subjects/families.h"

/* The selector keywords of each family come from the one keyword table
 * (subjects/families.h). */
typedef as_family_keyword as_gen_keyword;
typedef as_family as_gen_family;

/* The keyword table row of a subject family ("jax.jit", "jax.grad", ...);
 * unknown families get the default row (static selectors). */
const as_gen_family *as_gen_family_for(const char *family);

/* Tunable shares, all in percent unless noted. */
typedef struct as_gen_weights {
    int max_params;       /* parameters per signature: 0..max_params */
    int varargs;          /* signature has *args */
    int varkw;            /* signature has **kwargs */
    int posonly;          /* a named parameter is positional-only */
    int kwonly;           /* a named parameter is keyword-only */
    int defaults;         /* a parameter gets a default (when allowed) */
    int bind_error;       /* the call is mutated so that it probably fails to bind */
    int no_call;          /* decoration only */
    int star;             /* positional arguments packed into a *[...] literal */
    int dstar;            /* keyword arguments packed into a **{...} literal */
    int collide;          /* a **kwargs key reuses a parameter name */
    int both;             /* a nums keyword comes with its names partner */
    int negative;         /* an index is negative */
    int out_of_range;     /* an index is out of range */
    int unknown_name;     /* a name that is no parameter */
    int bare;             /* a single selector is given bare, not as a tuple */
    int empty_tuple;      /* a selector keyword is () */
    int duplicate;        /* a selector is repeated */
    int int_value;        /* an argument value is an int literal */
    int float_value;      /* an argument value is a float literal */
} as_gen_weights;

void as_gen_weights_default(as_gen_weights *w);

/* Apply "k=v,k=v" (names as the struct fields) to *w. */
int as_gen_weights_parse(as_gen_weights *w, const char *text, as_error *err);

/* One generated case, before as_case_from_parts. */
typedef struct as_gen_case {
    as_signature sig;
    as_spec spec;
    as_call call;
    int has_call;
} as_gen_case;

/* Generate case `index` of the stream `seed` for `family`.  Returns 0, or -1
 * only when the generated header is rejected by as_signature_finish (a
 * generator bug, reported in *err). */
int as_gen_case_make(as_arena *arena, const as_gen_weights *w, const char *family,
                     uint64_t seed, uint64_t index, int py_minor, as_gen_case *out, as_error *err);

/* Copy the arrays (into `arena`) so the copy can be edited; strings stay
 * shared.  The _deep variant copies the strings too, for a copy that must
 * outlive the source's arena. */
void as_gen_case_copy(as_arena *arena, const as_gen_case *src, as_gen_case *dst);
void as_gen_case_copy_deep(as_arena *arena, const as_gen_case *src, as_gen_case *dst);

#endif
