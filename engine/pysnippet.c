/* pysnippet.c — see pysnippet.h. */
#include "engine/pysnippet.h"

#include <string.h>

#include <jansson.h>

#include "oracle/call.h"
#include "oracle/pyexpr.h"
#include "oracle/pyversion.h"
#include "oracle/signature.h"
#include "oracle/spec.h"

/* ---- the transform's Python spelling ------------------------------------- */

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A dotted Python name ("mylib", "mylib.jit"): only such text from a
 * handshake or an id may become code. */
static int is_dotted_name(const char *s)
{
    if (!s || !*s)
        return 0;
    for (;;) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        if (len == 0 || !as_is_identifier(s, len))
            return 0;
        if (!dot)
            return 1;
        s = dot + 1;
    }
}

/* A library of its own (not JAX, Equinox or the adapter's reference). */
static int is_own_module(const char *module)
{
    static const char *const known[] = {"jax", "jaxlib", "equinox", "eqx", "reference", "__main__",
                                        "argsplit_adapter", NULL};
    if (!is_dotted_name(module))
        return 0;
    size_t head = strcspn(module, ".");
    if (strncmp(module, "argsplit_backends", head) == 0 && head == strlen("argsplit_backends"))
        return 0;
    for (int i = 0; known[i]; i++)
        if (strlen(known[i]) == head && strncmp(module, known[i], head) == 0)
            return 0;
    return 1;
}

void as_py_api_for_module(as_arena *arena, const char *subject, const char *module, as_py_api *out)
{
    /* "py:mylib.jit", "ext:mylib.jit", "real:jax.jit@0.4.14": the name after
     * the prefix, without the release */
    const char *name = subject;
    if (name && (starts_with(name, "py:") || starts_with(name, "ext:") || starts_with(name, "real:")))
        name = strchr(name, ':') + 1;
    const char *at = name ? strchr(name, '@') : NULL;
    const char *family = !name ? "jax.jit"
                         : at  ? as_arena_strndup(arena, name, (size_t)(at - name))
                               : name;
    memset(out, 0, sizeof *out);
    out->import_line = "import jax";
    out->uses_jax = 1;
    /* An own library: the handshake's module, else the first part of a
     * py:/ext: name that is not a JAX or Equinox family. */
    const char *own = NULL;
    if (is_own_module(module))
        own = module;
    else if (name != subject && strchr(family, '.') && is_dotted_name(family) && is_own_module(family))
        own = as_arena_strndup(arena, family, strcspn(family, "."));
    if (own) {
        size_t n = strlen(own);
        const char *last = strrchr(family, '.') ? strrchr(family, '.') + 1 : family;
        out->import_line = as_arena_printf(arena, "import %s", own);
        if (strncmp(family, own, n) == 0 && family[n] == '.' && is_dotted_name(family))
            out->callable = family;
        else
            out->callable = as_arena_printf(arena, "%s.%s", own, as_is_identifier(last, strlen(last)) ? last : "jit");
        out->uses_jax = 0;
        return;
    }
    if (strcmp(family, "jax.custom_jvp") == 0 || strcmp(family, "jax.custom_vjp") == 0) {
        out->callable = family;
        out->decorator = 1;
        out->is_vjp = strcmp(family, "jax.custom_vjp") == 0;
    } else if (strcmp(family, "jax.pjit") == 0 || strcmp(family, "pjit") == 0 ||
               strcmp(family, "jax.experimental.pjit.pjit") == 0) {
        out->callable = "pjit";
        out->import_line = "from jax.experimental.pjit import pjit";
    } else if ((starts_with(family, "equinox.") || starts_with(family, "eqx.")) &&
               as_is_identifier(strchr(family, '.') + 1, strlen(strchr(family, '.') + 1))) {
        out->callable = as_arena_printf(arena, "eqx.%s", strchr(family, '.') + 1);
        out->import_line = "import equinox as eqx";
    } else if (starts_with(family, "jax.") && as_is_identifier(family + 4, strlen(family + 4))) {
        out->callable = family;
    } else {
        /* The reference policy and unknown families have no Python API of
         * their own; jax.jit is the transform they are compared with. */
        out->callable = "jax.jit";
    }
}

