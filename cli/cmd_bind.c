/* cmd_bind.c — `argsplit bind`: bind one call to one signature exactly as
 * CPython does, or a JSON-lines stream of such cases.
 *
 * A Python TypeError or SyntaxError is a result (exit 0); only input outside
 * the supported language is a failure (exit 2).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "oracle/arena.h"
#include "oracle/bindjson.h"
#include "oracle/lines.h"
#include "oracle/pyversion.h"

static const char usage_text[] =
            "usage: argsplit bind [--python 3.X] [--json] SIGNATURE CALL\n"
            "       argsplit bind [--python 3.X] --jsonl [--line-buffered] < CASES.jsonl\n"
            "\n"
            "Bind CALL's arguments to SIGNATURE's parameters exactly as CPython's\n"
            "initialize_locals does: same error, same message, same **kwargs order.\n"
            "\n"
            "  SIGNATURE         a def header's parameter list, e.g. '(a, /, b, *, c)'\n"
            "  CALL              a call's argument list, e.g. '(1, 2, c=3)'\n"
            "  --python 3.X      the wording to reproduce, 3.8 to 3.13 (default 3.11)\n"
            "  --json            print the result as one JSON object\n"
            "  --jsonl           read {\"signature\": S, \"call\": C[, \"python\": \"3.X\"]} lines\n"
            "                    on stdin, write one JSON result line per input line\n"
            "  --line-buffered   flush after every output line (default only on a TTY)\n"
            "\n"
            "Exit status: 0 when the case was processed (a TypeError is a result),\n"
            "2 for a SyntaxError, input outside the supported language or bad usage.\n"
            "With --jsonl a bad line (not a JSON object with string \"signature\" and\n"
            "\"call\") gives an InputError line and the stream goes on; the exit status\n"
            "is then 2 at the end.\n";

/* ---- readable output ---------------------------------------------------- */

static const char *passed_name(as_passed p)
{
    return p == AS_PASSED_POSITIONAL ? "positional" : p == AS_PASSED_KEYWORD ? "keyword" : "default";
}

typedef struct row {
    const char *name, *kind, *passed, *value;
} row;

static void print_binding(as_arena *arena, const as_bind_case *c, int py_minor)
{
    const as_signature *sig = &c->sig;
    const as_binding *b = &c->binding;
    int cap = b->n_values + sig->n_params + 1;
    row *rows = as_arena_alloc(arena, sizeof *rows * (size_t)cap);
    int n = 0, cur = 0;
    rows[n++] = (row){"parameter", "kind", "passed as", "value"};
    for (int p = 0; p < sig->n_params; p++) {
        const as_param *param = &sig->params[p];
        int start = cur;
        while (cur < b->n_values && b->values[cur].param == p)
            cur++;
        if (start == cur) {     /* an empty *args or **kwargs */
            rows[n++] = (row){param->name, as_kind_name(param->kind), "-",
                              param->kind == AS_VAR_POSITIONAL ? "()" : "{}"};
            continue;
        }
        for (int i = start; i < cur; i++) {
            const as_bound *v = &b->values[i];
            rows[n++] = (row){as_bound_display_name(arena, sig, v), as_kind_name(param->kind),
                              passed_name(v->passed), v->text};
        }
    }
    size_t w[3] = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        size_t l0 = strlen(rows[i].name), l1 = strlen(rows[i].kind), l2 = strlen(rows[i].passed);
        w[0] = l0 > w[0] ? l0 : w[0];
        w[1] = l1 > w[1] ? l1 : w[1];
        w[2] = l2 > w[2] ? l2 : w[2];
    }
    printf("def f%s  <-  f%s   [Python 3.%d]\n", as_signature_print(arena, sig),
           as_call_print(arena, &c->call), py_minor);
    for (int i = 0; i < n; i++)
        printf("  %-*s  %-*s  %-*s  %s\n", (int)w[0], rows[i].name, (int)w[1], rows[i].kind,
               (int)w[2], rows[i].passed, rows[i].value);
}

