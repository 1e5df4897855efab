/* rootcause.c — mechanisms, masking and the root cause → variant view; see rootcause.h. */
#include "engine/rootcause.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subjects/families.h"
#include "subjects/registry.h"
#include "oracle/fnv.h"

/* ---- masking ----------------------------------------------------------- */

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A keyword some family generates or accepts. */
static int is_family_keyword(const char *kw)
{
    for (const as_family *const *f = as_families_all(); *f; f++) {
        if (as_family_accepts(*f, kw))
            return 1;
        for (int i = 0; i < (*f)->n_keywords; i++)
            if (strcmp((*f)->keywords[i].name, kw) == 0)
                return 1;
    }
    return 0;
}

/* A quoted word that names a spec keyword is part of the mechanism; a
 * misspelt one (a fuzzer's byte edit: 'In_axes', 'noodiff_argnums') is
 * masked like any other name, so each spelling is not a root cause. */
static int keeps_quoted(const char *s, size_t n)
{
    char tmp[64];
    if (n >= sizeof tmp)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (!strstr(tmp, "argn") && !strstr(tmp, "_axes"))
        return 0;
    return is_family_keyword(tmp) || strcmp(tmp, "out_axes") == 0;
}

/* A byte pass 1 copies as it is: none of its cases below starts here. */
static int atom_plain(const char *p)
{
    switch (*p) {
    case '\0': case '"': case '\'': case '\n': case '\t':
        return 0;
    case ' ':
        return p[1] != 'D';
    case '.':
        return p[1] != ' ' || p[2] != 'D';
    case '-':
        return p[1] < '0' || p[1] > '9';
    default:
        return *p < '0' || *p > '9';
    }
}

/* Pass 1: names, numbers, newlines, the "Did you mean" hint. */
static char *mask_atoms(as_arena *a, const char *msg)
{
    as_buf b;
    as_buf_init(&b, a);
    for (const char *p = msg; *p;) {
        const char *run = p;
        while (atom_plain(run))
            run++;
        if (run > p) {   /* one append per run of plain bytes */
            as_buf_putn(&b, p, (size_t)(run - p));
            p = run;
            continue;
        }
        if ((*p == ' ' || *p == '.') &&
            (strncmp(p, " Did you mean", 13) == 0 || strncmp(p, ". Did you mean", 14) == 0)) {
            const char *q = strchr(p + 1, '?');
            p = q ? q + 1 : p + strlen(p);
            continue;
        }
        if (*p == '"' && p > msg && (strchr("([{=", p[-1]) || (p[-1] == ' ' && p - 1 > msg && p[-2] == ','))) {
            /* a double-quoted name (repr() of a str holding a single quote) */
            const char *end = strchr(p + 1, '"');
            if (end) {
                as_buf_puts(&b, "'?'");
                p = end + 1;
                continue;
            }
        }
        if (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (!end) {
                as_buf_puts(&b, p);
                break;
            }
            if (keeps_quoted(p + 1, (size_t)(end - p - 1)))
                as_buf_putn(&b, p, (size_t)(end - p + 1));
            else
                as_buf_puts(&b, "'?'");
            p = end + 1;
            continue;
        }
        int neg = *p == '-' && p[1] >= '0' && p[1] <= '9' && (p == msg || !is_ident(p[-1]));
        if ((*p >= '0' && *p <= '9') || neg) {
            p += neg;
            while (*p >= '0' && *p <= '9')
                p++;
            as_buf_putc(&b, 'N');
            continue;
        }
        as_buf_putc(&b, *p == '\n' || *p == '\t' ? ' ' : *p);
        p++;
    }
    return as_buf_str(&b);
}

static int closing(char open)
{
    return open == '(' ? ')' : open == '[' ? ']' : '}';
}

/* The end of the bracket group opened at s, or NULL. */
static const char *group_end(const char *s)
{
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '(' || *p == '[' || *p == '{')
            depth++;
        else if (*p == ')' || *p == ']' || *p == '}')
            if (--depth == 0)
                return p;
    }
    return NULL;
}

/* Only masked atoms, None and punctuation: a tuple/list/dict of values. */
static int is_value_group(const char *s, const char *end)
{
    for (const char *p = s + 1; p < end; p++) {
        if (*p == 'N' && strncmp(p, "None", 4) == 0 && !is_ident(p[4])) {
            p += 3;
            continue;
        }
        if (!strchr("N?*', -:()[]{}", *p))
            return 0;
    }
    return 1;
}

/* Replace every `from` in s by `to` (arena copy). */
static const char *replace_all(as_arena *a, const char *s, const char *from, const char *to)
{
    if (!strstr(s, from))
        return s;
    as_buf b;
    as_buf_init(&b, a);
    size_t n = strlen(from);
    for (const char *p = s, *q; *p; p = q + n) {
        if (!(q = strstr(p, from))) {
            as_buf_puts(&b, p);
            break;
        }
        as_buf_putn(&b, p, (size_t)(q - p));
        as_buf_puts(&b, to);
    }
    return as_buf_str(&b);
}

/* Wordings that vary with the numbers or names of one case, or with the
 * member of a family that shares code, read one way. */
