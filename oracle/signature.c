/* signature.c — see signature.h.
 *
 * Which SyntaxError CPython reports depends on how its parser fails, so the
 * checks mirror the parsers themselves:
 *   3.8     the LL(1) grammar (first bad token: "invalid syntax"), then
 *           ast.c left to right (defaults, bare *, __debug__), then the
 *           symtable (duplicates), then the compiler (yield/await).
 *   3.9+    the PEG grammar: a first pass without the invalid_* rules; when
 *           it fails, a second pass in which the first invalid_* rule that
 *           matches raises its message (the rules and their order differ by
 *           version), else "invalid syntax".  A header that parses then gets
 *           the symtable check (duplicates), then the compiler's (__debug__,
 *           yield/await).
 * The rules below are named after CPython's Grammar/python.gram.
 */
#include "oracle/signature.h"

#include <stdint.h>
#include <string.h>

#include "oracle/pyexpr.h"
#include "oracle/pyversion.h"

enum { RAISED = -2 };

typedef struct sp {
    as_arena *arena;
    const char *text;
    const as_token *t;
    int n;
    int py;
    int second;             /* invalid_* rules enabled */
    int farthest;           /* farthest token that failed a check */
    int *memo;              /* expression end + 2 per token: 0 unknown, 1 failed */
    unsigned char *facts;   /* FACTS_KNOWN | AS_EXPR_* of the expression parsed from a token,
                               and NO_HINT once no hint matched there */
    unsigned facts_or;      /* every expression's facts so far, or-ed */
    int expr_err_set;
    as_error expr_err;      /* first failure inside an expression */
    as_error *err;
} sp;

static int is_op_at(sp *s, int i, int op)
{
    if (s->t[i].kind == AS_TK_OP && s->t[i].sub == op)
        return 1;
    if (i > s->farthest)
        s->farthest = i;
    return 0;
}

static int is_name_at(sp *s, int i)
{
    if (s->t[i].kind == AS_TK_NAME && s->t[i].sub == 0)
        return 1;
    if (i > s->farthest)
        s->farthest = i;
    return 0;
}

static int raise(sp *s, int tok, const char *msg)
{
    as_fail(s->err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, s->t[tok].start + 1, "%s", msg);
    return RAISED;
}

enum { FACTS_KNOWN = 0x80, NO_HINT = 0x40 };

/* as_expr_parse, keeping the facts of what parses for scope_check. */
static int parse_keep_facts(sp *s, int i, as_expr_level level, int *end, as_error *e)
{
    unsigned f = 0;
    int k = as_expr_parse(s->text, s->t, i, level, end, &f, e);
    if (k >= 0) {
        s->facts[i] = (unsigned char)((s->facts[i] & NO_HINT) | FACTS_KNOWN | f);
        s->facts_or |= f;
    }
    return k;
}

/* 3.10+ second pass: CPython's invalid_expression rules, tried wherever
 * the grammar asks for an `expression`. */
static int invalid_expression(sp *s, int i)
{
    char msg[160];
    int at;
    if (s->facts[i] & NO_HINT)   /* backtracking asks again where it asked before */
        return -1;
    if (!as_expr_diagnose(s->text, s->t, i, s->py, msg, sizeof msg, &at)) {
        s->facts[i] |= NO_HINT;
        return -1;
    }
    as_fail(s->err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, s->t[at].start + 1, "%s", msg);
    return RAISED;
}

/* expression (or '*' bitwise_or when star) at i: end position or -1. */
static int expression(sp *s, int i, int star)
{
    if (s->second && s->py >= 10 && !(star && is_op_at(s, i, AS_OP_STAR))
        && invalid_expression(s, i) == RAISED)
        return RAISED;
    if (star) {
        if (!is_op_at(s, i, AS_OP_STAR))
            return expression(s, i, 0);
        as_error e;
        int end;
        if (parse_keep_facts(s, i + 1, AS_EXPR_BITOR, &end, &e) < 0)
            return -1;
        return end;
    }
    if (s->memo[i])
        return s->memo[i] - 2;
    as_error e;
    int end;
    if (parse_keep_facts(s, i, AS_EXPR_EXPRESSION, &end, &e) < 0) {
        /* A failure at the expression's first token is a plain grammar
         * failure; one further in means the text is not an expression. */
        if (e.column != s->t[i].start + 1 && !s->expr_err_set) {
            s->expr_err = e;
            s->expr_err_set = 1;
        }
        if (i > s->farthest)
            s->farthest = i;
        end = -1;
    }
    s->memo[i] = end + 2;
    return end;
}

/* ',' or &')' after a parameter. */
static int comma_or_close(sp *s, int i)
{
    if (i < 0)
        return i;
    if (is_op_at(s, i, AS_OP_COMMA))
        return i + 1;
    if (is_op_at(s, i, AS_OP_RPAR))
        return i;
    return -1;
}

static int annotation(sp *s, int i, int star)
{
    if (!is_op_at(s, i, AS_OP_COLON))
        return -1;
    return expression(s, i + 1, star);
}

