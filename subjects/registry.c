/* registry.c — the built-in subjects: the reference, then each family's
 * table in the order below.  Adding a family is adding one line here. */
#include "subjects/registry.h"

#include <pthread.h>
#include <string.h>

#include "subjects/families.h"

static const as_subject *const *const family_tables[] = {
    as_subjects_jax_jit,  as_subjects_jax_pmap,       as_subjects_jax_grad, as_subjects_jax_custom,
    as_subjects_jax_vmap, as_subjects_jax_checkpoint, as_subjects_equinox,
};

enum { N_FAMILY_TABLES = sizeof family_tables / sizeof *family_tables, MAX_SUBJECTS = 512 };

/* The concatenated list is computed once (pthread_once) and never changes
 * afterwards: write-once, then read-only, like a const table. */
static const as_subject *all_subjects[MAX_SUBJECTS + 1];
static int n_subjects;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void build(void)
{
    int n = 0;
    all_subjects[n++] = &as_subject_reference_policy;
    for (int t = 0; t < N_FAMILY_TABLES; t++)
        for (int i = 0; family_tables[t][i] && n < MAX_SUBJECTS; i++)
            all_subjects[n++] = family_tables[t][i];
    all_subjects[n] = NULL;
    n_subjects = n;
}

const as_subject *const *as_subjects_all(void)
{
    pthread_once(&all_once, build);
    return all_subjects;
}

int as_subjects_count(void)
{
    pthread_once(&all_once, build);
    return n_subjects;
}

const as_subject *as_subject_reference(void)
{
    return &as_subject_reference_policy;
}

/* Exact id first; otherwise a family name means its newest version, the
 * last row of that family since tables list versions oldest first. */
const as_subject *as_subject_find(const char *id)
{
    const as_subject *const *all = as_subjects_all();
    const as_subject *newest = NULL;
    for (int i = 0; all[i]; i++) {
        if (strcmp(all[i]->id, id) == 0)
            return all[i];
        if (strcmp(all[i]->family, id) == 0)
            newest = all[i];
    }
    return newest;
}
