/* external.c — the process driver of external subjects; see external.h and
 * docs/EXTERNAL.md.
 *
 * The child's stdin and stdout are one end of a socketpair: send() with
 * MSG_NOSIGNAL then reports a dead reader as EPIPE instead of raising
 * SIGPIPE, without touching the process-wide signal disposition.  The child
 * runs in its own session (setsid), so killpg() also ends whatever it
 * started.  Every wait is a poll() with a deadline.
 */
#define _GNU_SOURCE   /* execvpe, memmem */
#include "subjects/external.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "oracle/arena.h"
#include "oracle/pyversion.h"
#include "subjects/registry.h"

enum { ERRTAIL = 400, BACKOFF_CAP_MS = 500 };

struct as_ext {
    as_ext_options opt;
    as_arena arena;              /* argv copies and handshake info */
    pthread_mutex_t lock;
    pid_t pid;                   /* -1: not running */
    int fd;                      /* child's stdin+stdout */
    int errfd;                   /* child's stderr, -1 once closed */
    char *in;                    /* bytes received, not yet a whole line */
    size_t in_len, in_cap;
    char errtail[ERRTAIL];       /* last bytes of the child's stderr */
    char tag[64];                /* "ARGSPLIT_SUBJECT_OF=pid:serial": marks its processes */
    char **envp;                 /* the environment it starts with (environ + tag) */
    size_t errtail_len;
    long long next_id;
    int failures;                /* consecutive failures, for the backoff */
    as_ext_info info;
    as_ext_stats stats;
};

/* How a window of requests ended. */
typedef enum outcome { OK = 0, CRASH, TIMEOUT, PROTOCOL, STOPPED } outcome;

void as_ext_options_default(as_ext_options *o)
{
    memset(o, 0, sizeof *o);
    o->timeout_ms = 10000;
    o->startup_ms = 60000;
    o->max_output = 1u << 20;
    o->batch = 64;
    o->max_restarts = 4;
    o->backoff_ms = 25;
    o->max_rss_mb = 2048;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---- the process ---- */

static void errtail_add(as_ext *x, const char *p, size_t n)
{
    if (n >= ERRTAIL) {
        p += n - (ERRTAIL - 1);
        n = ERRTAIL - 1;
    }
    if (x->errtail_len + n >= ERRTAIL) {
        size_t drop = x->errtail_len + n - (ERRTAIL - 1);
        memmove(x->errtail, x->errtail + drop, x->errtail_len - drop);
        x->errtail_len -= drop;
    }
    memcpy(x->errtail + x->errtail_len, p, n);
    x->errtail_len += n;
    x->errtail[x->errtail_len] = '\0';
}

static void drain_stderr(as_ext *x)
{
    char buf[4096];
    while (x->errfd >= 0) {
        ssize_t n = read(x->errfd, buf, sizeof buf);
        if (n > 0) {
            errtail_add(x, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0) {
            close(x->errfd);
            x->errfd = -1;
        }
        return;
    }
}

/* The last non-empty line of the child's stderr, for crash messages. */
static const char *errtail_last_line(as_ext *x, char *buf, size_t size)
{
    size_t n = x->errtail_len;
    while (n > 0 && (x->errtail[n - 1] == '\n' || x->errtail[n - 1] == '\r' || x->errtail[n - 1] == ' '))
        n--;
    size_t start = n;
    while (start > 0 && x->errtail[start - 1] != '\n')
        start--;
    snprintf(buf, size, "%.*s", (int)(n - start), x->errtail + start);
    return buf;
}

/* Every process that belongs to the subject: its session (the child is a
 * session leader), its descendants, and any process carrying its tag in the
 * environment (a grandchild that called setsid and whose parent is gone).
 * Returns how many pids were written to out[0..max). */
static int subject_processes(const as_ext *x, pid_t *out, int max)
{
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    typedef struct { pid_t pid, ppid, sid; int mine; } proc;
    proc *ps = NULL;
    int n = 0;
    size_t cap = 0;
    struct dirent *de;
    pid_t self = getpid();
    while ((de = readdir(d)) != NULL) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end || pid <= 0 || pid == self)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t len = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (len <= 0)
            continue;
        buf[len] = '\0';
        const char *rp = strrchr(buf, ')');   /* the name may hold anything */
        char state;
        long ppid, pgrp, sid;
        if (!rp || sscanf(rp + 1, " %c %ld %ld %ld", &state, &ppid, &pgrp, &sid) != 4)
            continue;
        if (as_grow(&ps, &cap, n + 1, sizeof *ps, 256))
            abort();
        int mine = pid == x->pid || (x->pid > 0 && sid == x->pid);
        if (!mine && x->tag[0]) {
            snprintf(path, sizeof path, "/proc/%ld/environ", pid);
            if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
                char env[65536];
                ssize_t m = read(fd, env, sizeof env);
                close(fd);
                mine = m > 0 && memmem(env, (size_t)m, x->tag, strlen(x->tag) + 1) != NULL;
            }
        }
        ps[n++] = (proc){(pid_t)pid, (pid_t)ppid, (pid_t)sid, mine};
    }
    closedir(d);
    /* descendants of anything marked, to a fixed point */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n && !ps[i].mine; j++)
                if (ps[j].mine && ps[i].ppid == ps[j].pid)
                    ps[i].mine = changed = 1;
    }
    int k = 0;
    for (int i = 0; i < n && k < max; i++)
        if (ps[i].mine)
            out[k++] = ps[i].pid;
    free(ps);
    return k;
}

