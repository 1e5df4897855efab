/* bindjson.c — see bindjson.h. */
#include "oracle/bindjson.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "oracle/lines.h"
#include "oracle/pyversion.h"

void as_bind_case_clear(as_bind_case *c)
{
    /* Field by field: the error's text buffers are 2 KiB read only as C strings. */
    c->ok = c->have_sig = c->have_args = 0;
    c->input = NULL;
    memset(&c->sig, 0, sizeof c->sig);
    memset(&c->call, 0, sizeof c->call);
    memset(&c->args, 0, sizeof c->args);
    memset(&c->binding, 0, sizeof c->binding);
    as_error_clear(&c->err);
}

void as_bind_case_copy_signature(as_bind_case *dst, const as_bind_case *src)
{
    as_bind_case_clear(dst);
    dst->have_sig = src->have_sig;
    dst->input = src->input;
    dst->sig = src->sig;
    if (!src->have_sig)
        dst->err = src->err;
}

void as_bind_case_run(as_arena *arena, const char *sig_text, size_t sig_len,
                      const char *call_text, size_t call_len, int py_minor, as_bind_case *out)
{
    as_bind_case_clear(out);
    out->input = "signature";
    out->have_sig =
        as_signature_parse(arena, sig_text, sig_len, py_minor, &out->sig, &out->err) == 0;
    as_bind_case_finish(arena, call_text, call_len, py_minor, out);
}

void as_bind_case_finish(as_arena *arena, const char *call_text, size_t call_len, int py_minor,
                         as_bind_case *out)
{
    if (!out->have_sig)
        return;
    out->input = "call";
    if (as_call_parse(arena, call_text, call_len, py_minor, &out->call, &out->err) != 0)
        return;
    if (as_call_expand(arena, &out->call, py_minor, "f", &out->args, &out->err) != 0)
        return;
    out->have_args = 1;
    as_bind_options opt = {py_minor, "f"};
    if (as_bind(arena, &out->sig, &out->args, &opt, &out->binding, &out->err) != 0)
        return;
    out->ok = 1;
}

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 when there is
 * none: JSON text must be UTF-8, and a message may quote part of a text. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t need = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (need < 2)
        return need;
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80, hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return need;
}

/* json_string, with each byte that is not part of valid UTF-8 replaced by
 * U+FFFD, as as_json_put_string writes it. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s);
    char *t = malloc(3 * n + 1), *o = t;
    if (!t)
        abort();
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t k = utf8_len(p);
        if (k == 0) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        } else {
            memcpy(o, p, k);
            o += k;
            p += k;
        }
    }
    *o = '\0';
    j = json_string(t);
    free(t);
    return j;
}

/* SyntaxErrors and InputErrors carry no binder category: they are "other". */
static const char *category_of(const as_error *err)
{
    return err->category == AS_CAT_NONE ? "other" : as_category_name(err->category);
}

json_t *as_bind_error_json(const as_error *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_false());
    json_object_set_new(o, "error", jstr(err->type));
    json_object_set_new(o, "category", json_string(category_of(err)));
    json_object_set_new(o, "message", jstr(err->message));
    json_object_set_new(o, "phase", json_string(as_phase_name(err->phase)));
    if (err->phase == AS_PHASE_INPUT)
        json_object_set_new(o, "column", json_integer(err->column));
    return o;
}

/* Which values belong to params[p]: values[*cursor ..) while param == p. */
static int take_values(const as_binding *b, int p, int *cursor)
{
    int start = *cursor;
    while (*cursor < b->n_values && b->values[*cursor].param == p)
        (*cursor)++;
    return start;
}

static json_t *value_json(const as_bound *v)
{
    if (v->passed == AS_PASSED_DEFAULT) {
        size_t n = strlen(v->text);
        char *t = malloc(n + 2);
        if (!t)
            abort();
        t[0] = '=';
        memcpy(t + 1, v->text, n + 1);
        json_t *j = jstr(t);
        free(t);
        return j;
    }
    return jstr(v->text);
}

