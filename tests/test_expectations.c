/* test_expectations.c — expectation files (conformance/expectations.h) and
 * the gate's classification (conformance/gate.h): parsing with file:line
 * errors, version ranges, every result class, and the generated files
 * (ranges merged, reasons kept) reading back to the same classification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "conformance/expectations.h"
#include "conformance/gate.h"
#include "subjects/registry.h"

static void versions(void **state)
{
    (void)state;
    assert_true(as_version_cmp("0.4.9", "0.4.27") < 0);
    assert_true(as_version_cmp("0.11", "0.9.0") > 0);
    assert_true(as_version_cmp("0.11", "0.11.0") == 0);
    assert_true(as_version_cmp("0.11", "0.11.1") < 0);
    assert_true(as_version_cmp("0.3.10", "0.3.10") == 0);
}

static void expect_error(const char *text, const char *where, const char *needle)
{
    as_arena a;
    as_arena_init(&a);
    as_expectations ex;
    as_expectations_init(&ex);
    as_error err;
    as_error_clear(&err);
    if (as_expect_parse(&a, "e.txt", text, strlen(text), &ex, &err) == 0)
        fail_msg("no error for:\n%s", text);
    if (strncmp(err.message, where, strlen(where)) != 0 || !strstr(err.message, needle))
        fail_msg("got '%s', want '%s...%s'", err.message, where, needle);
    as_arena_free(&a);
}

static void parse_errors(void **state)
{
    (void)state;
    expect_error("x: ok\n", "e.txt:1: ", "before the first");
    expect_error("[jax.nope]\n", "e.txt:1: ", "unknown subject family");
    expect_error("[jax]\n", "e.txt:1: ", "unknown subject family");
    expect_error("[equinox.nope@1]\n", "e.txt:1: ", "unknown subject family");
    expect_error("[my lib]\n", "e.txt:1: ", "unknown subject family");
    expect_error("[jax.jit@0.5..0.3]\n", "e.txt:1: ", "bad version range");
    expect_error("[jax.jit\n", "e.txt:1: ", "a header is");
    expect_error("[jax.jit]\nx: ok\n", "e.txt:2: ", "no 'reason:'");
    expect_error("[jax.jit]\nx: ok\n    reason: r\n    link: a\n    link: b\n", "e.txt:5: ", "at most one");
    expect_error("[jax.jit]\nx: ok\n    because: r\n", "e.txt:3: ", "reason: TEXT");
    expect_error("[jax.jit]\n    reason: r\n", "e.txt:2: ", "outside an entry");
    expect_error("[jax.jit]\nx: *\n    reason: r\n", "e.txt:2: ", "only for tag:NAME");
    expect_error("[jax.jit]\nx: a=sometimes\n    reason: r\n", "e.txt:2: ", "bad outcome");
    expect_error("[jax.jit]\nno outcome here\n", "e.txt:2: ", "CASE-ID: OUTCOME");
}

static const char cases_text[] =
    "--- id: x\n"
    "signature: (a, /, b, *, c)\n"
    "spec: static_argnames=('b', 'c'), static_argnums=(0,)\n"
    "call: (1, 2, c=3)\n"
    "reference: a=static b=static c=static\n"
    "tags: mytag\n"
    "--- id: p\n"
    "signature: (a, b, c)\n"
    "spec: static_argnums=1\n"
    "call: (1, 2, 3)\n"
    "reference: a=traced b=static c=traced\n"
    "--- id: t\n"
    "signature: (x, y=0)\n"
    "spec: static_argnums=-1\n"
    "call: (1)\n"
    "reference: x=traced y=default\n"
    "tags: other mytag\n";

static const char exp_text[] =
    "# comment\n"
    "[jax.jit@0.3.10..0.11]\n"
    "x: a=static b=traced c=static\n"
    "    reason: I1\n"
    "    link: https://github.com/jax-ml/jax/issues/10614\n"
    "[jax.jit@0.3.7]\n"
    "x: a=traced b=traced c=static\n"
    "    reason: deliberately wrong: a changed failure\n"
    "[jax.jit@0.11]\n"
    "p: a=static b=static c=static\n"
    "    reason: p passes: an unexpected pass\n"
    "[jax.jit@0.6.1]\n"
    "p: skip\n"
    "    reason: skipped\n"
    "[jax.jit]\n"
    "tag:mytag: *\n"
    "    reason: any failure of a tagged case\n";

typedef struct fixture {
    as_arena a;
    as_conf_suite suite;
    as_expectations ex;
    const as_subject *subjects[4];
} fixture;

static void load(fixture *f, const char *exp)
{
    as_arena_init(&f->a);
    as_conf_suite_init(&f->suite);
    as_expectations_init(&f->ex);
    as_error err;
    as_error_clear(&err);
    if (as_casefile_parse(&f->a, "c.case", cases_text, strlen(cases_text), &f->suite, &err) < 0 ||
        as_expect_parse(&f->a, "e.txt", exp, strlen(exp), &f->ex, &err) < 0)
        fail_msg("%s", err.message);
    static const char *const ids[] = {"jax.jit@0.3.7", "jax.jit@0.3.10", "jax.jit@0.6.1", "jax.jit@0.11"};
    for (int i = 0; i < 4; i++) {
        f->subjects[i] = as_subject_find(ids[i]);
        assert_non_null(f->subjects[i]);
    }
}

static as_gate_class class_of(const as_gate *g, const char *case_id, const char *subject)
{
    for (int i = 0; i < g->n_results; i++)
        if (strcmp(g->suite->cases[g->results[i].kase].id, case_id) == 0 &&
            strcmp(g->subjects[g->results[i].subject]->id, subject) == 0)
            return g->results[i].cls;
    fail_msg("no result for %s on %s", case_id, subject);
    return AS_GATE_NCLASSES;
}

/* Run the gate on the fixture; a failure fails the test. */
static void run_gate(fixture *f, const as_subject *const *subs, int n, const volatile sig_atomic_t *stop, as_gate *g)
{
    as_error err;
    as_error_clear(&err);
    if (as_gate_run(&f->a, &f->suite, &f->ex, subs, n, stop, g, &err) < 0)
        fail_msg("%s", err.message);
}

