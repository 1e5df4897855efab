/* svg.c — the trends charts, drawn as inline SVG (no charting library). */
#include <limits.h>

#include "reports/escape.h"
#include "reports/report.h"

/* A "nice" axis maximum: 1, 2 or 5 times a power of ten, >= v (v itself
 * when that would overflow). */
static long long nice_max(long long v)
{
    if (v > LLONG_MAX / 10)
        return v;
    long long p = 1;
    while (p * 10 <= v)
        p *= 10;
    for (;;) {
        if (p >= v) return p;
        if (2 * p >= v) return 2 * p;
        if (5 * p >= v) return 5 * p;
        p *= 10;
    }
}

char *as_report_svg_trend(as_arena *a, const as_report *r, int which)
{
    enum { W = 560, H = 220, L = 56, R = 12, T = 14, B = 40 };
    const char *title = which == 0 ? "Discrepancy classes per run" : "Cases per run";
    long long top = 1;
    for (int i = 0; i < r->n_runs; i++) {
        long long v = which == 0 ? r->runs[i].classes_hit : r->runs[i].row.cases;
        if (v > top)
            top = v;
    }
    top = nice_max(top);
    as_buf b;
    as_buf_init(&b, a);
    as_buf_printf(&b,
                  "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                  "aria-labelledby=\"chart%d-t\"><title id=\"chart%d-t\">%s</title>\n",
                  W, H, W, H, which, which, title);
    int pw = W - L - R, ph = H - T - B;
    for (int g = 0; g <= 4; g++) {      /* gridlines with labels */
        int y = T + ph - ph * g / 4;
        as_buf_printf(&b,
                      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>"
                      "<text x=\"%d\" y=\"%d\" class=\"ylab\">%lld</text>\n",
                      L, y, W - R, y, L - 6, y + 4, top * g / 4);
    }
    int n = r->n_runs > 0 ? r->n_runs : 1;
    double slot = (double)pw / n, bw = slot * 0.7 > 48 ? 48 : slot * 0.7;
    int label_every = n > 12 ? (n + 11) / 12 : 1;
    for (int i = 0; i < r->n_runs; i++) {
        const as_rep_run *run = &r->runs[i];
        long long v = which == 0 ? run->classes_hit : run->row.cases;
        double x = L + slot * i + (slot - bw) / 2, h = (double)ph * (double)v / (double)top;
        const char *when = as_report_time(a, run->row.started);
        as_buf_printf(&b, "<g><title>run %lld (", run->row.id);
        as_html_put(&b, run->row.engine);
        as_buf_printf(&b, ", %s): ", when);
        if (which == 0)
            as_buf_printf(&b, "%lld classes hit, %lld new", run->classes_hit, run->row.new_classes);
        else
            as_buf_printf(&b, "%lld cases, %lld findings", run->row.cases, run->row.findings);
        as_buf_printf(&b, "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar%d\"/>", x,
                      T + ph - h, bw, h, which);
        if (which == 0 && run->row.new_classes > 0) {
            double hn = (double)ph * (double)run->row.new_classes / (double)top;
            if (hn > h)
                hn = h;
            as_buf_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"barnew\"/>", x,
                          T + ph - hn, bw, hn);
        }
        as_buf_puts(&b, "</g>\n");
        if (i % label_every == 0)
            as_buf_printf(&b, "<text x=\"%.1f\" y=\"%d\" class=\"xlab\">#%lld</text>\n", x + bw / 2, H - B + 16,
                          run->row.id);
    }
    as_buf_printf(&b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n", L, T + ph, W - R, T + ph);
    as_buf_printf(&b, "<text x=\"%d\" y=\"%d\" class=\"xlab\">run (oldest first)</text>\n", L + pw / 2, H - 6);
    if (r->n_runs == 0)
        as_buf_printf(&b, "<text x=\"%d\" y=\"%d\" class=\"xlab\">no runs yet</text>\n", L + pw / 2, T + ph / 2);
    as_buf_puts(&b, "</svg>");
    return as_buf_str(&b);
}
