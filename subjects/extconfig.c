/* extconfig.c — the subjects config file, command lines, and the subjects
 * made from ids (external.h, second half).
 *
 * The config language is a small TOML subset: `[subject.NAME]` headers,
 * `key = "string"` ('literal' too) or `key = integer`, `#` comments.
 */
#include "subjects/external.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle/arena.h"
#include "oracle/textfile.h"
#include "subjects/real.h"
#include "subjects/registry.h"

/* ---- command lines ---- */

int as_ext_split_command(as_arena *arena, const char *command, const char ***argv_out, as_error *err)
{
    size_t len = strlen(command);
    const char **argv = as_arena_alloc(arena, sizeof *argv * (len / 2 + 2));
    int n = 0;
    const char *p = command;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        as_buf w;
        as_buf_init(&w, arena);
        as_buf_puts(&w, "");
        while (*p && *p != ' ' && *p != '\t') {
            if (*p == '\'' || *p == '"') {
                char q = *p++;
                while (*p && *p != q) {
                    if (q == '"' && *p == '\\' && p[1])
                        p++;
                    as_buf_putc(&w, *p++);
                }
                if (!*p)
                    return as_input_error(err, (int)(p - command) + 1, "unterminated quote in command");
                p++;
            } else if (*p == '\\' && p[1]) {
                as_buf_putc(&w, p[1]);
                p += 2;
            } else {
                as_buf_putc(&w, *p++);
            }
        }
        argv[n++] = as_buf_str(&w);
    }
    if (n == 0)
        return as_input_error(err, 1, "empty command");
    argv[n] = NULL;
    *argv_out = argv;
    return 0;
}

/* ---- the config file ---- */

typedef struct lexer {
    const char *p, *end, *line_start;
    int line;
} lexer;

static int cfg_error(const lexer *lx, as_error *err, const char *what)
{
    return as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, (int)(lx->p - lx->line_start) + 1,
                   "subjects config line %d: %s", lx->line, what);
}

static void skip_blanks(lexer *lx)
{
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
        lx->p++;
}

/* At end of line (after blanks and an optional comment)? */
static int at_eol(lexer *lx)
{
    skip_blanks(lx);
    if (lx->p < lx->end && *lx->p == '#')
        while (lx->p < lx->end && *lx->p != '\n')
            lx->p++;
    return lx->p == lx->end || *lx->p == '\n';
}

static const char *parse_bare(lexer *lx, as_arena *arena)
{
    const char *s = lx->p;
    while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) || strchr("_-.:", *lx->p)))
        lx->p++;
    return lx->p > s ? as_arena_strndup(arena, s, (size_t)(lx->p - s)) : NULL;
}

static const char *parse_string(lexer *lx, as_arena *arena, as_error *err)
{
    char q = *lx->p++;
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_puts(&b, "");
    while (lx->p < lx->end && *lx->p != q && *lx->p != '\n') {
        if (q == '"' && *lx->p == '\\' && lx->p + 1 < lx->end) {
            char c = lx->p[1];
            as_buf_putc(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
            lx->p += 2;
            continue;
        }
        as_buf_putc(&b, *lx->p++);
    }
    if (lx->p == lx->end || *lx->p != q) {
        cfg_error(lx, err, "unterminated string");
        return NULL;
    }
    lx->p++;
    return as_buf_str(&b);
}

static int set_key(lexer *lx, as_ext_config_entry *e, const char *key, const char *str, long long num,
                   as_error *err)
{
    static const char *const str_keys[] = {"command", "backend", "cwd"};
    static const char *const int_keys[] = {"timeout_ms", "max_output", "batch", "max_rss_mb"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(key, str_keys[i]) != 0)
            continue;
        if (!str)
            return cfg_error(lx, err, "this key takes a string");
        if (i == 0)
            e->command = str;
        else if (i == 1)
            e->backend = str;
        else
            e->cwd = str;
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        if (strcmp(key, int_keys[i]) != 0)
            continue;
        if (str || num <= 0 || num > (1LL << 40))
            return cfg_error(lx, err, "this key takes a positive integer");
        if (i == 0)
            e->timeout_ms = num > 86400000 ? 86400000 : (int)num;
        else if (i == 1)
            e->max_output = (size_t)num;
        else if (i == 2)
            e->batch = num > 100000 ? 100000 : (int)num;
        else
            e->max_rss_mb = (long)num;
        return 0;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "unknown key '%.60s' (command, backend, cwd, timeout_ms, max_output, batch, max_rss_mb)",
             key);
    return cfg_error(lx, err, msg);
}

