/* rng.h — a small seeded PRNG (xoshiro256**, seeded by splitmix64).
 *
 * The campaign's case stream is a pure function of (seed, index): each case
 * seeds its own generator from both, so any case can be regenerated alone
 * (resume, shards, workers) and no state is shared.
 */
#ifndef ARGSPLIT_RNG_H
#define ARGSPLIT_RNG_H

#include <stdint.h>

typedef struct as_rng {
    uint64_t s[4];
} as_rng;

static inline uint64_t as_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void as_rng_seed(as_rng *r, uint64_t seed, uint64_t index)
{
    uint64_t x = seed ^ (index * 0xd1342543de82ef95ull + 0x2545f4914f6cdd1dull);
    for (int i = 0; i < 4; i++)
        r->s[i] = as_splitmix64(&x);
}

static inline uint64_t as_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t as_rng_next(as_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = as_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = as_rng_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant for n this small. */
static inline int as_rng_below(as_rng *r, int n)
{
    return n <= 1 ? 0 : (int)((as_rng_next(r) >> 11) % (uint64_t)n);
}

/* True with probability pct/100. */
static inline int as_rng_pct(as_rng *r, int pct)
{
    return as_rng_below(r, 100) < pct;
}

#endif
