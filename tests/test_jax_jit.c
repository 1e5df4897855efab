/* test_jax_jit.c — the jax.jit / pjit subject models against the rules of
 * docs/SEMANTICS.md §1 (every [test] rule), the
 * #10614 table (§9), the history (§8) and the edge cases E1-E8, E17 (§12),
 * plus the shared helpers of subjects/jax_common.h, plus a differential
 * run against JAX's own helper code (skipped without a jax-ml/jax mirror;
 * ARGSPLIT_JAX_GIT_DIR overrides its location).
 *
 * Expected results are compact strings:
 *   "a:static b:traced c:default"   entries; "+d" donated; "#N" call slot
 *                                   (only in rows that ask for slots)
 *   "W<text>|" ...                  one per decoration warning, first
 *   "decoration T: msg"             decoration failed
 *   "call T: msg"                   the call failed
 *   "ok"                            decoration only, succeeded */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/jax_common.h"
#include "subjects/registry.h"

#define WARN_TAIL " This warning will be replaced by an error after 2022-08-20 at the earliest."

static const char *describe(as_arena *a, const as_split *s, int slots)
{
    as_buf b;
    as_buf_init(&b, a);
    as_buf_puts(&b, "");
    for (int i = 0; s->decoration_ok && i < s->n_warnings; i++)
        as_buf_printf(&b, "W<%s>|", s->warnings[i]);
    if (!s->decoration_ok) {
        as_buf_printf(&b, "decoration %s: %s", s->decoration_error.type, s->decoration_error.message);
    } else if (!s->has_call) {
        as_buf_puts(&b, "ok");
    } else if (!s->call_ok) {
        as_buf_printf(&b, "call %s: %s", s->call_error.type, s->call_error.message);
    } else {
        for (int i = 0; i < s->n_entries; i++) {
            const as_split_entry *e = &s->entries[i];
            as_buf_printf(&b, "%s%s:%s", i ? " " : "", e->param, as_verdict_name(e->verdict));
            if (e->donated > 0)
                as_buf_puts(&b, "+d");
            if (slots && e->slot >= 0)
                as_buf_printf(&b, "#%d", e->slot);
        }
    }
    return as_buf_str(&b);
}

typedef struct row {
    const char *subject;
    int py;                 /* 0: AS_PY_DEFAULT */
    const char *sig, *spec, *call;
    const char *expect;
    int slots;
} row;

static const char *run_row(as_arena *a, const row *r)
{
    as_spec spec;
    as_error err;
    as_case c;
    as_split s;
    const as_subject *subj = as_subject_find(r->subject);
    int py = r->py ? r->py : AS_PY_DEFAULT;

    as_error_clear(&err);
    if (!subj)
        return as_arena_printf(a, "no subject %s", r->subject);
    if (as_spec_parse(a, r->spec, strlen(r->spec), &spec, &err) < 0)
        return as_arena_printf(a, "spec error %s", err.message);
    if (as_case_build(a, r->sig, &spec, r->call, py, &c, &err) < 0)
        return as_arena_printf(a, "case error %s: %s", err.type, err.message);
    if (as_subject_split(subj, a, &c, &s) != 0)
        return "split returned -1";
    return describe(a, &s, r->slots);
}

static void run_rows(const row *rows, size_t n)
{
    as_arena a;
    int failures = 0;
    as_arena_init(&a);
    for (size_t i = 0; i < n; i++) {
        const char *got = run_row(&a, &rows[i]);
        if (strcmp(got, rows[i].expect) != 0) {
            print_error("%s %s [%s] %s\n  expected: %s\n  got:      %s\n", rows[i].subject, rows[i].sig,
                        rows[i].spec, rows[i].call ? rows[i].call : "-", rows[i].expect, got);
            failures++;
        }
    }
    as_arena_free(&a);
    assert_int_equal(failures, 0);
}

#define RUN(rows) run_rows(rows, sizeof rows / sizeof rows[0])

/* ---- §9: the #10614 table ------------------------------------------------ */

#define T10614 "(a, /, b, *, c)"
#define ROW1 "static_argnames=('a', 'b', 'c')"
#define ROW2 "static_argnames=('b', 'c'), static_argnums=(0,)"
#define ROW3 "static_argnums=(0, 1, 2)"

static void test_issue_10614_table(void **state)
{
    static const row rows[] = {
        {"jax.jit@0.3.10", 0, T10614, ROW1, "(1, 2, c=3)", "a:traced b:static c:static", 0},
        {"jax.jit@0.3.10", 0, T10614, ROW2, "(1, 2, c=3)", "a:static b:traced c:static", 0},
        {"jax.jit@0.3.10", 0, T10614, ROW3, "(1, 2, c=3)", "a:static b:static c:traced", 0},
        /* the seed's other two calls */
        {"jax.jit@0.3.10", 0, T10614, ROW2, "(1, b=2, c=3)", "a:static b:static c:static", 0},
        {"jax.jit@0.3.10", 0, T10614, ROW3, "(1, b=2, c=3)", "a:static b:static c:traced", 0},
        /* 0.3.14-0.4.26: same split, plus SyntaxWarnings.  validate_argnames
         * warns for the positional-only name and then, with no **kwargs,
         * again because 'a' is not a PK/KO name. */
        {"jax.jit@0.3.14", 0, T10614, ROW1, "(1, 2, c=3)",
         "W<SyntaxWarning: Jitted function has invalid argnames {'a'} in static_argnames. These are positional-only." WARN_TAIL ">|"
         "W<SyntaxWarning: Jitted function has invalid argnames {'a'} in static_argnames. Function does not take these args."
         "This warning will be replaced by an error after 2022-08-20 at the earliest.>|"
         "a:traced b:static c:static", 0},
        {"jax.jit@0.3.14", 0, T10614, ROW2, "(1, 2, c=3)", "a:static b:traced c:static", 0},
        {"jax.jit@0.3.14", 0, T10614, ROW3, "(1, 2, c=3)",
         "W<SyntaxWarning: Jitted function has static_argnums=(0, 1, 2), but only accepts 2 positional arguments."
         WARN_TAIL ">|a:static b:static c:traced", 0},
        /* newest */
        {"jax.jit@0.11", 0, T10614, ROW1, "(1, 2, c=3)",
         "decoration ValueError: Jitted function has invalid argnames {'a'} in static_argnames. These are positional-only", 0},
        {"jax.jit@0.11", 0, T10614, ROW2, "(1, 2, c=3)", "a:static b:traced c:static", 0},
        {"jax.jit@0.11", 0, T10614, ROW3, "(1, 2, c=3)",
         "decoration ValueError: Jitted function has static_argnums=(0, 1, 2), but only accepts 2 positional arguments.", 0},
        {"jax.jit@0.4.27", 0, T10614, ROW2, "(1, 2, c=3)", "a:static b:traced c:static", 0},
        {"jax.jit@0.9.0", 0, T10614, ROW1, NULL,
         "decoration ValueError: Jitted function has invalid argnames {'a'} in static_argnames. These are positional-only", 0},
    };
    (void)state;
    RUN(rows);
}