static const char *normalise(as_arena *a, const char *s)
{
    static const char *const pairs[][2] = {
        {"custom_jvp", "custom_*"}, {"custom_vjp", "custom_*"},
        {"takes from N to N positional", "takes N positional"},
        {"N positional arguments", "N positional argument"},
        {"N keyword-only arguments", "N keyword-only argument"},
        {"but N positional argument (and N keyword-only argument) were given", "but N were given"},
        {"N parameters", "N parameter"}, {"N arguments", "N argument"}, {"N entries", "N entry"},
        {"N required positional arguments", "N required positional argument"},
    };
    /* the first two patterns name custom_*; every other one holds "N ",
     * which no replacement makes */
    size_t first = strstr(s, "custom_") ? 0 : 2, last = strstr(s, "N ") ? sizeof pairs / sizeof *pairs : 2;
    for (size_t i = first; i < last; i++)
        s = replace_all(a, s, pairs[i][0], pairs[i][1]);
    size_t n = strlen(s);
    if (n && s[n - 1] == '.')   /* some releases end the sentence, some do not */
        s = as_arena_strndup(a, s, n - 1);
    /* jit's debug-info assert prints the DebugInfo of the case: its
     * result_paths repr differs by release ("<...InitialResultPaths object
     * at 0x...>", "<hashable <lambda> with closure=()>", "None") and holds
     * no part of the check */
    const char *rp = strstr(s, "DebugInfo(") ? strstr(s, ", result_paths=") : NULL;
    n = strlen(s);
    if (rp && n >= 2 && strcmp(s + n - 2, "))") == 0 && s + n - 2 > rp + 15)
        s = as_arena_printf(a, "%.*s*))", (int)(rp + 15 - s), s);
    /* a list of unquoted names ends the message */
    const char *tail = strstr(s, "resolved to positions: ");
    if (tail)
        s = as_arena_printf(a, "%.*s?", (int)(tail - s + 23), s);
    return s;
}

const char *as_rootcause_mask(as_arena *a, const char *msg)
{
    const char *atoms = mask_atoms(a, msg ? msg : "");
    as_buf b;
    as_buf_init(&b, a);
    for (const char *p = atoms; *p;) {
        const char *end;
        if ((*p == '(' || *p == '[' || *p == '{') && (end = group_end(p)) && is_value_group(p, end)) {
            as_buf_putc(&b, *p);
            as_buf_putc(&b, '*');
            as_buf_putc(&b, (char)closing(*p));
            p = end + 1;
            continue;
        }
        size_t run = strcspn(p + 1, "([{") + 1;   /* up to the next bracket */
        as_buf_putn(&b, p, run);
        p += run;
    }
    return normalise(a, as_buf_str(&b));
}

/* Spec keyword names (…argnums, …argnames) become KW, and with `quoted`
 * also in_axes and those inside single quotes (a quoted keyword is what
 * "unexpected keyword argument 'donate_argnames'" is about; in_axes is the
 * only keyword of the messages that name it). */
static const char *mask_keywords(as_arena *a, const char *masked, int quoted)
{
    as_buf b;
    as_buf_init(&b, a);
    int in_quote = 0;              /* parity of the quotes before `counted` */
    const char *counted = masked;
    const char *copied = masked;   /* bytes before it are in b */
    const char *from = masked;     /* where the next search starts */
    for (;;) {
        /* every KW word holds "argn" or is in_axes: look only at those */
        const char *x = strstr(from, "argn");
        const char *y = quoted ? strstr(from, "in_axes") : NULL;
        const char *hit = !y || (x && x < y) ? x : y;
        if (!hit)
            break;
        const char *p = hit, *q = hit;
        while (p > masked && is_ident(p[-1]))
            p--;
        while (is_ident(*q))
            q++;
        size_t n = (size_t)(q - p);
        int kw = (n >= 7 && q[-1] == 's' &&
                  (memcmp(q - 7, "argnums", 7) == 0 || (n >= 8 && memcmp(q - 8, "argnames", 8) == 0))) ||
                 (quoted && n == 7 && memcmp(p, "in_axes", 7) == 0);
        if (kw && !quoted)
            for (const char *t; (t = memchr(counted, '\'', (size_t)(p - counted))); counted = t + 1)
                in_quote ^= 1;
        if (kw && (quoted || !in_quote)) {
            as_buf_putn(&b, copied, (size_t)(p - copied));
            as_buf_putn(&b, "KW", 2);
            copied = q;
        }
        from = q > hit ? q : hit + 1;
    }
    if (copied == masked)
        return masked;
    as_buf_puts(&b, copied);
    return as_buf_str(&b);
}

const char *as_rootcause_mask_keywords(as_arena *a, const char *masked)
{
    return mask_keywords(a, masked, 1);
}

/* "=N" (argnums=0) read as "=*" (argnums=(0, 1)); "=None" is no number. */
static const char *eq_number(as_arena *a, const char *s)
{
    const char *q = strstr(s, "=N");
    while (q && is_ident(q[2]))
        q = strstr(q + 2, "=N");
    if (!q)
        return s;
    as_buf b;
    as_buf_init(&b, a);
    for (const char *p = s;;) {
        if (!q) {
            as_buf_puts(&b, p);
            break;
        }
        as_buf_putn(&b, p, (size_t)(q - p));
        as_buf_puts(&b, "=*");
        p = q + 2;
        for (q = strstr(p, "=N"); q && is_ident(q[2]); q = strstr(q + 2, "=N"))
            ;
    }
    return as_buf_str(&b);
}

/* What one check says in the wording of another release, or of a sibling
 * transform, read one way (the mechanism's text only: a version pair whose
 * messages differ this way is still a finding). */