static void classification(void **state)
{
    (void)state;
    fixture f;
    load(&f, exp_text);
    as_gate g;
    run_gate(&f, f.subjects, 4, NULL, &g);
    assert_int_equal(class_of(&g, "x", "jax.jit@0.3.7"), AS_GATE_CHANGED);
    assert_int_equal(class_of(&g, "x", "jax.jit@0.3.10"), AS_GATE_XFAIL);
    assert_int_equal(class_of(&g, "x", "jax.jit@0.11"), AS_GATE_XFAIL);
    assert_int_equal(class_of(&g, "p", "jax.jit@0.3.7"), AS_GATE_PASS);
    assert_int_equal(class_of(&g, "p", "jax.jit@0.6.1"), AS_GATE_SKIP);
    assert_int_equal(class_of(&g, "p", "jax.jit@0.11"), AS_GATE_UNEXPECTED_PASS);
    /* t: E1 makes x static in newest JAX; covered only by the tag entry */
    assert_int_equal(class_of(&g, "t", "jax.jit@0.11"), AS_GATE_XFAIL);
    assert_true(as_gate_class_fails(AS_GATE_CHANGED));
    assert_false(as_gate_class_fails(AS_GATE_XFAIL));
    as_arena_free(&f.a);

    /* without the tag entry, t regresses */
    const char *no_tag = "[jax.jit@0.3.10..0.11]\nx: a=static b=traced c=static\n    reason: I1\n";
    load(&f, no_tag);
    run_gate(&f, f.subjects, 4, NULL, &g);
    assert_int_equal(class_of(&g, "t", "jax.jit@0.11"), AS_GATE_REGRESSION);
    assert_int_equal(class_of(&g, "x", "jax.jit@0.3.7"), AS_GATE_REGRESSION);
    as_arena_free(&f.a);
}

static void conflicting_entries(void **state)
{
    (void)state;
    fixture f;
    load(&f, "[jax.jit]\nx: ok\n    reason: a\n[jax.jit@0.11]\nx: ok\n    reason: b\n");
    as_gate g;
    as_error err;
    as_error_clear(&err);
    assert_int_equal(as_gate_run(&f.a, &f.suite, &f.ex, f.subjects, 4, NULL, &g, &err), -1);
    assert_non_null(strstr(err.message, "e.txt:5: second expectation for case 'x'"));
    as_arena_free(&f.a);
}

/* The generated file: one range for 0.3.10..0.11 (a family-wide entry when
 * every version agrees), reasons kept for unchanged outcomes, and reading
 * it back turns every failure into an expected failure. */