/* ---- §1.1 decoration ----------------------------------------------------- */

static void test_inference(void **state)
{
    static const row rows[] = {
        /* PK-only; nums=(1, 2) on (x, y, *args) infers only 'y' */
        {"jax.jit@0.11", 0, "(x, y, *args)", "static_argnums=(1, 2)", "(1, y=2)", "x:traced y:static", 0},
        {"jax.jit@0.11", 0, "(x, y, *args)", "static_argnums=(1, 2)", "(1, 2, 3)", "x:traced y:static args[0]:static", 0},
        /* names only -> nums inferred: a positional PK becomes static */
        {"jax.jit@0.11", 0, "(x, y)", "static_argnames='y'", "(1, 2)", "x:traced y:static", 0},
        /* both given: verbatim, an empty tuple switches inference off (I1) */
        {"jax.jit@0.11", 0, "(x, y)", "static_argnums=1, static_argnames=()", "(1, y=2)", "x:traced y:traced", 0},
        {"jax.jit@0.11", 0, "(x, y)", "static_argnums=1, static_argnames=()", "(1, 2)", "x:traced y:static", 0},
        {"jax.jit@0.11", 0, "(x, y)", "static_argnums=(), static_argnames='y'", "(1, 2)", "x:traced y:traced", 0},
        /* KO through names works; a bare str is one name */
        {"jax.jit@0.11", 0, "(x, *, flag)", "static_argnames='flag'", "(1, flag=True)", "x:traced flag:static", 0},
        {"jax.jit@0.3.10", 0, "(x, *, flag)", "static_argnames='flag'", "(1, flag=True)", "x:traced flag:static", 0},
        /* **kwargs keys by name; not passed -> default */
        {"jax.jit@0.11", 0, "(x, y=0, **kw)", "static_argnames=('k',)", "(1, k=2, m=3)",
         "x:traced y:default kw['k']:static kw['m']:traced", 0},
        {"jax.jit@0.3.10", 0, "(x, y=0)", "static_argnums=1", "(1,)", "x:traced y:default", 0},
    };
    (void)state;
    RUN(rows);
}

static void test_validation(void **state)
{
    static const row rows[] = {
        {"jax.jit@0.11", 0, "(a, b, c)", "static_argnums=(0, 1, 3)", NULL,
         "decoration ValueError: Jitted function has static_argnums=(0, 1, 3), but only accepts 3 positional arguments.", 0},
        {"jax.jit@0.11", 0, "(a, b, c)", "static_argnums=-4", NULL,
         "decoration ValueError: Jitted function has static_argnums=(-4,), but only accepts 3 positional arguments.", 0},
        {"jax.jit@0.11", 0, "(a, b, c)", "static_argnums=-3", NULL, "ok", 0},
        {"jax.jit@0.11", 0, "(a, b, c)", "donate_argnums=(3,)", NULL,
         "decoration ValueError: Jitted function has donate_argnums=(3,), but only accepts 3 positional arguments.", 0},
        /* *args accepts every index */
        {"jax.jit@0.11", 0, "(a, *args)", "static_argnums=(-999, 50)", NULL, "ok", 0},
        /* a KO parameter is unreachable by nums */
        {"jax.jit@0.11", 0, "(a, *, k)", "static_argnums=1", NULL,
         "decoration ValueError: Jitted function has static_argnums=(1,), but only accepts 1 positional arguments.", 0},
        /* names: PO and *args are "positional-only", even with **kwargs */
        {"jax.jit@0.11", 0, "(a, /, b, **kw)", "static_argnames='a'", NULL,
         "decoration ValueError: Jitted function has invalid argnames {'a'} in static_argnames. These are positional-only", 0},
        {"jax.jit@0.11", 0, "(a, *args)", "static_argnames='args'", NULL,
         "decoration ValueError: Jitted function has invalid argnames {'args'} in static_argnames. These are positional-only", 0},
        {"jax.jit@0.11", 0, "(a, b)", "static_argnames=('z', 'b')", NULL,
         "decoration ValueError: Jitted function has invalid argnames {'z'} in static_argnames. Function does not take these args.", 0},
        {"jax.jit@0.11", 0, "(a, b, **kw)", "static_argnames=('z',)", NULL, "ok", 0},
        {"jax.jit@0.11", 0, "(a, b)", "donate_argnames=('q', 'p')", NULL,
         "decoration ValueError: Jitted function has invalid argnames {'p', 'q'} in donate_argnames. Function does not take these args.", 0},
        /* order: static nums, static names, donate nums, donate names */
        {"jax.jit@0.11", 0, "(a, b)", "donate_argnums=5, static_argnames='zz'", NULL,
         "decoration ValueError: Jitted function has invalid argnames {'zz'} in static_argnames. Function does not take these args.", 0},
        /* none before 0.3.14 */
        {"jax.jit@0.3.10", 0, "(a, b)", "static_argnums=(0, 7), static_argnames='zz'", "(1, 2)", "a:static b:traced", 0},
        {"jax.jit@0.3.7", 0, "(a, b)", "static_argnums=(0, 7)", "(1, 2)", "a:static b:traced", 0},
        /* 0.3.14: donate_argnums validated too, static_argnames not for donation */
        {"jax.jit@0.3.14", 0, "(a, b)", "donate_argnums=(2,)", NULL,
         "W<SyntaxWarning: Jitted function has donate_argnums=(2,), but only accepts 2 positional arguments." WARN_TAIL ">|ok", 0},
        {"jax.jit@0.3.14", 0, "(a, b, **kw)", "static_argnames='zz'", NULL, "ok", 0},
        {"jax.jit@0.3.14", 0, "(a, b)", "static_argnames='zz'", NULL,
         "W<SyntaxWarning: Jitted function has invalid argnames {'zz'} in static_argnames. Function does not take these args."
         "This warning will be replaced by an error after 2022-08-20 at the earliest.>|ok", 0},
    };
    (void)state;
    RUN(rows);
}