int as_ext_config_parse(as_arena *arena, const char *text, size_t len, as_ext_config *out, as_error *err)
{
    lexer lx = {text, text + len, text, 1};
    int cap = 4;
    out->entries = as_arena_alloc(arena, sizeof *out->entries * (size_t)cap);
    out->n_entries = 0;
    as_ext_config_entry *cur = NULL;
    while (lx.p < lx.end) {
        if (!at_eol(&lx)) {
            if (*lx.p == '[') {
                lx.p++;
                skip_blanks(&lx);
                const char *head = parse_bare(&lx, arena);
                if (!head || strncmp(head, "subject.", 8) != 0 || !head[8])
                    return cfg_error(&lx, err, "expected a [subject.NAME] header");
                skip_blanks(&lx);
                if (lx.p == lx.end || *lx.p != ']')
                    return cfg_error(&lx, err, "expected ']'");
                lx.p++;
                for (int i = 0; i < out->n_entries; i++)
                    if (strcmp(out->entries[i].name, head + 8) == 0)
                        return cfg_error(&lx, err, "subject declared twice");
                if (out->n_entries == cap) {
                    out->entries = as_arena_realloc(arena, out->entries, sizeof *out->entries * (size_t)cap,
                                                    sizeof *out->entries * (size_t)cap * 2);
                    cap *= 2;
                }
                cur = &out->entries[out->n_entries++];
                memset(cur, 0, sizeof *cur);
                cur->name = head + 8;
            } else {
                const char *key = parse_bare(&lx, arena);
                if (!key)
                    return cfg_error(&lx, err, "expected a key");
                if (!cur)
                    return cfg_error(&lx, err, "a key outside any [subject.NAME] section");
                skip_blanks(&lx);
                if (lx.p == lx.end || *lx.p != '=')
                    return cfg_error(&lx, err, "expected '='");
                lx.p++;
                skip_blanks(&lx);
                const char *str = NULL;
                long long num = 0;
                if (lx.p < lx.end && (*lx.p == '"' || *lx.p == '\'')) {
                    if (!(str = parse_string(&lx, arena, err)))
                        return -1;
                } else {
                    char *endp;
                    errno = 0;
                    num = strtoll(lx.p, &endp, 10);
                    if (endp == lx.p || errno)
                        return cfg_error(&lx, err, "expected a string or an integer");
                    lx.p = endp;
                }
                if (set_key(&lx, cur, key, str, num, err) < 0)
                    return -1;
            }
            if (!at_eol(&lx))
                return cfg_error(&lx, err, "unexpected text after the value");
        }
        if (lx.p < lx.end) {
            lx.p++;
            lx.line++;
            lx.line_start = lx.p;
        }
    }
    for (int i = 0; i < out->n_entries; i++)
        if (!out->entries[i].command)
            return as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0,
                           "subjects config: [subject.%s] has no command", out->entries[i].name);
    return 0;
}

int as_ext_config_load(as_arena *arena, const char *path, as_ext_config *out, as_error *err)
{
    char *text;
    size_t len;
    if (as_read_text_file(arena, path, AS_EXT_CONFIG_LINE_MAX, AS_EXT_CONFIG_FILE_MAX, &text, &len, err) < 0)
        return -1;
    if (as_ext_config_parse(arena, text, len, out, err) < 0) {
        char *msg = as_arena_printf(arena, "%s: %s", path, err ? err->message : "");
        if (err)
            snprintf(err->message, sizeof err->message, "%.*s", (int)sizeof err->message - 1, msg);
        return -1;
    }
    return 0;
}

/* ---- subjects made from ids ---- */

typedef struct ext_subject {
    as_subject subject;
    as_ext *driver;
    const char *asked;         /* the id it was resolved from */
} ext_subject;

/* One id asked for: its subject, or why there is none (kept, so a stream
 * of requests for a missing backend starts it once). */
