/* split.c — see split.h. */
#include "oracle/split.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The entries of a binding: one per bound value, verdict TRACED (DEFAULT
 * for an unpassed default), donated -1, no axis. */
static as_split_entry *binding_entries(as_arena *arena, const as_signature *sig, const as_binding *b)
{
    int n = b->n_values;
    as_split_entry *entries = as_arena_alloc(arena, sizeof *entries * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const as_bound *v = &b->values[i];
        as_split_entry *e = &entries[i];
        e->param = as_bound_display_name(arena, sig, v);
        e->param_index = v->param;
        e->kind = sig->params[v->param].kind;
        e->passed = v->passed;
        e->slot = v->passed == AS_PASSED_POSITIONAL ? v->slot : -1;
        e->verdict = v->passed == AS_PASSED_DEFAULT ? AS_VERDICT_DEFAULT : AS_VERDICT_TRACED;
        e->donated = -1;
    }
    return entries;
}

/* `texts`: print the canonical signature and call texts. */
static int from_parts(as_arena *arena, const as_signature *sig, const as_spec *spec, const as_call *call,
                      int py_minor, int texts, as_case *out, as_error *err)
{
    memset(out, 0, sizeof *out);
    out->py_minor = py_minor;
    out->sig = sig;
    out->spec = spec;
    if (texts)
        out->signature_text = as_signature_print(arena, sig);
    if (!call)
        return 0;
    out->call = call;
    if (texts)
        out->call_text = as_call_print(arena, call);

    /* not zeroed: 2 KiB read only as C strings once an error is set */
    as_error *e = as_arena_alloc_raw(arena, sizeof *e);
    as_error_clear(e);
    if (as_call_check_keywords(call, py_minor, e) < 0) {
        out->call_site_error = e;
        return 0;
    }
    as_call_args *args = as_arena_alloc(arena, sizeof *args);
    if (as_call_expand(arena, call, py_minor, "f", args, e) < 0) {
        if (strcmp(e->type, "InputError") == 0) {
            if (err)
                *err = *e;
            return -1;
        }
        out->call_site_error = e;
        return 0;
    }
    as_binding *binding = as_arena_alloc(arena, sizeof *binding);
    as_bind_options opt = {py_minor, "f"};
    int bound = as_bind(arena, sig, args, &opt, binding, e);
    if (bound < 0 && strcmp(e->type, "InputError") == 0) {
        if (err)
            *err = *e;
        return -1;
    }
    /* 3.8 hands a non-string ** key to the callee (a NULL keyword); a
     * transform's wrapper rejects it before any transform logic runs, so
     * for subjects it is a call-site error and they never see the args. */
    for (int k = 0; k < args->n_keywords; k++)
        if (!args->keywords[k].keyword) {
            out->call_site_error = e;
            return 0;
        }
    out->args = args;
    if (bound < 0) {
        out->bind_error = e;
        return 0;
    }
    out->binding = binding;
    out->entries = binding_entries(arena, sig, binding);
    out->entries_binding = binding;
    return 0;
}

int as_case_from_parts(as_arena *arena, const as_signature *sig, const as_spec *spec,
                       const as_call *call, int py_minor, as_case *out, as_error *err)
{
    return from_parts(arena, sig, spec, call, py_minor, 1, out, err);
}

int as_case_from_parts_untexted(as_arena *arena, const as_signature *sig, const as_spec *spec,
                                const as_call *call, int py_minor, as_case *out, as_error *err)
{
    return from_parts(arena, sig, spec, call, py_minor, 0, out, err);
}

int as_case_has_call(const as_case *c)
{
    return c->call != NULL || c->call_text != NULL;
}

const char *as_case_signature_text(as_arena *arena, const as_case *c)
{
    return c->signature_text ? c->signature_text : as_signature_print(arena, c->sig);
}

const char *as_case_call_text(as_arena *arena, const as_case *c)
{
    return c->call_text ? c->call_text : c->call ? as_call_print(arena, c->call) : NULL;
}

/* ---- the per-case memo ------------------------------------------------ */

enum { CASE_MEMO_CAP = 48, CASE_STATE_CAP = 8 };

/* An error without its 2 KiB buffers. */
typedef struct memo_error {
    const char *type, *message;    /* NULL: clear */
    as_category category;
    as_phase phase;
    int column;
} memo_error;