static const char *wording(as_arena *a, const char *s)
{
    /* custom_jvp/vjp 0.5.3 wraps the binding error it used to raise */
    const char *wrap = strstr(s, "Binding failed with the error: ");
    if (wrap)
        s = wrap + 31;
    static const char *const pairs[][2] = {
        {"The following keyword arguments could not be resolved to positions: ?",
         "keyword arguments (*) could not be resolved to positions"},
        {" or axis_size must be specified", ""},           /* vmap, newer releases */
        {", while `len(args)` = N", ""},                    /* checkpoint, newer releases */
        {"=(*)", "=*"},                                   /* argnums=(0, 1), argnums=0: below */
        {"https://jax.readthedocs.io/", "https://docs.jax.dev/"},   /* the docs moved (pmap 0.6) */
        /* equinox.filter_grad's `if len(args) == 0` check: one message up to
         * 0.11.2, two (no arguments / keywords only) from 0.11.3 */
        {"must have at least one positional argument. (This is the argument that is differentiated.)",
         "must have their first argument passed by position, not keyword. (This is the argument that is "
         "differentiated.)"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        s = replace_all(a, s, pairs[i][0], pairs[i][1]);
    s = eq_number(a, s);
    /* the callable a message names: jit() or pjit(), grad or jacrev, ... */
    static const char *const call_errors[] = {"(*) got an unexpected keyword argument", "(*) got multiple values",
                                              "(*) missing N required", "(*) takes N positional",
                                              " requires real- or complex-valued"};
    for (size_t i = 0; i < sizeof call_errors / sizeof *call_errors; i++) {
        const char *q = strstr(s, call_errors[i]);
        const char *p = q;
        while (p && p > s && (is_ident(p[-1]) || p[-1] == '.' || p[-1] == '*'))
            p--;
        if (q && p < q)
            s = as_arena_printf(a, "%.*s?%s", (int)(p - s), s, q);
    }
    /* the transform a shared helper names (api._mapped_axis_size(..., name)) */
    static const char *const named[] = {" must have at least one non-None value in in_axes",
                                        " wrapped function must be passed at least one argument",
                                        " was requested to map its argument along axis"};
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if ((strncmp(s, "vmap", 4) == 0 || strncmp(s, "pmap", 4) == 0) && strncmp(s + 4, named[i], strlen(named[i])) == 0)
            s = as_arena_printf(a, "?%s", s + 4);
    /* a **kwargs key labelled kwargs['k'] is a name like 'k' */
    size_t id = 0;
    while (is_ident(s[id]))
        id++;
    if (id && strncmp(s + id, "[*] ", 4) == 0)
        s = as_arena_printf(a, "'?'%s", s + id + 3);
    /* the reference's R6 names why an argument is static; the check is one
     * (static and donated) whatever the reason: "static (in_axes None)",
     * "static (not selected by argnums)", "static (static_argnums)" */
    const char *st = strstr(s, "cannot be both static (");
    const char *st_end = st ? strstr(st, ") and donated") : NULL;
    if (st_end)
        s = as_arena_printf(a, "%.*sstatic_argnums%s", (int)(st - s + 23), s, st_end);
    /* the list of keywords one release forbids more of */
    const char *list = strstr(s, "cannot contain '");
    if (list)
        s = as_arena_printf(a, "%.*s?", (int)(list - s + 15), s);
    return s;
}

const char *as_rootcause_message(as_arena *a, const char *msg, int lacks)
{
    return mask_keywords(a, wording(a, as_rootcause_mask(a, msg)), lacks);
}

const char *as_rootcause_warning(as_arena *a, const char *read)
{
    static const char announce[] = ". This warning will be replaced by an error after N-N-N at the earliest";
    size_t n = strlen(read), m = sizeof announce - 1;
    const char *text = strstr(read, ": ");
    if (n > m && text && strcmp(read + n - m, announce) == 0 && text < read + n - m)
        return as_arena_printf(a, "raises decoration ValueError: %.*s", (int)(read + n - m - text - 2), text + 2);
    return as_arena_printf(a, "warning %s", read);
}

/* ---- the memo ----------------------------------------------------------- */

enum { MEMO_CAP = 8192 };   /* slots; half of them are filled at most */

struct as_message_memo {
    struct memo_slot {
        char *msg;           /* the message, after one byte naming the reading */
        char *read;
        uint64_t hash;
    } slots[MEMO_CAP];
    int n;
};

as_message_memo *as_message_memo_new(void)
{
    as_message_memo *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    return m;
}

static void memo_clear(as_message_memo *m)
{
    for (int i = 0; i < MEMO_CAP; i++) {
        free(m->slots[i].msg);
        free(m->slots[i].read);
    }
    memset(m, 0, sizeof *m);
}

void as_message_memo_free(as_message_memo *m)
{
    if (!m)
        return;
    memo_clear(m);
    free(m);
}

static const char *read_message(as_arena *a, const char *msg, int how)
{
    return how == AS_READ_MASK ? as_rootcause_mask(a, msg) : as_rootcause_message(a, msg, how == AS_READ_LACKS);
}

void as_message_memo_settle(as_message_memo *m)
{
    if (m && 2 * (m->n + 1) > MEMO_CAP)
        memo_clear(m);
}

const char *as_rootcause_read(as_message_memo *m, as_arena *a, const char *msg, int how)
{
    if (!m)
        return read_message(a, msg, how);
    uint64_t h = as_hash_str((uint64_t)how, msg);
    uint64_t j = h & (MEMO_CAP - 1);
    for (; m->slots[j].msg; j = (j + 1) & (MEMO_CAP - 1))
        if (m->slots[j].hash == h && m->slots[j].msg[0] == (char)('0' + how) && strcmp(m->slots[j].msg + 1, msg) == 0)
            return m->slots[j].read;
    if (2 * (m->n + 1) > MEMO_CAP)   /* full: later messages are read each time */
        return read_message(a, msg, how);
    size_t n = strlen(msg);
    char *key = malloc(n + 2);
    char *read = strdup(read_message(a, msg, how));
    if (!key || !read)
        abort();
    key[0] = (char)('0' + how);
    memcpy(key + 1, msg, n + 1);
    m->slots[j] = (struct memo_slot){key, read, h};
    m->n++;
    return read;
}

/* ---- groups, keys, variants -------------------------------------------- */

static const char *family_of(as_arena *a, const char *subject)
{
    const char *gt = strchr(subject, '>');
    if (gt)
        subject = gt + 1;
    return as_arena_strndup(a, subject, strcspn(subject, "@"));
}

const char *as_rootcause_group(const char *subject)
{
    static const struct { const char *family, *group; } groups[] = {
        {"jax.grad", "jax.grad-family"},       {"jax.value_and_grad", "jax.grad-family"},
        {"jax.jacfwd", "jax.grad-family"},     {"jax.jacrev", "jax.grad-family"},
        {"jax.hessian", "jax.grad-family"},    {"jax.custom_jvp", "jax.custom_jvp/vjp"},
        {"jax.custom_vjp", "jax.custom_jvp/vjp"},
        /* jit has been pjit underneath since JAX 0.4 */
        {"jax.jit", "jax.jit/pjit"},           {"jax.pjit", "jax.jit/pjit"},
    };
    const char *gt = strchr(subject, '>');
    if (gt)
        subject = gt + 1;
    size_t n = strcspn(subject, "@");
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        if (strlen(groups[i].family) == n && strncmp(groups[i].family, subject, n) == 0)
            return groups[i].group;
    return NULL;
}

/* as_rootcause_group's name for subject, else its family */
static const char *group_or_family(as_arena *a, const char *subject)
{
    const char *g = as_rootcause_group(subject);
    return g ? g : family_of(a, subject);
}

const char *as_rootcause_key(as_arena *a, const char *subject, const char *mechanism)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, group_or_family(a, subject));
    as_buf_puts(&b, " | ");
    as_buf_puts(&b, mechanism);
    return as_buf_str(&b);
}

