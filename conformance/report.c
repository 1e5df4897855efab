/* report.c — see report.h. */
#include "conformance/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pysnippet.h"
#include "reports/model.h"
#include "subjects/external.h"
#include "oracle/fnv.h"

static int n_passed(const int *k)
{
    return k[AS_GATE_PASS] + k[AS_GATE_XFAIL];
}

static int n_failed(const int *k)
{
    return k[AS_GATE_REGRESSION] + k[AS_GATE_UNEXPECTED_PASS] + k[AS_GATE_CHANGED];
}

char *as_gate_replay_command(as_arena *a, const as_gate *g, const as_gate_result *r)
{
    const as_conf_case *c = &g->suite->cases[r->kase];
    return as_arena_printf(a, "argsplit replay --case --subject %s --python 3.%d %s %s %s",
                           as_shell_quote(a, as_subject_asked_id(g->subjects[r->subject])), c->py_minor,
                           as_shell_quote(a, c->signature),
                           as_shell_quote(a, c->spec), c->call ? as_shell_quote(a, c->call) : "-");
}

/* The diff shown for a failing result. */
static char *diff_text(as_arena *a, const as_gate *g, const as_gate_result *r)
{
    const as_conf_case *c = &g->suite->cases[r->kase];
    as_buf b;
    as_buf_init(&b, a);
    as_buf_printf(&b, "case:      %s (%s:%d)\n", c->id, c->file, c->line);
    as_buf_printf(&b, "subject:   %s\n", g->subjects[r->subject]->id);
    as_buf_printf(&b, "class:     %s\n", as_gate_class_name(r->cls));
    as_buf_printf(&b, "- reference: %s\n", g->reference[r->kase]);
    if (r->entry)
        as_buf_printf(&b, "- recorded:  %s   (%s:%d)\n", r->entry->outcome, r->entry->file, r->entry->line);
    as_buf_printf(&b, "+ actual:    %s\n", r->outcome);
    if (r->key)
        as_buf_printf(&b, "key:       %s\n", r->key);
    as_buf_printf(&b, "replay:    %s\n", as_gate_replay_command(a, g, r));
    return as_buf_str(&b);
}

typedef struct tag_count {
    const char *tag;
    int k[AS_GATE_NCLASSES];
} tag_count;

typedef struct tag_hit {
    const char *tag;
    int seq;           /* order of appearance: the table lists tags by first appearance */
    int cls;
} tag_hit;

static int cmp_tag_hit(const void *x, const void *y)
{
    const tag_hit *p = x, *q = y;
    int c = strcmp(p->tag, q->tag);
    return c ? c : (p->seq > q->seq) - (p->seq < q->seq);
}

