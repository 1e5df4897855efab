/* binder.c — CPython's initialize_locals (B1..B7 of
 * docs/BINDING.md §3), reproduced step by step.
 *
 * "Slots" are CPython's fast locals for the named parameters: the positional
 * parameters (slot i = params[i]) followed by the keyword-only ones.  The
 * *args / **kwargs parameters are not slots.
 */
#include "oracle/binder.h"

#include <string.h>

#include "oracle/pyexpr.h"
#include "oracle/pyversion.h"

/* What fills a slot: 0 = empty, else 1 + positional index or -(1 + keyword index). */
typedef int slot_fill;

static int slot_param(const as_signature *sig, int slot)
{
    if (slot < sig->n_positional)
        return slot;
    return slot + (sig->varargs_index >= 0);
}

static const char *slot_name(const as_signature *sig, int slot)
{
    return sig->params[slot_param(sig, slot)].name;
}

/* Index of the slot in [from, to) called `name`, or -1. */
static int find_slot(const as_signature *sig, int from, int to, const char *name)
{
    for (int s = from; s < to; s++) {
        const char *p = slot_name(sig, s);
        if (p[0] == name[0] && strcmp(p, name) == 0)
            return s;
    }
    return -1;
}

/* Messages are assembled piecewise rather than with printf: binding is on
 * the hot path of every campaign and error outcomes are common. */
typedef struct msg {
    char *p, *end;
} msg;

static msg msg_start(as_error *err, as_category cat)
{
    memcpy(err->type, "TypeError", sizeof "TypeError");
    err->phase = AS_PHASE_BIND;
    err->category = cat;
    err->column = 0;
    msg m = {err->message, err->message + sizeof err->message - 1};
    return m;
}

static void put(msg *m, const char *s)
{
    size_t n = strlen(s), room = (size_t)(m->end - m->p);   /* the bytes that fit, at once */
    if (n > room)
        n = room;
    memcpy(m->p, s, n);
    m->p += n;
    *m->p = '\0';
}

static void put_int(msg *m, int v)
{
    char digits[16];
    int n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n > 0 && m->p < m->end)
        *m->p++ = digits[--n];
    *m->p = '\0';
}

static int msg_done(msg *m)
{
    *m->p = '\0';
    return -1;
}

/* "F() " + text: every binding message starts this way. */
static msg msg_func(as_error *err, as_category cat, const char *func, const char *text)
{
    msg m = msg_start(err, cat);
    put(&m, func);
    put(&m, "() ");
    put(&m, text);
    return m;
}

/* CPython's format_missing + missing_arguments: every empty slot in
 * [from, to) that has no default, as 'a' / 'a' and 'b' / 'a', 'b', and 'c'.
 * (Only keyword-only slots can be empty and defaulted here.) */
static int fail_missing(const as_signature *sig, const slot_fill *fill, int from, int to,
                        int positional, const char *func, as_error *err)
{
    if (!err)
        return -1;
    int names[AS_MAX_PARAMS + 1];
    int n = 0;
    for (int s = from; s < to; s++)
        if (!fill[s] && !sig->params[slot_param(sig, s)].default_text)
            names[n++] = s;
    msg m = msg_func(err, positional ? AS_CAT_MISSING_POSITIONAL : AS_CAT_MISSING_KEYWORD_ONLY,
                     func, "missing ");
    put_int(&m, n);
    put(&m, positional ? " required positional argument" : " required keyword-only argument");
    put(&m, n == 1 ? ": " : "s: ");
    for (int i = 0; i < n; i++) {
        if (i > 0)
            put(&m, n == 2 ? " and " : i == n - 1 ? ", and " : ", ");
        put(&m, "'");
        put(&m, slot_name(sig, names[i]));
        put(&m, "'");
    }
    return msg_done(&m);
}

