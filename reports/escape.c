/* escape.c — HTML and Markdown escaping. */
#include "reports/escape.h"

#include <string.h>
#include <time.h>

void as_html_put(as_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': as_buf_puts(b, "&amp;"); break;
        case '<': as_buf_puts(b, "&lt;"); break;
        case '>': as_buf_puts(b, "&gt;"); break;
        case '"': as_buf_puts(b, "&quot;"); break;
        case '\'': as_buf_puts(b, "&#39;"); break;
        default: as_buf_putc(b, *s);
        }
    }
}

static int after_www(const as_buf *b)
{
    if (b->len < 3)
        return 0;
    const char *p = b->data + b->len - 3;
    return (p[0] | 32) == 'w' && (p[1] | 32) == 'w' && (p[2] | 32) == 'w';
}

void as_md_put(as_buf *b, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        unsigned char ch = (unsigned char)*p;
        int line_start = b->len == 0 || b->data[b->len - 1] == '\n';
        if (ch == '&')
            as_buf_puts(b, "&amp;");
        else if (ch == '<')
            as_buf_puts(b, "&lt;");
        else if (ch == '>')
            as_buf_puts(b, "&gt;");
        else if (ch == '\n' || ch == '\r' || ch == '\t')
            as_buf_putc(b, ' ');
        else if (strchr("\\`*_[]|~$@", ch) || (line_start && strchr("#-+=", ch)) ||
                 (ch == ':' && p[1] == '/' && p[2] == '/') || (ch == '.' && after_www(b))) {
            /* '@', "://" and "www." would otherwise become GFM autolinks */
            as_buf_putc(b, '\\');
            as_buf_putc(b, (char)ch);
        } else
            as_buf_putc(b, (char)ch);
    }
}

void as_md_code_block(as_buf *b, const char *lang, const char *text)
{
    int longest = 0, run = 0;
    for (const char *p = text; p && *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    int fence = longest >= 3 ? longest + 1 : 3;
    for (int i = 0; i < fence; i++)
        as_buf_putc(b, '`');
    as_buf_puts(b, lang ? lang : "");
    as_buf_putc(b, '\n');
    as_buf_puts(b, text ? text : "");
    if (!text || !*text || text[strlen(text) - 1] != '\n')
        as_buf_putc(b, '\n');
    for (int i = 0; i < fence; i++)
        as_buf_putc(b, '`');
    as_buf_putc(b, '\n');
}

const char *as_report_time(as_arena *a, long long t)
{
    if (t <= 0)
        return "-";
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char buf[40];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return as_arena_strdup(a, buf);
}