static int cmp_first_seq(const void *x, const void *y)
{
    const tag_hit *p = x, *q = y;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

/* Results per class for each tag, in the order tags first appear; by
 * sorting, so many distinct tags do not cost a scan of all earlier ones. */
static tag_count *count_tags(as_arena *a, const as_gate *g, int *n_out)
{
    int n = 0;
    for (int i = 0; i < g->n_results; i++)
        n += g->suite->cases[g->results[i].kase].n_tags;
    tag_hit *h = as_arena_alloc(a, sizeof *h * (size_t)(n + 1));
    n = 0;
    for (int i = 0; i < g->n_results; i++) {
        const as_conf_case *c = &g->suite->cases[g->results[i].kase];
        for (int t = 0; t < c->n_tags; t++)
            h[n] = (tag_hit){c->tags[t], n, g->results[i].cls}, n++;
    }
    qsort(h, (size_t)n, sizeof *h, cmp_tag_hit);
    tag_hit *first = as_arena_alloc(a, sizeof *first * (size_t)(n + 1));   /* one per tag: its first hit */
    int nt = 0;
    for (int i = 0; i < n; i++)
        if (i == 0 || strcmp(h[i].tag, h[i - 1].tag) != 0)
            first[nt++] = (tag_hit){h[i].tag, h[i].seq, i};   /* cls: where its run starts in h */
    qsort(first, (size_t)nt, sizeof *first, cmp_first_seq);
    tag_count *tags = as_arena_alloc(a, sizeof *tags * (size_t)(nt + 1));
    for (int t = 0; t < nt; t++) {
        memset(&tags[t], 0, sizeof tags[t]);
        tags[t].tag = first[t].tag;
        for (int i = first[t].cls; i < n && strcmp(h[i].tag, first[t].tag) == 0; i++)
            tags[t].k[h[i].cls]++;
    }
    *n_out = nt;
    return tags;
}

char *as_gate_summary(as_arena *a, const as_gate *g)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "");
    for (int i = 0; i < g->n_results; i++)
        if (as_gate_class_fails(g->results[i].cls))
            as_buf_printf(&b, "%s\n", diff_text(a, g, &g->results[i]));

    int (*per)[AS_GATE_NCLASSES] = as_arena_alloc(a, sizeof *per * (size_t)(g->n_subjects + 1));
    for (int i = 0; i < g->n_results; i++)
        per[g->results[i].subject][g->results[i].cls]++;
    int nt;
    tag_count *tags = count_tags(a, g, &nt);
    static const char head[] = "%-28s %6s %6s %6s %6s %6s %6s\n";
    static const char row[] = "%-28s %6d %6d %6d %6d %6d %6d\n";
    as_buf_printf(&b, head, "subject", "pass", "xfail", "regr", "upass", "chg", "skip");
    for (int s = 0; s < g->n_subjects; s++) {
        const int *k = per[s];
        as_buf_printf(&b, row, g->subjects[s]->id, k[0], k[1], k[2], k[3], k[4], k[5]);
    }
    as_buf_printf(&b, "\n");
    as_buf_printf(&b, head, "rule tag", "pass", "xfail", "regr", "upass", "chg", "skip");
    for (int t = 0; t < nt; t++) {
        const int *k = tags[t].k;
        as_buf_printf(&b, row, tags[t].tag, k[0], k[1], k[2], k[3], k[4], k[5]);
    }
    const int *k = g->counts;
    as_buf_printf(&b, "\n%d cases, %d subjects: %d pass, %d expected-fail, %d regression, %d unexpected-pass, "
                      "%d changed-failure\n",
                  g->suite->n_cases, g->n_subjects, k[0], k[1], k[2], k[3], k[4]);
    as_buf_printf(&b, "%d passed, %d failed", n_passed(k), n_failed(k));
    if (k[AS_GATE_SKIP])
        as_buf_printf(&b, ", %d skipped", k[AS_GATE_SKIP]);
    as_buf_putc(&b, '\n');
    return as_buf_str(&b);
}

/* XML text: the five entities escaped; control characters other than tab
 * and newline (not allowed in XML 1.0) become '?'. */
static void xml_put(as_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': as_buf_puts(b, "&amp;"); break;
        case '<': as_buf_puts(b, "&lt;"); break;
        case '>': as_buf_puts(b, "&gt;"); break;
        case '"': as_buf_puts(b, "&quot;"); break;
        case '\'': as_buf_puts(b, "&apos;"); break;
        default:
            if (ch < 0x20 && ch != '\n' && ch != '\t')
                as_buf_putc(b, '?');
            else
                as_buf_putc(b, (char)ch);
        }
    }
}

static double suite_seconds(const as_gate *g, int subject)
{
    double t = 0;
    for (int i = 0; i < g->n_results; i++)
        if (subject < 0 || g->results[i].subject == subject)
            t += g->results[i].seconds;
    return t;
}

