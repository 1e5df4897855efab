/* test_split_json.c — as_check_split_json (engine/diffcheck.h) writes what
 * json_dumps(as_split_to_json(...), JSON_COMPACT | JSON_ENSURE_ASCII) writes,
 * for every shape of split and every kind of string: escapes, control
 * characters, non-ASCII (BMP and beyond), text that is not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "engine/diffcheck.h"
#include "oracle/split.h"

static void same(as_arena *a, const as_split *s, const char *subject)
{
    json_t *j = as_split_to_json(s, subject);
    char *want = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(j);
    const char *got = as_check_split_json(a, s, subject);
    if (strcmp(want ? want : "null", got) != 0)
        fail_msg("jansson %s\n  direct  %s", want ? want : "null", got);
    free(want);
}

static const char *const texts[] = {
    "plain", "", "quote \" and backslash \\ and slash /", "tab\t nl\n cr\r bs\b ff\f",
    "ctl \x01\x1f del \x7f", "caf\xc3\xa9", "\xe2\x82\xac euro", "\xf0\x9f\x98\x80 beyond the BMP",
    "\xef\xbf\xbf max BMP", "\xf4\x8f\xbf\xbf max", "bad \xff byte", "cut \xe2\x82", "overlong \xc0\xaf",
    "surrogate \xed\xa0\x80", "too big \xf4\x90\x80\x80", "lone continuation \x80",
};

static void test_same_as_jansson(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    int n = (int)(sizeof texts / sizeof *texts);
    for (int i = 0; i < n; i++) {
        const char *t = texts[i];
        as_split s;
        memset(&s, 0, sizeof s);
        /* decoration error */
        snprintf(s.decoration_error.type, sizeof s.decoration_error.type, "%s", i % 2 ? "TypeError" : t);
        snprintf(s.decoration_error.message, sizeof s.decoration_error.message, "%s", t);
        same(&a, &s, "jax.jit@0.4.14");
        same(&a, &s, NULL);
        same(&a, &s, t);
        /* decoration ok with warnings, no call */
        const char *w[2] = {"SyntaxWarning: x", t};
        s.decoration_ok = 1;
        s.warnings = w;
        s.n_warnings = i % 3 == 0 ? 0 : 2;
        same(&a, &s, "reference");
        /* call error */
        s.has_call = 1;
        snprintf(s.call_error.type, sizeof s.call_error.type, "%s", "ValueError");
        snprintf(s.call_error.message, sizeof s.call_error.message, "%s", t);
        same(&a, &s, "reference");
        /* bound call: every optional member */
        as_split_entry e[4];
        memset(e, 0, sizeof e);
        e[0] = (as_split_entry){"a", 0, AS_POSITIONAL_OR_KEYWORD, AS_PASSED_POSITIONAL, 0, AS_VERDICT_TRACED,
                                -1, 0, 0, 0};
        e[1] = (as_split_entry){t, 1, AS_KEYWORD_ONLY, AS_PASSED_KEYWORD, -1, AS_VERDICT_STATIC, 1, 1, 0,
                                -9223372036854775807LL - 1};
        e[2] = (as_split_entry){"args[0]", 2, AS_VAR_POSITIONAL, AS_PASSED_POSITIONAL, 12, AS_VERDICT_DEFAULT,
                                0, 1, 1, 0};
        e[3] = (as_split_entry){"kwargs['k']", 3, AS_VAR_KEYWORD, AS_PASSED_DEFAULT, -1, AS_VERDICT_TRACED,
                                -1, 1, 0, 3};
        s.call_ok = 1;
        s.entries = e;
        for (int k = 0; k <= 4; k++) {
            s.n_entries = k;
            same(&a, &s, "jax.pmap@0.4.14");
        }
    }
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
