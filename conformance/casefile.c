/* casefile.c — see casefile.h. */
#include "conformance/casefile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conformance/outcome.h"
#include "oracle/pyversion.h"
#include "oracle/textfile.h"
#include "subjects/registry.h"

void as_conf_suite_init(as_conf_suite *s)
{
    memset(s, 0, sizeof *s);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Split a value on blanks into an arena array. */
static const char **split_words(as_arena *a, const char *s, int *n)
{
    int cap = 4, k = 0;
    const char **v = as_arena_alloc(a, sizeof *v * (size_t)cap);
    while (*s) {
        while (is_blank(*s))
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && !is_blank(*e))
            e++;
        if (k == cap) {
            v = as_arena_realloc(a, v, sizeof *v * (size_t)cap, sizeof *v * (size_t)cap * 2);
            cap *= 2;
        }
        v[k++] = as_arena_strndup(a, s, (size_t)(e - s));
        s = e;
    }
    *n = k;
    return v;
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

enum { F_ID, F_SIGNATURE, F_SPEC, F_CALL, F_REFERENCE, F_PYTHON, F_SUBJECTS, F_TAGS, F_DESCRIPTION,
       F_LINKS, F_COUNT };
static const char *const field_names[F_COUNT] = {"id", "signature", "spec", "call", "reference",
                                                 "python", "subjects", "tags", "description", "links"};

typedef struct pending {
    as_buf value[F_COUNT];
    int line[F_COUNT];     /* 0: field absent */
    int header_line;
} pending;

static int finish_case(as_arena *a, const char *file, pending *p, as_conf_suite *suite, as_error *err)
{
    static const int required[] = {F_SIGNATURE, F_SPEC, F_REFERENCE};
    for (int i = 0; i < 3; i++)
        if (!p->line[required[i]])
            return as_text_error(err, file, p->header_line,
                           as_arena_printf(a, "case '%s' has no '%s:' field", as_buf_str(&p->value[F_ID]),
                                           field_names[required[i]]));
    as_conf_case c;
    memset(&c, 0, sizeof c);
    c.file = file;
    c.line = p->header_line;
    c.id = as_buf_str(&p->value[F_ID]);
    c.signature = as_buf_str(&p->value[F_SIGNATURE]);
    c.signature_line = p->line[F_SIGNATURE];
    c.spec = as_buf_str(&p->value[F_SPEC]);
    c.spec_line = p->line[F_SPEC];
    c.call_line = p->line[F_CALL];
    if (c.call_line) {
        c.call = as_buf_str(&p->value[F_CALL]);
        if (strcmp(c.call, "-") == 0 || !*c.call)
            c.call = NULL;
    }
    c.reference = as_buf_str(&p->value[F_REFERENCE]);
    c.reference_line = p->line[F_REFERENCE];
    const char *bad = as_outcome_check(c.reference);
    if (bad)
        return as_text_error(err, file, c.reference_line, as_arena_printf(a, "bad reference outcome: %s", bad));
    c.py_minor = AS_PY_DEFAULT;
    if (p->line[F_PYTHON]) {
        c.py_minor = as_pyversion_parse(as_buf_str(&p->value[F_PYTHON]));
        if (c.py_minor < 0)
            return as_text_error(err, file, p->line[F_PYTHON], "python must be 3.8 .. 3.13");
    }
    if (p->line[F_SUBJECTS]) {
        c.subjects = split_words(a, as_buf_str(&p->value[F_SUBJECTS]), &c.n_subjects);
        for (int i = 0; i < c.n_subjects; i++) {
            int known = strcmp(c.subjects[i], "reference") == 0 || as_subject_find(c.subjects[i]) != NULL;
            if (!known)
                return as_text_error(err, file, p->line[F_SUBJECTS],
                               as_arena_printf(a, "unknown subject '%s'", c.subjects[i]));
        }
    }
    if (p->line[F_TAGS])
        c.tags = split_words(a, as_buf_str(&p->value[F_TAGS]), &c.n_tags);
    if (p->line[F_DESCRIPTION])
        c.description = as_buf_str(&p->value[F_DESCRIPTION]);
    if (p->line[F_LINKS])
        c.links = split_words(a, as_buf_str(&p->value[F_LINKS]), &c.n_links);

    if (suite->n_cases == suite->cap) {
        int ncap = suite->cap ? suite->cap * 2 : 64;
        suite->cases = as_arena_realloc(a, suite->cases, sizeof *suite->cases * (size_t)suite->cap,
                                        sizeof *suite->cases * (size_t)ncap);
        suite->cap = ncap;
    }
    suite->cases[suite->n_cases++] = c;
    return 0;
}

typedef struct id_at {
    const char *id;
    int index;
} id_at;

static int cmp_id_at(const void *x, const void *y)
{
    const id_at *p = x, *q = y;
    int c = strcmp(p->id, q->id);
    return c ? c : (p->index > q->index) - (p->index < q->index);
}

/* Case ids are unique: of the cases from `from` on, the first one whose id
 * an earlier case has is reported, naming that earlier case. */
static int check_unique_ids(as_arena *a, const as_conf_suite *suite, int from, as_error *err)
{
    int n = suite->n_cases, dup = -1, first = -1;
    if (n - from < 1)
        return 0;
    id_at *v = as_arena_alloc(a, sizeof *v * (size_t)n);
    for (int i = 0; i < n; i++)
        v[i] = (id_at){suite->cases[i].id, i};
    qsort(v, (size_t)n, sizeof *v, cmp_id_at);
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && strcmp(v[j].id, v[i].id) == 0)
            j++;
        if (j > i + 1 && v[i + 1].index >= from && (dup < 0 || v[i + 1].index < dup)) {
            dup = v[i + 1].index;
            first = v[i].index;
        }
        i = j;
    }
    if (dup < 0)
        return 0;
    const as_conf_case *c = &suite->cases[dup], *f = &suite->cases[first];
    return as_text_error(err, c->file, c->line,
                   as_arena_printf(a, "duplicate case id '%s' (first at %s:%d)", c->id, f->file, f->line));
}

