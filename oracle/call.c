/* call.c — see call.h.
 *
 * Parsing first splits the argument list into items of a known shape (the
 * shapes include the malformed ones CPython has messages for, such as
 * `f(x)=1`), then decides the SyntaxError the way the selected version's
 * parser would: 3.8 with its grammar and then ast.c left to right; 3.9+ with
 * a model of the PEG parser's second pass (invalid_kwarg, invalid_arguments,
 * and from 3.10 the expression hints of as_expr_diagnose).
 */
#include "oracle/call.h"

#include <stdlib.h>
#include <string.h>

#include "oracle/pyexpr.h"
#include "oracle/pyversion.h"

typedef enum shape {
    S_POS,          /* expr or NAME := expr */
    S_GEN,          /* expr for ... (unparenthesised generator) */
    S_STAR,         /* *expr */
    S_DSTAR,        /* **expr */
    S_KW,           /* NAME=expr */
    S_KW_GEN,       /* NAME=expr for ... */
    S_BADKW,        /* expr=expr, lhs not a NAME */
    S_KWCONST,      /* True/False/None=expr */
    S_STAR_ASSIGN,  /* *expr=expr */
    S_DSTAR_ASSIGN  /* **expr=expr */
} shape;

typedef struct citem {
    shape sh;
    int first;          /* first token of the item */
    int from, to;       /* value expression tokens */
    int lhs_from, lhs_to; /* keyword name / assignment target tokens */
    int mid;            /* for *x=y and k=v for...: the token where CPython's args rule stops */
    unsigned facts;
    int lit;            /* S_STAR / S_DSTAR: the value's as_lit_kind */
} citem;

typedef struct cp {
    as_arena *arena;
    const char *text;
    const as_token *t;
    int n, py;
    citem *items;
    int n_items;
    int trailing_comma;
    int broken;             /* first token of the item that failed to parse, or -1 */
    int over;               /* first token of the item past AS_MAX_CALL_ITEMS, or 0 */
    int n_kw;               /* S_KW items */
    unsigned facts;         /* the items' facts, or-ed */
    int expr_err_set;
    as_error expr_err;
    as_error *err;
} cp;

static int op_at(const cp *c, int i, int op) { return c->t[i].kind == AS_TK_OP && c->t[i].sub == op; }

static int tok_op(const as_token *t, int i, int op) { return t[i].kind == AS_TK_OP && t[i].sub == op; }
static int tok_for(const as_token *t, int i)
{
    return t[i].kind == AS_TK_NAME && (t[i].sub == AS_KW_FOR || (t[i].sub == AS_KW_ASYNC && t[i + 1].kind == AS_TK_NAME
                                                                 && t[i + 1].sub == AS_KW_FOR));
}

static int syntax(cp *c, int tok, const char *fmt, const char *arg)
{
    as_fail(c->err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, c->t[tok].start + 1, fmt, arg);
    return -1;
}

/* Parse an expression; a failure past its first token is remembered as the
 * InputError to report if no SyntaxError applies.  *lit (may be NULL)
 * receives its literal kind. */
static int expr_lit(cp *c, int i, as_expr_level level, unsigned *facts, int *lit)
{
    as_error e;
    int end;
    unsigned f = 0;
    int kind = as_expr_parse(c->text, c->t, i, level, &end, &f, &e);
    if (lit)
        *lit = kind;
    if (kind < 0) {
        if (!c->expr_err_set && e.column != c->t[i].start + 1) {
            c->expr_err = e;
            c->expr_err_set = 1;
        }
        return -1;
    }
    if (facts)
        *facts |= f;
    return end;
}

static int expr(cp *c, int i, as_expr_level level, unsigned *facts)
{
    return expr_lit(c, i, level, facts, NULL);
}

/* Split into items.  Returns 0, or -1 with *bad set to the token where the
 * item structure breaks. */
static int split(cp *c, int *bad)
{
    const as_token *t = c->t;   /* read once: the stores to items may alias it */
    int i = 1, cap = 8;
    c->items = as_arena_alloc_raw(c->arena, (size_t)cap * sizeof *c->items);   /* each item is zeroed when begun */
    c->n_items = 0;
    c->broken = -1;
    if (tok_op(t, i, AS_OP_RPAR))
        goto close;
    for (;;) {
        if (c->n_items == AS_MAX_CALL_ITEMS) {
            c->over = i;
            return *bad = i, -1;
        }
        if (c->n_items == cap) {
            c->items = as_arena_realloc(c->arena, c->items, (size_t)cap * sizeof *c->items,
                                        (size_t)cap * 2 * sizeof *c->items);
            cap *= 2;
        }
        citem *it = &c->items[c->n_items];
        memset(it, 0, sizeof *it);
        it->first = c->broken = i;
        it->lhs_from = it->lhs_to = -1;
        int e;
        if (tok_op(t, i, AS_OP_STAR) || tok_op(t, i, AS_OP_DSTAR)) {
            int dstar = tok_op(t, i, AS_OP_DSTAR);
            e = expr_lit(c, i + 1, AS_EXPR_EXPRESSION, &it->facts, &it->lit);
            if (e < 0)
                return *bad = i + 1, -1;
            it->from = i + 1;
            it->to = e;
            it->sh = dstar ? S_DSTAR : S_STAR;
            if (tok_op(t, e, AS_OP_EQUAL)) {
                int v = expr(c, e + 1, AS_EXPR_EXPRESSION, &it->facts);
                if (v < 0)
                    return *bad = e + 1, -1;
                it->sh = dstar ? S_DSTAR_ASSIGN : S_STAR_ASSIGN;
                it->mid = e;
                e = v;
            }
        } else if (t[i].kind == AS_TK_NAME && tok_op(t, i + 1, AS_OP_EQUAL)
                   && (t[i].sub == 0 || t[i].sub == AS_KW_TRUE || t[i].sub == AS_KW_FALSE
                       || t[i].sub == AS_KW_NONE)) {
            e = expr(c, i + 2, AS_EXPR_EXPRESSION, &it->facts);
            if (e < 0)
                return *bad = i + 2, -1;
            it->lhs_from = i;
            it->lhs_to = i + 1;
            it->from = i + 2;
            it->to = e;
            it->sh = t[i].sub ? S_KWCONST : S_KW;
            if (tok_for(t, e)) {
                int f = expr(c, e, AS_EXPR_FOR_CLAUSES, &it->facts);
                if (f < 0)
                    return *bad = e, -1;
                if (it->sh == S_KW)
                    it->sh = S_KW_GEN;
                it->mid = e;
                e = f;
            }
        } else {
            e = expr(c, i, AS_EXPR_NAMED, &it->facts);
            if (e < 0 && c->py >= 9) {
                /* CPython's parser takes the longest expression prefix as
                 * an argument and fails after it */
                as_error pe;
                int pend;
                if (as_expr_parse_prefix(c->text, c->t, i, AS_EXPR_NAMED, &pend, &pe) >= 0) {
                    it->from = i;
                    it->to = pend;
                    it->sh = S_POS;
                    c->n_items++;
                    return *bad = pend, -1;
                }
            }
            if (e < 0)
                return *bad = i, -1;
            it->from = i;
            it->to = e;
            it->sh = S_POS;
            if (tok_for(t, e)) {
                int f = expr(c, e, AS_EXPR_FOR_CLAUSES, &it->facts);
                if (f < 0)
                    return *bad = e, -1;
                it->sh = S_GEN;
                it->to = e = f;
            } else if (tok_op(t, e, AS_OP_EQUAL)) {
                int v = expr(c, e + 1, AS_EXPR_EXPRESSION, &it->facts);
                if (v < 0)
                    return *bad = e + 1, -1;
                it->sh = S_BADKW;
                it->lhs_from = i;
                it->lhs_to = e;
                it->from = e + 1;
                it->to = e = v;
            }
        }
        c->n_kw += it->sh == S_KW;
        c->facts |= it->facts;
        c->n_items++;
        c->broken = -1;
        i = e;
        if (tok_op(t, i, AS_OP_COMMA)) {
            i++;
            if (tok_op(t, i, AS_OP_RPAR)) {
                c->trailing_comma = 1;
                break;
            }
            continue;
        }
        break;
    }
close:
    if (!tok_op(t, i, AS_OP_RPAR))
        return *bad = i, -1;
    if (c->t[i + 1].kind != AS_TK_END)
        return *bad = i + 1, -1;
    return 0;
}

