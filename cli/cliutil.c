/* cliutil.c — see cliutil.h. */
#include "cli/cliutil.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oracle/arena.h"
#include "oracle/binder.h"
#include "oracle/pyversion.h"
#include "subjects/external.h"
#include "subjects/registry.h"

int cli_fail(const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "argsplit: %s: ", what);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return AS_EXIT_BAD_INPUT;
}

/* Set by SIGINT/SIGTERM to the signal's number (cli_stop_on_signals).  A
 * signal flag has to be a global. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    stop_requested = sig;
}

void cli_stop_on_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

const volatile sig_atomic_t *cli_stop_flag(void)
{
    return &stop_requested;
}

int cli_stopped(const char *cmd, const char *fmt, ...)
{
    int sig = stop_requested;
    if (!sig)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "argsplit %s: stopped by %s after ", cmd, sig == SIGINT ? "SIGINT" : "SIGTERM");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 128 + sig;
}

static void print_note(void *ctx, const char *note)
{
    fprintf(stderr, "argsplit %s: %s\n", (const char *)ctx, note);
}

void cli_ext_notes(as_ext_set *set, const char *cmd)
{
    as_ext_set_on_note(set, print_note, (void *)cmd);
}

as_ext_set *cli_ext_set(const char *cmd)
{
    as_ext_set *set = as_ext_set_new(NULL);
    cli_ext_notes(set, cmd);
    return set;
}

int cli_fail_error(const char *what, const as_error *err)
{
    if (err->column > 0)
        fprintf(stderr, "argsplit: %s:1:%d: %s: %s\n", what, err->column, err->type, err->message);
    else
        fprintf(stderr, "argsplit: %s: %s: %s\n", what, err->type, err->message);
    return AS_EXIT_BAD_INPUT;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "argsplit: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'argsplit %s --help')\n", cmd);
    va_end(ap);
    return AS_EXIT_BAD_INPUT;
}

const char *cli_suggest(const char *name, const char *const *candidates, int n)
{
    return as_suggest(name, candidates, n);
}

/* ---- options ---- */

/* The long options `name` (without "--" and "=value") abbreviates: the
 * exact match alone, else every option it is a prefix of. */
static int matches(const struct option *opts, const char *name, size_t len, const struct option **first)
{
    int n = 0;
    *first = NULL;
    for (const struct option *o = opts; o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
            *first = o;
            return 1;
        }
    for (const struct option *o = opts; o->name; o++)
        if (strncmp(o->name, name, len) == 0 && (!*first || (*first)->val != o->val)) {
            if (!*first)
                *first = o;
            n++;
        }
    return n;
}

static int bad_option(cli_parser *p, const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return cli_usage_error(p->cmd, "unknown option '-%c'", optopt ? optopt : '?');
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    const struct option *hit;
    int n = matches(p->opts, name, len, &hit);
    if (n == 1 && name[len] == '=' && hit->has_arg == no_argument)
        return cli_usage_error(p->cmd, "option '--%s' takes no value", hit->name);
    if (n > 1)
        return cli_usage_error(p->cmd, "ambiguous option '--%.*s'", (int)len, name);
    const char *cands[64];
    int k = 0;
    for (const struct option *o = p->opts; o->name && k < 64; o++)
        cands[k++] = o->name;
    char typed[64];
    snprintf(typed, sizeof typed, "%.*s", (int)len, name);
    const char *best = cli_suggest(typed, cands, k);
    if (best)
        return cli_usage_error(p->cmd, "unknown option '--%s'; did you mean '--%s'?", typed, best);
    return cli_usage_error(p->cmd, "unknown option '--%s'", typed);
}

int cli_next(cli_parser *p, int argc, char **argv, const char **value)
{
    char shortopts[64];
    snprintf(shortopts, sizeof shortopts, ":h%s", p->shortopts ? p->shortopts : "");
    if (!p->started) {
        p->started = 1;
        optind = 0;   /* GNU: start over (a fresh argv) */
        opterr = 0;
    }
    optopt = 0;
    int k = getopt_long(argc, argv, shortopts, p->opts, NULL);
    *value = optarg;
    if (k == -1) {
        p->operand = optind;
        return -1;
    }
    if (k == 'h') {
        fputs(p->usage, stdout);
        return CLI_HELP;
    }
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    if (k == ':') {
        if (strncmp(arg, "--", 2) == 0)
            return cli_usage_error(p->cmd, "option '%s' needs a value", arg);
        return cli_usage_error(p->cmd, "option '-%c' needs a value", optopt);
    }
    if (k == '?')
        return bad_option(p, arg), CLI_BAD;
    return k;
}

