/* cmd_triage.c — `argsplit triage`: the discrepancy classes of a database,
 * one readable block per class or one JSON array. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "engine/campaign.h"
#include "engine/pysnippet.h"
#include "engine/rootcause.h"
#include "engine/store.h"

static const char usage_text[] =
    "usage: argsplit triage [--db FILE] [--variants] [--family F] [--subject ID]\n"
    "                       [--relation R] [--since RUN] [--new] [--limit N] [--json]\n"
    "       argsplit triage [--db FILE] --classes [--json]\n"
    "\n"
    "Lists the root causes of the discrepancies stored in FILE (default\n"
    "argsplit.db), most hits first: the mechanism (GROUP | MECHANISM), the\n"
    "releases it affects as ranges, hits, the upstream issue it is known as\n"
    "(conformance/known_issues.c) or NEW, and its smallest reproducer.  The id\n"
    "in front of each is what 'argsplit replay' takes.\n"
    "  --variants      also each variant (a class key without its version) with\n"
    "                  its releases and hits\n"
    "  --family F      only classes of family F (or of group F: jax.grad-family)\n"
    "  --subject ID    only classes about subject ID (repeated or comma-separated;\n"
    "                  a family means all its versions)\n"
    "  --relation R    only classes of relation R (vs-reference, version-pair,\n"
    "                  meta:negative-index, ...)\n"
    "  --since RUN     only root causes first seen in run RUN or later\n"
    "  --new           only root causes no known upstream issue matches\n"
    "  --limit N       at most N root causes (default 15 as text, all as JSON;\n"
    "                  0 = all)\n"
    "  --json          one array, an object per root cause with its variants:\n"
    "                  {\"id\", \"key\", \"group\", \"mechanism\", \"known\", \"new\",\n"
    "                  \"hits\", \"classes\", \"evidence\", \"releases\", \"first_run\",\n"
    "                  \"source_check\", \"reproducer\", \"variants\": [{\"name\", \"relation\", \"releases\",\n"
    "                  \"hits\", \"classes\", \"class\"}]}\n"
    "  --classes       the discrepancy classes instead, one block per class (or\n"
    "                  with --json one array, an object per class: {\"key\",\n"
    "                  \"subject\", \"relation\", \"rule\", \"count\", \"reproducer\",\n"
    "                  \"reference\", \"observed\", ...})\n"
    "Exit status 0; 2 when FILE is missing, foreign, corrupt or locked, or on a\n"
    "bad option.\n";

/* Parsed JSON text, or null when it is empty or unreadable. */
static json_t *json_or_null(const char *text)
{
    json_t *j = text && *text ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_null();
}

/* The reproducer's case into `o`: signature, spec, call, python, shrunk. */
static json_t *case_json(json_t *o, const as_class_row *c)
{
    const as_finding *r = as_class_reproducer(c);
    json_object_set_new(o, "signature", json_string(r->signature));
    json_t *spec = json_or_null(r->spec_json);
    json_object_set_new(o, "spec", json_is_null(spec) ? json_object() : spec);
    json_object_set_new(o, "call", *r->call ? json_string(r->call) : json_null());
    json_object_set_new(o, "python", json_sprintf("3.%d", r->py_minor));
    json_object_set_new(o, "shrunk", json_boolean(c->has_shrunk));
    return o;
}

static json_t *class_json(const as_class_row *c)
{
    const as_finding *r = as_class_reproducer(c);
    json_t *o = json_object();
    json_object_set_new(o, "key", json_string(c->key));
    json_object_set_new(o, "subject", json_string(c->subject));
    json_object_set_new(o, "relation", json_string(c->relation));
    json_object_set_new(o, "rule", json_string(c->rule));
    json_object_set_new(o, "count", json_integer(c->hit_count));
    json_object_set_new(o, "reproducer", case_json(json_object(), c));
    json_object_set_new(o, "reference", json_or_null(r->expected_json));
    json_object_set_new(o, "observed", json_or_null(r->observed_json));
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "other", json_string(c->other));
    json_object_set_new(o, "first_run", json_integer(c->first_run));
    json_object_set_new(o, "last_run", json_integer(c->last_run));
    json_object_set_new(o, "first_seen", json_integer(c->first_seen));
    json_object_set_new(o, "last_seen", json_integer(c->last_seen));
    json_object_set_new(o, "runs", json_integer(c->runs_seen));
    return o;
}