/* Errors raised by one function that several families call: the check is
 * that function's, whichever family reached it (read at the JAX and CPython
 * sources of the releases concerned). */
static const struct { const char *code, *pattern; } shared_code[] = {
    /* jax._src.api_util._ensure_inbounds: argnums_partial (grad, custom_jvp/vjp,
     * pmap), argnums_partial_except (jit/pjit), debug_info (checkpoint,
     * custom_jvp/vjp from 0.5) check an index against the call's len(args) */
    {"jax api_util._ensure_inbounds",
     "raises * ValueError: Positional argument indices, e.g. for `KW`, must have value greater than or equal to "
     "-len(args) and less than len(args)*"},
    /* jax._src.api_util.rebase_donate_argnums: jit/pjit (resolve_argnums) and pmap */
    {"jax api_util.rebase_donate_argnums", "raises * ValueError: `KW` \\[\\*\\] and `KW` \\[\\*\\] cannot intersect"},
    /* jax._src.api._mapped_axis_size(..., name): vmap, and pmap before its shard_map rewrite */
    {"jax api._mapped_axis_size", "raises * ValueError: ? must have at least one non-None value in in_axes"},
    {"jax api._mapped_axis_size",
     "raises * ValueError: ? wrapped function must be passed at least one argument containing an array*"},
    {"jax api._mapped_axis_size", "raises * ValueError: ? was requested to map its argument along axis*"},
    /* CPython's inspect.Signature.bind: custom_jvp/vjp (resolve_kwargs) and
     * equinox.filter_jit bind the call with it, so a bad call fails with its
     * wording, not the call's */
    {"inspect.Signature.bind", "raises * TypeError: missing a required argument: '?'"},
    {"inspect.Signature.bind", "raises * TypeError: multiple values for argument '?'"},
    {"inspect.Signature.bind", "raises * TypeError: too many positional arguments"},
    {"inspect.Signature.bind", "raises * TypeError: got an unexpected keyword argument '?'"},
    {"inspect.Signature.bind", "raises * TypeError: '?' parameter is positional only, but was passed as a keyword"},
};

const char *as_rootcause_shared_code(const char *mechanism)
{
    if (strncmp(mechanism, "raises ", 7) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof shared_code / sizeof *shared_code; i++)
        if (fnmatch(shared_code[i].pattern, mechanism, 0) == 0)
            return shared_code[i].code;
    return NULL;
}

/* Rules and errors of one shared function that several families call: what
 * it decides is that function's, whichever family reached it (read at the
 * JAX sources; the groups listed, as as_rootcause_group names them, are the
 * ones whose code calls it for that decision). */