/* Kill the subject's whole session and everything it started, reap the
 * child (*status: its wait status, or -1 when it was not running) and
 * every descendant that was reparented to us (we are a child subreaper). */
static void kill_child(as_ext *x, int *status)
{
    int st = -1;
    if (x->pid > 0) {
        pid_t all[1024];
        int n = 0;
        killpg(x->pid, SIGKILL);
        for (int pass = 0; pass < 4; pass++) {   /* again: one may have forked meanwhile */
            int m = subject_processes(x, all + n, (int)(sizeof all / sizeof *all) - n);
            for (int i = n; i < n + m; i++)
                kill(all[i], SIGKILL);
            n += m;
            if (m == 0)
                break;
        }
        while (waitpid(x->pid, &st, 0) < 0 && errno == EINTR)
            ;
        /* Orphans of the child are ours now: reap them (bounded wait). */
        for (int round = 0; round < 200; round++) {
            int left = 0;
            for (int i = 0; i < n; i++) {
                if (all[i] <= 0 || all[i] == x->pid)
                    continue;
                pid_t r = waitpid(all[i], NULL, WNOHANG);
                if (r == 0)
                    left++;
                else
                    all[i] = 0;   /* reaped, or not our child (its own parent reaps it) */
            }
            if (!left)
                break;
            sleep_ms(1);
        }
    }
    if (x->fd >= 0)
        close(x->fd);
    if (x->errfd >= 0) {
        drain_stderr(x);
        if (x->errfd >= 0)
            close(x->errfd);
    }
    x->pid = -1;
    x->fd = x->errfd = -1;
    x->in_len = 0;
    if (status)
        *status = st;
}

/* Like kill_child, but first give a process that is exiting by itself a
 * moment, so its real exit status is reported rather than our SIGKILL. */
static void reap_exited(as_ext *x, int *status)
{
    for (int i = 0; i < 50 && x->pid > 0; i++) {
        /* Peek without reaping: while the leader is a zombie its pid (the
         * group id) cannot be reused, so kill_child's killpg is safe. */
        siginfo_t info;
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t)x->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == x->pid)
            break;
        sleep_ms(2);
    }
    kill_child(x, status);
}

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int spawn(as_ext *x, as_error *err)
{
    int sv[2], ep[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return as_fail(err, "OSError", AS_PHASE_NONE, AS_CAT_NONE, 0, "socketpair: %s", strerror(errno));
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ep) < 0) {
        close(sv[0]);
        close(sv[1]);
        return as_fail(err, "OSError", AS_PHASE_NONE, AS_CAT_NONE, 0, "socketpair: %s", strerror(errno));
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        close(ep[0]);
        close(ep[1]);
        return as_fail(err, "OSError", AS_PHASE_NONE, AS_CAT_NONE, 0, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        /* Only async-signal-safe calls until exec.  Its own session, so
         * killpg ends its group; killed when we die, even by SIGKILL. */
        setsid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(126);
        if (dup2(sv[1], 0) < 0 || dup2(sv[1], 1) < 0 || dup2(ep[1], 2) < 0)
            _exit(126);
        if (x->opt.cwd && chdir(x->opt.cwd) < 0)
            _exit(126);
        execvpe(x->opt.argv[0], (char *const *)x->opt.argv, x->envp);
        _exit(127);
    }
    close(sv[1]);
    close(ep[1]);
    x->pid = pid;
    x->fd = sv[0];
    x->errfd = ep[0];
    x->in_len = 0;
    x->errtail_len = 0;
    x->errtail[0] = '\0';
    set_nonblock(x->fd);
    set_nonblock(x->errfd);
    x->stats.starts++;
    return 0;
}