static void test_malformed_specs(void **state)
{
    static const row rows[] = {
        {"jax.jit@0.11", 0, "(a, b)", "static_argnums=1.5", NULL, "decoration TypeError: 'float' object is not iterable", 0},
        {"jax.jit@0.11", 0, "(a, b)", "static_argnums=(1.5,)", NULL,
         "decoration TypeError: 'float' object cannot be interpreted as an integer", 0},
        {"jax.jit@0.11", 0, "(a, b)", "static_argnums='b'", NULL,
         "decoration TypeError: 'str' object cannot be interpreted as an integer", 0},
        {"jax.jit@0.11", 0, "(a, b)", "static_argnames=(0,)", NULL, "decoration TypeError: argument is not a string: 0", 0},
        {"jax.jit@0.11", 0, "(a, b)", "static_argnames=3", NULL, "decoration TypeError: 'int' object is not iterable", 0},
        /* operator.index(True) is accepted as 1; its repr is True before 3.10 */
        {"jax.jit@0.11", 0, "(a, b)", "static_argnums=True", "(1, 2)", "a:traced b:static", 0},
        {"jax.jit@0.11", 11, "(a,)", "static_argnums=True", NULL,
         "decoration ValueError: Jitted function has static_argnums=(1,), but only accepts 1 positional arguments.", 0},
        {"jax.jit@0.11", 9, "(a,)", "static_argnums=True", NULL,
         "decoration ValueError: Jitted function has static_argnums=(True,), but only accepts 1 positional arguments.", 0},
        /* 0.3.x: donate_argnums defaults to (), so an explicit None fails */
        {"jax.jit@0.3.10", 0, "(a, b)", "donate_argnums=None", NULL, "decoration TypeError: 'NoneType' object is not iterable", 0},
        {"jax.jit@0.11", 0, "(a, b)", "donate_argnums=None, static_argnums=None", "(1, 2)", "a:traced b:traced", 0},
        /* unknown keywords, per version */
        {"jax.jit@0.11", 0, "(a, b)", "foo=1", NULL, "decoration TypeError: jit() got an unexpected keyword argument 'foo'", 0},
        {"jax.jit@0.3.14", 0, "(a, b)", "donate_argnames='a'", NULL,
         "decoration TypeError: jit() got an unexpected keyword argument 'donate_argnames'", 0},
        {"jax.jit@0.3.7", 0, "(a, b)", "keep_unused=True", NULL,
         "decoration TypeError: jit() got an unexpected keyword argument 'keep_unused'", 0},
        {"jax.jit@0.11", 13, "(a, b)", "static_argnum=1", NULL,
         "decoration TypeError: jit() got an unexpected keyword argument 'static_argnum'. Did you mean 'static_argnums'?", 0},
        {"jax.jit@0.11", 0, "(a, b)", "fun=1", NULL,
         "decoration TypeError: jit() got some positional-only arguments passed as keyword arguments: 'fun'", 0},
        {"jax.jit@0.4.27", 0, "(a, b)", "fun=1", NULL, "decoration TypeError: jit() got multiple values for argument 'fun'", 0},
        {"jax.pjit@0.3.10", 0, "(a, b)", "static_argnames='a'", NULL,
         "decoration TypeError: pjit() got an unexpected keyword argument 'static_argnames'", 0},
    };
    (void)state;
    RUN(rows);
}

/* ---- §1.2 call time ------------------------------------------------------ */

static void test_negative_static_argnums(void **state)
{
    static const row rows[] = {
        /* I2 / E1-E4 in the newest JAX */
        {"jax.jit@0.11", 0, "(x, y=0)", "static_argnums=-1", "(1, 2)", "x:traced y:static", 0},
        {"jax.jit@0.11", 0, "(x, y=0)", "static_argnums=-1", "(1,)", "x:static y:default", 0},
        {"jax.jit@0.11", 0, "(x, y=0)", "static_argnums=-1", "(1, y=2)", "x:static y:traced", 0},
        {"jax.jit@0.11", 0, "(x, y=0)", "static_argnums=-1", "(x=1, y=2)",
         "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
         "equal to -len(args) and less than len(args), but got value -1 for len(args) == 0.", 0},
        {"jax.jit@0.11", 0, "(a, b, c)", "static_argnums=-3", "(1, 2, c=3)",
         "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
         "equal to -len(args) and less than len(args), but got value -3 for len(args) == 2.", 0},
        /* I4: a too-large positive index is ignored at the call */
        {"jax.jit@0.11", 0, "(a, b, c=0)", "static_argnums=2", "(1, 2)", "a:traced b:traced c:default", 0},
        /* 0.3.14 (>= 0.3.11) resolves against N too */
        {"jax.jit@0.3.14", 0, "(x, y=0)", "static_argnums=-1", "(1,)", "x:static y:default", 0},
        {"jax.jit@0.3.14", 0, "(a, b, c)", "static_argnums=-3", "(1, 2, c=3)",
         "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
         "equal to -len(args) and less than len(args), but got value -3 for len(args) == 2.", 0},
        /* <= 0.3.7: ignored (the dynamic argument overwrites the slot) */
        {"jax.jit@0.3.7", 0, "(x, y=0)", "static_argnums=-1", "(1, 2)", "x:traced y:traced", 0},
        {"jax.jit@0.3.7", 0, "(a, b, c)", "static_argnums=-3", "(1, 2, c=3)", "call IndexError: tuple index out of range", 0},
        /* 0.3.8-0.3.10: the static value is appended, so f gets one more
         * positional argument: a TypeError, or a shifted binding */
        {"jax.jit@0.3.10", 0, "(x, y=0)", "static_argnums=-1", "(1, 2)",
         "call TypeError: f() takes from 1 to 2 positional arguments but 3 were given", 0},
        {"jax.jit@0.3.10", 0, "(x, y=0)", "static_argnums=-1", "(1,)", "x:traced#0 y:static#0", 1},
        {"jax.jit@0.3.10", 0, "(a, b, c)", "static_argnums=-3", "(1, 2, c=3)", "call IndexError: tuple index out of range", 0},
    };
    (void)state;
    RUN(rows);
}