void as_py_api_for(as_arena *arena, const char *subject, as_py_api *out)
{
    as_py_api_for_module(arena, subject, NULL, out);
}

/* ---- small text helpers ------------------------------------------------ */

char *as_shell_quote(as_arena *arena, const char *text)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_putc(&b, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            as_buf_puts(&b, "'\\''");
        else
            as_buf_putc(&b, *p);
    }
    as_buf_putc(&b, '\'');
    return as_buf_str(&b);
}

/* Text safe inside a one-line comment. */
static void put_comment_text(as_buf *b, const char *s)
{
    for (; *s; s++)
        as_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int is_empty(const char *s)
{
    return !s || !*s;
}

int as_pysnippet_spec_text(as_arena *arena, const char *spec_json, char **out, as_error *err)
{
    json_error_t jerr;
    json_t *j = json_loads(is_empty(spec_json) ? "{}" : spec_json, 0, &jerr);
    if (!j)
        return as_input_error(err, jerr.column, "spec: %s", jerr.text);
    as_spec spec;
    int r = as_spec_from_json(arena, j, &spec, err);
    json_decref(j);
    if (r < 0)
        return -1;
    *out = as_spec_print(arena, &spec);
    return 0;
}

/* ---- free names ---------------------------------------------------------- */

/* Names Python resolves without the snippet defining them. */
static const char *const builtin_names[] = {
    "abs", "all", "any", "bool", "bytes", "callable", "chr", "complex", "dict", "divmod",
    "enumerate", "filter", "float", "frozenset", "getattr", "hasattr", "hash", "id", "int",
    "isinstance", "iter", "len", "list", "map", "max", "min", "next", "object", "ord", "pow",
    "print", "range", "repr", "reversed", "round", "set", "slice", "sorted", "str", "sum",
    "tuple", "type", "zip", "Ellipsis", "NotImplemented", "Exception", "ValueError",
    "TypeError", "KeyError", "IndexError", "RuntimeError", "jax", "jnp", "np", "eqx",
    "functools", "math", "pjit", NULL,
};

typedef struct name_set {
    const char **names;
    int n, cap;
    int uses_np, uses_math, uses_jax;
} name_set;

static void name_add(as_arena *a, name_set *ns, const char *text, const as_token *t)
{
    size_t len = (size_t)t->len;
    if (len == 2 && strncmp(text + t->start, "np", 2) == 0)
        ns->uses_np = 1;
    if (len == 4 && strncmp(text + t->start, "math", 4) == 0)
        ns->uses_math = 1;
    if ((len == 3 && strncmp(text + t->start, "jax", 3) == 0) || (len == 3 && strncmp(text + t->start, "jnp", 3) == 0))
        ns->uses_jax = 1;
    for (int i = 0; builtin_names[i]; i++)
        if (strlen(builtin_names[i]) == len && strncmp(builtin_names[i], text + t->start, len) == 0)
            return;
    for (int i = 0; i < ns->n; i++)
        if (strlen(ns->names[i]) == len && strncmp(ns->names[i], text + t->start, len) == 0)
            return;
    if (ns->n == ns->cap) {
        int ncap = ns->cap ? 2 * ns->cap : 8;
        ns->names = as_arena_realloc(a, ns->names, (size_t)ns->cap * sizeof *ns->names,
                                     (size_t)ncap * sizeof *ns->names);
        ns->cap = ncap;
    }
    ns->names[ns->n++] = as_arena_strndup(a, text + t->start, len);
}

static int is_op(const as_token *t, int op)
{
    return t->kind == AS_TK_OP && t->sub == op;
}

/* Collect the names an expression list reads.  In a signature (`is_sig`)
 * parameter names and annotations are skipped (annotations are not
 * evaluated: the snippet uses `from __future__ import annotations`), and
 * only defaults are scanned.  Everywhere, attribute names (after `.`) and
 * keyword names (before `=`) are skipped. */
static int scan_names(as_arena *a, const char *text, int is_sig, name_set *ns, as_error *err)
{
    if (is_empty(text))
        return 0;
    as_token *t;
    int n;
    if (as_tokenize(a, text, strlen(text), &t, &n, err) < 0)
        return -1;
    int depth = 0;
    enum { IN_NAME, IN_ANNOTATION, IN_DEFAULT } where = IN_NAME;
    for (int i = 0; i < n; i++) {
        if (t[i].kind == AS_TK_OP) {
            int s = t[i].sub;
            if (s == AS_OP_LPAR || s == AS_OP_LSQB || s == AS_OP_LBRACE)
                depth++;
            else if (s == AS_OP_RPAR || s == AS_OP_RSQB || s == AS_OP_RBRACE)
                depth--;
            else if (is_sig && depth == 1 && s == AS_OP_COMMA)
                where = IN_NAME;
            else if (is_sig && depth == 1 && s == AS_OP_COLON && where == IN_NAME)
                where = IN_ANNOTATION;
            else if (is_sig && depth == 1 && s == AS_OP_EQUAL && where != IN_DEFAULT)
                where = IN_DEFAULT;
            continue;
        }
        if (t[i].kind != AS_TK_NAME || t[i].sub != 0)
            continue;
        if (is_sig && where != IN_DEFAULT)
            continue;
        if (i > 0 && is_op(&t[i - 1], AS_OP_DOT))
            continue;
        if (is_op(&t[i + 1], AS_OP_EQUAL))
            continue;
        name_add(a, ns, text, &t[i]);
    }
    return 0;
}

/* ---- the observed vs reference table ------------------------------------ */

typedef struct table_row {
    const char *what, *observed, *reference;
} table_row;

typedef struct table {
    table_row *rows;
    int n, cap;
} table;

static table_row *row_for(as_arena *a, table *tb, const char *what)
{
    for (int i = 0; i < tb->n; i++)
        if (strcmp(tb->rows[i].what, what) == 0)
            return &tb->rows[i];
    if (tb->n == tb->cap) {
        int ncap = tb->cap ? 2 * tb->cap : 8;
        tb->rows = as_arena_realloc(a, tb->rows, (size_t)tb->cap * sizeof *tb->rows,
                                    (size_t)ncap * sizeof *tb->rows);
        tb->cap = ncap;
    }
    table_row *r = &tb->rows[tb->n++];
    r->what = as_arena_strdup(a, what);
    r->observed = r->reference = NULL;
    return r;
}

static const char *error_cell(as_arena *a, const json_t *o)
{
    const char *type = json_string_value(json_object_get(o, "error"));
    const char *msg = json_string_value(json_object_get(o, "message"));
    return as_arena_printf(a, "%s: %s", type ? type : "error", msg ? msg : "");
}

static const char *entry_cell(as_arena *a, const json_t *e)
{
    const char *verdict = json_string_value(json_object_get(e, "verdict"));
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, verdict ? verdict : "?");
    const json_t *donated = json_object_get(e, "donated");
    if (json_is_true(donated))
        as_buf_puts(&b, ", donated");
    const json_t *axis = json_object_get(e, "axis");
    if (axis && json_is_null(axis))
        as_buf_puts(&b, ", axis=None");
    else if (json_is_integer(axis))
        as_buf_printf(&b, ", axis=%lld", (long long)json_integer_value(axis));
    return as_buf_str(&b);
}

