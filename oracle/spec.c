/* spec.c — see spec.h.  A small recursive-descent parser for the literal
 * value language of spec keywords; it does not need the general expression
 * scanner because spec values are data, never code. */
#include "oracle/spec.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle/pyexpr.h"

enum { SPEC_MAX_DEPTH = 64 };

typedef struct parser {
    as_arena *arena;
    const char *s;
    size_t len, pos;
    as_error *err;
} parser;

static int at_end(parser *p) { return p->pos >= p->len; }
static int peek(parser *p) { return at_end(p) ? -1 : (unsigned char)p->s[p->pos]; }
static int col(parser *p) { return (int)p->pos + 1; }

static void skip_space(parser *p)
{
    while (!at_end(p) && strchr(" \t\r\n\f", p->s[p->pos]) && p->s[p->pos] != '\0')
        p->pos++;
}

static int is_ident_start(int c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_ident_char(int c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

static int expect(parser *p, char c, const char *what)
{
    skip_space(p);
    if (peek(p) != (unsigned char)c)
        return at_end(p) ? as_input_error(p->err, col(p), "unexpected end of spec, expected %s", what)
                         : as_input_error(p->err, col(p), "expected %s", what);
    p->pos++;
    return 0;
}

static int parse_value(parser *p, as_value *out, int depth);

static void put_utf8(as_buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        as_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        as_buf_putc(b, (char)(0xC0 | (cp >> 6)));
        as_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        as_buf_putc(b, (char)(0xE0 | (cp >> 12)));
        as_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        as_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        as_buf_putc(b, (char)(0xF0 | (cp >> 18)));
        as_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        as_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        as_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

static int hex_digits(parser *p, int n, unsigned long *out)
{
    unsigned long v = 0;
    for (int i = 0; i < n; i++) {
        int c = peek(p);
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0)
            return as_input_error(p->err, col(p), "truncated \\x/\\u escape in string");
        v = v * 16 + (unsigned long)d;
        p->pos++;
    }
    *out = v;
    return 0;
}

/* One quoted string (no prefixes, no triple quotes); adjacent literals
 * concatenate as in Python. */
static int parse_string(parser *p, as_value *out)
{
    as_buf b;
    as_buf_init(&b, p->arena);
    as_buf_puts(&b, "");
    while (peek(p) == '\'' || peek(p) == '"') {
        int start = col(p);
        char q = p->s[p->pos++];
        for (;;) {
            if (at_end(p) || p->s[p->pos] == '\n')
                return as_input_error(p->err, start, "unterminated string literal");
            char c = p->s[p->pos++];
            if (c == q)
                break;
            if (c == '\0')
                return as_input_error(p->err, col(p) - 1, "NUL byte in string literal");
            if (c != '\\') {
                as_buf_putc(&b, c);
                continue;
            }
            if (at_end(p))
                return as_input_error(p->err, start, "unterminated string literal");
            int ecol = col(p) - 1;
            char e = p->s[p->pos++];
            unsigned long cp = 0;
            switch (e) {
            case '\\': as_buf_putc(&b, '\\'); break;
            case '\'': as_buf_putc(&b, '\''); break;
            case '"': as_buf_putc(&b, '"'); break;
            case 'n': as_buf_putc(&b, '\n'); break;
            case 't': as_buf_putc(&b, '\t'); break;
            case 'r': as_buf_putc(&b, '\r'); break;
            case 'a': as_buf_putc(&b, '\a'); break;
            case 'b': as_buf_putc(&b, '\b'); break;
            case 'f': as_buf_putc(&b, '\f'); break;
            case 'v': as_buf_putc(&b, '\v'); break;
            case '\n': break;
            case 'x':
            case 'u':
            case 'U':
                if (hex_digits(p, e == 'x' ? 2 : e == 'u' ? 4 : 8, &cp) < 0)
                    return -1;
                if (cp == 0)
                    return as_input_error(p->err, ecol, "NUL character in string literal is not supported");
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                    return as_input_error(p->err, ecol, "escape is not a valid Unicode scalar value");
                put_utf8(&b, cp);
                break;
            default:
                return as_input_error(p->err, ecol, "unsupported escape sequence '\\%c' in string", e);
            }
        }
        skip_space(p);
    }
    out->type = AS_VALUE_STR;
    out->s = as_buf_str(&b);
    return 0;
}

static int parse_number(parser *p, as_value *out, int negative)
{
    int start_col = col(p);
    int is_float = 0;
    char buf[128];
    size_t n = 0;
    int base = 10;
    if (peek(p) == '0' && p->pos + 1 < p->len && strchr("xXoObB", p->s[p->pos + 1]) && p->s[p->pos + 1]) {
        char k = p->s[p->pos + 1];
        base = (k == 'x' || k == 'X') ? 16 : (k == 'o' || k == 'O') ? 8 : 2;
        p->pos += 2;
    }
    while (!at_end(p)) {
        int c = peek(p);
        if (c == '_') {
            p->pos++;
            continue;
        }
        int ok = base == 16 ? !!strchr("0123456789abcdefABCDEF", c)
               : base == 8 ? (c >= '0' && c <= '7') : base == 2 ? (c == '0' || c == '1')
               : (c >= '0' && c <= '9');
        if (base == 10 && (c == '.' || c == 'e' || c == 'E')) {
            ok = 1;
            is_float = 1;
            if ((c == 'e' || c == 'E') && p->pos + 1 < p->len && (p->s[p->pos + 1] == '-' || p->s[p->pos + 1] == '+')) {
                if (n + 2 >= sizeof buf)
                    return as_input_error(p->err, start_col, "number literal too long");
                buf[n++] = (char)c;
                p->pos++;
                c = peek(p);
            }
        }
        if (!ok || c == 0)
            break;
        if (n + 1 >= sizeof buf)
            return as_input_error(p->err, start_col, "number literal too long");
        buf[n++] = (char)c;
        p->pos++;
    }
    buf[n] = '\0';
    if (n == 0 || (!at_end(p) && is_ident_char(peek(p))))
        return as_input_error(p->err, start_col, "invalid number literal");
    char *end;
    errno = 0;
    if (is_float) {
        double d = strtod(buf, &end);
        if (*end || errno == ERANGE || isinf(d))
            return as_input_error(p->err, start_col, "invalid float literal");
        out->type = AS_VALUE_FLOAT;
        out->f = negative ? -d : d;
        return 0;
    }
    if (base == 10 && n > 1 && buf[0] == '0' && strspn(buf, "0") != n)
        return as_input_error(p->err, start_col, "leading zeros in decimal integer literals are not permitted");
    unsigned long long u = strtoull(buf, &end, base);
    if (*end || errno == ERANGE || u > (unsigned long long)LLONG_MAX + (negative ? 1u : 0u))
        return as_input_error(p->err, start_col, "integer literal out of the supported range");
    out->type = AS_VALUE_INT;
    out->i = negative ? (long long)(0 - u) : (long long)u;
    return 0;
}

/* Elements up to `close`; sets *trailing_comma / *count for tuple rules. */
static int parse_items(parser *p, char close, as_value **items, int *n_items, int *saw_comma, int depth)
{
    int cap = 4, n = 0;
    as_value *v = as_arena_alloc(p->arena, sizeof *v * (size_t)cap);
    *saw_comma = 0;
    for (;;) {
        skip_space(p);
        if (peek(p) == (unsigned char)close) {
            p->pos++;
            break;
        }
        if (n == AS_SPEC_MAX_ITEMS)
            return as_input_error(p->err, col(p), "more than %d elements at column %d", AS_SPEC_MAX_ITEMS, col(p));
        if (n == cap) {
            v = as_arena_realloc(p->arena, v, sizeof *v * (size_t)cap, sizeof *v * (size_t)cap * 2);
            cap *= 2;
        }
        if (parse_value(p, &v[n], depth + 1) < 0)
            return -1;
        n++;
        skip_space(p);
        if (peek(p) == ',') {
            p->pos++;
            *saw_comma = 1;
            continue;
        }
        if (expect(p, close, close == ')' ? "',' or ')'" : "',' or ']'") < 0)
            return -1;
        break;
    }
    *items = v;
    *n_items = n;
    return 0;
}

static int parse_dict(parser *p, as_value *out, int depth)
{
    int cap = 4, n = 0, written = 0;
    as_value *v = as_arena_alloc(p->arena, sizeof *v * (size_t)cap);
    const char **k = as_arena_alloc(p->arena, sizeof *k * (size_t)cap);
    for (;;) {
        skip_space(p);
        if (peek(p) == '}') {
            p->pos++;
            break;
        }
        if (written++ == AS_SPEC_MAX_ITEMS)   /* repeated keys count: each is compared with all */
            return as_input_error(p->err, col(p), "more than %d elements at column %d", AS_SPEC_MAX_ITEMS, col(p));
        if (n == cap) {
            v = as_arena_realloc(p->arena, v, sizeof *v * (size_t)cap, sizeof *v * (size_t)cap * 2);
            k = as_arena_realloc(p->arena, k, sizeof *k * (size_t)cap, sizeof *k * (size_t)cap * 2);
            cap *= 2;
        }
        int kcol = col(p);
        as_value key;
        if (parse_value(p, &key, depth + 1) < 0)
            return -1;
        if (key.type != AS_VALUE_STR)
            return as_input_error(p->err, kcol, "dict keys in a spec must be strings");
        if (expect(p, ':', "':'") < 0 || parse_value(p, &v[n], depth + 1) < 0)
            return -1;
        /* A repeated key keeps the first position and the last value, as in Python. */
        int dup = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(k[i], key.s) == 0)
                dup = i;
        if (dup >= 0)
            v[dup] = v[n];
        else
            k[n++] = key.s;
        skip_space(p);
        if (peek(p) == ',') {
            p->pos++;
            continue;
        }
        if (expect(p, '}', "',' or '}'") < 0)
            return -1;
        break;
    }
    out->type = AS_VALUE_DICT;
    out->items = v;
    out->keys = k;
    out->n_items = n;
    return 0;
}

static int parse_value(parser *p, as_value *out, int depth)
{
    memset(out, 0, sizeof *out);
    if (depth > SPEC_MAX_DEPTH)
        return as_input_error(p->err, col(p), "spec value nested too deeply");
    skip_space(p);
    int c = peek(p);
    int start = col(p);
    if (c < 0)
        return as_input_error(p->err, start, "unexpected end of spec, expected a value");
    if (c == '-' || c == '+') {
        p->pos++;
        skip_space(p);
        int d = peek(p);
        if (!((d >= '0' && d <= '9') || d == '.'))
            return as_input_error(p->err, start, "only numbers may carry a sign in a spec");
        return parse_number(p, out, c == '-');
    }
    if ((c >= '0' && c <= '9') || c == '.')
        return parse_number(p, out, 0);
    if (c == '\'' || c == '"')
        return parse_string(p, out);
    if (is_ident_start(c)) {
        size_t b = p->pos;
        while (!at_end(p) && is_ident_char(peek(p)))
            p->pos++;
        size_t n = p->pos - b;
        const char *w = p->s + b;
        if (n == 4 && memcmp(w, "None", 4) == 0) {
            out->type = AS_VALUE_NONE;
        } else if (n == 4 && memcmp(w, "True", 4) == 0) {
            out->type = AS_VALUE_BOOL;
            out->i = 1;
        } else if (n == 5 && memcmp(w, "False", 5) == 0) {
            out->type = AS_VALUE_BOOL;
        } else if (peek(p) == '\'' || peek(p) == '"') {
            return as_input_error(p->err, start, "string prefixes are not supported in a spec");
        } else {
            return as_input_error(p->err, start, "'%.*s' is not a literal: spec values must be literal data",
                                  (int)n, w);
        }
        return 0;
    }
    if (c == '(' || c == '[') {
        p->pos++;
        int comma;
        if (parse_items(p, c == '(' ? ')' : ']', &out->items, &out->n_items, &comma, depth) < 0)
            return -1;
        if (c == '[') {
            out->type = AS_VALUE_LIST;
        } else if (out->n_items == 1 && !comma) {
            *out = out->items[0];       /* (x) is x */
        } else {
            out->type = AS_VALUE_TUPLE;
        }
        return 0;
    }
    if (c == '{') {
        p->pos++;
        return parse_dict(p, out, depth);
    }
    return as_input_error(p->err, start, "unexpected character '%c' in spec", c);
}

int as_spec_parse(as_arena *arena, const char *text, size_t len, as_spec *out, as_error *err)
{
    parser p = {arena, text, len, 0, err};
    int cap = 4;
    memset(out, 0, sizeof *out);
    if (len > AS_SPEC_MAX_TEXT)
        return as_input_error(err, AS_SPEC_MAX_TEXT + 1, "spec longer than %d bytes (column %d)", AS_SPEC_MAX_TEXT,
                              AS_SPEC_MAX_TEXT + 1);
    out->entries = as_arena_alloc(arena, sizeof *out->entries * (size_t)cap);
    for (;;) {
        skip_space(&p);
        if (at_end(&p))
            break;
        int kcol = col(&p);
        if (!is_ident_start(peek(&p)))
            return as_input_error(err, kcol, "expected a keyword argument (name=value)");
        size_t b = p.pos;
        while (!at_end(&p) && is_ident_char(peek(&p)))
            p.pos++;
        const char *kw = as_arena_strndup(arena, text + b, p.pos - b);
        if (expect(&p, '=', "'=' after the keyword") < 0)
            return -1;
        if (out->n_entries == AS_SPEC_MAX_ENTRIES)
            return as_input_error(err, kcol, "more than %d keywords at column %d", AS_SPEC_MAX_ENTRIES, kcol);
        for (int i = 0; i < out->n_entries; i++)
            if (strcmp(out->entries[i].keyword, kw) == 0)
                return as_fail(err, "SyntaxError", AS_PHASE_INPUT, AS_CAT_OTHER, kcol,
                               "keyword argument repeated: %s", kw);
        if (out->n_entries == cap) {
            out->entries = as_arena_realloc(arena, out->entries, sizeof *out->entries * (size_t)cap,
                                            sizeof *out->entries * (size_t)cap * 2);
            cap *= 2;
        }
        as_spec_entry *e = &out->entries[out->n_entries];
        e->keyword = kw;
        if (parse_value(&p, &e->value, 0) < 0)
            return -1;
        out->n_entries++;
        skip_space(&p);
        if (at_end(&p))
            break;
        if (peek(&p) != ',')
            return as_input_error(err, col(&p), "expected ',' between keyword arguments");
        p.pos++;
    }
    return 0;
}

/* ---- JSON ---- */

static int value_from_json(as_arena *arena, const json_t *j, as_value *out, const char *where,
                           as_error *err, int depth)
{
    memset(out, 0, sizeof *out);
    if (depth > SPEC_MAX_DEPTH)
        return as_input_error(err, 0, "spec value for %s nested too deeply", where);
    switch (json_typeof(j)) {
    case JSON_NULL:
        out->type = AS_VALUE_NONE;
        return 0;
    case JSON_TRUE:
    case JSON_FALSE:
        out->type = AS_VALUE_BOOL;
        out->i = json_is_true(j);
        return 0;
    case JSON_INTEGER:
        out->type = AS_VALUE_INT;
        out->i = json_integer_value(j);
        return 0;
    case JSON_REAL:
        out->type = AS_VALUE_FLOAT;
        out->f = json_real_value(j);
        return 0;
    case JSON_STRING:
        if (strlen(json_string_value(j)) != json_string_length(j))
            return as_input_error(err, 0, "NUL character in a string of %s is not supported", where);
        out->type = AS_VALUE_STR;
        out->s = as_arena_strdup(arena, json_string_value(j));
        return 0;
    case JSON_ARRAY: {
        if (json_array_size(j) > AS_SPEC_MAX_ITEMS)
            return as_input_error(err, 0, "more than %d elements in %s", AS_SPEC_MAX_ITEMS, where);
        out->type = AS_VALUE_TUPLE;
        out->n_items = (int)json_array_size(j);
        out->items = as_arena_alloc(arena, sizeof *out->items * (size_t)(out->n_items + 1));
        for (int i = 0; i < out->n_items; i++)
            if (value_from_json(arena, json_array_get(j, (size_t)i), &out->items[i], where, err, depth + 1) < 0)
                return -1;
        return 0;
    }
    case JSON_OBJECT: {
        const char *key;
        json_t *v;
        int i = 0;
        if (json_object_size(j) > AS_SPEC_MAX_ITEMS)
            return as_input_error(err, 0, "more than %d elements in %s", AS_SPEC_MAX_ITEMS, where);
        out->type = AS_VALUE_DICT;
        out->n_items = (int)json_object_size(j);
        out->items = as_arena_alloc(arena, sizeof *out->items * (size_t)(out->n_items + 1));
        out->keys = as_arena_alloc(arena, sizeof *out->keys * (size_t)(out->n_items + 1));
        json_object_foreach((json_t *)j, key, v) {
            out->keys[i] = as_arena_strdup(arena, key);
            if (value_from_json(arena, v, &out->items[i], where, err, depth + 1) < 0)
                return -1;
            i++;
        }
        return 0;
    }
    }
    return as_input_error(err, 0, "unsupported JSON value in %s", where);
}

int as_spec_from_json(as_arena *arena, const json_t *object, as_spec *out, as_error *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(object))
        return as_input_error(err, 0, "a spec in JSON must be an object of keyword: value");
    if (json_object_size(object) > AS_SPEC_MAX_ENTRIES)
        return as_input_error(err, 0, "more than %d keywords in a spec", AS_SPEC_MAX_ENTRIES);
    out->entries = as_arena_alloc(arena, sizeof *out->entries * (json_object_size(object) + 1));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)object, key, v) {
        if (!is_ident_start((unsigned char)key[0]))
            return as_input_error(err, 0, "'%s' is not a keyword name", key);
        for (const char *k = key; *k; k++)
            if (!is_ident_char((unsigned char)*k))
                return as_input_error(err, 0, "'%s' is not a keyword name", key);
        as_spec_entry *e = &out->entries[out->n_entries];
        e->keyword = as_arena_strdup(arena, key);
        if (value_from_json(arena, v, &e->value, key, err, 0) < 0)
            return -1;
        out->n_entries++;
    }
    return 0;
}

