/* model.h — the data every report format shows, loaded once.
 *
 * A report is built from a store (engine/store.h) and, optionally, the
 * result matrix the conformance gate writes (`argsplit check --json`).
 * The model is what the JSON format prints (docs/REPORTS.md); the Markdown
 * and HTML writers only lay it out.  Everything lives in one arena.
 *
 * Matrix: one row per rule tag (engine/compare.h; REFERENCE.md section in
 * `section`), one column per subject (family@version, families in registry
 * order, versions oldest first).  A cell is
 *   untested  the subject was in no run and no conformance result
 *   pass      tested, and no class / no differing conformance result
 *   differs   `classes` stored classes and/or `conf_differs` results differ
 *   error     a class whose relation says the subject itself failed
 *             (subject-crash, subject-timeout, fuzz-crash)
 */
#ifndef ARGSPLIT_REPORT_MODEL_H
#define ARGSPLIT_REPORT_MODEL_H

#include "engine/rootcause.h"
#include "engine/store.h"
#include "oracle/arena.h"
#include "oracle/error.h"

typedef enum as_cell_state {
    AS_CELL_UNTESTED = 0,
    AS_CELL_PASS,
    AS_CELL_DIFFERS,
    AS_CELL_ERROR
} as_cell_state;

const char *as_cell_state_name(as_cell_state s);   /* "untested", "pass", "differs", "error" */

typedef struct as_rep_subject {
    const char *id, *family, *version;
    int builtin;                    /* 1 when in the registry (models can be run) */
    int tested;
    long long cases, findings;      /* summed over runs (subject_stats) */
    int classes;                    /* stored classes of this subject */
    int conf_pass, conf_xfail, conf_fail, conf_skip;   /* conformance results by class */
} as_rep_subject;

typedef struct as_rep_family {
    const char *name;
    int first, n;                   /* subjects[first .. first+n) */
} as_rep_family;

typedef struct as_rep_rule {
    const char *tag;                /* "neg-index" */
    const char *section;            /* "R2", or "" when REFERENCE.md has no section for it */
    const char *title;              /* the section's title, "" when none */
    int classes;
    long long hits;
} as_rep_rule;

typedef struct as_rep_cell {
    as_cell_state state;
    int classes;
    long long hits;
    int conf_pass, conf_differs, conf_gate_fail;
    int link;                       /* index into as_report.classes of its top shown class, or -1 */
} as_rep_cell;

typedef struct as_rep_run {
    as_run_row row;
    long long classes_hit;          /* distinct classes hit in this run */
} as_rep_run;

/* One row of the side-by-side split table. */
typedef struct as_rep_side {
    const char *what;               /* "decoration", "call", "a", "args[0]", "warning" */
    const char *expected, *observed;
    int differs;
} as_rep_side;

/* Whether the class's behaviour shows in each version of one family. */
typedef struct as_rep_history {
    const char *family;
    int first, n;                   /* the family's subjects in as_report.subjects */
    int *present;                   /* n flags, oldest version first */
    const char *appeared;           /* first version showing it (NULL: never) */
    const char *disappeared;        /* first later version not showing it (NULL: still there) */
} as_rep_history;

typedef struct as_rep_class {
    const as_class_row *row;
    int subject;                    /* index into subjects */
    int rule;                       /* index into rules */
    const char *reproducer;         /* "shrunk" or "original" */
    const char *spec_text;          /* Python keyword text of the reproducer's spec */
    const char *snippet;            /* as_pysnippet; NULL when it could not be built */
    const char *snippet_error;      /* why not, else NULL */
    as_rep_side *side;
    int n_side;
    long long first_run_started, last_run_started;
    as_rep_history *history;        /* families where the behaviour shows somewhere */
    int n_history;
    int history_computed;           /* 0 for relations other than vs-reference */
} as_rep_class;

/* The seed table: issue #10614's three jit specs on f(a, /, b, *, c)
 * called (1, 2, c=3), for every jax.jit version, and the reference. */
typedef struct as_rep_seed {
    const char *subject;            /* "jax.jit@0.4.27", or "reference" */
    const char *version;
    int spec_no;                    /* 1..3: jf, jf2, jf3 */
    const char *spec_text;
    const char *verdict[3];         /* a, b, c: "static", "traced", "default"; NULL on error */
    const char *prints;             /* what print(a, b, c) shows: "Traced<…> 2 3" */
    const char *error;              /* "ValueError: ..." when decoration or the call failed */
    const char *warning;            /* first decoration warning, or NULL */
    int as_expected;                /* prints equals the reference's */
} as_rep_seed;

typedef struct as_rep_conf {
    int present;
    const char *path;
    long long cases, results, passed, failed, skipped;
} as_rep_conf;