typedef struct memo_answer {
    const void *key;
    unsigned code;
    void *extra;
    int decoration_ok, n_warnings, has_call, call_ok, n_entries;
    const char **warnings;
    as_split_entry *entries;
    memo_error decoration_error, call_error;
} memo_answer;

struct as_case_memo {
    int n, n_states;
    memo_answer answers[CASE_MEMO_CAP];
    struct { const void *key; void *state; } states[CASE_STATE_CAP];
};

as_case_memo *as_case_memo_new(as_arena *arena)
{
    as_case_memo *m = as_arena_alloc_raw(arena, sizeof *m);
    m->n = 0;
    m->n_states = 0;
    return m;
}

void *as_case_memo_state(as_arena *arena, const as_case *c, const void *key, size_t size)
{
    as_case_memo *m = c->memo;
    if (!m)
        return NULL;
    for (int i = 0; i < m->n_states; i++)
        if (m->states[i].key == key)
            return m->states[i].state;
    if (m->n_states == CASE_STATE_CAP)
        return NULL;
    void *state = as_arena_alloc(arena, size);
    m->states[m->n_states].key = key;
    m->states[m->n_states++].state = state;
    return state;
}

static void error_out(const memo_error *src, as_error *dst)
{
    as_error_clear(dst);
    if (!src->type)
        return;
    strcpy(dst->type, src->type);
    strcpy(dst->message, src->message);
    dst->category = src->category;
    dst->phase = src->phase;
    dst->column = src->column;
}

static void error_in(as_arena *arena, const as_error *src, memo_error *dst)
{
    int set = src->type[0] || src->message[0] || src->category || src->phase || src->column;
    *dst = (memo_error){set ? as_arena_strdup(arena, src->type) : NULL,
                        set ? as_arena_strdup(arena, src->message) : NULL, src->category, src->phase,
                        src->column};
}

int as_case_memo_get(const as_case *c, const void *key, as_split *out)
{
    return as_case_memo_get_code(c, key, 0, out, NULL);
}

int as_case_memo_get_code(const as_case *c, const void *key, unsigned code, as_split *out, void **extra)
{
    as_case_memo *m = c->memo;
    for (int i = 0; m && i < m->n; i++) {
        const memo_answer *e = &m->answers[i];
        if (e->key != key || e->code != code)
            continue;
        out->decoration_ok = e->decoration_ok;
        out->warnings = e->warnings;
        out->n_warnings = e->n_warnings;
        out->has_call = e->has_call;
        out->call_ok = e->call_ok;
        out->entries = e->entries;
        out->n_entries = e->n_entries;
        error_out(&e->decoration_error, &out->decoration_error);
        error_out(&e->call_error, &out->call_error);
        if (extra)
            *extra = e->extra;
        return 1;
    }
    return 0;
}

void as_case_memo_put(as_arena *arena, const as_case *c, const void *key, const as_split *s)
{
    as_case_memo_put_code(arena, c, key, 0, s, NULL);
}

void as_case_memo_put_code(as_arena *arena, const as_case *c, const void *key, unsigned code, const as_split *s,
                           void *extra)
{
    as_case_memo *m = c->memo;
    if (!m || m->n == CASE_MEMO_CAP)
        return;
    memo_answer *e = &m->answers[m->n++];
    *e = (memo_answer){key, code, extra, s->decoration_ok, s->n_warnings, s->has_call, s->call_ok, s->n_entries,
                       s->warnings, s->entries, {0}, {0}};
    error_in(arena, &s->decoration_error, &e->decoration_error);
    error_in(arena, &s->call_error, &e->call_error);
}

int as_case_build(as_arena *arena, const char *signature_text, const as_spec *spec,
                  const char *call_text, int py_minor, as_case *out, as_error *err)
{
    as_signature *sig = as_arena_alloc(arena, sizeof *sig);
    memset(out, 0, sizeof *out);
    if (as_signature_parse(arena, signature_text, strlen(signature_text), py_minor, sig, err) < 0)
        return -1;
    if (!call_text)
        return as_case_from_parts(arena, sig, spec, NULL, py_minor, out, err);

    as_call *call = as_arena_alloc(arena, sizeof *call);
    as_error *e = as_arena_alloc(arena, sizeof *e);
    if (as_call_parse(arena, call_text, strlen(call_text), py_minor, call, e) < 0) {
        if (strcmp(e->type, "InputError") == 0) {
            if (err)
                *err = *e;
            return -1;
        }
        /* A1: the call never compiles; keep its text as written. */
        as_case_from_parts(arena, sig, spec, NULL, py_minor, out, err);
        out->call_text = as_arena_strdup(arena, call_text);
        out->call_site_error = e;
        return 0;
    }
    return as_case_from_parts(arena, sig, spec, call, py_minor, out, err);
}

