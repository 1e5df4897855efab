/* registry.c — the built-in subjects: the reference, then each family's
 * table in the order below.  Adding a family is adding one line here. */
#include "subjects/registry.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
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
 * last row of that family since tables list versions oldest first; else
 * FAMILY@RELEASE is the model covering RELEASE. */
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
    const char *at = strchr(id, '@');
    if (newest || !at || at - id >= 64)
        return newest;
    char family[64];
    snprintf(family, sizeof family, "%.*s", (int)(at - id), id);
    return as_subject_for_release(family, at + 1, NULL);
}

int as_family_known(const char *family)
{
    const as_subject *const *all = as_subjects_all();
    for (int i = 1; all[i]; i++)
        if (strcmp(all[i]->family, family) == 0)
            return 1;
    return 0;
}

/* ---- releases --------------------------------------------------------- */

/* One component of a dotted release: its number and the tag after it. */
static const char *component(const char *p, long long *num, const char **tag, size_t *tag_len, int *wild)
{
    *num = 0;
    *wild = p[0] == 'x' && (p[1] == '.' || !p[1]);
    while (isdigit((unsigned char)*p)) {
        if (*num < 1000000000LL)
            *num = *num * 10 + (*p - '0');
        p++;
    }
    *tag = p;
    while (*p && *p != '.')
        p++;
    *tag_len = (size_t)(p - *tag);
    return *p == '.' ? p + 1 : p;
}

int as_release_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        long long na = 0, nb = 0;
        const char *ta = "", *tb = "";
        size_t la = 0, lb = 0;
        int wa = 0, wb = 0;
        if (*a)
            a = component(a, &na, &ta, &la, &wa);
        if (*b)
            b = component(b, &nb, &tb, &lb, &wb);
        if (wa || wb)
            return 0;
        if (na != nb)
            return na < nb ? -1 : 1;
        if (la != lb && (la == 0 || lb == 0))
            return la == 0 ? 1 : -1;     /* "0.5.0rc1" < "0.5.0" */
        int c = strncmp(ta, tb, la < lb ? la : lb);
        if (c || la != lb)
            return c ? c : la < lb ? -1 : 1;
    }
    return 0;
}

int as_release_valid(const char *r)
{
    if (!isdigit((unsigned char)r[0]) || strlen(r) > 32)
        return 0;
    for (const char *p = r; *p; p++) {
        if (*p == '.' && (p[1] == '.' || !p[1]))
            return 0;
        if (*p != '.' && !isalnum((unsigned char)*p))
            return 0;
    }
    return 1;
}

int as_subject_covers(const as_subject *s, const char *release)
{
    const as_release_range *r = as_subject_releases(s);
    if (!r || !as_release_valid(release) || as_release_cmp(release, r->first) < 0)
        return 0;
    return !r->last[0] || as_release_cmp(release, r->last) <= 0;
}

const char *as_subject_range_text(const as_subject *s, char *buf, size_t size)
{
    const as_release_range *r = as_subject_releases(s);
    if (!r)
        snprintf(buf, size, "%s", "");
    else if (!r->last[0])
        snprintf(buf, size, "%s onwards", r->first);
    else if (strcmp(r->first, r->last) == 0)
        snprintf(buf, size, "%s", r->first);
    else
        snprintf(buf, size, "%s\u2013%s", r->first, r->last);
    return buf;
}

const as_subject *as_subject_for_release(const char *family, const char *release, as_error *err)
{
    const as_subject *const *all = as_subjects_all();
    const as_subject *found = NULL;
    char ranges[AS_MESSAGE_MAX / 2] = "";
    size_t used = 0;
    int known = 0;
    for (int i = 1; all[i]; i++) {
        if (strcmp(all[i]->family, family) != 0)
            continue;
        known = 1;
        if (as_subject_covers(all[i], release))
            found = all[i];
        char r[96];
        int n = snprintf(ranges + used, sizeof ranges - used, "%s%s (%s)", used ? ", " : "", all[i]->id,
                         as_subject_range_text(all[i], r, sizeof r));
        if (n > 0 && (size_t)n < sizeof ranges - used)
            used += (size_t)n;
    }
    if (found)
        return found;
    if (!known)
        as_input_error(err, 0, "unknown subject family '%s'", family);
    else if (!as_release_valid(release))
        as_input_error(err, 0, "'%s@%s': '%s' is not a release like 0.4.14", family, release, release);
    else
        as_input_error(err, 0, "no model of %s covers release %s; the models cover: %s", family, release, ranges);
    return NULL;
}

const as_subject *as_subject_nearest_release(const char *family, const char *release)
{
    const as_subject *const *all = as_subjects_all();
    const as_subject *oldest = NULL, *before = NULL;
    for (int i = 1; all[i]; i++) {
        const as_subject *s = all[i];
        if (strcmp(s->family, family) != 0)
            continue;
        if (as_subject_covers(s, release))
            return s;
        if (!oldest)
            oldest = s;
        const as_release_range *r = as_subject_releases(s);
        if (r && as_release_cmp(r->first, release) <= 0)
            before = s;
    }
    return before ? before : oldest;
}

const char *as_subject_release_note(const char *asked, const as_subject *s, char *buf, size_t size)
{
    if (!s || strcmp(asked, s->id) == 0 || !strchr(asked, '@') || (s->caps & AS_CAP_EXTERNAL))
        return NULL;
    char r[96];
    snprintf(buf, size, "%s \u2192 model %s (covers %s)", asked, s->id, as_subject_range_text(s, r, sizeof r));
    return buf;
}