static int parse_text(as_arena *a, const char *file, const char *text, size_t len, as_conf_suite *suite,
                      as_error *err);

int as_casefile_parse(as_arena *a, const char *file, const char *text, size_t len, as_conf_suite *suite,
                      as_error *err)
{
    int from = suite->n_cases;
    if (parse_text(a, file, text, len, suite, err) < 0)
        return -1;
    return check_unique_ids(a, suite, from, err);
}

static int parse_text(as_arena *a, const char *file, const char *text, size_t len, as_conf_suite *suite,
                      as_error *err)
{
    file = as_arena_strdup(a, file);
    pending p;
    int in_case = 0, last_field = -1, lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        const char *line = text + pos;
        size_t n = end - pos;
        pos = end + 1;
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            n--;
        if (memchr(line, '\0', n))
            return as_text_error(err, file, lineno, "NUL byte in case file");
        if (n == 0 || line[0] == '#') {
            last_field = -1;
            continue;
        }
        if (n >= 3 && memcmp(line, "---", 3) == 0) {
            if (in_case && finish_case(a, file, &p, suite, err) < 0)
                return -1;
            const char *h = line + 3;
            const char *hend = line + n;
            while (h < hend && is_blank(*h))
                h++;
            if ((size_t)(hend - h) < 3 || memcmp(h, "id:", 3) != 0)
                return as_text_error(err, file, lineno, "a case header is '--- id: NAME'");
            h += 3;
            while (h < hend && is_blank(*h))
                h++;
            memset(&p, 0, sizeof p);
            for (int f = 0; f < F_COUNT; f++)
                as_buf_init(&p.value[f], a);
            as_buf_putn(&p.value[F_ID], h, (size_t)(hend - h));
            if (!valid_id(as_buf_str(&p.value[F_ID])))
                return as_text_error(err, file, lineno, "a case id is letters, digits, '-', '_' and '.'");
            p.line[F_ID] = lineno;
            p.header_line = lineno;
            in_case = 1;
            last_field = -1;
            continue;
        }
        if (!in_case)
            return as_text_error(err, file, lineno, "text before the first '--- id: NAME' header");
        if (is_blank(line[0])) {
            if (last_field < 0)
                return as_text_error(err, file, lineno, "continuation line without a field to continue");
            const char *s = line;
            while (is_blank(*s))
                s++;
            if (p.value[last_field].len + 1 + (n - (size_t)(s - line)) > AS_CONF_VALUE_MAX)
                return as_text_error(err, file, lineno,
                               as_arena_printf(a, "field '%s' longer than %d bytes", field_names[last_field],
                                               AS_CONF_VALUE_MAX));
            if (p.value[last_field].len > 0)
                as_buf_putc(&p.value[last_field], ' ');
            as_buf_putn(&p.value[last_field], s, n - (size_t)(s - line));
            continue;
        }
        const char *colon = memchr(line, ':', n);
        if (!colon)
            return as_text_error(err, file, lineno, "expected 'key: value'");
        size_t kn = (size_t)(colon - line);
        int f = -1;
        for (int i = 1; i < F_COUNT; i++)
            if (strlen(field_names[i]) == kn && memcmp(field_names[i], line, kn) == 0)
                f = i;
        if (f < 0)
            return as_text_error(err, file, lineno,
                           as_arena_printf(a, "unknown field '%.*s' (signature, spec, call, reference, python, "
                                              "subjects, tags, description, links)",
                                           (int)(kn > 60 ? 60 : kn), line));
        if (p.line[f])
            return as_text_error(err, file, lineno, as_arena_printf(a, "field '%s' given twice", field_names[f]));
        const char *v = colon + 1;
        while (v < line + n && is_blank(*v))
            v++;
        if ((size_t)(line + n - v) > AS_CONF_VALUE_MAX)
            return as_text_error(err, file, lineno,
                           as_arena_printf(a, "field '%s' longer than %d bytes", field_names[f], AS_CONF_VALUE_MAX));
        as_buf_putn(&p.value[f], v, (size_t)(line + n - v));
        p.line[f] = lineno;
        last_field = f;
    }
    if (in_case && finish_case(a, file, &p, suite, err) < 0)
        return -1;
    return 0;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int as_conf_read_file(as_arena *a, const char *path, char **text, size_t *len, as_error *err)
{
    return as_read_text_file(a, path, AS_CONF_LINE_MAX, AS_CONF_FILE_MAX, text, len, err);
}

