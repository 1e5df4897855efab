/* registry.h — the list of built-in subjects, and which model stands for
 * which real release. */
#ifndef ARGSPLIT_REGISTRY_H
#define ARGSPLIT_REGISTRY_H

#include <stddef.h>

#include "oracle/error.h"
#include "subjects/subject.h"

/* All built-in subjects, the reference first; NULL-terminated. */
const as_subject *const *as_subjects_all(void);
int as_subjects_count(void);

/* By exact id ("jax.jit@0.3.10", "reference"); by family alone
 * ("jax.jit") meaning its newest version; or by FAMILY@RELEASE
 * ("jax.jit@0.4.30") meaning the model whose release range covers it
 * (as_subject_for_release).  NULL when unknown or not covered. */
const as_subject *as_subject_find(const char *id);

const as_subject *as_subject_reference(void);

/* 1 when some built-in model has this family ("jax.jit", not "reference"). */
int as_family_known(const char *family);

/* Compare dotted releases numerically ("0.4.9" < "0.4.14"; missing
 * components are 0, so "0.11" == "0.11.0"); a component "x" in either
 * matches anything.  <0, 0, >0. */
int as_release_cmp(const char *a, const char *b);

/* 1 when `release` is a dotted release: digits, dots, and a trailing
 * alphanumeric tag ("0.4.14", "0.5.0rc1"). */
int as_release_valid(const char *release);

/* The real releases a built-in model stands for (subjects/releases.c). */
typedef struct as_release_range {
    const char *id;         /* the model, "jax.jit@0.4.27" */
    const char *first;      /* oldest release it covers */
    const char *last;       /* newest; "" = open; a last component "x" covers the series ("0.8.x") */
    const char *checked;    /* newest release it was checked against for real, "" = none yet */
} as_release_range;

/* s's row, or NULL (the reference, external subjects, a model without one). */
const as_release_range *as_subject_releases(const as_subject *s);

/* Every row (for tests and listings). */
const as_release_range *as_release_ranges(int *n);

/* 1 when s's range covers `release` (0 for subjects without a range). */
int as_subject_covers(const as_subject *s, const char *release);

/* The built-in model of `family` whose range covers `release`; NULL with an
 * InputError (one line listing the family's ranges) when none does or the
 * family is unknown. */
const as_subject *as_subject_for_release(const char *family, const char *release, as_error *err);

/* The model that comes closest to `release` when none covers it: the
 * newest model of the family starting at or before it, else the oldest
 * one; NULL only for an unknown family.  (A real release in a gap is still
 * measured against something: that is how gaps are found.) */
const as_subject *as_subject_nearest_release(const char *family, const char *release);

/* "0.4.27–0.6.0", "0.11.0 onwards", "" for a subject without a range;
 * written into buf. */
const char *as_subject_range_text(const as_subject *s, char *buf, size_t size);

/* When `asked` named a release that a differently named model covers
 * ("jax.jit@0.4.30"), the note for the user ("jax.jit@0.4.30 → model
 * jax.jit@0.4.27 (covers 0.4.27–0.6.0)") in buf; NULL otherwise. */
const char *as_subject_release_note(const char *asked, const as_subject *s, char *buf, size_t size);

#endif
