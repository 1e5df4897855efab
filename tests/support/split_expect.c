/* split_expect.c — see split_expect.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "oracle/spec.h"
#include "subjects/registry.h"
#include "subjects/subject.h"
#include "tests/support/split_expect.h"

void run_py(run_result *r, const char *id, const char *sig, const char *spec, const char *call, int py)
{
    as_error err;
    as_spec *sp;
    as_case c;
    const as_subject *s = as_subject_find(id);
    as_arena_init(&r->arena);
    if (!s)
        fail_msg("unknown subject %s", id);
    sp = as_arena_alloc(&r->arena, sizeof *sp);
    if (as_spec_parse(&r->arena, spec, strlen(spec), sp, &err) < 0)
        fail_msg("spec %s: %s", spec, err.message);
    if (as_case_build(&r->arena, sig, sp, call, py, &c, &err) < 0)
        fail_msg("case %s %s: %s", sig, call ? call : "-", err.message);
    if (as_subject_split(s, &r->arena, &c, &r->split) < 0)
        fail_msg("split failed");
}

/* "a:traced b:static/0* c:default": `/axis` (or `/-` for null) when the
 * entry has an axis, `*` when donated. */
const char *describe(run_result *r)
{
    as_buf b;
    as_buf_init(&b, &r->arena);
    if (!r->split.decoration_ok)
        return as_arena_printf(&r->arena, "decoration %s: %s", r->split.decoration_error.type,
                               r->split.decoration_error.message);
    if (!r->split.has_call)
        return "no call";
    if (!r->split.call_ok)
        return as_arena_printf(&r->arena, "call %s: %s", r->split.call_error.type, r->split.call_error.message);
    for (int i = 0; i < r->split.n_entries; i++) {
        const as_split_entry *e = &r->split.entries[i];
        as_buf_printf(&b, "%s%s:%s", i ? " " : "", e->param, as_verdict_name(e->verdict));
        if (e->has_axis) {
            if (e->axis_is_null)
                as_buf_puts(&b, "/-");
            else
                as_buf_printf(&b, "/%lld", e->axis);
        }
        if (e->donated == 1)
            as_buf_putc(&b, '*');
    }
    return as_buf_str(&b);
}