/* Fill one column (side 0 observed, 1 reference) from a split JSON text. */
static void table_fill(as_arena *a, table *tb, const char *split_json, int side)
{
    json_t *j = is_empty(split_json) ? NULL : json_loads(split_json, 0, NULL);
    table_row *r = row_for(a, tb, "decoration");
    const char **cell;
    if (!json_is_object(j)) {
        cell = side ? &r->reference : &r->observed;
        *cell = is_empty(split_json) ? "(not recorded)" : "(unreadable)";
        json_decref(j);
        return;
    }
    const json_t *dec = json_object_get(j, "decoration"), *call = json_object_get(j, "call");
    cell = side ? &r->reference : &r->observed;
    if (json_is_true(json_object_get(dec, "ok"))) {
        size_t nw = json_array_size(json_object_get(dec, "warnings"));
        *cell = nw ? as_arena_printf(a, "ok (%zu warning%s)", nw, nw == 1 ? "" : "s") : "ok";
    } else {
        *cell = error_cell(a, dec);
    }
    if (json_is_object(call) && json_is_true(json_object_get(call, "ok"))) {
        const json_t *args = json_object_get(call, "args");
        for (size_t i = 0; i < json_array_size(args); i++) {
            const json_t *e = json_array_get(args, i);
            const char *param = json_string_value(json_object_get(e, "param"));
            r = row_for(a, tb, param ? param : "?");
            cell = side ? &r->reference : &r->observed;
            *cell = entry_cell(a, e);
        }
    } else if (json_is_object(call)) {
        r = row_for(a, tb, "call");
        cell = side ? &r->reference : &r->observed;
        *cell = error_cell(a, call);
    }
    json_decref(j);
}