json_t *as_value_to_json(const as_value *v)
{
    json_t *j;
    switch (v->type) {
    case AS_VALUE_NONE: return json_null();
    case AS_VALUE_BOOL: return json_boolean(v->i);
    case AS_VALUE_INT: return json_integer(v->i);
    case AS_VALUE_FLOAT: return json_real(v->f);
    case AS_VALUE_STR: return json_string(v->s);
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
        j = json_array();
        for (int i = 0; i < v->n_items; i++)
            json_array_append_new(j, as_value_to_json(&v->items[i]));
        return j;
    case AS_VALUE_DICT:
        j = json_object();
        for (int i = 0; i < v->n_items; i++)
            json_object_set_new(j, v->keys[i], as_value_to_json(&v->items[i]));
        return j;
    }
    return json_null();
}

json_t *as_spec_to_json(const as_spec *spec)
{
    json_t *j = json_object();
    for (int i = 0; i < spec->n_entries; i++)
        json_object_set_new(j, spec->entries[i].keyword, as_value_to_json(&spec->entries[i].value));
    return j;
}

/* ---- printing ---- */

/* Python's repr(float): the shortest digits that round-trip, fixed notation
 * when the decimal exponent is in [-4, 16), scientific otherwise. */
static void put_float(as_buf *b, double d)
{
    char digits[40];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(digits, sizeof digits, "%.*e", prec - 1, d);
        if (strtod(digits, NULL) == d)
            break;
    }
    /* digits is like "-1.2345e+05": split mantissa digits and exponent. */
    char *e = strchr(digits, 'e');
    int exp10 = atoi(e + 1);
    *e = '\0';
    const char *m = digits;
    if (*m == '-') {
        as_buf_putc(b, '-');
        m++;
    }
    char md[24];
    size_t n = 0;
    for (const char *q = m; *q; q++)
        if (*q != '.')
            md[n++] = *q;
    md[n] = '\0';
    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 < 0) {
            as_buf_puts(b, "0.");
            for (int i = 0; i < -exp10 - 1; i++)
                as_buf_putc(b, '0');
            as_buf_puts(b, md);
        } else {
            size_t ip = (size_t)exp10 + 1;
            for (size_t i = 0; i < ip; i++)
                as_buf_putc(b, i < n ? md[i] : '0');
            as_buf_putc(b, '.');
            if (ip < n)
                as_buf_puts(b, md + ip);
            else
                as_buf_putc(b, '0');
        }
    } else {
        as_buf_putc(b, md[0]);
        if (n > 1) {
            as_buf_putc(b, '.');
            as_buf_puts(b, md + 1);
        }
        as_buf_printf(b, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    }
}

