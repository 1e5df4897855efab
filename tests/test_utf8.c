/* test_utf8.c — invalid UTF-8 in names and str literals of a call or a
 * signature gives the SyntaxError CPython gives, checked against every
 * pyenv CPython 3.8-3.13 (compile() of the bytes, as a source file is read);
 * and the JSON writers never emit invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "oracle/bindjson.h"
#include "oracle/call.h"
#include "oracle/pyexpr.h"
#include "oracle/signature.h"
#include "tests/support/pytruth.h"

static as_arena A;

static int setup(void **state) { (void)state; as_arena_init(&A); return 0; }
static int teardown(void **state) { (void)state; as_arena_free(&A); return 0; }

/* Calls (after "f") and signatures (after "def f", before ": pass"). */
static const char *const calls[] = {
    "(\"\xff\")", "(\"a\xc3\")", "(x\xffy)", "(1, \"\xe2\x82\")", "(a=\"ok\", b=\"\xed\xa0\x80\")",
    "(\"\xc3\xa9\")", "(1)  # \xff", "(r\"a\xff\")", ("(\"\\n\xff" "ab\xc3\")"), "(\"a\" \"b\xff\")",
    "(\"\"\"ab\xe2\x82\"\"\")", "(\xc3\xa9\xff)", "(a=1, \xff=2)", "(\"\xf4\x90\x80\x80\")",
    "(\"\xf0\x9f\x98\")", "(u\"\xe0\x80\")", "(\"\\\\\xff\")", "('\xf0\x9f\x98\x80', '\xc0\xaf')",
    "('\xe0\xa0', 1)", "('\xf0\x90\x80')", "('\xe1\x80\xe1')", "('ok', '\x80')", "(**{'\xff': 1})",
    "(*'\xc3(')", "('\xf8\x88\x80\x80\x80')", "(k\xc3\xa9=1)", "('\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80')",
};
static const char *const sigs[] = {
    "(a=\"\xff\")", "(\xff)", "(a, b\xc3)", "(a: '\xe2\x82' = 1)", "(a=r'\xed\xbf\xbf')", "(\xc3\xa9, b='\xc3\xa9')",
};

static const char truth_py[] =
    "import sys\n"
    "for line in open(sys.argv[1], encoding='ascii').read().split('\\n')[:-1]:\n"
    "    kind, hexsrc, mine = line.split('\\t')\n"
    "    src = bytes.fromhex(hexsrc)\n"
    "    try:\n"
    "        if kind == 'C':\n"
    "            compile(b'f' + src + b'\\n', '<c>', 'eval')\n"
    "        else:\n"
    "            compile(b'def f' + src + b': pass\\n', '<s>', 'exec')\n"
    "        truth = 'OK'\n"
    "    except SyntaxError as e:\n"
    "        truth = 'SE ' + e.msg\n"
    "    except UnicodeDecodeError as e:\n"
    "        truth = 'UDE'\n"
    "    mine = bytes.fromhex(mine).decode('utf-8')\n"
    "    ok = mine == truth or (truth in ('OK', 'UDE') and mine.startswith('IE '))\n"
    "    if not ok:\n"
    "        print('MISMATCH', kind, src, '| python:', truth, '| argsplit:', mine)\n"
    "    else:\n"
    "        print('OK')\n"
;

/* "OK", "SE message" or "IE message". */
static const char *outcome(const char *text, int is_sig, int py)
{
    as_error e;
    memset(&e, 0, sizeof e);
    int rc;
    if (is_sig) {
        as_signature s;
        rc = as_signature_parse(&A, text, strlen(text), py, &s, &e);
    } else {
        as_call c;
        rc = as_call_parse(&A, text, strlen(text), py, &c, &e);
    }
    if (rc == 0)
        return "OK";
    return as_arena_printf(&A, "%s %s", strcmp(e.type, "SyntaxError") == 0 ? "SE" : "IE", e.message);
}

typedef struct utf8_run {
    int n_calls, n_sigs, checked, bad;
} utf8_run;

static void write_input(void *ctx, int py, FILE *f)
{
    utf8_run *r = ctx;
    for (int i = 0; i < r->n_calls + r->n_sigs; i++) {
        int is_sig = i >= r->n_calls;
        const char *text = is_sig ? sigs[i - r->n_calls] : calls[i];
        fputs(is_sig ? "S\t" : "C\t", f);
        pytruth_put_hex(f, text);
        fputc('\t', f);
        pytruth_put_hex(f, outcome(text, is_sig, py));
        fputc('\n', f);
    }
}

static void on_line(void *ctx, int py, const char *line)
{
    utf8_run *r = ctx;
    if (strcmp(line, "OK\n") == 0) {
        r->checked++;
        return;
    }
    print_message("3.%d %s", py, line);
    r->bad++;
}

static void test_against_cpython(void **state)
{
    (void)state;
    utf8_run r = {(int)(sizeof calls / sizeof calls[0]), (int)(sizeof sigs / sizeof sigs[0]), 0, 0};
    int versions = pytruth_run(truth_py, write_input, on_line, &r);
    print_message("utf-8 differential: %d versions, %d checks, %d mismatches\n", versions, r.checked, r.bad);
    assert_true(versions >= 6);
    assert_int_equal(r.checked, versions * (r.n_calls + r.n_sigs));
    assert_int_equal(r.bad, 0);
}

static int valid_utf8(const char *s)
{
    json_t *j = json_string(s);   /* jansson validates */
    json_decref(j);
    return j != NULL;
}

/* Whatever the texts, both JSON writers give the same valid UTF-8 text. */
static void test_json_is_utf8(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"(a)", "(\"\xff\")"},
        {"(a)", "(1 \xff\xfe\xfd 2)"},
        {"(**k)", "(**{'\\udc80': 1})"},
        {"(a, b\xc3)", "(1)"},
        {"(a)", "(\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
                "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac +)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int py = 8; py <= 13; py++) {
            as_bind_case c;
            as_bind_case_run(&A, cases[i][0], strlen(cases[i][0]), cases[i][1], strlen(cases[i][1]), py, &c);
            as_buf out;
            as_buf_init(&out, &A);
            as_bind_case_write(&out, &c);
            const char *fast = as_buf_str(&out);
            json_t *j = as_bind_case_json(&c);
            assert_non_null(j);
            char *slow = json_dumps(j, JSON_COMPACT);
            json_decref(j);
            assert_non_null(slow);
            if (strcmp(fast, slow) != 0)
                fail_msg("case %zu 3.%d: writer %s, jansson %s", i, py, fast, slow);
            json_error_t jerr;
            json_t *back = json_loads(fast, 0, &jerr);
            if (!back)
                fail_msg("case %zu: not JSON: %s", i, fast);
            json_decref(back);
            assert_true(valid_utf8(slow));
            free(slow);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_cpython),
        cmocka_unit_test(test_json_is_utf8),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