enum { TABLE_CELL_MAX = 32 };   /* wider observed cells push the reference down a line */

static void put_padded(as_buf *b, const char *s, size_t width)
{
    size_t n = strlen(s);
    put_comment_text(b, s);
    for (; n < width; n++)
        as_buf_putc(b, ' ');
}

static int is_meta(const as_finding *f)
{
    return !is_empty(f->relation) && strncmp(f->relation, "meta:", 5) == 0;
}

int as_pysnippet_rewritten(as_arena *arena, const as_finding *f, const char **spec_text, const char **call)
{
    if (!is_meta(f) || is_empty(f->other))
        return 0;
    const char *sep = NULL;
    for (const char *p = strstr(f->other, " | "); p; p = strstr(p + 1, " | "))
        sep = p;   /* the last one: a call holds no " | " */
    if (!sep)
        return 0;
    *spec_text = as_arena_strndup(arena, f->other, (size_t)(sep - f->other));
    *call = strcmp(sep + 3, "-") == 0 ? NULL : sep + 3;
    return 1;
}

char *as_pysnippet_table(as_arena *a, const as_finding *f, const char *prefix)
{
    table tb = {0};
    int meta = is_meta(f);
    /* a metamorphic finding's expected side is the original case, its
     * observed side the rewritten one: original first */
    table_fill(a, &tb, meta ? f->expected_json : f->observed_json, 0);
    table_fill(a, &tb, meta ? f->observed_json : f->expected_json, 1);
    const char *other = meta ? "rewritten" : is_empty(f->other) ? "reference" : f->other;
    const char *left = meta ? "original" : "observed";
    size_t w0 = strlen("argument"), w1 = strlen(left);
    for (int i = 0; i < tb.n; i++) {
        if (!tb.rows[i].observed)
            tb.rows[i].observed = "-";
        if (!tb.rows[i].reference)
            tb.rows[i].reference = "-";
        if (strlen(tb.rows[i].what) > w0)
            w0 = strlen(tb.rows[i].what);
        if (strlen(tb.rows[i].observed) > w1)
            w1 = strlen(tb.rows[i].observed);
    }
    if (w1 > TABLE_CELL_MAX)
        w1 = TABLE_CELL_MAX;
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, prefix);
    as_buf_puts(&b, left);
    as_buf_puts(&b, " (");
    put_comment_text(&b, is_empty(f->subject) ? "?" : f->subject);
    as_buf_puts(&b, ") vs ");
    put_comment_text(&b, other);
    if (meta) {
        as_buf_puts(&b, " case (");
        put_comment_text(&b, f->relation);
        as_buf_puts(&b, ")");
    }
    as_buf_puts(&b, "; '*' marks a difference:\n");
    as_buf_puts(&b, prefix);
    as_buf_puts(&b, "    ");
    put_padded(&b, "argument", w0 + 2);
    put_padded(&b, left, w1 + 2);
    put_comment_text(&b, other);
    as_buf_putc(&b, '\n');
    for (int i = 0; i < tb.n; i++) {
        const table_row *r = &tb.rows[i];
        as_buf_puts(&b, prefix);
        as_buf_puts(&b, strcmp(r->observed, r->reference) ? "  * " : "    ");
        put_padded(&b, r->what, w0 + 2);
        if (strlen(r->observed) > w1) {
            /* A long message: the reference goes under it, in its column. */
            put_comment_text(&b, r->observed);
            as_buf_putc(&b, '\n');
            as_buf_puts(&b, prefix);
            for (size_t k = 0; k < 4 + w0 + 2 + w1 + 2; k++)
                as_buf_putc(&b, ' ');
        } else {
            put_padded(&b, r->observed, w1 + 2);
        }
        put_comment_text(&b, r->reference);
        as_buf_putc(&b, '\n');
    }
    return as_buf_str(&b);
}