static void print_error(const as_error *err)
{
    printf("%s: %s\n", err->type, err->message);
    printf("  phase: %s, category: %s\n", as_phase_name(err->phase),
           err->category == AS_CAT_NONE ? "other" : as_category_name(err->category));
}

/* Text CPython would not even compile, or outside the language: bad input
 * (exit 2).  TypeErrors of the call are results (exit 0). */
static int malformed(const as_error *err)
{
    return err->phase == AS_PHASE_INPUT || err->phase == AS_PHASE_SIGNATURE ||
           err->phase == AS_PHASE_CALL_SYNTAX;
}

static int bind_one(const char *sig_text, const char *call_text, int py_minor, int json)
{
    as_arena arena;
    as_arena_init(&arena);
    as_bind_case c;
    as_bind_case_run(&arena, sig_text, strlen(sig_text), call_text, strlen(call_text), py_minor,
                     &c);
    int status = AS_EXIT_OK;
    if (json) {
        json_t *j = as_bind_case_json(&c);
        char *s = json_dumps(j, JSON_COMPACT);
        puts(s);
        free(s);
        json_decref(j);
        if (!c.ok && malformed(&c.err))
            status = AS_EXIT_BAD_INPUT;
    } else if (c.ok) {
        print_binding(&arena, &c, py_minor);
    } else if (malformed(&c.err)) {
        status = cli_fail_error(c.input, &c.err);
    } else {
        print_error(&c.err);
    }
    as_arena_free(&arena);
    return status;
}

/* ---- JSON lines ----------------------------------------------------------- */

/* Signatures seen recently, parsed once each: streams repeat signatures.
 * Direct-mapped by a hash of (text, version); a slot lives in its own arena,
 * reset when another signature takes it, so the memory stays bounded. */
enum { SIG_CACHE_SLOTS = 64 };

typedef struct sig_slot {
    as_arena arena;
    char *text;
    size_t len;
    int py_minor;
    as_bind_case parsed;    /* only the signature step is filled */
} sig_slot;

typedef struct sig_cache {
    sig_slot slot[SIG_CACHE_SLOTS];
} sig_cache;

/* The slot of (text, version): a hash of the length and the first and
 * last eight bytes (a bad spread costs only a re-parse, never a wrong
 * answer; hashing every byte cost more than the cache saves on a stream
 * without repeats). */
static sig_slot *cache_slot(sig_cache *cache, const char *text, size_t len, int py_minor)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15u ^ (uint64_t)py_minor, w = 0;
    if (len >= 8) {
        memcpy(&w, text, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        memcpy(&w, text + len - 8, 8);
    } else {
        memcpy(&w, text, len);
    }
    h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 29;
    return &cache->slot[(h ^ (h >> 17)) % SIG_CACHE_SLOTS];
}

static void run_cached(sig_cache *cache, as_arena *arena, const as_bind_request *lc, as_bind_case *c)
{
    sig_slot *sc = cache_slot(cache, lc->sig, lc->sig_len, lc->py_minor);
    if (!sc->text || sc->len != lc->sig_len || sc->py_minor != lc->py_minor ||
        memcmp(sc->text, lc->sig, lc->sig_len) != 0) {
        as_arena_reset(&sc->arena);
        sc->text = as_arena_strndup(&sc->arena, lc->sig, lc->sig_len);
        sc->len = lc->sig_len;
        sc->py_minor = lc->py_minor;
        as_bind_case *p = &sc->parsed;
        as_bind_case_clear(p);
        p->input = "signature";
        p->have_sig = as_signature_parse(&sc->arena, sc->text, sc->len, sc->py_minor, &p->sig,
                                         &p->err) == 0;
    }
    as_bind_case_copy_signature(c, &sc->parsed);
    as_bind_case_finish(arena, lc->call, lc->call_len, lc->py_minor, c);
}