static void put_value(as_buf *b, const as_value *v)
{
    switch (v->type) {
    case AS_VALUE_NONE: as_buf_puts(b, "None"); return;
    case AS_VALUE_BOOL: as_buf_puts(b, v->i ? "True" : "False"); return;
    case AS_VALUE_INT: as_buf_printf(b, "%lld", v->i); return;
    case AS_VALUE_FLOAT: put_float(b, v->f); return;
    case AS_VALUE_STR: as_buf_puts(b, as_py_str_repr(b->arena, v->s, strlen(v->s))); return;
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
        as_buf_putc(b, v->type == AS_VALUE_LIST ? '[' : '(');
        for (int i = 0; i < v->n_items; i++) {
            if (i)
                as_buf_puts(b, ", ");
            put_value(b, &v->items[i]);
        }
        if (v->type == AS_VALUE_TUPLE && v->n_items == 1)
            as_buf_putc(b, ',');
        as_buf_putc(b, v->type == AS_VALUE_LIST ? ']' : ')');
        return;
    case AS_VALUE_DICT:
        as_buf_putc(b, '{');
        for (int i = 0; i < v->n_items; i++) {
            if (i)
                as_buf_puts(b, ", ");
            as_buf_puts(b, as_py_str_repr(b->arena, v->keys[i], strlen(v->keys[i])));
            as_buf_puts(b, ": ");
            put_value(b, &v->items[i]);
        }
        as_buf_putc(b, '}');
        return;
    }
}