static int param(sp *s, int i, int star)
{
    if (!is_name_at(s, i))
        return -1;
    int a = annotation(s, i + 1, star);
    return a >= 0 || a == RAISED ? a : i + 1;
}

static int invalid_default(sp *s, int i)
{
    if (s->second && s->py >= 11 && is_op_at(s, i, AS_OP_EQUAL)
        && (is_op_at(s, i + 1, AS_OP_RPAR) || is_op_at(s, i + 1, AS_OP_COMMA)))
        return raise(s, i, "expected default value expression");
    return -1;
}

static int defaultv(sp *s, int i)
{
    if (is_op_at(s, i, AS_OP_EQUAL)) {
        int e = expression(s, i + 1, 0);
        if (e >= 0 || e == RAISED)
            return e;
    }
    return invalid_default(s, i);
}

static int param_no_default(sp *s, int i) { return comma_or_close(s, param(s, i, 0)); }

static int param_with_default(sp *s, int i)
{
    int p = param(s, i, 0);
    if (p < 0)
        return p;
    int d = defaultv(s, p);
    if (d == RAISED)
        return RAISED;
    return comma_or_close(s, d);
}

static int param_maybe_default(sp *s, int i)
{
    int p = param(s, i, 0);
    if (p < 0)
        return p;
    int d = defaultv(s, p);
    if (d == RAISED)
        return RAISED;
    return comma_or_close(s, d >= 0 ? d : p);
}

typedef int (*rule_fn)(sp *, int);

/* rule* : greedy, never fails; RAISED propagates. *count gets the number. */
static int loop0(sp *s, rule_fn r, int i, int *count)
{
    int k = 0;
    for (;;) {
        int j = r(s, i);
        if (j == RAISED)
            return RAISED;
        if (j < 0)
            break;
        i = j;
        k++;
    }
    if (count)
        *count = k;
    return i;
}

static int loop1(sp *s, rule_fn r, int i)
{
    int k, j = loop0(s, r, i, &k);
    if (j == RAISED)
        return RAISED;
    return k > 0 ? j : -1;
}

/* '/' followed by ',' or &')' */
static int slash_end(sp *s, int i)
{
    if (i < 0 || !is_op_at(s, i, AS_OP_SLASH))
        return i < 0 ? i : -1;
    return comma_or_close(s, i + 1);
}

static int slash_no_default(sp *s, int i) { return slash_end(s, loop1(s, param_no_default, i)); }

static int slash_with_default(sp *s, int i)
{
    int j = loop0(s, param_no_default, i, NULL);
    if (j == RAISED)
        return RAISED;
    j = loop1(s, param_with_default, j);
    if (j < 0)
        return j;
    return slash_end(s, j);
}

static int either_slash(sp *s, int i)
{
    int j = slash_no_default(s, i);
    if (j == RAISED || j >= 0)
        return j;
    return slash_with_default(s, i);
}

static int invalid_parameters_helper(sp *s, int i)
{
    int j = slash_with_default(s, i);
    if (j == RAISED || j >= 0)
        return j;
    return loop1(s, param_with_default, i);
}

/* The invalid_parameters alternatives, one function each. */
static int ip_nondefault(sp *s, int i)
{
    int j = i;
    if (s->py >= 12) {
        j = slash_no_default(s, i);
        if (j == RAISED)
            return RAISED;
        if (j < 0)
            j = i;
    }
    j = loop0(s, param_no_default, j, NULL);
    if (j == RAISED)
        return RAISED;
    j = invalid_parameters_helper(s, j);
    if (j < 0)
        return j;
    int a = param_no_default(s, j);
    if (a == RAISED || a < 0)
        return a;
    return raise(s, j, s->py >= 12 ? "parameter without a default follows parameter with a default"
                                   : "non-default argument follows default argument");
}

static int ip_parenthesized(sp *s, int i)
{
    int j = loop0(s, param_no_default, i, NULL);
    if (j < 0 || !is_op_at(s, j, AS_OP_LPAR))
        return j == RAISED ? RAISED : -1;
    int a = j;
    j = loop1(s, param_no_default, j + 1);
    if (j < 0)
        return j;
    if (is_op_at(s, j, AS_OP_COMMA))
        j++;
    if (!is_op_at(s, j, AS_OP_RPAR))
        return -1;
    return raise(s, a, "Function parameters cannot be parenthesized");
}

static int ip_slash_first(sp *s, int i)
{
    if (is_op_at(s, i, AS_OP_SLASH) && is_op_at(s, i + 1, AS_OP_COMMA))
        return raise(s, i, "at least one argument must precede /");
    return -1;
}

static int ip_slash_twice(sp *s, int i)
{
    int j = either_slash(s, i);
    if (j < 0)
        return j;
    j = loop0(s, param_maybe_default, j, NULL);
    if (j == RAISED)
        return RAISED;
    if (!is_op_at(s, j, AS_OP_SLASH))
        return -1;
    return raise(s, j, "/ may appear only once");
}