typedef struct resolved {
    const char *id;
    ext_subject *ext;
    as_error error;
    unsigned long long used;   /* when last resolved (the set's clock) */
} resolved;

struct as_ext_set {
    as_arena arena;
    const char *config_path;
    int config_named;          /* the user named the config (argument or $ARGSPLIT_SUBJECTS) */
    const char **allowed;      /* ids data may name besides the configured ones */
    int n_allowed;
    size_t cap_allowed;
    unsigned long long clock;
    int config_loaded;
    as_ext_config config;
    as_error config_error;
    int config_failed;
    resolved *items;
    int n_items;
    size_t cap;
    void (*note)(void *ctx, const char *note);
    void *note_ctx;
    const volatile sig_atomic_t *stop;   /* every driver watches it */
};

const char *as_ext_adapter_path(as_arena *arena)
{
    const char *env = getenv("ARGSPLIT_ADAPTER");
    if (env && *env)
        return as_arena_strdup(arena, env);
    return as_arena_printf(arena, "%s/adapters/python/argsplit_adapter.py", as_data_dir(arena));
}

void as_ext_set_on_note(as_ext_set *set, void (*fn)(void *ctx, const char *note), void *ctx)
{
    set->note = fn;
    set->note_ctx = ctx;
}

void as_ext_set_stop(as_ext_set *set, const volatile sig_atomic_t *stop)
{
    set->stop = stop;
    for (int i = 0; i < set->n_items; i++)
        if (set->items[i].ext)
            as_ext_watch_stop(set->items[i].ext->driver, stop);
}

as_ext_set *as_ext_set_new(const char *config_path)
{
    as_ext_set *set = calloc(1, sizeof *set);
    if (!set)
        abort();
    as_arena_init(&set->arena);
    set->config_named = config_path != NULL;
    if (!config_path) {
        const char *env = getenv("ARGSPLIT_SUBJECTS");
        if (env && *env)
            config_path = env, set->config_named = 1;
        else if (access("subjects.toml", R_OK) == 0)
            config_path = "subjects.toml";
    }
    set->config_path = config_path ? as_arena_strdup(&set->arena, config_path) : NULL;
    return set;
}

void as_ext_set_free(as_ext_set *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->n_items; i++)
        if (set->items[i].ext)
            as_ext_stop(set->items[i].ext->driver);
    free(set->items);
    free(set->allowed);
    as_arena_free(&set->arena);
    free(set);
}

static int ext_split(const as_subject *self, as_arena *arena, const as_case *c, as_split *out)
{
    const ext_subject *e = self->config;
    as_error err;
    return as_ext_split_many(e->driver, arena, &c, 1, out, &err);
}

as_ext *as_subject_driver(const as_subject *s)
{
    if (!s || !(s->caps & AS_CAP_EXTERNAL) || s->split != ext_split)
        return NULL;
    return ((const ext_subject *)s->config)->driver;
}

const char *as_subject_asked_id(const as_subject *s)
{
    return as_subject_driver(s) ? ((const ext_subject *)s->config)->asked : s->id;
}

static const as_ext_config_entry *config_find(as_ext_set *set, const char *name, as_error *err)
{
    if (!set->config_path)
        return NULL;
    if (!set->config_loaded) {
        set->config_loaded = 1;
        set->config_failed = as_ext_config_load(&set->arena, set->config_path, &set->config, &set->config_error) < 0;
    }
    if (set->config_failed) {
        *err = set->config_error;
        return NULL;
    }
    for (int i = 0; i < set->config.n_entries; i++)
        if (strcmp(set->config.entries[i].name, name) == 0)
            return &set->config.entries[i];
    return NULL;
}