static const struct { const char *code, *mechanism, *groups[4]; } shared_rules[] = {
    /* jax._src.api_util.donation_vector: jit/pjit (every release) and pmap
     * (_prepare_pmap: donation_vector(donate_tuple, (), in_tree)) donate a
     * positional argument iff `i in donate_argnums` and a keyword argument
     * iff its name is in donate_argnames: a negative index matches nothing,
     * and an index never reaches an argument passed by keyword; an index
     * counts the call's positional arguments, *args elements included */
    {"jax api_util.donation_vector", "donation neg-index-ignored", {"jax.jit/pjit", "jax.pmap"}},
    {"jax api_util.donation_vector", "donation keyword-arg", {"jax.jit/pjit", "jax.pmap"}},
    {"jax api_util.donation_vector", "donation varargs-index", {"jax.jit/pjit", "jax.pmap"}},
    /* jax._src.api_util.rebase_donate_argnums (jit/pjit to 0.8.x, pmap):
     * donate indices rebased onto the dynamic arguments past the static
     * indices as written, so a negative static index moves every donate
     * index down a slot (tags jax-v0.3.10, jax-v0.4.14) */
    {"jax api_util.rebase_donate_argnums", "donation rebase-negative-static", {"jax.jit/pjit", "jax.pmap"}},
    /* jax._src.api_util.argnums_partial (grad family: argnums; pmap: the
     * static_broadcasted_argnums complement; custom_jvp/vjp: the nondiff
     * complement over the resolved arguments) and its twin
     * argnums_partial_except (jit/pjit: static_argnums) pick arguments as
     * `args[i]` over the call's positional arguments: an index reaches one
     * *args element, never the *args parameter (tags jax-v0.3.10 to
     * jax-v0.4.30; jax.checkpoint has its own copy, ad_checkpoint.py) */
    {"jax api_util.argnums_partial", "verdict varargs-index",
     {"jax.jit/pjit", "jax.grad-family", "jax.pmap", "jax.custom_jvp/vjp"}},
    /* ... and see the positional arguments only: an index never reaches an
     * argument passed by keyword (custom_jvp/vjp resolve keywords into
     * positions first: their own rule) */
    {"jax api_util.argnums_partial", "verdict keyword-arg", {"jax.jit/pjit", "jax.grad-family", "jax.pmap"}},
    /* ... and resolve a negative index against len(args): Python's own
     * `args[i]` before 0.3.11, _ensure_inbounds inside both from 0.3.11
     * (pmap and custom_jvp/vjp pass a complement built by membership,
     * which no negative joins) */
    {"jax api_util.argnums_partial", "verdict neg-index-len(args)", {"jax.jit/pjit", "jax.grad-family"}},
    /* ... and index the call with an index it does not reach: `args[i]`,
     * unchecked before 0.3.11 (jit/pjit ≤ 0.3.10 with allow_invalid=False,
     * the grad family ≤ 0.3.10) */
    {"jax api_util.argnums_partial", "raises call IndexError: tuple index out of range",
     {"jax.jit/pjit", "jax.grad-family"}},
    /* jax._src.api_util.infer_argnums_and_argnames (api._infer_argnums_and_
     * argnames to 0.3.x): names infer the indices of positional-or-keyword
     * parameters only, so a positional-only parameter named in
     * static_argnames (jit/pjit to 0.4.26, before validation rejects it) or
     * nondiff_argnames (custom_jvp/vjp from 0.6.2, which infer from names
     * alone) keeps its role off (tags jax-v0.3.7, jax-v0.4.14; the 0.12.0.1
     * wheel) */
    {"jax api_util.infer_argnums_and_argnames", "verdict argnames-posonly", {"jax.jit/pjit", "jax.custom_jvp/vjp"}},
    /* jax._src.api_util._argnums_partial, under argnums_partial_except
     * (jit/pjit 0.3.8-0.8.x) and argnums_partial (grad family 0.3.8-0.3.10):
     * `args = [sentinel] * (len(fixed_args) + len(dyn_args))` is one slot
     * too long when an index repeats (or, unresolved, is negative), so f
     * gets an extra positional argument; CPython words it by where it
     * lands */
    {"jax api_util._argnums_partial", "raises call TypeError: ?(*) takes N positional argument but N were given",
     {"jax.jit/pjit", "jax.grad-family"}},
    {"jax api_util._argnums_partial", "raises call TypeError: ?(*) got multiple values for argument '?'",
     {"jax.jit/pjit", "jax.grad-family"}},
    {"jax api_util._argnums_partial", "shape entries", {"jax.jit/pjit", "jax.grad-family"}},
};

const char *as_rootcause_ref_key(as_arena *a, const char *subject, const char *mechanism)
{
    if (strncmp(mechanism, "lacks ", 6) == 0)
        return as_arena_printf(a, "%s | %s", AS_ROOTCAUSE_REFERENCE_CHECK, mechanism);
    const char *code = as_rootcause_shared_code(mechanism);
    if (code)
        return as_arena_printf(a, "%s | %s", code, mechanism);
    const char *group = NULL;
    for (size_t i = 0; i < sizeof shared_rules / sizeof *shared_rules; i++) {
        if (strcmp(shared_rules[i].mechanism, mechanism) != 0)
            continue;
        if (!group)
            group = group_or_family(a, subject);
        for (int j = 0; j < 4 && shared_rules[i].groups[j]; j++)
            if (strcmp(shared_rules[i].groups[j], group) == 0)
                return as_arena_printf(a, "%s | %s", shared_rules[i].code, mechanism);
    }
    return as_rootcause_key(a, subject, mechanism);
}

/* ---- mechanisms ------------------------------------------------------------ */



