/* escape.h — putting untrusted text (signatures, messages, subject ids from
 * a database) into HTML and Markdown without changing what the page means. */
#ifndef ARGSPLIT_REPORT_ESCAPE_H
#define ARGSPLIT_REPORT_ESCAPE_H

#include "oracle/arena.h"

/* Text content or a quoted attribute value: & < > " ' become entities. */
void as_html_put(as_buf *b, const char *s);

/* Inline Markdown text, safe inside a table cell: & < > become entities,
 * line breaks become spaces, and what GFM could read as inline markup is
 * backslash-escaped: \ ` * _ [ ] | ~ $ @, # - + = at a line start, the ':'
 * of "://" and the '.' of "www." (autolinks). */
void as_md_put(as_buf *b, const char *s);

/* A fenced code block whose fence is longer than any backtick run in
 * `text`, so the text cannot close it. */
void as_md_code_block(as_buf *b, const char *lang, const char *text);

/* "2026-11-25 23:20 UTC" for unix seconds; "-" for 0. */
const char *as_report_time(as_arena *a, long long t);

#endif
