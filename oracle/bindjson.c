/* bindjson.c — see bindjson.h. */
#include "oracle/bindjson.h"

#include <stdlib.h>
#include <string.h>

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

/* The escaped contents of a JSON string, without the quotes. */
static void put_string_body(as_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x20 && ch != '"' && ch != '\\' && ch < 0x80)
            continue;
        if (ch >= 0x80) {
            size_t k = utf8_len((const unsigned char *)p);
            if (k) {
                p += k - 1;
                continue;
            }
            as_buf_putn(out, run, (size_t)(p - run));
            as_buf_puts(out, "\xef\xbf\xbd");   /* U+FFFD, as jstr */
            run = p + 1;
            continue;
        }
        as_buf_putn(out, run, (size_t)(p - run));
        if (ch == '\0')
            break;
        run = p + 1;
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            n = 6;
        }
        as_buf_putn(out, esc, n);
    }
}

void as_json_put_string(as_buf *out, const char *s)
{
    as_buf_putc(out, '"');
    put_string_body(out, s);
    as_buf_putc(out, '"');
}

void as_bind_error_write(as_buf *out, const as_error *err)
{
    as_buf_puts(out, "{\"ok\":false,\"error\":");
    as_json_put_string(out, err->type);
    as_buf_puts(out, ",\"category\":");
    as_json_put_string(out, category_of(err));
    as_buf_puts(out, ",\"message\":");
    as_json_put_string(out, err->message);
    as_buf_puts(out, ",\"phase\":");
    as_json_put_string(out, as_phase_name(err->phase));
    if (err->phase == AS_PHASE_INPUT)
        as_buf_printf(out, ",\"column\":%d", err->column);
    as_buf_putc(out, '}');
}

void as_bind_case_write(as_buf *out, const as_bind_case *c)
{
    if (!c->ok) {
        as_bind_error_write(out, &c->err);
        return;
    }
    const as_signature *sig = &c->sig;
    const as_binding *b = &c->binding;
    as_buf_puts(out, "{\"ok\":true,\"binding\":{");
    int cur = 0, n_used = 0;
    for (int p = 0; p < sig->n_params; p++) {
        const as_param *param = &sig->params[p];
        int start = take_values(b, p, &cur);
        if (p)
            as_buf_putc(out, ',');
        as_json_put_string(out, param->name);
        as_buf_putc(out, ':');
        if (param->kind == AS_VAR_POSITIONAL || param->kind == AS_VAR_KEYWORD) {
            int is_dict = param->kind == AS_VAR_KEYWORD;
            as_buf_putc(out, is_dict ? '{' : '[');
            for (int i = start; i < cur; i++) {
                if (i > start)
                    as_buf_putc(out, ',');
                if (is_dict) {
                    as_json_put_string(out, b->values[i].key);
                    as_buf_putc(out, ':');
                }
                as_json_put_string(out, b->values[i].text);
            }
            as_buf_putc(out, is_dict ? '}' : ']');
        } else if (b->values[start].passed == AS_PASSED_DEFAULT) {
            as_buf_puts(out, "\"=");
            put_string_body(out, b->values[start].text);
            as_buf_putc(out, '"');
            n_used++;
        } else {
            as_json_put_string(out, b->values[start].text);
        }
    }
    as_buf_puts(out, "},\"defaults_used\":[");
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
            as_buf_putc(out, ',');
        as_json_put_string(out, sig->params[p].name);
    }
    as_buf_puts(out, "]}");
}
