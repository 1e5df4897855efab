/* bindjson.h — one bind case run end to end, and its result as JSON.
 *
 * The pipeline follows CPython's own order: the def is compiled first (a
 * signature SyntaxError wins over anything about the call), then the call is
 * compiled (call_syntax), then the caller builds args/kwargs (call_site),
 * then initialize_locals binds them (bind).
 *
 * Result object (keys in this order):
 *   {"ok": true, "binding": {PARAM: VALUE, ...}, "defaults_used": [NAME, ...]}
 *     every parameter in signature order; VALUE is the argument's expression
 *     text, "=" + the default's text when the default was used, a JSON array
 *     of texts for *args, an object of texts (CPython's order) for **kwargs.
 *   {"ok": false, "error": TYPE, "category": CAT, "message": MSG, "phase": PHASE}
 *     plus "column": N for an InputError.
 */
#ifndef ARGSPLIT_BINDJSON_H
#define ARGSPLIT_BINDJSON_H

#include <stddef.h>

#include <jansson.h>

#include "oracle/arena.h"
#include "oracle/binder.h"
#include "oracle/call.h"
#include "oracle/error.h"
#include "oracle/signature.h"

typedef struct as_bind_case {
    int ok;                 /* 1: bound; 0: err holds the outcome */
    int have_sig;           /* sig is valid (parsed before the error, if any) */
    int have_args;          /* call and args are valid */
    const char *input;      /* for an InputError: "signature" or "call" */
    as_signature sig;
    as_call call;
    as_call_args args;
    as_binding binding;
    as_error err;
} as_bind_case;

/* Parse, expand (callee name "f") and bind.  Everything lives in `arena`. */
void as_bind_case_run(as_arena *arena, const char *sig_text, size_t sig_len,
                      const char *call_text, size_t call_len, int py_minor, as_bind_case *out);

/* Reset every field (cheaper than memset: the error buffers are large). */
void as_bind_case_clear(as_bind_case *c);

/* dst = a fresh case holding only src's signature step (sig, have_sig,
 * input, and err when that step failed). */
void as_bind_case_copy_signature(as_bind_case *dst, const as_bind_case *src);

/* The call half of as_bind_case_run, for a case whose signature step is
 * already done (sig, have_sig and, when it failed, err and input filled;
 * the rest zeroed): lets a stream parse a repeated signature once. */
void as_bind_case_finish(as_arena *arena, const char *call_text, size_t call_len, int py_minor,
                         as_bind_case *out);

/* The result object of a finished case (new reference). */
json_t *as_bind_case_json(const as_bind_case *c);

/* The failure object for an error (new reference). */
json_t *as_bind_error_json(const as_error *err);

/* The whole pipeline for NUL-terminated texts, straight to JSON. */
json_t *as_bind_json(as_arena *arena, const char *sig_text, const char *call_text, int py_minor);

/* Append the result object to `out` as compact JSON, byte for byte what
 * json_dumps(as_bind_case_json(c), JSON_COMPACT) gives, without building
 * jansson values (the JSON-lines fast path). */
void as_bind_case_write(as_buf *out, const as_bind_case *c);
void as_bind_error_write(as_buf *out, const as_error *err);

/* One `bind --jsonl` request line, {"signature": S, "call": C[, "python":
 * "3.X"]}: other keys are ignored and a repeated key's last value counts,
 * as jansson reads it. */
typedef struct as_bind_request {
    const char *sig, *call;    /* decoded, NUL-terminated */
    size_t sig_len, call_len;
    int py_minor;              /* left as the caller set it when the line names none */
} as_bind_request;

/* Decode `line` (NUL-terminated, no NUL inside: see as_line_error).  The
 * common line (string values; plain escapes; valid UTF-8) is decoded in
 * place, destroying line's JSON; any other goes through jansson into arena
 * memory.  Returns 0, or -1 with the reason in msg, valid UTF-8 ("invalid
 * JSON: ...", "\"signature\" must be a string", ...). */
int as_bind_request_decode(as_arena *arena, char *line, as_bind_request *out, char *msg, size_t cap);

/* The same for a line whose length the caller knows (len == strlen(line)). */
int as_bind_request_decode_n(as_arena *arena, char *line, size_t len, as_bind_request *out, char *msg,
                             size_t cap);

/* One line of a JSON-lines stream as as_line_reader_next gave it (n its
 * return value; the line may hold NUL bytes): as_line_error, then
 * as_bind_request_decode_n, with the same results, except that the common
 * line is decoded first (decoded that way, it holds no NUL), which saves
 * searching every line for one.  Returns 0; 1 with as_line_error's reason
 * in msg and its column in *column; or -1 with the decoder's reason in msg. */
int as_bind_request_decode_line(as_arena *arena, char *line, long n, as_bind_request *out, char *msg,
                                size_t cap, int *column);

/* A JSON string literal, escaped as jansson escapes it. */
void as_json_put_string(as_buf *out, const char *s);

#endif
