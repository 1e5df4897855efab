/* arena.c — see arena.h. */
#include "oracle/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `used` is kept up to date for chunks other than the newest: the newest
 * one's is a->next - data. */
struct as_arena_chunk {
    as_arena_chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_DEFAULT_CHUNK = 16 * 1024 };

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("argsplit: out of memory\n", stderr);
        abort();
    }
    return p;
}

void as_arena_init(as_arena *a)
{
    a->head = NULL;
    a->chunk_size = ARENA_DEFAULT_CHUNK;
    a->next = a->end = NULL;
}

void as_arena_free(as_arena *a)
{
    as_arena_chunk *c = a->head;
    while (c) {
        as_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->next = a->end = NULL;
}

void as_arena_reset(as_arena *a)
{
    /* Keep the newest chunk only if it has the default size, so one huge
     * case does not pin a huge chunk for the rest of a campaign. */
    as_arena_chunk *keep = a->head;
    if (keep && keep->size != a->chunk_size)
        keep = NULL;
    as_arena_chunk *c = a->head;
    while (c) {
        as_arena_chunk *next = c->next;
        if (c != keep)
            free(c);
        c = next;
    }
    a->head = keep;
    a->next = a->end = NULL;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        a->next = keep->data;
        a->end = keep->data + keep->size;
    }
}

/* A new chunk for an allocation of size (rounded) bytes that the newest
 * one has no room for. */
void *as_arena_alloc_slow(as_arena *a, size_t size)
{
    size_t cap = size > a->chunk_size ? size : a->chunk_size;
    as_arena_chunk *c = xmalloc(sizeof *c + cap);
    if (a->head)
        a->head->used = (size_t)(a->next - a->head->data);
    c->size = cap;
    c->used = size;
    c->next = a->head;
    a->head = c;
    a->next = c->data + size;
    a->end = c->data + cap;
    return c->data;
}

/* The bump allocation every allocator here shares. */
static inline void *bump(as_arena *a, size_t size)
{
    return as_arena_alloc_raw(a, size);
}

void *as_arena_alloc(as_arena *a, size_t size)
{
    void *p = bump(a, size);
    memset(p, 0, size);
    return p;
}

/* Growing arrays double, so copying each time would keep about twice the
 * final size alive: grow the newest block in place when its chunk has room,
 * and realloc() a big block that has a chunk of its own. */
void *as_arena_realloc(as_arena *a, void *old, size_t old_size, size_t new_size)
{
    if (new_size <= old_size)
        return old;
    size_t old_r = (old_size + 15) & ~(size_t)15, new_r = (new_size + 15) & ~(size_t)15;
    if (old && old_size && a->head && (unsigned char *)old + old_r == a->next
        && (size_t)(a->end - a->next) >= new_r - old_r) {
        a->next += new_r - old_r;
        memset((unsigned char *)old + old_size, 0, new_r - old_size);
        return old;
    }
    if (old && old_r > a->chunk_size) {
        if (a->head)
            a->head->used = (size_t)(a->next - a->head->data);
        for (as_arena_chunk **link = &a->head; *link; link = &(*link)->next) {
            as_arena_chunk *c = *link;
            if (c->data != (unsigned char *)old || c->used != old_r)
                continue;
            as_arena_chunk *n = realloc(c, sizeof *n + new_r);
            if (!n) {
                fputs("argsplit: out of memory\n", stderr);
                abort();
            }
            n->size = n->used = new_r;
            memset(n->data + old_size, 0, new_r - old_size);
            *link = n;
            if (link == &a->head) {
                a->next = n->data + new_r;
                a->end = n->data + new_r;
            }
            return n->data;
        }
    }
    void *p = as_arena_alloc(a, new_size);
    if (old && old_size)
        memcpy(p, old, old_size);
    return p;
}

int as_grow_slow(void *pp, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return 0;
    if (*cap > SIZE_MAX / 2)
        return -1;
    size_t n = *cap ? 2 * *cap : first ? first : 1;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (n > SIZE_MAX / size)
        return -1;
    /* pp is a T **: its pointer is copied out and back, not read as a void *. */
    void *old;
    memcpy(&old, pp, sizeof old);
    void *p = realloc(old, n * size);
    if (!p)
        return -1;
    memcpy(pp, &p, sizeof p);
    *cap = n;
    return 0;
}