/* ---- the snippet --------------------------------------------------------- */

/* "# LABEL: argsplit split --subject S --python 3.M 'SIG' 'SPEC' ['CALL']" */
static void put_rerun(as_arena *arena, as_buf *b, const char *label, const char *subject, int minor,
                      const char *sig, const char *spec_text, const char *call)
{
    as_buf_printf(b, "# %s: argsplit split --subject ", label);
    put_comment_text(b, as_shell_quote(arena, is_empty(subject) ? "reference" : subject));
    as_buf_printf(b, " --python 3.%d ", minor);
    put_comment_text(b, as_shell_quote(arena, sig));
    as_buf_putc(b, ' ');
    put_comment_text(b, as_shell_quote(arena, spec_text));
    if (!is_empty(call)) {
        as_buf_putc(b, ' ');
        put_comment_text(b, as_shell_quote(arena, call));
    }
    as_buf_putc(b, '\n');
}

/* Whether `text` is one bracket group on one line: "(" first, its matching
 * ")" last, tokenizing as Python.  Behind `f` or `def f` such a text is one
 * call or one parameter list whatever it holds: it cannot end the
 * statement or start another. */
static int one_group(as_arena *arena, const char *text)
{
    if (text[0] != '(' || strpbrk(text, "\r\n\f\v"))
        return 0;
    as_token *t;
    int n;
    as_error err;
    if (as_tokenize(arena, text, strlen(text), &t, &n, &err) < 0 || n < 2)
        return 0;
    char msg[128];
    int at, open_at;
    if (as_bracket_check(text, t, msg, sizeof msg, &at, &open_at) != 0)
        return 0;
    int depth = 0;
    for (int i = 0; i < n; i++) {
        if (t[i].kind != AS_TK_OP)
            continue;
        int s = t[i].sub;
        if (s == AS_OP_LPAR || s == AS_OP_LSQB || s == AS_OP_LBRACE)
            depth++;
        else if (s == AS_OP_RPAR || s == AS_OP_RSQB || s == AS_OP_RBRACE)
            depth--;
        if (depth == 0 && i != n - 1)
            return 0;   /* the first group closes before the end */
    }
    return depth == 0;
}

/* One stored text (`what` is "signature" or "call") as it goes into code:
 * re-parsed and re-printed by the oracle's canonical printer.  A text the
 * parser refuses is a case about that very SyntaxError (a repeated keyword,
 * a duplicate parameter): it goes in as written only when it is one bracket
 * group on one line (one_group); anything else is refused. */
static int canonical(as_arena *arena, const char *what, const char *text, int minor, const char **out,
                     as_error *err)
{
    as_error perr;
    size_t len = strlen(text);
    const char *printed = NULL;
    if (strcmp(what, "signature") == 0) {
        as_signature sig;
        if (as_signature_parse(arena, text, len, minor, &sig, &perr) == 0)
            printed = as_signature_print(arena, &sig);
    } else {
        as_call call;
        if (as_call_parse(arena, text, len, minor, &call, &perr) == 0)
            printed = as_call_print(arena, &call);
    }
    if (!printed && strcmp(perr.type, "SyntaxError") == 0 && one_group(arena, text))
        printed = text;
    if (!printed)
        return as_input_error(err, perr.column, "the stored %s does not parse as one (%s): refusing to "
                              "put it into code", what, perr.message);
    if (!one_group(arena, printed))
        return as_input_error(err, 0, "the stored %s is not one bracket group on one line: refusing to "
                              "put it into code", what);
    *out = printed;
    return 0;
}