static int tok_is(const cp *c, int i, const char *w)
{
    return (size_t)c->t[i].len == strlen(w) && memcmp(c->text + c->t[i].start, w, strlen(w)) == 0;
}

/* Repeated keyword names in O(n log n): sort (name, position) pairs; in a
 * run of equal names each position's next repeat is its successor. */
typedef struct kwname {
    const char *s;
    int len, idx;
} kwname;

static int kwname_cmp(const void *a, const void *b)
{
    const kwname *x = a, *y = b;
    int n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, (size_t)n);
    if (c == 0)
        c = x->len != y->len ? (x->len < y->len ? -1 : 1) : 0;
    return c ? c : x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* next[i]: the position of the next name equal to names[i], or -1 (also
 * for entries with s == NULL, which are not names). */
static void next_same(as_arena *arena, const kwname *names, int n, int *next)
{
    if (n <= 16) {   /* the usual few keywords: pairwise is cheaper than sorting */
        for (int i = 0; i < n; i++) {
            next[i] = -1;
            for (int j = i + 1; names[i].s && j < n; j++)
                if (names[j].s && names[j].len == names[i].len
                    && memcmp(names[j].s, names[i].s, (size_t)names[i].len) == 0) {
                    next[i] = j;
                    break;
                }
        }
        return;
    }
    kwname *v = as_arena_alloc(arena, (size_t)(n ? n : 1) * sizeof *v);
    int m = 0;
    for (int i = 0; i < n; i++) {
        next[i] = -1;
        if (names[i].s)
            v[m++] = names[i];
    }
    qsort(v, (size_t)m, sizeof *v, kwname_cmp);
    for (int i = 0; i + 1 < m; i++)
        if (v[i].len == v[i + 1].len && memcmp(v[i].s, v[i + 1].s, (size_t)v[i].len) == 0)
            next[v[i].idx] = v[i + 1].idx;
}

/* next_same for the S_KW items of a parsed call; NULL when fewer than two
 * items are keywords (nothing can repeat). */
static int *item_next_same(cp *c)
{
    int n_kw = 0;
    for (int k = 0; k < c->n_items && n_kw < 2; k++)
        n_kw += c->items[k].sh == S_KW;
    if (n_kw < 2)
        return NULL;
    kwname *names = as_arena_alloc(c->arena, (size_t)(c->n_items ? c->n_items : 1) * sizeof *names);
    int *next = as_arena_alloc(c->arena, (size_t)(c->n_items ? c->n_items : 1) * sizeof *next);
    for (int k = 0; k < c->n_items; k++) {
        const as_token *t = &c->t[c->items[k].lhs_from];
        names[k] = c->items[k].sh == S_KW ? (kwname){c->text + t->start, t->len, k} : (kwname){NULL, 0, k};
    }
    next_same(c->arena, names, c->n_items, next);
    return next;
}

static int scope_check(cp *c)
{
    for (int k = 0; k < c->n_items; k++) {
        unsigned f = c->items[k].facts;
        if (f & AS_EXPR_HAS_NESTED)
            return as_input_error(c->err, c->t[c->items[k].first].start + 1,
                "yield or await inside a lambda or comprehension is not supported (column %d)",
                c->t[c->items[k].first].start + 1);
        if (f & AS_EXPR_HAS_YIELD)
            return syntax(c, c->items[k].first, "%s", "'yield' outside function");
        if (f & AS_EXPR_HAS_AWAIT)
            return syntax(c, c->items[k].first, "%s", "'await' outside function");
    }
    return 0;
}

