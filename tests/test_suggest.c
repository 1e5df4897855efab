/* test_suggest.c — as_suggest, CPython 3.13's keyword "Did you mean".
 * Expected answers were recorded from CPython 3.13.0 by calling
 * `def f(*, CANDIDATES)` with **{NAME: 1} and reading the suggestion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "oracle/binder.h"

static const struct { const char *name; const char *cands[4]; int n; const char *want; } recorded[] = {
    {"bluch", {"BLuch"}, 1, "BLuch"},
    {"ABC", {"abc"}, 1, "abc"},
    {"ABCD", {"abc"}, 1, NULL},
    {"abc", {"abd", "abe"}, 2, "abd"},
    {"abc", {"abe", "abd"}, 2, "abe"},
    {"abc", {"abc", "abd"}, 2, "abd"}, /* equal candidate skipped (spec §5; unreachable from a call) */
    {"a", {"b"}, 1, NULL},
    {"ab", {"b"}, 1, "b"},
    {"ab", {"abcd"}, 1, NULL},
    {"ab", {"abcde"}, 1, NULL},
    {"xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay", {"zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"}, 1, NULL},
    {"xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay", {"zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"}, 1, "zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"},
    {"paaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaq", {"paaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaar"}, 1, "paaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaar"},
    {"café", {"cafe"}, 1, "cafe"},
    {"cafe", {"café"}, 1, "café"},
    {"naïve", {"naive", "naïv"}, 2, "naïv"},
    {"value", {"valeu", "vale", "valu"}, 3, "vale"},
    {"spam", {"ham", "spa", "spamm"}, 3, "spa"},
    {"kwarg", {"kwargs", "kwarg_"}, 2, "kwargs"},
    {"a_b_c", {"A_B_C", "a_b"}, 2, "A_B_C"},
    {"HELLO", {"hello", "HELL"}, 2, "HELL"},
    {"", {"a"}, 1, NULL},
    {"", {"ab"}, 1, NULL},
    {"z", {"abcdef"}, 1, NULL},
    {"abcdef", {"fedcba"}, 1, NULL},
    {"a@c", {"a_c"}, 1, "a_c"},
    {"foo_bar", {"foobar", "foo_baz"}, 2, "foobar"},
    {"get", {"gets", "set", "got"}, 3, "gets"},
};

static void test_recorded(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof recorded / sizeof *recorded; i++) {
        const char *got = as_suggest(recorded[i].name, recorded[i].cands, recorded[i].n);
        const char *want = recorded[i].want;
        if (!got != !want || (got && strcmp(got, want) != 0))
            fail_msg("suggest '%s': got %s, want %s", recorded[i].name, got ? got : "(none)",
                     want ? want : "(none)");
    }
}

/* The candidate returned is the caller's own pointer, not a copy. */
static void test_returns_candidate(void **state)
{
    (void)state;
    const char *cands[] = {"alpha", "beta"};
    assert_ptr_equal(as_suggest("alpah", cands, 2), cands[0]);
    assert_null(as_suggest("zzz", cands, 0));
}

/* 749 candidates still suggest, 750 never do (recorded: 'k0x' -> 'k0'). */
static void test_candidate_cap(void **state)
{
    (void)state;
    static char names[750][8];
    const char *cands[750];
    for (int i = 0; i < 750; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i);
        cands[i] = names[i];
    }
    const char *got = as_suggest("k0x", cands, 749);
    assert_non_null(got);
    assert_string_equal(got, "k0");
    assert_null(as_suggest("k0x", cands, 750));
}

/* After trimming common affixes, more than 40 bytes on a side is no match,
 * exactly 40 still is. */
static void test_length_cap(void **state)
{
    (void)state;
    char a[64], b[64];
    for (int len = 39; len <= 42; len++) {
        memset(a, 'm', (size_t)len);
        memset(b, 'm', (size_t)len);
        a[0] = 'x', a[len - 1] = 'y', a[len] = '\0';
        b[0] = 'z', b[len - 1] = 'w', b[len] = '\0';
        const char *cands[] = {b};
        const char *got = as_suggest(a, cands, 1);
        if (len <= 40)
            assert_ptr_equal(got, b);
        else
            assert_null(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded),
        cmocka_unit_test(test_returns_candidate),
        cmocka_unit_test(test_candidate_cap),
        cmocka_unit_test(test_length_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
