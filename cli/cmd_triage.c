/* cmd_triage.c — `argsplit triage`: the discrepancy classes of a database,
 * one readable block per class or one JSON array. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "engine/pysnippet.h"
#include "engine/store.h"

static const char usage_text[] =
    "usage: argsplit triage [--db FILE] [--json]\n"
    "\n"
    "Lists the discrepancy classes stored in FILE (default argsplit.db), sorted\n"
    "by subject then hit count: relation, rule tag, hits, and the shrunk\n"
    "reproducer with its observed vs reference split.  --json prints one array,\n"
    "an object per class: {\"key\", \"subject\", \"relation\", \"rule\", \"count\",\n"
    "\"reproducer\": {\"signature\", \"spec\", \"call\"}, \"reference\", \"observed\", ...}.\n"
    "Exit status 0; 2 when FILE is missing, foreign, corrupt or locked.\n";

/* Parsed JSON text, or null when it is empty or unreadable. */
static json_t *json_or_null(const char *text)
{
    json_t *j = text && *text ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_null();
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
    json_t *rep = json_object();
    json_object_set_new(rep, "signature", json_string(r->signature));
    json_t *spec = json_or_null(r->spec_json);
    json_object_set_new(rep, "spec", json_is_null(spec) ? json_object() : spec);
    json_object_set_new(rep, "call", *r->call ? json_string(r->call) : json_null());
    json_object_set_new(rep, "python", json_sprintf("3.%d", r->py_minor));
    json_object_set_new(rep, "shrunk", json_boolean(c->has_shrunk));
    json_object_set_new(o, "reproducer", rep);
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
    fputs(as_pysnippet_table(arena, r, "  "), stdout);
    printf("\n");
}

int cmd_triage(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_JSON };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"json", no_argument, NULL, OPT_JSON},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"triage", usage_text, opts, NULL, 0, 0};
    const char *db = AS_STORE_DEFAULT_PATH, *v;
    int as_json = 0;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_DB: db = v; break;
        case OPT_JSON: as_json = 1; break;
        default: return CLI_DONE_STATUS(k);
        }
    }
    if (p.operand < argc)
        return cli_usage_error("triage", "unexpected argument '%s'", argv[p.operand]);
    as_error err;
    as_error_clear(&err);
    as_store *s;
    if (as_store_open(db, AS_STORE_READONLY | AS_STORE_CHECK, &s, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        return AS_EXIT_BAD_INPUT;
    }
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
    as_store_close(s, NULL);
    return status;
}