/* ---- line I/O with deadlines ---- */

typedef struct io {
    const char *out;             /* bytes still to send */
    size_t out_len;
    char *line;                  /* a complete line (NUL-terminated, in x->in), or NULL */
    size_t line_len;
    char why[256];               /* for CRASH/PROTOCOL */
} io;

/* Move past a line consumed by the previous io_next. */
static void consume_line(as_ext *x, io *s)
{
    if (!s->line)
        return;
    size_t used = s->line_len + 1;
    memmove(x->in, x->in + used, x->in_len - used);
    x->in_len -= used;
    s->line = NULL;
}

static outcome take_line(as_ext *x, io *s)
{
    char *nl = x->in_len ? memchr(x->in, '\n', x->in_len) : NULL;
    if (nl) {
        s->line = x->in;
        s->line_len = (size_t)(nl - x->in);
        *nl = '\0';
        if (s->line_len > x->opt.max_output) {
            snprintf(s->why, sizeof s->why, "protocol error: an answer of %zu bytes exceeds max_output (%zu)",
                     s->line_len, x->opt.max_output);
            return PROTOCOL;
        }
        return OK;
    }
    if (x->in_len > x->opt.max_output) {
        snprintf(s->why, sizeof s->why, "protocol error: an answer exceeds max_output (%zu bytes)",
                 x->opt.max_output);
        return PROTOCOL;
    }
    return OK;
}

enum { STOP_POLL_MS = 50 };

static int stop_requested(const as_ext *x)
{
    return x->opt.stop && *x->opt.stop;
}

/* Send what is pending and wait for the next complete line until
 * `deadline` (ms, monotonic).  On OK, s->line is set. */
static outcome io_next(as_ext *x, io *s, long long deadline)
{
    consume_line(x, s);
    for (;;) {
        outcome o = take_line(x, s);
        if (o != OK || s->line)
            return o;
        if (stop_requested(x))
            return STOPPED;
        long long left = deadline - now_ms();
        if (left <= 0)
            return TIMEOUT;
        /* With a stop flag, wake up often enough to see it: a signal that
         * lands between the check above and poll() does not interrupt it. */
        long long cap = x->opt.stop ? STOP_POLL_MS : 1000000;
        struct pollfd p[2] = {{x->fd, (short)(POLLIN | (s->out_len ? POLLOUT : 0)), 0},
                              {x->errfd, POLLIN, 0}};
        int r = poll(p, x->errfd >= 0 ? 2 : 1, left > cap ? (int)cap : (int)left);
        if (r < 0 && errno != EINTR) {
            snprintf(s->why, sizeof s->why, "poll: %s", strerror(errno));
            return CRASH;
        }
        if (r <= 0)
            continue;
        if (x->errfd >= 0 && p[1].revents)
            drain_stderr(x);
        if (s->out_len && (p[0].revents & POLLOUT)) {
            ssize_t n = send(x->fd, s->out, s->out_len, MSG_NOSIGNAL);
            if (n > 0) {
                s->out += n;
                s->out_len -= (size_t)n;
            } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                snprintf(s->why, sizeof s->why, "the subject stopped reading (%s)", strerror(errno));
                return CRASH;
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (as_grow(&x->in, &x->in_cap, x->in_len + 65536, 1, 131072))   /* 64 KiB free for recv */
                abort();
            ssize_t n = recv(x->fd, x->in + x->in_len, x->in_cap - x->in_len - 1, 0);
            if (n > 0) {
                x->in_len += (size_t)n;
            } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                snprintf(s->why, sizeof s->why, "the subject closed its output");
                return CRASH;
            }
        }
    }
}