char *as_arena_strndup(as_arena *a, const char *s, size_t n)
{
    char *p = bump(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *as_arena_strdup(as_arena *a, const char *s)
{
    return as_arena_strndup(a, s, strlen(s));
}

/* ---- formatting ------------------------------------------------------ */

/* The conversions argsplit's messages use, without printf's machinery
 * (every model error and root-cause mask formats a message: glibc's
 * vsnprintf set-up alone cost more than the text).  Known: %% %c %s %.*s
 * %.Ns %d %i %u with no length, l, ll or z.  Anything else (flags, width,
 * other conversions) makes fast_known() say no, and vsnprintf does it. */
static int fast_known(const char *fmt)
{
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        int prec = 0;
        if (*p == '.') {
            prec = 1;
            p++;
            if (*p == '*')
                p++;
            else if (*p >= '0' && *p <= '9')
                while (*p >= '0' && *p <= '9')
                    p++;
            else
                return 0;
        }
        if (prec) {
            if (*p != 's')
                return 0;
            p++;
            continue;
        }
        if (*p == 's' || *p == 'c' || *p == 'd' || *p == 'i' || *p == 'u') {
            p++;
            continue;
        }
        if (*p == 'z')
            p++;
        else if (p[0] == 'l' && p[1] == 'l')
            p += 2;
        else if (*p == 'l')
            p++;
        else
            return 0;
        if (*p != 'd' && *p != 'i' && *p != 'u')
            return 0;
        p++;
    }
    return 1;
}

typedef struct fmt_out {
    char *dst;
    size_t cap, len;     /* len counts every byte, written or not (snprintf's result) */
} fmt_out;

static void out_put(fmt_out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->dst + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

size_t as_decimal(char *dst, unsigned long long v)
{
    char tmp[20];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(dst, tmp + i, sizeof tmp - i);
    return sizeof tmp - i;
}

static void out_num(fmt_out *o, unsigned long long v, int neg)
{
    char tmp[21];
    size_t n = (size_t)neg;
    tmp[0] = '-';
    n += as_decimal(tmp + n, v);
    out_put(o, tmp, n);
}

static size_t fast_format(char *dst, size_t cap, const char *fmt, va_list ap)
{
    fmt_out o = {dst, cap ? cap - 1 : 0, 0};
    const char *p = fmt;
    for (;;) {
        const char *q = strchr(p, '%');
        if (!q) {
            out_put(&o, p, strlen(p));
            break;
        }
        out_put(&o, p, (size_t)(q - p));
        p = q + 1;
        if (*p == '%') {
            out_put(&o, "%", 1);
            p++;
            continue;
        }
        long prec = -1;
        if (*p == '.') {
            p++;
            if (*p == '*') {
                int pr = va_arg(ap, int);
                prec = pr < 0 ? -1 : pr;
                p++;
            } else {
                prec = 0;
                while (*p >= '0' && *p <= '9')
                    prec = prec * 10 + (*p++ - '0');
            }
        }
        int len = 0;   /* 0 int, 1 long, 2 long long, 3 size_t */
        if (*p == 'z')
            len = 3, p++;
        else if (p[0] == 'l' && p[1] == 'l')
            len = 2, p += 2;
        else if (*p == 'l')
            len = 1, p++;
        char conv = *p++;
        if (conv == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)   /* glibc's rendering (a precision under 6 prints nothing) */
                s = prec < 0 || prec >= 6 ? "(null)" : "";
            size_t n = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
            out_put(&o, s, n);
        } else if (conv == 'c') {
            char c = (char)va_arg(ap, int);
            out_put(&o, &c, 1);
        } else if (conv == 'u') {
            unsigned long long v = len == 0 ? va_arg(ap, unsigned) : len == 1 ? va_arg(ap, unsigned long)
                                   : len == 2 ? va_arg(ap, unsigned long long) : va_arg(ap, size_t);
            out_num(&o, v, 0);
        } else {   /* d, i */
            long long v = len == 0 ? va_arg(ap, int) : len == 1 ? va_arg(ap, long)
                          : len == 2 ? va_arg(ap, long long) : (long long)va_arg(ap, size_t);
            out_num(&o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
        }
    }
    if (cap)
        dst[o.len < o.cap ? o.len : o.cap] = '\0';
    return o.len;
}

int as_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
{
    if (!fast_known(fmt))
        return vsnprintf(dst, cap, fmt, ap);
    return (int)fast_format(dst, cap, fmt, ap);
}

static char *arena_vprintf(as_arena *a, const char *fmt, va_list ap)
{
    char tmp[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = as_vformat(tmp, sizeof tmp, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof tmp)
        return as_arena_strndup(a, tmp, (size_t)n);
    char *p = as_arena_alloc_raw(a, (size_t)n + 1);
    as_vformat(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *as_arena_printf(as_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void as_buf_init(as_buf *b, as_arena *a)
{
    b->arena = a;
    b->data = NULL;
    b->len = b->cap = 0;
}

void as_buf_reserve(as_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = as_arena_realloc(b->arena, b->data, b->cap, cap);
    b->cap = cap;
}

void as_buf_putn(as_buf *b, const char *s, size_t n)
{
    as_buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void as_buf_puts(as_buf *b, const char *s) { as_buf_putn(b, s, strlen(s)); }
void as_buf_putc(as_buf *b, char c)
{
    /* Masks and escapes build strings a character at a time. */
    if (b->len + 2 > b->cap)
        as_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void as_buf_printf(as_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = as_vformat(tmp, sizeof tmp, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        va_end(ap);
        return;
    }
    if ((size_t)n < sizeof tmp) {
        as_buf_putn(b, tmp, (size_t)n);
    } else {
        as_buf_reserve(b, (size_t)n);
        as_vformat(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

char *as_buf_str(as_buf *b)
{
    if (!b->data)
        return as_arena_strdup(b->arena, "");
    return b->data;
}
