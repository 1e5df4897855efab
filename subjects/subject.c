/* subject.c — see subject.h. */
#include "subjects/subject.h"

#include <string.h>

#include "subjects/external.h"

/* Decoration comes first in every transform, so a call-site error (A1/A2:
 * the call expression itself fails before any transform code runs) is
 * reported only once the model has decorated successfully; the model then
 * sees the case without a call.  A binding error (phase B) is the model's
 * business: it gets the case with binding == NULL and bind_error set, since
 * transforms differ in where (and whether) they raise it. */
static const as_case *model_case(const as_case *c, as_case *decorate_only)
{
    if (!c->call_site_error)
        return c;
    *decorate_only = *c;
    decorate_only->call_text = NULL;
    decorate_only->call = NULL;
    decorate_only->args = NULL;
    decorate_only->binding = NULL;
    decorate_only->bind_error = NULL;
    decorate_only->memo = NULL;   /* another case */
    return decorate_only;
}

static void finish(const as_case *c, int rc, as_split *out)
{
    if (!out->decoration_ok) {
        out->has_call = 0;
        out->n_entries = 0;
        return;
    }
    if (rc == 0 && c->call_site_error)
        as_split_call_error(out, c->call_site_error->type, "%s", c->call_site_error->message);
    if (rc == 0 && !as_case_has_call(c))
        out->has_call = 0;
}

int as_subject_split(const as_subject *s, as_arena *arena, const as_case *c, as_split *out)
{
    as_case decorate_only;
    as_split_init(out);
    int rc = s->split(s, arena, model_case(c, &decorate_only), out);
    finish(c, rc, out);
    return rc;
}

int as_subject_split_many(const as_subject *s, as_arena *arena, const as_case *const *cases, int n,
                          as_split *out)
{
    as_ext *drv = as_subject_driver(s);
    if (!drv) {
        int rc = 0;
        for (int i = 0; i < n; i++)
            rc |= as_subject_split(s, arena, cases[i], &out[i]);
        return rc;
    }
    const as_case **use = as_arena_alloc(arena, sizeof *use * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        as_case *d = as_arena_alloc(arena, sizeof *d);
        use[i] = model_case(cases[i], d);
    }
    as_error err;
    int rc = as_ext_split_many(drv, arena, use, n, out, &err);
    for (int i = 0; i < n; i++)
        finish(cases[i], rc, &out[i]);
    return rc;
}
