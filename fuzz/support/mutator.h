/* mutator.h — the case-level libFuzzer mutator of the case-codec targets
 * (fuzz_binder, fuzz_differential).  Included by those two harnesses only,
 * so the parser targets keep libFuzzer's byte-level mutations. */
#ifndef ARGSPLIT_FUZZ_MUTATOR_H
#define ARGSPLIT_FUZZ_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
                                 uint8_t *out, size_t max_out, unsigned int seed);

/* Case-level edit in 3 of 4 calls; otherwise libFuzzer's own byte-level
 * mutation when the engine provides it (it is weak: absent under replay). */
size_t fz_case_mutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t fz_case_crossover(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2, uint8_t *out,
                         size_t max_out, unsigned int seed);

#endif