/* 3.8: ast.c's ast_for_call, left to right. */
static int ast38(cp *c)
{
    for (int k = 0; k < c->n_items; k++)
        if (c->items[k].sh == S_KW_GEN || c->items[k].sh == S_STAR_ASSIGN || c->items[k].sh == S_DSTAR_ASSIGN)
            return syntax(c, c->items[k].first, "%s", "invalid syntax");
    for (int k = 0; k < c->n_items; k++)
        if (c->items[k].sh == S_GEN && (c->n_items > 1 || c->trailing_comma))
            return syntax(c, c->items[k].first, "%s", "Generator expression must be parenthesized");
    int nkw = 0, ndstar = 0;
    int *next = item_next_same(c);
    char *repeat = as_arena_alloc(c->arena, (size_t)c->n_items + 1);
    for (int k = 0; k < c->n_items; k++)
        if (next && next[k] >= 0)
            repeat[next[k]] = 1;
    for (int k = 0; k < c->n_items; k++) {
        citem *it = &c->items[k];
        switch (it->sh) {
        case S_POS: case S_GEN:
            if (nkw)
                return syntax(c, it->first, "%s", ndstar ? "positional argument follows keyword argument unpacking"
                                                         : "positional argument follows keyword argument");
            break;
        case S_STAR:
            if (ndstar)
                return syntax(c, it->first, "%s", "iterable argument unpacking follows keyword argument unpacking");
            break;
        case S_DSTAR:
            ndstar++;
            nkw++;
            break;
        case S_KWCONST:
            return syntax(c, it->first, "cannot assign to %s", c->t[it->first].sub == AS_KW_TRUE ? "True"
                          : c->t[it->first].sub == AS_KW_FALSE ? "False" : "None");
        case S_BADKW:
            return syntax(c, it->first, "%s", "expression cannot contain assignment, perhaps you meant \"==\"?");
        case S_KW:
            if (tok_is(c, it->lhs_from, "__debug__"))
                return syntax(c, it->first, "%s", "cannot assign to __debug__");
            if (repeat[k])
                return syntax(c, it->first, "%s", "keyword argument repeated");
            nkw++;
            break;
        default:
            return syntax(c, it->first, "%s", "invalid syntax");
        }
    }
    return scope_check(c);
}

/* 3.9+: is the item list what the first (error-free) PEG pass accepts? */
static int peg_valid(const cp *c)
{
    int region = 0;   /* 0 positional, 1 kwarg_or_starred, 2 kwarg_or_double_starred */
    if (c->n_items == 1 && c->items[0].sh == S_GEN && !c->trailing_comma)
        return 1;
    for (int k = 0; k < c->n_items; k++) {
        shape sh = c->items[k].sh;
        if (sh == S_POS && region == 0)
            continue;
        if (sh == S_STAR && region <= 1)
            continue;
        if (sh == S_KW) {
            region = region == 0 ? 1 : region;
            continue;
        }
        if (sh == S_DSTAR) {
            region = 2;
            continue;
        }
        return 0;
    }
    return 1;
}

/* Hints for one item's expressions (3.10+), in parse order. */
static int item_diagnose(cp *c, const citem *it)
{
    char msg[160];
    int at;
    int starts[2] = {-1, -1};
    switch (it->sh) {
    case S_BADKW: case S_STAR_ASSIGN: case S_DSTAR_ASSIGN:
        starts[0] = it->lhs_from >= 0 ? it->lhs_from : it->first + 1;
        starts[1] = it->from;
        break;
    case S_STAR: case S_DSTAR:
        starts[0] = it->from;
        break;
    default:
        starts[0] = it->from;
        break;
    }
    if (it->sh == S_STAR_ASSIGN || it->sh == S_DSTAR_ASSIGN)
        starts[0] = it->first + 1;
    for (int k = 0; k < 2; k++)
        if (starts[k] >= 0 && as_expr_diagnose(c->text, c->t, starts[k], c->py, msg, sizeof msg, &at)) {
            as_fail(c->err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, c->t[at].start + 1, "%s", msg);
            return -1;
        }
    return 0;
}

