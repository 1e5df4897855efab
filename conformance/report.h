/* report.h — what the gate writes: the human summary and the three machine
 * formats (docs/CONFORMANCE.md, "Machine output").  Counting: `passed` is
 * pass + expected-fail, `failed` is regression + unexpected-pass +
 * changed-failure, `skipped` is skip. */
#ifndef ARGSPLIT_CONF_REPORT_H
#define ARGSPLIT_CONF_REPORT_H

#include <jansson.h>

#include "conformance/gate.h"
#include "oracle/arena.h"

/* Every failing result in detail, then per-subject and per-rule tables, and
 * last the line "N passed, N failed" (", N skipped" when any). */
char *as_gate_summary(as_arena *arena, const as_gate *g);

/* The shell command that replays one result (argsplit replay --case ...). */
char *as_gate_replay_command(as_arena *arena, const as_gate *g, const as_gate_result *r);

/* JUnit XML: one <testsuite> per subject, one <testcase> per case, with
 * only the attributes both Jenkins' and GitLab's readers know (time in
 * seconds on every element; the case file and line go to system-out). */
char *as_gate_junit(as_arena *arena, const as_gate *g);

/* The REFERENCE.md rule ("R1".."R11") a result is about: the case's own
 * R-tag, else the section of its first known rule tag, else that of the
 * comparison's rule; "reference" when none.  *title gets the heading. */
const char *as_gate_reference_rule(const as_gate *g, const as_gate_result *r, const char **title);

typedef struct as_gate_sarif_options {
    const char *root;        /* repository root (absolute): URIs under it are relative, %SRCROOT% */
    const char *data_root;   /* argsplit's own data (absolute): relative, base ARGSPLIT; may be NULL */
    const char *home;        /* argsplit's home page: informationUri, helpUri base */
} as_gate_sarif_options;

/* SARIF 2.1.0 (valid against the OASIS schema): one result per failing
 * result, ruleId = as_gate_reference_rule, one stable partialFingerprint
 * per case and subject, artifact URIs relative to a uriBaseId (a file
 * outside both roots gets an absolute file: URI). */
json_t *as_gate_sarif(const as_gate *g, const as_gate_sarif_options *opt);

/* The full result matrix (format "argsplit-conformance", version 1). */
json_t *as_gate_json(const as_gate *g);

#endif