static void print_class(as_arena *arena, const as_class_row *c)
{
    const as_finding *r = as_class_reproducer(c);
    char *spec = NULL;
    as_error err;
    if (as_pysnippet_spec_text(arena, r->spec_json, &spec, &err) < 0)
        spec = as_arena_printf(arena, "%s (unreadable)", r->spec_json);
    printf("class %lld  %s  %s%s%s  %lld hit%s in %lld run%s\n", c->id, c->subject, c->relation,
           *c->rule ? "  rule " : "", c->rule, c->hit_count, c->hit_count == 1 ? "" : "s",
           c->runs_seen, c->runs_seen == 1 ? "" : "s");
    printf("  key        %s\n", c->key);
    printf("  reproducer %s\n", c->has_shrunk ? "shrunk" : "original (not shrunk)");
    printf("  signature  %s\n", r->signature);
    printf("  spec       %s\n", *spec ? spec : "(empty)");
    printf("  call       %s\n", *r->call ? r->call : "(none: decoration only)");
    const char *rw_spec, *rw_call;
    if (as_pysnippet_rewritten(arena, r, &rw_spec, &rw_call))   /* a metamorphic class: its other case */
        printf("  rewritten  %s  call %s\n", *rw_spec ? rw_spec : "(empty)", rw_call ? rw_call : "(none)");
    fputs(as_pysnippet_table(arena, r, "  "), stdout);
    printf("\n");
}

/* ---- root causes ------------------------------------------------------- */

typedef struct filter {
    const char *family, *relation;
    const char **subjects;   /* ids (NULL: any) */
    int n_subjects;
    long long since;
    int only_new;
} filter;

/* Is `id` (a subject id, n bytes) among the filter's subjects: one of
 * them, or of a family named (an entry without '@')? */
static int subject_listed(const filter *f, const char *id, size_t n)
{
    size_t fam = strcspn(id, "@");
    if (fam > n)
        fam = n;
    for (int i = 0; i < f->n_subjects; i++) {
        const char *w = f->subjects[i];
        if (strlen(w) == n && strncmp(w, id, n) == 0)
            return 1;
        if (!strchr(w, '@') && strlen(w) == fam && strncmp(w, id, fam) == 0)
            return 1;
    }
    return 0;
}

static int family_matches(const char *subject, const char *family)
{
    const char *g = as_rootcause_group(subject);
    size_t n = strcspn(subject, "@>");
    return (strlen(family) == n && strncmp(subject, family, n) == 0) || (g && strcmp(g, family) == 0);
}

static int class_matches(const filter *f, const as_class_row *c)
{
    if (f->subjects) {   /* a version pair "OLD>NEW" is about both */
        const char *gt = strchr(c->subject, '>');
        size_t n = gt ? (size_t)(gt - c->subject) : strlen(c->subject);
        if (!subject_listed(f, c->subject, n) && !(gt && subject_listed(f, gt + 1, strlen(gt + 1))))
            return 0;
    }
    if (f->relation && strcmp(c->relation, f->relation) != 0)
        return 0;
    return !f->family || family_matches(c->subject, f->family);
}

static int cause_matches(const filter *f, const as_rootcause *r)
{
    if (f->only_new && r->known)
        return 0;
    return r->first_run >= f->since;
}

static const char *rc_id(const as_rootcause *r, char buf[9])
{
    as_rootcause_hash(r->key, buf);
    return buf;
}

