/* test_families.c — the one keyword table (subjects/families.h) agrees
 * with its users: every family with a model has a row; the newest model of
 * each family takes every keyword the row says its newest release accepts
 * and rejects one it does not; the generator draws from the row; the gate
 * applies a spec exactly when the row accepts all of its keywords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "conformance/gate.h"
#include "engine/gen.h"
#include "oracle/pyversion.h"
#include "oracle/spec.h"
#include "subjects/families.h"
#include "subjects/registry.h"

static int rejected_as_unknown(const as_split *s)
{
    return !s->decoration_ok && strstr(s->decoration_error.message, "unexpected keyword argument") != NULL;
}

/* The split of `spec_text` on (a, b), decoration only. */
static as_split decorate(as_arena *a, const as_subject *s, const char *spec_text)
{
    as_spec *spec = as_arena_alloc(a, sizeof *spec);
    as_error err;
    as_case c;
    if (as_spec_parse(a, spec_text, strlen(spec_text), spec, &err) < 0 ||
        as_case_build(a, "(a, b)", spec, NULL, AS_PY_DEFAULT, &c, &err) < 0)
        fail_msg("%s: %s", spec_text, err.message);
    as_split out;
    as_subject_split(s, a, &c, &out);
    return out;
}

static void test_every_family_has_a_row(void **state)
{
    (void)state;
    const as_subject *const *all = as_subjects_all();
    for (int i = 1; all[i]; i++)
        if (!as_family_find(all[i]->family))
            fail_msg("%s: no row for family %s in subjects/families.c", all[i]->id, all[i]->family);
}

/* The newest model (the one covering the newest releases) of each family
 * with an open range checks its keywords against the row. */
static void test_newest_models_agree(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    const as_subject *const *all = as_subjects_all();
    int checked = 0;
    for (int i = 1; all[i]; i++) {
        const as_subject *s = all[i];
        if (strcmp(as_subject_find(s->family)->id, s->id) != 0)
            continue;   /* not the family's newest model */
        const as_family *f = as_family_find(s->family);
        for (int k = 0; f->accepted[k]; k++) {
            as_split out = decorate(&a, s, as_arena_printf(&a, "%s=None", f->accepted[k]));
            if (rejected_as_unknown(&out))
                fail_msg("%s rejects '%s', which families.c says its newest release accepts: %s", s->id,
                         f->accepted[k], out.decoration_error.message);
        }
        as_split out = decorate(&a, s, "not_a_keyword_of_any_transform=None");
        if (strncmp(s->family, "equinox.filter_grad", 19) != 0 && !rejected_as_unknown(&out))
            fail_msg("%s accepts an unknown keyword", s->id);
        checked++;
    }
    assert_true(checked >= 12);
    as_arena_free(&a);
}

/* What the generator draws: keywords the family takes, or ones its newest
 * model rejects at decoration (drawn for that error). */
static void test_generator_draws_from_the_row(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    const as_family *const *rows = as_families_all();
    for (int i = 0; rows[i]; i++) {
        const as_gen_family *g = as_gen_family_for(rows[i]->family);
        assert_ptr_equal(g, rows[i]);
        const as_subject *newest = rows[i]->family[0] ? as_subject_find(rows[i]->family) : NULL;
        for (int k = 0; k < g->n_keywords; k++) {
            const as_family_keyword *kw = &g->keywords[k];
            if (!as_family_accepts(rows[i], kw->name) && newest) {
                as_split out = decorate(&a, newest, as_arena_printf(&a, "%s=%s", kw->name,
                                                                    kw->form == AS_KW_NAMES ? "'a'" : "0"));
                if (out.decoration_ok)
                    fail_msg("%s: the generator draws '%s', which %s neither takes nor rejects", rows[i]->family,
                             kw->name, newest->id);
            }
            if (kw->partner) {
                int found = 0;
                for (int j = 0; j < g->n_keywords; j++)
                    found |= strcmp(g->keywords[j].name, kw->partner) == 0 &&
                             strcmp(g->keywords[j].partner, kw->name) == 0;
                if (!found)
                    fail_msg("%s: '%s' has partner '%s' that is not drawn", rows[i]->family, kw->name, kw->partner);
            }
        }
    }
    assert_ptr_equal(as_gen_family_for("no.such.family"), as_family_find(""));
    as_arena_free(&a);
}

static void test_gate_uses_the_row(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    as_conf_case c;
    memset(&c, 0, sizeof c);
    const as_subject *const *all = as_subjects_all();
    for (int i = 1; all[i]; i++) {
        const as_family *f = as_family_find(all[i]->family);
        for (int k = 0; f->accepted[k]; k++) {
            as_spec spec;
            as_error err;
            const char *text = as_arena_printf(&a, "%s=None", f->accepted[k]);
            assert_int_equal(as_spec_parse(&a, text, strlen(text), &spec, &err), 0);
            assert_true(as_gate_applies(&c, &spec, all[i]));
        }
        as_spec spec;
        as_error err;
        assert_int_equal(as_spec_parse(&a, "static_argnum=0", 15, &spec, &err), 0);
        assert_false(as_gate_applies(&c, &spec, all[i]));
    }
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_family_has_a_row),
        cmocka_unit_test(test_newest_models_agree),
        cmocka_unit_test(test_generator_draws_from_the_row),
        cmocka_unit_test(test_gate_uses_the_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