static const as_mechanism mechanisms[] = {
    /* jax._src.api_util._argnums_partial, under argnums_partial_except
     * (jit/pjit 0.3.8-0.8.x; tags jax-v0.3.10, jax-v0.4.14, jax-v0.8.2) and
     * argnums_partial (grad family 0.3.8-0.3.10, tag jax-v0.3.10):
     * `args = [sentinel] * (len(fixed_args) + len(dyn_args))` gets one slot
     * too many when an index repeats (a negative one resolved onto another
     * by _ensure_inbounds from 0.3.11) or, unresolved before 0.3.11, is
     * negative (#10669), so f is called with one positional argument more.
     * CPython then says "takes N positional arguments", "got multiple
     * values", binds it to *args, or fills a parameter the call left
     * missing (grad's "positional-params" verdicts): one check, four
     * forms.  jit's membership mask replaced the rebuild from 0.9. */
    {"jax api_util._argnums_partial",
     "jax api_util._argnums_partial | code: a repeated (or unresolved negative) index gives f an extra positional "
     "argument",
     "jax-v0.4.14 jax/_src/api_util.py:270-302 (argnums_partial_except, _argnums_partial); jax-v0.3.10 "
     "(argnums_partial), fixed for negatives by #10669",
     AS_MECH_REPEATED_INDEX,
     {"jax api_util._argnums_partial | raises call TypeError: ?(\\*) takes N positional argument but N were given",
      "jax api_util._argnums_partial | raises call TypeError: ?(\\*) got multiple values for argument '?'",
      "jax api_util._argnums_partial | shape entries", "jax.grad-family | verdict neg-index-positional-params"}},
    /* _argnums_partial from 0.3.11: a repeated index (after _ensure_inbounds)
     * leaves fixed_args short and `next(fixed_args_)` raises StopIteration;
     * inside the lu.transformation generator (to 0.4.35) PEP 479 turns it
     * into "RuntimeError: generator raised StopIteration", in the plain
     * lu.transformation2 function (0.4.36-0.10.1) it escapes bare */
    {"jax.grad-family",
     "jax.grad-family | code api_util._argnums_partial: a repeated argnums index exhausts the static values (StopIteration)",
     "jax-v0.4.35 vs jax-v0.4.36 jax/_src/api_util.py _argnums_partial, `next(fixed_args_)`", AS_MECH_REPEATED_INDEX,
     {"jax.grad-family | raises call RuntimeError: generator raised StopIteration",
      "jax.grad-family | raises call StopIteration: "}},
    /* custom_jvp/custom_vjp never normalise an int nondiff_argnums: up to
     * 0.5.3 `set(self.nondiff_argnums)` in __call__ iterates it, from 0.6.2
     * `nondiff_argnums_.update(nondiff_argnums)` in __init__ does: one
     * missing normalisation, raised at the call, then at decoration */
    {"jax.custom_jvp/vjp",
     "jax.custom_jvp/vjp | code custom_derivatives: an int nondiff_argnums is iterated ('int' object is not iterable)",
     "jax-v0.5.3 jax/_src/custom_derivatives.py:263, jax-v0.6.2 :159", AS_MECH_INT_NUMS,
     {"jax.custom_jvp/vjp | raises call TypeError: '?' object is not iterable",
      "jax.custom_jvp/vjp | raises decoration TypeError: '?' object is not iterable"}},
    /* vmap_f compares a tuple in_axes with the call's positional arguments:
     * at 0.3.10 through flatten_axes("vmap in_axes", (args, kwargs)), a tree
     * prefix error; from 0.4.21 an explicit `len(in_axes) != len(args)`
     * check raises first, and from 0.11.1 it adds a note when keywords were
     * passed (they are never covered by the tuple: #7465).  One check that
     * counts the call, not the signature, in three wordings. */
    {"jax.vmap",
     "jax.vmap | code api.vmap_f: a tuple in_axes is matched against the positional arguments of the call only",
     "jax-v0.3.10 jax/_src/api.py:1481 (flatten_axes), jax-v0.4.21 jax/_src/api.py:1248", AS_MECH_TUPLE_AXES,
     {"jax.vmap | raises call ValueError: vmap in_axes specification must be a tree prefix of the corresponding "
      "value, got specification (\\*) for value tree PyTreeDef(\\*)",
      "jax.vmap | raises call ValueError: vmap in_axes must be an int, None, or a tuple of entries corresponding to "
      "the positional arguments passed to the function, but got len(in_axes)=\\*, len(args)=\\*",
      "jax.vmap | raises call ValueError: vmap in_axes must be an int, None, or a tuple of entries corresponding to "
      "the positional arguments passed to the function, but got len(in_axes)=\\*, len(args)=\\*. Note that the "
      "function was called with keyword arguments*"}},
    /* pmap (0.4.9-): broadcast_prefix((dyn_in_axes, 0), (dyn_args,
     * kwargs)) fails when the in_axes tuple is no prefix of the positional
     * arguments; the message gains a paragraph "When some arguments are
     * passed by keyword ..." when kwargs is not empty.  One check. */
    {"jax.pmap",
     "jax.pmap | code api._prepare_pmap: a tuple in_axes must be a prefix of the positional arguments of the call",
     "jax-v0.4.9 jax/_src/api.py:1653-1672", AS_MECH_TUPLE_AXES,
     {"jax.pmap | raises call ValueError: pytree structure error: *"}},
    /* equinox.filter_grad differentiates its first positional argument:
     * 0.10.x declares it, `__call__(self, x, /, *args, **kwargs)` (a call
     * without one fails in CPython's binding), 0.11.0 checks `if len(args)
     * == 0` itself (equinox v0.10.0 equinox/ad.py:30, v0.11.0
     * equinox/_ad.py:64) */
    {"equinox.filter_grad",
     "equinox.filter_grad | code _GradWrapper.__call__: the differentiated argument must be passed by position",
     "equinox v0.10.0 equinox/ad.py:30, v0.11.0 equinox/_ad.py:64", AS_MECH_NO_POSITIONAL,
     {"equinox.filter_grad | raises call TypeError: ?(\\*) missing N required positional argument: '?'",
      "equinox.filter_grad | raises call TypeError: Functions wrapped with * must have their first argument passed by "
      "position, not keyword*"}},
};

const as_mechanism *as_rootcause_mechanisms(int *n)
{
    *n = (int)(sizeof mechanisms / sizeof *mechanisms);
    return mechanisms;
}

const as_mechanism *as_rootcause_source_check(const char *cause)
{
    for (size_t i = 0; i < sizeof mechanisms / sizeof *mechanisms; i++)
        for (int j = 0; j < 6 && mechanisms[i].fine[j]; j++)
            if (fnmatch(mechanisms[i].fine[j], cause, 0) == 0)
                return &mechanisms[i];
    return NULL;
}

