/* test_grow.c — as_grow (oracle/arena.h): the capacity it picks, the elements
 * it keeps, and its refusals, which leave the old array as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "oracle/arena.h"

static void test_capacity_and_contents(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_int_equal(as_grow(&v, &cap, 0, sizeof *v, 8), 0);   /* nothing needed: nothing done */
    assert_null(v);
    assert_int_equal(cap, 0);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(as_grow(&v, &cap, (size_t)i + 1, sizeof *v, 8), 0);
        v[i] = i * 7;
    }
    assert_int_equal(cap, 128);   /* 8, doubled four times */
    for (int i = 0; i < 100; i++)
        assert_int_equal(v[i], i * 7);
    int *same = v;
    assert_int_equal(as_grow(&v, &cap, 128, sizeof *v, 8), 0);   /* room already */
    assert_ptr_equal(v, same);
    assert_int_equal(cap, 128);
    assert_int_equal(as_grow(&v, &cap, 1000, sizeof *v, 8), 0);   /* doubled until it holds 1000 */
    assert_int_equal(cap, 1024);
    assert_int_equal(v[99], 99 * 7);
    free(v);

    char *s = NULL;
    size_t scap = 0;
    assert_int_equal(as_grow(&s, &scap, 5, 1, 0), 0);   /* first 0 counts as 1 */
    assert_int_equal(scap, 8);
    free(s);
}

/* An array of 4 ints whose capacity is made to look `cap`: a refusal must
 * not touch it (ASan would see a realloc of the block, or its free). */
static void refused(size_t cap, size_t need, size_t size)
{
    int *v = malloc(4 * sizeof *v);
    assert_non_null(v);
    for (int i = 0; i < 4; i++)
        v[i] = 100 + i;
    int *before = v;
    size_t c = cap;
    assert_int_equal(as_grow(&v, &c, need, size, 8), -1);
    assert_ptr_equal(v, before);
    assert_int_equal(c, cap);
    for (int i = 0; i < 4; i++)
        assert_int_equal(v[i], 100 + i);
    free(v);
}

static void test_overflow_refused(void **state)
{
    (void)state;
    refused(4, 5, SIZE_MAX / 8 + 1);                 /* 8 elements: the byte count wraps */
    refused(4, 5, SIZE_MAX / 4);                     /* 8 of a quarter of the address space */
    refused(SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 2, 1);  /* doubling the capacity wraps */
    refused(4, SIZE_MAX, 1);                         /* doubling until it holds need wraps */
    refused(0, 3, SIZE_MAX);                         /* the first capacity's bytes wrap */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_and_contents),
        cmocka_unit_test(test_overflow_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
