/* expectations.c — see expectations.h. */
#include "conformance/expectations.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/outcome.h"
#include "engine/pysnippet.h"
#include "oracle/textfile.h"
#include "subjects/external.h"
#include "subjects/registry.h"

void as_expectations_init(as_expectations *e)
{
    memset(e, 0, sizeof *e);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

int as_version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10);
        long y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
        if ((*a && (*a < '0' || *a > '9')) || (*b && (*b < '0' || *b > '9')))
            return strcmp(a, b);
    }
    return 0;
}

/* Parse "family", "family@V" or "family@LO..HI" into e. */
static int parse_selector(as_arena *a, const char *sel, as_expect_entry *e)
{
    const char *at = strchr(sel, '@');
    if (!at) {
        e->family = sel;
        e->lo = e->hi = NULL;
    } else {
        e->family = as_arena_strndup(a, sel, (size_t)(at - sel));
        const char *dots = strstr(at + 1, "..");
        if (dots) {
            e->lo = as_arena_strndup(a, at + 1, (size_t)(dots - at - 1));
            e->hi = as_arena_strdup(a, dots + 2);
        } else {
            e->lo = e->hi = as_arena_strdup(a, at + 1);
        }
        if (!*e->lo || !*e->hi || as_version_cmp(e->lo, e->hi) > 0)
            return -1;
    }
    /* the family must exist (as_subject_find accepts a bare family name);
     * an external subject's namespace is its id: "py:mylib.jit" (a ':') or
     * a subjects.toml NAME ("mylib"), which may not start like a built-in
     * family ("jax.", "equinox."), so a misspelt family is still an error */
    if (as_subject_find(e->family) || strchr(e->family, ':'))
        return 0;
    for (const char *p = e->family; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_-.", *p))
            return -1;
    size_t head = strcspn(e->family, ".");
    const as_subject *const *all = as_subjects_all();
    for (int i = 0; all[i]; i++)
        if (strcspn(all[i]->family, ".") == head && strncmp(all[i]->family, e->family, head) == 0)
            return -1;
    return *e->family ? 0 : -1;
}

const char *as_expect_namespace(const as_subject *s)
{
    return (s->caps & AS_CAP_EXTERNAL) ? s->id : s->family;
}

const char *as_expect_file_name(as_arena *a, const char *ns)
{
    char *name = as_arena_printf(a, "%s.txt", ns);
    for (char *p = name; p[4]; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._@-", *p)))
            *p = '_';
    return name;
}

int as_expect_applies(const as_expect_entry *e, const as_subject *s)
{
    if (strcmp(e->family, as_expect_namespace(s)) != 0)
        return 0;
    if (!e->lo)
        return 1;
    return as_version_cmp(e->lo, s->version) <= 0 && as_version_cmp(s->version, e->hi) <= 0;
}

static as_expect_entry *push(as_arena *a, as_expectations *x)
{
    if (x->n == x->cap) {
        int ncap = x->cap ? x->cap * 2 : 64;
        x->v = as_arena_realloc(a, x->v, sizeof *x->v * (size_t)x->cap, sizeof *x->v * (size_t)ncap);
        x->cap = ncap;
    }
    as_expect_entry *e = &x->v[x->n++];
    memset(e, 0, sizeof *e);
    return e;
}

static int check_entry(as_arena *a, const as_expect_entry *e, as_error *err)
{
    if (!e->reason)
        return as_text_error(err, e->file, e->line, as_arena_printf(a, "entry '%s' has no 'reason:' line", e->key));
    return 0;
}

int as_expect_parse(as_arena *a, const char *file, const char *text, size_t len, as_expectations *out,
                    as_error *err)
{
    file = as_arena_strdup(a, file);
    as_expect_entry header;
    memset(&header, 0, sizeof header);
    int have_header = 0, lineno = 0;
    as_expect_entry *cur = NULL;
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        const char *line = text + pos;
        size_t n = end - pos;
        pos = end + 1;
        while (n > 0 && is_blank(line[n - 1]))
            n--;
        if (memchr(line, '\0', n))
            return as_text_error(err, file, lineno, "NUL byte in expectation file");
        if (n == 0 || line[0] == '#')
            continue;
        if (line[0] == '[') {
            if (cur && check_entry(a, cur, err) < 0)
                return -1;
            cur = NULL;
            if (line[n - 1] != ']' || n < 3)
                return as_text_error(err, file, lineno, "a header is '[family]', '[family@V]' or '[family@LO..HI]'");
            memset(&header, 0, sizeof header);
            header.selector = as_arena_strndup(a, line + 1, n - 2);
            if (parse_selector(a, header.selector, &header) < 0)
                return as_text_error(err, file, lineno,
                               as_arena_printf(a, "unknown subject family or bad version range '%s'",
                                               header.selector));
            have_header = 1;
            continue;
        }
        if (is_blank(line[0])) {
            if (!cur)
                return as_text_error(err, file, lineno, "indented line outside an entry");
            const char *s = line;
            while (is_blank(*s))
                s++;
            size_t sn = n - (size_t)(s - line);
            if (sn >= 7 && memcmp(s, "reason:", 7) == 0) {
                const char *v = s + 7;
                while (v < line + n && is_blank(*v))
                    v++;
                if (cur->reason)
                    cur->reason = as_arena_printf(a, "%s %.*s", cur->reason, (int)(line + n - v), v);
                else
                    cur->reason = as_arena_strndup(a, v, (size_t)(line + n - v));
            } else if (sn >= 5 && memcmp(s, "link:", 5) == 0) {
                const char *v = s + 5;
                while (v < line + n && is_blank(*v))
                    v++;
                if (cur->link)
                    return as_text_error(err, file, lineno, "an entry has at most one 'link:'");
                cur->link = as_arena_strndup(a, v, (size_t)(line + n - v));
            } else {
                return as_text_error(err, file, lineno, "expected '    reason: TEXT' or '    link: URL'");
            }
            continue;
        }
        if (!have_header)
            return as_text_error(err, file, lineno, "entry before the first [family...] header");
        if (cur && check_entry(a, cur, err) < 0)
            return -1;
        /* KEY: OUTCOME, where a tag key is tag:NAME */
        size_t k = 0;
        if (n > 4 && memcmp(line, "tag:", 4) == 0)
            k = 4;
        while (k < n && line[k] != ':' && !is_blank(line[k]))
            k++;
        if (k >= n || line[k] != ':' || k == 0)
            return as_text_error(err, file, lineno, "expected 'CASE-ID: OUTCOME' or 'tag:NAME: OUTCOME'");
        cur = push(a, out);
        *cur = header;
        cur->key = as_arena_strndup(a, line, k);
        const char *v = line + k + 1;
        while (v < line + n && is_blank(*v))
            v++;
        cur->outcome = as_arena_strndup(a, v, (size_t)(line + n - v));
        cur->file = file;
        cur->line = lineno;
        int is_tag = strncmp(cur->key, "tag:", 4) == 0;
        if (strcmp(cur->outcome, "*") == 0) {
            if (!is_tag)
                return as_text_error(err, file, lineno, "'*' (any failure) is only for tag:NAME entries");
        } else if (strcmp(cur->outcome, "skip") != 0) {
            const char *bad = as_outcome_check(cur->outcome);
            if (bad)
                return as_text_error(err, file, lineno, as_arena_printf(a, "bad outcome: %s", bad));
        }
    }
    if (cur && check_entry(a, cur, err) < 0)
        return -1;
    return 0;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int as_expect_load_dir(as_arena *a, const char *dir, as_expectations *out, as_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return as_input_error(err, 0, "%s: %s", dir, strerror(errno));
    const char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t ln = strlen(de->d_name);
        if (de->d_name[0] == '.' || ln < 4 || strcmp(de->d_name + ln - 4, ".txt") != 0)
            continue;
        if (n == cap) {
            int ncap = cap ? cap * 2 : 16;
            names = as_arena_realloc(a, (void *)names, sizeof *names * (size_t)cap, sizeof *names * (size_t)ncap);
            cap = ncap;
        }
        names[n++] = as_arena_printf(a, "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (n > 0)
        qsort((void *)names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char *text;
        size_t len;
        if (as_conf_read_file(a, names[i], &text, &len, err) < 0 ||
            as_expect_parse(a, names[i], text, len, out, err) < 0)
            return -1;
    }
    return 0;
}

typedef struct key_pos {
    const char *key;
    int pos;
} key_pos;

static int cmp_key_pos(const void *x, const void *y)
{
    const key_pos *p = x, *q = y;
    int c = strcmp(p->key, q->key);
    return c ? c : (p->pos > q->pos) - (p->pos < q->pos);
}

void as_expect_index(as_arena *a, as_expectations *ex)
{
    key_pos *kp = as_arena_alloc(a, sizeof *kp * (size_t)(ex->n + 1));
    for (int i = 0; i < ex->n; i++)
        kp[i] = (key_pos){ex->v[i].key, i};
    qsort(kp, (size_t)ex->n, sizeof *kp, cmp_key_pos);
    ex->order = as_arena_alloc(a, sizeof *ex->order * (size_t)(ex->n + 1));
    for (int i = 0; i < ex->n; i++)
        ex->order[i] = kp[i].pos;
}

/* The first index in ex->order whose entry's key is >= key. */
static int lower_bound(const as_expectations *ex, const char *key)
{
    int lo = 0, hi = ex->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(ex->v[ex->order[mid]].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int as_expect_find(as_arena *a, const as_expectations *ex, const as_subject *s, const as_conf_case *c,
                   const as_expect_entry **found, as_error *err)
{
    const as_expect_entry *by_id = NULL, *by_tag = NULL;
    for (int k = lower_bound(ex, c->id); k < ex->n && strcmp(ex->v[ex->order[k]].key, c->id) == 0; k++) {
        const as_expect_entry *e = &ex->v[ex->order[k]];
        if (!as_expect_applies(e, s))
            continue;
        if (by_id)
            return as_text_error(err, e->file, e->line,
                           as_arena_printf(a, "second expectation for case '%s' on %s (first at %s:%d)",
                                           c->id, s->id, by_id->file, by_id->line));
        by_id = e;
    }
    for (int t = 0; t < c->n_tags && !by_id; t++) {
        const char *key = as_arena_printf(a, "tag:%s", c->tags[t]);
        for (int k = lower_bound(ex, key); k < ex->n && strcmp(ex->v[ex->order[k]].key, key) == 0; k++) {
            const as_expect_entry *e = &ex->v[ex->order[k]];
            if (as_expect_applies(e, s)) {
                if (!by_tag || e < by_tag)
                    by_tag = e;
                break;   /* the range is in file order */
            }
        }
    }
    *found = by_id ? by_id : by_tag;
    return 0;
}

static const char *range_selector(as_arena *a, const char *family, const as_subject *const *subjects, int n,
                                  int lo, int hi)
{
    if (lo == 0 && hi == n - 1)
        return family;
    if (lo == hi)
        return subjects[lo]->id;
    return as_arena_printf(a, "%s@%s..%s", family, subjects[lo]->version, subjects[hi]->version);
}

static int same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

typedef struct run {
    int lo, hi, kase;
} run;

static int cmp_run(const void *x, const void *y)
{
    const run *p = x, *q = y;
    if (p->lo != q->lo)
        return p->lo - q->lo;
    if (p->hi != q->hi)
        return q->hi - p->hi;    /* wider ranges first */
    return p->kase - q->kase;
}

char *as_expect_write_family(as_arena *a, const char *family, const as_subject *const *subjects, int n_subjects,
                             const as_conf_suite *suite, const as_expect_cell *cells, const as_expectations *keep)
{
    as_buf b;
    as_buf_init(&b, a);
    /* an ext:CMD subject is named again as it was given (its handshake's id does not resolve) */
    const char *again = family;
    for (int s = 0; s < n_subjects; s++)
        if (strcmp(as_subject_asked_id(subjects[s]), subjects[s]->id) != 0)
            again = as_shell_quote(a, as_subject_asked_id(subjects[s]));
    as_buf_printf(&b, "# Known discrepancies of %s from the reference policy (conformance/REFERENCE.md).\n"
                      "# Each entry records what the subject does; see docs/CONFORMANCE.md.\n"
                      "# Regenerate with: argsplit check --subject %s --update-expectations\n",
                  family, again);
    const char *last_sel = NULL;
    for (int i = 0; keep && i < keep->n; i++) {
        const as_expect_entry *e = &keep->v[i];
        if (strcmp(e->family, family) != 0 || strncmp(e->key, "tag:", 4) != 0)
            continue;
        if (!same(last_sel, e->selector))
            as_buf_printf(&b, "\n[%s]\n", e->selector);
        last_sel = e->selector;
        as_buf_printf(&b, "%s: %s\n    reason: %s\n", e->key, e->outcome, e->reason);
        if (e->link)
            as_buf_printf(&b, "    link: %s\n", e->link);
    }
    int nr = 0, cap = 64;
    run *runs = as_arena_alloc(a, sizeof *runs * (size_t)cap);
    for (int c = 0; c < suite->n_cases; c++) {
        const as_expect_cell *row = &cells[(size_t)c * (size_t)n_subjects];
        for (int s = 0; s < n_subjects;) {
            if (!row[s].outcome) {
                s++;
                continue;
            }
            int e = s;
            while (e + 1 < n_subjects && row[e + 1].outcome && same(row[e + 1].outcome, row[s].outcome) &&
                   same(row[e + 1].reason, row[s].reason) && same(row[e + 1].link, row[s].link))
                e++;
            if (nr == cap) {
                runs = as_arena_realloc(a, runs, sizeof *runs * (size_t)cap, sizeof *runs * (size_t)cap * 2);
                cap *= 2;
            }
            runs[nr++] = (run){s, e, c};
            s = e + 1;
        }
    }
    if (nr > 0)
        qsort(runs, (size_t)nr, sizeof *runs, cmp_run);
    last_sel = NULL;
    for (int i = 0; i < nr; i++) {
        const char *sel = range_selector(a, family, subjects, n_subjects, runs[i].lo, runs[i].hi);
        if (!same(last_sel, sel))
            as_buf_printf(&b, "\n[%s]\n", sel);
        last_sel = sel;
        const as_expect_cell *cell = &cells[(size_t)runs[i].kase * (size_t)n_subjects + (size_t)runs[i].lo];
        as_buf_printf(&b, "%s: %s\n    reason: %s\n", suite->cases[runs[i].kase].id, cell->outcome,
                      cell->reason ? cell->reason : "unexplained");
        if (cell->link)
            as_buf_printf(&b, "    link: %s\n", cell->link);
    }
    return as_buf_str(&b);
}
