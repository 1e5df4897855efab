/* bindjson.c — see bindjson.h. */
#include "oracle/bindjson.h"

#include <string.h>

void as_bind_case_run(as_arena *arena, const char *sig_text, size_t sig_len,
                      const char *call_text, size_t call_len, int py_minor, as_bind_case *out)
{
    memset(out, 0, sizeof *out);
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

/* SyntaxErrors and InputErrors carry no binder category: they are "other". */
static const char *category_of(const as_error *err)
{
    return err->category == AS_CAT_NONE ? "other" : as_category_name(err->category);
}

json_t *as_bind_error_json(const as_error *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_false());
    json_object_set_new(o, "error", json_string(err->type));
    json_object_set_new(o, "category", json_string(category_of(err)));
    json_object_set_new(o, "message", json_string(err->message));
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
    if (v->passed == AS_PASSED_DEFAULT)
        return json_sprintf("=%s", v->text);
    return json_string(v->text);
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
                json_array_append_new(j, json_string(b->values[i].text));
        } else if (param->kind == AS_VAR_KEYWORD) {
            j = json_object();
            for (int i = start; i < cur; i++)
                json_object_set_new(j, b->values[i].key, json_string(b->values[i].text));
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
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
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