/* Collect *.case paths below dir. */
static int collect(as_arena *a, const char *dir, const char ***paths, int *n, int *cap, as_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return as_input_error(err, 0, "%s: %s", dir, strerror(errno));
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        const char *path = as_arena_printf(a, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (collect(a, path, paths, n, cap, err) < 0) {
                rc = -1;
                break;
            }
            continue;
        }
        size_t ln = strlen(de->d_name);
        if (ln < 5 || strcmp(de->d_name + ln - 5, ".case") != 0)
            continue;
        if (*n == *cap) {
            int ncap = *cap ? *cap * 2 : 64;
            *paths = as_arena_realloc(a, (void *)*paths, sizeof **paths * (size_t)*cap,
                                      sizeof **paths * (size_t)ncap);
            *cap = ncap;
        }
        (*paths)[(*n)++] = path;
    }
    closedir(d);
    return rc;
}

int as_casefile_load_dir(as_arena *a, const char *dir, as_conf_suite *suite, as_error *err)
{
    const char **paths = NULL;
    int n = 0, cap = 0;
    if (collect(a, dir, &paths, &n, &cap, err) < 0)
        return -1;
    if (n > 0)
        qsort((void *)paths, (size_t)n, sizeof *paths, cmp_str);
    int from = suite->n_cases;
    for (int i = 0; i < n; i++) {
        char *text;
        size_t len;
        if (as_conf_read_file(a, paths[i], &text, &len, err) < 0)
            return -1;
        if (parse_text(a, paths[i], text, len, suite, err) < 0)
            return -1;
    }
    return check_unique_ids(a, suite, from, err);
}