json_t *as_bind_case_json(const as_bind_case *c)
{
    if (!c->ok)
        return as_bind_error_json(&c->err);
    const as_signature *sig = &c->sig;
    const as_binding *b = &c->binding;
    json_t *binding = json_object(), *used = json_array();
    int cur = 0;
    for (int p = 0; p < sig->n_params; p++) {
        const as_param *param = &sig->params[p];
        int start = take_values(b, p, &cur);
        json_t *j;
        if (param->kind == AS_VAR_POSITIONAL) {
            j = json_array();
            for (int i = start; i < cur; i++)
                json_array_append_new(j, jstr(b->values[i].text));
        } else if (param->kind == AS_VAR_KEYWORD) {
            j = json_object();
            for (int i = start; i < cur; i++)
                {
                json_t *key = jstr(b->values[i].key);
                json_object_set_new(j, json_string_value(key), jstr(b->values[i].text));
                json_decref(key);
            }
        } else {
            j = value_json(&b->values[start]);
            if (b->values[start].passed == AS_PASSED_DEFAULT)
                json_array_append_new(used, json_string(param->name));
        }
        json_object_set_new(binding, param->name, j);
    }
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_true());
    json_object_set_new(o, "binding", binding);
    json_object_set_new(o, "defaults_used", used);
    return o;
}

json_t *as_bind_json(as_arena *arena, const char *sig_text, const char *call_text, int py_minor)
{
    as_bind_case c;
    as_bind_case_run(arena, sig_text, strlen(sig_text), call_text, strlen(call_text), py_minor, &c);
    return as_bind_case_json(&c);
}

/* Bytes a JSON string holds as they are (printable ASCII but '"' and '\\'). */
static const unsigned char json_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Eight bytes at a time: the bytes of w that a JSON string does not hold
 * as they are (a control byte, '"', '\\' or a byte >= 0x80) have their high
 * bit set in the result.  The lowest flagged byte is exact (the borrows of
 * the subtractions only run upwards); those above it may not be. */
static uint64_t special_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    return (w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

#if defined(__SSE2__)
/* special_bytes for sixteen bytes: a bit per byte of p[0..16) that a JSON
 * string does not hold as it is (a signed compare with ' ' also catches
 * the bytes >= 0x80). */
static unsigned special16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"')), b = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    __m128i c = _mm_cmplt_epi8(v, _mm_set1_epi8(' '));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(q, b), c));
}
#endif

/* The escaped contents of s[0..n), without the quotes, written at d (room
 * for 6 * n bytes): runs of plain bytes and valid UTF-8 are copied at once.
 * Returns the end of what was written. */
static char *put_body(char *d, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    for (;;) {
#if defined(__SSE2__)
        while (end - p >= 16 && special16(p) == 0) {   /* sixteen plain bytes at a time */
            memcpy(d, p, 16);
            d += 16;
            p += 16;
        }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        while (end - p >= 8) {   /* eight plain bytes at a time, copied as read (see scan_string) */
            uint64_t w;
            memcpy(&w, p, 8);
            if (special_bytes(w) != 0)
                break;
            memcpy(d, &w, 8);
            d += 8;
            p += 8;
        }
#endif
        while (json_plain[*p])   /* s[n] is its NUL, which is not plain */
            *d++ = (char)*p++;
        unsigned char ch = *p;
        if (ch >= 0x80) {
            size_t k = utf8_len(p);
            if (k) {
                while (k--)
                    *d++ = (char)*p++;
                continue;
            }
            memcpy(d, "\xef\xbf\xbd", 3);   /* U+FFFD, as jstr */
            d += 3;
            p++;
            continue;
        }
        if (p == end)
            return d;
        p++;
        *d++ = '\\';
        switch (ch) {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '\b': *d++ = 'b'; break;
        case '\f': *d++ = 'f'; break;
        case '\n': *d++ = 'n'; break;
        case '\r': *d++ = 'r'; break;
        case '\t': *d++ = 't'; break;
        default:
            memcpy(d, "u00", 3);
            d[3] = hex[ch >> 4];
            d[4] = hex[ch & 15];
            d += 5;
        }
    }
}