static json_t *reproducer_json(const as_class_row *c)
{
    const as_finding *r = as_class_reproducer(c);
    json_t *o = json_object();
    json_object_set_new(o, "class", json_integer(c->id));
    json_object_set_new(o, "key", json_string(c->key));
    json_object_set_new(o, "subject", json_string(c->subject));
    json_object_set_new(o, "relation", json_string(c->relation));
    case_json(o, c);
    json_object_set_new(o, "params", json_integer(as_rootcause_params(r->signature)));
    json_object_set_new(o, "rewritten", strncmp(c->relation, "meta:", 5) == 0 ? json_string(r->other) : json_null());
    json_object_set_new(o, "expected", json_or_null(r->expected_json));
    json_object_set_new(o, "observed", json_or_null(r->observed_json));
    return o;
}

static json_t *cause_json(const as_rootcause *r)
{
    char id[9];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(rc_id(r, id)));
    json_object_set_new(o, "key", json_string(r->key));
    json_object_set_new(o, "group", json_string(r->group));
    json_object_set_new(o, "mechanism", json_string(r->mechanism));
    json_object_set_new(o, "known", r->known ? json_pack("{s:s, s:s, s:s}", "issue", r->known->issue, "url",
                                                         r->known->url, "title", r->known->title)
                                             : json_null());
    json_object_set_new(o, "new", json_boolean(!r->known));
    json_object_set_new(o, "hits", json_integer(r->hits));
    json_object_set_new(o, "classes", json_integer(r->n_classes));
    json_object_set_new(o, "evidence", json_integer(r->n_evidence));
    json_object_set_new(o, "releases", json_string(r->releases));
    json_object_set_new(o, "first_run", json_integer(r->first_run));
    const as_mechanism *m = as_rootcause_source_check(r->key);
    json_object_set_new(o, "source_check", m ? json_pack("{s:s, s:s}", "check", m->key, "source", m->why) : json_null());
    json_object_set_new(o, "reproducer", reproducer_json(r->reproducer));
    json_t *vs = json_array();
    for (int i = 0; i < r->n_variants; i++) {
        const as_rc_variant *v = &r->variants[i];
        json_array_append_new(vs, json_pack("{s:s, s:s, s:s, s:I, s:i, s:I}", "name", v->name, "relation",
                                            v->relation, "releases", v->releases, "hits", (json_int_t)v->hits,
                                            "classes", v->n_classes, "class", (json_int_t)v->example->id));
    }
    json_object_set_new(o, "variants", vs);
    return o;
}

static void print_cause(as_arena *arena, const as_rootcause *r, int variants)
{
    char id[9];
    const as_finding *f = as_class_reproducer(r->reproducer);
    char *spec = NULL;
    as_error err;
    if (as_pysnippet_spec_text(arena, f->spec_json, &spec, &err) < 0)
        spec = as_arena_printf(arena, "%s (unreadable)", f->spec_json);
    printf("%s  %s\n", rc_id(r, id), r->key);
    printf("          %lld hit%s, %d class%s%s in %d variant%s  %s  %s\n", r->hits, r->hits == 1 ? "" : "s",
           r->n_classes, r->n_classes == 1 ? "" : "es",
           r->n_evidence ? as_arena_printf(arena, " (%d evidence)", r->n_evidence) : "", r->n_variants,
           r->n_variants == 1 ? "" : "s", r->releases, r->known ? r->known->issue : "NEW");
    printf("          def f%s: ...  %s  call %s%s\n", f->signature, *spec ? spec : "(no spec)",
           *f->call ? f->call : "(none)", r->reproducer->has_shrunk ? "" : "  (not shrunk)");
    const as_mechanism *m = as_rootcause_source_check(r->key);
    if (m) {
        const char *check = strstr(m->key, " | ") + 3;
        printf("          source check: %s (%s)\n", strncmp(check, "code ", 5) == 0 ? check + 5 : check, m->why);
    }
    if (variants)
        for (int i = 0; i < r->n_variants; i++) {
            const as_rc_variant *v = &r->variants[i];
            printf("      - %s  %s  %lld hit%s  (class %lld)\n", v->name, v->releases, v->hits,
                   v->hits == 1 ? "" : "s", v->example->id);
        }
}

