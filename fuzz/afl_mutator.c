/* afl_mutator.c — AFL++ custom mutator for the case-codec targets
 * (fuzz_binder, fuzz_differential): the same case-level edits as their
 * LLVMFuzzerCustomMutator.  Built as a shared object by scripts/fuzz-build
 * and loaded with AFL_CUSTOM_MUTATOR_LIBRARY; AFL++ keeps its own byte
 * mutations too unless AFL_CUSTOM_MUTATOR_ONLY is set. */
#include <stdint.h>
#include <stdlib.h>

#include "support/case_codec.h"

typedef struct afl_case_mutator {
    uint32_t seed;
    uint8_t *buf;
    size_t cap;
} afl_case_mutator;

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                       uint8_t *add_buf, size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
    (void)afl;
    afl_case_mutator *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->seed = seed | 1;
    return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
    afl_case_mutator *m = data;
    size_t want = FZ_PLAN_BYTES + buf_size + 64;
    if (want > m->cap) {
        uint8_t *p = realloc(m->buf, want);
        if (!p) {
            *out_buf = buf;
            return buf_size;
        }
        m->buf = p;
        m->cap = want;
    }
    m->seed = m->seed * 1103515245u + 12345u;
    size_t n;
    if (add_buf && add_buf_size && (m->seed >> 16) % 8 == 0) {
        fz_plan a, b, c;
        fz_plan_decode(buf, buf_size, &a);
        fz_plan_decode(add_buf, add_buf_size, &b);
        fz_plan_cross(&a, &b, m->seed, &c);
        n = fz_plan_encode(&c, m->buf, m->cap);
    } else {
        n = fz_mutate_bytes(buf, buf_size, m->buf, m->cap, m->seed);
    }
    if (n > max_size)
        n = max_size;
    *out_buf = m->buf;
    return n;
}

void afl_custom_deinit(void *data)
{
    afl_case_mutator *m = data;
    if (m)
        free(m->buf);
    free(m);
}
