/* report.h — the three report formats, each laid out from one as_report
 * (reports/model.h).  docs/REPORTS.md documents the JSON format, which is
 * the data behind the other two. */
#ifndef ARGSPLIT_REPORT_H
#define ARGSPLIT_REPORT_H

#include <jansson.h>

#include "oracle/arena.h"
#include "reports/model.h"

/* format "argsplit-report", version 1; new reference. */
json_t *as_report_json(const as_report *r);

/* GitHub-flavoured Markdown; anchors "class-ID" for each class section. */
char *as_report_markdown(as_arena *a, const as_report *r);

/* One self-contained HTML file: inline CSS, JS and SVG, no network. */
char *as_report_html(as_arena *a, const as_report *r);

/* Trends as inline SVG: which 0 = discrepancy classes per run (hit and
 * new), 1 = cases per run.  Bars, one per run, oldest first. */
char *as_report_svg_trend(as_arena *a, const as_report *r, int which);

#endif
