/* casefile.h — conformance case files (docs/CONFORMANCE.md, "Case files").
 *
 * A case file holds one case or a small group, each opened by a header line
 * and followed by `key: value` fields; a line starting with a blank
 * continues the previous field; `#` lines and blank lines are comments:
 *
 *     --- id: jit-seed-row1
 *     signature: (a, /, b, *, c)
 *     spec: static_argnames=("a", "b", "c")
 *     call: (1, 2, c=3)
 *     reference: a=static b=static c=static
 *     tags: seed-table argnames-posonly
 *     description: row 1 of the #10614 table
 *     links: https://github.com/jax-ml/jax/issues/10614
 *
 * Required: id, signature, spec (may be empty), reference (an outcome, see
 * outcome.h).  Optional: call (absent or `-`: decoration only), python
 * (3.8..3.13, default 3.11), subjects (families or ids the case applies to;
 * default: derived from the spec keywords by the gate), tags, description,
 * links.  Every error is an InputError whose message starts "FILE:LINE: ".
 */
#ifndef ARGSPLIT_CONF_CASEFILE_H
#define ARGSPLIT_CONF_CASEFILE_H

#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/error.h"
#include "oracle/split.h"

typedef struct as_conf_case {
    const char *id;
    const char *file;
    int line;                    /* the header line */
    const char *signature;
    int signature_line;
    const char *spec;            /* "" for an empty spec */
    int spec_line;
    const char *call;            /* NULL: decoration only */
    int call_line;
    const char *reference;       /* the written reference outcome */
    int reference_line;
    int py_minor;
    const char **tags;
    int n_tags;
    const char **subjects;       /* n_subjects == 0: derived by the gate */
    int n_subjects;
    const char *description;     /* NULL when absent */
    const char **links;
    int n_links;
} as_conf_case;

typedef struct as_conf_suite {
    as_conf_case *cases;
    int n_cases, cap;
} as_conf_suite;

void as_conf_suite_init(as_conf_suite *s);

/* Limits of conformance files, case and expectation files alike
 * (docs/LIMITS.md): a line, one field's value (its continuation lines
 * joined) and a whole file.  Passing one is an InputError "FILE:LINE: ..."
 * at the line where it is passed, and reading stops there. */
enum {
    AS_CONF_LINE_MAX = (1 << 20) + 4096,   /* a 1 MiB text and its key */
    AS_CONF_VALUE_MAX = 1 << 20,            /* AS_MAX_TEXT */
    AS_CONF_FILE_MAX = 64 << 20
};

/* Read a case or expectation file within these limits (oracle/textfile.h
 * as_read_text_file): *text is NUL-terminated, *len its length; never
 * holds more than AS_CONF_FILE_MAX bytes, whatever the file's size. */
int as_conf_read_file(as_arena *arena, const char *path, char **text, size_t *len, as_error *err);

/* Parse the text of one file (named `file` in messages) and append its
 * cases to *suite.  Case ids must be unique within the suite (checked by
 * sorting, so n cases cost n log n). */
int as_casefile_parse(as_arena *arena, const char *file, const char *text, size_t len,
                      as_conf_suite *suite, as_error *err);

/* Every *.case file below `dir` (recursively, in byte order of path). */
int as_casefile_load_dir(as_arena *arena, const char *dir, as_conf_suite *suite, as_error *err);

/* One case as case-file text (parses back to the same case). */
char *as_casefile_print(as_arena *arena, const as_conf_case *c);

/* Parse and bind the case (as_case_build), attributing errors to the field
 * lines.  *spec receives the parsed spec, which *out points to. */
int as_conf_case_build(as_arena *arena, const as_conf_case *c, as_spec *spec, as_case *out,
                       as_error *err);

/* Build the case, run the reference subject and compare its outcome with
 * the written `reference:`; a disagreement is an InputError at that line.
 * *rendered (may be NULL) receives the reference's outcome. */
int as_casefile_check(as_arena *arena, const as_conf_case *c, const char **rendered, as_error *err);

/* 1 when the case carries `tag`. */
int as_conf_case_has_tag(const as_conf_case *c, const char *tag);

#endif
