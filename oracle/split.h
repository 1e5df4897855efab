/* split.h — the result of applying one transform (a *subject*) to one case:
 * did decoration succeed, and for every argument that ends up in the
 * function, is it static, traced or a default.  The same structure carries
 * the reference's answer and every subject's, so they can be compared.
 *
 * Role vocabulary (issue 5): for the grad family `traced` = differentiated,
 * `static` = passed through; for custom_jvp/vjp `traced` = differentiable
 * primal, `static` = nondiff; for vmap/pmap `traced` = mapped (with axis),
 * `static` = unmapped/broadcast; for jit `traced`/`static` as in JAX.
 */
#ifndef ARGSPLIT_SPLIT_H
#define ARGSPLIT_SPLIT_H

#include <jansson.h>

#include "oracle/arena.h"
#include "oracle/binder.h"
#include "oracle/call.h"
#include "oracle/error.h"
#include "oracle/signature.h"
#include "oracle/spec.h"

typedef enum as_verdict {
    AS_VERDICT_TRACED = 0,
    AS_VERDICT_STATIC,
    AS_VERDICT_DEFAULT          /* not passed: the default is a constant */
} as_verdict;

typedef struct as_split_entry {
    const char *param;          /* "a", "args[0]", "kwargs['k']" */
    int param_index;            /* index into sig->params */
    as_kind kind;
    as_passed passed;
    int slot;                   /* positional index in the call, or -1 (JSON null) */
    as_verdict verdict;
    int donated;                /* -1: subject has no donation (omitted in JSON); 0/1 */
    int has_axis;               /* 0: axis omitted; 1: `axis` is meaningful */
    int axis_is_null;           /* with has_axis: JSON null (unmapped) */
    long long axis;             /* as written in the spec: never truncated */
} as_split_entry;

typedef struct as_split {
    int decoration_ok;
    const char **warnings;      /* decoration warnings as "SyntaxWarning: text" */
    int n_warnings;
    as_error decoration_error;  /* when !decoration_ok: type + message */

    int has_call;               /* 0: no call given, or decoration failed (JSON null) */
    int call_ok;
    as_split_entry *entries;    /* when call_ok, in binding order */
    int n_entries;
    as_error call_error;        /* when has_call && !call_ok */
} as_split;

/* The inputs of one split.  Built once per case by as_case_build and shared
 * by the reference and every subject. */
typedef struct as_case {
    int py_minor;
    const char *signature_text;      /* canonical */
    const char *call_text;           /* canonical, NULL when there is no call */
    const as_signature *sig;
    const as_spec *spec;
    const as_call *call;             /* NULL when there is no call */
    const as_call_args *args;        /* NULL when no call, or the call failed at A1/A2 */
    const as_error *call_site_error; /* A1/A2 failure (SyntaxError/TypeError) or NULL */
    const as_binding *binding;       /* CPython's binding, NULL when it fails */
    const as_error *bind_error;      /* the binding TypeError, or NULL */
    /* as_split_entries_from_binding's entries for entries_binding, made
     * once per case (every subject starts from them); used while
     * entries_binding == binding (a model may bind a call of its own) */
    const as_split_entry *entries;
    const as_binding *entries_binding;
    /* The check loop's memo of this case's model answers (NULL: none): a
     * copy of the case is another case and must not carry it. */
    struct as_case_memo *memo;
} as_case;

/* A memo of one case's answers, keyed by a pointer the model chooses (the
 * rules it answers by: subjects that share them answer the case alike). */
typedef struct as_case_memo as_case_memo;
as_case_memo *as_case_memo_new(as_arena *arena);
/* 1 and *out filled with the answer stored under `key` for c, else 0. */
int as_case_memo_get(const as_case *c, const void *key, as_split *out);
/* Store *s (its strings and arrays shared, the errors copied) under `key`. */
void as_case_memo_put(as_arena *arena, const as_case *c, const void *key, const as_split *s);
/* The same under (key, code): a model that answers by a few of its rules
 * encodes the ones that matter to this case in `code`; `extra` (a model's
 * own state, in the arena, NULL for none) is kept with the answer and
 * given back by a hit when extra is not NULL.  as_case_memo_get/put use code 0. */