/* The result line is written straight into out's memory: w is the write
 * position, made room for before each piece (a string needs at most 6
 * bytes per byte: \u00XX), and out->len follows it at the end. */
typedef struct jw {
    as_buf *out;
    char *d;
} jw;

static void jw_room(jw *w, size_t n)
{
    as_buf *b = w->out;
    if ((size_t)(w->d - b->data) + n + 1 > b->cap) {
        b->len = (size_t)(w->d - b->data);
        as_buf_reserve(b, n);
        w->d = b->data + b->len;
    }
}

static void jw_begin(jw *w, as_buf *out, size_t n)
{
    as_buf_reserve(out, n);
    w->out = out;
    w->d = out->data + out->len;
}

static void jw_end(jw *w)
{
    w->out->len = (size_t)(w->d - w->out->data);
    *w->d = '\0';
}

/* A constant piece of output (room already made), measured at compile time. */
#define JW_LIT(w, lit) (memcpy((w)->d, (lit), sizeof(lit) - 1), (w)->d += sizeof(lit) - 1)

enum { JW_SHORT = 64 };   /* most names and values are shorter */

/* A string literal: prefix bytes (for "=" of a default), then s, quoted.
 * The usual string, short and plain, is copied as it is measured; any
 * other is measured first, then escaped. */
static void jw_string(jw *w, const char *prefix, size_t np, const char *s)
{
    jw_room(w, JW_SHORT + np + 4);
    char *d = w->d;
    *d++ = '"';
    for (size_t k = 0; k < np; k++)   /* "" or "=": no memcpy call */
        *d++ = prefix[k];
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    while (k < JW_SHORT && json_plain[p[k]])   /* s's NUL is not plain */
        d[k] = (char)p[k], k++;
    if (p[k] == '\0') {
        d[k] = '"';
        w->d = d + k + 1;
        return;
    }
    size_t n = k + strlen(s + k);   /* nothing is claimed yet: start again */
    jw_room(w, 6 * n + np + 4);
    *w->d++ = '"';
    for (size_t j = 0; j < np; j++)
        w->d[j] = prefix[j];
    w->d = put_body(w->d + np, s, n);
    *w->d++ = '"';
}

void as_json_put_string(as_buf *out, const char *s)
{
    jw w;
    jw_begin(&w, out, 0);
    jw_string(&w, "", 0, s);
    jw_end(&w);
}

/* One result line is a few hundred bytes: room for it at once. */
enum { LINE_RESERVE = 512 };

void as_bind_error_write(as_buf *out, const as_error *err)
{
    /* measured once, room made once: most result lines are errors */
    const char *category = category_of(err), *phase = as_phase_name(err->phase);
    size_t nt = strlen(err->type), nm = strlen(err->message), nc = strlen(category), np = strlen(phase);
    jw w;
    jw_begin(&w, out, 6 * (nt + nm) + nc + np + 96);
    JW_LIT(&w, "{\"ok\":false,\"error\":\"");
    w.d = put_body(w.d, err->type, nt);
    JW_LIT(&w, "\",\"category\":\"");
    memcpy(w.d, category, nc);
    w.d += nc;
    JW_LIT(&w, "\",\"message\":\"");
    w.d = put_body(w.d, err->message, nm);
    JW_LIT(&w, "\",\"phase\":\"");
    memcpy(w.d, phase, np);
    w.d += np;
    *w.d++ = '"';
    if (err->phase == AS_PHASE_INPUT) {
        JW_LIT(&w, ",\"column\":");
        long long col = err->column;
        if (col < 0) {
            *w.d++ = '-';
            col = -col;
        }
        w.d += as_decimal(w.d, (unsigned long long)col);
    }
    *w.d++ = '}';
    jw_end(&w);
}