/* invalid_kwarg for one item. */
static int invalid_kwarg(cp *c, const citem *it)
{
    if (it->sh == S_KWCONST && c->py >= 10)
        return syntax(c, it->first, "cannot assign to %s", c->t[it->first].sub == AS_KW_TRUE ? "True"
                      : c->t[it->first].sub == AS_KW_FALSE ? "False" : "None");
    if (it->sh == S_KW_GEN && c->py >= 10)
        return syntax(c, it->first, "%s", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    if (it->sh == S_BADKW || (it->sh == S_KWCONST && c->py < 10))
        return syntax(c, it->first, "%s", "expression cannot contain assignment, perhaps you meant \"==\"?");
    if (it->sh == S_STAR_ASSIGN && c->py >= 12)
        return syntax(c, it->first, "%s", "cannot assign to iterable argument unpacking");
    if (it->sh == S_DSTAR_ASSIGN && c->py >= 12)
        return syntax(c, it->first, "%s", "cannot assign to keyword argument unpacking");
    return 0;
}

/* The `args` rule from item k: the index of the first item it cannot take.
 * With check set, the hints and invalid_kwarg run on each item it tries. */
static int args_rule(cp *c, int k, int check, int *has_dstar, int *raised)
{
    int region = 0;
    *has_dstar = 0;
    for (; k < c->n_items; k++) {
        const citem *it = &c->items[k];
        if (check && !((it->sh == S_STAR || it->sh == S_STAR_ASSIGN) && region == 2)) {
            if (item_diagnose(c, it) < 0 || invalid_kwarg(c, it) < 0) {
                *raised = 1;
                return k;
            }
        }
        if ((it->sh == S_POS && region == 0) || (it->sh == S_STAR && region <= 1))
            continue;
        if (it->sh == S_KW) {
            region = region == 0 ? 1 : region;
            continue;
        }
        if (it->sh == S_DSTAR) {
            region = 2;
            *has_dstar = 1;
            continue;
        }
        if (it->sh == S_KW_GEN || (it->sh == S_STAR_ASSIGN && region <= 1))
            return k + 1;   /* NAME=expr or *expr is taken; `for` or `=` stops the rule */
        break;
    }
    /* 3.13: a '*' item without an expression, reached where '*x' may come */
    int ignored;
    if (check && c->py >= 13 && k == c->n_items && region <= 1 && c->broken >= 0
        && op_at(c, c->broken, AS_OP_STAR) && as_expr_parse_prefix(c->text, c->t, c->broken + 1,
                                                                    AS_EXPR_EXPRESSION, &ignored, NULL) < 0) {
        syntax(c, c->broken, "%s", "Invalid star expression");
        *raised = 1;
        return c->n_items;
    }
    return k;
}

static int args_end(const cp *c, int stop)
{
    const citem *it = &c->items[stop - 1];
    return (it->sh == S_KW_GEN || it->sh == S_STAR_ASSIGN) ? it->mid : it->to;
}

/* The second pass for a call the first pass rejects; bad is the token
 * where splitting into items broke, or -1. */
static int peg_errors(cp *c, int bad)
{
    int has_dstar = 0, raised = 0;
    int stop = args_rule(c, 0, 1, &has_dstar, &raised);
    if (raised)
        return -1;
    /* 3.13: a '*' that starts an item but no expression */
    int broken_star = stop == c->n_items && bad >= 1 && op_at(c, bad - 1, AS_OP_STAR)
                      && (bad == 2 || op_at(c, bad - 2, AS_OP_COMMA));
    int not_plain = 0;
    for (int k = 0; k < stop; k++)
        not_plain |= c->items[k].sh != S_POS;
    if (c->py >= 13 && broken_star && has_dstar)
        return syntax(c, bad - 1, "%s", "Invalid star expression");
    if ((c->py == 11 || c->py == 12) && broken_star && not_plain)
        return syntax(c, bad - 1, "%s", "iterable argument unpacking follows keyword argument unpacking");
    /* args ',' '*' where the '*' item is not taken by args */
    if (stop > 0 && op_at(c, args_end(c, stop), AS_OP_COMMA) && op_at(c, args_end(c, stop) + 1, AS_OP_STAR)
        && (c->py < 11 || (has_dstar && stop < c->n_items
                           && (c->items[stop].sh == S_STAR || c->items[stop].sh == S_STAR_ASSIGN)))) {
        for (int k = stop; c->py >= 13 && k < c->n_items
             && (c->items[k].sh == S_STAR || c->items[k].sh == S_STAR_ASSIGN); k++)
            if (item_diagnose(c, &c->items[k]) < 0 || invalid_kwarg(c, &c->items[k]) < 0)
                return -1;
        return syntax(c, c->items[stop - 1].to + 1, "%s",
                      "iterable argument unpacking follows keyword argument unpacking");
    }
    /* the item that failed to parse is tried next */
    if (stop == c->n_items && bad >= 0 && c->broken >= 0 && c->py >= 10) {
        char msg[160];
        int at, from = c->broken + (op_at(c, c->broken, AS_OP_STAR) || op_at(c, c->broken, AS_OP_DSTAR));
        if (as_expr_diagnose(c->text, c->t, from, c->py, msg, sizeof msg, &at))
            return as_fail(c->err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, c->t[at].start + 1, "%s", msg);
    }
    /* args for_if_clauses, args stopping inside k=v for ... (3.9) */
    if (stop > 0 && c->items[stop - 1].sh == S_KW_GEN) {
        int npos = 0;
        for (int k = 0; k < stop; k++)
            npos += c->items[k].sh == S_POS || c->items[k].sh == S_STAR;
        if (npos > 1)
            return syntax(c, c->items[stop - 1].first, "%s", "Generator expression must be parenthesized");
    }
    if (stop < c->n_items) {
        const citem *it = &c->items[stop];
        int positional_before = 1;
        for (int k = 0; k < stop; k++)
            positional_before = positional_before && (c->items[k].sh == S_POS || c->items[k].sh == S_STAR);
        /* expression for_if_clauses ',' ... */
        if (c->items[0].sh == S_GEN && (c->n_items > 1 || c->trailing_comma)) {
            int d1, r1 = 0;
            args_rule(c, 1, 1, &d1, &r1);
            if (r1)
                return -1;
            return syntax(c, c->items[0].first, "%s", "Generator expression must be parenthesized");
        }
        /* args for_if_clauses / args ',' expression for_if_clauses */
        if (it->sh == S_GEN && (stop > 0 ? op_at(c, args_end(c, stop), AS_OP_COMMA) : !positional_before))
            return syntax(c, it->first, "%s", "Generator expression must be parenthesized");
        /* args ',' args */
        if (stop > 0 && op_at(c, args_end(c, stop), AS_OP_COMMA)) {
            int d2, r2 = 0;
            int stop2 = args_rule(c, stop, 1, &d2, &r2);
            if (r2)
                return -1;
            if (stop2 > stop)
                return syntax(c, it->first, "%s", has_dstar ? "positional argument follows keyword argument unpacking"
                                                            : "positional argument follows keyword argument");
        }
    } else if (c->n_items == 1 && c->items[0].sh == S_GEN && c->trailing_comma) {
        return syntax(c, c->items[0].first, "%s", "Generator expression must be parenthesized");
    }
    if (c->expr_err_set) {
        *c->err = c->expr_err;
        return -1;
    }
    if (bad >= 0 && c->py <= 9 && op_at(c, bad, AS_OP_WALRUS))
        return as_input_error(c->err, c->t[bad].start + 1,
                              "assignment expression target must be a name (column %d)", c->t[bad].start + 1);
    if (bad >= 0)
        return syntax(c, bad, "%s", "invalid syntax");
    return syntax(c, stop < c->n_items ? c->items[stop].first : c->n - 1, "%s", "invalid syntax");
}

/* first_pass (may be NULL) receives how far CPython's first, error-free
 * pass reads: bit 1 when it reads every token (the items split and none of
 * them stops it), bit 2 when also the 3.9+ argument order is valid. */
static int parse_call(as_arena *arena, const char *text, as_token *toks, int n, int py_minor,
                      as_call *out, as_error *err, int *first_pass)
{
    cp c;   /* fields set one by one: zeroing expr_err (2 KB) per call is measurable */
    c.arena = arena;
    c.text = text;
    c.t = toks;
    c.n = n;
    c.py = py_minor;
    c.items = NULL;
    c.n_items = c.trailing_comma = c.expr_err_set = c.over = c.n_kw = 0;
    c.facts = 0;
    c.broken = -1;
    c.err = err;
    int bad;
    int split_ok = split(&c, &bad) == 0;
    if (first_pass) {
        *first_pass = split_ok || toks[bad].kind == AS_TK_END;
        for (int k = 0; split_ok && k < c.n_items; k++) {
            shape sh = c.items[k].sh;
            if (sh == S_BADKW || sh == S_KWCONST || sh == S_STAR_ASSIGN || sh == S_DSTAR_ASSIGN || sh == S_KW_GEN)
                *first_pass = 0;
        }
        if (*first_pass && (!split_ok || peg_valid(&c)))
            *first_pass |= 2;
    }
    if (!split_ok && c.over)
        return as_input_error(err, toks[c.over].start + 1, "more than %d items in a call (column %d)",
                              AS_MAX_CALL_ITEMS, toks[c.over].start + 1);
    if (!split_ok) {
        if (py_minor >= 9)
            return peg_errors(&c, bad);
        if (op_at(&c, bad, AS_OP_WALRUS))
            return as_input_error(err, toks[bad].start + 1,
                                  "assignment expression target must be a name (column %d)", toks[bad].start + 1);
        if (c.expr_err_set) {
            *err = c.expr_err;
            return -1;
        }
        return syntax(&c, bad < n ? bad : n, "%s", "invalid syntax");
    }
    if (py_minor == 8) {
        if (ast38(&c) < 0)
            return -1;
    } else {
        if (!peg_valid(&c))
            return peg_errors(&c, -1);
        /* the compiler's validate_keywords: each keyword in turn is checked
         * for __debug__, then for a repeat later in the call */
        int *next = c.n_items > 16 ? item_next_same(&c) : NULL;   /* few items: compared pairwise below */
        for (int k = 0; c.n_kw && k < c.n_items; k++) {
            if (c.items[k].sh != S_KW)
                continue;
            const as_token *t = &toks[c.items[k].lhs_from];
            if (tok_is(&c, c.items[k].lhs_from, "__debug__"))
                return syntax(&c, c.items[k].first, "%s", "cannot assign to __debug__");
            int later = next ? next[k] : -1;
            for (int j = k + 1; !next && later < 0 && j < c.n_items; j++) {
                if (c.items[j].sh != S_KW)
                    continue;
                const as_token *u = &toks[c.items[j].lhs_from];
                if (u->len == t->len && memcmp(text + u->start, text + t->start, (size_t)t->len) == 0)
                    later = j;
            }
            if (later >= 0)
                return as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE,
                               toks[c.items[later].first].start + 1, "keyword argument repeated: %.*s",
                               t->len, text + t->start);
        }
        if ((c.facts & (AS_EXPR_HAS_NESTED | AS_EXPR_HAS_YIELD | AS_EXPR_HAS_AWAIT)) && scope_check(&c) < 0)
            return -1;
    }
    /* the items, then their texts and keywords: spans of one copy of the
     * text where it is in normal form (see as_expr_text_in), in one block */
    size_t len = (size_t)toks[n].start, items_size = (size_t)(c.n_items ? c.n_items : 1) * sizeof *out->items;
    out->n_items = c.n_items;
    out->items = as_arena_alloc_raw(arena, items_size + len + 1);
    char *copy = (char *)out->items + items_size;
    memcpy(copy, text, len);
    copy[len] = '\0';
    int plain = !(toks[n].flags & AS_END_OTHER_SPACE);
    for (int k = 0; k < c.n_items; k++) {
        const citem *it = &c.items[k];
        as_call_item *o = &out->items[k];
        o->kind = it->sh == S_STAR ? AS_ITEM_STAR : it->sh == S_DSTAR ? AS_ITEM_DOUBLESTAR
                : it->sh == S_KW ? AS_ITEM_KEYWORD : AS_ITEM_POSITIONAL;
        o->keyword = NULL;
        if (it->sh == S_KW) {
            const as_token *kt = &toks[it->lhs_from];
            copy[kt->start + kt->len] = '\0';
            o->keyword = copy + kt->start;
        }
        o->text = as_expr_text_in(arena, copy, text, toks, it->from, it->to, plain);
        o->column = toks[it->first].start + 1;
        if (it->sh == S_STAR || it->sh == S_DSTAR) {
            o->toks = toks + it->from;   /* the copy keeps every byte of them */
            o->n_toks = it->to - it->from;
            o->toks_text = o->text;
            o->toks_source = copy;
            o->toks_kind = it->lit;
        } else {
            o->toks = NULL;
            o->n_toks = 0;
            o->toks_text = NULL;
            o->toks_source = NULL;
            o->toks_kind = 0;
        }
    }
    return 0;
}