void as_split_init(as_split *out)
{
    /* Not memset: the two error buffers are 4 KiB that are only read as C
     * strings, and this runs for every subject on every case. */
    out->decoration_ok = 1;
    out->warnings = NULL;
    out->n_warnings = 0;
    as_error_clear(&out->decoration_error);
    out->has_call = 0;
    out->call_ok = 0;
    out->entries = NULL;
    out->n_entries = 0;
    as_error_clear(&out->call_error);
}

int as_split_entries_from_binding(as_arena *arena, const as_case *c, as_split *out)
{
    out->has_call = 1;
    out->call_ok = 1;
    out->n_entries = 0;
    out->entries = NULL;
    if (!c->binding)
        return -1;
    int n = c->binding->n_values;
    if (c->entries && c->entries_binding == c->binding) {   /* the case's own copy: each subject edits its verdicts */
        out->entries = as_arena_alloc_raw(arena, sizeof *out->entries * (size_t)(n + 1));
        memcpy(out->entries, c->entries, sizeof *out->entries * (size_t)(n + 1));
        out->n_entries = n;
        return 0;
    }
    out->entries = binding_entries(arena, c->sig, c->binding);
    out->n_entries = n;
    return 0;
}

static void set_error(as_error *err, const char *type, as_phase phase, const char *fmt, va_list ap)
{
    as_error_vset(err, type, phase, AS_CAT_NONE, 0, fmt, ap);
}

void as_split_decoration_error(as_split *out, const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    out->decoration_ok = 0;
    set_error(&out->decoration_error, type, AS_PHASE_DECORATION, fmt, ap);
    va_end(ap);
    out->has_call = 0;
    out->call_ok = 0;
    out->n_entries = 0;
}

void as_split_call_error(as_split *out, const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    out->has_call = 1;
    out->call_ok = 0;
    set_error(&out->call_error, type, AS_PHASE_CALL, fmt, ap);
    va_end(ap);
    out->n_entries = 0;
}

void as_split_warn(as_arena *arena, as_split *out, const char *fmt, ...)
{
    va_list ap;
    char text[AS_MESSAGE_MAX + AS_TYPE_MAX];
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    as_split_warn_text(arena, out, as_arena_strdup(arena, text));
}

void as_split_warn_text(as_arena *arena, as_split *out, const char *text)
{
    enum { WARNING_MAX = AS_MESSAGE_MAX + AS_TYPE_MAX - 1 };   /* as_split_warn's buffer, less its NUL */
    if (strlen(text) > WARNING_MAX)
        text = as_arena_strndup(arena, text, WARNING_MAX);
    const char **w = as_arena_alloc_raw(arena, sizeof *w * (size_t)(out->n_warnings + 1));
    if (out->n_warnings)
        memcpy(w, out->warnings, sizeof *w * (size_t)out->n_warnings);
    w[out->n_warnings++] = text;
    out->warnings = w;
}

static const char *const verdict_names[] = {"traced", "static", "default"};
static const char *const passed_names[] = {"positional", "keyword", "default"};

const char *as_verdict_name(as_verdict v)
{
    return (unsigned)v < 3 ? verdict_names[v] : "";
}

const char *as_passed_name(as_passed p)
{
    return (unsigned)p < 3 ? passed_names[p] : "";
}

int as_verdict_from_name(const char *name, as_verdict *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, verdict_names[i]) == 0) {
            *out = (as_verdict)i;
            return 0;
        }
    return -1;
}

int as_passed_from_name(const char *name, as_passed *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, passed_names[i]) == 0) {
            *out = (as_passed)i;
            return 0;
        }
    return -1;
}

/* ---- JSON ---- */

static json_t *error_json(const as_error *e)
{
    return json_pack("{s:b, s:s, s:s}", "ok", 0, "error", e->type, "message", e->message);
}