int as_pysnippet_canonical(as_arena *arena, const as_finding *f, const char **sig, const char **call,
                           const char **spec, as_error *err)
{
    if (f->relation && strcmp(f->relation, "fuzz-crash") == 0)
        return as_input_error(err, 0, "a fuzz target's crash has no Python reproducer (its input file: %s)",
                              is_empty(f->other) ? "unknown" : f->other);
    int minor = f->py_minor > 0 ? f->py_minor : AS_PY_DEFAULT;
    if (minor < AS_PY_MIN || minor > AS_PY_MAX)
        return as_input_error(err, 0, "the stored Python version 3.%d is not 3.%d to 3.%d", minor, AS_PY_MIN,
                              AS_PY_MAX);
    char *spec_text;
    if (as_pysnippet_spec_text(arena, f->spec_json, &spec_text, err) < 0)
        return -1;
    *spec = spec_text;
    *call = NULL;
    if (canonical(arena, "signature", is_empty(f->signature) ? "()" : f->signature, minor, sig, err) < 0)
        return -1;
    return is_empty(f->call) ? 0 : canonical(arena, "call", f->call, minor, call, err);
}

/* The rewritten case of a metamorphic finding (stored text too), re-printed
 * the same way: its spec through the spec printer, its call as canonical(). */
static int canonical_rewritten(as_arena *arena, int minor, const char **spec, const char **call, as_error *err)
{
    as_spec parsed;
    as_error perr;
    if (as_spec_parse(arena, *spec, strlen(*spec), &parsed, &perr) < 0)
        return as_input_error(err, perr.column, "the stored rewritten spec does not parse (%s): refusing to "
                              "put it into code", perr.message);
    *spec = as_spec_print(arena, &parsed);
    return *call ? canonical(arena, "rewritten call", *call, minor, call, err) : 0;
}

int as_pysnippet(as_arena *arena, const as_finding *f, char **out, as_error *err)
{
    return as_pysnippet_module(arena, f, NULL, out, err);
}

int as_pysnippet_module(as_arena *arena, const as_finding *f, const char *module, char **out, as_error *err)
{
    return as_pysnippet_for(arena, f, module, NULL, out, err);
}