static int bind_stream(int py_minor, int line_buffered)
{
    if (line_buffered || isatty(STDOUT_FILENO))
        line_buffered = 1;
    else
        setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    as_arena arena, out_arena;
    as_arena_init(&arena);
    as_arena_init(&out_arena);
    sig_cache *sc = calloc(1, sizeof *sc);
    if (!sc)
        abort();
    for (int k = 0; k < SIG_CACHE_SLOTS; k++)
        as_arena_init(&sc->slot[k].arena);
    as_line_reader reader;
    as_line_reader_init(&reader, STDIN_FILENO);
    char *line;
    long n;
    long lineno = 0, bad_lines = 0;
    /* Output lines gather in one buffer that lives across lines and goes
     * out in blocks (or after each line when line-buffered). */
    enum { OUT_BLOCK = 1 << 16 };
    as_buf out;
    as_buf_init(&out, &out_arena);
    as_buf_reserve(&out, 2 * OUT_BLOCK);
    while ((n = as_line_reader_next(&reader, &line)) != -1) {
        lineno++;
        as_arena_reset(&arena);
        char msg[AS_MESSAGE_MAX - 32];
        int column = 0;
        as_bind_request lc = {NULL, NULL, 0, 0, py_minor};
        int rc = as_bind_request_decode_line(&arena, line, n, &lc, msg, sizeof msg, &column);
        if (rc != 0) {   /* not a line (1, naming a column) or not a request (-1) */
            as_error err;
            as_error_clear(&err);
            as_input_error(&err, rc > 0 ? column : 0, "line %ld: %s", lineno, msg);
            as_bind_error_write(&out, &err);
            bad_lines++;
        }
        if (rc <= 0 && lc.sig) {
            as_bind_case c;
            run_cached(sc, &arena, &lc, &c);
            as_bind_case_write(&out, &c);
        }
        as_buf_putc(&out, '\n');
        if (line_buffered || out.len >= OUT_BLOCK) {
            fwrite(out.data, 1, out.len, stdout);
            out.len = 0;
            if (line_buffered)
                fflush(stdout);
        }
    }
    fwrite(out.data, 1, out.len, stdout);
    as_line_reader_free(&reader);
    as_arena_free(&arena);
    as_arena_free(&out_arena);
    for (int k = 0; k < SIG_CACHE_SLOTS; k++)
        as_arena_free(&sc->slot[k].arena);
    free(sc);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_fail("bind", "error writing output");
    return bad_lines ? AS_EXIT_BAD_INPUT : AS_EXIT_OK;
}

int cmd_bind(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_JSONL, OPT_LINE_BUFFERED, OPT_PYTHON };
    static const struct option opts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"jsonl", no_argument, NULL, OPT_JSONL},
        {"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
        {"python", required_argument, NULL, OPT_PYTHON},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"bind", usage_text, opts, NULL, 0, 0};
    int json = 0, jsonl = 0, line_buffered = 0;
    int py_minor = AS_PY_DEFAULT;
    const char *value;
    for (int k; (k = cli_next(&p, argc, argv, &value)) != -1;) {
        switch (k) {
        case OPT_JSON: json = 1; break;
        case OPT_JSONL: jsonl = 1; break;
        case OPT_LINE_BUFFERED: line_buffered = 1; break;
        case OPT_PYTHON:
            if ((py_minor = cli_python_minor(value)) < 0)
                return AS_EXIT_BAD_INPUT;
            break;
        default: return CLI_DONE_STATUS(k);
        }
    }
    char **pos = argv + p.operand;
    int n_pos = argc - p.operand;
    if (jsonl) {
        if (n_pos)
            return cli_usage_error("bind", "--jsonl reads cases from stdin and takes no SIGNATURE/CALL");
        return bind_stream(py_minor, line_buffered);
    }
    if (n_pos < 2)
        return cli_usage_error("bind", "needs SIGNATURE and CALL");
    if (n_pos > 2)
        return cli_usage_error("bind", "too many arguments");
    return bind_one(pos[0], pos[1], py_minor, json);
}