static int ip_slash_after_star(sp *s, int i)
{
    int j = either_slash(s, i);
    if (j == RAISED)
        return RAISED;
    if (j < 0)
        j = i;
    j = loop0(s, param_maybe_default, j, NULL);
    if (j == RAISED)
        return RAISED;
    if (!is_op_at(s, j, AS_OP_STAR))
        return -1;
    j++;
    if (is_op_at(s, j, AS_OP_COMMA)) {
        j++;
    } else {
        j = param_no_default(s, j);
        if (j < 0)
            return j;
    }
    j = loop0(s, param_maybe_default, j, NULL);
    if (j == RAISED)
        return RAISED;
    if (!is_op_at(s, j, AS_OP_SLASH))
        return -1;
    return raise(s, j, "/ must be ahead of *");
}

static int ip_slash_star(sp *s, int i)
{
    int j = loop1(s, param_maybe_default, i);
    if (j < 0)
        return j;
    if (!is_op_at(s, j, AS_OP_SLASH) || !is_op_at(s, j + 1, AS_OP_STAR))
        return -1;
    return raise(s, j + 1, "expected comma between / and *");
}

static int invalid_parameters(sp *s, int i)
{
    static const rule_fn v39[] = {ip_nondefault, NULL};
    static const rule_fn v311[] = {ip_nondefault, ip_parenthesized, ip_slash_first, ip_slash_twice,
                                   ip_slash_after_star, ip_slash_star, NULL};
    static const rule_fn v312[] = {ip_slash_first, ip_slash_twice, ip_nondefault, ip_parenthesized,
                                   ip_slash_after_star, ip_slash_star, NULL};
    const rule_fn *alts = s->py >= 12 ? v312 : s->py == 11 ? v311 : v39;
    for (int k = 0; alts[k]; k++) {
        int r = alts[k](s, i);
        if (r == RAISED)
            return RAISED;
    }
    return -1;
}

static int invalid_star_etc(sp *s, int i)
{
    if (!is_op_at(s, i, AS_OP_STAR))
        return -1;
    if (is_op_at(s, i + 1, AS_OP_RPAR)
        || (is_op_at(s, i + 1, AS_OP_COMMA)
            && (is_op_at(s, i + 2, AS_OP_RPAR) || is_op_at(s, i + 2, AS_OP_DSTAR))))
        return raise(s, i, "named arguments must follow bare *");
    if (s->py < 11)
        return -1;
    int p = param(s, i + 1, 0);
    if (p == RAISED)
        return RAISED;
    if (p >= 0 && is_op_at(s, p, AS_OP_EQUAL))
        return raise(s, p, "var-positional argument cannot have default value");
    int j = is_op_at(s, i + 1, AS_OP_COMMA) ? i + 2 : param_no_default(s, i + 1);
    if (j < 0)
        return j;
    j = loop0(s, param_maybe_default, j, NULL);
    if (j == RAISED)
        return RAISED;
    if (!is_op_at(s, j, AS_OP_STAR))
        return -1;
    int a = j;
    j = is_op_at(s, j + 1, AS_OP_COMMA) ? j + 2 : param_no_default(s, j + 1);
    if (j == RAISED || j < 0)
        return j;
    return raise(s, a, "* argument may appear only once");
}

static int invalid_kwds(sp *s, int i)
{
    if (!is_op_at(s, i, AS_OP_DSTAR))
        return -1;
    int p = param(s, i + 1, 0);
    if (p < 0)
        return p;
    if (is_op_at(s, p, AS_OP_EQUAL))
        return raise(s, p, "var-keyword argument cannot have default value");
    if (!is_op_at(s, p, AS_OP_COMMA))
        return -1;
    int q = param(s, p + 1, 0);
    if (q == RAISED)
        return RAISED;
    if (q >= 0 || is_op_at(s, p + 1, AS_OP_STAR) || is_op_at(s, p + 1, AS_OP_DSTAR)
        || is_op_at(s, p + 1, AS_OP_SLASH))
        return raise(s, p + 1, "arguments cannot follow var-keyword argument");
    return -1;
}

static int kwds(sp *s, int i)
{
    if (s->second && s->py >= 11) {
        int r = invalid_kwds(s, i);
        if (r == RAISED)
            return RAISED;
    }
    if (!is_op_at(s, i, AS_OP_DSTAR))
        return -1;
    return param_no_default(s, i + 1);
}

static int opt_kwds(sp *s, int i)
{
    int k = kwds(s, i);
    if (k == RAISED)
        return RAISED;
    return k >= 0 ? k : i;
}

static int param_no_default_star_annotation(sp *s, int i)
{
    if (!is_name_at(s, i))
        return -1;
    return comma_or_close(s, annotation(s, i + 1, 1));
}

static int star_etc(sp *s, int i)
{
    if (s->second) {
        int r = invalid_star_etc(s, i);
        if (r == RAISED)
            return RAISED;
    }
    if (is_op_at(s, i, AS_OP_STAR)) {
        int j = param_no_default(s, i + 1);
        if (j == RAISED)
            return RAISED;
        if (j < 0 && s->py >= 11) {
            j = param_no_default_star_annotation(s, i + 1);
            if (j == RAISED)
                return RAISED;
        }
        if (j >= 0) {
            j = loop0(s, param_maybe_default, j, NULL);
            return j == RAISED ? RAISED : opt_kwds(s, j);
        }
        if (is_op_at(s, i + 1, AS_OP_COMMA)) {
            j = loop1(s, param_maybe_default, i + 2);
            if (j == RAISED)
                return RAISED;
            if (j >= 0)
                return opt_kwds(s, j);
        }
    }
    return kwds(s, i);
}