static void test_static_value_placement(void **state)
{
    static const row rows[] = {
        /* 0.3.8-0.6.0: unsorted static_argnums permute the static values */
        {"jax.jit@0.4.27", 0, "(a, b, c)", "static_argnums=(1, 0)", "(1, 2, 3)", "a:static#1 b:static#0 c:traced#2", 1},
        {"jax.jit@0.3.10", 0, "(a, b, c)", "static_argnums=(1, 0)", "(1, 2, 3)", "a:static#1 b:static#0 c:traced#2", 1},
        {"jax.jit@0.6.1", 0, "(a, b, c)", "static_argnums=(1, 0)", "(1, 2, 3)", "a:static#0 b:static#1 c:traced#2", 1},
        {"jax.jit@0.3.7", 0, "(a, b, c)", "static_argnums=(1, 0)", "(1, 2, 3)", "a:static#0 b:static#1 c:traced#2", 1},
        {"jax.jit@0.11", 0, "(a, b, c)", "static_argnums=(1, 0)", "(1, 2, 3)", "a:static#0 b:static#1 c:traced#2", 1},
        /* a duplicate index adds an argument until 0.9.0 */
        {"jax.jit@0.6.1", 0, "(a, b, c=0)", "static_argnums=(0, 0)", "(1, 2)", "a:static#0 b:traced#1 c:static#0", 1},
        {"jax.jit@0.11", 0, "(a, b, c=0)", "static_argnums=(0, 0)", "(1, 2)", "a:static#0 b:traced#1 c:default", 1},
        {"jax.jit@0.4.27", 0, "(a, b)", "static_argnums=(-1, 1)", "(1, 2)",
         "call TypeError: f() takes 2 positional arguments but 3 were given", 0},
        /* E5: an index past the PK block is a *args slot */
        {"jax.jit@0.11", 0, "(a, *args, c)", "static_argnums=(1,)", "(1, 2, 3, c=4)",
         "a:traced args[0]:static args[1]:traced c:traced", 0},
        /* a call that does not bind gets CPython's TypeError */
        {"jax.jit@0.11", 0, "(x, y)", "static_argnums=0", "(1,)",
         "call TypeError: f() missing 1 required positional argument: 'y'", 0},
        {"jax.jit@0.3.10", 0, "(x, y)", "", "(1, 2, 3)", "call TypeError: f() takes 2 positional arguments but 3 were given", 0},
        /* kwargs with in_shardings */
        {"jax.jit@0.11", 0, "(x, y)", "in_shardings=(0, 0)", "(1, y=2)",
         "call ValueError: pjit does not support kwargs when in_shardings is specified.", 0},
        {"jax.jit@0.11", 0, "(x, y)", "in_shardings=None", "(1, y=2)", "x:traced y:traced", 0},
        /* 0.4.27 checks kwargs+in_shardings before resolving indices, later versions after */
        {"jax.jit@0.4.27", 0, "(x, y, z=0)", "in_shardings=0, static_argnums=-3", "(1, y=2)",
         "call ValueError: pjit does not support kwargs when in_shardings is specified.", 0},
        {"jax.jit@0.11", 0, "(x, y, z=0)", "in_shardings=0, static_argnums=-3", "(1, y=2)",
         "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
         "equal to -len(args) and less than len(args), but got value -3 for len(args) == 1.", 0},
        {"jax.jit@0.6.1", 0, "(x, y)", "abstracted_axes=('n',)", NULL,
         "decoration ValueError: abstracted_axes must be used with --jax_dynamic_shapes", 0},
        {"jax.jit@0.11", 0, "(x, y)", "abstracted_axes=('n',)", NULL,
         "decoration TypeError: jit() got an unexpected keyword argument 'abstracted_axes'", 0},
    };
    (void)state;
    RUN(rows);
}

/* ---- §1.3 donation, §1.1 step 6 overlap ---------------------------------- */

static void test_donation(void **state)
{
    static const row rows[] = {
        /* static (0, 1) and donate (2, 3) donates c and d (all eras) */
        {"jax.jit@0.3.10", 0, "(a, b, c, d)", "static_argnums=(0, 1), donate_argnums=(2, 3)", "(1, 2, 3, 4)",
         "a:static b:static c:traced+d d:traced+d", 0},
        {"jax.jit@0.4.27", 0, "(a, b, c, d)", "static_argnums=(0, 1), donate_argnums=(2, 3)", "(1, 2, 3, 4)",
         "a:static b:static c:traced+d d:traced+d", 0},
        {"jax.jit@0.11", 0, "(a, b, c, d)", "static_argnums=(0, 1), donate_argnums=(2, 3)", "(1, 2, 3, 4)",
         "a:static b:static c:traced+d d:traced+d", 0},
        /* donate_argnums=0 donates inp1 passed by keyword (>= 0.4.14) */
        {"jax.jit@0.11", 0, "(inp1, inp2)", "donate_argnums=0", "(inp1=1, inp2=2)", "inp1:traced+d inp2:traced", 0},
        {"jax.jit@0.4.27", 0, "(inp1, inp2)", "donate_argnums=0", "(inp1=1, inp2=2)", "inp1:traced+d inp2:traced", 0},
        /* donate_argnames='inp1' donates a positional through the inferred num */
        {"jax.jit@0.11", 0, "(inp1, inp2)", "donate_argnames='inp1'", "(1, 2)", "inp1:traced+d inp2:traced", 0},
        /* both given: exactly the listed positions and names */
        {"jax.jit@0.11", 0, "(a, b, c)", "donate_argnums=0, donate_argnames='b'", "(1, 2, 3)",
         "a:traced+d b:traced c:traced", 0},
        {"jax.jit@0.11", 0, "(a, b, c)", "donate_argnums=0, donate_argnames='b'", "(1, b=2, c=3)",
         "a:traced+d b:traced+d c:traced", 0},
        /* 0.3.x: keywords never donated; max(donate) >= N raises */
        {"jax.jit@0.3.10", 0, "(x, y)", "donate_argnums=0", "(1, 2)", "x:traced+d y:traced", 0},
        {"jax.jit@0.3.10", 0, "(x, y)", "donate_argnums=1", "(1, y=2)",
         "call ValueError: jitted function has donate_argnums=(1,) but was called with only 1 positional arguments.", 0},
        /* E8: a negative donate index never matches */
        {"jax.jit@0.11", 0, "(x, y)", "donate_argnums=-1", "(a, b)", "x:traced y:traced", 0},
        /* E6: (x, /) static 0 donate 0 */
        {"jax.jit@0.11", 0, "(x, /)", "static_argnums=0, donate_argnums=0", "(arr,)", "x:static", 0},
        {"jax.jit@0.9.0", 0, "(x, /)", "static_argnums=0, donate_argnums=0", "(arr,)", "x:static", 0},
        {"jax.jit@0.6.1", 0, "(x, /)", "static_argnums=0, donate_argnums=0", NULL,
         "decoration ValueError: `static_argnums` [0] and `donate_argnums` [0] cannot intersect.", 0},
        /* E7: names inferred on both sides */
        {"jax.jit@0.11", 0, "(x, y)", "static_argnums=0, donate_argnums=0", NULL,
         "decoration ValueError: static_argnames and donate_argnames cannot intersect. Argument names {'x'} appear "
         "in both static_argnames and donate_argnames", 0},
        {"jax.jit@0.4.27", 0, "(x, y)", "static_argnums=0, donate_argnums=0", NULL,
         "decoration ValueError: static_argnames and donate_argnames cannot intersect. Argument names {'x'} appear "
         "in both static_argnames and donate_argnames", 0},
        {"jax.jit@0.3.10", 0, "(x, y)", "static_argnums=(1, 0), donate_argnums=(0, 2)", NULL,
         "decoration ValueError: `static_argnums` [0, 1] and `donate_argnums` [0, 2] cannot intersect.", 0},
        /* issue 14 spot checks (JAX sources at 0.4.4 and 0.4.14; real 0.4.14 agrees on the
         * verdicts, donation is not observable through the adapter): 0.4.4-0.4.13 run
         * jit through pjit (keywords never donated, donate beyond the call ignored);
         * 0.4.14 adds donate_argnames and infers names while still warning */
        {"jax.jit@0.4.4", 0, "(x, y)", "donate_argnums=1", "(1, y=2)", "x:traced y:traced", 0},
        {"jax.jit@0.4.14", 0, "(x, y)", "donate_argnums=1", "(1, y=2)", "x:traced y:traced+d", 0},
        {"jax.jit@0.4.14", 0, "(x, y)", "donate_argnames='y'", "(1, y=2)", "x:traced y:traced+d", 0},
        {"jax.jit@0.3.14", 0, "(x, y)", "donate_argnames='y'", "(1, y=2)",
         "decoration TypeError: jit() got an unexpected keyword argument 'donate_argnames'", 0},
        /* 0.4.14-0.4.26: keyword donation flags in call order, leaves sorted by name: the
         * flag of d lands on c (real 0.4.14, read from the buffers); fixed in 0.4.27 */
        {"jax.jit@0.4.14", 0, "(c, d)", "donate_argnums=1", "(d=1, c=2)", "c:traced+d d:traced", 0},
        {"jax.jit@0.4.14", 0, "(c, d)", "donate_argnums=1", "(c=2, d=1)", "c:traced d:traced+d", 0},
        {"jax.pjit@0.4.26", 0, "(a, *, c, d, **k)", "donate_argnames=('d', 'z'), static_argnames='b'",
         "(1, z=2, b=3, d=4, c=5)", "a:traced c:traced+d d:traced+d k['z']:traced k['b']:static", 0},
        {"jax.jit@0.4.27", 0, "(c, d)", "donate_argnums=1", "(d=1, c=2)", "c:traced d:traced+d", 0},
        {"jax.jit@0.4.14", 0, "(x, /, y)", "donate_argnames=('x', 'z')", NULL,
         "W<SyntaxWarning: Jitted function has invalid argnames {'x'} in donate_argnames. These are positional-only."
         WARN_TAIL ">|W<SyntaxWarning: Jitted function has invalid argnames {'x', 'z'} in donate_argnames. Function "
         "does not take these args.This warning will be replaced by an error after 2022-08-20 at the earliest.>|ok", 0},
        /* overlap only in nums, nothing inferred: silent since 0.9.0 */
        {"jax.jit@0.11", 0, "(x, y)", "static_argnums=0, static_argnames=(), donate_argnums=0, donate_argnames=()",
         "(1, 2)", "x:static y:traced", 0},
    };
    (void)state;
    RUN(rows);
}

