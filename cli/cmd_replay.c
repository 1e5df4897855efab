/* cmd_replay.c — `argsplit replay`: a stored (or given) case as a standalone
 * Python snippet for a bug report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "engine/pysnippet.h"
#include "engine/rootcause.h"
#include "engine/store.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/external.h"
#include "subjects/registry.h"

static const char usage_text[] =
    "usage: argsplit replay [--db FILE] [--original] CLASS\n"
    "       argsplit replay --case [--subject ID] [--python 3.X] SIGNATURE SPEC [CALL|-]\n"
    "\n"
    "Prints a discrepancy class of FILE (default argsplit.db) — CLASS is its key\n"
    "or its id from 'argsplit triage --classes', or the id of a root cause from\n"
    "'argsplit triage' (its smallest reproducer) — as a standalone Python snippet:\n"
    "the def,\n"
    "the real transform applied to it, the call, the observed vs reference split\n"
    "as comments, and the argsplit command that re-runs it.  The shrunk\n"
    "reproducer is used unless --original is given.\n"
    "\n"
    "--case replays a case given on the command line instead (no database):\n"
    "SPEC is Python keyword text or a JSON object; --subject (default\n"
    "'reference') is any subject id, external ones (py:, ext:, real:) included,\n"
    "whose own module the snippet imports; the observed and reference splits are\n"
    "computed.\n"
    "Exit status 0; 2 on bad input (missing/foreign/corrupt/locked FILE, unknown\n"
    "class or subject, unparsable case).\n";

static char *dump_compact(as_arena *arena, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    char *r = as_arena_strdup(arena, s ? s : "null");
    free(s);
    return r;
}

/* Build the finding for a case given on the command line; *module is the
 * library an external subject's handshake named (NULL otherwise), *asked
 * the subject id as given, which the snippet's re-run line names. */
static int case_finding(as_arena *arena, as_ext_set *ext, const char *subject_id, int py_minor,
                        const char *sig, const char *spec_text, const char *call, as_finding *f,
                        const char **module, const char **asked)
{
    as_error rerr;
    const as_subject *subj = as_subject_resolve(ext, subject_id, &rerr);
    if (!subj)
        return cli_fail_subject(subject_id, &rerr);
    as_ext *driver = as_subject_driver(subj);
    const as_ext_info *info = driver ? as_ext_get_info(driver) : NULL;
    *module = info && info->module && *info->module ? as_arena_strdup(arena, info->module) : NULL;
    *asked = as_arena_strdup(arena, as_subject_asked_id(subj));
    as_error err;
    as_error_clear(&err);
    as_spec spec;
    const char *p = spec_text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '{') {
        json_error_t jerr;
        json_t *j = json_loads(spec_text, 0, &jerr);
        if (!j)
            return cli_fail("spec", "%d: %s", jerr.column, jerr.text);
        int r = as_spec_from_json(arena, j, &spec, &err);
        json_decref(j);
        if (r < 0)
            return cli_fail_error("spec", &err);
    } else if (as_spec_parse(arena, spec_text, strlen(spec_text), &spec, &err) < 0) {
        return cli_fail_error("spec", &err);
    }
    as_case c;
    if (as_case_build(arena, sig, &spec, call, py_minor, &c, &err) < 0)
        return cli_fail_error(err.phase == AS_PHASE_SIGNATURE ? "signature" : "case", &err);
    as_split observed, expected;
    const as_subject *ref = as_subject_reference();
    if (as_subject_split(subj, arena, &c, &observed) < 0)
        return cli_fail(subj->id, "internal failure: %s: %s", observed.call_error.type,
                        observed.call_error.message);
    if (as_subject_split(ref, arena, &c, &expected) < 0)
        return cli_fail(ref->id, "internal failure: %s: %s", expected.call_error.type,
                        expected.call_error.message);
    memset(f, 0, sizeof *f);
    f->subject = as_arena_strdup(arena, subj->id);   /* the set goes before the snippet is made */
    f->relation = "vs-reference";
    f->other = ref->id;
    f->signature = c.signature_text;
    f->call = c.call_text;
    f->spec_json = dump_compact(arena, as_spec_to_json(&spec));
    f->observed_json = dump_compact(arena, as_split_to_json(&observed, subj->id));
    f->expected_json = dump_compact(arena, as_split_to_json(&expected, ref->id));
    f->py_minor = py_minor;
    return AS_EXIT_OK;
}

/* The reproducer class of the root cause whose id (triage's first column)
 * is `id`: 1 with *out filled, 0 when there is none. */
static int cause_reproducer(as_store *s, as_arena *arena, const char *id, as_class_row *out, as_error *err)
{
    if (strlen(id) != 8 || strspn(id, "0123456789abcdef") != 8)
        return 0;
    as_rootcause *rc;
    int n;
    if (as_rootcauses_load(s, arena, &rc, &n, NULL, NULL, err) < 0)
        return 0;
    for (int i = 0; i < n; i++) {
        char h[9];
        as_rootcause_hash(rc[i].key, h);
        if (strcmp(h, id) == 0) {
            *out = *rc[i].reproducer;
            return 1;
        }
    }
    return 0;
}