static int fail_too_many(const as_signature *sig, const slot_fill *fill, int given,
                         const char *func, as_error *err)
{
    if (!err)
        return -1;
    int argcount = sig->n_positional, defcount = sig->n_pos_defaults;
    int total = argcount + sig->n_kwonly;
    int kwonly_given = 0;
    for (int s = argcount; s < total; s++)
        kwonly_given += fill[s] != 0;

    msg m = msg_func(err, AS_CAT_TOO_MANY_POSITIONAL, func, "takes ");
    if (defcount) {
        put(&m, "from ");
        put_int(&m, argcount - defcount);
        put(&m, " to ");
        put_int(&m, argcount);
        put(&m, " positional arguments");
    } else {
        put_int(&m, argcount);
        put(&m, argcount != 1 ? " positional arguments" : " positional argument");
    }
    put(&m, " but ");
    put_int(&m, given);
    if (kwonly_given) {
        put(&m, given != 1 ? " positional arguments (and " : " positional argument (and ");
        put_int(&m, kwonly_given);
        put(&m, kwonly_given != 1 ? " keyword-only arguments)" : " keyword-only argument)");
    }
    put(&m, given == 1 && !kwonly_given ? " was given" : " were given");
    return msg_done(&m);
}

/* B4.5: a keyword that names no slot, with no **kwargs to absorb it. */
static int fail_unknown_keyword(const as_signature *sig, const as_call_args *args,
                                const char *keyword, int py_minor, const char *func,
                                as_error *err)
{
    if (!err)
        return -1;
    int posonly = sig->n_posonly, total = sig->n_positional + sig->n_kwonly;
    int found = 0;
    msg m = {NULL, NULL};
    for (int s = 0; s < posonly; s++) {
        const char *name = slot_name(sig, s);
        for (int k = 0; k < args->n_keywords; k++)
            if (args->keywords[k].keyword && strcmp(args->keywords[k].keyword, name) == 0) {
                if (found++) {
                    put(&m, ", ");
                } else {
                    m = msg_func(err, AS_CAT_POSITIONAL_ONLY_AS_KEYWORD, func,
                                 "got some positional-only arguments passed as keyword "
                                 "arguments: '");
                }
                put(&m, name);
                break;
            }
    }
    if (found) {
        put(&m, "'");
        return msg_done(&m);
    }
    m = msg_func(err, AS_CAT_UNEXPECTED_KEYWORD, func, "got an unexpected keyword argument '");
    put(&m, keyword);
    put(&m, "'");
    if (py_minor >= 13 && total > posonly) {
        const char *cands[AS_MAX_PARAMS];
        int n = 0;
        for (int s = posonly; s < total; s++)
            cands[n++] = slot_name(sig, s);
        const char *hint = as_suggest(keyword, cands, n);
        if (hint) {
            put(&m, ". Did you mean '");
            put(&m, hint);
            put(&m, "'?");
        }
    }
    return msg_done(&m);
}

/* 3.8 passes a non-string ** key (keywords[k].keyword == NULL) into the
 * callee, which rejects it in its keyword loop; it is labelled call_site
 * like the 3.9+ check that the caller makes. */
static int fail_nonstring(const char *func, as_error *err)
{
    if (!err)
        return -1;
    msg m = msg_func(err, AS_CAT_OTHER, func, "keywords must be strings");
    err->phase = AS_PHASE_CALL_SITE;
    return msg_done(&m);
}

static int fail_multiple(const char *name, const char *func, as_error *err)
{
    if (!err)
        return -1;
    msg m = msg_func(err, AS_CAT_MULTIPLE_VALUES, func, "got multiple values for argument '");
    put(&m, name);
    put(&m, "'");
    return msg_done(&m);
}