static int list_causes(as_store *s, const char *db, const filter *f, int variants, int limit, int as_json)
{
    as_arena arena;
    as_arena_init(&arena);
    as_error err;
    as_class_row *rows;
    const char **causes;
    int n;
    if (as_rootcause_classes(s, &arena, &rows, &causes, &n, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        as_arena_free(&arena);
        return AS_EXIT_BAD_INPUT;
    }
    /* keep the classes the filters select, each with its cause */
    int k = 0;
    for (int i = 0; i < n; i++)
        if (class_matches(f, &rows[i])) {
            rows[k] = rows[i];
            causes[k++] = causes[i];
        }
    as_rootcause *rc;
    int n_rc;
    as_rootcauses_build(&arena, rows, causes, k, &rc, &n_rc);
    /* then the root causes they select */
    const as_rootcause **sel = as_arena_alloc(&arena, sizeof *sel * (size_t)(n_rc + 1));
    int matching = 0, total_new = 0;
    for (int i = 0; i < n_rc; i++)
        if (cause_matches(f, &rc[i])) {
            sel[matching++] = &rc[i];
            total_new += !rc[i].known;
        }
    int shown = limit > 0 && limit < matching ? limit : matching;
    json_t *arr = as_json ? json_array() : NULL;
    if (!as_json)
        printf("%d root cause%s (%d new) from %d discrepancy class%s in %s\n\n", matching,
               matching == 1 ? "" : "s", total_new, k, k == 1 ? "" : "es", db);
    for (int i = 0; i < shown; i++) {
        if (as_json)
            json_array_append_new(arr, cause_json(sel[i]));
        else
            print_cause(&arena, sel[i], variants);
    }
    if (as_json) {
        char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(arr);
        if (text)
            puts(text);
        free(text);
    } else if (shown < matching) {
        printf("\n... %d more (--limit 0 shows all)\n", matching - shown);
    }
    as_arena_free(&arena);
    return AS_EXIT_OK;
}

static int parse_count(const char *opt, const char *text, long long *out)
{
    char *end;
    long long x = strtoll(text, &end, 10);
    if (!*text || *end || x < 0 || x > 1000000000) {
        cli_fail(opt, "'%s' is not a count", text);
        return -1;
    }
    *out = x;
    return 0;
}

/* The classes themselves (--classes), as before root causes. */
static int list_classes(as_store *s, const char *db, int as_json)
{
    as_error err;
    as_arena arena;
    as_arena_init(&arena);
    as_class_row *rows;
    int n, status = AS_EXIT_OK;
    if (as_store_classes(s, &arena, &rows, &n, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        status = AS_EXIT_BAD_INPUT;
    } else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, class_json(&rows[i]));
        char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(arr);
        if (text)
            puts(text);
        free(text);
    } else {
        printf("%d discrepancy class%s in %s\n\n", n, n == 1 ? "" : "es", db);
        for (int i = 0; i < n; i++) {
            if (i == 0 || strcmp(rows[i].subject, rows[i - 1].subject) != 0)
                printf("== %s ==\n\n", rows[i].subject);
            print_class(&arena, &rows[i]);
        }
    }
    as_arena_free(&arena);
    return status;
}