/* ---- §12 E17, §8 pjit ---------------------------------------------------- */

static void test_partial_and_pjit(void **state)
{
    static const row rows[] = {
        /* E17: partial(f, y=1) of f(x, y, z) has signature (x, *, y=1, z) */
        {"jax.jit@0.11", 0, "(x, *, y=1, z)", "static_argnums=2", NULL,
         "decoration ValueError: Jitted function has static_argnums=(2,), but only accepts 1 positional arguments.", 0},
        /* pjit 0.3.x */
        {"jax.pjit@0.3.10", 0, "(x, y)", "static_argnums=1", "(1, 2)", "x:traced y:static", 0},
        {"jax.pjit@0.3.10", 0, "(x, y)", "static_argnums=1", "(1, y=2)", "call NotImplementedError: pjit does not support kwargs", 0},
        {"jax.pjit@0.3.10", 0, "(x, y=0)", "static_argnums=1", "(1,)",
         "call ValueError: jitted function has static_argnums=(1,), donate_argnums=() but was called with only 1 positional arguments.", 0},
        {"jax.pjit@0.3.10", 0, "(x, y, z)", "static_argnums=0, donate_argnums=2", "(1, 2, 3)",
         "x:static y:traced z:traced+d", 0},
        /* pjit 0.3.0-0.3.7 puts static values back at their own index; 0.3.11 resolves negatives */
        {"jax.pjit@0.3.0", 0, "(x, y)", "static_argnums=-1", "(1, 2)", "x:traced y:traced", 0},
        {"jax.pjit@0.3.11", 0, "(x, y)", "static_argnums=-1", "(1, 2)", "x:traced y:static", 0},
        /* pjit 0.4.2 takes static_argnames and keyword arguments */
        {"jax.pjit@0.4.2", 0, "(x, y)", "static_argnames='y'", "(1, y=2)", "x:traced y:static", 0},
        /* 0.5.0-0.6.0: the index check (debug info) precedes the kwargs + in_shardings check */
        {"jax.jit@0.4.27", 0, "(a, *args, **kw)", "static_argnums=-3, in_shardings=1", "(1, b=2)",
         "call ValueError: pjit does not support kwargs when in_shardings is specified.", 0},
        /* 0.8.0+: a traced positional-only argument also named by a **kwargs key loses its debug-info
         * name and the arg-name count assertion fires (real 0.8.0-0.12.0; real 0.4.30 accepts) */
        {"jax.jit@0.4.27", 0, "(a, /, **kw)", "", "(x, a=y)", "a:traced kw['a']:traced", 0},
        /* it starts at 0.8.0 (real 0.7.2 accepts), the message's result_paths as each release prints it */
        {"jax.jit@0.7.2", 0, "(a, /, **kw)", "", "(x, a=y)", "a:traced kw['a']:traced", 0},
        {"jax.pjit@0.8.0", 0, "(a, /, **kw)", "", "(x, a=y)",
         "call AssertionError: (2, DebugInfo(traced_for='jit', func_src_info='f at <def>:1', arg_names=('a[0]',), "
         "result_paths=<hashable <lambda> with closure=()>))", 0},
        {"jax.jit@0.8.2", 0, "(a, /, **kw)", "", "(x, a=y)",
         "call AssertionError: (2, DebugInfo(traced_for='jit', func_src_info='f at <def>:1', arg_names=('a[0]',), "
         "result_paths=None))", 0},
        {"jax.jit@0.9.0", 0, "(a, /, **kw)", "", "(x, a=y)",
         "call AssertionError: (2, DebugInfo(traced_for='jit', func_src_info='f at <def>:1', arg_names=('a[0]',), "
         "result_paths=<jax._src.linear_util.InitialResultPaths object at 0x?>))", 0},
        /* the names: positionals not named by a call keyword, then the keywords sorted (real 0.9.1, 0.12.0.1) */
        {"jax.pjit@0.12", 0, "(a, /, *args, **kw)", "", "(x, 1, a=y)",
         "call AssertionError: (3, DebugInfo(traced_for='jit', func_src_info='f at <def>:1', "
         "arg_names=('args[0][0]', 'a[0]'), result_paths=<jax._src.linear_util.InitialResultPaths object at 0x?>))", 0},
        {"jax.jit@0.12", 0, "(a, /, b, **kw)", "static_argnums=1", "(x, 2, a=y, c=z)",
         "call AssertionError: (3, DebugInfo(traced_for='jit', func_src_info='f at <def>:1', "
         "arg_names=('a[0]', \"kw['c'][0]\"), result_paths=<jax._src.linear_util.InitialResultPaths object at 0x?>))", 0},
        {"jax.jit@0.12", 0, "(a, /, **kw)", "static_argnums=0", "(x, a=y)", "a:static kw['a']:traced", 0},
        /* 0.12: negatives name PK parameters (i - len(params)) and, with *args, an index below -N
         * asserts only when the C++ mask (i + N) and statics_mask (i mod N) differ */
        {"jax.jit@0.12", 0, "(x, y=0)", "static_argnums=-1", "(x=1, y=2)", "x:traced y:static", 0},
        {"jax.jit@0.12", 0, "(x, *a)", "static_argnums=-3", "(1, 2)", "call AssertionError: ", 0},
        {"jax.jit@0.12", 0, "(a, b, *args)", "static_argnums=(-4, 2)", "(1, 2, 3)",
         "a:traced b:traced args[0]:static", 0},
        {"jax.jit@0.5.0", 0, "(a, *args, **kw)", "static_argnums=-3, in_shardings=1", "(1, b=2)",
         "call ValueError: Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
         "equal to -len(args) and less than len(args), but got value -3 for len(args) == 1.", 0},
    };
    (void)state;
    RUN(rows);
}

