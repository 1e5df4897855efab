/* arena.h — region allocator for everything one case needs.
 *
 * Parsing, binding and splitting one case allocate many small objects whose
 * lifetimes all end together; an arena makes that one reset instead of a
 * hundred frees, and makes leaks impossible by construction.  Allocation
 * never fails silently: on out-of-memory it aborts (there is no sensible
 * recovery for a fuzzing tool that has exhausted memory).  as_grow, for
 * the malloc'd arrays that outlive an arena, returns an error instead.
 */
#ifndef ARGSPLIT_ARENA_H
#define ARGSPLIT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct as_arena_chunk as_arena_chunk;

typedef struct as_arena {
    as_arena_chunk *head;     /* newest chunk first */
    size_t chunk_size;        /* default size of new chunks */
    unsigned char *next, *end;   /* the newest chunk's free room (NULL, NULL: none) */
} as_arena;

void  as_arena_init(as_arena *a);
void  as_arena_free(as_arena *a);          /* release all memory */
void  as_arena_reset(as_arena *a);         /* forget all objects, keep one chunk */

/* The allocation of `size` bytes (a multiple of 16) that the newest chunk
 * has no room for; only as_arena_alloc_raw calls it. */
void *as_arena_alloc_slow(as_arena *a, size_t size);

/* Zero-filled, 16-byte aligned. */
void *as_arena_alloc(as_arena *a, size_t size);

/* The same, not zero-filled.  Inline: parsing makes a few dozen small
 * allocations per case, and a call each cost more than the bump. */
static inline void *as_arena_alloc_raw(as_arena *a, size_t size)
{
    size = size ? (size + 15) & ~(size_t)15 : 16;
    if ((size_t)(a->end - a->next) < size)
        return as_arena_alloc_slow(a, size);
    void *p = a->next;
    a->next += size;
    return p;
}

void *as_arena_realloc(as_arena *a, void *old, size_t old_size, size_t new_size);
char *as_arena_strndup(as_arena *a, const char *s, size_t n);
char *as_arena_strdup(as_arena *a, const char *s);
char *as_arena_printf(as_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* vsnprintf(dst, cap, fmt, ap), byte for byte, with the conversions
 * messages use (%s %.*s %d %lld %zu %c %% ...) done without printf's
 * machinery; any other format goes to vsnprintf. */
int   as_vformat(char *dst, size_t cap, const char *fmt, va_list ap);

/* Room for `need` elements in a malloc'd array (the arrays that outlive a
 * case: campaign tables, subject sets, caches).  `pp` is the address of the
 * array's pointer (a T ** with sizeof(T) == size > 0); the pointer may be
 * NULL while *cap is 0.  When need > *cap, the capacity becomes `first` (1
 * if first is 0) when *cap is 0, else twice *cap, doubled again until it
 * holds `need`; the block is realloc()'d to it, and the elements from the
 * old *cap on are left uninitialised.  Returns 0, or -1 when the byte count
 * would overflow a size_t or realloc fails: then *pp, *cap and the old block
 * are as they were (still valid, still the caller's to free).  Never prints,
 * never aborts: the caller decides.  Inline: most calls have room already;
 * as_grow_slow, the growth itself, is for as_grow only. */
int as_grow_slow(void *pp, size_t *cap, size_t need, size_t size, size_t first);
static inline int as_grow(void *pp, size_t *cap, size_t need, size_t size, size_t first)
{
    return need <= *cap ? 0 : as_grow_slow(pp, cap, need, size, first);
}

/* A growable string built inside an arena. */
typedef struct as_buf {
    as_arena *arena;
    char *data;
    size_t len, cap;
} as_buf;

void  as_buf_init(as_buf *b, as_arena *a);
void  as_buf_reserve(as_buf *b, size_t extra);   /* room for extra more bytes */
void  as_buf_putn(as_buf *b, const char *s, size_t n);
void  as_buf_puts(as_buf *b, const char *s);
void  as_buf_putc(as_buf *b, char c);
void  as_buf_printf(as_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The decimal digits of v written at dst (room for 20 bytes, no NUL); returns their count. */
size_t as_decimal(char *dst, unsigned long long v);
char *as_buf_str(as_buf *b);               /* NUL-terminated, owned by the arena */

#endif