void as_bind_case_write(as_buf *out, const as_bind_case *c)
{
    if (!c->ok) {
        as_bind_error_write(out, &c->err);
        return;
    }
    const as_signature *sig = &c->sig;
    const as_binding *b = &c->binding;
    jw w;
    jw_begin(&w, out, LINE_RESERVE);
    JW_LIT(&w, "{\"ok\":true,\"binding\":{");
    int cur = 0, n_used = 0;
    for (int p = 0; p < sig->n_params; p++) {
        const as_param *param = &sig->params[p];
        int start = take_values(b, p, &cur);
        if (p)
            *w.d++ = ',';   /* every string leaves room for 4 more bytes */
        jw_string(&w, "", 0, param->name);
        *w.d++ = ':';
        if (param->kind == AS_VAR_POSITIONAL || param->kind == AS_VAR_KEYWORD) {
            int is_dict = param->kind == AS_VAR_KEYWORD;
            *w.d++ = is_dict ? '{' : '[';
            for (int i = start; i < cur; i++) {
                if (i > start)
                    *w.d++ = ',';
                if (is_dict) {
                    jw_string(&w, "", 0, b->values[i].key);
                    *w.d++ = ':';
                }
                jw_string(&w, "", 0, b->values[i].text);
            }
            jw_room(&w, 2);
            *w.d++ = is_dict ? '}' : ']';
        } else if (b->values[start].passed == AS_PASSED_DEFAULT) {
            jw_string(&w, "=", 1, b->values[start].text);
            n_used++;
        } else {
            jw_string(&w, "", 0, b->values[start].text);
        }
    }
    jw_room(&w, 32);
    JW_LIT(&w, "},\"defaults_used\":[");
    int k = 0;
    cur = 0;
    for (int p = 0; p < sig->n_params && n_used; p++) {
        int start = take_values(b, p, &cur);
        as_kind kind = sig->params[p].kind;
        if (kind == AS_VAR_POSITIONAL || kind == AS_VAR_KEYWORD)
            continue;
        if (b->values[start].passed != AS_PASSED_DEFAULT)
            continue;
        if (k++)
            *w.d++ = ',';
        jw_string(&w, "", 0, sig->params[p].name);
    }
    jw_room(&w, 4);
    JW_LIT(&w, "]}");
    jw_end(&w);
}

/* ---- requests --------------------------------------------------------- */

/* A JSON string starting just past its opening quote, checked without
 * writing: *end is its closing quote.  0 when the fast decoder can take it
 * (short escapes only, valid UTF-8, no control bytes), else -1.  lim is the
 * line's terminating NUL: whole words are read only before it. */
static int scan_string(const char *p, const char *lim, const char **end, int *escaped)
{
    const unsigned char *s = (const unsigned char *)p;
    *escaped = 0;
    for (;;) {
#if defined(__SSE2__)
        while (s + 16 <= (const unsigned char *)lim) {
            unsigned m = special16(s);
            if (m != 0) {
                s += __builtin_ctz(m);
                break;
            }
            s += 16;
        }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        while (s + 8 <= (const unsigned char *)lim) {   /* little-endian: the first byte is the lowest */
            uint64_t w, m;
            memcpy(&w, s, 8);
            if ((m = special_bytes(w)) != 0) {
                s += (unsigned)__builtin_ctzll(m) / 8;
                break;
            }
            s += 8;
        }
#else
        (void)lim;
#endif
        while (json_plain[*s])
            s++;
        unsigned char ch = *s;
        if (ch == '"')
            break;
        if (ch == '\\') {
            if (!strchr("\"\\/bfnrt", s[1]) || s[1] == '\0')
                return -1;
            *escaped = 1;
            s += 2;
            continue;
        }
        size_t k = ch >= 0x80 ? utf8_len(s) : 0;
        if (!k)
            return -1;   /* a control byte, the end, or invalid UTF-8 */
        s += k;
    }
    *end = (const char *)s;
    return 0;
}

