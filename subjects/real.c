/* real.c — real releases as external subjects; see real.h. */
#include "subjects/real.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "subjects/registry.h"

#ifndef ARGSPLIT_SOURCE_DIR
#define ARGSPLIT_SOURCE_DIR "."
#endif

static const char ADAPTER[] = "adapters/python/argsplit_adapter.py";

/* ---- where things are ------------------------------------------------- */

static int has_adapter(as_arena *a, const char *dir)
{
    return dir && *dir && access(as_arena_printf(a, "%s/%s", dir, ADAPTER), R_OK) == 0;
}

const char *as_data_dir(as_arena *a)
{
    /* ARGSPLIT_SOURCE_DIR: the older name, which the tests' environment sets */
    static const char *const vars[] = {"ARGSPLIT_DATA_DIR", "ARGSPLIT_SOURCE_DIR"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *env = getenv(vars[i]);
        if (env && *env)
            return as_arena_strdup(a, env);
    }
    /* installed: PREFIX/bin/argsplit beside PREFIX/share/argsplit */
    char exe[PATH_MAX], resolved[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            const char *dir = as_arena_printf(a, "%s/../share/argsplit", exe);
            if (has_adapter(a, dir) && realpath(dir, resolved))
                return as_arena_strdup(a, resolved);
        }
    }
    if (has_adapter(a, ARGSPLIT_SOURCE_DIR))
        return ARGSPLIT_SOURCE_DIR;
#ifdef ARGSPLIT_INSTALL_DATADIR
    if (has_adapter(a, ARGSPLIT_INSTALL_DATADIR))
        return ARGSPLIT_INSTALL_DATADIR;
#endif
    return ARGSPLIT_SOURCE_DIR;
}

const char *as_real_env_path(as_arena *a)
{
    const char *env = getenv("ARGSPLIT_REAL_ENV");
    if (env && *env)
        return as_arena_strdup(a, env);
    return as_arena_printf(a, "%s/scripts/real-env", as_data_dir(a));
}

/* ---- running a helper -------------------------------------------------- */