int as_pysnippet_for(as_arena *arena, const as_finding *f, const char *module, const char *rerun_subject,
                     char **out, as_error *err)
{
    /* Stored text is data: only its re-printed canonical form becomes code. */
    const char *sig, *call, *spec_text;
    if (as_pysnippet_canonical(arena, f, &sig, &call, &spec_text, err) < 0)
        return -1;
    int has_call = call != NULL;
    name_set ns = {0};
    if (scan_names(arena, sig, 1, &ns, err) < 0)
        return -1;
    if (has_call && scan_names(arena, call, 0, &ns, err) < 0)
        return -1;
    as_py_api api;
    as_py_api_for_module(arena, f->subject, module, &api);
    int jax = api.uses_jax || ns.uses_jax;
    int minor = f->py_minor > 0 ? f->py_minor : AS_PY_DEFAULT;

    as_buf b;
    as_buf_init(&b, arena);
    as_buf_puts(&b, "# argsplit replay");
    if (!is_empty(f->key)) {
        as_buf_puts(&b, " of class ");
        put_comment_text(&b, f->key);
    }
    as_buf_puts(&b, "\n# subject ");
    put_comment_text(&b, is_empty(f->subject) ? "?" : f->subject);
    if (!is_empty(f->relation)) {
        as_buf_puts(&b, ", relation ");
        put_comment_text(&b, f->relation);
    }
    if (!is_empty(f->rule)) {
        as_buf_puts(&b, ", rule ");
        put_comment_text(&b, f->rule);
    }
    as_buf_printf(&b, ", Python 3.%d\n", minor);
    as_buf_puts(&b, "from __future__ import annotations\n\n");
    if (api.decorator)
        as_buf_puts(&b, "import functools\n");
    if (ns.uses_math)
        as_buf_puts(&b, "import math\n");
    if (api.decorator || ns.uses_math)
        as_buf_putc(&b, '\n');
    if (jax)
        as_buf_puts(&b, "import jax\nimport jax.numpy as jnp\n");
    if (ns.uses_np)
        as_buf_puts(&b, "import numpy as np\n");
    if (strcmp(api.import_line, "import jax") != 0)
        as_buf_printf(&b, "%s\n", api.import_line);
    if (ns.n) {
        as_buf_putc(&b, '\n');
        for (int i = 0; i < ns.n; i++)
            as_buf_printf(&b, jax ? "%s = jnp.ones(3)\n" : "%s = [1.0, 1.0, 1.0]\n", ns.names[i]);
    }
    as_buf_puts(&b, "\n\n");
    if (api.decorator) {
        if (*spec_text)
            as_buf_printf(&b, "@functools.partial(%s, %s)\n", api.callable, spec_text);
        else
            as_buf_printf(&b, "@%s\n", api.callable);
    }
    as_buf_printf(&b, "def f%s:\n    return 0.0\n\n\n", sig);
    if (api.decorator) {
        /* A custom_jvp/vjp function refuses to be called without its rule;
         * the rule body is never reached by an ordinary call. */
        if (api.is_vjp)
            as_buf_puts(&b, "def f_fwd(*args):\n    raise NotImplementedError\n\n\n"
                            "def f_bwd(*args):\n    raise NotImplementedError\n\n\n"
                            "f.defvjp(f_fwd, f_bwd)\n");
        else
            as_buf_puts(&b, "@f.defjvp\ndef f_jvp(*args):\n    raise NotImplementedError\n\n\n");
        as_buf_puts(&b, "g = f\n");
    } else if (*spec_text) {
        as_buf_printf(&b, "g = %s(f, %s)\n", api.callable, spec_text);
    } else {
        as_buf_printf(&b, "g = %s(f)\n", api.callable);
    }
    if (has_call)
        as_buf_printf(&b, "g%s\n", call);
    const char *rw_spec = NULL, *rw_call = NULL;
    int meta = as_pysnippet_rewritten(arena, f, &rw_spec, &rw_call);
    if (meta && canonical_rewritten(arena, minor, &rw_spec, &rw_call, err) < 0)
        return -1;
    if (meta) {
        /* the rewritten case, spelled the same way */
        if (rw_call && scan_names(arena, rw_call, 0, &ns, err) < 0)
            return -1;
        as_buf_puts(&b, "\n# the rewritten case (");
        put_comment_text(&b, f->relation);
        as_buf_puts(&b, "): its answer must equal the original's\n");
        if (api.decorator)
            as_buf_puts(&b, "# (decorate a copy of f with the rewritten keywords)\n");
        else if (*rw_spec)
            as_buf_printf(&b, "g2 = %s(f, %s)\n", api.callable, rw_spec);
        else
            as_buf_printf(&b, "g2 = %s(f)\n", api.callable);
        if (rw_call && !api.decorator)
            as_buf_printf(&b, "g2%s\n", rw_call);
    }
    as_buf_putc(&b, '\n');
    as_buf_puts(&b, as_pysnippet_table(arena, f, "# "));
    as_buf_puts(&b, "#\n");
    const char *rerun = is_empty(rerun_subject) ? f->subject : rerun_subject;
    put_rerun(arena, &b, meta ? "re-run original" : "re-run", rerun, minor, sig, spec_text, call);
    if (meta)
        put_rerun(arena, &b, "re-run rewritten", rerun, minor, sig, rw_spec, rw_call);
    *out = as_buf_str(&b);
    return 0;
}