static int opt_star_etc(sp *s, int i)
{
    int k = star_etc(s, i);
    if (k == RAISED)
        return RAISED;
    return k >= 0 ? k : i;
}

static int parameters(sp *s, int i)
{
    int j;
    /* slash_no_default param_no_default* param_with_default* [star_etc] */
    j = slash_no_default(s, i);
    if (j == RAISED)
        return RAISED;
    if (j >= 0) {
        j = loop0(s, param_no_default, j, NULL);
        if (j >= 0)
            j = loop0(s, param_with_default, j, NULL);
        return j == RAISED ? RAISED : opt_star_etc(s, j);
    }
    /* slash_with_default param_with_default* [star_etc] */
    j = slash_with_default(s, i);
    if (j == RAISED)
        return RAISED;
    if (j >= 0) {
        j = loop0(s, param_with_default, j, NULL);
        return j == RAISED ? RAISED : opt_star_etc(s, j);
    }
    /* param_no_default+ param_with_default* [star_etc] */
    j = loop1(s, param_no_default, i);
    if (j == RAISED)
        return RAISED;
    if (j >= 0) {
        j = loop0(s, param_with_default, j, NULL);
        return j == RAISED ? RAISED : opt_star_etc(s, j);
    }
    /* param_with_default+ [star_etc] */
    j = loop1(s, param_with_default, i);
    if (j == RAISED)
        return RAISED;
    if (j >= 0)
        return opt_star_etc(s, j);
    return star_etc(s, i);
}

/* '(' [params] ')' END; returns 0, RAISED, or -1. */
static int peg_header(sp *s)
{
    int j = -1;
    if (s->second && s->py >= 9) {
        j = invalid_parameters(s, 1);
        if (j == RAISED)
            return RAISED;
    }
    j = parameters(s, 1);
    if (j == RAISED)
        return RAISED;
    if (j < 0)
        j = 1;
    if (!is_op_at(s, j, AS_OP_RPAR))
        return -1;
    return s->t[j + 1].kind == AS_TK_END ? 0 : -1;
}

/* ---- the header as a list of items (valid token structure assumed) ---- */

typedef struct item {
    int kind;               /* 0 name, 1 '/', 2 '*', 3 '**' */
    int tok;                /* its first token */
    int name;               /* token index of the name, or -1 */
    int ann_from, ann_to;   /* annotation token range, or -1 */
    int def_from, def_to;   /* default token range, or -1 */
} item;

/* Token tests for the walk, which leaves s->farthest alone (it matters
 * only to the PEG passes, which start it again). */
static int op_is(const as_token *t, int i, int op) { return t[i].kind == AS_TK_OP && t[i].sub == op; }
static int plain_name(const as_token *t, int i) { return t[i].kind == AS_TK_NAME && t[i].sub == 0; }

/* The 3.8 grammar walk, also used to collect items for every version.
 * Returns the number of items, -1 with the failing token in *bad, or -2
 * with an InputError already set. */
static int walk(sp *s, item *items, int max, int *bad)
{
    enum { POS, POS2, KWONLY, DONE } phase = POS;
    int i = 1, n = 0, nparams = 0;
    if (op_is(s->t, i, AS_OP_RPAR))
        goto close;
    for (;;) {
        if (n >= max) {
            as_input_error(s->err, s->t[i].start + 1, "more than %d parameters", AS_MAX_PARAMS);
            return -2;
        }
        item *it = &items[n];
        it->name = it->ann_from = it->ann_to = it->def_from = it->def_to = -1;
        const as_token *t = &s->t[i];
        int want_name = 0, can_default = 0;
        it->tok = i;
        if (t->kind == AS_TK_OP && t->sub == AS_OP_SLASH) {
            if (phase != POS || nparams == 0)
                return *bad = i, -1;
            it->kind = 1;
            phase = POS2;
            i++;
        } else if (t->kind == AS_TK_OP && t->sub == AS_OP_STAR) {
            if (phase != POS && phase != POS2)
                return *bad = i, -1;
            it->kind = 2;
            phase = KWONLY;
            i++;
            want_name = plain_name(s->t, i);
        } else if (t->kind == AS_TK_OP && t->sub == AS_OP_DSTAR) {
            if (phase == DONE)
                return *bad = i, -1;
            it->kind = 3;
            phase = DONE;
            i++;
            if (!plain_name(s->t, i))
                return *bad = i, -1;
            want_name = 1;
        } else if (plain_name(s->t, i)) {
            if (phase == DONE)
                return *bad = i, -1;
            it->kind = 0;
            want_name = can_default = 1;
            nparams++;
        } else {
            return *bad = i, -1;
        }
        if (want_name) {
            it->name = i++;
            if (op_is(s->t, i, AS_OP_COLON)) {
                int e = expression(s, i + 1, it->kind == 2 && s->py >= 11);
                if (e < 0)
                    return *bad = i + 1, -1;
                it->ann_from = i + 1;
                it->ann_to = i = e;
            }
            if (can_default && op_is(s->t, i, AS_OP_EQUAL)) {
                int e = expression(s, i + 1, 0);
                if (e < 0)
                    return *bad = i + 1, -1;
                it->def_from = i + 1;
                it->def_to = i = e;
            }
        }
        n++;
        if (op_is(s->t, i, AS_OP_COMMA)) {
            i++;
            if (op_is(s->t, i, AS_OP_RPAR))
                break;
            continue;
        }
        break;
    }
close:
    if (!op_is(s->t, i, AS_OP_RPAR) || s->t[i + 1].kind != AS_TK_END)
        return *bad = (op_is(s->t, i, AS_OP_RPAR) ? i + 1 : i), -1;
    return n;
}