char *as_gate_junit(as_arena *a, const as_gate *g)
{
    as_buf b;
    as_buf_init(&b, a);
    const int *k = g->counts;
    as_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    as_buf_printf(&b, "<testsuites name=\"argsplit conformance\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                      "time=\"%.6f\">\n",
                  g->n_results, n_failed(k), suite_seconds(g, -1));
    for (int s = 0; s < g->n_subjects; s++) {
        int kk[AS_GATE_NCLASSES] = {0}, n = 0;
        for (int i = 0; i < g->n_results; i++)
            if (g->results[i].subject == s)
                kk[g->results[i].cls]++, n++;
        as_buf_puts(&b, "  <testsuite name=\"");
        xml_put(&b, g->subjects[s]->id);
        as_buf_printf(&b, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.6f\">\n", n,
                      n_failed(kk), kk[AS_GATE_SKIP], suite_seconds(g, s));
        for (int i = 0; i < g->n_results; i++) {
            const as_gate_result *r = &g->results[i];
            if (r->subject != s)
                continue;
            const as_conf_case *c = &g->suite->cases[r->kase];
            as_buf_puts(&b, "    <testcase classname=\"");
            xml_put(&b, g->subjects[s]->id);
            as_buf_puts(&b, "\" name=\"");
            xml_put(&b, c->id);
            as_buf_printf(&b, "\" time=\"%.6f\"", r->seconds);
            if (r->cls == AS_GATE_PASS) {
                as_buf_puts(&b, "/>\n");
                continue;
            }
            as_buf_puts(&b, ">\n");
            if (as_gate_class_fails(r->cls)) {
                as_buf_printf(&b, "      <failure type=\"%s\" message=\"", as_gate_class_name(r->cls));
                xml_put(&b, as_arena_printf(a, "%s: %s", as_gate_class_name(r->cls), r->outcome));
                as_buf_puts(&b, "\">");
                xml_put(&b, diff_text(a, g, r));
                as_buf_puts(&b, "</failure>\n");
            } else if (r->cls == AS_GATE_SKIP) {
                as_buf_puts(&b, "      <skipped message=\"");
                xml_put(&b, r->entry && r->entry->reason ? r->entry->reason : "skip");
                as_buf_puts(&b, "\"/>\n");
            }
            as_buf_puts(&b, "      <system-out>");
            xml_put(&b, as_arena_printf(a, "%s:%d\n", c->file, c->line));
            if (r->cls == AS_GATE_XFAIL) {
                as_buf_puts(&b, "expected failure: ");
                xml_put(&b, r->outcome);
                if (r->entry && r->entry->reason) {
                    as_buf_puts(&b, "\nreason: ");
                    xml_put(&b, r->entry->reason);
                }
            }
            as_buf_puts(&b, "</system-out>\n");
            as_buf_puts(&b, "    </testcase>\n");
        }
        as_buf_puts(&b, "  </testsuite>\n");
    }
    as_buf_puts(&b, "</testsuites>\n");
    return as_buf_str(&b);
}

/* The numbered sections of conformance/REFERENCE.md (a test checks these
 * against its headings). */
static const struct {
    const char *id, *title;
} reference_rules[] = {
    {"R1", "Selectors"},     {"R2", "Indices"},          {"R3", "Names"},
    {"R4", "Variadic parameters"}, {"R5", "The call"},    {"R6", "Roles and overlap"},
    {"R7", "Keywords"},      {"R8", "in_axes"},          {"R9", "Differentiation"},
    {"R10", "Donation"},     {"R11", "Decoration order"},
};

/* Case tags that are not comparison rule tags (reports/model.c knows
 * those), by the REFERENCE.md rule they exercise. */
static const struct {
    const char *tag, *id;
} case_tag_rules[] = {
    {"selector-order", "R1"}, {"malformed-spec", "R1"}, {"mixed-selector", "R1"}, {"bool-selector", "R1"},
    {"bind-error", "R5"},     {"unpacking", "R5"},      {"pass-unpacked", "R5"},  {"empty-spec", "R5"},
};

static const char *rule_title(const char *id)
{
    for (size_t i = 0; i < sizeof reference_rules / sizeof *reference_rules; i++)
        if (strcmp(reference_rules[i].id, id) == 0)
            return reference_rules[i].title;
    return NULL;
}

const char *as_gate_reference_rule(const as_gate *g, const as_gate_result *r, const char **title)
{
    const as_conf_case *c = &g->suite->cases[r->kase];
    const char *id = NULL;
    for (int t = 0; t < c->n_tags && !id; t++)
        if (rule_title(c->tags[t]))
            id = c->tags[t];
    for (int t = 0; t < c->n_tags && !id; t++) {
        const char *sec = as_rule_section(c->tags[t], NULL);
        if (rule_title(sec))
            id = sec;
    }
    for (int t = 0; t < c->n_tags && !id; t++)
        for (size_t k = 0; k < sizeof case_tag_rules / sizeof *case_tag_rules && !id; k++)
            if (strcmp(c->tags[t], case_tag_rules[k].tag) == 0)
                id = case_tag_rules[k].id;
    if (!id && r->rule && rule_title(as_rule_section(r->rule, NULL)))
        id = as_rule_section(r->rule, NULL);
    if (!id)
        id = "reference";
    if (title)
        *title = rule_title(id) ? rule_title(id) : "The reference split policy";
    return id;
}

/* FNV-1a, 64 bits: a fingerprint that depends on the case and subject ids
 * only (not on file lines or the order of results). */
static const char *fingerprint(as_arena *a, const char *case_id, const char *subject)
{
    uint64_t h = as_fnv_str(as_fnv_str(as_fnv_str(AS_FNV_OFFSET, case_id), "\x1f"), subject);
    return as_arena_printf(a, "%016llx", (unsigned long long)h);
}