char *as_value_repr(as_arena *arena, const as_value *v)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_puts(&b, "");
    put_value(&b, v);
    return as_buf_str(&b);
}

char *as_spec_print(as_arena *arena, const as_spec *spec)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_puts(&b, "");
    for (int i = 0; i < spec->n_entries; i++) {
        if (i)
            as_buf_puts(&b, ", ");
        as_buf_printf(&b, "%s=", spec->entries[i].keyword);
        put_value(&b, &spec->entries[i].value);
    }
    return as_buf_str(&b);
}

/* ---- comparison ---- */

/* Structural and order-sensitive: two values are equal iff they print the same. */
int as_value_equal(const as_value *a, const as_value *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case AS_VALUE_NONE: return 1;
    case AS_VALUE_BOOL:
    case AS_VALUE_INT: return a->i == b->i;
    case AS_VALUE_FLOAT: return a->f == b->f && signbit(a->f) == signbit(b->f);
    case AS_VALUE_STR: return strcmp(a->s, b->s) == 0;
    case AS_VALUE_TUPLE:
    case AS_VALUE_LIST:
    case AS_VALUE_DICT:
        if (a->n_items != b->n_items)
            return 0;
        for (int i = 0; i < a->n_items; i++) {
            if (a->type == AS_VALUE_DICT && strcmp(a->keys[i], b->keys[i]) != 0)
                return 0;
            if (!as_value_equal(&a->items[i], &b->items[i]))
                return 0;
        }
        return 1;
    }
    return 0;
}

