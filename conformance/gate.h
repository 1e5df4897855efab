/* gate.h — run every case on every selected subject and classify each
 * result against the reference and the recorded expectations (issue 6):
 *
 *   pass              the subject agrees with the reference (as_split_equal)
 *   expected-fail     it differs, exactly as an expectation records
 *   regression        it differs and nothing is recorded
 *   unexpected-pass   a case-id expectation is recorded but it now agrees
 *   changed-failure   it differs, but not as recorded
 *   skipped           the expectation says `skip`
 *
 * A subject runs a case when the case's `subjects:` names it (or its
 * family), or, without that field, when the subject's family accepts every
 * keyword of the case's spec (an empty spec applies to every family).
 */
#ifndef ARGSPLIT_CONF_GATE_H
#define ARGSPLIT_CONF_GATE_H

#include <signal.h>

#include "conformance/casefile.h"
#include "conformance/expectations.h"
#include "oracle/arena.h"
#include "oracle/error.h"
#include "subjects/subject.h"

typedef enum as_gate_class {
    AS_GATE_PASS = 0,
    AS_GATE_XFAIL,
    AS_GATE_REGRESSION,
    AS_GATE_UNEXPECTED_PASS,
    AS_GATE_CHANGED,
    AS_GATE_SKIP,
    AS_GATE_NCLASSES
} as_gate_class;

typedef struct as_gate_result {
    int kase;                       /* index into the suite */
    int subject;                    /* index into as_gate.subjects */
    as_gate_class cls;
    const char *outcome;            /* what the subject did (outcome.h) */
    const char *observed_json;      /* its split as `split --jsonl` writes it */
    const as_expect_entry *entry;   /* the matching expectation, or NULL */
    const char *rule;               /* as_compare's rule tag when it differs, else NULL */
    const char *key;                /* as_compare's class key when it differs, else NULL */
    double seconds;                 /* wall time of the subject's split (JUnit's time) */
} as_gate_result;

typedef struct as_gate {
    const as_conf_suite *suite;
    const as_subject *const *subjects;
    int n_subjects;
    const char **reference;         /* per case: the reference outcome */
    const char **reference_json;    /* per case: the reference split JSON */
    as_gate_result *results;        /* case-major, only applicable pairs */
    int n_results;
    int counts[AS_GATE_NCLASSES];
    int cases_run;                  /* cases whose results are all in */
    int stopped;                    /* the stop flag ended the run early */
} as_gate;

/* Check every case against the reference (an error is an InputError with
 * file:line), then run and classify.  Strings live in `arena`.  A nonzero
 * *stop (a SIGINT/SIGTERM flag; NULL: none) ends the run before the next
 * case, or during one (an external subject stops waiting): out->stopped is
 * then set and only the first out->cases_run cases' results are kept. */
int as_gate_run(as_arena *arena, const as_conf_suite *suite, const as_expectations *ex,
                const as_subject *const *subjects, int n_subjects, const volatile sig_atomic_t *stop,
                as_gate *out, as_error *err);

/* 1 when subject s runs case c (see above); spec is the case's parsed spec. */
int as_gate_applies(const as_conf_case *c, const as_spec *spec, const as_subject *s);

const char *as_gate_class_name(as_gate_class cls);   /* "pass", "expected-fail", ... */

/* 1 for the classes that make the gate fail. */
int as_gate_class_fails(as_gate_class cls);

/* The new expectation file text of `family` from this run: subjects of the
 * family that were run take their current results (a failing result keeps
 * the reason and link of an entry that recorded the same outcome); the
 * others keep their recorded case entries; tag entries are kept. */
char *as_gate_family_expectations(as_arena *arena, const as_gate *g, const as_expectations *old,
                                  const char *family);

#endif
