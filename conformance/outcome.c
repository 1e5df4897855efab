/* outcome.c — see outcome.h. */
#include "conformance/outcome.h"

#include <string.h>

static void put_escaped(as_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            as_buf_puts(b, "\\n");
        else if (*s == '\\')
            as_buf_puts(b, "\\\\");
        else
            as_buf_putc(b, *s);
    }
}

/* A parameter name is one token: blanks and control characters inside a
 * **kwargs key are written \xNN. */
static void put_param(as_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch <= 0x20 || ch == 0x7f)
            as_buf_printf(b, "\\x%02x", ch);
        else if (ch == '\\')
            as_buf_puts(b, "\\\\");
        else
            as_buf_putc(b, (char)ch);
    }
}

static void put_error(as_buf *b, const char *head, const as_error *e)
{
    as_buf_printf(b, "%s %s", head, e->type[0] ? e->type : "Error");
    if (e->message[0]) {
        as_buf_puts(b, ": ");
        put_escaped(b, e->message);
    }
}

char *as_outcome_render(as_arena *arena, const as_split *s)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_puts(&b, "");
    if (!s->decoration_ok) {
        put_error(&b, "decoration-error", &s->decoration_error);
        return as_buf_str(&b);
    }
    for (int i = 0; i < s->n_warnings; i++) {
        const char *w = s->warnings[i];
        const char *colon = strchr(w, ':');
        as_buf_puts(&b, "warn:");
        as_buf_putn(&b, w, colon ? (size_t)(colon - w) : strlen(w));
        as_buf_putc(&b, ' ');
    }
    if (!s->has_call) {
        as_buf_puts(&b, "ok");
    } else if (!s->call_ok) {
        put_error(&b, "error", &s->call_error);
    } else if (s->n_entries == 0) {
        as_buf_puts(&b, "()");
    } else {
        int natural = 0;    /* the slot a positional entry has when values are not permuted */
        for (int i = 0; i < s->n_entries; i++) {
            const as_split_entry *e = &s->entries[i];
            if (i)
                as_buf_putc(&b, ' ');
            put_param(&b, e->param);
            as_buf_printf(&b, "=%s", as_verdict_name(e->verdict));
            if (e->passed == AS_PASSED_POSITIONAL && e->slot >= 0 && e->slot != natural++)
                as_buf_printf(&b, ":slot%d", e->slot);
            if (e->donated == 1)
                as_buf_puts(&b, "+donated");
            if (e->has_axis) {
                if (e->axis_is_null)
                    as_buf_puts(&b, "@none");
                else
                    as_buf_printf(&b, "@%lld", e->axis);
            }
        }
    }
    return as_buf_str(&b);
}

/* Compare with runs of blanks collapsed and ends trimmed; with `prefix`,
 * `a` only has to be a prefix of `b` ending at a ':' in b. */
static int same_text(const char *a, const char *b, int prefix)
{
    while (*a == ' ' || *a == '\t')
        a++;
    while (*b == ' ' || *b == '\t')
        b++;
    for (;;) {
        int sa = 0, sb = 0;
        while (*a == ' ' || *a == '\t')
            a++, sa = 1;
        while (*b == ' ' || *b == '\t')
            b++, sb = 1;
        if (!*a)
            return prefix ? (*b == ':' || *b == '\0') : *b == '\0';
        if (!*b || sa != sb || *a != *b)
            return 0;
        a++, b++;
    }
}

static int is_error_head(const char *w, const char **rest)
{
    const char *heads[] = {"decoration-error ", "error "};
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(heads[i]);
        if (strncmp(w, heads[i], n) == 0) {
            *rest = w + n;
            return 1;
        }
    }
    return 0;
}

int as_outcome_matches(const char *written, const char *rendered)
{
    while (*written == ' ' || *written == '\t')
        written++;
    const char *rest;
    /* warn: tokens precede an `error` head; skip them on both sides alike. */
    const char *w = written;
    while (strncmp(w, "warn:", 5) == 0 && strchr(w, ' '))
        w = strchr(w, ' ') + 1;
    if (is_error_head(w, &rest) && !strchr(rest, ':'))
        return same_text(written, rendered, 1);
    return same_text(written, rendered, 0);
}

const char *as_outcome_check(const char *written)
{
    while (*written == ' ' || *written == '\t')
        written++;
    while (strncmp(written, "warn:", 5) == 0) {
        const char *sp = strchr(written, ' ');
        if (!sp || sp == written + 5)
            return "a warn:TYPE token must be followed by the outcome";
        written = sp + 1;
        while (*written == ' ')
            written++;
    }
    if (!*written)
        return "empty outcome";
    const char *rest;
    if (is_error_head(written, &rest)) {
        while (*rest == ' ')
            rest++;
        if (!*rest || *rest == ':')
            return "an error outcome needs an exception type";
        return NULL;
    }
    if (strncmp(written, "decoration-error", 16) == 0 || strncmp(written, "error", 5) == 0)
        return "an error outcome needs an exception type";
    if (strcmp(written, "ok") == 0 || strcmp(written, "()") == 0)
        return NULL;
    /* entries: NAME=VERDICT[+donated][@N|@none] separated by blanks */
    const char *p = written;
    while (*p) {
        const char *end = p;
        while (*end && *end != ' ' && *end != '\t')
            end++;
        const char *eq = NULL;   /* the last '=': a **kwargs key may contain one */
        for (const char *q = p; q < end; q++)
            if (*q == '=')
                eq = q;
        if (!eq || eq == p)
            return "expected NAME=VERDICT entries, 'ok', '()', 'error TYPE[: message]' or 'decoration-error TYPE[: message]'";
        const char *v = eq + 1;
        size_t vn = 0;
        while (v + vn < end && v[vn] != '+' && v[vn] != '@' && v[vn] != ':')
            vn++;
        if (!((vn == 6 && strncmp(v, "static", 6) == 0) || (vn == 6 && strncmp(v, "traced", 6) == 0) ||
              (vn == 7 && strncmp(v, "default", 7) == 0)))
            return "a verdict must be static, traced or default";
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
    }
    return NULL;
}