/* Decode the string between p and its closing quote end in place. */
static size_t unescape(char *p, const char *end, int escaped)
{
    if (!escaped) {
        p[end - p] = '\0';
        return (size_t)(end - p);
    }
    char *dst = p;
    for (const char *src = p; src < end;) {
        if (*src != '\\') {   /* the run up to the next escape, at once */
            const char *bs = memchr(src, '\\', (size_t)(end - src));
            size_t run = (size_t)((bs ? bs : end) - src);
            memmove(dst, src, run);
            dst += run;
            src += run;
            continue;
        }
        switch (src[1]) {
        case 'b': *dst++ = '\b'; break;
        case 'f': *dst++ = '\f'; break;
        case 'n': *dst++ = '\n'; break;
        case 'r': *dst++ = '\r'; break;
        case 't': *dst++ = '\t'; break;
        default: *dst++ = src[1]; break;   /* " \ / */
        }
        src += 2;
    }
    *dst = '\0';
    return (size_t)(dst - p);
}

static const char *skip_ws(const char *p)
{
    /* ' ', '\t', '\n', '\r' as bits of one mask: one test per byte */
    const uint64_t ws = 1ull << ' ' | 1ull << '\t' | 1ull << '\n' | 1ull << '\r';
    while ((unsigned char)*p <= ' ' && (ws >> (unsigned char)*p & 1))
        p++;
    return p;
}

/* What the fast decoder finds before a value: the keys it looks for, any
 * other key, or the end of the object. */
enum { KEY_SIGNATURE, KEY_CALL, KEY_PYTHON, KEY_OTHER, KEY_END };

/* The key starting just past its opening quote p, and the ':' after it:
 * the value's start, just past its opening quote, with *key; NULL when the
 * fast decoder cannot take them. */
static const char *key_and_colon(const char *p, const char *lim, int *key)
{
    const char *end;
    int esc;
    if (scan_string(p, lim, &end, &esc) < 0 || esc)
        return NULL;
    size_t n = (size_t)(end - p);
    *key = n == 9 && memcmp(p, "signature", 9) == 0 ? KEY_SIGNATURE
         : n == 4 && memcmp(p, "call", 4) == 0      ? KEY_CALL
         : n == 6 && memcmp(p, "python", 6) == 0    ? KEY_PYTHON
                                                    : KEY_OTHER;
    p = skip_ws(end + 1);
    if (*p++ != ':')
        return NULL;
    p = skip_ws(p);
    return *p == '"' ? p + 1 : NULL;
}

/* The fast decoder's first step, from the line's start: the first value's
 * start, just past its opening quote, with *key; NULL when the fast decoder
 * cannot take the line.  The line as json.dumps writes it,
 * {"signature": "S", "call": "C"}, takes one compare a step. */
static const char *first_value(const char *p, const char *lim, int *key)
{
    if (lim - p >= 15 && memcmp(p, "{\"signature\": \"", 15) == 0) {
        *key = KEY_SIGNATURE;
        return p + 15;
    }
    p = skip_ws(p);
    if (*p++ != '{')
        return NULL;
    p = skip_ws(p);
    return *p == '"' ? key_and_colon(p + 1, lim, key) : NULL;
}

/* The next step, from a value's closing quote p: as first_value, except
 * that at the end of the object, with nothing after it (not even a NUL),
 * it returns NULL with *key set to KEY_END. */
static const char *next_value(const char *p, const char *lim, int *key)
{
    if (lim - p >= 12 && memcmp(p, "\", \"call\": \"", 12) == 0) {
        *key = KEY_CALL;
        return p + 12;
    }
    if (lim - p == 2 && p[1] == '}') {
        *key = KEY_END;
        return NULL;
    }
    p = skip_ws(p + 1);
    if (*p == '}') {
        if (skip_ws(p + 1) == lim)
            *key = KEY_END;
        return NULL;
    }
    if (*p++ != ',')
        return NULL;
    p = skip_ws(p);
    return *p == '"' ? key_and_colon(p + 1, lim, key) : NULL;
}

/* A "python" value: its minor version, or -1. */
static int python_value(const char *val, const char *val_end, int escaped)
{
    char v[16];
    size_t n = (size_t)(val_end - val);
    if (escaped || n >= sizeof v)
        return -1;
    memcpy(v, val, n);
    v[n] = '\0';
    return as_pyversion_parse(v);
}

/* The common case, an object of string members, read once and then decoded
 * in place; -1 leaves line untouched for jansson. */