int as_spec_equal(const as_spec *a, const as_spec *b)
{
    if (a->n_entries != b->n_entries)
        return 0;
    for (int i = 0; i < a->n_entries; i++)
        if (strcmp(a->entries[i].keyword, b->entries[i].keyword) != 0 ||
            !as_value_equal(&a->entries[i].value, &b->entries[i].value))
            return 0;
    return 1;
}

const as_value *as_spec_get(const as_spec *spec, const char *keyword)
{
    /* the models ask for absent keywords most: the first byte rejects most entries */
    for (int i = 0; i < spec->n_entries; i++) {
        const char *kw = spec->entries[i].keyword;
        if (kw == keyword || (kw[0] == keyword[0] && strcmp(kw, keyword) == 0))
            return &spec->entries[i].value;
    }
    return NULL;
}

const char *as_value_type_name(const as_value *v)
{
    static const char *const names[] = {
        [AS_VALUE_NONE] = "NoneType", [AS_VALUE_BOOL] = "bool", [AS_VALUE_INT] = "int",
        [AS_VALUE_FLOAT] = "float",   [AS_VALUE_STR] = "str",   [AS_VALUE_TUPLE] = "tuple",
        [AS_VALUE_LIST] = "list",     [AS_VALUE_DICT] = "dict",
    };
    return names[v->type];
}

int as_value_truthy(const as_value *v)
{
    if (!v)
        return 0;
    switch (v->type) {
    case AS_VALUE_NONE: return 0;
    case AS_VALUE_BOOL:
    case AS_VALUE_INT: return v->i != 0;
    case AS_VALUE_FLOAT: return v->f != 0.0;
    case AS_VALUE_STR: return v->s[0] != '\0';
    default: return v->n_items > 0;
    }
}

const char *as_value_str(as_arena *arena, const as_value *v)
{
    return v->type == AS_VALUE_STR ? v->s : as_value_repr(arena, v);
}