/* ---- jax_common helpers -------------------------------------------------- */

static void test_common_reprs(void **state)
{
    as_arena a;
    long long v[] = {0, 1, 3};
    unsigned char b[] = {0, 0, 0};
    as_jax_nums n = {v, b, 3}, one = {v, b, 1}, none = {v, b, 0};
    const char *set3[] = {"b", "a", "b"};
    (void)state;
    as_arena_init(&a);
    assert_string_equal(as_jax_repr_nums_tuple(&a, &n, 11), "(0, 1, 3)");
    assert_string_equal(as_jax_repr_nums_tuple(&a, &one, 11), "(0,)");
    assert_string_equal(as_jax_repr_nums_tuple(&a, &none, 11), "()");
    assert_string_equal(as_jax_repr_nums_list(&a, &n, 11), "[0, 1, 3]");
    assert_string_equal(as_jax_repr_str_set(&a, set3, 3), "{'a', 'b'}");
    assert_string_equal(as_jax_repr_str_set(&a, set3, 0), "set()");
    assert_string_equal(as_jax_repr_str(&a, "it's"), "\"it's\"");
    assert_string_equal(as_jax_repr_str(&a, "a\\b\n"), "'a\\\\b\\n'");
    assert_string_equal(as_jax_syntax_warning_text(&a, "x. These are positional-only"),
                        "x. These are positional-only." WARN_TAIL);
    as_arena_free(&a);
}

/* The str repr against CPython's own, when python3 is available. */
static void test_common_str_repr_matches_python(void **state)
{
    static const char *const samples[] = {"a", "it's", "say \"hi\"", "both ' and \"", "tab\there", "bs\\", "\x01", "\x7f", "caf\xc3\xa9"};
    as_arena a;
    (void)state;
    as_arena_init(&a);
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char cmd[512], got[256] = "";
        FILE *p;
        as_buf hex;
        as_buf_init(&hex, &a);
        for (const unsigned char *s = (const unsigned char *)samples[i]; *s; s++)
            as_buf_printf(&hex, "%02x", *s);
        snprintf(cmd, sizeof cmd,
                 "python3 -c \"import sys; sys.stdout.buffer.write(repr(bytes.fromhex('%s').decode()).encode())\" 2>/dev/null",
                 as_buf_str(&hex));
        int ok;
        p = popen(cmd, "r");
        ok = p && fgets(got, sizeof got, p) != NULL;
        if (p)
            pclose(p);
        if (!ok)
            fail_msg("test_common_str_repr_matches_python: python3 gave no repr for sample %zu (is python3 installed?)", i);
        assert_string_equal(as_jax_repr_str(&a, samples[i]), got);
    }
    as_arena_free(&a);
}

/* ---- differential: JAX's own helpers under CPython ----------------------- */

/* A Python driver that reads jax/_src/api_util.py and api.py of each tag
 * from a git mirror of jax-ml/jax, executes JAX's own helper functions
 * (_ensure_index_tuple, infer/resolve_argnums, validation, rebase,
 * _ensure_inbounds, argnums_partial_except, donation_vector) with CPython,
 * calls a real `def f<sig>` with the rebuilt arguments, and prints random
 * cases as "subject\tsig\tspec\tcall\texpected".  Only the glue (the call
 * order of those helpers per version, the 0.3.x donate_argnums length check
 * and the >= 0.9.0 membership mask) is written here.  The set reprs of
 * several names are sorted on both sides (Python's order is hash-based). */