static int generic_error(const as_error *err)
{
    return err->phase == AS_PHASE_INPUT || strcmp(err->message, "invalid syntax") == 0;
}

/* 1 when an expression starting at toks[i] runs to the end of the text, so
 * that CPython's parser, looking for what follows it, reads the end. */
static int reaches_end(const char *text, const as_token *toks, int i, int n, as_expr_level level)
{
    int end;
    return i < n && as_expr_parse_prefix(text, toks, i, level, &end, NULL) >= 0 && end == n;
}

/* Replace a parse error by the tokenizer's bracket errors where CPython's
 * tokenizer gets there first (see as_bracket_check). */
static void bracket_errors(as_arena *arena, const char *text, size_t len, const as_token *toks, int n,
                           int py_minor, as_error *err)
{
    char msg[160];
    int at, open_at, col = err->column;
    int e = 0;   /* the token the error is at */
    while (e < n && toks[e].start + 1 < col)
        e++;
    if (as_bracket_check(text, toks, msg, sizeof msg, &at, &open_at)) {
        /* 3.10+ re-tokenizes the whole text after a plain "invalid syntax" */
        if (e >= at || (py_minor >= 10 && generic_error(err)))
            as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, toks[at].start + 1, "%s", msg);
        return;
    }
    if (open_at < 0)
        return;
    if (py_minor < 10) {
        if (e == n && generic_error(err))
            as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, toks[n].start + 1, "%s",
                    "unexpected EOF while parsing");
        return;
    }
    /* 3.10+: reading the end with a bracket open is an error at once,
     * also in the second pass, which looks past an unexpected expression
     * ("a b" is checked for a missing comma) */
    int hits_end = e == n;
    if (!hits_end) {
        /* does the first pass read to the end?  Close the brackets and see */
        as_buf b;
        as_buf_init(&b, arena);
        as_buf_putn(&b, text, len);
        int level = 0;
        for (int i = 0; i < n; i++)
            if (toks[i].kind == AS_TK_OP && (toks[i].sub == AS_OP_LPAR || toks[i].sub == AS_OP_LSQB
                                             || toks[i].sub == AS_OP_LBRACE))
                level++;
        char *stack = as_arena_alloc(arena, (size_t)level + 1);
        level = 0;
        for (int i = 0; i < n; i++) {
            if (toks[i].kind != AS_TK_OP)
                continue;
            int sub = toks[i].sub;
            if (sub == AS_OP_LPAR || sub == AS_OP_LSQB || sub == AS_OP_LBRACE)
                stack[level++] = sub == AS_OP_LPAR ? ')' : sub == AS_OP_LSQB ? ']' : '}';
            else if (sub == AS_OP_RPAR || sub == AS_OP_RSQB || sub == AS_OP_RBRACE)
                level--;
        }
        while (level > 0)
            as_buf_putc(&b, stack[--level]);
        as_token *t2;
        int n2, first_pass = 0;
        as_error e2;
        as_call ignored;
        char *closed = as_buf_str(&b);
        if (as_tokenize(arena, closed, b.len, &t2, &n2, &e2) == 0)
            parse_call(arena, closed, t2, n2, py_minor, &ignored, &e2, &first_pass);
        hits_end = first_pass & 1;
    }
    if (!hits_end && generic_error(err))
        hits_end = reaches_end(text, toks, e, n, AS_EXPR_EXPRESSION);
    if (!hits_end && strncmp(err->message, "invalid syntax. Perhaps you forgot a comma?", 43) == 0) {
        int a_end;
        hits_end = as_expr_parse_prefix(text, toks, e, AS_EXPR_DISJUNCTION, &a_end, NULL) >= 0
                   && reaches_end(text, toks, a_end, n, AS_EXPR_EXPRESSION);
    }
    if (hits_end)
        as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, toks[open_at].start + 1,
                "'%c' was never closed", text[toks[open_at].start]);
}