static int fast_request(char *line, size_t len, as_bind_request *out)
{
    const char *lim = line + len, *p;
    const char *val[KEY_END] = {NULL, NULL}, *val_end[KEY_END];   /* each key's last value */
    int key = KEY_OTHER, val_esc[KEY_END], py = out->py_minor;
    for (const char *v = first_value(line, lim, &key); v; v = next_value(p, lim, &key)) {
        if (scan_string(v, lim, &val_end[key], &val_esc[key]) < 0)
            return -1;
        val[key] = v;
        p = val_end[key];
        if (key == KEY_PYTHON && (py = python_value(v, p, val_esc[key])) < 0)
            return -1;
    }
    if (key != KEY_END || !val[KEY_SIGNATURE] || !val[KEY_CALL])
        return -1;
    out->sig_len = unescape(line + (val[KEY_SIGNATURE] - line), val_end[KEY_SIGNATURE], val_esc[KEY_SIGNATURE]);
    out->call_len = unescape(line + (val[KEY_CALL] - line), val_end[KEY_CALL], val_esc[KEY_CALL]);
    out->sig = val[KEY_SIGNATURE];
    out->call = val[KEY_CALL];
    out->py_minor = py;
    return 0;
}

/* jansson quotes the offending bytes of a bad line, possibly half a UTF-8
 * sequence; the message must stay valid UTF-8 to be valid JSON. */
static void make_utf8(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
              : (*p & 0xF8) == 0xF0 ? 3 : -1;
        int ok = n >= 0;
        for (int i = 1; ok && i <= n; i++)
            ok = (p[i] & 0xC0) == 0x80;
        if (!ok) {
            *p++ = '?';
            continue;
        }
        p += n + 1;
    }
}

int as_bind_request_decode(as_arena *arena, char *line, as_bind_request *out, char *msg, size_t cap)
{
    return as_bind_request_decode_n(arena, line, strlen(line), out, msg, cap);
}

/* Any line fast_request does not take, through jansson. */
static int slow_request(as_arena *arena, char *line, as_bind_request *out, char *msg, size_t cap)
{
    json_error_t jerr;
    json_t *j = json_loads(line, 0, &jerr);
    if (!j) {
        snprintf(msg, cap, "invalid JSON: %s", jerr.text);
        make_utf8(msg);
        return -1;
    }
    int rc = -1;
    json_t *sig = json_object_get(j, "signature"), *call = json_object_get(j, "call");
    json_t *py = json_object_get(j, "python");
    if (!json_is_object(j))
        snprintf(msg, cap, "expected a JSON object with \"signature\" and \"call\"");
    else if (!json_is_string(sig))
        snprintf(msg, cap, "\"signature\" must be a string");
    else if (!json_is_string(call))
        snprintf(msg, cap, "\"call\" must be a string");
    else if (py && (!json_is_string(py) || as_pyversion_parse(json_string_value(py)) < 0))
        snprintf(msg, cap, "\"python\" must be a version string from \"3.%d\" to \"3.%d\"",
                 AS_PY_MIN, AS_PY_MAX);
    else {
        out->sig_len = json_string_length(sig);
        out->sig = as_arena_strndup(arena, json_string_value(sig), out->sig_len);
        out->call_len = json_string_length(call);
        out->call = as_arena_strndup(arena, json_string_value(call), out->call_len);
        if (py)
            out->py_minor = as_pyversion_parse(json_string_value(py));
        rc = 0;
    }
    json_decref(j);
    return rc;
}

int as_bind_request_decode_n(as_arena *arena, char *line, size_t len, as_bind_request *out, char *msg,
                             size_t cap)
{
    if (fast_request(line, len, out) == 0)
        return 0;
    return slow_request(arena, line, out, msg, cap);
}

int as_bind_request_decode_line(as_arena *arena, char *line, long n, as_bind_request *out, char *msg,
                                size_t cap, int *column)
{
    if (n >= 0 && fast_request(line, (size_t)n, out) == 0)
        return 0;
    if (as_line_error(line, n, msg, cap, column))
        return 1;
    return slow_request(arena, line, out, msg, cap);
}