/* Whether the PEG grammar's `parameters` accept items the walk read: the
 * walk already keeps the order of '/', '*' and '**', so what remains is
 * no positional parameter without a default after one with a default, and
 * a bare '*' followed by a keyword-only parameter. */
static int peg_accepts(const item *items, int n)
{
    int defaults = 0, in_star = 0;
    for (int k = 0; k < n; k++) {
        const item *it = &items[k];
        if (it->kind == 0 && !in_star) {
            if (it->def_from >= 0)
                defaults = 1;
            else if (defaults)
                return 0;
        }
        if (it->kind == 2) {
            in_star = 1;
            if (it->name < 0 && (k + 1 == n || items[k + 1].kind != 0))
                return 0;
        }
    }
    return 1;
}

static int name_is(sp *s, const item *it, const char *what)
{
    const as_token *t = &s->t[it->name];
    return (size_t)t->len == strlen(what) && memcmp(s->text + t->start, what, (size_t)t->len) == 0;
}

static int same_name(sp *s, int a, int b)
{
    const as_token *x = &s->t[a], *y = &s->t[b];
    return x->len == y->len && memcmp(s->text + x->start, s->text + y->start, (size_t)x->len) == 0;
}

static const char *nondefault_message(int py)
{
    return py >= 12 ? "parameter without a default follows parameter with a default"
                    : "non-default argument follows default argument";
}

/* 3.8's ast.c checks, left to right. */
static int ast38_checks(sp *s, const item *items, int n)
{
    int found_default = 0, in_star = 0;
    for (int k = 0; k < n; k++) {
        const item *it = &items[k];
        if (it->kind == 0 && !in_star) {
            if (it->def_from >= 0)
                found_default = 1;
            else if (found_default)
                return raise(s, it->name, nondefault_message(8));
        }
        if (it->kind == 2) {
            in_star = 1;
            if (it->name < 0 && (k + 1 == n || items[k + 1].kind == 3))
                return raise(s, it->tok, "named arguments must follow bare *");
        }
        if (it->name >= 0 && name_is(s, it, "__debug__"))
            return raise(s, it->name, "cannot assign to __debug__");
    }
    return 0;
}

/* Symtable order: positional, keyword-only, *args, **kwargs. */
static int duplicate_check(sp *s, const item *items, int n)
{
    int order[AS_MAX_PARAMS + 4], m = 0;
    for (int pass = 0; pass < 3; pass++) {
        int in_star = 0;
        for (int k = 0; k < n; k++) {
            const item *it = &items[k];
            if (it->kind == 2)
                in_star = 1;
            if (it->name < 0 || it->kind == 1)
                continue;
            int take = pass == 0 ? (it->kind == 0 && !in_star)
                     : pass == 1 ? (it->kind == 0 && in_star)
                     : 0;
            if (take)
                order[m++] = it->name;
        }
    }
    for (int k = 0; k < n; k++)
        if (items[k].kind == 2 && items[k].name >= 0)
            order[m++] = items[k].name;
    for (int k = 0; k < n; k++)
        if (items[k].kind == 3)
            order[m++] = items[k].name;
    for (int a = 1; a < m; a++)
        for (int b = 0; b < a; b++)
            if (same_name(s, order[a], order[b])) {
                const as_token *t = &s->t[order[a]];
                as_fail(s->err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, t->start + 1,
                        "duplicate argument '%.*s' in function definition", t->len, s->text + t->start);
                return RAISED;
            }
    return 0;
}

static int debug_check(sp *s, const item *items, int n)
{
    for (int k = 0; k < n; k++)
        if (items[k].name >= 0 && name_is(s, &items[k], "__debug__"))
            return raise(s, items[k].name, "cannot assign to __debug__");
    return 0;
}

enum { NAME_REPEATED = 1, NAME_DEBUG = 2 };

/* Whether any name repeats or is __debug__, in one pass in item order (the
 * usual header has neither; the checks above then say which error), and
 * the number of names in *count. */