/* Percent-encode what may not appear in a URI path. */
static const char *uri_path(as_arena *a, const char *path)
{
    as_buf b;
    as_buf_init(&b, a);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~!$&'()*+,;=:@", *p))
            as_buf_putc(&b, (char)*p);
        else
            as_buf_printf(&b, "%%%02X", *p);
    }
    return as_buf_str(&b);
}

static const char *under(const char *path, const char *root)
{
    size_t n = root ? strlen(root) : 0;
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (n > 0 && strncmp(path, root, n) == 0 && path[n] == '/')
        return path + n + 1;
    return NULL;
}

static const char *dir_uri(as_arena *a, const char *dir)
{
    size_t n = strlen(dir);
    return as_arena_printf(a, "file://%s%s", uri_path(a, dir), n && dir[n - 1] == '/' ? "" : "/");
}

/* The artifactLocation of a case file. */
static json_t *artifact(as_arena *a, const char *file, const as_gate_sarif_options *o)
{
    char *abs = realpath(file, NULL);
    const char *path = abs ? as_arena_strdup(a, abs) : file;
    free(abs);
    const char *rel;
    if ((rel = under(path, o->root)))
        return json_pack("{s:s, s:s}", "uri", uri_path(a, rel), "uriBaseId", "%SRCROOT%");
    if ((rel = under(path, o->data_root)))
        return json_pack("{s:s, s:s}", "uri", uri_path(a, rel), "uriBaseId", "ARGSPLIT");
    if (path[0] == '/')
        return json_pack("{s:s}", "uri", as_arena_printf(a, "file://%s", uri_path(a, path)));
    return json_pack("{s:s}", "uri", uri_path(a, path));
}

json_t *as_gate_sarif(const as_gate *g, const as_gate_sarif_options *o)
{
    as_arena a;
    as_arena_init(&a);
    const char *home = o->home && *o->home ? o->home : "https://github.com/argsplit/argsplit";
    json_t *rules = json_array(), *results = json_array();
    for (int i = 0; i < g->n_results; i++) {
        const as_gate_result *r = &g->results[i];
        if (!as_gate_class_fails(r->cls))
            continue;
        const char *title;
        const char *rule = as_gate_reference_rule(g, r, &title);
        size_t index = json_array_size(rules);
        for (size_t j = 0; j < json_array_size(rules); j++)
            if (strcmp(json_string_value(json_object_get(json_array_get(rules, j), "id")), rule) == 0)
                index = j;
        if (index == json_array_size(rules))
            json_array_append_new(
                rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s}", "id", rule, "name", title,
                                 "shortDescription", "text",
                                 as_arena_printf(&a, "%s. %s (conformance/REFERENCE.md)", rule, title),
                                 "fullDescription", "text",
                                 as_arena_printf(&a, "The subject splits this case differently from rule %s "
                                                     "(%s) of argsplit's reference policy.", rule, title),
                                 "helpUri", as_arena_printf(&a, "%s/blob/main/conformance/REFERENCE.md", home)));
        const as_conf_case *c = &g->suite->cases[r->kase];
        const char *subject = g->subjects[r->subject]->id;
        const char *text = as_arena_printf(&a, "%s on %s, case %s: reference %s; recorded %s; actual %s",
                                           as_gate_class_name(r->cls), subject, c->id, g->reference[r->kase],
                                           r->entry ? r->entry->outcome : "nothing", r->outcome);
        json_t *loc = json_pack("{s:{s:o, s:{s:i}}}", "physicalLocation", "artifactLocation",
                                artifact(&a, c->file, o), "region", "startLine", c->line < 1 ? 1 : c->line);
        json_t *res = json_pack(
            "{s:s, s:i, s:s, s:{s:s}, s:[o], s:{s:s}, s:{s:s, s:s, s:s, s:s, s:s}}", "ruleId", rule, "ruleIndex",
            (int)index, "level", "error", "message", "text", text, "locations", loc, "partialFingerprints",
            "argsplitCaseSubject/v1", fingerprint(&a, c->id, subject), "properties", "subject", subject, "case",
            c->id, "class", as_gate_class_name(r->cls), "tag", r->rule ? r->rule : "", "replay",
            as_gate_replay_command(&a, g, r));
        json_array_append_new(results, res);
    }
    json_t *bases = json_object();
    if (o->root && *o->root)
        json_object_set_new(bases, "%SRCROOT%", json_pack("{s:s}", "uri", dir_uri(&a, o->root)));
    if (o->data_root && *o->data_root)
        json_object_set_new(bases, "ARGSPLIT", json_pack("{s:s}", "uri", dir_uri(&a, o->data_root)));
    json_t *sarif = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:o}]}", "$schema",
                              "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
                              "driver", "name", "argsplit", "version", "0.1.0", "informationUri", home, "rules",
                              rules, "originalUriBaseIds", bases, "results", results);
    as_arena_free(&a);
    return sarif;
}

