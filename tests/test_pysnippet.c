/* test_pysnippet.c — replay snippets are valid Python (CPython's ast module
 * parses them) and runnable: with a stub `jax`/`equinox` package whose
 * transforms just call the function, python3 executes each snippet, which
 * proves every free name is defined and the call binds to the def. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/pysnippet.h"

static char tmpdir[64];

static const char *const obs_json =
    "{\"subject\": \"jax.jit@0.4.13\", \"decoration\": {\"ok\": true, \"warnings\": []},"
    " \"call\": {\"ok\": true, \"args\": ["
    "{\"param\": \"a\", \"kind\": \"positional_or_keyword\", \"passed\": \"positional\", \"slot\": 0, \"verdict\": \"traced\"},"
    "{\"param\": \"b\", \"kind\": \"positional_or_keyword\", \"passed\": \"positional\", \"slot\": 1, \"verdict\": \"static\"}]}}";
static const char *const ref_json =
    "{\"subject\": \"reference\", \"decoration\": {\"ok\": true, \"warnings\": []},"
    " \"call\": {\"ok\": true, \"args\": ["
    "{\"param\": \"a\", \"kind\": \"positional_or_keyword\", \"passed\": \"positional\", \"slot\": 0, \"verdict\": \"traced\"},"
    "{\"param\": \"b\", \"kind\": \"positional_or_keyword\", \"passed\": \"positional\", \"slot\": 1, \"verdict\": \"traced\"}]}}";
static const char *const err_json =
    "{\"subject\": \"jax.pmap@0.4.13\", \"decoration\": {\"ok\": false, \"error\": \"ValueError\","
    " \"message\": \"bad\\nmulti-line # message ''' \\\"\\\"\\\"\"}, \"call\": null}";

/* The real interpreter path ("" when python3 is missing): asked once, so a
 * version-manager shim is not paid for on every check. */
static char python[512];