json_t *as_split_to_json(const as_split *s, const char *subject_id)
{
    json_t *o = json_object();
    json_object_set_new(o, "subject", subject_id ? json_string(subject_id) : json_null());
    if (s->decoration_ok) {
        json_t *w = json_array();
        for (int i = 0; i < s->n_warnings; i++)
            json_array_append_new(w, json_string(s->warnings[i]));
        json_object_set_new(o, "decoration", json_pack("{s:b, s:o}", "ok", 1, "warnings", w));
    } else {
        json_object_set_new(o, "decoration", error_json(&s->decoration_error));
    }
    if (!s->decoration_ok || !s->has_call) {
        json_object_set_new(o, "call", json_null());
    } else if (!s->call_ok) {
        json_object_set_new(o, "call", error_json(&s->call_error));
    } else {
        json_t *args = json_array();
        for (int i = 0; i < s->n_entries; i++) {
            const as_split_entry *e = &s->entries[i];
            json_t *a = json_pack("{s:s, s:s, s:s}", "param", e->param, "kind", as_kind_name(e->kind),
                                  "passed", as_passed_name(e->passed));
            json_object_set_new(a, "slot", e->slot >= 0 ? json_integer(e->slot) : json_null());
            json_object_set_new(a, "verdict", json_string(as_verdict_name(e->verdict)));
            if (e->donated >= 0)
                json_object_set_new(a, "donated", json_boolean(e->donated));
            if (e->has_axis)
                json_object_set_new(a, "axis", e->axis_is_null ? json_null() : json_integer(e->axis));
            json_array_append_new(args, a);
        }
        json_object_set_new(o, "call", json_pack("{s:b, s:o}", "ok", 1, "args", args));
    }
    return o;
}

static int error_from_json(const json_t *j, as_error *e, as_phase phase, const char *what, as_error *err)
{
    const json_t *t = json_object_get(j, "error"), *m = json_object_get(j, "message");
    if (!json_is_string(t) || !json_is_string(m))
        return as_input_error(err, 0, "%s: a failed result needs string \"error\" and \"message\"", what);
    as_error_clear(e);
    snprintf(e->type, sizeof e->type, "%s", json_string_value(t));
    snprintf(e->message, sizeof e->message, "%s", json_string_value(m));
    e->phase = phase;
    return 0;
}

static int entry_from_json(as_arena *arena, const json_t *a, int index, as_split_entry *e, as_error *err)
{
    const json_t *param = json_object_get(a, "param"), *kind = json_object_get(a, "kind"),
                 *passed = json_object_get(a, "passed"), *slot = json_object_get(a, "slot"),
                 *verdict = json_object_get(a, "verdict"), *donated = json_object_get(a, "donated"),
                 *axis = json_object_get(a, "axis");
    memset(e, 0, sizeof *e);
    if (!json_is_object(a) || !json_is_string(param) || !json_is_string(kind) || !json_is_string(passed) ||
        !json_is_string(verdict))
        return as_input_error(err, 0, "call.args[%d]: needs string param, kind, passed and verdict", index);
    e->param = as_arena_strdup(arena, json_string_value(param));
    e->param_index = -1;
    if (as_kind_from_name(json_string_value(kind), &e->kind) < 0)
        return as_input_error(err, 0, "call.args[%d]: unknown kind '%s'", index, json_string_value(kind));
    if (as_passed_from_name(json_string_value(passed), &e->passed) < 0)
        return as_input_error(err, 0, "call.args[%d]: unknown passed '%s'", index, json_string_value(passed));
    if (as_verdict_from_name(json_string_value(verdict), &e->verdict) < 0)
        return as_input_error(err, 0, "call.args[%d]: unknown verdict '%s'", index, json_string_value(verdict));
    if (json_is_integer(slot) && json_integer_value(slot) >= 0 && json_integer_value(slot) < 1 << 20)
        e->slot = (int)json_integer_value(slot);
    else if (!slot || json_is_null(slot))
        e->slot = -1;
    else
        return as_input_error(err, 0, "call.args[%d]: slot must be a non-negative integer or null", index);
    if (!donated)
        e->donated = -1;
    else if (json_is_boolean(donated))
        e->donated = json_is_true(donated);
    else
        return as_input_error(err, 0, "call.args[%d]: donated must be a boolean", index);
    if (axis) {
        e->has_axis = 1;
        if (json_is_null(axis))
            e->axis_is_null = 1;
        else if (json_is_integer(axis) && json_integer_value(axis) > -(1 << 20) && json_integer_value(axis) < 1 << 20)
            e->axis = json_integer_value(axis);
        else
            return as_input_error(err, 0, "call.args[%d]: axis must be an integer or null", index);
    }
    return 0;
}

