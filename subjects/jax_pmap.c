/* jax_pmap.c — subject models (being written). */
#include "subjects/families.h"

const as_subject *const as_subjects_jax_pmap[] = {NULL};