static int names_seen(sp *s, const item *items, int n, int *count)
{
    int seen = 0;
    uint64_t heads = 0;   /* a bit per (first byte, length) seen: a repeat's is set */
    *count = 0;
    for (int k = 0; k < n; k++) {
        if (items[k].name < 0)
            continue;
        ++*count;
        const as_token *t = &s->t[items[k].name];
        const char *a = s->text + t->start;
        if (t->len == 9 && memcmp(a, "__debug__", 9) == 0)
            seen |= NAME_DEBUG;
        unsigned h = ((unsigned char)a[0] * 31u + (unsigned)t->len) & 63;
        int maybe = (int)(heads >> h & 1);
        heads |= (uint64_t)1 << h;
        for (int j = 0; maybe && j < k; j++) {
            if (items[j].name < 0)
                continue;
            const as_token *u = &s->t[items[j].name];
            if (u->len == t->len && s->text[u->start] == a[0] && memcmp(s->text + u->start, a, (size_t)t->len) == 0)
                seen |= NAME_REPEATED;
        }
    }
    return seen;
}

/* The compiler's yield/await check: defaults, then annotations. */
static int scope_check(sp *s, const item *items, int n)
{
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n; k++) {
            int from = pass == 0 ? items[k].def_from : items[k].ann_from;
            if (from < 0)
                continue;
            int end;
            unsigned facts = 0;
            int start = from;
            if (s->t[from].kind == AS_TK_OP && s->t[from].sub == AS_OP_STAR)
                start++;
            if (s->facts[start] & FACTS_KNOWN)   /* the walk parsed it */
                facts = s->facts[start] & ~(unsigned)(FACTS_KNOWN | NO_HINT);
            else
                as_expr_parse(s->text, s->t, start, start == from ? AS_EXPR_EXPRESSION : AS_EXPR_BITOR,
                              &end, &facts, NULL);
            if (facts & AS_EXPR_HAS_NESTED) {
                as_input_error(s->err, s->t[from].start + 1,
                               "yield or await inside a lambda or comprehension is not supported (column %d)",
                               s->t[from].start + 1);
                return RAISED;
            }
            if (facts & AS_EXPR_HAS_YIELD)
                return raise(s, from, "'yield' outside function");
            if (facts & AS_EXPR_HAS_AWAIT)
                return raise(s, from, "'await' outside function");
        }
    return 0;
}

static int build(sp *s, const item *items, int n, as_signature *out)
{
    memset(out, 0, sizeof *out);
    out->varargs_index = out->varkw_index = -1;
    /* the parameters, then their names and texts: spans of one copy of the
     * header where it is in normal form (see as_expr_text_in), in one block */
    size_t len = (size_t)s->t[s->n].start, params_size = (size_t)(n ? n : 1) * sizeof *out->params;
    out->params = as_arena_alloc_raw(s->arena, params_size + len + 1);
    memset(out->params, 0, params_size);
    char *copy = (char *)out->params + params_size;
    int in_star = 0, np = 0, slash_at = -1;
    memcpy(copy, s->text, len);
    copy[len] = '\0';
    int plain = !(s->t[s->n].flags & AS_END_OTHER_SPACE);
    for (int k = 0; k < n; k++) {
        const item *it = &items[k];
        if (it->kind == 1) {
            slash_at = np;
            continue;
        }
        if (it->kind == 2)
            in_star = 1;
        if (it->name < 0)
            continue;
        as_param *p = &out->params[np];
        const as_token *t = &s->t[it->name];
        copy[t->start + t->len] = '\0';
        p->name = copy + t->start;
        p->kind = it->kind == 3 ? AS_VAR_KEYWORD : it->kind == 2 ? AS_VAR_POSITIONAL
                : in_star ? AS_KEYWORD_ONLY : AS_POSITIONAL_OR_KEYWORD;
        if (it->ann_from >= 0)
            p->annotation = as_expr_text_in(s->arena, copy, s->text, s->t, it->ann_from, it->ann_to, plain);
        if (it->def_from >= 0)
            p->default_text = as_expr_text_in(s->arena, copy, s->text, s->t, it->def_from, it->def_to, plain);
        /* the derived counts (the checks of as_signature_finish were all
         * made while parsing) */
        switch (p->kind) {
        case AS_POSITIONAL_OR_KEYWORD:
            out->n_positional++;
            out->n_pos_defaults += it->def_from >= 0;
            break;
        case AS_KEYWORD_ONLY: out->n_kwonly++; break;
        case AS_VAR_POSITIONAL: out->varargs_index = np; break;
        case AS_VAR_KEYWORD: out->varkw_index = np; break;
        default: break;
        }
        np++;
    }
    for (int k = 0; k < slash_at; k++)
        out->params[k].kind = AS_POSITIONAL_ONLY;
    out->n_posonly = slash_at > 0 ? slash_at : 0;
    out->n_params = np;
    return 0;
}