int as_split_from_json(as_arena *arena, const json_t *obj, as_split *out, as_error *err)
{
    as_split_init(out);
    if (!json_is_object(obj))
        return as_input_error(err, 0, "a split result must be a JSON object");
    const json_t *dec = json_object_get(obj, "decoration"), *call = json_object_get(obj, "call");
    if (!json_is_object(dec) || !json_is_boolean(json_object_get(dec, "ok")))
        return as_input_error(err, 0, "\"decoration\" must be an object with a boolean \"ok\"");
    if (json_is_true(json_object_get(dec, "ok"))) {
        const json_t *w = json_object_get(dec, "warnings");
        if (w && !json_is_array(w))
            return as_input_error(err, 0, "decoration.warnings must be an array of strings");
        size_t n = w ? json_array_size(w) : 0;
        out->warnings = as_arena_alloc(arena, sizeof *out->warnings * (n + 1));
        for (size_t i = 0; i < n; i++) {
            if (!json_is_string(json_array_get(w, i)))
                return as_input_error(err, 0, "decoration.warnings must be an array of strings");
            out->warnings[i] = as_arena_strdup(arena, json_string_value(json_array_get(w, i)));
        }
        out->n_warnings = (int)n;
    } else {
        out->decoration_ok = 0;
        if (error_from_json(dec, &out->decoration_error, AS_PHASE_DECORATION, "decoration", err) < 0)
            return -1;
    }
    if (!call || json_is_null(call))
        return 0;
    if (!out->decoration_ok)
        return as_input_error(err, 0, "\"call\" must be null when decoration failed");
    if (!json_is_object(call) || !json_is_boolean(json_object_get(call, "ok")))
        return as_input_error(err, 0, "\"call\" must be null or an object with a boolean \"ok\"");
    out->has_call = 1;
    if (!json_is_true(json_object_get(call, "ok")))
        return error_from_json(call, &out->call_error, AS_PHASE_CALL, "call", err);
    out->call_ok = 1;
    const json_t *args = json_object_get(call, "args");
    if (!json_is_array(args))
        return as_input_error(err, 0, "call.args must be an array");
    size_t n = json_array_size(args);
    out->entries = as_arena_alloc(arena, sizeof *out->entries * (n + 1));
    for (size_t i = 0; i < n; i++)
        if (entry_from_json(arena, json_array_get(args, i), (int)i, &out->entries[i], err) < 0)
            return -1;
    out->n_entries = (int)n;
    return 0;
}

static int errors_equal(const as_error *a, const as_error *b)
{
    return strcmp(a->type, b->type) == 0 && strcmp(a->message, b->message) == 0;
}

/* `donated` and `axis` are compared only when both sides carry them: a
 * subject without donation has nothing to disagree about. */
static int entries_equal(const as_split_entry *a, const as_split_entry *b)
{
    if (strcmp(a->param, b->param) != 0 || a->kind != b->kind || a->passed != b->passed ||
        a->slot != b->slot || a->verdict != b->verdict)
        return 0;
    if (a->donated >= 0 && b->donated >= 0 && a->donated != b->donated)
        return 0;
    if (a->has_axis && b->has_axis &&
        (a->axis_is_null != b->axis_is_null || (!a->axis_is_null && a->axis != b->axis)))
        return 0;
    return 1;
}

int as_split_equal(const as_split *a, const as_split *b)
{
    if (a->decoration_ok != b->decoration_ok)
        return 0;
    if (!a->decoration_ok)
        return errors_equal(&a->decoration_error, &b->decoration_error);
    if (a->n_warnings != b->n_warnings)
        return 0;
    for (int i = 0; i < a->n_warnings; i++)
        if (strcmp(a->warnings[i], b->warnings[i]) != 0)
            return 0;
    if (a->has_call != b->has_call)
        return 0;
    if (!a->has_call)
        return 1;
    if (a->call_ok != b->call_ok)
        return 0;
    if (!a->call_ok)
        return errors_equal(&a->call_error, &b->call_error);
    if (a->n_entries != b->n_entries)
        return 0;
    for (int i = 0; i < a->n_entries; i++)
        if (!entries_equal(&a->entries[i], &b->entries[i]))
            return 0;
    return 1;
}

int as_split_unbound_call(const as_case *c, as_split *out)
{
    if (c->binding)
        return 0;
    out->has_call = 1;
    out->call_ok = 0;
    out->call_error = *c->bind_error;
    return 1;
}
