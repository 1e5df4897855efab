/* fnv.h — FNV-1a, 64 bits: the hash of argsplit's in-memory tables and of
 * stable fingerprints.  Not for keys an input chooses (the dict-key index of
 * oracle/pyexpr.c uses keyed SipHash for that).
 *
 * Start from AS_FNV_OFFSET (or a value derived from it) and feed bytes;
 * feeding a text in pieces gives the hash of the whole.
 */
#ifndef ARGSPLIT_FNV_H
#define ARGSPLIT_FNV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define AS_FNV_OFFSET 1469598103934665603ull

static inline uint64_t as_fnv_bytes(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static inline uint64_t as_fnv_str(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* A hash for in-memory tables only (its values may change between
 * versions: never store them): eight bytes per step instead of one, the
 * table probes of the check loop hash every finding's key and every
 * message.  seed picks one of a family of hashes (0 is fine). */
static inline uint64_t as_hash_bytes(uint64_t seed, const char *p, size_t n)
{
    uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ull);
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t |= (uint64_t)(unsigned char)p[i] << (8 * i);
    h = (h ^ t) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 32);
}

static inline uint64_t as_hash_str(uint64_t seed, const char *s)
{
    return as_hash_bytes(seed, s, strlen(s));
}

#endif