static const char diff_script[] =
    "# Runs JAX's own helper functions, read from a git mirror of jax-ml/jax at\n"
    "# each tag, under CPython; prints random cases with their outcome.\n"
    "# argv: GIT_DIR SEED COUNT\n"
    "import subprocess, ast, inspect, operator, random, re, sys, warnings, functools\n"
    "from typing import *\n"
    "\n"
    "WANT = {'_ensure_index_tuple', '_ensure_str', '_ensure_str_tuple', '_ensure_inbounds',\n"
    "        'argnums_partial_except', '_argnums_partial', 'rebase_donate_argnums',\n"
    "        'infer_argnums_and_argnames', '_infer_argnums_and_argnames', '_validate_argnums', '_validate_argnames',\n"
    "        'validate_argnums', 'validate_argnames', '_assert_no_intersection', 'resolve_argnums',\n"
    "        '_HashableWithStrictTypeEquality', 'is_hashable', '_POSITIONAL_ARGUMENTS',\n"
    "        '_INVALID_KEYWORD_ARGUMENTS', '_KEYWORD_ARGUMENTS', '_POSITIONAL_OR_KEYWORD', 'donation_vector',\n"
    "        '_non_static_arg_names'}\n"
    "\n"
    "GIT_DIR = sys.argv[1]\n"
    "\n"
    "def load(v):\n"
    "    ns = {'inspect': inspect, 'operator': operator, 'warnings': warnings, 'map': map, 'partial': functools.partial,\n"
    "          '_POSITIONAL_OR_KEYWORD': inspect.Parameter.POSITIONAL_OR_KEYWORD}\n"
    "    exec('from typing import *\\nfrom collections.abc import Sequence, Iterable, Callable\\nimport types\\nlu = types.SimpleNamespace(WrappedFun=object)\\ncore = types.SimpleNamespace(concrete_or_error=lambda f, x, msg=None: x)', ns)\n"
    "    for fn in ('au_%s.py' % v, 'api_%s.py' % v):\n"
    "        path = ('jax/_src/api_util.py' if fn.startswith('au_') else 'jax/_src/api.py')\n"
    "        text = subprocess.run(['git', '--git-dir', GIT_DIR, 'show', 'jax-v%s:%s' % (v, path)],\n"
    "                              check=True, capture_output=True, text=True).stdout\n"
    "        tree = ast.parse(text)\n"
    "        for node in tree.body:\n"
    "            name = getattr(node, 'name', None)\n"
    "            if isinstance(node, ast.Assign):\n"
    "                name = getattr(node.targets[0], 'id', None)\n"
    "            if name in WANT:\n"
    "                if hasattr(node, 'decorator_list'):\n"
    "                    node.decorator_list = []\n"
    "                exec(compile(ast.Module([node], []), fn, 'exec'), ns)\n"
    "    ns.setdefault('Hashable', None)\n"
    "    class Leaf: num_leaves = 1\n"
    "    class Node:\n"
    "        def __init__(self, keys, n): self.keys, self.n = keys, n\n"
    "        def children(self): return [Leaf() for _ in range(self.n)]\n"
    "        def node_data(self): return (None, self.keys)\n"
    "    ns['tree_structure'] = lambda x: Leaf()\n"
    "    ns['unit'] = object()\n"
    "    ns['treedef_children'] = lambda t: t\n"
    "    ns['safe_zip'] = zip\n"
    "    ns['Node'] = Node\n"
    "    # the debug info's names: a tuple's elements by index, anything else one leaf\n"
    "    ns['lu'].__dict__['_clean_keystr_arg_names'] = lambda path: ''.join('[%d]' % i for i in path)\n"
    "    ns['tracing_registry'] = Node(None, 0)\n"
    "    ns['generate_key_paths'] = lambda x: [((i,), e) for i, e in enumerate(x)] if isinstance(x, (tuple, list)) else [((), x)]\n"
    "    ns['tracing_registry'].flatten_with_path = lambda x: (ns['generate_key_paths'](x), None)\n"
    "    if '_argnums_partial' not in ns:\n"
    "        return ns\n"
    "    orig = ns['_argnums_partial']\n"
    "    gen = inspect.isgeneratorfunction(orig)\n"
    "    def trans(f, *params):\n"
    "        def g(*dyn, **kw):\n"
    "            if gen:\n"
    "                it = orig(*params, *dyn, **kw)\n"
    "                a, k = next(it)\n"
    "                return f(*a, **k)\n"
    "            return orig(f, *params, *dyn, **kw)\n"
    "        return g\n"
    "    ns['_argnums_partial'] = trans\n"
    "    return ns\n"
    "\n"
    "class V:\n"
    "    def __init__(self, slot, key): self.slot, self.key = slot, key\n"
    "    def __hash__(self): return 0\n"
    "class T:\n"
    "    def __init__(self, v): self.v = v\n"
    "\n"
    "def sortset(m):\n"
    "    return re.sub(r\"\\{('[^{}]*')\\}\", lambda mo: '{' + ', '.join(sorted(mo.group(1).split(', '))) + '}', m)\n"
    "\n"
    "def describe_locals(f, loc, donated):\n"
    "    sig = inspect.signature(f)\n"
    "    out = []\n"
    "    def one(name, x):\n"
    "        d = id(x) in donated\n"
    "        if isinstance(x, T):\n"
    "            verdict, x = 'traced', x.v\n"
    "        elif isinstance(x, V):\n"
    "            verdict = 'static'\n"
    "        else:\n"
    "            return '%s:default' % name\n"
    "        s = '%s:%s' % (name, verdict)\n"
    "        if d: s += '+d'\n"
    "        if x.slot is not None: s += '#%d' % x.slot\n"
    "        return s\n"
    "    for name, p in sig.parameters.items():\n"
    "        x = loc[name]\n"
    "        if p.kind == p.VAR_POSITIONAL:\n"
    "            out += [one('%s[%d]' % (name, i), e) for i, e in enumerate(x)]\n"
    "        elif p.kind == p.VAR_KEYWORD:\n"
    "            out += [one(\"%s['%s']\" % (name, k), e) for k, e in x.items()]\n"
    "        else:\n"
    "            out.append(one(name, x))\n"
    "    return ' '.join(out)\n"
    "\n"
    "def run(v, ns, sigtext, spec, nargs, kwnames):\n"
    "    src = 'def f%s:\\n    return dict(locals())\\n' % sigtext\n"
    "    env = {}\n"
    "    exec(src, env)\n"
    "    f = env['f']\n"
    "    res = ''\n"
    "    try:\n"
    "        with warnings.catch_warnings(record=True) as wl:\n"
    "            warnings.simplefilter('always')\n"
    "            sn, sa = spec.get('static_argnums'), spec.get('static_argnames')\n"
    "            if v in ('0.3.10', '0.3.7'):\n"
    "                sn, sa = ns['_infer_argnums_and_argnames'](f, sn, sa)\n"
    "                sn = ns['_ensure_index_tuple'](sn)\n"
    "                dn = ns['_ensure_index_tuple'](spec.get('donate_argnums', ()))\n"
    "                dn = ns['rebase_donate_argnums'](dn, sn)\n"
    "            elif v == '0.3.14':\n"
    "                dn = ns['_ensure_index_tuple'](spec.get('donate_argnums', ()))\n"
    "                sig = inspect.signature(f)\n"
    "                sn, sa = ns['_infer_argnums_and_argnames'](sig, sn, sa)\n"
    "                ns['validate_argnums'](sig, sn, 'static_argnums')\n"
    "                ns['validate_argnums'](sig, dn, 'donate_argnums')\n"
    "                ns['validate_argnames'](sig, sa, 'static_argnames')\n"
    "                dn = ns['rebase_donate_argnums'](dn, sn)\n"
    "            else:\n"
    "                dn, dna, sn, sa = ns['resolve_argnums'](f, inspect.signature(f), spec.get('donate_argnums'),\n"
    "                                                       spec.get('donate_argnames'), sn, sa)\n"
    "        for w in wl:\n"
    "            res += 'W<%s: %s>|' % (w.category.__name__, sortset(str(w.message)))\n"
    "    except Exception as e:\n"
    "        return 'decoration %s: %s' % (type(e).__name__, sortset(str(e)))\n"
    "    args = tuple(V(i, None) for i in range(nargs))\n"
    "    kwargs = {k: V(None, k) for k in kwnames}\n"
    "    try:\n"
    "        if v in ('0.3.7', '0.3.10', '0.3.14') and max(dn, default=-1) >= len(args):\n"
    "            raise ValueError(f\"jitted function has donate_argnums={dn} but \"\n"
    "                             f\"was called with only {len(args)} positional arguments.\")\n"
    "        if v in ('0.4.27', '0.6.1', '0.9.0'):\n"
    "            res_sn = ns['_ensure_inbounds'](True, len(args), sn)\n"
    "        if v == '0.9.0':\n"
    "            # membership mask (FlatTree statics_mask): f gets the call unchanged\n"
    "            tpos = [x if i in res_sn else T(x) for i, x in enumerate(args)]\n"
    "            dynk = {k: (x if k in sa else T(x)) for k, x in kwargs.items()}\n"
    "            donated = {id(t) for i, t in enumerate(tpos) if isinstance(t, T) and i in dn}\n"
    "            donated |= {id(t) for k, t in dynk.items() if isinstance(t, T) and k in dna}\n"
    "            # assert_arg_names (0.7.2+): one debug-info name per dynamic leaf; the adapter's\n"
    "            # values are one-leaf pytree nodes ('[0]')\n"
    "            names = ns['_non_static_arg_names'](inspect.signature(f), args, kwargs, sn, sa)\n"
    "            n_flat = sum(isinstance(t, T) for t in tpos) + sum(isinstance(t, T) for t in dynk.values())\n"
    "            if len(names) != n_flat:\n"
    "                return res + ('call AssertionError: (%d, DebugInfo(traced_for=\\'jit\\', func_src_info=\\'f at <def>:1\\', '\n"
    "                              'arg_names=%r, result_paths=<jax._src.linear_util.InitialResultPaths object at 0x?>))'\n"
    "                              % (n_flat, tuple(n + '[0]' for n in names)))\n"
    "            return res + describe_locals(f, f(*tpos, **dynk), donated)\n"
    "        g, dyn = ns['argnums_partial_except'](f, sn, args, allow_invalid=True)\n"
    "        dynk = {k: (x if k in sa else T(x)) for k, x in kwargs.items()}\n"
    "        dk = {k: x for k, x in kwargs.items() if k not in sa}\n"
    "        if v in ('0.3.7', '0.3.10', '0.3.14'):\n"
    "            don = ns['donation_vector'](dn, dyn, dk) if dn else ()\n"
    "        else:\n"
    "            don = ns['donation_vector'](dn, dna, (ns['Node'](None, len(dyn)), ns['Node'](list(dk), len(dk)))) if (dn or dna) else ()\n"
    "        donated = set()\n"
    "        tdyn = [T(x) for x in dyn]\n"
    "        for x, d in zip(tdyn + [dynk[k] for k in dk], don):\n"
    "            if d: donated.add(id(x))\n"
    "        loc = g(*tdyn, **dynk) if g is not f else f(*tdyn, **dynk)\n"
    "        return res + describe_locals(f, loc, donated)\n"
    "    except Exception as e:\n"
    "        return res + 'call %s: %s' % (type(e).__name__, str(e))\n"
    "\n"
    "SIGS = ['(a, b, c)', '(a, /, b, *, c)', '(x, y=0)', '(a, *args, c=0)', '(a, b=1, **kw)', '(x, /, y, z=2)',\n"
    "        '(p, q, *args, r=0, **kw)', '(a, b, /, c=1, *, d=2)']\n"
    "NAMES = ['a', 'b', 'c', 'x', 'y', 'z', 'args', 'kw', 'r', 'k', 'p', 'q', 'd']\n"
    "\n"
    "def rnd_nums(r):\n"
    "    if r.random() < 0.3: return r.randint(-4, 4)\n"
    "    return tuple(r.randint(-4, 4) for _ in range(r.randint(0, 3)))\n"
    "def rnd_names(r):\n"
    "    if r.random() < 0.3: return r.choice(NAMES)\n"
    "    return tuple(r.sample(NAMES, r.randint(0, 3)))\n"
    "def pyrepr(x): return repr(x)\n"
    "\n"
    "def main():\n"
    "    r = random.Random(int(sys.argv[2]))\n"
    "    n = int(sys.argv[3])\n"
    "    vers = ['0.3.7', '0.3.10', '0.3.14', '0.4.27', '0.6.1', '0.9.0']\n"
    "    nss = {v: load(v) for v in vers}\n"
    "    for _ in range(n):\n"
    "        v = r.choice(vers)\n"
    "        sig = r.choice(SIGS)\n"
    "        spec = {}\n"
    "        if r.random() < 0.6: spec['static_argnums'] = rnd_nums(r)\n"
    "        if r.random() < 0.5: spec['static_argnames'] = rnd_names(r)\n"
    "        if r.random() < 0.6: spec['donate_argnums'] = rnd_nums(r)\n"
    "        if v not in ('0.3.7', '0.3.10', '0.3.14') and r.random() < 0.4: spec['donate_argnames'] = rnd_names(r)\n"
    "        nargs = r.randint(0, 4)\n"
    "        params = [p for p in re.findall(r'[a-z]+', sig)]\n"
    "        kw = [k for k in r.sample(params + ['k'], r.randint(0, 2))]\n"
    "        call = '(' + ', '.join([str(i + 1) for i in range(nargs)] + ['%s=%d' % (k, 10 + i) for i, k in enumerate(kw)]) + ')'\n"
    "        spectext = ', '.join('%s=%s' % (k, pyrepr(x)) for k, x in spec.items())\n"
    "        out = run(v, nss[v], sig, spec, nargs, kw)\n"
    "        print('\\t'.join(['jax.jit@' + v, sig, spectext, call, out]))\n"
    "\n"
    "main()\n"
    "\n";

