/* fuzz_jsonl.c — the JSON-lines protocols of `bind --jsonl` and
 * `split --jsonl`, decoded the way the CLI decodes them with the library's
 * pieces: any bytes as a line give exactly one output line that is valid
 * JSON, never a crash.  Also: the bind request decoder the CLI uses
 * (as_bind_request_decode) reads every line as jansson does, the bind fast
 * writer is byte for byte jansson's output, and a split read back from its
 * JSON is the same split.
 *
 * The first byte picks the protocol (even: bind, odd: split) and, for
 * split, the subject; the rest is the line. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "oracle/bindjson.h"
#include "oracle/lines.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/registry.h"

static json_t *error_line(const char *type, const char *msg)
{
    json_t *j = json_object();
    json_object_set_new(j, "error", json_string(type));
    /* jansson refuses invalid UTF-8; an error line must still come out. */
    json_t *m = json_string(msg);
    json_object_set_new(j, "message", m ? m : json_string("(message not UTF-8)"));
    return j;
}

/* The output line must parse back as JSON. */
static void check_line(char *text, const char *line)
{
    if (!text)
        fuzz_violation("output line could not be serialised", line);
    if (strchr(text, '\n'))
        fuzz_violation("output line contains a newline", text);
    json_error_t jerr;
    json_t *back = json_loads(text, 0, &jerr);
    if (!back)
        fuzz_violation("output line is not valid JSON", text);
    json_decref(back);
}

static void emit(json_t *j, const char *line)
{
    char *text = json_dumps(j, JSON_COMPACT);
    check_line(text, line);
    free(text);
    json_decref(j);
}

/* The request as jansson reads it, checked the way the decoder documents
 * it: 0 and the fields, or -1. */
static int jansson_request(const json_t *req, as_bind_request *out)
{
    const json_t *sig = json_object_get(req, "signature"), *call = json_object_get(req, "call"),
                 *py = json_object_get(req, "python");
    if (py)
        out->py_minor = json_is_string(py) ? as_pyversion_parse(json_string_value(py)) : -1;
    if (!json_is_object(req) || !json_is_string(sig) || !json_is_string(call) || out->py_minor < 0)
        return -1;
    out->sig = json_string_value(sig), out->sig_len = json_string_length(sig);
    out->call = json_string_value(call), out->call_len = json_string_length(call);
    return 0;
}

/* The CLI's decoder (as_bind_request_decode, in place on a copy) must agree
 * with jansson on every line: the same verdict, the same strings. */
static void bind_line(as_arena *a, const json_t *req, const char *line)
{
    char msg[256];
    as_bind_request got = {NULL, NULL, 0, 0, AS_PY_DEFAULT};
    as_bind_request want = {NULL, NULL, 0, 0, AS_PY_DEFAULT};
    int rc = as_bind_request_decode(a, as_arena_strdup(a, line), &got, msg, sizeof msg);
    int want_rc = req ? jansson_request(req, &want) : -1;
    if (rc != want_rc)
        fuzz_violation(rc ? "as_bind_request_decode refuses a line jansson reads"
                          : "as_bind_request_decode takes a line jansson refuses", line);
    if (rc != 0) {
        emit(error_line("InputError", msg), line);
        return;
    }
    if (got.py_minor != want.py_minor || got.sig_len != want.sig_len || got.call_len != want.call_len ||
        memcmp(got.sig, want.sig, got.sig_len) != 0 || memcmp(got.call, want.call, got.call_len) != 0 ||
        got.sig[got.sig_len] != '\0' || got.call[got.call_len] != '\0')
        fuzz_violation("as_bind_request_decode decodes a line unlike jansson", line);
    as_bind_case c;
    as_bind_case_run(a, got.sig, got.sig_len, got.call, got.call_len, got.py_minor, &c);
    json_t *j = as_bind_case_json(&c);
    char *slow = json_dumps(j, JSON_COMPACT);
    as_buf fast;
    as_buf_init(&fast, a);
    as_bind_case_write(&fast, &c);
    const char *fast_text = as_buf_str(&fast);
    check_line(slow, line);
    if (strcmp(slow, fast_text) != 0)
        fuzz_violation("as_bind_case_write differs from json_dumps(as_bind_case_json)",
                       as_arena_printf(a, "%s\n%s", slow, fast_text));
    free(slow);
    json_decref(j);
}

static void split_line(as_arena *a, const json_t *req, const as_subject *s, const char *line)
{
    const json_t *sig = json_object_get(req, "signature"), *spec = json_object_get(req, "spec"),
                 *call = json_object_get(req, "call"), *py = json_object_get(req, "python");
    int minor = AS_PY_DEFAULT;
    if (py)
        minor = json_is_string(py) ? as_pyversion_parse(json_string_value(py)) : -1;
    if (!json_is_object(req) || !json_is_string(sig) || minor < 0 ||
        (call && !json_is_null(call) && !json_is_string(call))) {
        emit(error_line("InputError", "bad request"), line);
        return;
    }
    as_error err;
    as_spec sp;
    memset(&sp, 0, sizeof sp);
    int rc = 0;
    if (json_is_string(spec))
        rc = as_spec_parse(a, json_string_value(spec), json_string_length(spec), &sp, &err);
    else if (spec && !json_is_null(spec))
        rc = as_spec_from_json(a, spec, &sp, &err);
    as_case c;
    if (rc == 0)
        rc = as_case_build(a, json_string_value(sig), &sp, json_is_string(call) ? json_string_value(call) : NULL,
                           minor, &c, &err);
    if (rc < 0) {
        if (err.type[0] == '\0')
            fuzz_violation("error without a type", line);
        emit(error_line(err.type, err.message), line);
        return;
    }
    as_split res;
    if (as_subject_split(s, a, &c, &res) < 0)
        as_split_call_error(&res, "InternalError", "the model failed");
    json_t *j = as_split_to_json(&res, s->id);
    as_split back;
    if (as_split_from_json(a, j, &back, &err) != 0)
        fuzz_violation("a split's JSON does not read back", err.message);
    if (!as_split_equal(&res, &back))
        fuzz_violation("split JSON round trip changes the split", line);
    emit(j, line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    as_arena *arena = fuzz_input_arena();
    /* The CLI reads a line up to the newline and refuses a NUL in it, also
     * after valid JSON (as_line_error); jansson would stop at the NUL. */
    const char *line = as_arena_strndup(arena, (const char *)data + 1, size - 1);
    char why[128];
    json_error_t jerr;
    json_t *req = NULL;
    if (as_line_error(line, (long)(size - 1), why, sizeof why, NULL)) {
        if (!memchr(data + 1, '\0', size - 1))
            fuzz_violation("line refused without a NUL byte", why);
        emit(error_line("InputError", why), line);
    } else if (data[0] % 2 == 0) {
        req = json_loads(line, 0, &jerr);
        bind_line(arena, req, line);
    } else if (!(req = json_loads(line, 0, &jerr))) {
        emit(error_line("InputError", jerr.text), line);
    } else {
        /* Only in-process subjects: an external one would start a process. */
        const as_subject *const *all = as_subjects_all();
        int n = 0;
        for (int i = 0; all[i]; i++)
            n += !(all[i]->caps & AS_CAP_EXTERNAL);
        int pick = (data[0] / 2) % (n ? n : 1);
        for (int i = 0; all[i]; i++)
            if (!(all[i]->caps & AS_CAP_EXTERNAL) && pick-- == 0) {
                split_line(arena, req, all[i], line);
                break;
            }
    }
    json_decref(req);
    return 0;
}
