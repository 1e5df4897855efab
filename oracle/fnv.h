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

#endif