int cmd_triage(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_JSON, OPT_CLASSES, OPT_VARIANTS, OPT_FAMILY, OPT_SUBJECT, OPT_RELATION, OPT_SINCE,
           OPT_NEW, OPT_LIMIT };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"json", no_argument, NULL, OPT_JSON},
        {"classes", no_argument, NULL, OPT_CLASSES},
        {"variants", no_argument, NULL, OPT_VARIANTS},
        {"family", required_argument, NULL, OPT_FAMILY},
        {"subject", required_argument, NULL, OPT_SUBJECT},
        {"relation", required_argument, NULL, OPT_RELATION},
        {"since", required_argument, NULL, OPT_SINCE},
        {"new", no_argument, NULL, OPT_NEW},
        {"limit", required_argument, NULL, OPT_LIMIT},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"triage", usage_text, opts, NULL, 0, 0};
    const char *db = AS_STORE_DEFAULT_PATH, *v;
    int as_json = 0, classes = 0, variants = 0, limit = -1;
    long long x;
    filter f = {NULL, NULL, NULL, 0, 0, 0};
    const char *subject_list = NULL;
    as_arena opt_arena;
    as_arena_init(&opt_arena);
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_DB: db = v; break;
        case OPT_JSON: as_json = 1; break;
        case OPT_CLASSES: classes = 1; break;
        case OPT_VARIANTS: variants = 1; break;
        case OPT_FAMILY: f.family = v; break;
        case OPT_SUBJECT:   /* repeated or comma-separated: one list */
            subject_list = subject_list ? as_arena_printf(&opt_arena, "%s,%s", subject_list, v) : v;
            break;
        case OPT_RELATION: f.relation = v; break;
        case OPT_NEW: f.only_new = 1; break;
        case OPT_SINCE:
            if (parse_count("--since", v, &f.since) < 0) {
                as_arena_free(&opt_arena);
                return AS_EXIT_BAD_INPUT;
            }
            break;
        case OPT_LIMIT:
            if (parse_count("--limit", v, &x) < 0) {
                as_arena_free(&opt_arena);
                return AS_EXIT_BAD_INPUT;
            }
            limit = (int)x;
            break;
        default: as_arena_free(&opt_arena); return CLI_DONE_STATUS(k);
        }
    }
    as_error err;
    as_error_clear(&err);
    if (p.operand < argc) {
        as_arena_free(&opt_arena);
        return cli_usage_error("triage", "unexpected argument '%s'", argv[p.operand]);
    }
    /* --subject: ids, families (all their versions), as every command reads them */
    const as_subject **subs = NULL;
    int n_subs = 0;
    if (subject_list) {
        if (as_campaign_select_subjects(subject_list, &subs, &n_subs, &err) < 0) {
            fprintf(stderr, "argsplit: triage: --subject: %s\n", err.message);
            as_arena_free(&opt_arena);
            return AS_EXIT_BAD_INPUT;
        }
        /* the registry's ids, and each item as written (a stored id of a
         * release the registry models under another, a family) */
        size_t n_items = 1;
        for (const char *q = subject_list; *q; q++)
            n_items += *q == ',';
        f.subjects = as_arena_alloc(&opt_arena, sizeof *f.subjects * (size_t)(n_subs + (int)n_items + 1));
        for (int i = 0; i < n_subs; i++)
            f.subjects[f.n_subjects++] = subs[i]->id;
        free(subs);
        for (const char *q = subject_list; *q;) {
            size_t len = strcspn(q, ",");
            if (len)
                f.subjects[f.n_subjects++] = as_arena_strndup(&opt_arena, q, len);
            q += len + (q[len] == ',');
        }
    }
    as_store *s;
    if (as_store_open(db, AS_STORE_READONLY | AS_STORE_CHECK, &s, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        as_arena_free(&opt_arena);
        return AS_EXIT_BAD_INPUT;
    }
    int status;
    if (classes)
        status = list_classes(s, db, as_json);
    else
        status = list_causes(s, db, &f, variants, limit < 0 ? (as_json ? 0 : 15) : limit, as_json);
    as_store_close(s, NULL);
    as_arena_free(&opt_arena);
    return status;
}