static void print_words(as_buf *b, const char *key, const char *const *v, int n)
{
    if (n == 0)
        return;
    as_buf_printf(b, "%s:", key);
    for (int i = 0; i < n; i++)
        as_buf_printf(b, " %s", v[i]);
    as_buf_putc(b, '\n');
}

char *as_casefile_print(as_arena *a, const as_conf_case *c)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_printf(&b, "--- id: %s\n", c->id);
    as_buf_printf(&b, "signature: %s\n", c->signature);
    as_buf_printf(&b, "spec: %s\n", c->spec);
    if (c->call)
        as_buf_printf(&b, "call: %s\n", c->call);
    as_buf_printf(&b, "reference: %s\n", c->reference);
    if (c->py_minor != AS_PY_DEFAULT)
        as_buf_printf(&b, "python: 3.%d\n", c->py_minor);
    print_words(&b, "subjects", c->subjects, c->n_subjects);
    print_words(&b, "tags", c->tags, c->n_tags);
    if (c->description)
        as_buf_printf(&b, "description: %s\n", c->description);
    print_words(&b, "links", c->links, c->n_links);
    return as_buf_str(&b);
}

/* Re-anchor an oracle error (which carries a column) at a field line. */
static int field_error(as_arena *a, const as_conf_case *c, int line, const char *what, const as_error *e,
                       as_error *err)
{
    const char *col = e->column > 0 ? as_arena_printf(a, " (column %d)", e->column) : "";
    return as_text_error(err, c->file, line, as_arena_printf(a, "%s: %s: %s%s", what, e->type, e->message, col));
}

int as_conf_case_build(as_arena *a, const as_conf_case *c, as_spec *spec, as_case *out, as_error *err)
{
    as_error e;
    as_error_clear(&e);
    as_signature sig;
    if (as_signature_parse(a, c->signature, strlen(c->signature), c->py_minor, &sig, &e) < 0)
        return field_error(a, c, c->signature_line, "signature", &e, err);
    if (as_spec_parse(a, c->spec, strlen(c->spec), spec, &e) < 0)
        return field_error(a, c, c->spec_line, "spec", &e, err);
    if (c->call) {
        as_call call;
        if (as_call_parse(a, c->call, strlen(c->call), c->py_minor, &call, &e) < 0 &&
            e.phase == AS_PHASE_INPUT)
            return field_error(a, c, c->call_line, "call", &e, err);
    }
    as_error_clear(&e);
    if (as_case_build(a, c->signature, spec, c->call, c->py_minor, out, &e) < 0)
        return field_error(a, c, c->call ? c->call_line : c->signature_line, "case", &e, err);
    return 0;
}

int as_casefile_check(as_arena *a, const as_conf_case *c, const char **rendered, as_error *err)
{
    as_spec spec;
    as_case kase;
    if (as_conf_case_build(a, c, &spec, &kase, err) < 0)
        return -1;
    as_split s;
    if (as_subject_split(as_subject_reference(), a, &kase, &s) < 0)
        return as_text_error(err, c->file, c->line, "the reference subject failed internally on this case");
    const char *got = as_outcome_render(a, &s);
    if (rendered)
        *rendered = got;
    if (!as_outcome_matches(c->reference, got))
        return as_text_error(err, c->file, c->reference_line,
                       as_arena_printf(a, "written reference verdict disagrees with the reference subject:\n"
                                          "  written:   %s\n  reference: %s",
                                       c->reference, got));
    return 0;
}

int as_conf_case_has_tag(const as_conf_case *c, const char *tag)
{
    for (int i = 0; i < c->n_tags; i++)
        if (strcmp(c->tags[i], tag) == 0)
            return 1;
    return 0;
}
