/* mutator.c — see mutator.h. */
#include <string.h>

#include "case_codec.h"
#include "mutator.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));

FZ_NO_COVERAGE size_t fz_case_mutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (LLVMFuzzerMutate && seed % 4 == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    uint8_t out[FZ_PLAN_BYTES + 4096];
    size_t n = fz_mutate_bytes(data, size, out, sizeof out, seed / 4 + 1);
    if (n > max_size)
        n = max_size;
    memcpy(data, out, n);
    return n;
}

FZ_NO_COVERAGE size_t fz_case_crossover(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2, uint8_t *out,
                         size_t max_out, unsigned int seed)
{
    fz_plan a, b, c;
    fz_plan_decode(d1, s1, &a);
    fz_plan_decode(d2, s2, &b);
    fz_plan_cross(&a, &b, seed, &c);
    uint8_t buf[FZ_PLAN_BYTES];
    size_t n = fz_plan_encode(&c, buf, sizeof buf);
    if (n > max_out)
        n = max_out;
    memcpy(out, buf, n);
    return n;
}