void as_rootcause_hash(const char *cause, char out[9])
{
    uint32_t h = 2166136261u;
    for (const char *p = cause; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        out[i] = hex[(h >> (28 - 4 * i)) & 15];
    out[8] = '\0';
}

const char *as_rootcause_variant(as_arena *a, const char *class_key)
{
    size_t n = strcspn(class_key, "|");
    const char *rest = class_key + n;
    const char *tail = strstr(rest, "|#");
    size_t rest_len = tail && strlen(tail) == 10 ? (size_t)(tail - rest) : strlen(rest);
    const char *fam = family_of(a, as_arena_strndup(a, class_key, n));
    return as_arena_printf(a, "%s%.*s", fam, (int)rest_len, rest);
}

int as_rootcause_params(const char *sig)
{
    const char *p = strchr(sig ? sig : "", '(');
    if (!p)
        return 0;
    int depth = 0, n = 0;
    int named = 0;   /* the current item names a parameter (not a bare '/' or '*') */
    for (p++; *p; p++) {
        if (*p == '(' || *p == '[' || *p == '{') {
            depth++;
        } else if (*p == ')' || *p == ']' || *p == '}') {
            if (depth-- == 0)
                break;
        } else if (*p == ',' && depth == 0) {
            n += named;
            named = 0;
        } else if (depth == 0 && is_ident(*p)) {
            named = 1;
        }
    }
    return n + named;
}

/* ---- a set of root causes ------------------------------------------------ */

struct as_cause_set {
    char **slots;
    int cap, n;
};

as_cause_set *as_cause_set_new(void)
{
    as_cause_set *set = calloc(1, sizeof *set);
    if (!set)
        abort();
    return set;
}

void as_cause_set_free(as_cause_set *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
    free(set);
}

int as_cause_set_add(as_cause_set *set, const char *cause)
{
    if (2 * (set->n + 1) > set->cap) {
        int cap = set->cap ? 2 * set->cap : 64;
        char **slots = calloc((size_t)cap, sizeof *slots);
        if (!slots)
            abort();
        for (int i = 0; i < set->cap; i++)
            if (set->slots[i]) {
                uint64_t j = as_fnv_str(AS_FNV_OFFSET, set->slots[i]) & (uint64_t)(cap - 1);
                while (slots[j])
                    j = (j + 1) & (uint64_t)(cap - 1);
                slots[j] = set->slots[i];
            }
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    uint64_t j = as_fnv_str(AS_FNV_OFFSET, cause) & (uint64_t)(set->cap - 1);
    while (set->slots[j]) {
        if (strcmp(set->slots[j], cause) == 0)
            return 0;
        j = (j + 1) & (uint64_t)(set->cap - 1);
    }
    set->slots[j] = strdup(cause);
    if (!set->slots[j])
        abort();
    set->n++;
    return 1;
}

int as_cause_set_count(const as_cause_set *set)
{
    return set->n;
}

int as_cause_set_load(as_cause_set *set, as_store *s, as_error *err)
{
    as_arena a;
    as_arena_init(&a);
    long long *ids;
    const char **causes;
    int n, rc = as_store_class_causes(s, &a, &ids, &causes, &n, err);
    for (int i = 0; rc == 0 && i < n; i++)
        as_cause_set_add(set, causes[i]);
    as_arena_free(&a);
    return rc;
}

/* ---- known issues -------------------------------------------------------- */

const as_known_issue *as_known_issue_for(const char *cause)
{
    int n;
    const as_known_issue *k = as_known_issues(&n);
    for (int i = 0; i < n; i++)
        if (fnmatch(k[i].pattern, cause, 0) == 0)
            return &k[i];
    return NULL;
}

/* ---- the two-level view -------------------------------------------------- */

typedef struct item {
    const char *cause, *variant;
    const as_class_row *row;
} item;

static int item_cmp(const void *x, const void *y)
{
    const item *a = x, *b = y;
    int c = strcmp(a->cause, b->cause);
    return c ? c : strcmp(a->variant, b->variant);
}

static long long repro_size(const as_class_row *c)
{
    const as_finding *f = as_class_reproducer(c);
    return (long long)(strlen(f->signature) + strlen(f->spec_json) + strlen(f->call)) +
           (c->has_shrunk ? 0 : 100000);
}

static int is_evidence(const char *relation)
{
    return strncmp(relation, "meta:", 5) == 0 || strcmp(relation, "version-pair") == 0;
}

/* "0.3.10 – 0.3.14, 0.4.1 – newest" for the versions of `family` in seen[]. */
static const char *ranges(as_arena *a, const char *family, const char *const *seen, int n_seen)
{
    const as_subject *vers[128];
    int nv = 0;
    for (const as_subject *const *s = as_subjects_all(); *s && nv < 128; s++)
        if (strcmp((*s)->family, family) == 0 && !((*s)->caps & AS_CAP_EXTERNAL))
            vers[nv++] = *s;
    as_buf b;
    as_buf_init(&b, a);
    int i = 0, first = 1;
    if (nv == 1 && !*vers[0]->version)   /* the reference: no releases */
        return vers[0]->id;
    while (i < nv) {
        int in = 0;
        for (int k = 0; k < n_seen; k++)
            in |= strcmp(seen[k], vers[i]->id) == 0;
        if (!in) {
            i++;
            continue;
        }
        int j = i;
        for (;;) {
            int next = 0;
            if (j + 1 < nv)
                for (int k = 0; k < n_seen; k++)
                    next |= strcmp(seen[k], vers[j + 1]->id) == 0;
            if (!next)
                break;
            j++;
        }
        as_buf_puts(&b, first ? "" : ", ");
        first = 0;
        if (j == i && j < nv - 1)
            as_buf_puts(&b, vers[i]->version);
        else
            as_buf_printf(&b, "%s – %s", vers[i]->version, j == nv - 1 ? "newest" : vers[j]->version);
        i = j + 1;
    }
    /* subjects outside the registry (external ones) by name */
    for (int k = 0; k < n_seen; k++) {
        int known = 0;
        for (int v = 0; v < nv; v++)
            known |= strcmp(seen[k], vers[v]->id) == 0;
        if (!known && strcmp(family_of(a, seen[k]), family) == 0) {
            as_buf_puts(&b, first ? "" : ", ");
            first = 0;
            as_buf_puts(&b, seen[k]);
        }
    }
    return as_buf_str(&b);
}

static int add_unique(const char **list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return n;
    list[n] = s;
    return n + 1;
}

/* Releases of the non-evidence classes in items[lo, hi), per family. */
static const char *releases_of(as_arena *a, const item *it, int lo, int hi, int per_family,
                               const char ***fams_out, int *n_fams_out)
{
    int cap = hi - lo + 1;
    const char **fams = as_arena_alloc(a, sizeof *fams * (size_t)cap);
    const char **subs = as_arena_alloc(a, sizeof *subs * (size_t)cap);
    int nf = 0, ns = 0;
    for (int pass = 0; pass < 2 && ns == 0; pass++)   /* version pairs only when nothing else */
        for (int i = lo; i < hi; i++) {
            const as_class_row *r = it[i].row;
            nf = add_unique(fams, nf, family_of(a, r->subject));
            if (pass || strcmp(r->relation, "version-pair") != 0)
                ns = add_unique(subs, ns, r->subject);
        }
    as_buf b;
    as_buf_init(&b, a);
    for (int f = 0; f < nf; f++) {
        const char *rg = ranges(a, fams[f], subs, ns);
        if (!*rg)
            continue;
        if (b.len)
            as_buf_puts(&b, "; ");
        if (per_family)
            as_buf_printf(&b, "%s %s", fams[f], rg);
        else
            as_buf_puts(&b, rg);
    }
    if (fams_out) {
        *fams_out = fams;
        *n_fams_out = nf;
    }
    return b.len ? as_buf_str(&b) : "(no release: evidence only)";
}

static int rc_cmp(const void *x, const void *y)
{
    const as_rootcause *a = x, *b = y;
    if (a->hits != b->hits)
        return a->hits > b->hits ? -1 : 1;
    return strcmp(a->key, b->key);
}

static int variant_cmp(const void *x, const void *y)
{
    const as_rc_variant *a = x, *b = y;
    if (a->hits != b->hits)
        return a->hits > b->hits ? -1 : 1;
    return strcmp(a->name, b->name);
}

int as_rootcauses_build(as_arena *arena, const as_class_row *rows, const char *const *causes, int n,
                        as_rootcause **out, int *n_out)
{
    item *it = as_arena_alloc(arena, sizeof *it * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        it[i].cause = causes && causes[i] && *causes[i] ? causes[i] : AS_ROOTCAUSE_UNKNOWN;
        it[i].variant = as_rootcause_variant(arena, rows[i].key);
        it[i].row = &rows[i];
    }
    qsort(it, (size_t)n, sizeof *it, item_cmp);
    int n_rc = 0;
    for (int i = 0; i < n; i++)
        n_rc += i == 0 || strcmp(it[i].cause, it[i - 1].cause) != 0;
    as_rootcause *rc = as_arena_alloc(arena, sizeof *rc * (size_t)(n_rc + 1));
    memset(rc, 0, sizeof *rc * (size_t)(n_rc + 1));
    int k = 0;
    for (int lo = 0; lo < n;) {
        int hi = lo + 1;
        while (hi < n && strcmp(it[hi].cause, it[lo].cause) == 0)
            hi++;
        as_rootcause *r = &rc[k++];
        r->key = it[lo].cause;
        const char *sep = strstr(r->key, " | ");
        r->group = sep ? as_arena_strndup(arena, r->key, (size_t)(sep - r->key)) : "";
        r->mechanism = sep ? sep + 3 : r->key;
        r->known = as_known_issue_for(r->key);
        r->releases = releases_of(arena, it, lo, hi, 1, &r->families, &r->n_families);
        int nv = 0;
        for (int i = lo; i < hi; i++)
            nv += i == lo || strcmp(it[i].variant, it[i - 1].variant) != 0;
        r->variants = as_arena_alloc(arena, sizeof *r->variants * (size_t)nv);
        r->n_variants = 0;
        const as_class_row *best = NULL, *best_any = NULL;
        for (int vlo = lo; vlo < hi;) {
            int vhi = vlo + 1;
            while (vhi < hi && strcmp(it[vhi].variant, it[vlo].variant) == 0)
                vhi++;
            as_rc_variant *v = &r->variants[r->n_variants++];
            memset(v, 0, sizeof *v);
            v->name = it[vlo].variant;
            v->relation = it[vlo].row->relation;
            v->releases = releases_of(arena, it, vlo, vhi, 0, NULL, NULL);
            for (int i = vlo; i < vhi; i++) {
                const as_class_row *c = it[i].row;
                v->hits += c->hit_count;
                v->n_classes++;
                if (!v->example || repro_size(c) < repro_size(v->example))
                    v->example = c;
                r->hits += c->hit_count;
                r->n_classes++;
                r->n_evidence += is_evidence(c->relation);
                if (!r->first_run || (c->first_run && c->first_run < r->first_run))
                    r->first_run = c->first_run;
                if (!best_any || repro_size(c) < repro_size(best_any))
                    best_any = c;
                if (strcmp(c->relation, "vs-reference") == 0 && (!best || repro_size(c) < repro_size(best)))
                    best = c;
            }
            vlo = vhi;
        }
        qsort(r->variants, (size_t)r->n_variants, sizeof *r->variants, variant_cmp);
        r->reproducer = best ? best : best_any;
        lo = hi;
    }
    qsort(rc, (size_t)n_rc, sizeof *rc, rc_cmp);
    *out = rc;
    *n_out = n_rc;
    return 0;
}

int as_rootcause_find(const as_rootcause *rc, int n, const char *cause)
{
    if (!cause || !*cause)
        cause = AS_ROOTCAUSE_UNKNOWN;
    for (int i = 0; i < n; i++)
        if (strcmp(rc[i].key, cause) == 0)
            return i;
    return -1;
}

int as_rootcause_classes(as_store *s, as_arena *arena, as_class_row **rows, const char ***causes, int *n,
                         as_error *err)
{
    long long *ids;
    const char **cs;
    int nc;
    if (as_store_classes(s, arena, rows, n, err) < 0 || as_store_class_causes(s, arena, &ids, &cs, &nc, err) < 0)
        return -1;
    /* classes come ordered by subject, causes by class id */
    const char **c = as_arena_alloc(arena, sizeof *c * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        int lo = 0, hi = nc;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (ids[mid] < (*rows)[i].id)
                lo = mid + 1;
            else
                hi = mid;
        }
        c[i] = lo < nc && ids[lo] == (*rows)[i].id ? cs[lo] : NULL;
    }
    *causes = c;
    return 0;
}

int as_rootcauses_load(as_store *s, as_arena *arena, as_rootcause **out, int *n_out, as_class_row **rows,
                       int *n_rows, as_error *err)
{
    as_class_row *r;
    const char **causes;
    int n;
    if (as_rootcause_classes(s, arena, &r, &causes, &n, err) < 0)
        return -1;
    if (rows) {
        *rows = r;
        *n_rows = n;
    }
    return as_rootcauses_build(arena, r, causes, n, out, n_out);
}