static void find_python(void)
{
    FILE *p = popen("python3 -c 'import sys; print(sys.executable)' 2>/dev/null", "r");
    if (!p)
        return;
    if (!fgets(python, sizeof python, p))
        python[0] = '\0';
    pclose(p);
    python[strcspn(python, "\n")] = '\0';
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A stub jax/equinox: transforms return a function that calls f. */
static int setup_stubs(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/argsplit_snip_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    char p[160];
    snprintf(p, sizeof p, "%s/jax", tmpdir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/jax/experimental", tmpdir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/jax/__init__.py", tmpdir);
    write_text(p,
               "from . import numpy\n"
               "def _wrap(f, *a, **k):\n"
               "    def g(*args, **kwargs):\n"
               "        return f(*args, **kwargs)\n"
               "    return g\n"
               "jit = pmap = vmap = grad = value_and_grad = jacfwd = jacrev = hessian = checkpoint = _wrap\n"
               "class custom_jvp:\n"
               "    def __init__(self, fun, nondiff_argnums=()):\n"
               "        self.fun = fun\n"
               "        self.rule = None\n"
               "    def defjvp(self, rule):\n"
               "        self.rule = rule\n"
               "        return rule\n"
               "    def __call__(self, *args, **kwargs):\n"
               "        assert self.rule is not None\n"
               "        return self.fun(*args, **kwargs)\n"
               "class custom_vjp(custom_jvp):\n"
               "    def defvjp(self, fwd, bwd):\n"
               "        self.rule = (fwd, bwd)\n");
    snprintf(p, sizeof p, "%s/jax/numpy.py", tmpdir);
    write_text(p, "class _A(list):\n"
                  "    T = property(lambda self: self)\n"
                  "def ones(n, dtype=None):\n    return _A([1.0] * n)\n"
                  "def zeros(n, dtype=None):\n    return _A([0.0] * n)\n");
    snprintf(p, sizeof p, "%s/jax/experimental/__init__.py", tmpdir);
    write_text(p, "");
    snprintf(p, sizeof p, "%s/jax/experimental/pjit.py", tmpdir);
    write_text(p, "from jax import _wrap as pjit\n");
    snprintf(p, sizeof p, "%s/equinox.py", tmpdir);
    write_text(p, "from jax import _wrap as filter_jit, _wrap as filter_grad\n");
    find_python();
    *state = NULL;
    return 0;
}

static int teardown_stubs(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Snippets are written to files and checked in one python3 run per test
 * (check_snippets): each must parse with ast.parse, and those marked
 * runnable must execute against the stubs. */
static int n_snippets;

static char *snippet_ok(as_arena *a, const as_finding *f, int run)
{
    char *text;
    as_error err;
    as_error_clear(&err);
    if (as_pysnippet(a, f, &text, &err) < 0)
        fail_msg("snippet: %s: %s", err.type, err.message);
    char path[160];
    snprintf(path, sizeof path, "%s/snippet_%03d%s.py", tmpdir, n_snippets++, run ? "_run" : "");
    write_text(path, text);
    return text;
}

static void check_snippets(void)
{
    if (!python[0]) {
        print_message("python3 missing: snippets not checked\n");
        return;
    }
    char script[160], cmd[1024];
    snprintf(script, sizeof script, "%s/check.py", tmpdir);
    write_text(script,
               "import ast, glob, os, runpy, sys, traceback\n"
               "sys.path.insert(0, sys.argv[1])\n"
               "bad = 0\n"
               "for p in sorted(glob.glob(os.path.join(sys.argv[1], 'snippet_*.py'))):\n"
               "    src = open(p).read()\n"
               "    try:\n"
               "        ast.parse(src)\n"
               "        if p.endswith('_run.py'):\n"
               "            runpy.run_path(p, run_name='__main__')\n"
               "    except Exception:\n"
               "        bad += 1\n"
               "        print('---', p)\n"
               "        print(src)\n"
               "        traceback.print_exc()\n"
               "    os.remove(p)\n"
               "sys.exit(1 if bad else 0)\n");
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", python, script, tmpdir);
    if (system(cmd) != 0)
        fail_msg("some snippets are not valid Python or do not run (see above)");
}

static void expect_in(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("[%s] not in:\n%s", needle, text);
}

static void expect_not_in(const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("[%s] unexpectedly in:\n%s", needle, text);
}

static void test_jit_with_free_names(void **state)
{
    as_arena a;
    as_arena_init(&a);
    as_finding f = {
        .key = "jax.jit|vs-reference|PK|neg-index|traced->static",
        .subject = "jax.jit@0.4.13",
        .relation = "vs-reference",
        .rule = "neg-index",
        .signature = "(a, b=jnp.zeros(2, dtype=dt) + offset, /, c: Array = None, *args, d=lambda q: q,"
                     " **kw)",
        .spec_json = "{\"static_argnums\": [-1], \"static_argnames\": \"d\"}",
        .call = "(x, y, 3, *[w, 5], d=z.T, **{'e': v})",
        .observed_json = obs_json,
        .expected_json = ref_json,
        .py_minor = 11,
    };
    char *t = snippet_ok(&a, &f, 1);
    expect_in(t, "import jax\n");
    expect_in(t, "import jax.numpy as jnp\n");
    expect_in(t, "from __future__ import annotations\n");
    expect_in(t, "def f(a, b=jnp.zeros(2, dtype=dt) + offset, /, c: Array = None, *args, d=lambda q: q, **kw):\n");
    expect_in(t, "g = jax.jit(f, static_argnums=(-1,), static_argnames='d')\n");
    expect_in(t, "g(x, y, 3, *[w, 5], d=z.T, **{'e': v})\n");
    const char *defined[] = {"dt", "offset", "x", "y", "w", "z", "v"};
    for (size_t i = 0; i < sizeof defined / sizeof *defined; i++) {
        char line[32];
        snprintf(line, sizeof line, "\n%s = jnp.ones(3)\n", defined[i]);
        expect_in(t, line);
    }
    /* Not free: parameters, keywords, attributes, annotations, modules. */
    const char *not_defined[] = {"a", "b", "c", "d", "kw", "args", "dtype", "T", "Array", "jnp", "e",
                                 "zeros"};
    for (size_t i = 0; i < sizeof not_defined / sizeof *not_defined; i++) {
        char line[32];
        snprintf(line, sizeof line, "\n%s = ", not_defined[i]);
        expect_not_in(t, line);
    }
    expect_in(t, "#   * b ");
    expect_in(t, "#     a ");
    expect_in(t, "# re-run: argsplit split --subject 'jax.jit@0.4.13' --python 3.11 '(a, b=jnp.zeros");
    expect_in(t, "'static_argnums=(-1,), static_argnames='\\''d'\\''' '(x, y, 3");
    as_arena_free(&a);
    check_snippets();
}

static void test_families(void **state)
{
    as_arena a;
    as_arena_init(&a);
    struct {
        const char *subject, *spec, *expect;
    } cases[] = {
        {"jax.custom_jvp@0.4.13", "{\"nondiff_argnums\": [0]}",
         "@functools.partial(jax.custom_jvp, nondiff_argnums=(0,))\ndef f(a, b):"},
        {"jax.custom_vjp@0.4.13", "{\"nondiff_argnums\": [1]}", "f.defvjp(f_fwd, f_bwd)"},
        {"jax.custom_jvp@0.4.13", "{}", "@jax.custom_jvp\ndef f(a, b):"},
        {"jax.pmap@0.3.10", "{\"static_broadcasted_argnums\": 1}",
         "g = jax.pmap(f, static_broadcasted_argnums=1)"},
        {"jax.pjit@0.4.13", "{\"static_argnums\": []}", "from jax.experimental.pjit import pjit"},
        {"equinox.filter_jit@0.13.8", "{}", "import equinox as eqx\n"},
        {"equinox.filter_jit@0.13.8", "{}", "g = eqx.filter_jit(f)\n"},
        {"jax.vmap", "{\"in_axes\": [0, null]}", "g = jax.vmap(f, in_axes=(0, None))"},
        {"jax.grad@0.4.13", "{\"argnums\": [0, 1]}", "g = jax.grad(f, argnums=(0, 1))"},
        {"jax.checkpoint@0.4.13", "{\"static_argnums\": [0]}", "g = jax.checkpoint(f, static_argnums=(0,))"},
        {"reference", "{\"static_argnums\": [0]}", "g = jax.jit(f, static_argnums=(0,))"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        as_finding f = {.subject = cases[i].subject, .signature = "(a, b)", .spec_json = cases[i].spec,
                        .call = "(1, b=2)", .observed_json = err_json, .expected_json = ref_json,
                        .py_minor = 8};
        char *t = snippet_ok(&a, &f, 1);
        expect_in(t, cases[i].expect);
        expect_in(t, "g(1, b=2)\n");
    }
    as_arena_free(&a);
    check_snippets();
}

/* A library of the user's own (docs/EXTERNAL.md): the snippet imports it,
 * not JAX, and runs against the real toy library of examples/own-library. */
static void test_own_library(void **state)
{
    as_arena a;
    as_arena_init(&a);
    const char *src = getenv("ARGSPLIT_SOURCE_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '%s/examples/own-library/mylib.py' '%s/'", src && *src ? src : ARGSPLIT_SOURCE_DIR,
             tmpdir);
    assert_int_equal(system(cmd), 0);
    struct {
        const char *subject, *module, *expect;
    } cases[] = {
        {"py:mylib.jit", NULL, "g = mylib.jit(f, static_argnums=1)\n"},           /* from the id */
        {"py:mylib.jit", "mylib", "g = mylib.jit(f, static_argnums=1)\n"},        /* from the handshake */
        {"ext:mine", "mylib", "g = mylib.mine(f, static_argnums=1)\n"},           /* the handshake's module */
        {"py:mylib.jit", "__main__", "g = mylib.jit(f, static_argnums=1)\n"},     /* a script: not a module */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        as_finding f = {.subject = cases[i].subject, .signature = "(x, n=k)", .spec_json = "{\"static_argnums\": 1}",
                        .call = "(1.0, n=3)", .observed_json = obs_json, .expected_json = ref_json, .py_minor = 11};
        char *t;
        as_error err;
        as_error_clear(&err);
        assert_int_equal(as_pysnippet_module(&a, &f, cases[i].module, &t, &err), 0);
        expect_in(t, "import mylib\n");
        expect_not_in(t, "import jax");
        expect_in(t, "\nk = [1.0, 1.0, 1.0]\n");
        expect_in(t, cases[i].expect);
        if (strcmp(cases[i].subject, "ext:mine") != 0) {   /* mylib has no `mine` */
            char path[160];
            snprintf(path, sizeof path, "%s/snippet_%03d_run.py", tmpdir, n_snippets++);
            write_text(path, t);
        }
    }
    /* JAX's own subjects, real releases and a module that is not a name stay JAX's. */
    const char *jaxish[][2] = {{"py:jax.jit", "jax"}, {"real:jax.jit@0.4.14", NULL}, {"py:reference", NULL},
                               {"ext:x", "os; import sys"}, {"jax.jit@0.4.13", "mylib"}};
    for (size_t i = 0; i < sizeof jaxish / sizeof *jaxish; i++) {
        as_finding f = {.subject = jaxish[i][0], .signature = "(x, n)", .spec_json = "{}", .call = "(1, 2)",
                        .observed_json = obs_json, .expected_json = ref_json, .py_minor = 11};
        char *t;
        as_error err;
        as_error_clear(&err);
        assert_int_equal(as_pysnippet_module(&a, &f, i == 4 ? NULL : jaxish[i][1], &t, &err), 0);
        expect_in(t, "import jax\n");
        expect_not_in(t, "import mylib");
        expect_not_in(t, "import sys");
    }
    /* The re-run line names the subject as the user gave it (an ext: command,
     * quoted for the shell, newlines kept out of the comment); the header
     * keeps the handshake's id. */
    {
        as_finding f = {.subject = "py:mylib.jit", .signature = "(x)", .spec_json = "{}", .call = "(1)",
                        .observed_json = obs_json, .expected_json = ref_json, .py_minor = 11};
        char *t;
        as_error err;
        as_error_clear(&err);
        assert_int_equal(as_pysnippet_for(&a, &f, "mylib", "ext:python3 'my backend.py'\nimport os", &t, &err), 0);
        expect_in(t, "# subject py:mylib.jit,");
        expect_in(t, "# re-run: argsplit split --subject 'ext:python3 '\\''my backend.py'\\''");
        expect_not_in(t, "\nimport os");
        assert_int_equal(as_pysnippet_for(&a, &f, "mylib", NULL, &t, &err), 0);
        expect_in(t, "# re-run: argsplit split --subject 'py:mylib.jit' --python 3.11 '(x)'");
    }
    as_arena_free(&a);
    check_snippets();
}

static void test_decoration_only_and_hostile_text(void **state)
{
    as_arena a;
    as_arena_init(&a);
    /* No call; a message with newlines and quotes; a key with a newline. */
    as_finding f = {.key = "k\nimport os", .subject = "jax.pmap@0.4.13", .relation = "meta:int-tuple",
                    .signature = "(a, *, k='\\n')", .spec_json = "{\"static_broadcasted_argnums\": [5]}",
                    .call = NULL, .observed_json = err_json, .expected_json = "not json",
                    .py_minor = 13};
    char *t = snippet_ok(&a, &f, 1);
    expect_not_in(t, "\nimport os");
    /* a metamorphic finding: the original case's answer, then the rewritten one's */
    expect_in(t, "#   * decoration  (unreadable)  ValueError: bad multi-line # message");
    expect_in(t, "(unreadable)");
    expect_not_in(t, "\ng(");
    as_finding empty = {.subject = "jax.jit@0.4.13", .signature = "()", .spec_json = "",
                        .call = "()", .observed_json = NULL, .expected_json = NULL};
    t = snippet_ok(&a, &empty, 1);
    expect_in(t, "g = jax.jit(f)\ng()\n");
    expect_in(t, "(not recorded)");
    as_arena_free(&a);
    check_snippets();
}

static void test_errors(void **state)
{
    as_arena a;
    as_arena_init(&a);
    char *t;
    as_error err;
    as_error_clear(&err);
    as_finding bad_spec = {.subject = "jax.jit", .signature = "(a)", .spec_json = "{\"static_argnums\": ",
                           .call = "(1)"};
    assert_int_equal(as_pysnippet(&a, &bad_spec, &t, &err), -1);
    assert_string_equal(err.type, "InputError");
    as_finding bad_sig = {.subject = "jax.jit", .signature = "(a, 'unterminated)", .spec_json = "{}",
                          .call = "(1)"};
    assert_int_equal(as_pysnippet(&a, &bad_sig, &t, &err), -1);
    assert_string_equal(err.type, "InputError");
    assert_string_equal(as_shell_quote(&a, "it's"), "'it'\\''s'");
    as_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jit_with_free_names),
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_own_library),
        cmocka_unit_test(test_decoration_only_and_hostile_text),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup_stubs, teardown_stubs);
}