static int parse_sig(as_arena *arena, const char *text, as_token *toks, int n, int py_minor,
                     as_signature *out, as_error *err)
{
    sp s;   /* fields set one by one: zeroing expr_err (2 KB) per call is measurable */
    s.arena = arena;
    s.text = text;
    s.t = toks;
    s.n = n;
    s.py = py_minor;
    s.second = s.farthest = s.expr_err_set = 0;
    s.facts_or = 0;
    s.err = err;
    /* memo and facts start zeroed, in one block; walk fills each item it counts */
    s.memo = as_arena_alloc(arena, (size_t)(n + 2) * (sizeof *s.memo + 1));
    s.facts = (unsigned char *)(s.memo + n + 2);

    int max_items = n < AS_MAX_PARAMS + 2 ? n : AS_MAX_PARAMS + 2;   /* an item has a token */
    item *items = as_arena_alloc_raw(arena, (size_t)max_items * sizeof *items);
    int bad = 0, m = -1;
    if (py_minor >= 9) {
        /* Most headers are valid: when the walk reads one whose items the
         * PEG grammar accepts, the grammar's own (backtracking) first pass
         * is not needed.  Otherwise start again the grammar's way. */
        m = walk(&s, items, max_items, &bad);
        if (m < 0 || !peg_accepts(items, m)) {
            m = -1;
            s.farthest = s.expr_err_set = 0;
            memset(s.memo, 0, (size_t)(n + 2) * sizeof *s.memo);
        }
    }
    if (py_minor >= 9 && m < 0 && peg_header(&s) != 0) {
        s.second = 1;
        if (peg_header(&s) == RAISED)
            return -1;
        if (s.expr_err_set) {
            *err = s.expr_err;
            return -1;
        }
        raise(&s, s.farthest < n ? s.farthest : n, "invalid syntax");
        return -1;
    }

    if (m < 0)
        m = walk(&s, items, max_items, &bad);
    if (m == -2)
        return -1;
    if (m < 0) {
        if (s.expr_err_set) {
            *err = s.expr_err;
            return -1;
        }
        if (py_minor >= 9)   /* the PEG grammar accepted it; the walk must too */
            return as_input_error(err, toks[bad].start + 1, "unsupported signature (column %d)",
                                  toks[bad].start + 1);
        raise(&s, bad, "invalid syntax");
        return -1;
    }
    if (py_minor == 8 && ast38_checks(&s, items, m) == RAISED)
        return -1;
    int nparams;
    int names = names_seen(&s, items, m, &nparams);
    if ((names & NAME_REPEATED) && duplicate_check(&s, items, m) == RAISED)
        return -1;
    if (py_minor >= 9 && (names & NAME_DEBUG) && debug_check(&s, items, m) == RAISED)
        return -1;
    /* every item's expression was parsed (its facts or-ed): the scope
     * check can find something only when some facts are set */
    if ((s.facts_or & (AS_EXPR_HAS_NESTED | AS_EXPR_HAS_YIELD | AS_EXPR_HAS_AWAIT))
        && scope_check(&s, items, m) == RAISED)
        return -1;
    if (nparams > AS_MAX_PARAMS)
        return as_input_error(err, 1, "more than %d parameters", AS_MAX_PARAMS);
    return build(&s, items, m, out);
}

/* ---- printing, comparing, finishing ---------------------------------- */

char *as_signature_print(as_arena *arena, const as_signature *sig)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_putc(&b, '(');
    int first = 1;
#define SEP() do { if (!first) as_buf_puts(&b, ", "); first = 0; } while (0)
    for (int i = 0; i < sig->n_params; i++) {
        const as_param *p = &sig->params[i];
        if (p->kind == AS_KEYWORD_ONLY && sig->varargs_index < 0
            && (i == 0 || sig->params[i - 1].kind != AS_KEYWORD_ONLY)) {
            SEP();
            as_buf_putc(&b, '*');
        }
        SEP();
        if (p->kind == AS_VAR_POSITIONAL)
            as_buf_putc(&b, '*');
        else if (p->kind == AS_VAR_KEYWORD)
            as_buf_puts(&b, "**");
        as_buf_puts(&b, p->name);
        if (p->annotation)
            as_buf_printf(&b, ": %s", p->annotation);
        if (p->default_text)
            as_buf_printf(&b, p->annotation ? " = %s" : "=%s", p->default_text);
        if (p->kind == AS_POSITIONAL_ONLY
            && (i + 1 == sig->n_params || sig->params[i + 1].kind != AS_POSITIONAL_ONLY)) {
            SEP();
            as_buf_putc(&b, '/');
        }
    }
#undef SEP
    as_buf_putc(&b, ')');
    return as_buf_str(&b);
}

static int str_eq(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int as_signature_equal(const as_signature *a, const as_signature *b)
{
    if (a->n_params != b->n_params)
        return 0;
    for (int i = 0; i < a->n_params; i++) {
        const as_param *x = &a->params[i], *y = &b->params[i];
        if (x->kind != y->kind || !str_eq(x->name, y->name) || !str_eq(x->annotation, y->annotation)
            || !str_eq(x->default_text, y->default_text))
            return 0;
    }
    return 1;
}

/* The tokenizer's bracket errors come first where CPython's tokenizer gets
 * there first (see as_bracket_check).  A bracket still open at the end is
 * "invalid syntax": CPython compiles the header followed by ": pass". */
static void bracket_errors(const char *text, const as_token *toks, int n, int py_minor, as_error *err)
{
    char msg[160];
    int at, open_at, col = err->column;
    int e = 0;   /* the token the error is at */
    while (e < n && toks[e].start + 1 < col)
        e++;
    int generic = err->phase == AS_PHASE_INPUT || strcmp(err->message, "invalid syntax") == 0;
    if (as_bracket_check(text, toks, msg, sizeof msg, &at, &open_at)) {
        /* 3.10+ re-tokenizes the whole text after a plain "invalid syntax";
         * after the header's ')' CPython always reads one more token */
        if (e >= at || (e == at - 1 && msg[0] == 'u') || (py_minor >= 10 && generic))
            as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, toks[at].start + 1, "%s", msg);
        return;
    }
    if (open_at >= 0 && e == n && err->phase == AS_PHASE_INPUT)
        as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, toks[n].start + 1, "%s", "invalid syntax");
}