int as_call_parse(as_arena *arena, const char *text, size_t len, int py_minor,
                  as_call *out, as_error *err)
{
    as_token *toks;
    int n;
    if (py_minor < AS_PY_MIN || py_minor > AS_PY_MAX)
        return as_input_error(err, 0, "unsupported Python version 3.%d", py_minor);
    if (as_tokenize(arena, text, len, &toks, &n, err) < 0) {
        int open = err->column - 1;
        if (!as_tokenizer_syntax_error(arena, text, len, py_minor, AS_PHASE_CALL_SYNTAX, err) || py_minor >= 10
            || open <= 0 || err->column != open + 1)   /* not the string's error, but a bracket's */
            return -1;
        /* 3.8/3.9 stop at a parse error before the string is read */
        as_error pe;
        as_call ignored;
        int first_pass = 0;
        if (as_tokenize(arena, text, (size_t)open, &toks, &n, &pe) == 0 && n > 0 && toks[0].kind == AS_TK_OP
            && toks[0].sub == AS_OP_LPAR
            && parse_call(arena, text, toks, n, py_minor, &ignored, &pe, &first_pass) < 0
            && pe.column < open + 1 && (py_minor == 9 ? !(first_pass & 2) : generic_error(&pe)))
            *err = pe;
        return -1;
    }
    char msg[160];
    int at, open_at;
    /* a closer first: the tokenizer's bracket error comes before anything */
    if (n > 0 && toks[0].kind == AS_TK_OP
        && (toks[0].sub == AS_OP_RPAR || toks[0].sub == AS_OP_RSQB || toks[0].sub == AS_OP_RBRACE)
        && as_bracket_check(text, toks, msg, sizeof msg, &at, &open_at) && at == 0)
        return as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, 1, "%s", msg);
    if (n == 0 || toks[0].kind != AS_TK_OP || toks[0].sub != AS_OP_LPAR)
        return as_input_error(err, n ? toks[0].start + 1 : 1,
                              "a call must start with '(' (column %d)", n ? toks[0].start + 1 : 1);
    if (parse_call(arena, text, toks, n, py_minor, out, err, NULL) == 0)
        return as_utf8_syntax_error(text, len, toks, py_minor, AS_PHASE_CALL_SYNTAX, err) ? -1 : 0;
    bracket_errors(arena, text, len, toks, n, py_minor, err);
    return -1;
}

/* ---- printing and comparing ------------------------------------------ */

char *as_call_print(as_arena *arena, const as_call *call)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_putc(&b, '(');
    for (int i = 0; i < call->n_items; i++) {
        const as_call_item *it = &call->items[i];
        if (i)
            as_buf_puts(&b, ", ");
        if (it->kind == AS_ITEM_STAR)
            as_buf_putc(&b, '*');
        else if (it->kind == AS_ITEM_DOUBLESTAR)
            as_buf_puts(&b, "**");
        else if (it->kind == AS_ITEM_KEYWORD)
            as_buf_printf(&b, "%s=", it->keyword);
        as_buf_puts(&b, it->text);
    }
    as_buf_putc(&b, ')');
    return as_buf_str(&b);
}