/* ---- --subject ---- */

void cli_subjects_add(cli_subjects *s, const char *value)
{
    while (*value) {
        size_t len = strcspn(value, ",");
        int dup = len == 0;
        for (int i = 0; i < s->n && !dup; i++)
            dup = strlen(s->names[i]) == len && strncmp(s->names[i], value, len) == 0;
        if (!dup) {
            if (as_grow(&s->names, &s->cap, s->n + 1, sizeof *s->names, 8))
                abort();
            char *name = malloc(len + 1);
            if (!name)
                abort();
            memcpy(name, value, len);
            name[len] = '\0';
            s->names[s->n++] = name;
        }
        value += len + (value[len] == ',');
    }
}

char *cli_subjects_join(const cli_subjects *s)
{
    if (s->n == 0)
        return NULL;
    size_t len = 1;
    for (int i = 0; i < s->n; i++)
        len += strlen(s->names[i]) + 1;
    char *out = malloc(len), *q = out;
    if (!out)
        abort();
    for (int i = 0; i < s->n; i++) {
        size_t n = strlen(s->names[i]);
        if (i)
            *q++ = ',';
        memcpy(q, s->names[i], n);
        q += n;
    }
    *q = '\0';
    return out;
}

void cli_subjects_free(cli_subjects *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    s->names = NULL;
    s->n = 0;
    s->cap = 0;
}

int cli_unknown_subject(const char *name)
{
    const as_subject *const *all = as_subjects_all();
    int n = as_subjects_count();
    const char **cands = malloc(sizeof *cands * (size_t)(2 * n + 1));
    if (!cands)
        abort();
    int k = 0;
    cands[k++] = "all";
    for (int i = 0; all[i]; i++) {
        cands[k++] = all[i]->id;
        int seen = strcmp(all[i]->family, all[i]->id) == 0;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(all[j]->family, all[i]->family) == 0;
        if (!seen)
            cands[k++] = all[i]->family;
    }
    const char *best = cli_suggest(name, cands, k);
    if (best)
        cli_fail("--subject", "unknown subject '%s'; did you mean '%s'? (see 'argsplit subjects')", name, best);
    else
        cli_fail("--subject", "unknown subject '%s' (see 'argsplit subjects')", name);
    free(cands);
    return AS_EXIT_BAD_INPUT;
}

int cli_fail_subject(const char *name, const as_error *err)
{
    if (strcmp(err->type, "InputError") == 0 && strstr(err->message, "unknown subject"))
        return cli_unknown_subject(name);
    return cli_fail("--subject", "%s: %s", err->type, err->message);
}

int cli_subjects_check(struct as_ext_set *ext, const char *list)
{
    cli_subjects names = {NULL, 0, 0};
    cli_subjects_add(&names, list ? list : "");
    int status = AS_EXIT_OK;
    for (int i = 0; i < names.n && status == AS_EXIT_OK; i++) {
        as_error err;
        as_error_clear(&err);
        if (strcmp(names.names[i], "all") != 0 && !as_subject_resolve(ext, names.names[i], &err))
            status = cli_fail_subject(names.names[i], &err);
    }
    cli_subjects_free(&names);
    return status;
}

int cli_python_minor(const char *text)
{
    int minor = as_pyversion_parse(text);
    if (minor < 0)
        cli_fail("--python", "'%s' is not a supported Python version (3.%d to 3.%d)", text,
                 AS_PY_MIN, AS_PY_MAX);
    return minor;
}

int cli_write_file(const char *path, const char *text, size_t len)
{
    if (!path || strcmp(path, "-") == 0) {
        int ok = fwrite(text, 1, len, stdout) == len;
        ok = (fflush(stdout) == 0) && ok;
        return ok ? 0 : cli_fail("stdout", "write failed");
    }
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        abort();
    snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return cli_fail(path, "cannot write: %s", strerror(e));
    }
    int e = 0;
    for (size_t off = 0; off < len && !e;) {
        ssize_t n = write(fd, text + off, len - off);
        if (n > 0)
            off += (size_t)n;
        else if (n < 0 && errno != EINTR)
            e = errno;
    }
    if (!e && fsync(fd) < 0)
        e = errno;
    /* mkstemp makes it 0600; give it what a plain fopen would have */
    mode_t mask = umask(0);
    umask(mask);
    if (!e && fchmod(fd, 0666 & ~mask) < 0)
        e = errno;
    if (close(fd) < 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) < 0)
        e = errno;
    if (e)
        unlink(tmp);
    free(tmp);
    return e ? cli_fail(path, "write failed: %s (the previous file, if any, is unchanged)", strerror(e)) : 0;
}