static int stored_finding(as_arena *arena, const char *db, const char *which, int original,
                          as_finding *f)
{
    as_error err;
    as_error_clear(&err);
    as_store *s;
    if (as_store_open(db, AS_STORE_READONLY | AS_STORE_CHECK, &s, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        return AS_EXIT_BAD_INPUT;
    }
    as_class_row c;
    int found, status = AS_EXIT_OK;
    if (as_store_find_class(s, arena, which, &c, &found, &err) < 0) {
        fprintf(stderr, "argsplit: %s\n", err.message);
        status = AS_EXIT_BAD_INPUT;
    } else if (!found && !cause_reproducer(s, arena, which, &c, &err)) {
        status = cli_fail(db, "no class or root cause '%s' (see 'argsplit triage --db %s')", which, db);
    } else {
        *f = original ? c.original : *as_class_reproducer(&c);
    }
    as_store_close(s, NULL);
    return status;
}

/* The reference's split of one case given as texts (spec as JSON or as
 * Python keyword text), as JSON text; NULL when the case does not build. */
static const char *reference_json(as_arena *arena, const as_finding *f, const char *spec_json,
                                  const char *spec_text, const char *call)
{
    as_error err;
    as_spec spec;
    if (spec_json) {
        json_t *j = json_loads(spec_json, 0, NULL);
        int r = j ? as_spec_from_json(arena, j, &spec, &err) : -1;
        json_decref(j);
        if (r < 0)
            return NULL;
    } else if (as_spec_parse(arena, spec_text, strlen(spec_text), &spec, &err) < 0) {
        return NULL;
    }
    as_case c;
    as_split out;
    if (as_case_build(arena, f->signature, &spec, call && *call ? call : NULL, f->py_minor, &c, &err) < 0 ||
        as_subject_split(as_subject_reference(), arena, &c, &out) < 0)
        return NULL;
    return dump_compact(arena, as_split_to_json(&out, "reference"));
}

/* A metamorphic finding compares a subject with itself; what the reference
 * says on each of the two cases is shown too. */
static const char *reference_table(as_arena *arena, const as_finding *f)
{
    const char *rw_spec, *rw_call;
    if (!as_pysnippet_rewritten(arena, f, &rw_spec, &rw_call))
        return "";
    as_finding r = *f;
    r.subject = "reference";
    r.expected_json = reference_json(arena, f, f->spec_json, NULL, f->call);
    r.observed_json = reference_json(arena, f, NULL, rw_spec, rw_call);
    if (!r.expected_json || !r.observed_json)
        return "";
    return as_arena_printf(arena, "#\n%s", as_pysnippet_table(arena, &r, "# "));
}

int cmd_replay(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_SUBJECT, OPT_PYTHON, OPT_CASE, OPT_ORIGINAL };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"subject", required_argument, NULL, OPT_SUBJECT},
        {"subjects", required_argument, NULL, OPT_SUBJECT},
        {"python", required_argument, NULL, OPT_PYTHON},
        {"case", no_argument, NULL, OPT_CASE},
        {"original", no_argument, NULL, OPT_ORIGINAL},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"replay", usage_text, opts, NULL, 0, 0};
    const char *db = AS_STORE_DEFAULT_PATH, *subject = "reference", *python = NULL, *v;
    int is_case = 0, original = 0, n_subjects = 0;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_DB: db = v; break;
        case OPT_SUBJECT: subject = v; n_subjects++; break;
        case OPT_PYTHON: python = v; break;
        case OPT_CASE: is_case = 1; break;
        case OPT_ORIGINAL: original = 1; break;
        default: return CLI_DONE_STATUS(k);
        }
    }
    /* One snippet is about one subject. */
    if (n_subjects > 1 || strchr(subject, ','))
        return cli_usage_error("replay", "--subject: a snippet replays one subject");
    char **pos = argv + p.operand;
    int n_pos = argc - p.operand;
    if (n_pos > 3)
        return cli_usage_error("replay", "too many arguments");
    int py_minor = AS_PY_DEFAULT;
    if (python && (py_minor = cli_python_minor(python)) < 0)
        return AS_EXIT_BAD_INPUT;
    as_arena arena;
    as_arena_init(&arena);
    as_finding f;
    const char *module = NULL, *asked = NULL;
    int status;
    if (is_case) {
        if (n_pos < 2) {
            status = cli_usage_error("replay", "--case needs SIGNATURE and SPEC");
        } else {
            as_ext_set *ext = cli_ext_set("replay");
            status = case_finding(&arena, ext, subject, py_minor, pos[0], pos[1],
                                  n_pos == 3 && strcmp(pos[2], "-") != 0 ? pos[2] : NULL, &f, &module,
                                  &asked);
            as_ext_set_free(ext);
        }
    } else if (n_pos != 1) {
        status = cli_usage_error("replay", "needs one CLASS key or id");
    } else {
        status = stored_finding(&arena, db, pos[0], original, &f);
    }
    if (status == AS_EXIT_OK) {
        as_error err;
        as_error_clear(&err);
        char *text;
        if (as_pysnippet_for(&arena, &f, module, asked, &text, &err) < 0) {
            status = cli_fail_error("replay", &err);
        } else {
            fputs(text, stdout);
            fputs(reference_table(&arena, &f), stdout);
        }
    }
    as_arena_free(&arena);
    return status;
}