int as_run_capture(as_arena *a, const char *const *argv, char **out, char **err_line)
{
    int po[2], pe[2];
    *out = as_arena_strdup(a, "");
    *err_line = as_arena_strdup(a, "");
    if (pipe(po) < 0)
        return -1;
    if (pipe(pe) < 0) {
        close(po[0]);
        close(po[1]);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(po[i], F_SETFD, FD_CLOEXEC);
        fcntl(pe[i], F_SETFD, FD_CLOEXEC);
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(po[0]);
        close(po[1]);
        close(pe[0]);
        close(pe[1]);
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
            _exit(126);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    as_buf bo, be;
    as_buf_init(&bo, a);
    as_buf_init(&be, a);
    as_buf_puts(&bo, "");
    as_buf_puts(&be, "");
    struct pollfd p[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            char buf[4096];
            ssize_t n = read(p[i].fd, buf, sizeof buf);
            if (n > 0) {
                as_buf_putn(i ? &be : &bo, buf, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(p[i].fd);
                p[i].fd = -1;
                open_fds--;
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (p[i].fd >= 0)
            close(p[i].fd);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    *out = as_buf_str(&bo);
    /* the last non-empty line of stderr */
    char *e = as_buf_str(&be);
    size_t len = strlen(e);
    while (len > 0 && (e[len - 1] == '\n' || e[len - 1] == '\r' || e[len - 1] == ' '))
        e[--len] = '\0';
    char *nl = strrchr(e, '\n');
    *err_line = nl ? nl + 1 : e;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

/* The first line of s, trimmed. */
static char *first_line(as_arena *a, const char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
        s++;
    size_t n = strcspn(s, "\r\n");
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return as_arena_strndup(a, s, n);
}

/* ---- ids ---------------------------------------------------------------- */

int as_real_parse(as_arena *a, const char *id, as_real_id *out, as_error *err)
{
    memset(out, 0, sizeof *out);
    const char *body = strncmp(id, AS_REAL_PREFIX, strlen(AS_REAL_PREFIX)) == 0 ? id + strlen(AS_REAL_PREFIX) : id;
    const char *at = strchr(body, '@');
    if (!at || at == body || !at[1])
        return as_input_error(err, 0, "'%s': a real subject is real:FAMILY@RELEASE or real:FAMILY@PATH "
                              "(e.g. real:jax.jit@0.4.14)", id);
    out->family = as_arena_strndup(a, body, (size_t)(at - body));
    if (!as_family_known(out->family) || strcmp(out->family, "reference") == 0)
        return as_input_error(err, 0, "'%s': unknown family '%s'", id, out->family);
    out->module = strncmp(out->family, "equinox.", 8) == 0 ? "equinox" : "jax";
    const char *what = at + 1;
    if (!strchr(what, '/')) {
        if (!as_release_valid(what))
            return as_input_error(err, 0, "'%s': '%s' is neither a release like 0.4.14 nor a path", id, what);
        out->release = as_arena_strdup(a, what);
        return 0;
    }
    char abs[PATH_MAX];
    struct stat st;
    if (!realpath(what, abs) || stat(abs, &st) < 0 || !S_ISDIR(st.st_mode))
        return as_input_error(err, 0, "'%s': '%s' is no directory (a virtual environment or a %s checkout)", id,
                              what, out->module);
    out->path = as_arena_strdup(a, abs);
    out->is_venv = access(as_arena_printf(a, "%s/bin/python", abs), X_OK) == 0;
    return 0;
}

int as_real_options(as_arena *a, const as_real_id *r, as_ext_options *opt, as_error *err)
{
    const char **argv = as_arena_alloc(a, sizeof *argv * 10);
    int n = 0;
    if (r->release) {
        const char *env = as_real_env_path(a);
        const char *q[5] = {env, "python"};
        int k = 2;
        if (strcmp(r->module, "equinox") == 0)
            q[k++] = "--equinox";
        q[k++] = r->release;
        q[k] = NULL;
        char *out, *line;
        int st = as_run_capture(a, q, &out, &line);
        const char *said = line[0] ? line : first_line(a, out);
        if (st == 3)
            return as_fail(err, "NotInstalled", AS_PHASE_NONE, AS_CAT_NONE, 0, "real:%s@%s: %s", r->family,
                           r->release, said[0] ? said : "not installed (scripts/real-env install RELEASE)");
        if (st == 2)
            return as_input_error(err, 0, "real:%s@%s: %s", r->family, r->release,
                                  said[0] ? said : "real-env does not know this release");
        if (st < 0 || st == 126 || st == 127)
            return as_fail(err, "NotInstalled", AS_PHASE_NONE, AS_CAT_NONE, 0, "real:%s@%s: cannot run %s",
                           r->family, r->release, env);
        const char *interp = first_line(a, out);
        if (st != 0 || !interp[0])
            return as_fail(err, "NotInstalled", AS_PHASE_NONE, AS_CAT_NONE, 0,
                           "real:%s@%s: %s python %s failed (status %d)%s%s", r->family, r->release, env, r->release,
                           st, said[0] ? ": " : "", said);
        argv[n++] = interp;
    } else if (r->is_venv) {
        argv[n++] = as_arena_printf(a, "%s/bin/python", r->path);
    } else {
        const char *py = getenv("ARGSPLIT_REAL_PYTHON");
        argv[n++] = py && *py ? py : "python3";
    }
    argv[n++] = as_ext_adapter_path(a);
    argv[n++] = "--backend";
    argv[n++] = r->family;
    if (r->release) {
        argv[n++] = "--expect";
        argv[n++] = as_arena_printf(a, "%s==%s", r->module, r->release);
    } else if (!r->is_venv) {
        argv[n++] = "--source";
        argv[n++] = r->path;
    }
    argv[n] = NULL;
    opt->argv = argv;
    opt->backend = as_arena_printf(a, "py:%s", r->family);
    opt->expect_backend = r->family;
    opt->expect_module = r->module;
    opt->expect_version = r->release;
    opt->expect_path = r->path && !r->is_venv ? r->path : NULL;
    return 0;
}

/* ---- the list ------------------------------------------------------------ */

static const char *str_of(as_arena *a, const json_t *o, const char *k1, const char *k2, const char *dflt)
{
    const json_t *v = json_object_get(o, k1);
    if (!json_is_string(v) && k2)
        v = json_object_get(o, k2);
    return as_arena_strdup(a, json_is_string(v) ? json_string_value(v) : dflt);
}

int as_real_list(as_arena *a, as_real_release **out, int *n, as_error *err)
{
    const char *env = as_real_env_path(a);
    const char *q[] = {env, "list", "--json", NULL};
    char *text, *line;
    int st = as_run_capture(a, q, &text, &line);
    if (st != 0)
        return as_fail(err, "NotInstalled", AS_PHASE_NONE, AS_CAT_NONE, 0, "%s list --json: %s", env,
                       line[0] ? line : st < 0 || st == 127 ? "cannot run it" : "failed");
    json_error_t jerr;
    json_t *j = json_loads(text, 0, &jerr);
    json_t *list = json_is_array(j) ? j : json_object_get(j, "releases");
    if (!json_is_array(list)) {
        json_decref(j);
        return as_fail(err, "InputError", AS_PHASE_INPUT, AS_CAT_NONE, 0,
                       "%s list --json: not a list of releases (line %d: %s)", env, jerr.line, jerr.text);
    }
    size_t m = json_array_size(list);
    *out = as_arena_alloc(a, sizeof **out * (m + 1));
    *n = 0;
    for (size_t i = 0; i < m; i++) {
        const json_t *e = json_array_get(list, i);
        if (!json_is_object(e))
            continue;
        as_real_release *r = &(*out)[(*n)++];
        r->module = str_of(a, e, "kind", "module", "jax");
        r->release = str_of(a, e, "version", "release", "");
        r->state = str_of(a, e, "state", NULL, "available");
        r->installed = strcmp(r->state, "installed") == 0;
        r->python = str_of(a, e, "python", NULL, "");
        if (strcmp(r->python, "-") == 0)
            r->python = "";
    }
    json_decref(j);
    return 0;
}
