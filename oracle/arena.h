/* arena.h — region allocator for everything one case needs.
 *
 * Parsing, binding and splitting one case allocate many small objects whose
 * lifetimes all end together; an arena makes that one reset instead of a
 * hundred frees, and makes leaks impossible by construction.  Allocation
 * never fails silently: on out-of-memory it aborts (there is no sensible
 * recovery for a fuzzing tool that has exhausted memory).
 */
#ifndef ARGSPLIT_ARENA_H
#define ARGSPLIT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct as_arena_chunk as_arena_chunk;

typedef struct as_arena {
    as_arena_chunk *head;     /* newest chunk first */
    size_t chunk_size;        /* default size of new chunks */
} as_arena;

void  as_arena_init(as_arena *a);
void  as_arena_free(as_arena *a);          /* release all memory */
void  as_arena_reset(as_arena *a);         /* forget all objects, keep one chunk */

void *as_arena_alloc(as_arena *a, size_t size);          /* zero-filled, 16-byte aligned */
void *as_arena_alloc_raw(as_arena *a, size_t size);      /* the same, not zero-filled */
void *as_arena_realloc(as_arena *a, void *old, size_t old_size, size_t new_size);
char *as_arena_strndup(as_arena *a, const char *s, size_t n);
char *as_arena_strdup(as_arena *a, const char *s);
char *as_arena_printf(as_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* vsnprintf(dst, cap, fmt, ap), byte for byte, with the conversions
 * messages use (%s %.*s %d %lld %zu %c %% ...) done without printf's
 * machinery; any other format goes to vsnprintf. */
int   as_vformat(char *dst, size_t cap, const char *fmt, va_list ap);

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