static int str_eq(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int as_call_equal(const as_call *a, const as_call *b)
{
    if (a->n_items != b->n_items)
        return 0;
    for (int i = 0; i < a->n_items; i++)
        if (a->items[i].kind != b->items[i].kind || !str_eq(a->items[i].keyword, b->items[i].keyword)
            || !str_eq(a->items[i].text, b->items[i].text))
            return 0;
    return 1;
}

/* ---- expansion (phase A2) --------------------------------------------- */

typedef struct expander {
    as_arena *arena;
    const as_call *call;
    int py;
    const char *fn;
    as_error *err;
    as_arg *pos;
    int n_pos, cap_pos;
    as_arg *kws;
    int n_kw, cap_kw;
    const char **kw_value;  /* decoded str key, or NULL for a non-str key */
    const char **kw_key;    /* the key's expression text */
    int nonstr_key;         /* a non-string key was merged */
} expander;

/* Room for one more entry in an array of n (cap) entries of `size` bytes:
 * a call has few arguments, so the first block holds 8 and is not zeroed. */
static void *grow(as_arena *a, void *arr, int n, int *cap, size_t size)
{
    if (n < *cap)
        return arr;
    int nc = *cap ? *cap * 2 : 8;
    void *p = as_arena_alloc_raw(a, (size_t)nc * size);
    if (n)
        memcpy(p, arr, (size_t)n * size);
    *cap = nc;
    return p;
}

static int type_error(expander *x, as_category cat, const char *fmt, const char *a, const char *b)
{
    return as_fail(x->err, "TypeError", AS_PHASE_CALL_SITE, cat, 0, fmt, a, b);
}

static int too_many(expander *x, const as_call_item *it)
{
    return as_input_error(x->err, it->column, "more than %d arguments after unpacking (limit at column %d)",
                          AS_MAX_ARGS, it->column);
}

/* Append a positional argument, refusing the one past the limit. */
static int push_positional(expander *x, int idx, const char *text)
{
    if (x->n_pos >= AS_MAX_ARGS)
        return too_many(x, &x->call->items[idx]);
    x->pos = grow(x->arena, x->pos, x->n_pos, &x->cap_pos, sizeof *x->pos);
    x->pos[x->n_pos++] = (as_arg){text, NULL, idx};
    return 0;
}

static int cannot_expand(expander *x, const as_call_item *it, const char *what)
{
    return as_input_error(x->err, it->column,
        "cannot expand %s%s at column %d: only literal lists, tuples, strings, bytes and dicts can be unpacked",
        what, it->text, it->column);
}

/* Classify a * or ** item's value, from the parser's tokens when the item
 * still has them. */
static int classify_item(expander *x, const as_call_item *it, as_expr_class *cls)
{
    if (!it->toks || it->toks_text != it->text)
        return as_expr_classify_limit(x->arena, it->text, strlen(it->text), AS_MAX_ARGS + 1, cls, x->err);
    if (as_expr_classify_parsed(x->arena, it->toks_source, it->toks, it->n_toks, (as_lit_kind)it->toks_kind,
                                AS_MAX_ARGS + 1, cls, x->err) == 0)
        return 0;
    /* an error's column counts from the item's text: again with its own tokens */
    as_token *own = as_expr_text_tokens(x->arena, it->toks, 0, it->n_toks);
    return as_expr_classify_parsed(x->arena, it->text, own, it->n_toks, (as_lit_kind)it->toks_kind,
                                   AS_MAX_ARGS + 1, cls, x->err);
}

/* Expand one `*` item; single says it is the call's only positional item. */
static int expand_star(expander *x, int idx, int single)
{
    const as_call_item *it = &x->call->items[idx];
    as_expr_class cls;
    if (classify_item(x, it, &cls) < 0)
        return -1;
    if (cls.kind != AS_LIT_UNKNOWN && !as_lit_iterable(cls.kind)) {
        if (single || x->py == 8)
            return type_error(x, AS_CAT_OTHER, "%s() argument after * must be an iterable, not %s",
                              x->fn, cls.type_name);
        return type_error(x, AS_CAT_OTHER, "%sValue after * must be an iterable, not %s", "", cls.type_name);
    }
    if (cls.too_many && cls.kind != AS_LIT_SET)
        return too_many(x, it);
    if (cls.n_elems < 0 || cls.kind == AS_LIT_SET)
        return cannot_expand(x, it, "*");
    for (int k = 0; k < cls.n_elems; k++)
        if (push_positional(x, idx, cls.elems[k]) < 0)
            return -1;
    return 0;
}

/* str(key) for a non-string literal key, as the 3.9+ message shows it. */
static const char *key_str(expander *x, const char *key, const as_call_item *it, int *ok)
{
    *ok = 1;
    size_t n = strlen(key);
    int digits = n > 0;
    for (size_t k = 0; k < n; k++)
        digits = digits && key[k] >= '0' && key[k] <= '9';
    if (digits && (n == 1 || key[0] != '0'))
        return key;
    if (strcmp(key, "None") == 0 || strcmp(key, "True") == 0 || strcmp(key, "False") == 0)
        return key;
    *ok = 0;
    cannot_expand(x, it, "**");
    return NULL;
}

/* Equal non-string keys: True == 1, False == 0, else the same text. */
static const char *key_canon(const char *t)
{
    return strcmp(t, "True") == 0 ? "1" : strcmp(t, "False") == 0 ? "0" : t;
}

static int merge_key(expander *x, int idx, const char *name, const char *key_text, const char *value)
{
    for (int k = 0; k < x->n_kw; k++) {
        const char *v = x->kw_value[k];   /* its first byte first: most names differ there */
        int same = name ? (v && v[0] == name[0] && strcmp(v, name) == 0)
                        : (!v && strcmp(key_canon(x->kw_key[k]), key_canon(key_text)) == 0);
        if (!same)
            continue;
        if (!name) {
            if (x->py == 8)
                return type_error(x, AS_CAT_OTHER, "%s() keywords must be strings%s", x->fn, "");
            int ok;
            const char *s = key_str(x, key_text, &x->call->items[idx], &ok);
            if (!ok)
                return -1;
            return type_error(x, AS_CAT_MULTIPLE_VALUES,
                              "%s() got multiple values for keyword argument '%s'", x->fn, s);
        }
        return type_error(x, AS_CAT_MULTIPLE_VALUES, "%s() got multiple values for keyword argument '%s'",
                          x->fn, name);
    }
    if (x->n_kw >= AS_MAX_ARGS)
        return too_many(x, &x->call->items[idx]);
    /* 3.8 hands a non-string key to the callee, whose keyword loop rejects
     * it in call order (keyword NULL); 3.9+ rejects it after the merge */
    as_arg a = {value, name ? name : x->py == 8 ? NULL : key_text, idx};
    if (x->n_kw == x->cap_kw) {   /* the three arrays grow together, in one block */
        int nc = x->cap_kw ? x->cap_kw * 2 : 8;
        char *block = as_arena_alloc_raw(x->arena, (size_t)nc * (sizeof *x->kws + sizeof *x->kw_value
                                                                 + sizeof *x->kw_key));
        as_arg *kws = (as_arg *)block;
        const char **value = (const char **)(kws + nc), **key = value + nc;
        if (x->n_kw) {
            memcpy(kws, x->kws, (size_t)x->n_kw * sizeof *kws);
            memcpy(value, x->kw_value, (size_t)x->n_kw * sizeof *value);
            memcpy(key, x->kw_key, (size_t)x->n_kw * sizeof *key);
        }
        x->kws = kws;
        x->kw_value = value;
        x->kw_key = key;
        x->cap_kw = nc;
    }
    x->kw_value[x->n_kw] = name;
    x->kw_key[x->n_kw] = key_text;
    x->kws[x->n_kw++] = a;
    if (!name)
        x->nonstr_key = 1;
    return 0;
}

static int expand_dstar(expander *x, int idx)
{
    const as_call_item *it = &x->call->items[idx];
    as_expr_class cls;
    if (classify_item(x, it, &cls) < 0)
        return -1;
    if (cls.kind != AS_LIT_UNKNOWN && cls.kind != AS_LIT_DICT)
        return type_error(x, AS_CAT_OTHER, "%s() argument after ** must be a mapping, not %s",
                          x->fn, cls.type_name);
    if (cls.kind == AS_LIT_DICT && cls.too_many)
        return too_many(x, it);
    if (cls.kind != AS_LIT_DICT || cls.n_elems < 0)
        return cannot_expand(x, it, "**");
    for (int k = 0; k < cls.n_elems; k++) {
        const char *key = cls.elems[k];
        size_t n = strlen(key);
        if (n >= 2 && (key[0] == '\'' || key[0] == '"') && key[n - 1] == key[0]
            && !memchr(key + 1, key[0], n - 2) && !memchr(key + 1, '\\', n - 2)) {
            /* the usual key, 'name': a string literal without escapes */
            if (merge_key(x, idx, as_arena_strndup(x->arena, key + 1, n - 2), key, cls.values[k]) < 0)
                return -1;
            continue;
        }
        as_expr_class kc;
        if (as_expr_classify_limit(x->arena, cls.elems[k], strlen(cls.elems[k]), 0, &kc, x->err) < 0)
            return -1;
        const char *name = NULL;
        if (kc.kind == AS_LIT_STR) {
            char *v;
            size_t vlen;
            if (as_expr_string_value(x->arena, cls.elems[k], strlen(cls.elems[k]), &v, &vlen, NULL,
                                     x->err) < 0)
                return -1;
            if (memchr(v, '\0', vlen))
                return cannot_expand(x, it, "**");
            name = v;
        } else if (kc.kind == AS_LIT_UNKNOWN) {
            return cannot_expand(x, it, "**");
        }
        if (merge_key(x, idx, name, cls.elems[k], cls.values[k]) < 0)
            return -1;
    }
    return 0;
}

int as_call_expand(as_arena *arena, const as_call *call, int py_minor, const char *func_name,
                   as_call_args *out, as_error *err)
{
    expander x;
    memset(&x, 0, sizeof x);
    x.arena = arena;
    x.call = call;
    x.py = py_minor;
    x.fn = func_name ? func_name : "f";
    x.err = err;
    int n_positional_items = 0, single_star = -1, any_dstar = 0;
    for (int i = 0; i < call->n_items; i++) {
        as_item_kind k = call->items[i].kind;
        n_positional_items += k == AS_ITEM_POSITIONAL || k == AS_ITEM_STAR;
        any_dstar |= k == AS_ITEM_DOUBLESTAR;
        if (k == AS_ITEM_STAR)
            single_star = i;
    }
    if (n_positional_items != 1)
        single_star = -1;
    /* A lone *x is passed through unchanged and checked only by the call
     * itself, after the keyword dict is built; otherwise positionals are
     * collected first. */
    if (single_star < 0) {
        for (int i = 0; i < call->n_items; i++) {
            const as_call_item *it = &call->items[i];
            if (it->kind == AS_ITEM_POSITIONAL) {
                if (push_positional(&x, i, it->text) < 0)
                    return -1;
            } else if (it->kind == AS_ITEM_STAR && expand_star(&x, i, 0) < 0) {
                return -1;
            }
        }
    }
    for (int i = 0; i < call->n_items; i++) {
        const as_call_item *it = &call->items[i];
        if (it->kind == AS_ITEM_KEYWORD) {
            if (merge_key(&x, i, it->keyword, it->keyword, it->text) < 0)
                return -1;
        } else if (it->kind == AS_ITEM_DOUBLESTAR && expand_dstar(&x, i) < 0) {
            return -1;
        }
    }
    if (single_star >= 0 && expand_star(&x, single_star, 1) < 0)
        return -1;
    if (x.nonstr_key && py_minor != 8)
        return type_error(&x, AS_CAT_OTHER, "%skeywords must be strings%s", "", "");
    (void)any_dstar;
    out->positional = x.pos;
    out->n_positional = x.n_pos;
    out->keywords = x.kws;
    out->n_keywords = x.n_kw;
    return 0;
}

char *as_call_args_print(as_arena *arena, const as_call_args *args)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_putc(&b, '(');
    int first = 1, in_dict = 0, n_nonstr = 0;
    for (int i = 0; i < args->n_positional; i++) {
        if (!first)
            as_buf_puts(&b, ", ");
        first = 0;
        as_buf_puts(&b, args->positional[i].text);
    }
    for (int i = 0; i < args->n_keywords; i++) {
        const as_arg *a = &args->keywords[i];
        /* names that cannot be written name=value go, with all later
         * keywords (to keep the order), into one trailing ** dict */
        if (!in_dict && (!a->keyword || !as_is_identifier(a->keyword, strlen(a->keyword)))) {
            if (!first)
                as_buf_puts(&b, ", ");
            as_buf_puts(&b, "**{");
            in_dict = 1;
            first = 1;
        }
        if (!first)
            as_buf_puts(&b, ", ");
        first = 0;
        if (in_dict && !a->keyword)   /* a 3.8 non-string key: only its being distinct matters */
            as_buf_printf(&b, "%d: %s", n_nonstr++, a->text);
        else if (in_dict)
            as_buf_printf(&b, "%s: %s", as_py_str_repr(arena, a->keyword, strlen(a->keyword)), a->text);
        else
            as_buf_printf(&b, "%s=%s", a->keyword, a->text);
    }
    if (in_dict)
        as_buf_putc(&b, '}');
    as_buf_putc(&b, ')');
    return as_buf_str(&b);
}

int as_call_check_keywords(const as_call *call, int py_minor, as_error *err)
{
    as_arena arena;
    as_arena_init(&arena);
    int n = call->n_items, rc = 0;
    kwname *names = as_arena_alloc(&arena, (size_t)(n ? n : 1) * sizeof *names);
    int *next = as_arena_alloc(&arena, (size_t)(n ? n : 1) * sizeof *next);
    for (int k = 0; k < n; k++) {
        const as_call_item *it = &call->items[k];
        int kw = it->kind == AS_ITEM_KEYWORD;
        names[k] = (kwname){kw ? it->keyword : NULL, kw ? (int)strlen(it->keyword) : 0, k};
    }
    next_same(&arena, names, n, next);
    for (int k = 0; k < n && rc == 0; k++) {
        if (next[k] < 0)
            continue;
        const as_call_item *it = &call->items[k], *later = &call->items[next[k]];
        if (py_minor == 8)
            rc = as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, later->column,
                         "keyword argument repeated");
        else
            rc = as_fail(err, "SyntaxError", AS_PHASE_CALL_SYNTAX, AS_CAT_NONE, later->column,
                         "keyword argument repeated: %s", it->keyword);
    }
    as_arena_free(&arena);
    return rc;
}