/* Start the subject for `id`; NULL with *err when impossible. */
static ext_subject *make(as_ext_set *set, const char *id, as_error *err)
{
    as_arena *a = &set->arena;
    as_ext_options opt;
    as_ext_options_default(&opt);
    const char **argv = NULL;
    int from_ext = 0;
    if (strncmp(id, "py:", 3) == 0 && id[3]) {
        const char *py = getenv("ARGSPLIT_PYTHON");
        argv = as_arena_alloc(a, sizeof *argv * 3);
        argv[0] = py && *py ? py : "python3";
        argv[1] = as_ext_adapter_path(a);
        opt.backend = id;
    } else if (strncmp(id, AS_REAL_PREFIX, strlen(AS_REAL_PREFIX)) == 0) {
        as_real_id r;
        if (as_real_parse(a, id, &r, err) < 0 || as_real_options(a, &r, &opt, err) < 0)
            return NULL;
    } else if (strncmp(id, "ext:", 4) == 0) {
        if (as_ext_split_command(a, id + 4, &argv, err) < 0)
            return NULL;
        from_ext = 1;
    } else {
        as_error_clear(err);
        const as_ext_config_entry *ce = config_find(set, id, err);
        if (!ce) {
            if (!err->type[0])
                as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0, "unknown subject '%s'", id);
            return NULL;
        }
        if (as_ext_split_command(a, ce->command, &argv, err) < 0)
            return NULL;
        opt.backend = ce->backend ? ce->backend : ce->name;
        opt.cwd = ce->cwd;
        if (ce->timeout_ms)
            opt.timeout_ms = ce->timeout_ms;
        if (ce->max_output)
            opt.max_output = ce->max_output;
        if (ce->batch)
            opt.batch = ce->batch;
        if (ce->max_rss_mb)
            opt.max_rss_mb = ce->max_rss_mb;
    }
    if (argv)
        opt.argv = argv;
    opt.stop = set->stop;
    as_ext *drv;
    if (as_ext_start(&opt, &drv, err) < 0)
        return NULL;
    const as_ext_info *info = as_ext_get_info(drv);
    ext_subject *e = as_arena_alloc(a, sizeof *e);
    e->driver = drv;
    e->asked = as_arena_strdup(a, id);
    as_subject *s = &e->subject;
    if (!from_ext)
        s->id = as_arena_strdup(a, id);
    else
        s->id = strchr(info->id, ':') ? info->id : as_arena_printf(a, "ext:%s", info->id);
    s->family = info->family;
    s->version = info->module_version[0] ? info->module_version : info->version;
    if (info->module_path[0])
        s->description = as_arena_printf(a, "external: %s %s %s from %s%s%s", info->id, info->module,
                                         s->version, info->module_path, info->python[0] ? " on Python " : "",
                                         info->python);
    else
        s->description = as_arena_printf(a, "external: %s %s%s%s", info->id, info->version,
                                         info->python[0] ? " on Python " : "", info->python);
    s->caps = info->caps | AS_CAP_EXTERNAL;
    s->split = ext_split;
    s->config = e;
    return e;
}

/* Mark r used now and park the least recently used subjects beyond
 * AS_EXT_MAX_ALIVE alive processes. */
static void cap_alive(as_ext_set *set, resolved *r)
{
    r->used = ++set->clock;
    for (;;) {
        int alive = 0;
        resolved *lru = NULL;
        for (int i = 0; i < set->n_items; i++) {
            resolved *q = &set->items[i];
            if (!q->ext || !as_ext_running(q->ext->driver))
                continue;
            alive++;
            if (q != r && (!lru || q->used < lru->used))
                lru = q;
        }
        if (alive <= AS_EXT_MAX_ALIVE || !lru)
            return;
        as_ext_park(lru->ext->driver);
    }
}

static void note(as_ext_set *set, const char *text)
{
    if (set->note && text)
        set->note(set->note_ctx, text);
}

/* FAMILY@RELEASE of a known family that no model covers: the error that
 * lists the ranges (else the id is for the config file). */
static int release_error(const char *id, as_error *err)
{
    const char *at = strchr(id, '@');
    if (!at || strchr(id, ':') || at - id >= 64)
        return 0;
    char family[64];
    snprintf(family, sizeof family, "%.*s", (int)(at - id), id);
    if (!as_family_known(family))
        return 0;
    as_subject_for_release(family, at + 1, err);
    return 1;
}