/* A conformance result that fails the gate: what a maintainer acts on. */
typedef struct as_rep_gate_fail {
    const char *cls;                /* "regression", "changed-failure", "unexpected-pass" */
    const char *case_id, *subject, *file;
    int line;
    const char *reference;          /* the reference outcome */
    const char *recorded;           /* the expectation's outcome, NULL when none */
    const char *observed;           /* what the subject did */
    const char *since;              /* oldest version of the family with this same outcome in an
                                       unbroken run of versions up to this one ("" when not a version) */
    const char *replay;             /* the shell command that replays it */
    const char *snippet;            /* the standalone Python reproducer (NULL when not buildable) */
} as_rep_gate_fail;

/* A case whose outcome changed: the previous run's class and the latest
 * run's new class of the same subject share a reproducer (signature, spec,
 * call and Python version of the original or shrunk case). */
typedef struct as_rep_change {
    const as_class_row *before, *after;
} as_rep_change;

/* A root cause in the run diff; for a changed one the releases (subject
 * ids, "a, b") the latest run hit it on and the previous did not, and the
 * reverse, among releases both runs tested ("" none). */
typedef struct as_rep_cause_diff {
    const as_rootcause *cause;
    const char *gained, *lost;
} as_rep_cause_diff;

/* What changed since the previous run of the same store, by root cause:
 * new (first found by the latest run), fixed (hit by the previous run, by
 * none of its classes in the latest: fixed, or not looked for, as a run may
 * select subjects), changed (hit by both, on releases one run tested and
 * hit and the other tested and did not: as_rep_cause_diff), still (hit by
 * both, the rest); and by class: classes found
 * first by the latest run (new), classes the previous run hit and the
 * latest did not (fixed, or not looked for: a run may select subjects),
 * pairs of those two on the same case (changed: counted in neither), and
 * the number hit by both (still). */
typedef struct as_rep_diff {
    long long run, previous;        /* run ids; 0 when the store has fewer than two runs */
    const as_class_row **new_classes, **fixed;
    as_rep_change *changed;
    int n_new, n_fixed, n_changed, n_still;
    as_rep_cause_diff *new_causes, *fixed_causes, *changed_causes;   /* most hits first */
    int n_new_causes, n_fixed_causes, n_changed_causes, n_still_causes;
} as_rep_diff;

typedef struct as_report_options {
    int max_classes;                /* classes shown in detail; 0 = all */
} as_report_options;

typedef struct as_report {
    const char *db_path;
    long long generated;            /* latest run time (unix s); 0 without runs: output is reproducible */
    as_rep_run *runs;
    int n_runs;
    as_rep_subject *subjects;
    int n_subjects;
    as_rep_family *families;
    int n_families;
    as_rep_rule *rules;
    int n_rules;
    as_rep_cell *cells;             /* n_rules * n_subjects, rule-major */
    as_rep_class *classes;          /* the classes shown in detail, store order */
    int n_classes;
    int n_classes_total;            /* all classes in the store */
    as_rootcause *causes;           /* the root causes of all classes, most hits first (engine/rootcause.h) */
    int n_causes;
    long long total_cases, total_findings;
    as_rep_seed *seed;
    int n_seed;
    as_rep_conf conformance;
    as_rep_gate_fail *gate_fails;   /* conformance results failing the gate, in matrix order */
    int n_gate_fails;
    as_rep_diff diff;
    const char *html_link;          /* where the Markdown summary links to (report.html by default) */
} as_report;

#define AS_REP_CELL(r, rule, subj) (&(r)->cells[(size_t)(rule) * (size_t)(r)->n_subjects + (size_t)(subj)])

/* Load everything.  The store is opened read-only.  conformance_path may
 * be NULL.  Errors: StoreError from the store, InputError for a
 * conformance file that is not an argsplit-conformance version 1 matrix. */
int as_report_load(as_arena *arena, const char *db_path, const char *conformance_path,
                   const as_report_options *opt, as_report *out, as_error *err);

/* The gate failures shown as one row from index i: consecutive releases
 * of one family failing the same case the same way (class, observed and
 * recorded outcome).  Returns the index after the row's last failure and
 * sets *releases to "0.3.7–0.4.1" for a row of several releases (the
 * first and last release; NULL for one), from `a`. */
int as_rep_gate_row(as_arena *a, const as_report *r, int i, const char **releases);

/* The seed table alone (as_report_load fills it too). */
int as_report_seed(as_arena *arena, as_rep_seed **rows, int *n, as_error *err);

/* The REFERENCE.md section of a rule tag ("R2"), "" when none; *title
 * (may be NULL) gets the section's title. */
const char *as_rule_section(const char *tag, const char **title);

#endif