static json_t *counts_json(const int *k)
{
    json_t *o = json_object();
    for (int c = 0; c < AS_GATE_NCLASSES; c++)
        json_object_set_new(o, as_gate_class_name((as_gate_class)c), json_integer(k[c]));
    return o;
}

static json_t *strings(const char *const *v, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_string(v[i]));
    return arr;
}

static json_t *parsed_or_null(const char *text)
{
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_null();
}

json_t *as_gate_json(const as_gate *g)
{
    const int *k = g->counts;
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string("argsplit-conformance"));
    json_object_set_new(root, "version", json_integer(1));
    json_t *summary = json_pack("{s:i, s:i, s:i, s:i, s:i}", "cases", g->suite->n_cases, "results", g->n_results,
                                "passed", n_passed(k), "failed", n_failed(k), "skipped", k[AS_GATE_SKIP]);
    json_object_set_new(summary, "classes", counts_json(k));
    json_object_set_new(root, "summary", summary);

    json_t *subjects = json_array();
    for (int s = 0; s < g->n_subjects; s++) {
        int kk[AS_GATE_NCLASSES] = {0};
        for (int i = 0; i < g->n_results; i++)
            if (g->results[i].subject == s)
                kk[g->results[i].cls]++;
        const as_subject *subj = g->subjects[s];
        json_t *js = json_pack("{s:s, s:s, s:s, s:o}", "id", subj->id, "family", subj->family, "version",
                               subj->version, "classes", counts_json(kk));
        /* the library an external subject loaded: the report's reproducers import it */
        const as_ext_info *info = as_subject_driver(subj) ? as_ext_get_info(as_subject_driver(subj)) : NULL;
        if (info && info->module && *info->module)
            json_object_set_new(js, "module", json_string(info->module));
        /* the id as given (`ext:CMD`), which resolves to it again: replay lines name it */
        if (strcmp(as_subject_asked_id(subj), subj->id) != 0)
            json_object_set_new(js, "asked", json_string(as_subject_asked_id(subj)));
        json_array_append_new(subjects, js);
    }
    json_object_set_new(root, "subjects", subjects);

    json_t *cases = json_array();
    for (int i = 0; i < g->suite->n_cases; i++) {
        const as_conf_case *c = &g->suite->cases[i];
        json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s?}", "id", c->id, "file", c->file, "line",
                              c->line, "signature", c->signature, "spec", c->spec, "call", c->call);
        json_object_set_new(o, "python", json_sprintf("3.%d", c->py_minor));
        json_object_set_new(o, "tags", strings(c->tags, c->n_tags));
        json_object_set_new(o, "links", strings(c->links, c->n_links));
        json_object_set_new(o, "description", c->description ? json_string(c->description) : json_null());
        json_object_set_new(o, "reference", json_string(g->reference[i] ? g->reference[i] : ""));
        json_object_set_new(o, "reference_split", parsed_or_null(g->reference_json[i]));
        json_array_append_new(cases, o);
    }
    json_object_set_new(root, "cases", cases);

    json_t *results = json_array();
    for (int i = 0; i < g->n_results; i++) {
        const as_gate_result *r = &g->results[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "case", g->suite->cases[r->kase].id, "subject",
                              g->subjects[r->subject]->id, "class", as_gate_class_name(r->cls), "outcome",
                              r->outcome);
        json_object_set_new(o, "recorded", r->entry ? json_string(r->entry->outcome) : json_null());
        json_object_set_new(o, "reason", r->entry ? json_string(r->entry->reason) : json_null());
        json_object_set_new(o, "link", r->entry && r->entry->link ? json_string(r->entry->link) : json_null());
        json_object_set_new(o, "expectation",
                            r->entry ? json_sprintf("%s:%d", r->entry->file, r->entry->line) : json_null());
        json_object_set_new(o, "rule", r->rule ? json_string(r->rule) : json_null());
        json_object_set_new(o, "key", r->key ? json_string(r->key) : json_null());
        json_object_set_new(o, "split", parsed_or_null(r->observed_json));
        json_array_append_new(results, o);
    }
    json_object_set_new(root, "results", results);
    return root;
}