static void generated_file_round_trip(void **state)
{
    (void)state;
    fixture f;
    load(&f, "[jax.jit@0.3.10..0.11]\nx: a=static b=traced c=static\n    reason: I1 kept\n");
    as_gate g;
    run_gate(&f, f.subjects, 4, NULL, &g);
    char *text = as_gate_family_expectations(&f.a, &g, &f.ex, "jax.jit");
    assert_non_null(strstr(text, "reason: I1 kept"));
    /* versions not run (0.3.14, 0.4.27, 0.9.0) keep their recorded entry, so
     * the range stays 0.3.10..0.11; 0.3.7 gets its own, generated entry */
    assert_non_null(strstr(text, "\n[jax.jit@0.3.10..0.11]\nx: a=static b=traced c=static\n    reason: I1 kept\n"));
    assert_non_null(strstr(text, "\n[jax.jit@0.3.7]\nx: a=static b=traced c=static\n    reason: both-specs"));
    assert_non_null(strstr(text, "[jax.jit@0.11]\nt: x=static y=default\n"));

    as_expectations again;
    as_expectations_init(&again);
    as_error err;
    if (as_expect_parse(&f.a, "gen.txt", text, strlen(text), &again, &err) < 0)
        fail_msg("%s\n%s", err.message, text);
    as_gate g2;
    f.ex = again;
    run_gate(&f, f.subjects, 4, NULL, &g2);
    assert_int_equal(g2.counts[AS_GATE_REGRESSION] + g2.counts[AS_GATE_CHANGED] + g2.counts[AS_GATE_UNEXPECTED_PASS],
                     0);
    assert_int_equal(g2.counts[AS_GATE_XFAIL], g.counts[AS_GATE_XFAIL] + g.counts[AS_GATE_REGRESSION]);
    as_arena_free(&f.a);
}

static void applicability(void **state)
{
    (void)state;
    fixture f;
    load(&f, "");
    as_gate g;
    const as_subject *mixed[] = {as_subject_find("jax.grad"), as_subject_find("jax.jit"),
                                 as_subject_find("jax.vmap")};
    run_gate(&f, mixed, 3, NULL, &g);
    /* static_argnums cases run on jit only */
    for (int i = 0; i < g.n_results; i++)
        assert_string_equal(g.subjects[g.results[i].subject]->family, "jax.jit");
    assert_int_equal(g.n_results, 3);
    as_arena_free(&f.a);
}

/* A subject that behaves as jax.jit@0.11 and raises the stop flag while
 * splitting case 'p' (the second): as a SIGTERM during an external
 * subject's wait would. */
static volatile sig_atomic_t stop_flag;

static int stopping_split(const as_subject *self, as_arena *arena, const as_case *c, as_split *out)
{
    (void)self;
    if (strcmp(c->signature_text, "(a, b, c)") == 0)
        stop_flag = SIGTERM;
    const as_subject *jit = as_subject_find("jax.jit@0.11");
    return jit->split(jit, arena, c, out);
}

/* A subjects.toml subject records under its NAME ([mylib], the header
 * --update-expectations writes): the file reads back and applies to it. */
static void config_namespace(void **state)
{
    (void)state;
    fixture f;
    load(&f, "[mylib]\nx: a=static b=traced c=static\n    reason: r\n"
             "[jax-venv.jit@0.4.30..0.4.31]\np: ok\n    reason: r\n");
    assert_int_equal(f.ex.n, 2);
    assert_string_equal(f.ex.v[0].family, "mylib");
    as_subject mylib = *as_subject_find("jax.jit@0.11");
    mylib.id = "mylib";
    mylib.caps |= AS_CAP_EXTERNAL;
    assert_string_equal(as_expect_namespace(&mylib), "mylib");
    assert_true(as_expect_applies(&f.ex.v[0], &mylib));
    assert_false(as_expect_applies(&f.ex.v[1], &mylib));
    assert_false(as_expect_applies(&f.ex.v[0], as_subject_find("jax.jit@0.11")));
    as_arena_free(&f.a);
}

static void stop(void **state)
{
    (void)state;
    fixture f;
    load(&f, exp_text);
    as_gate g;
    /* raised before the run: nothing runs */
    stop_flag = SIGINT;
    run_gate(&f, f.subjects, 4, &stop_flag, &g);
    assert_true(g.stopped);
    assert_int_equal(g.cases_run, 0);
    assert_int_equal(g.n_results, 0);

    /* raised during case 2 of 3: case 1's results are kept, case 2's dropped */
    const as_subject *jit = as_subject_find("jax.jit@0.11");
    as_subject stopping = *jit;
    stopping.split = stopping_split;
    const as_subject *subs[] = {&stopping};
    stop_flag = 0;
    run_gate(&f, subs, 1, &stop_flag, &g);
    assert_true(g.stopped);
    assert_int_equal(g.cases_run, 1);
    assert_int_equal(g.n_results, 1);
    assert_string_equal(g.suite->cases[g.results[0].kase].id, "x");
    int total = 0;
    for (int c = 0; c < AS_GATE_NCLASSES; c++)
        total += g.counts[c];
    assert_int_equal(total, 1);

    /* no flag raised: every case */
    stop_flag = 0;
    run_gate(&f, f.subjects, 4, &stop_flag, &g);
    assert_false(g.stopped);
    assert_int_equal(g.cases_run, 3);
    as_arena_free(&f.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions),          cmocka_unit_test(parse_errors),
        cmocka_unit_test(classification),    cmocka_unit_test(conflicting_entries),
        cmocka_unit_test(generated_file_round_trip), cmocka_unit_test(applicability),
        cmocka_unit_test(config_namespace), cmocka_unit_test(stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
