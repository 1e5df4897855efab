/* inspect_bind.c — see inspect_bind.h. */
#include "oracle/inspect_bind.h"
#include "oracle/pyexpr.h"

#include <stdio.h>
#include <string.h>

static int kw_find(const char *const *kw, const unsigned char *popped, int n_kw, const char *name)
{
    for (int i = 0; i < n_kw; i++)
        if (!popped[i] && strcmp(kw[i], name) == 0)
            return i;
    return -1;
}

int as_inspect_bind(as_arena *a, const as_signature *sig, int n_positional, const char *const *kw,
                        int n_kw, int py_minor, char *msg, size_t cap)
{
    unsigned char *popped = as_arena_alloc(a, (size_t)n_kw + 1);
    const char **posonly_in_kwargs = as_arena_alloc(a, sizeof *posonly_in_kwargs * (size_t)(sig->n_params + 1));
    int n_posonly_in_kwargs = 0;
    int p = 0, k = 0, ex = -1;
    const as_param *params = sig->params;

    for (;;) {
        if (p == n_positional) {
            if (k == sig->n_params)
                break;
            const as_param *q = &params[k++];
            if (q->kind == AS_VAR_POSITIONAL)
                break;
            if (kw_find(kw, popped, n_kw, q->name) >= 0) {
                if (q->kind == AS_POSITIONAL_ONLY) {
                    if (py_minor >= 13) {
                        posonly_in_kwargs[n_posonly_in_kwargs++] = q->name;
                        continue;
                    }
                    snprintf(msg, cap, "%s parameter is positional only, but was passed as a keyword",
                             as_py_str_repr(a, q->name, strlen(q->name)));
                    return -1;
                }
                ex = k - 1;
                break;
            }
            if (q->kind == AS_VAR_KEYWORD || q->default_text) {
                ex = k - 1;
                break;
            }
            snprintf(msg, cap, "missing a required%s argument: %s",
                     py_minor >= 12 && q->kind == AS_KEYWORD_ONLY ? " keyword-only" : "",
                     as_py_str_repr(a, q->name, strlen(q->name)));
            return -1;
        }
        if (k == sig->n_params || params[k].kind == AS_VAR_KEYWORD || params[k].kind == AS_KEYWORD_ONLY) {
            snprintf(msg, cap, "too many positional arguments");
            return -1;
        }
        const as_param *q = &params[k++];
        if (q->kind == AS_VAR_POSITIONAL) {
            p = n_positional;
            break;
        }
        if (q->kind != AS_POSITIONAL_ONLY && kw_find(kw, popped, n_kw, q->name) >= 0) {
            snprintf(msg, cap, "multiple values for argument %s", as_py_str_repr(a, q->name, strlen(q->name)));
            return -1;
        }
        p++;
    }

    /* The keyword loop: the parameter the positional loop stopped at, then
     * every later one. */
    int has_varkw = 0;
    for (int i = ex >= 0 ? ex : k; i < sig->n_params; i++) {
        const as_param *q = &params[i];
        if (q->kind == AS_VAR_KEYWORD) {
            has_varkw = 1;
            continue;
        }
        if (q->kind == AS_VAR_POSITIONAL)
            continue;
        int at = kw_find(kw, popped, n_kw, q->name);
        if (at < 0) {
            if (!q->default_text) {
                snprintf(msg, cap, "missing a required argument: %s", as_py_str_repr(a, q->name, strlen(q->name)));
                return -1;
            }
            continue;
        }
        popped[at] = 1;
        if (q->kind == AS_POSITIONAL_ONLY && py_minor < 13) {
            snprintf(msg, cap, "%s parameter is positional only, but was passed as a keyword",
                     as_py_str_repr(a, q->name, strlen(q->name)));
            return -1;
        }
    }
    int left = -1;
    for (int i = 0; i < n_kw && left < 0; i++)
        if (!popped[i])
            left = i;
    if (left < 0 || has_varkw)
        return 0;
    if (n_posonly_in_kwargs > 0) {
        as_buf b;
        as_buf_init(&b, a);
        for (int i = 0; i < n_posonly_in_kwargs; i++) {
            if (i)
                as_buf_puts(&b, ", ");
            as_buf_puts(&b, posonly_in_kwargs[i]);
        }
        snprintf(msg, cap, "got some positional-only arguments passed as keyword arguments: %s",
                 as_py_str_repr(a, as_buf_str(&b), b.len));
        return -1;
    }
    snprintf(msg, cap, "got an unexpected keyword argument %s", as_py_str_repr(a, kw[left], strlen(kw[left])));
    return -1;
}
