/* families.h — the subject tables each family module exports (NULL-terminated,
 * oldest version first).  registry.c concatenates them. */
#ifndef ARGSPLIT_FAMILIES_H
#define ARGSPLIT_FAMILIES_H

#include "subjects/subject.h"

extern const as_subject as_subject_reference_policy;      /* subjects/reference.c */
extern const as_subject *const as_subjects_jax_jit[];      /* subjects/jax_jit.c: jit, pjit */
extern const as_subject *const as_subjects_jax_pmap[];     /* subjects/jax_pmap.c */
extern const as_subject *const as_subjects_jax_grad[];     /* subjects/jax_grad.c: grad, value_and_grad, jacfwd, jacrev, hessian */
extern const as_subject *const as_subjects_jax_custom[];   /* subjects/jax_custom.c: custom_jvp, custom_vjp */
extern const as_subject *const as_subjects_jax_vmap[];     /* subjects/jax_vmap.c */
extern const as_subject *const as_subjects_jax_checkpoint[]; /* subjects/jax_checkpoint.c */
extern const as_subject *const as_subjects_equinox[];      /* subjects/equinox.c: filter_jit, filter_grad */

#endif
