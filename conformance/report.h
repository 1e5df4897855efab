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

/* JUnit XML: one <testsuite> per subject, one <testcase> per case. */
char *as_gate_junit(as_arena *arena, const as_gate *g);

/* SARIF 2.1.0: one result per failing result, rule ids = rule tags.
 * Case file paths under `root` (may be NULL) are written relative to it. */
json_t *as_gate_sarif(const as_gate *g, const char *root);

/* The full result matrix (format "argsplit-conformance", version 1). */
json_t *as_gate_json(const as_gate *g);

#endif
