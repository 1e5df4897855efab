/* test_vformat.c — as_vformat (oracle/arena.h) writes what vsnprintf writes,
 * byte for byte and with the same return value, for the conversions it does
 * itself, for those it hands to vsnprintf, and when the buffer is short. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "oracle/arena.h"
#include "oracle/error.h"

static int both(size_t cap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format with both into buffers of `cap` bytes; fail on any difference. */
static int both(size_t cap, const char *fmt, ...)
{
    char want[600], got[600];
    memset(want, 'x', sizeof want);
    memset(got, 'x', sizeof got);
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n_want = vsnprintf(cap ? want : NULL, cap, fmt, ap);
    int n_got = as_vformat(cap ? got : NULL, cap, fmt, ap2);
    va_end(ap2);
    va_end(ap);
    if (n_want != n_got || memcmp(want, got, sizeof want) != 0) {
        print_error("format \"%s\" cap %zu: vsnprintf %d \"%.*s\", as_vformat %d \"%.*s\"\n", fmt, cap, n_want,
                    (int)(cap ? cap : 1), want, n_got, (int)(cap ? cap : 1), got);
        return 0;
    }
    return 1;
}

static void test_same_as_vsnprintf(void **state)
{
    (void)state;
    static const size_t caps[] = {0, 1, 2, 5, 17, 600};
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
        size_t c = caps[i];
        assert_true(both(c, "plain text"));
        assert_true(both(c, "%s", ""));
        assert_true(both(c, "%%"));
        assert_true(both(c, "100%% of %s", "it"));
        assert_true(both(c, "%s() got an unexpected keyword argument '%s'", "jit", "static_argnums"));
        assert_true(both(c, "%d %d %d %i", 0, -1, INT_MAX, INT_MIN));
        assert_true(both(c, "%ld|%lld|%lld|%lld", LONG_MIN, LLONG_MIN, LLONG_MAX, 0LL));
        assert_true(both(c, "%u %lu %llu %zu", UINT_MAX, ULONG_MAX, ULLONG_MAX, (size_t)SIZE_MAX));
        assert_true(both(c, "[%c%c]", 'a', '\'' ));
        assert_true(both(c, "%.*s|%.*s|%.*s", 3, "abcdef", 0, "abc", -1, "negative precision prints all"));
        assert_true(both(c, "%.2s%.10s%.0s", "xyz", "short", "none"));
        assert_true(both(c, "tail %s", "caf\xc3\xa9 \xe2\x82\xac"));
        /* handed to vsnprintf */
        assert_true(both(c, "%5d|%-3s|%02x|%02X|%p", 42, "a", 10, 255, (void *)0));
        assert_true(both(c, "%.3e %g", 1.5, 0.25));
        assert_true(both(c, "%+d % d %#x", 5, 5, 5));
    }
    char big[300];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_true(both(600, "%s%s", big, big));   /* longer than the buffer */
}

static void test_arena_and_error(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    char big[1500];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *p = as_arena_printf(&a, "<%s>%d", big, -7);   /* past the 512-byte first try */
    assert_int_equal(strlen(p), 1499 + 4);
    assert_memory_equal(p + 1500, ">-7", 4);
    assert_string_equal(as_arena_printf(&a, "%lld-%s", -12LL, "x"), "-12-x");
    as_buf b;
    as_buf_init(&b, &a);
    as_buf_printf(&b, "(%d, %s)", 1, "'a'");
    as_buf_printf(&b, "%s", big);
    assert_int_equal(strlen(as_buf_str(&b)), 8 + 1499);
    as_error e;
    as_fail(&e, "ValueError", AS_PHASE_CALL, AS_CAT_NONE, 0, "got value %lld for len(args) == %d.", -5LL, 3);
    assert_string_equal(e.message, "got value -5 for len(args) == 3.");
    char huge[3000];
    memset(huge, 'h', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    as_fail(&e, "TypeError", AS_PHASE_CALL, AS_CAT_NONE, 0, "[%s]", huge);   /* truncated like snprintf */
    assert_int_equal(strlen(e.message), AS_MESSAGE_MAX - 1);
    assert_int_equal(e.message[0], '[');
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_vsnprintf),
        cmocka_unit_test(test_arena_and_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