const as_subject *as_subject_resolve(as_ext_set *set, const char *id, as_error *err)
{
    const as_subject *builtin = as_subject_find(id);
    if (builtin) {
        char buf[256];
        note(set, as_subject_release_note(id, builtin, buf, sizeof buf));
        return builtin;
    }
    if (release_error(id, err))
        return NULL;
    for (int i = 0; i < set->n_items; i++) {
        if (strcmp(set->items[i].id, id) != 0)
            continue;
        if (set->items[i].ext) {
            cap_alive(set, &set->items[i]);
            return &set->items[i].ext->subject;
        }
        if (err)
            *err = set->items[i].error;
        return NULL;
    }
    if (as_grow(&set->items, &set->cap, set->n_items + 1, sizeof *set->items, 4))
        abort();
    resolved *r = &set->items[set->n_items++];
    memset(r, 0, sizeof *r);
    r->id = as_arena_strdup(&set->arena, id);
    r->ext = make(set, id, &r->error);
    if (!r->ext && err)
        *err = r->error;
    if (r->ext)
        cap_alive(set, r);
    if (r->ext && strncmp(id, AS_REAL_PREFIX, strlen(AS_REAL_PREFIX)) == 0) {
        const as_subject *m = as_ext_model_of(&r->ext->subject);
        char range[96];
        if (m)
            note(set, as_arena_printf(&set->arena, "%s: %s %s from %s, checked against model %s (covers %s)%s",
                                      id, as_ext_get_info(r->ext->driver)->module, r->ext->subject.version,
                                      as_ext_get_info(r->ext->driver)->module_path, m->id,
                                      as_subject_range_text(m, range, sizeof range),
                                      as_subject_covers(m, r->ext->subject.version) ? "" : ": no model covers it"));
    }
    return r->ext ? &r->ext->subject : NULL;
}

void as_ext_set_allow(as_ext_set *set, const char *id)
{
    if (as_grow(&set->allowed, &set->cap_allowed, set->n_allowed + 1, sizeof *set->allowed, 8))
        abort();
    set->allowed[set->n_allowed++] = as_arena_strdup(&set->arena, id);
}

const as_subject *as_subject_resolve_data(as_ext_set *set, const char *id, as_error *err)
{
    int ok = as_subject_find(id) != NULL || (strncmp(id, "py:", 3) == 0 && id[3]);
    for (int i = 0; i < set->n_allowed && !ok; i++)
        ok = strcmp(set->allowed[i], id) == 0;
    if (!ok && set->config_named && strncmp(id, "ext:", 4) != 0) {
        as_error ignore;
        ok = config_find(set, id, &ignore) != NULL;
    }
    if (!ok && strncmp(id, "ext:", 4) == 0) {
        as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0,
                "subject '%s' is a command, and input never starts one: give it with --subject", id);
        return NULL;
    }
    if (!ok) {   /* not built-in, not allowed, not in a config the user named */
        as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0, "unknown subject '%s'", id);
        return NULL;
    }
    return as_subject_resolve(set, id, err);
}

const char *as_ext_failure_relation(const as_split *s)
{
    const char *type = !s->decoration_ok ? s->decoration_error.type
                     : s->has_call && !s->call_ok ? s->call_error.type : "";
    if (strcmp(type, AS_EXT_CRASH) == 0)
        return "subject-crash";
    if (strcmp(type, AS_EXT_TIMEOUT) == 0)
        return "subject-timeout";
    return NULL;
}

const as_subject *as_ext_model_of(const as_subject *ext)
{
    if (!ext || !(ext->caps & AS_CAP_EXTERNAL))
        return NULL;
    /* only a handshake stating module_version of the family's own library
     * (jax for jax.*, equinox for equinox.*) names a JAX/Equinox release;
     * "version" and another module's version may be any library's own
     * (py:mylib.jit: mylib 0.1) */
    const as_ext *drv = as_subject_driver(ext);
    const as_ext_info *info = drv ? as_ext_get_info(drv) : NULL;
    size_t head = strcspn(ext->family, ".");
    const char *release = info && info->module && strlen(info->module) == head &&
                                  strncmp(info->module, ext->family, head) == 0
                              ? info->module_version
                              : "";
    const as_subject *m = NULL;
    if (as_family_known(ext->family) && as_release_valid(release))
        m = as_subject_nearest_release(ext->family, release);
    if (!m)
        m = as_subject_find(ext->family);
    return m && !(m->caps & AS_CAP_EXTERNAL) ? m : NULL;
}