int as_bind(as_arena *arena, const as_signature *sig, const as_call_args *args,
            const as_bind_options *opt, as_binding *out, as_error *err)
{
    const char *func = opt && opt->func_name ? opt->func_name : "f";
    as_bind_options defaults = {AS_PY_DEFAULT, NULL};
    if (!opt)
        opt = &defaults;
    int co_argcount = sig->n_positional;
    int posonly = sig->n_posonly;
    int total = co_argcount + sig->n_kwonly;
    int argcount = args->n_positional;
    int has_varkw = sig->varkw_index >= 0;
    if (total > AS_MAX_PARAMS || args->n_keywords > AS_MAX_ARGS)
        return as_input_error(err, 0, "more than %d parameters or keyword arguments", AS_MAX_PARAMS);

    slot_fill fill[AS_MAX_PARAMS + 1];
    int kwdict[AS_MAX_ARGS + 1]; /* B1: keyword indices absorbed by **kwargs */
    int n_kwdict = 0;
    memset(fill, 0, sizeof fill[0] * (size_t)(total + 1));

    /* B2 */
    int n = argcount < co_argcount ? argcount : co_argcount;
    for (int i = 0; i < n; i++)
        fill[i] = 1 + i;
    /* B3: args[n:] go to *args (or are counted at B5). */

    /* B4 */
    for (int k = 0; k < args->n_keywords; k++) {
        const char *name = args->keywords[k].keyword;
        if (!name)
            return fail_nonstring(func, err);
        int s = find_slot(sig, posonly, total, name);
        if (s >= 0) {
            if (fill[s])
                return fail_multiple(name, func, err);
            fill[s] = -(1 + k);
        } else if (has_varkw) {
            kwdict[n_kwdict++] = k;
        } else {
            return fail_unknown_keyword(sig, args, name, opt->py_minor, func, err);
        }
    }

    /* B5 */
    if (argcount > co_argcount && sig->varargs_index < 0)
        return fail_too_many(sig, fill, argcount, func, err);

    /* B6: the missing check; defaults are filled at assembly below. */
    int m = co_argcount - sig->n_pos_defaults;
    if (argcount < co_argcount) {
        for (int s = argcount; s < m; s++)
            if (!fill[s])
                return fail_missing(sig, fill, 0, m, 1, func, err);
    }

    /* B7 */
    for (int s = co_argcount; s < total; s++)
        if (!fill[s] && !sig->params[slot_param(sig, s)].default_text)
            return fail_missing(sig, fill, co_argcount, total, 0, func, err);

    /* Success: assemble the locals in declaration order. */
    int n_extra = argcount > co_argcount ? argcount - co_argcount : 0;
    as_bound *v = as_arena_alloc(arena, sizeof *v * (size_t)(total + n_extra + n_kwdict + 1));
    int nv = 0;
    for (int p = 0; p < sig->n_params; p++) {
        const as_param *param = &sig->params[p];
        if (param->kind == AS_VAR_POSITIONAL) {
            for (int i = 0; i < n_extra; i++) {
                as_bound *b = &v[nv++];
                b->param = p;
                b->passed = AS_PASSED_POSITIONAL;
                b->slot = b->arg = co_argcount + i;
                b->element = i;
                b->text = args->positional[co_argcount + i].text;
            }
            continue;
        }
        if (param->kind == AS_VAR_KEYWORD) {
            for (int i = 0; i < n_kwdict; i++) {
                const as_arg *a = &args->keywords[kwdict[i]];
                as_bound *b = &v[nv++];
                b->param = p;
                b->passed = AS_PASSED_KEYWORD;
                b->slot = -1;
                b->arg = kwdict[i];
                b->element = -1;
                b->key = a->keyword;
                b->text = a->text;
            }
            continue;
        }
        int s = p < co_argcount ? p : p - (sig->varargs_index >= 0);
        as_bound *b = &v[nv++];
        b->param = p;
        b->element = -1;
        if (fill[s] > 0) {
            b->passed = AS_PASSED_POSITIONAL;
            b->slot = b->arg = fill[s] - 1;
            b->text = args->positional[b->arg].text;
        } else if (fill[s] < 0) {
            b->passed = AS_PASSED_KEYWORD;
            b->slot = -1;
            b->arg = -fill[s] - 1;
            b->text = args->keywords[b->arg].text;
        } else {
            b->passed = AS_PASSED_DEFAULT;
            b->slot = b->arg = -1;
            b->text = param->default_text;
        }
    }
    out->values = v;
    out->n_values = nv;
    return 0;
}

/* Python's repr() of a str, for the keys of **kwargs entries. */
const char *as_bound_display_name(as_arena *arena, const as_signature *sig, const as_bound *v)
{
    const char *name = sig->params[v->param].name;
    if (v->element >= 0)
        return as_arena_printf(arena, "%s[%d]", name, v->element);
    if (v->key) {
        as_buf b;
        as_buf_init(&b, arena);
        as_buf_puts(&b, name);
        as_buf_putc(&b, '[');
        as_buf_puts(&b, as_py_str_repr(arena, v->key, strlen(v->key)));
        as_buf_putc(&b, ']');
        return as_buf_str(&b);
    }
    return name;
}