#define JAX_MIRROR "/work/.mirror/jax-ml+jax/repo"

static void test_differential_against_jax_sources(void **state)
{
    char path[] = "/tmp/argsplit_jaxdiff_XXXXXX";
    char cmd[512], line[8192];
    const char *git_dir = getenv("ARGSPLIT_JAX_GIT_DIR");
    int fd, n = 0, failures = 0;
    FILE *p;
    as_arena a;
    (void)state;

    if (!git_dir)
        git_dir = JAX_MIRROR;
    snprintf(cmd, sizeof cmd, "git --git-dir '%s' rev-parse -q --verify jax-v0.3.7 >/dev/null 2>&1", git_dir);
    if (system(cmd) != 0)
        skip();
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, diff_script, sizeof diff_script - 1), (long)(sizeof diff_script - 1));
    close(fd);
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s' 20261125 3000", path, git_dir);
    p = popen(cmd, "r");
    assert_non_null(p);
    as_arena_init(&a);
    while (fgets(line, sizeof line, p)) {
        char *f[5], *q = line;
        row r;
        const char *got;
        line[strcspn(line, "\n")] = 0;
        for (int i = 0; i < 5; i++) {
            f[i] = q;
            q = strchr(q, '\t');
            if (q)
                *q++ = 0;
            else
                q = "";
        }
        r.subject = f[0]; r.py = 0; r.sig = f[1]; r.spec = f[2]; r.call = f[3]; r.expect = f[4]; r.slots = 1;
        got = run_row(&a, &r);
        if (strcmp(got, r.expect) != 0 && failures++ < 10)
            print_error("%s %s [%s] %s\n  jax:   %s\n  model: %s\n", r.subject, r.sig, r.spec, r.call, r.expect, got);
        n++;
        as_arena_reset(&a);
    }
    as_arena_free(&a);
    assert_int_equal(pclose(p), 0);
    unlink(path);
    print_message("differential: %d cases, %d mismatches\n", n, failures);
    assert_int_equal(n, 3000);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_10614_table),
        cmocka_unit_test(test_inference),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_malformed_specs),
        cmocka_unit_test(test_negative_static_argnums),
        cmocka_unit_test(test_static_value_placement),
        cmocka_unit_test(test_donation),
        cmocka_unit_test(test_partial_and_pjit),
        cmocka_unit_test(test_common_reprs),
        cmocka_unit_test(test_common_str_repr_matches_python),
        cmocka_unit_test(test_differential_against_jax_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
