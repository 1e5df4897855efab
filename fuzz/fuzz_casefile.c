/* fuzz_casefile.c — the conformance case-file and expectation-file parsers
 * never crash; every accepted case carries its required fields, has a
 * well-formed reference outcome, prints back to text that parses to the
 * same case, and can be checked against the reference without crashing. */
#include <string.h>

#include "conformance/casefile.h"
#include "conformance/expectations.h"
#include "conformance/outcome.h"
#include "fuzz.h"

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena *arena = fuzz_input_arena();
    as_error err;
    as_error_clear(&err);
    as_conf_suite suite;
    as_conf_suite_init(&suite);
    const char *text = (const char *)data;
    if (as_casefile_parse(arena, "fuzz.case", text, size, &suite, &err) == 0) {
        for (int i = 0; i < suite.n_cases; i++) {
            const as_conf_case *c = &suite.cases[i];
            if (!c->id || !c->signature || !c->spec || !c->reference || c->line < 1)
                fuzz_violation("accepted case lacks a required field", c->id ? c->id : "(no id)");
            if (as_outcome_check(c->reference))
                fuzz_violation("accepted case has a malformed reference outcome", c->reference);
            char *printed = as_casefile_print(arena, c);
            as_conf_suite again;
            as_conf_suite_init(&again);
            if (as_casefile_parse(arena, "printed.case", printed, strlen(printed), &again, &err) != 0 ||
                again.n_cases != 1)
                fuzz_violation("printed case does not parse back", printed);
            const as_conf_case *d = &again.cases[0];
            if (!same(c->id, d->id) || !same(c->signature, d->signature) || !same(c->spec, d->spec) ||
                !same(c->call, d->call) || !same(c->reference, d->reference) || c->py_minor != d->py_minor ||
                c->n_tags != d->n_tags || c->n_links != d->n_links || c->n_subjects != d->n_subjects)
                fuzz_violation("parse(print(case)) differs", printed);
            if (i < 4) {
                as_error_clear(&err);
                const char *rendered = NULL;
                if (as_casefile_check(arena, c, &rendered, &err) != 0 &&
                    strncmp(err.message, "fuzz.case:", 10) != 0)
                    fuzz_violation("case check error without file:line", err.message);
                if (rendered && as_outcome_check(rendered))
                    fuzz_violation("the reference renders a malformed outcome", rendered);
            }
        }
    } else if (strncmp(err.message, "fuzz.case:", 10) != 0 || strcmp(err.type, "InputError") != 0) {
        fuzz_violation("case-file error without file:line", err.message);
    }
    as_expectations ex;
    as_expectations_init(&ex);
    as_error_clear(&err);
    if (as_expect_parse(arena, "fuzz.txt", text, size, &ex, &err) == 0) {
        for (int i = 0; i < ex.n; i++) {
            const as_expect_entry *e = &ex.v[i];
            if (!e->reason || !e->key || !e->outcome || !e->family)
                fuzz_violation("accepted expectation lacks a field", e->key ? e->key : "(no key)");
            if (strcmp(e->outcome, "*") != 0 && strcmp(e->outcome, "skip") != 0 && as_outcome_check(e->outcome))
                fuzz_violation("accepted expectation has a malformed outcome", e->outcome);
        }
    } else if (strncmp(err.message, "fuzz.txt:", 9) != 0) {
        fuzz_violation("expectation-file error without file:line", err.message);
    }
    return 0;
}