int as_case_memo_get_code(const as_case *c, const void *key, unsigned code, as_split *out, void **extra);
void as_case_memo_put_code(as_arena *arena, const as_case *c, const void *key, unsigned code, const as_split *s,
                           void *extra);
/* A model's own state for case c under `key` (its address only): `size`
 * zeroed bytes in the arena the first time, the same block afterwards, so
 * that what every version of a model computes alike from the case is
 * computed once.  NULL when c has no memo (a copy of a case) or the memo
 * holds no more states: the caller then computes without one. */
void *as_case_memo_state(as_arena *arena, const as_case *c, const void *key, size_t size);

/* Parse and bind.  call_text may be NULL (decoration only).  Fails (-1) only
 * for input the case cannot be built from: an InputError anywhere, or a
 * SyntaxError in the signature.  Call-site and binding errors are part of
 * the case (call_site_error / bind_error), not failures. */
int as_case_build(as_arena *arena, const char *signature_text, const as_spec *spec,
                  const char *call_text, int py_minor, as_case *out, as_error *err);

/* The same from already-parsed parts (the generator's path, no text). */
int as_case_from_parts(as_arena *arena, const as_signature *sig, const as_spec *spec,
                       const as_call *call, int py_minor, as_case *out, as_error *err);

/* as_case_from_parts without the canonical texts: signature_text and
 * call_text stay NULL (the check loop needs them only for a new finding;
 * as_case_signature_text / as_case_call_text print them then).  Whether
 * such a case has a call is as_case_has_call, not call_text. */
int as_case_from_parts_untexted(as_arena *arena, const as_signature *sig, const as_spec *spec,
                                const as_call *call, int py_minor, as_case *out, as_error *err);
int as_case_has_call(const as_case *c);
const char *as_case_signature_text(as_arena *arena, const as_case *c);
const char *as_case_call_text(as_arena *arena, const as_case *c);   /* NULL: no call */

/* Builders used by every subject model, so they all describe arguments the
 * same way: one entry per bound value with verdict TRACED, donated -1, no
 * axis; the caller then adjusts verdicts. */
void as_split_init(as_split *out);
int  as_split_entries_from_binding(as_arena *arena, const as_case *c, as_split *out);
void as_split_decoration_error(as_split *out, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void as_split_call_error(as_split *out, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void as_split_warn(as_arena *arena, as_split *out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* as_split_warn(arena, out, "%s", text) for a text already in the arena:
 * kept as it is, or a copy cut where as_split_warn cuts a longer one. */
void as_split_warn_text(as_arena *arena, as_split *out, const char *text);

/* Most transforms end by calling f: when the case's call does not bind,
 * the call result is CPython's TypeError.  Returns 1 (and fills *out) when
 * that is so, 0 when there is a binding to split. */
int as_split_unbound_call(const as_case *c, as_split *out);

const char *as_verdict_name(as_verdict v);     /* "traced", "static", "default" */
const char *as_passed_name(as_passed p);       /* "positional", "keyword", "default" */
int as_verdict_from_name(const char *name, as_verdict *out);
int as_passed_from_name(const char *name, as_passed *out);

/* JSON forms, exactly as `split --jsonl` writes / reads them:
 * {"subject": ID, "decoration": {...}, "call": null | {...}} */
json_t *as_split_to_json(const as_split *s, const char *subject_id);
int     as_split_from_json(as_arena *arena, const json_t *obj, as_split *out, as_error *err);

/* 1 when the two results are the same observable behaviour (verdicts,
 * donation, axes, error types and messages, warnings). */
int as_split_equal(const as_split *a, const as_split *b);

#endif
