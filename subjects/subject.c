/* subject.c — see subject.h. */
#include "subjects/subject.h"

#include <string.h>

/* Decoration comes first in every transform, so a call-site error (A1/A2:
 * the call expression itself fails before any transform code runs) is
 * reported only once the model has decorated successfully; the model then
 * sees the case without a call.  A binding error (phase B) is the model's
 * business: it gets the case with binding == NULL and bind_error set, since
 * transforms differ in where (and whether) they raise it. */
int as_subject_split(const as_subject *s, as_arena *arena, const as_case *c, as_split *out)
{
    as_case decorate_only;
    const as_case *use = c;
    if (c->call_site_error) {
        decorate_only = *c;
        decorate_only.call_text = NULL;
        decorate_only.call = NULL;
        decorate_only.args = NULL;
        decorate_only.binding = NULL;
        decorate_only.bind_error = NULL;
        use = &decorate_only;
    }
    as_split_init(out);
    int rc = s->split(s, arena, use, out);
    if (!out->decoration_ok) {
        out->has_call = 0;
        out->n_entries = 0;
        return rc;
    }
    if (rc == 0 && c->call_site_error)
        as_split_call_error(out, c->call_site_error->type, "%s", c->call_site_error->message);
    if (rc == 0 && !c->call_text)
        out->has_call = 0;
    return rc;
}
