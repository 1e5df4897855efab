/* registry.h — the list of built-in subjects. */
#ifndef ARGSPLIT_REGISTRY_H
#define ARGSPLIT_REGISTRY_H

#include "subjects/subject.h"

/* All built-in subjects, the reference first; NULL-terminated. */
const as_subject *const *as_subjects_all(void);
int as_subjects_count(void);

/* By exact id ("jax.jit@0.3.10", "reference"); or by family alone
 * ("jax.jit") meaning its newest version.  NULL when unknown. */
const as_subject *as_subject_find(const char *id);

const as_subject *as_subject_reference(void);

#endif