int as_signature_parse(as_arena *arena, const char *text, size_t len, int py_minor,
                       as_signature *out, as_error *err)
{
    as_token *toks;
    int n;
    if (py_minor < AS_PY_MIN || py_minor > AS_PY_MAX)
        return as_input_error(err, 0, "unsupported Python version 3.%d", py_minor);
    if (as_tokenize(arena, text, len, &toks, &n, err) < 0) {
        as_tokenizer_syntax_error(arena, text, len, py_minor, AS_PHASE_SIGNATURE, err);
        return -1;
    }
    if (n == 0 || toks[0].kind != AS_TK_OP || toks[0].sub != AS_OP_LPAR)
        return as_input_error(err, n ? toks[0].start + 1 : 1,
                              "a signature must start with '(' (column %d)", n ? toks[0].start + 1 : 1);
    if (parse_sig(arena, text, toks, n, py_minor, out, err) == 0)
        return as_utf8_syntax_error(text, len, toks, py_minor, AS_PHASE_SIGNATURE, err) ? -1 : 0;
    bracket_errors(text, toks, n, py_minor, err);
    return -1;
}

int as_signature_finish(as_signature *sig, int py_minor, as_error *err)
{
    int last_kind = -1, seen_default = 0;
    sig->n_posonly = sig->n_positional = sig->n_kwonly = sig->n_pos_defaults = 0;
    sig->varargs_index = sig->varkw_index = -1;
    if (sig->n_params > AS_MAX_PARAMS)
        return as_input_error(err, 0, "more than %d parameters", AS_MAX_PARAMS);
    for (int i = 0; i < sig->n_params; i++) {
        const as_param *p = &sig->params[i];
        int k = (int)p->kind;
        if (!p->name || !as_is_identifier(p->name, strlen(p->name)))
            return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0, "invalid syntax");
        if (k < AS_POSITIONAL_ONLY || k > AS_VAR_KEYWORD || k < last_kind
            || (k == last_kind && (k == AS_VAR_POSITIONAL || k == AS_VAR_KEYWORD)))
            return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0, "invalid syntax");
        last_kind = k;
        if (k == AS_POSITIONAL_ONLY || k == AS_POSITIONAL_OR_KEYWORD) {
            if (p->default_text) {
                seen_default = 1;
                sig->n_pos_defaults++;
            } else if (seen_default) {
                return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0, "%s",
                               nondefault_message(py_minor));
            }
            sig->n_positional++;
            sig->n_posonly += k == AS_POSITIONAL_ONLY;
        } else if (k == AS_KEYWORD_ONLY) {
            sig->n_kwonly++;
        } else if (p->default_text) {
            if (py_minor < 11)
                return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0, "invalid syntax");
            return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0,
                           k == AS_VAR_POSITIONAL ? "var-positional argument cannot have default value"
                                                  : "var-keyword argument cannot have default value");
        } else if (k == AS_VAR_POSITIONAL) {
            sig->varargs_index = i;
        } else {
            sig->varkw_index = i;
        }
    }
    for (int i = 1; i < sig->n_params; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(sig->params[i].name, sig->params[j].name) == 0)
                return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0,
                               "duplicate argument '%s' in function definition", sig->params[i].name);
    for (int i = 0; i < sig->n_params; i++)
        if (strcmp(sig->params[i].name, "__debug__") == 0)
            return as_fail(err, "SyntaxError", AS_PHASE_SIGNATURE, AS_CAT_NONE, 0,
                           "cannot assign to __debug__");
    return 0;
}

static const char *const kind_names[] = {
    [AS_POSITIONAL_ONLY] = "positional_only",
    [AS_POSITIONAL_OR_KEYWORD] = "positional_or_keyword",
    [AS_VAR_POSITIONAL] = "var_positional",
    [AS_KEYWORD_ONLY] = "keyword_only",
    [AS_VAR_KEYWORD] = "var_keyword",
};

const char *as_kind_name(as_kind kind)
{
    if ((int)kind < 0 || (int)kind > AS_VAR_KEYWORD)
        return "";
    return kind_names[kind];
}

int as_kind_from_name(const char *name, as_kind *out)
{
    for (int k = 0; k <= AS_VAR_KEYWORD; k++)
        if (strcmp(kind_names[k], name) == 0) {
            *out = (as_kind)k;
            return 0;
        }
    return -1;
}

int as_signature_find(const as_signature *sig, const char *name)
{
    for (int i = 0; i < sig->n_params; i++)
        if (strcmp(sig->params[i].name, name) == 0)
            return i;
    return -1;
}