/* "exited with status 3; stderr: ..." for a process that died. */
static void describe_death(as_ext *x, int status, const char *why, char *buf, size_t size)
{
    char tail[ERRTAIL];
    char what[96];
    if (status < 0)
        snprintf(what, sizeof what, "%s", why);
    else if (WIFEXITED(status))
        snprintf(what, sizeof what, "%s: exited with status %d%s", why, WEXITSTATUS(status),
                 WEXITSTATUS(status) == 127 ? " (command not found?)" : "");
    else if (WIFSIGNALED(status))
        snprintf(what, sizeof what, "%s: killed by signal %d (%s)", why, WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(what, sizeof what, "%s", why);
    errtail_last_line(x, tail, sizeof tail);
    if (tail[0])
        snprintf(buf, size, "%s; stderr: %s", what, tail);
    else
        snprintf(buf, size, "%s", what);
}

/* ---- handshake ---- */

static const char *dup_str(as_ext *x, const json_t *j, const char *fallback)
{
    return as_arena_strdup(&x->arena, json_is_string(j) ? json_string_value(j) : fallback);
}

static void read_info(as_ext *x, const json_t *h)
{
    as_ext_info *in = &x->info;
    in->id = dup_str(x, json_object_get(h, "id"), x->opt.backend ? x->opt.backend : "external");
    in->family = dup_str(x, json_object_get(h, "family"), in->id);
    in->version = dup_str(x, json_object_get(h, "version"), "");
    in->python = dup_str(x, json_object_get(h, "python"), "");
    in->backend = dup_str(x, json_object_get(h, "backend"), "");
    in->module = dup_str(x, json_object_get(h, "module"), "");
    in->module_version = dup_str(x, json_object_get(h, "module_version"), "");
    in->module_path = dup_str(x, json_object_get(h, "module_path"), "");
    in->caps = AS_CAP_EXTERNAL;
    const json_t *caps = json_object_get(h, "capabilities");
    for (size_t i = 0; json_is_array(caps) && i < json_array_size(caps); i++) {
        const char *c = json_string_value(json_array_get(caps, i));
        if (c && strcmp(c, "donate") == 0)
            in->caps |= AS_CAP_DONATE;
        if (c && strcmp(c, "axis") == 0)
            in->caps |= AS_CAP_AXIS;
    }
    const json_t *b = json_object_get(h, "backends");
    size_t nb = json_is_array(b) ? json_array_size(b) : 0;
    in->backends = as_arena_alloc(&x->arena, sizeof *in->backends * (nb + 1));
    in->n_backends = 0;
    for (size_t i = 0; i < nb; i++) {
        const json_t *e = json_array_get(b, i);
        if (!json_is_string(json_object_get(e, "id")))
            continue;
        as_ext_backend *d = &in->backends[in->n_backends++];
        d->id = dup_str(x, json_object_get(e, "id"), "");
        d->available = json_is_true(json_object_get(e, "available"));
        d->reason = dup_str(x, json_object_get(e, "reason"), "");
    }
}

/* 1 when `path` is `dir` or lies inside it. */
static int path_inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The handshake against opt.expect_*: -1 with a HandshakeMismatch naming
 * what was asked for and what was stated. */
static int check_expectations(const as_ext *x, as_error *err)
{
    const as_ext_options *o = &x->opt;
    const as_ext_info *in = &x->info;
    const char *b = in->backend;
    int ok = 1;
    if (o->expect_backend)
        ok &= strcmp(b, o->expect_backend) == 0 || (strncmp(b, "py:", 3) == 0 && strcmp(b + 3, o->expect_backend) == 0);
    if (o->expect_module)
        ok &= strcmp(in->module, o->expect_module) == 0;
    if (o->expect_version)
        ok &= in->module_version[0] && as_release_valid(in->module_version) &&
              as_release_cmp(in->module_version, o->expect_version) == 0 && !strchr(in->module_version, 'x');
    if (o->expect_path)
        ok &= in->module_path[0] && path_inside(in->module_path, o->expect_path);
    if (ok)
        return 0;
    return as_fail(err, AS_EXT_MISMATCH, AS_PHASE_NONE, AS_CAT_NONE, 0,
                   "asked for backend %s with %s%s%s%s%s; the subject's handshake states backend %s with %s %s%s%s",
                   o->expect_backend ? o->expect_backend : "(any)", o->expect_module ? o->expect_module : "(any module)",
                   o->expect_version ? "==" : "", o->expect_version ? o->expect_version : "",
                   o->expect_path ? " from " : "", o->expect_path ? o->expect_path : "", b[0] ? b : "(none)",
                   in->module[0] ? in->module : "(no module)", in->module_version[0] ? in->module_version : "(no version)",
                   in->module_path[0] ? " from " : "", in->module_path);
}

/* Start the process and shake hands once; -1 with *err on any failure
 * (the process is then gone). */
static int start_once(as_ext *x, as_error *err)
{
    if (spawn(x, err) < 0)
        return -1;
    json_t *hello = json_pack("{s:s, s:s?}", "protocol", AS_EXT_PROTOCOL, "subject", x->opt.backend);
    char *text = json_dumps(hello, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(hello);
    size_t tlen = strlen(text);
    text[tlen] = '\n';
    io s;
    memset(&s, 0, sizeof s);
    s.out = text;
    s.out_len = tlen + 1;
    outcome o = io_next(x, &s, now_ms() + x->opt.startup_ms);
    free(text);
    if (o != OK) {
        int st;
        char msg[AS_MESSAGE_MAX - 64];
        if (o == TIMEOUT || o == STOPPED) {
            kill_child(x, NULL);
            if (o == STOPPED)
                return as_fail(err, AS_EXT_CRASH, AS_PHASE_NONE, AS_CAT_NONE, 0,
                               "stopped while '%s' was starting", x->opt.argv[0]);
            return as_fail(err, AS_EXT_TIMEOUT, AS_PHASE_NONE, AS_CAT_NONE, 0,
                           "no handshake within %d ms from '%s'", x->opt.startup_ms, x->opt.argv[0]);
        }
        reap_exited(x, &st);
        describe_death(x, st, o == PROTOCOL ? s.why : "no handshake", msg, sizeof msg);
        return as_fail(err, AS_EXT_CRASH, AS_PHASE_NONE, AS_CAT_NONE, 0, "'%s': %s", x->opt.argv[0], msg);
    }
    json_error_t jerr;
    json_t *h = json_loadb(s.line, s.line_len, 0, &jerr);
    consume_line(x, &s);
    const char *proto = json_string_value(json_object_get(h, "protocol"));
    int rc = 0;
    if (!json_is_object(h) || !proto) {
        rc = as_fail(err, AS_EXT_CRASH, AS_PHASE_NONE, AS_CAT_NONE, 0,
                     "'%s' does not speak %s: its first line is no handshake", x->opt.argv[0], AS_EXT_PROTOCOL);
    } else if (strcmp(proto, AS_EXT_PROTOCOL) != 0) {
        rc = as_fail(err, "ProtocolError", AS_PHASE_NONE, AS_CAT_NONE, 0,
                     "'%s' speaks protocol '%s', argsplit speaks '%s'", x->opt.argv[0], proto, AS_EXT_PROTOCOL);
    } else if (json_is_string(json_object_get(h, "error"))) {
        const char *m = json_string_value(json_object_get(h, "message"));
        rc = as_fail(err, json_string_value(json_object_get(h, "error")), AS_PHASE_NONE, AS_CAT_NONE, 0, "%s",
                     m ? m : "the subject refused the handshake");
    } else {
        read_info(x, h);
        rc = check_expectations(x, err);
    }
    json_decref(h);
    if (rc < 0)
        kill_child(x, NULL);
    return rc;
}

/* Make sure a process is running: restart with backoff, give up after
 * max_restarts consecutive failed starts. */
static int ensure_running(as_ext *x, as_error *err)
{
    if (x->pid > 0)
        return 0;
    for (int attempt = 0;; attempt++) {
        if (x->failures > 0) {
            int shift = x->failures > 10 ? 10 : x->failures - 1;
            long delay = (long)x->opt.backoff_ms << shift;
            sleep_ms(delay > BACKOFF_CAP_MS ? BACKOFF_CAP_MS : (int)delay);
        }
        if (start_once(x, err) == 0)
            return 0;
        x->failures++;
        if (attempt + 1 >= x->opt.max_restarts || stop_requested(x))
            return -1;
    }
}

int as_ext_start(const as_ext_options *opt, as_ext **out, as_error *err)
{
    *out = NULL;
    if (!opt->argv || !opt->argv[0])
        return as_input_error(err, 0, "an external subject needs a command");
    as_ext *x = calloc(1, sizeof *x);
    if (!x)
        abort();
    as_arena_init(&x->arena);
    x->opt = *opt;
    int n = 0;
    while (opt->argv[n])
        n++;
    const char **argv = as_arena_alloc(&x->arena, sizeof *argv * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        argv[i] = as_arena_strdup(&x->arena, opt->argv[i]);
    x->opt.argv = argv;
    x->opt.cwd = opt->cwd ? as_arena_strdup(&x->arena, opt->cwd) : NULL;
    x->opt.backend = opt->backend ? as_arena_strdup(&x->arena, opt->backend) : NULL;
    const char **expect[] = {&x->opt.expect_backend, &x->opt.expect_module, &x->opt.expect_version,
                             &x->opt.expect_path};
    for (int i = 0; i < 4; i++)
        if (*expect[i])
            *expect[i] = as_arena_strdup(&x->arena, *expect[i]);
    if (x->opt.timeout_ms <= 0)
        x->opt.timeout_ms = 10000;
    if (x->opt.startup_ms <= 0)
        x->opt.startup_ms = 60000;
    if (x->opt.max_output == 0)
        x->opt.max_output = 1u << 20;
    if (x->opt.batch <= 0)
        x->opt.batch = 64;
    if (x->opt.max_restarts <= 0)
        x->opt.max_restarts = 1;
    x->pid = -1;
    x->fd = x->errfd = -1;
    x->next_id = 1;
    pthread_mutex_init(&x->lock, NULL);
    /* Descendants that leave the subject's session (setsid, double fork)
     * are found by this tag, and reparented to us when their parent dies. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    snprintf(x->tag, sizeof x->tag, "ARGSPLIT_SUBJECT_OF=%ld:%p", (long)getpid(), (void *)x);
    int n_env = 0;
    while (environ[n_env])
        n_env++;
    x->envp = as_arena_alloc(&x->arena, sizeof *x->envp * (size_t)(n_env + 2));
    int k = 0;
    for (int i = 0; i < n_env; i++)
        if (strncmp(environ[i], "ARGSPLIT_SUBJECT_OF=", 20) != 0)
            x->envp[k++] = as_arena_strdup(&x->arena, environ[i]);
    x->envp[k++] = x->tag;
    x->envp[k] = NULL;
    /* The first start is not retried: a command that cannot start now
     * (missing, not installed) will not start a moment later either. */
    if (start_once(x, err) < 0) {
        as_ext_stop(x);
        return -1;
    }
    *out = x;
    return 0;
}

void as_ext_watch_stop(as_ext *x, const volatile sig_atomic_t *stop)
{
    pthread_mutex_lock(&x->lock);
    x->opt.stop = stop;
    pthread_mutex_unlock(&x->lock);
}

void as_ext_stop(as_ext *x)
{
    if (!x)
        return;
    kill_child(x, NULL);
    pthread_mutex_destroy(&x->lock);
    free(x->in);
    as_arena_free(&x->arena);
    free(x);
}

void as_ext_park(as_ext *x)
{
    pthread_mutex_lock(&x->lock);
    kill_child(x, NULL);
    pthread_mutex_unlock(&x->lock);
}

int as_ext_running(as_ext *x)
{
    pthread_mutex_lock(&x->lock);
    int r = x->pid > 0;
    pthread_mutex_unlock(&x->lock);
    return r;
}

const as_ext_info *as_ext_get_info(const as_ext *x)
{
    return &x->info;
}

void as_ext_get_stats(const as_ext *x, as_ext_stats *out)
{
    *out = x->stats;
}

/* ---- requests and answers ---- */

json_t *as_ext_request_json(as_arena *arena, const char *subject_id, const as_case *c)
{
    const char *spec = c->spec ? as_spec_print(arena, c->spec) : "";
    char python[8];
    snprintf(python, sizeof python, "3.%d", c->py_minor);
    return json_pack("{s:s, s:s, s:s, s:s?, s:s}", "subject", subject_id, "signature", c->signature_text, "spec",
                     spec, "call", c->call_text, "python", python);
}

/* A split the driver fills in itself: a call error, or a decoration error
 * for a decoration-only case (which has no call to carry it). */
static void driver_error(as_split *out, const as_case *c, const char *type, const char *message)
{
    as_split_init(out);
    if (!c->call_text) {
        as_split_decoration_error(out, type, "%s", message);
        return;
    }
    out->has_call = 1;
    as_split_call_error(out, type, "%s", message);
}

/* Read one answer line into out[idx of its id]. */
static outcome take_answer(as_ext *x, as_arena *arena, io *s, const as_case *const *cases, const long long *ids,
                           const int *idx, int k, int *answered, as_split *out)
{
    json_error_t jerr;
    json_t *a = json_loadb(s->line, s->line_len, 0, &jerr);
    const json_t *jid = json_object_get(a, "id");
    if (!json_is_object(a) || !json_is_integer(jid)) {
        snprintf(s->why, sizeof s->why, "protocol error: not an answer: %.120s", s->line);
        json_decref(a);
        return PROTOCOL;
    }
    int j = 0;
    while (j < k && ids[j] != json_integer_value(jid))
        j++;
    if (j == k || answered[j]) {
        snprintf(s->why, sizeof s->why, "protocol error: %s id %lld", j == k ? "unknown" : "repeated",
                 (long long)json_integer_value(jid));
        json_decref(a);
        return PROTOCOL;
    }
    as_split *o = &out[idx[j]];
    const json_t *etype = json_object_get(a, "error");
    if (json_is_string(etype)) {
        /* The subject could not run the request at all (backend missing,
         * request outside what it understands): recorded, not a crash. */
        const char *m = json_string_value(json_object_get(a, "message"));
        driver_error(o, cases[idx[j]], json_string_value(etype), m ? m : "");
    } else {
        as_error perr;
        as_error_clear(&perr);
        if (as_split_from_json(arena, a, o, &perr) < 0) {
            snprintf(s->why, sizeof s->why, "protocol error: bad answer: %.200s", perr.message);
            json_decref(a);
            return PROTOCOL;
        }
    }
    json_decref(a);
    answered[j] = 1;
    return OK;
}

/* Send cases idx[0..k) and collect their answers; done[idx[j]] is set for
 * each answer.  On failure the process is killed and `why` describes it. */
static outcome run_window(as_ext *x, as_arena *arena, const as_case *const *cases, const int *idx, int k,
                          as_split *out, char *done, char *why, size_t why_size)
{
    long long *ids = malloc(sizeof *ids * (size_t)k);
    int *answered = calloc((size_t)k, sizeof *answered);
    if (!ids || !answered)
        abort();
    char *reqs = NULL;
    size_t reqs_len = 0;
    FILE *mem = open_memstream(&reqs, &reqs_len);
    if (!mem)
        abort();
    for (int j = 0; j < k; j++) {
        json_t *r = as_ext_request_json(arena, x->info.id, cases[idx[j]]);
        ids[j] = x->next_id++;
        json_object_set_new(r, "id", json_integer(ids[j]));
        json_dumpf(r, mem, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', mem);
        json_decref(r);
    }
    fclose(mem);
    x->stats.requests += k;
    io s;
    memset(&s, 0, sizeof s);
    s.out = reqs;
    s.out_len = reqs_len;
    outcome o = OK;
    for (int got = 0; got < k && o == OK;) {
        o = io_next(x, &s, now_ms() + x->opt.timeout_ms);
        if (o == OK)
            o = take_answer(x, arena, &s, cases, ids, idx, k, answered, out);
        if (o == OK) {
            got++;
            x->stats.answers++;
            x->failures = 0;
        }
    }
    consume_line(x, &s);
    for (int j = 0; j < k; j++)
        if (answered[j])
            done[idx[j]] = 1;
    free(reqs);
    free(ids);
    free(answered);
    if (o == OK)
        return OK;
    int st = -1;
    if (o == STOPPED) {   /* not the subject's fault: no failure counted */
        kill_child(x, NULL);
        snprintf(why, why_size, "stopped before the subject answered");
        return o;
    }
    if (o == TIMEOUT) {
        kill_child(x, NULL);
        snprintf(why, why_size, "no answer within %d ms", x->opt.timeout_ms);
    } else if (o == CRASH) {
        reap_exited(x, &st);
        describe_death(x, st, s.why, why, why_size);
    } else {
        kill_child(x, NULL);
        snprintf(why, why_size, "%s", s.why);
    }
    x->failures++;
    return o;
}

/* Resident set size of the child in MiB, or -1 when unknown. */
static long child_rss_mb(const as_ext *x)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/statm", (long)x->pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long size = 0, rss = -1;
    if (fscanf(f, "%ld %ld", &size, &rss) != 2)
        rss = -1;
    fclose(f);
    return rss < 0 ? -1 : rss * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

int as_ext_split_many(as_ext *x, as_arena *arena, const as_case *const *cases, int n, as_split *out,
                      as_error *err)
{
    int rc = 0;
    as_error local;
    if (!err)
        err = &local;
    as_error_clear(err);
    pthread_mutex_lock(&x->lock);
    int *idx = malloc(sizeof *idx * (size_t)(n + 1));
    char *done = calloc((size_t)n + 1, 1);
    if (!idx || !done)
        abort();
    for (int i = 0; i < n; i++)
        as_split_init(&out[i]);
    char why[AS_MESSAGE_MAX - 64];
    int stopped = 0;
    for (int next = 0; next < n && rc == 0 && !(stopped = stop_requested(x));) {
        if (x->pid > 0 && x->opt.max_rss_mb > 0 && child_rss_mb(x) > x->opt.max_rss_mb) {
            kill_child(x, NULL);
            x->stats.recycles++;
        }
        if (ensure_running(x, err) < 0) {
            rc = -1;
            break;
        }
        int k = n - next < x->opt.batch ? n - next : x->opt.batch;
        for (int j = 0; j < k; j++)
            idx[j] = next + j;
        outcome o = run_window(x, arena, cases, idx, k, out, done, why, sizeof why);
        next += k;
        if (o == OK)
            continue;
        if (o == STOPPED)
            break;
        /* Replay the requests left without an answer one at a time: the one
         * that fails alone is the culprit. */
        int m = 0;
        for (int j = 0; j < k; j++)
            if (!done[idx[j]])
                idx[m++] = idx[j];
        for (int j = 0; j < m; j++) {
            if (ensure_running(x, err) < 0) {
                rc = -1;
                break;
            }
            as_split_init(&out[idx[j]]);
            o = run_window(x, arena, cases, &idx[j], 1, out, done, why, sizeof why);
            if (o == OK)
                continue;
            if (o == STOPPED)
                break;
            if (o == TIMEOUT)
                x->stats.timeouts++;
            else
                x->stats.crashes++;
            if (o == PROTOCOL)
                x->stats.protocol_errors++;
            driver_error(&out[idx[j]], cases[idx[j]], o == TIMEOUT ? AS_EXT_TIMEOUT : AS_EXT_CRASH, why);
            done[idx[j]] = 1;
        }
    }
    /* No process any more, or asked to stop: every split not obtained says so. */
    stopped = stopped || stop_requested(x);
    for (int i = 0; (rc < 0 || stopped) && i < n; i++)
        if (!done[i])
            driver_error(&out[i], cases[i], AS_EXT_CRASH, rc < 0 ? err->message : "stopped before the subject answered");
    free(idx);
    free(done);
    pthread_mutex_unlock(&x->lock);
    return rc;
}
