/* pyexpr.c — see pyexpr.h. */
#include "oracle/pyexpr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ===================================================================== */
/* Tokenizer                                                             */
/* ===================================================================== */

static const char *const keywords[] = {
    [AS_KW_FALSE] = "False", [AS_KW_NONE] = "None", [AS_KW_TRUE] = "True",
    [AS_KW_AND] = "and", [AS_KW_AS] = "as", [AS_KW_ASSERT] = "assert",
    [AS_KW_ASYNC] = "async", [AS_KW_AWAIT] = "await", [AS_KW_BREAK] = "break",
    [AS_KW_CLASS] = "class", [AS_KW_CONTINUE] = "continue", [AS_KW_DEF] = "def",
    [AS_KW_DEL] = "del", [AS_KW_ELIF] = "elif", [AS_KW_ELSE] = "else",
    [AS_KW_EXCEPT] = "except", [AS_KW_FINALLY] = "finally", [AS_KW_FOR] = "for",
    [AS_KW_FROM] = "from", [AS_KW_GLOBAL] = "global", [AS_KW_IF] = "if",
    [AS_KW_IMPORT] = "import", [AS_KW_IN] = "in", [AS_KW_IS] = "is",
    [AS_KW_LAMBDA] = "lambda", [AS_KW_NONLOCAL] = "nonlocal", [AS_KW_NOT] = "not",
    [AS_KW_OR] = "or", [AS_KW_PASS] = "pass", [AS_KW_RAISE] = "raise",
    [AS_KW_RETURN] = "return", [AS_KW_TRY] = "try", [AS_KW_WHILE] = "while",
    [AS_KW_WITH] = "with", [AS_KW_YIELD] = "yield",
};

/* Byte classes of the tokenizer's dispatch (one table look-up per token
 * and per name byte instead of a chain of comparisons). */
enum { CC_OTHER = 0, CC_SPACE, CC_NAME, CC_DIGIT, CC_QUOTE, CC_HASH, CC_BACKSLASH, CC_DOT, CC_OP1, CC_OPX };

/* Every byte's class, written once: a list whose parameters stand for the
 * classes in CC_* order (o other, s space, n name, d digit, q quote, h '#',
 * b '\\', t '.', p CC_OP1, x CC_OPX).  Each row that follows from the class
 * alone is this list with a value per class, so it cannot disagree with it. */
#define BY_CLASS(o, s, n, d, q, h, b, t, p, x) \
    o, o, o, o, o, o, o, o, o, s, s, o, s, s, o, o, \
    o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, \
    s, x, q, h, o, x, x, q, p, p, x, x, p, x, t, x, \
    d, d, d, d, d, d, d, d, d, d, x, p, x, x, x, o, \
    x, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, p, b, p, x, n, \
    o, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, p, x, p, p, o, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, \
    n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n,

/* What the lexer asks of a byte, a row per question, in one table: its
 * loop reaches every row from one base address (a register for each of
 * separate tables cost it more than the look-ups). */
enum { LT_CLASS, LT_OP1, LT_OPX_SINGLE, LT_OPX_LONGER, LT_KEYWORD_START, LT_NAME_BYTE, LT_ROWS };

static const unsigned char lex_table[LT_ROWS][256] = {
    /* the byte's class (CC_*) */
    [LT_CLASS] = {
        BY_CLASS(CC_OTHER, CC_SPACE, CC_NAME, CC_DIGIT, CC_QUOTE, CC_HASH, CC_BACKSLASH, CC_DOT, CC_OP1, CC_OPX)
    },
    /* the operators that are one byte whatever follows (CC_OP1) */
    [LT_OP1] = {
        ['('] = AS_OP_LPAR, [')'] = AS_OP_RPAR, ['['] = AS_OP_LSQB, [']'] = AS_OP_RSQB,
        ['{'] = AS_OP_LBRACE, ['}'] = AS_OP_RBRACE, [','] = AS_OP_COMMA, [';'] = AS_OP_SEMI,
        ['~'] = AS_OP_TILDE,
    },
    /* CC_OPX bytes: the operator each is on its own ('!' is none), and the
     * bytes that can make it longer (==, !=, ->, +=, **, //, <<, >>=, ...) */
    [LT_OPX_SINGLE] = {
        ['='] = AS_OP_EQUAL, [':'] = AS_OP_COLON, ['-'] = AS_OP_MINUS, ['+'] = AS_OP_PLUS,
        ['%'] = AS_OP_PERCENT, ['@'] = AS_OP_AT, ['&'] = AS_OP_AMP, ['|'] = AS_OP_VBAR,
        ['^'] = AS_OP_CARET, ['*'] = AS_OP_STAR, ['/'] = AS_OP_SLASH, ['<'] = AS_OP_LT,
        ['>'] = AS_OP_GT,
    },
    [LT_OPX_LONGER] = {
        ['='] = 1, ['>'] = 1, ['*'] = 1, ['/'] = 1, ['<'] = 1,
    },
    /* keywords[] is in byte order: the first byte picks where to start, and
     * the keywords sharing it are compared by length, then bytes */
    [LT_KEYWORD_START] = {
        ['F'] = AS_KW_FALSE, ['N'] = AS_KW_NONE, ['T'] = AS_KW_TRUE, ['a'] = AS_KW_AND,
        ['b'] = AS_KW_BREAK, ['c'] = AS_KW_CLASS, ['d'] = AS_KW_DEF, ['e'] = AS_KW_ELIF,
        ['f'] = AS_KW_FINALLY, ['g'] = AS_KW_GLOBAL, ['i'] = AS_KW_IF, ['l'] = AS_KW_LAMBDA,
        ['n'] = AS_KW_NONLOCAL, ['o'] = AS_KW_OR, ['p'] = AS_KW_PASS, ['r'] = AS_KW_RAISE,
        ['t'] = AS_KW_TRY, ['w'] = AS_KW_WHILE, ['y'] = AS_KW_YIELD,
    },
    /* the bytes that continue a name (CC_NAME and CC_DIGIT) */
    [LT_NAME_BYTE] = {
        BY_CLASS(0, 0, 1, 1, 0, 0, 0, 0, 0, 0)
    },
};
#undef BY_CLASS

/* Bytes that continue a name (CC_NAME and CC_DIGIT). */
static int name_cont(unsigned char c)
{
    return lex_table[LT_NAME_BYTE][c];
}

/* Bit n set when a keyword of n bytes starts with that byte. */
static const unsigned short keyword_lens[256] = {
    ['F'] = 0x20, ['N'] = 0x10, ['T'] = 0x10, ['a'] = 0x6c, ['b'] = 0x20, ['c'] = 0x120,
    ['d'] = 0x8, ['e'] = 0x50, ['f'] = 0x98, ['g'] = 0x40, ['i'] = 0x44, ['l'] = 0x40,
    ['n'] = 0x108, ['o'] = 0x4, ['p'] = 0x10, ['r'] = 0x60, ['t'] = 0x8, ['w'] = 0x30, ['y'] = 0x20,
};

static int keyword_id(const char *s, size_t n)
{
    static const unsigned char lens[] = {
        0, 5, 4, 4, 3, 2, 6, 5, 5, 5, 5, 8, 3, 3, 4, 4, 6, 7, 3,
        4, 6, 2, 6, 2, 2, 6, 8, 3, 2, 4, 5, 6, 3, 5, 4, 5};
    int k = lex_table[LT_KEYWORD_START][(unsigned char)s[0]];
    if (!k || n < 2 || n > 8 || !(keyword_lens[(unsigned char)s[0]] >> n & 1))
        return 0;
    for (; k <= AS_KW_YIELD && keywords[k][0] == s[0]; k++)
        if (lens[k] == n && memcmp(keywords[k] + 1, s + 1, n - 1) == 0)
            return k;
    return 0;
}

static int is_name_start(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26 || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
    return is_name_start(c) || (unsigned)(c - '0') < 10;
}

int as_is_identifier(const char *s, size_t len)
{
    if (len == 0 || !is_name_start((unsigned char)s[0]))
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!is_name_char((unsigned char)s[i]))
            return 0;
    return keyword_id(s, len) == 0;
}

/* String prefix flags for a name of 1-2 letters, or -1 when it is none. */
static int string_prefix(const char *s, size_t n)
{
    int flags = 0;
    if (n > 2)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int f;
        switch (s[i]) {
        case 'r': case 'R': f = AS_STR_RAW; break;
        case 'b': case 'B': f = AS_STR_BYTES; break;
        case 'f': case 'F': f = AS_STR_FORMAT; break;
        case 'u': case 'U': f = AS_STR_UNICODE; break;
        default: return -1;
        }
        if (flags & f)
            return -1;
        flags |= f;
    }
    if ((flags & AS_STR_UNICODE) && n > 1)
        return -1;
    if ((flags & AS_STR_BYTES) && (flags & AS_STR_FORMAT))
        return -1;
    return flags;
}

typedef struct lexer {
    const char *s;
    size_t n, i;
    as_error *err;
} lexer;

static int lex_error(lexer *L, size_t at, const char *what)
{
    return as_input_error(L->err, (int)at + 1, "%s at column %d", what, (int)at + 1);
}

/* Scan a string body starting at the opening quote L->i. */
static int lex_string(lexer *L, int flags)
{
    const unsigned char *s = (const unsigned char *)L->s;
    size_t open = L->i, n = L->n, i = open;   /* i in a register, L->i set at the end */
    unsigned char q = s[i];
    int triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q;
    unsigned char high = flags & AS_STR_BYTES ? 0x80 : 0;   /* bytes: no byte >= 0x80 */
    i += triple ? 3 : 1;
    for (;; i++) {
        if (i >= n)
            return lex_error(L, open, triple ? "unterminated triple-quoted string literal"
                                             : "unterminated string literal");
        unsigned char c = s[i];
        if (c == q) {
            if (!triple)
                break;
            if (i + 2 < n && s[i + 1] == q && s[i + 2] == q) {
                i += 2;
                break;
            }
        } else if (c == '\\') {
            if (i + 1 >= n)
                return lex_error(L, open, "unterminated string literal");
            i++;
        } else if (c & high) {
            return lex_error(L, i, "bytes can only contain ASCII literal characters");
        } else if (c == '\n' && !triple) {
            return lex_error(L, open, "unterminated string literal");
        }
    }
    L->i = i + 1;
    return 0;
}

/* Digits of one radix with single underscores between them; at least one. */
static int lex_digits(lexer *L, int radix, int allow_leading_underscore)
{
    int ndig = 0;
    for (;;) {
        if (L->i >= L->n)
            break;
        unsigned char c = (unsigned char)L->s[L->i];
        int ok = radix == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
               : radix == 8 ? (c >= '0' && c <= '7')
               : radix == 2 ? (c == '0' || c == '1')
               : (c >= '0' && c <= '9');
        if (ok) {
            ndig++;
            L->i++;
            continue;
        }
        if (c == '_' && (ndig > 0 || allow_leading_underscore)) {
            allow_leading_underscore = 0;
            L->i++;
            if (L->i >= L->n)
                return -1;
            unsigned char d = (unsigned char)L->s[L->i];
            int ok2 = radix == 16 ? ((d >= '0' && d <= '9') || (d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))
                    : radix == 8 ? (d >= '0' && d <= '7')
                    : radix == 2 ? (d == '0' || d == '1')
                    : (d >= '0' && d <= '9');
            if (!ok2)
                return -1;
            continue;
        }
        break;
    }
    return ndig > 0 ? 0 : -1;
}

static int lex_number(lexer *L, as_token *t)
{
    size_t start = L->i;
    const char *s = L->s;
    int flags = 0;
    if (s[L->i] == '0' && L->i + 1 < L->n && strchr("xXoObB", s[L->i + 1]) && s[L->i + 1]) {
        char b = s[L->i + 1];
        int radix = (b == 'x' || b == 'X') ? 16 : (b == 'o' || b == 'O') ? 8 : 2;
        L->i += 2;
        if (lex_digits(L, radix, 1) < 0)
            return lex_error(L, start, "invalid number literal");
    } else {
        int int_part = 0;
        if (s[L->i] != '.') {
            if (lex_digits(L, 10, 0) < 0)
                return lex_error(L, start, "invalid decimal literal");
            int_part = 1;
        }
        if (L->i < L->n && s[L->i] == '.') {
            L->i++;
            flags |= AS_NUM_FLOAT;
            if (L->i < L->n && s[L->i] >= '0' && s[L->i] <= '9') {
                if (lex_digits(L, 10, 0) < 0)
                    return lex_error(L, start, "invalid decimal literal");
            } else if (!int_part) {
                return lex_error(L, start, "invalid decimal literal");
            }
        }
        if (L->i < L->n && (s[L->i] == 'e' || s[L->i] == 'E')) {
            size_t save = L->i;
            L->i++;
            if (L->i < L->n && (s[L->i] == '+' || s[L->i] == '-'))
                L->i++;
            if (L->i < L->n && s[L->i] >= '0' && s[L->i] <= '9') {
                if (lex_digits(L, 10, 0) < 0)
                    return lex_error(L, start, "invalid decimal literal");
                flags |= AS_NUM_FLOAT;
            } else {
                L->i = save;
                return lex_error(L, start, "invalid decimal literal");
            }
        }
        if (L->i < L->n && (s[L->i] == 'j' || s[L->i] == 'J')) {
            L->i++;
            flags |= AS_NUM_IMAG;
        }
        if (!(flags & (AS_NUM_FLOAT | AS_NUM_IMAG)) && s[start] == '0') {
            for (size_t k = start; k < L->i; k++)
                if (s[k] != '0' && s[k] != '_')
                    return lex_error(L, start,
                        "leading zeros in decimal integer literals are not permitted");
        }
    }
    if (L->i < L->n && is_name_char((unsigned char)s[L->i]))
        return lex_error(L, start, "invalid decimal literal");
    t->kind = AS_TK_NUMBER;
    t->flags = (unsigned char)flags;
    return 0;
}

/* Longest operator at L->i, dispatched on its first character. */
static int lex_op(lexer *L, as_token *t)
{
    const char *s = L->s + L->i;
    size_t left = L->n - L->i;
    char c1 = left > 1 ? s[1] : '\0', c2 = left > 2 ? s[2] : '\0';
    int op = AS_OP_NONE, m = 1;
    switch (s[0]) {
    case '(': op = AS_OP_LPAR; break;
    case ')': op = AS_OP_RPAR; break;
    case '[': op = AS_OP_LSQB; break;
    case ']': op = AS_OP_RSQB; break;
    case '{': op = AS_OP_LBRACE; break;
    case '}': op = AS_OP_RBRACE; break;
    case ',': op = AS_OP_COMMA; break;
    case ';': op = AS_OP_SEMI; break;
    case '~': op = AS_OP_TILDE; break;
    case ':': op = c1 == '=' ? (m = 2, AS_OP_WALRUS) : AS_OP_COLON; break;
    case '.': op = c1 == '.' && c2 == '.' ? (m = 3, AS_OP_ELLIPSIS) : AS_OP_DOT; break;
    case '=': op = c1 == '=' ? (m = 2, AS_OP_EQEQ) : AS_OP_EQUAL; break;
    case '!': op = c1 == '=' ? (m = 2, AS_OP_NE) : AS_OP_NONE; break;
    case '-': op = c1 == '>' ? (m = 2, AS_OP_ARROW) : c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_MINUS; break;
    case '+': op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_PLUS; break;
    case '%': op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_PERCENT; break;
    case '@': op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_AT; break;
    case '&': op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_AMP; break;
    case '|': op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_VBAR; break;
    case '^': op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_CARET; break;
    case '*':
        if (c1 == '*')
            op = c2 == '=' ? (m = 3, AS_OP_AUGASSIGN) : (m = 2, AS_OP_DSTAR);
        else
            op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_STAR;
        break;
    case '/':
        if (c1 == '/')
            op = c2 == '=' ? (m = 3, AS_OP_AUGASSIGN) : (m = 2, AS_OP_DSLASH);
        else
            op = c1 == '=' ? (m = 2, AS_OP_AUGASSIGN) : AS_OP_SLASH;
        break;
    case '<':
        if (c1 == '<')
            op = c2 == '=' ? (m = 3, AS_OP_AUGASSIGN) : (m = 2, AS_OP_LSHIFT);
        else
            op = c1 == '=' ? (m = 2, AS_OP_LE) : AS_OP_LT;
        break;
    case '>':
        if (c1 == '>')
            op = c2 == '=' ? (m = 3, AS_OP_AUGASSIGN) : (m = 2, AS_OP_RSHIFT);
        else
            op = c1 == '=' ? (m = 2, AS_OP_GE) : AS_OP_GT;
        break;
    default: break;
    }
    if (op != AS_OP_NONE) {
        t->kind = AS_TK_OP;
        t->sub = (unsigned char)op;
        L->i += (size_t)m;
        return 0;
    }
    unsigned char c = (unsigned char)s[0];
    if (c >= 0x20 && c < 0x7f)
        return as_input_error(L->err, (int)L->i + 1, "invalid character '%c' at column %d",
                              c, (int)L->i + 1);
    return as_input_error(L->err, (int)L->i + 1, "invalid character (byte 0x%02x) at column %d",
                          c, (int)L->i + 1);
}

/* The tokens other than names and one-byte operators: strings, numbers,
 * longer operators, comments and line continuations.  Returns the end of
 * the token (or of the skipped text, with *skip set), or -1 with err set. */
static long lex_other(lexer *L, size_t i, int cls, as_token *t, int *skip)
{
    const unsigned char *s = (const unsigned char *)L->s;
    size_t len = L->n;
    *skip = 0;
    if (cls == CC_HASH) {
        const void *nl = memchr(s + i, '\n', len - i);
        *skip = 1;
        return nl ? (long)((const unsigned char *)nl - s) : (long)len;
    }
    if (cls == CC_BACKSLASH) {
        size_t k = i + 1;
        if (k < len && s[k] == '\r')
            k++;
        if (k < len && s[k] == '\n') {
            *skip = 1;
            return (long)k + 1;
        }
        return lex_error(L, i, "unexpected character after line continuation character");
    }
    L->i = i;
    if (cls == CC_QUOTE) {
        t->kind = AS_TK_STRING;
        if (lex_string(L, 0) < 0)
            return -1;
    } else if (cls == CC_DIGIT || (cls == CC_DOT && i + 1 < len && lex_table[LT_CLASS][s[i + 1]] == CC_DIGIT)) {
        if (lex_number(L, t) < 0)
            return -1;
    } else if (lex_op(L, t) < 0) {
        return -1;
    }
    return (long)L->i;
}

/* When text has a NUL byte: the InputError for the first one in *err, and
 * 1; else 0, err unchanged. */
static int null_byte(const char *text, size_t len, as_error *err)
{
    const char *nul = memchr(text, '\0', len);
    if (!nul)
        return 0;
    as_input_error(err, (int)(nul - text) + 1, "null byte at column %d", (int)(nul - text) + 1);
    return 1;
}

/* Store one token (field by field: cheaper than building the struct). */
static inline as_token *put_token(as_token *tk, int kind, int sub, int flags, int space, long start, long end)
{
    tk->kind = (unsigned char)kind;
    tk->sub = (unsigned char)sub;
    tk->flags = (unsigned char)flags;
    tk->space = (unsigned char)space;
    tk->start = (int)start;
    tk->len = (int)(end - start);
    return tk + 1;
}

int as_tokenize(as_arena *arena, const char *text, size_t len,
                as_token **out, int *n_out, as_error *err)
{
    lexer L = {text, len, 0, err};
    if (len > AS_MAX_TEXT)
        return as_input_error(err, AS_MAX_TEXT + 1, "text longer than %d bytes (column %d)", AS_MAX_TEXT,
                              AS_MAX_TEXT + 1);
    /* a token has at least one byte: len + 2 entries never grow */
    int cap = len + 2 < 4096 ? (int)len + 2 : 4096;
    as_token *toks = as_arena_alloc_raw(arena, (size_t)cap * sizeof *toks);
    /* CPython: "source code cannot contain null bytes", whatever else is
     * wrong.  A NUL outside a string or comment fails to lex; only after a
     * failure or a string or comment need the text be searched for one. */
    int searched = 0;
    const unsigned char *s = (const unsigned char *)text, *p = s, *e = s + len;
    as_token *tk = toks, *tk_last = toks + cap - 1;   /* the last entry is for AS_TK_END */
    int space = 0;   /* what is between the last token and the next (as_token.space) */
    int spaces = 0;  /* AS_SPACE_OTHER once any space was */
    for (;;) {
        /* Every token takes a byte: the tokens that start before lim fit,
         * so the loop below need not look at the room left. */
        const unsigned char *lim = (size_t)(e - p) <= (size_t)(tk_last - tk) ? e : p + (tk_last - tk);
        /* One dispatch per token: names, one-byte operators and plain
         * decimal integers, most of the tokens, never leave this loop;
         * strings, longer operators, other numbers and comments go to
         * lex_other. */
        while (p < lim) {
            unsigned c = *p;
            if (c == ' ' && p + 1 < e) {
                /* a blank, taken with the byte after it (it makes no
                 * token, so the tokens still fit) */
                c = *++p;
                if (space)
                    space = spaces = AS_SPACE_OTHER;
                else
                    space = AS_SPACE_ONE;
            }
            long start = p - s;
            int op1 = lex_table[LT_OP1][c];   /* tested before the class: a third of the tokens */
            if (op1) {
                tk = put_token(tk, AS_TK_OP, op1, 0, space, start, start + 1);
                p++;
                space = 0;
                continue;
            }
            int cls = lex_table[LT_CLASS][c];
            if (cls == CC_NAME) {
                p++;
                while (p < e && name_cont(*p))
                    p++;
                int pf;
                if (p < e && lex_table[LT_CLASS][*p] == CC_QUOTE
                    && (pf = string_prefix(text + start, (size_t)(p - s - start))) >= 0) {
                    L.i = (size_t)(p - s);
                    searched = 1;
                    if (lex_string(&L, pf) < 0) {
                        null_byte(text, len, err);
                        return -1;
                    }
                    p = s + L.i;
                    tk = put_token(tk, AS_TK_STRING, 0, pf, space, start, p - s);
                } else {
                    int kw = lex_table[LT_KEYWORD_START][c] ? keyword_id(text + start, (size_t)(p - s - start)) : 0;
                    tk = put_token(tk, AS_TK_NAME, kw, 0, space, start, p - s);
                }
                space = 0;
                continue;
            }
            if (cls == CC_SPACE) {
                p++;
                if (space | (c ^ ' '))   /* more than one ' ' */
                    space = spaces = AS_SPACE_OTHER;
                else
                    space = AS_SPACE_ONE;
                continue;
            }
            if (cls == CC_OPX && lex_table[LT_OPX_SINGLE][c] && !(p + 1 < e && lex_table[LT_OPX_LONGER][p[1]])) {
                tk = put_token(tk, AS_TK_OP, lex_table[LT_OPX_SINGLE][c], 0, space, start, start + 1);
                p++;
                space = 0;
                continue;
            }
            if (cls == CC_DIGIT && c != '0') {
                const unsigned char *q = p + 1;
                while (q < e && (unsigned)(*q - '0') < 10)
                    q++;
                if (!(q < e && (name_cont(*q) || *q == '.'))) {   /* no '_', '.', exponent, 'j' */
                    tk = put_token(tk, AS_TK_NUMBER, 0, 0, space, start, q - s);
                    p = q;
                    space = 0;
                    continue;
                }
            }
            as_token t = {AS_TK_OP, 0, 0, (unsigned char)space, (int)start, 0};
            int skip;
            long end = lex_other(&L, (size_t)start, cls, &t, &skip);
            searched = 1;
            if (end < 0) {
                null_byte(text, len, err);
                return -1;
            }
            p = s + end;
            if (skip) {   /* a comment or a line continuation */
                space = spaces = AS_SPACE_OTHER;
                continue;
            }
            t.len = (int)(end - start);
            *tk++ = t;
            space = 0;
        }
        if (p >= e)
            break;
        size_t n = (size_t)(tk - toks);
        toks = as_arena_realloc(arena, toks, (size_t)cap * sizeof *toks, (size_t)cap * 2 * sizeof *toks);
        cap *= 2;
        tk = toks + n;
        tk_last = toks + cap - 1;
    }
    if (searched && null_byte(text, len, err))
        return -1;
    put_token(tk, AS_TK_END, 0, spaces == AS_SPACE_OTHER ? AS_END_OTHER_SPACE : 0, space, (long)len, (long)len);
    *out = toks;
    *n_out = (int)(tk - toks);
    return 0;
}

static int line_of(const char *text, int pos)
{
    int line = 1;
    for (int k = 0; k < pos; k++)
        line += text[k] == '\n';
    return line;
}

int as_bracket_check(const char *text, const as_token *toks, char *msg, size_t msg_size,
                     int *at, int *open_at)
{
    enum { MAX_LEVEL = 200 };   /* CPython's MAXLEVEL */
    int stack[MAX_LEVEL], level = 0;
    for (int i = 0; toks[i].kind != AS_TK_END; i++) {
        if (toks[i].kind != AS_TK_OP)
            continue;
        int sub = toks[i].sub;
        if (sub == AS_OP_LPAR || sub == AS_OP_LSQB || sub == AS_OP_LBRACE) {
            if (level < MAX_LEVEL)
                stack[level] = i;
            level++;
            continue;
        }
        if (sub != AS_OP_RPAR && sub != AS_OP_RSQB && sub != AS_OP_RBRACE)
            continue;
        char close = text[toks[i].start];
        if (level == 0) {
            snprintf(msg, msg_size, "unmatched '%c'", close);
            *at = i;
            return 1;
        }
        level--;
        if (level >= MAX_LEVEL)
            continue;
        char open = text[toks[stack[level]].start];
        if ((open == '(' && close != ')') || (open == '[' && close != ']') || (open == '{' && close != '}')) {
            int lo = line_of(text, toks[stack[level]].start), lc = line_of(text, toks[i].start);
            if (lo != lc)
                snprintf(msg, msg_size, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d",
                         close, open, lo);
            else
                snprintf(msg, msg_size, "closing parenthesis '%c' does not match opening parenthesis '%c'",
                         close, open);
            *at = i;
            return 1;
        }
    }
    *open_at = level > 0 && level <= MAX_LEVEL ? stack[level - 1] : -1;
    return 0;
}

int as_tokenizer_syntax_error(as_arena *arena, const char *text, size_t len, int py_minor,
                              as_phase phase, as_error *err)
{
    int triple = strncmp(err->message, "unterminated triple-quoted string literal", 41) == 0;
    if (!triple && strncmp(err->message, "unterminated string literal", 27) != 0)
        return 0;
    int open = err->column - 1;
    if (open < 0 || (size_t)open >= len)
        return 0;
    /* the tokens before the string are read first */
    as_token *toks;
    int n, at, open_at;
    char msg[160];
    as_error e;
    if (as_tokenize(arena, text, (size_t)open, &toks, &n, &e) == 0
        && as_bracket_check(text, toks, msg, sizeof msg, &at, &open_at)) {
        as_fail(err, "SyntaxError", phase, AS_CAT_NONE, toks[at].start + 1, "%s", msg);
        return 1;
    }
    if (py_minor < 10) {
        as_fail(err, "SyntaxError", phase, AS_CAT_NONE, open + 1, "%s",
                triple ? "EOF while scanning triple-quoted string literal" : "EOL while scanning string literal");
        return 1;
    }
    /* "detected at" the line where the tokenizer gave up: a single-quoted
     * string at its end of line, a triple-quoted one at the end of text */
    size_t k = (size_t)open;
    if (!triple)
        while (k < len && text[k] != '\n')
            k += text[k] == '\\' ? 2 : 1;
    else
        k = len;
    as_fail(err, "SyntaxError", phase, AS_CAT_NONE, open + 1, "unterminated %sstring literal (detected at line %d)",
            triple ? "triple-quoted " : "", line_of(text, (int)(k < len ? k : len)));
    return 1;
}

/* CPython's UTF-8 decoder (Objects/stringlib/codecs.h) on s[0..n): 0 when
 * valid, else 1 with its UnicodeDecodeError text in msg. */
static int utf8_decode_error(const unsigned char *s, size_t n, char *msg, size_t cap)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
        const char *why = "invalid start byte";
        size_t end = i + 1;   /* one past the bytes the message names */
        if (need) {
            /* the second byte's range depends on the first (no overlongs,
             * surrogates or code points past U+10FFFF) */
            unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            size_t k = 1;
            int bad = 0;
            for (; k < need && i + k < n; k++) {
                unsigned d = s[i + k];
                if (k == 1 ? d < lo || d > hi : (d & 0xC0) != 0x80) {
                    bad = 1;
                    break;
                }
            }
            if (!bad && k == need) {
                i += need;
                continue;
            }
            why = bad ? "invalid continuation byte" : "unexpected end of data";
            end = bad ? i + k : n;
        }
        if (end == i + 1)
            snprintf(msg, cap, "'utf-8' codec can't decode byte 0x%02x in position %zu: %s", c, i, why);
        else
            snprintf(msg, cap, "'utf-8' codec can't decode bytes in position %zu-%zu: %s", i, end - 1, why);
        return 1;
    }
    return 0;
}

/* The decoding CPython's string parser does for a str literal's body: all
 * at once when it is raw or has no backslash, else each run of non-ASCII
 * bytes on its own (positions are relative to what was decoded). */
static int str_body_error(const char *b, size_t n, int raw, char *msg, size_t cap)
{
    if (raw || !memchr(b, '\\', n))
        return utf8_decode_error((const unsigned char *)b, n, msg, cap);
    size_t i = 0;
    while (i < n) {
        if (b[i] == '\\' && ++i >= n)
            break;
        if (!((unsigned char)b[i] & 0x80)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && ((unsigned char)b[j] & 0x80))
            j++;
        if (utf8_decode_error((const unsigned char *)b + i, j - i, msg, cap))
            return 1;
        i = j;
    }
    return 0;
}

/* Where the first byte >= 0x80 of text[0..len) is, or may be (never
 * after it), in *first; 0 when there is none, the usual case. */
static int first_high(const char *text, size_t len, size_t *first)
{
    size_t k = 0;
#if defined(__SSE2__)
    for (; k + 16 <= len; k += 16) {   /* sixteen bytes at a time: their high bits at once */
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(text + k)));
        if (m) {
            *first = k + (size_t)__builtin_ctz(m);
            return 1;
        }
    }
#endif
    uint64_t high = 0;   /* eight bytes at a time */
    for (; k + 8 <= len && !high; k += 8) {
        memcpy(&high, text + k, 8);
        high &= 0x8080808080808080ULL;
    }
    if (!high && k < len && len >= 8) {   /* the rest: the last eight bytes, overlapping */
        k = len;
        memcpy(&high, text + k - 8, 8);
        high &= 0x8080808080808080ULL;
    }
    if (high) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        *first = k - 8 + (size_t)__builtin_ctzll(high) / 8;
#else
        *first = k - 8;   /* somewhere in this word */
#endif
        return 1;
    }
    for (; k < len && !high; k++)
        high = (unsigned char)text[k] & 0x80;
    *first = k - 1;
    return high != 0;
}

/* as_utf8_syntax_error for a text whose first byte >= 0x80 is text[first]
 * (apart: the usual text, all ASCII, needs none of this frame). */
static __attribute__((noinline)) int utf8_syntax_error_from(const char *text, size_t first, const as_token *toks,
                                                            int py_minor, as_phase phase, as_error *err)
{
    char msg[160];
    const as_token *t = toks;
    while (t->kind != AS_TK_END && (size_t)t->start + (size_t)t->len <= first)
        t++;
    for (; t->kind != AS_TK_END; t++) {
        const char *s = text + t->start;
        if (t->kind == AS_TK_NAME) {
            if (!utf8_decode_error((const unsigned char *)s, (size_t)t->len, msg, sizeof msg))
                continue;
            if (py_minor == 8)
                as_fail(err, "SyntaxError", phase, AS_CAT_NONE, t->start + 1, "invalid character in identifier");
            else
                as_fail(err, "SyntaxError", phase, AS_CAT_NONE, t->start + 1, "(unicode error) %s", msg);
            return 1;
        }
        if (t->kind != AS_TK_STRING || (t->flags & AS_STR_BYTES))
            continue;
        size_t q = 0;
        while (s[q] != '\'' && s[q] != '"')
            q++;
        int triple = (size_t)t->len - q >= 6 && s[q + 1] == s[q] && s[q + 2] == s[q];
        size_t open = q + (triple ? 3 : 1), close = triple ? 3 : 1;
        if (!str_body_error(s + open, (size_t)t->len - open - close, t->flags & AS_STR_RAW, msg, sizeof msg))
            continue;
        if (t->flags & AS_STR_FORMAT)   /* 3.12+ even raise UnicodeDecodeError from compile() */
            as_input_error(err, t->start + 1, "invalid UTF-8 in an f-string at column %d", t->start + 1);
        else
            as_fail(err, "SyntaxError", phase, AS_CAT_NONE, t->start + 1, "(unicode error) %s", msg);
        return 1;
    }
    return 0;
}

int as_utf8_syntax_error(const char *text, size_t len, const as_token *toks, int py_minor, as_phase phase,
                         as_error *err)
{
    size_t first;   /* the first byte >= 0x80: tokens before it are ASCII, valid */
    if (!first_high(text, len, &first))
        return 0;
    return utf8_syntax_error_from(text, first, toks, py_minor, phase, err);
}

/* ===================================================================== */
/* Parser                                                                */
/* ===================================================================== */

enum { MAX_DEPTH = 200 };

typedef struct parser {
    const char *text;
    const as_token *t;
    const as_token *at;  /* the current token */
    int depth;
    int scope;           /* >0 inside a lambda body or comprehension */
    int peg;             /* a failed operand ends the expression before its operator */
    const as_token *halt;  /* peg: the operator where a failed operand ended it, or NULL */
    unsigned facts;
    as_error *err;
    struct atom_memo *memo;   /* NULL, or what earlier parses learnt (see below) */
} parser;

/* A bracketed atom parsed once, by token index of its opener: the
 * classifier re-parses the elements of nested displays, and without this
 * each nesting level would parse everything inside it again. */
typedef struct atom_memo {
    int end;            /* token index after the closer + 1, or 0 when unknown */
    signed char kind;
    unsigned char facts;
} atom_memo;

static const as_token *cur(parser *p) { return p->at; }
static int is_op(parser *p, int op) { return cur(p)->kind == AS_TK_OP && cur(p)->sub == op; }
static int is_kw(parser *p, int kw) { return cur(p)->kind == AS_TK_NAME && cur(p)->sub == kw; }
static int op_at(parser *p, int k, int op)
{
    for (int i = 0; i < k; i++)
        if (p->at[i].kind == AS_TK_END)
            return 0;
    return p->at[k].kind == AS_TK_OP && p->at[k].sub == op;
}

/* The parse error at t: "invalid syntax at column N: unexpected 'TOKEN'"
 * (at most 40 bytes of it) or "...: unexpected end of text".  Built by
 * hand: speculative parses fail and discard this message all the time. */
static int syntax_error(parser *p, const as_token *t)
{
    static const char head[] = "invalid syntax at column ";
    int col = t->start + 1;
    char msg[sizeof head + 20 + 16 + 40 + 2], *o = msg;
    memcpy(o, head, sizeof head - 1);
    o += sizeof head - 1;
    o += as_decimal(o, (unsigned)col);
    if (t->kind == AS_TK_END) {
        memcpy(o, ": unexpected end of text", 25);
    } else {
        int n = t->len > 40 ? 40 : t->len;
        memcpy(o, ": unexpected '", 14);
        memcpy(o + 14, p->text + t->start, (size_t)n);
        memcpy(o + 14 + n, "'", 2);
    }
    return as_input_error(p->err, col, "%s", msg);
}

static int fail_here(parser *p) { return syntax_error(p, cur(p)); }

static int expect_op(parser *p, int op)
{
    if (!is_op(p, op))
        return fail_here(p);
    p->at++;
    return 0;
}

static int parse_expression(parser *p);
static int parse_named(parser *p);
static int parse_disjunction(parser *p);
static int parse_bitor(parser *p);

static int is_number_kind(int k) { return k == AS_LIT_INT || k == AS_LIT_FLOAT || k == AS_LIT_COMPLEX || k == AS_LIT_BOOL; }

static int numeric_promote(int a, int b)
{
    int ra = a == AS_LIT_BOOL ? AS_LIT_INT : a, rb = b == AS_LIT_BOOL ? AS_LIT_INT : b;
    return ra > rb ? ra : rb;   /* INT < FLOAT < COMPLEX in the enum */
}

/* for/async-for clauses after the element of a comprehension. */
static int parse_comprehension(parser *p)
{
    p->scope++;
    while (is_kw(p, AS_KW_FOR) || (is_kw(p, AS_KW_ASYNC) && p->at[1].kind == AS_TK_NAME
                                   && p->at[1].sub == AS_KW_FOR)) {
        if (is_kw(p, AS_KW_ASYNC))
            p->at++;
        p->at++;
        /* targets: star_targets; checked for shape only */
        for (;;) {
            if (is_op(p, AS_OP_STAR))
                p->at++;
            if (parse_bitor(p) < 0)
                return -1;
            if (!is_op(p, AS_OP_COMMA))
                break;
            p->at++;
            if (is_kw(p, AS_KW_IN))
                break;
        }
        if (!is_kw(p, AS_KW_IN))
            return fail_here(p);
        p->at++;
        if (parse_disjunction(p) < 0)
            return -1;
        while (is_kw(p, AS_KW_IF)) {
            p->at++;
            if (parse_disjunction(p) < 0)
                return -1;
        }
    }
    p->scope--;
    return 0;
}

static int starts_comprehension(parser *p)
{
    return is_kw(p, AS_KW_FOR) || (is_kw(p, AS_KW_ASYNC) && p->at[1].kind == AS_TK_NAME
                                   && p->at[1].sub == AS_KW_FOR);
}

/* One element of a tuple/list/set display: `*bitor` or named expression.
 * Returns 1 for a starred element, 0 for a plain one, -1 on error. */
static int parse_star_named(parser *p)
{
    if (is_op(p, AS_OP_STAR)) {
        p->at++;
        return parse_bitor(p) < 0 ? -1 : 1;
    }
    return parse_named(p) < 0 ? -1 : 0;
}

/* Elements after the first up to `close`; the opener and the first element
 * are already consumed. */
static int parse_display_rest(parser *p, int close)
{
    while (is_op(p, AS_OP_COMMA)) {
        p->at++;
        if (is_op(p, close))
            break;
        if (parse_star_named(p) < 0)
            return -1;
    }
    return expect_op(p, close);
}

static int parse_paren(parser *p)
{
    p->at++;                                   /* ( */
    if (is_op(p, AS_OP_RPAR)) {
        p->at++;
        return AS_LIT_TUPLE;
    }
    if (is_kw(p, AS_KW_YIELD)) {
        p->at++;
        if (p->scope)
            p->facts |= AS_EXPR_HAS_NESTED;
        else
            p->facts |= AS_EXPR_HAS_YIELD;
        if (is_kw(p, AS_KW_FROM)) {
            p->at++;
            if (parse_expression(p) < 0)
                return -1;
        } else if (!is_op(p, AS_OP_RPAR)) {
            for (;;) {
                if (parse_star_named(p) < 0)
                    return -1;
                if (!is_op(p, AS_OP_COMMA))
                    break;
                p->at++;
                if (is_op(p, AS_OP_RPAR))
                    break;
            }
        }
        if (expect_op(p, AS_OP_RPAR) < 0)
            return -1;
        return AS_LIT_UNKNOWN;
    }
    const as_token *first = cur(p);
    int star = is_op(p, AS_OP_STAR);
    int kind = star ? (p->at++, parse_bitor(p)) : parse_named(p);
    if (kind < 0)
        return -1;
    if (!star && starts_comprehension(p)) {
        if (parse_comprehension(p) < 0 || expect_op(p, AS_OP_RPAR) < 0)
            return -1;
        return AS_LIT_GENERATOR;
    }
    if (is_op(p, AS_OP_RPAR)) {
        if (star)
            return as_input_error(p->err, first->start + 1,
                                  "cannot use starred expression here (column %d)", first->start + 1);
        p->at++;
        return kind;
    }
    if (!is_op(p, AS_OP_COMMA))
        return fail_here(p);
    if (parse_display_rest(p, AS_OP_RPAR) < 0)
        return -1;
    return AS_LIT_TUPLE;
}

static int parse_list(parser *p)
{
    p->at++;                                   /* [ */
    if (is_op(p, AS_OP_RSQB)) {
        p->at++;
        return AS_LIT_LIST;
    }
    int star = parse_star_named(p);
    if (star < 0)
        return -1;
    if (!star && starts_comprehension(p)) {
        if (parse_comprehension(p) < 0 || expect_op(p, AS_OP_RSQB) < 0)
            return -1;
        return AS_LIT_LIST;
    }
    if (parse_display_rest(p, AS_OP_RSQB) < 0)
        return -1;
    return AS_LIT_LIST;
}

static int parse_dict_item(parser *p)
{
    if (is_op(p, AS_OP_DSTAR)) {
        p->at++;
        return parse_bitor(p) < 0 ? -1 : 0;
    }
    if (parse_expression(p) < 0 || expect_op(p, AS_OP_COLON) < 0)
        return -1;
    return parse_expression(p) < 0 ? -1 : 0;
}

static int parse_brace(parser *p)
{
    p->at++;                                   /* { */
    if (is_op(p, AS_OP_RBRACE)) {
        p->at++;
        return AS_LIT_DICT;
    }
    int is_dict;
    if (is_op(p, AS_OP_DSTAR)) {
        p->at++;
        if (parse_bitor(p) < 0)
            return -1;
        is_dict = 1;
    } else if (is_op(p, AS_OP_STAR)) {
        p->at++;
        if (parse_bitor(p) < 0)
            return -1;
        is_dict = 0;
    } else if (cur(p)->kind == AS_TK_NAME && op_at(p, 1, AS_OP_WALRUS)) {
        if (parse_named(p) < 0)
            return -1;
        is_dict = 0;
    } else {
        if (parse_expression(p) < 0)
            return -1;
        is_dict = is_op(p, AS_OP_COLON);
        if (is_dict) {
            p->at++;
            if (parse_expression(p) < 0)
                return -1;
        }
        if (starts_comprehension(p)) {
            if (parse_comprehension(p) < 0 || expect_op(p, AS_OP_RBRACE) < 0)
                return -1;
            return is_dict ? AS_LIT_DICT : AS_LIT_SET;
        }
    }
    if (!is_dict)
        return parse_display_rest(p, AS_OP_RBRACE) < 0 ? -1 : AS_LIT_SET;
    while (is_op(p, AS_OP_COMMA)) {
        p->at++;
        if (is_op(p, AS_OP_RBRACE))
            break;
        if (parse_dict_item(p) < 0)
            return -1;
    }
    return expect_op(p, AS_OP_RBRACE) < 0 ? -1 : AS_LIT_DICT;
}

static int parse_bracket_atom(parser *p)
{
    int sub = cur(p)->sub;
    atom_memo *m = p->memo && !p->scope && !p->peg ? &p->memo[p->at - p->t] : NULL;
    if (m && m->end) {
        p->at = p->t + m->end - 1;
        p->facts |= m->facts;
        return m->kind;
    }
    unsigned outer = p->facts;
    p->facts = 0;
    int kind = sub == AS_OP_LPAR ? parse_paren(p) : sub == AS_OP_LSQB ? parse_list(p) : parse_brace(p);
    if (m && kind >= 0) {
        m->end = (int)(p->at - p->t) + 1;
        m->kind = (signed char)kind;
        m->facts = (unsigned char)p->facts;
    }
    p->facts |= outer;
    return kind;
}

static int parse_atom(parser *p)
{
    const as_token *t = cur(p);
    switch (t->kind) {
    case AS_TK_NAME:
        switch (t->sub) {
        case AS_KW_NONE_: p->at++; return AS_LIT_UNKNOWN;
        case AS_KW_TRUE: case AS_KW_FALSE: p->at++; return AS_LIT_BOOL;
        case AS_KW_NONE: p->at++; return AS_LIT_NONE;
        default: return fail_here(p);
        }
    case AS_TK_NUMBER:
        p->at++;
        return (t->flags & AS_NUM_IMAG) ? AS_LIT_COMPLEX
             : (t->flags & AS_NUM_FLOAT) ? AS_LIT_FLOAT : AS_LIT_INT;
    case AS_TK_STRING: {
        int bytes = t->flags & AS_STR_BYTES;
        while (cur(p)->kind == AS_TK_STRING) {
            if ((cur(p)->flags & AS_STR_BYTES) != bytes)
                return as_input_error(p->err, cur(p)->start + 1,
                                      "cannot mix bytes and nonbytes literals (column %d)",
                                      cur(p)->start + 1);
            p->at++;
        }
        return bytes ? AS_LIT_BYTES : AS_LIT_STR;
    }
    case AS_TK_OP:
        switch (t->sub) {
        case AS_OP_LPAR: case AS_OP_LSQB: case AS_OP_LBRACE:
            return parse_bracket_atom(p);
        case AS_OP_ELLIPSIS: p->at++; return AS_LIT_ELLIPSIS;
        default: return fail_here(p);
        }
    default:
        return fail_here(p);
    }
}

/* Call arguments after '(' up to and including ')'. */
static int parse_call_args(parser *p)
{
    int seen_kw = 0, seen_dstar = 0, n = 0;
    while (!is_op(p, AS_OP_RPAR)) {
        const as_token *at = cur(p);
        if (is_op(p, AS_OP_DSTAR)) {
            p->at++;
            if (parse_expression(p) < 0)
                return -1;
            seen_dstar = 1;
        } else if (is_op(p, AS_OP_STAR)) {
            p->at++;
            if (parse_expression(p) < 0)
                return -1;
            if (seen_dstar)
                return as_input_error(p->err, at->start + 1,
                    "iterable argument unpacking follows keyword argument unpacking (column %d)",
                    at->start + 1);
        } else if (cur(p)->kind == AS_TK_NAME && cur(p)->sub == 0 && op_at(p, 1, AS_OP_EQUAL)) {
            p->at += 2;
            if (parse_expression(p) < 0)
                return -1;
            seen_kw = 1;
        } else {
            if (parse_named(p) < 0)
                return -1;
            if (starts_comprehension(p)) {
                if (parse_comprehension(p) < 0)
                    return -1;
                if (n > 0 || !is_op(p, AS_OP_RPAR))
                    return as_input_error(p->err, at->start + 1,
                        "Generator expression must be parenthesized (column %d)", at->start + 1);
            }
            if (seen_kw || seen_dstar)
                return as_input_error(p->err, at->start + 1,
                    "positional argument follows keyword argument%s (column %d)",
                    seen_dstar ? " unpacking" : "", at->start + 1);
        }
        n++;
        if (!is_op(p, AS_OP_COMMA))
            break;
        p->at++;
    }
    return expect_op(p, AS_OP_RPAR);
}

static int parse_slice(parser *p)
{
    if (is_op(p, AS_OP_STAR)) {
        p->at++;
        return parse_bitor(p) < 0 ? -1 : 0;
    }
    if (!is_op(p, AS_OP_COLON)) {
        if (parse_named(p) < 0)
            return -1;
        if (!is_op(p, AS_OP_COLON))
            return 0;
    }
    p->at++;                                   /* first : */
    if (!is_op(p, AS_OP_COLON) && !is_op(p, AS_OP_COMMA) && !is_op(p, AS_OP_RSQB))
        if (parse_expression(p) < 0)
            return -1;
    if (is_op(p, AS_OP_COLON)) {
        p->at++;
        if (!is_op(p, AS_OP_COMMA) && !is_op(p, AS_OP_RSQB))
            if (parse_expression(p) < 0)
                return -1;
    }
    return 0;
}

static int parse_primary(parser *p)
{
    int kind = parse_atom(p);
    if (kind < 0)
        return -1;
    for (;;) {
        const as_token *save = p->at;
        if (is_op(p, AS_OP_DOT)) {
            p->at++;
            if (cur(p)->kind != AS_TK_NAME || cur(p)->sub != 0)
                return p->peg ? (p->at = save, kind) : fail_here(p);
            p->at++;
        } else if (is_op(p, AS_OP_LPAR)) {
            p->at++;
            if (parse_call_args(p) < 0)
                return p->peg ? (p->at = save, kind) : -1;
        } else if (is_op(p, AS_OP_LSQB)) {
            p->at++;
            int bad = 0;
            for (;;) {
                if (parse_slice(p) < 0) {
                    bad = 1;
                    break;
                }
                if (!is_op(p, AS_OP_COMMA))
                    break;
                p->at++;
                if (is_op(p, AS_OP_RSQB))
                    break;
            }
            if (bad || expect_op(p, AS_OP_RSQB) < 0)
                return p->peg ? (p->at = save, kind) : -1;
        } else {
            return kind;
        }
        kind = AS_LIT_UNKNOWN;
    }
}

static int parse_factor(parser *p);

/* What follows a power's primary (of literal kind `kind`): `** factor`. */
static int power_rest(parser *p, int kind)
{
    if (is_op(p, AS_OP_DSTAR)) {
        const as_token *save = p->at++;
        if (parse_factor(p) < 0)
            return p->peg ? (p->at = save, kind) : -1;
        kind = AS_LIT_UNKNOWN;
    }
    return kind;
}

static int parse_power(parser *p)
{
    int kind;
    if (is_kw(p, AS_KW_AWAIT)) {
        p->at++;
        p->facts |= p->scope ? AS_EXPR_HAS_NESTED : AS_EXPR_HAS_AWAIT;
        if (parse_primary(p) < 0)
            return -1;
        kind = AS_LIT_UNKNOWN;
    } else {
        kind = parse_primary(p);
        if (kind < 0)
            return -1;
    }
    return power_rest(p, kind);
}

static int enter(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return as_input_error(p->err, cur(p)->start + 1,
                              "expression nested too deeply at column %d", cur(p)->start + 1);
    return 0;
}

static int parse_factor(parser *p)
{
    if (is_op(p, AS_OP_PLUS) || is_op(p, AS_OP_MINUS) || is_op(p, AS_OP_TILDE)) {
        int op = cur(p)->sub;
        p->at++;
        if (enter(p) < 0)
            return -1;
        int k = parse_factor(p);
        p->depth--;
        if (k < 0)
            return -1;
        if (op == AS_OP_TILDE)
            return (k == AS_LIT_INT || k == AS_LIT_BOOL) ? AS_LIT_INT : AS_LIT_UNKNOWN;
        if (k == AS_LIT_BOOL)
            return AS_LIT_INT;
        return is_number_kind(k) ? k : AS_LIT_UNKNOWN;
    }
    return parse_power(p);
}

/* Binary operators by precedence climbing: one loop instead of one
 * function per grammar level (disjunction .. term).  Levels, lowest first;
 * `not` is the prefix operator between `and` and the comparisons. */
enum { PREC_OR = 1, PREC_AND, PREC_NOT, PREC_CMP, PREC_BITOR, PREC_BITXOR, PREC_BITAND, PREC_SHIFT,
       PREC_ARITH, PREC_TERM };

/* The precedence of the binary operator at the current token, 0 for none;
 * *ntok gets its length in tokens (`not in`, `is not`: 2). */
static int binop_prec(parser *p, int *ntok)
{
    const as_token *t = cur(p);
    *ntok = 1;
    if (t->kind == AS_TK_OP) {
        switch (t->sub) {
        case AS_OP_STAR: case AS_OP_SLASH: case AS_OP_DSLASH: case AS_OP_PERCENT: case AS_OP_AT:
            return PREC_TERM;
        case AS_OP_PLUS: case AS_OP_MINUS: return PREC_ARITH;
        case AS_OP_LSHIFT: case AS_OP_RSHIFT: return PREC_SHIFT;
        case AS_OP_AMP: return PREC_BITAND;
        case AS_OP_CARET: return PREC_BITXOR;
        case AS_OP_VBAR: return PREC_BITOR;
        case AS_OP_LT: case AS_OP_GT: case AS_OP_LE: case AS_OP_GE: case AS_OP_EQEQ: case AS_OP_NE:
            return PREC_CMP;
        default: return 0;
        }
    }
    if (t->kind != AS_TK_NAME)
        return 0;
    switch (t->sub) {
    case AS_KW_OR: return PREC_OR;
    case AS_KW_AND: return PREC_AND;
    case AS_KW_IN: return PREC_CMP;
    case AS_KW_IS:
        *ntok = t[1].kind == AS_TK_NAME && t[1].sub == AS_KW_NOT ? 2 : 1;
        return PREC_CMP;
    case AS_KW_NOT:
        if (t[1].kind == AS_TK_NAME && t[1].sub == AS_KW_IN) {
            *ntok = 2;
            return PREC_CMP;
        }
        return 0;
    default: return 0;
    }
}

/* The literal kind of `k op r` for an operator of level prec. */
static int binop_kind(int prec, int op, int k, int r)
{
    switch (prec) {
    case PREC_TERM:
        if (is_number_kind(k) && is_number_kind(r)) {
            if (op == AS_OP_STAR)
                return numeric_promote(k, r);
            if (op == AS_OP_SLASH)
                return numeric_promote(numeric_promote(k, r), AS_LIT_FLOAT);
            if ((op == AS_OP_DSLASH || op == AS_OP_PERCENT) && numeric_promote(k, r) != AS_LIT_COMPLEX)
                return numeric_promote(k, r);
            return AS_LIT_UNKNOWN;
        }
        if (op == AS_OP_STAR && (k == AS_LIT_STR || k == AS_LIT_BYTES) && (r == AS_LIT_INT || r == AS_LIT_BOOL))
            return k;   /* 'ab' * 2 stays a str */
        if (op == AS_OP_PERCENT && (k == AS_LIT_STR || k == AS_LIT_BYTES) && r != AS_LIT_UNKNOWN)
            return k;   /* 'x%s' % 1 stays a str */
        return AS_LIT_UNKNOWN;
    case PREC_ARITH:
        if (is_number_kind(k) && is_number_kind(r))
            return numeric_promote(k, r);
        if (op == AS_OP_PLUS && k == r && (k == AS_LIT_STR || k == AS_LIT_BYTES))
            return k;
        return AS_LIT_UNKNOWN;
    case PREC_SHIFT: case PREC_BITAND: case PREC_BITXOR: case PREC_BITOR:   /* ints and bools only */
        if ((k == AS_LIT_INT || k == AS_LIT_BOOL) && (r == AS_LIT_INT || r == AS_LIT_BOOL))
            return prec != PREC_SHIFT && k == AS_LIT_BOOL && r == AS_LIT_BOOL ? AS_LIT_BOOL : AS_LIT_INT;
        return AS_LIT_UNKNOWN;
    case PREC_CMP:   /* a chain of literals is a bool */
        return k > 0 && r > 0 ? AS_LIT_BOOL : AS_LIT_UNKNOWN;
    default:         /* and, or */
        return r == k ? k : AS_LIT_UNKNOWN;
    }
}

/* The expression of operators of level >= min (PREC_OR: a disjunction,
 * PREC_BITOR: a bitwise_or).  Operators of one level associate to the left,
 * as the grammar's left-recursive rules do; the comparisons chain, which
 * for the literal kind is the same.  Under PEG semantics a failed right
 * operand ends the expression before its operator: halt remembers that
 * operator so the enclosing loops do not try it again. */
static int binop_rest(parser *p, int min, int k);

static int parse_binop(parser *p, int min)
{
    int k;
    if (min <= PREC_NOT && is_kw(p, AS_KW_NOT)) {
        p->at++;
        if (enter(p) < 0)
            return -1;
        k = parse_binop(p, PREC_NOT);
        p->depth--;
        if (k < 0)
            return -1;
        k = k > 0 ? AS_LIT_BOOL : AS_LIT_UNKNOWN;
    } else {
        k = parse_factor(p);
        if (k < 0)
            return -1;
    }
    return binop_rest(p, min, k);
}

/* The operators of level >= min after a left operand of literal kind k. */
static int binop_rest(parser *p, int min, int k)
{
    int prec, n;
    while ((prec = binop_prec(p, &n)) >= min && p->at != p->halt) {
        int op = cur(p)->sub;
        const as_token *save = p->at;
        p->at += n;
        int r = parse_binop(p, prec + 1);
        if (r < 0) {
            if (!p->peg)
                return -1;
            p->at = p->halt = save;
            return k;
        }
        k = binop_kind(prec, op, k, r);
    }
    return k;
}

/* A token that ends every expression and starts none: the end, a closer,
 * ',', ':' or '='.  (The hint searches ask at such tokens all the time.) */
static int ends_expression(const as_token *t)
{
    if (t->kind == AS_TK_END)
        return 1;
    if (t->kind != AS_TK_OP)
        return 0;
    switch (t->sub) {
    case AS_OP_COMMA: case AS_OP_RPAR: case AS_OP_RSQB: case AS_OP_RBRACE: case AS_OP_COLON: case AS_OP_EQUAL:
        return 1;
    default:
        return 0;
    }
}

/* The common case without the descent through every precedence level: a
 * lone name, number or string followed by a token no operator continues. */
static int lone_atom(const as_token *t)
{
    if (t->kind != AS_TK_NAME && t->kind != AS_TK_NUMBER && t->kind != AS_TK_STRING)
        return -2;   /* also keeps t + 1 inside the array: END is the last token */
    if (!ends_expression(t + 1))
        return -2;
    int kind;
    if (t->kind == AS_TK_NAME)
        kind = t->sub == AS_KW_NONE_ ? AS_LIT_UNKNOWN : t->sub == AS_KW_TRUE || t->sub == AS_KW_FALSE ? AS_LIT_BOOL
             : t->sub == AS_KW_NONE ? AS_LIT_NONE : -2;
    else if (t->kind == AS_TK_NUMBER)
        kind = (t->flags & AS_NUM_IMAG) ? AS_LIT_COMPLEX : (t->flags & AS_NUM_FLOAT) ? AS_LIT_FLOAT : AS_LIT_INT;
    else if (t->kind == AS_TK_STRING)
        kind = (t->flags & AS_STR_BYTES) ? AS_LIT_BYTES : AS_LIT_STR;
    else
        kind = -2;
    return kind;
}

static int fast_atom(parser *p)
{
    int kind = lone_atom(cur(p));
    if (kind >= 0)
        p->at++;
    return kind;
}

static int parse_bitor(parser *p)
{
    int k = fast_atom(p);
    return k != -2 ? k : parse_binop(p, PREC_BITOR);
}

static int parse_disjunction(parser *p)
{
    int k = fast_atom(p);
    return k != -2 ? k : parse_binop(p, PREC_OR);
}

/* lambda [params] : expression */
static int parse_lambda(parser *p)
{
    p->at++;
    int seen_star = 0, seen_dstar = 0;
    while (!is_op(p, AS_OP_COLON)) {
        if (seen_dstar)
            return fail_here(p);
        if (is_op(p, AS_OP_SLASH)) {
            p->at++;
        } else if (is_op(p, AS_OP_STAR) || is_op(p, AS_OP_DSTAR)) {
            int dstar = is_op(p, AS_OP_DSTAR);
            if (seen_star && !dstar)
                return fail_here(p);
            p->at++;
            if (cur(p)->kind == AS_TK_NAME && cur(p)->sub == 0)
                p->at++;
            else if (dstar)
                return fail_here(p);
            seen_star = 1;
            seen_dstar = dstar;
        } else {
            if (cur(p)->kind != AS_TK_NAME || cur(p)->sub != 0)
                return fail_here(p);
            p->at++;
            if (is_op(p, AS_OP_EQUAL)) {
                p->at++;
                if (parse_expression(p) < 0)
                    return -1;
            }
        }
        if (!is_op(p, AS_OP_COMMA))
            break;
        p->at++;
    }
    if (expect_op(p, AS_OP_COLON) < 0)
        return -1;
    p->scope++;
    int k = parse_expression(p);
    p->scope--;
    return k < 0 ? -1 : AS_LIT_FUNCTION;
}

/* A token that can start a primary (an atom): an expression starting with
 * one goes to parse_primary without the descent through every precedence
 * level. */
static int starts_primary(const as_token *t)
{
    switch (t->kind) {
    case AS_TK_NAME:
        return t->sub == AS_KW_NONE_ || t->sub == AS_KW_TRUE || t->sub == AS_KW_FALSE || t->sub == AS_KW_NONE;
    case AS_TK_NUMBER: case AS_TK_STRING:
        return 1;
    case AS_TK_OP:
        return t->sub == AS_OP_LPAR || t->sub == AS_OP_LSQB || t->sub == AS_OP_LBRACE || t->sub == AS_OP_ELLIPSIS;
    default:
        return 0;
    }
}


/* parse_expression where the current token is known not to be a lone atom. */
static int parse_expression_rest(parser *p)
{
    int k;
    if (enter(p) < 0)
        return -1;
    if (is_kw(p, AS_KW_LAMBDA)) {
        k = parse_lambda(p);
    } else {
        if (starts_primary(cur(p))) {
            /* what parse_disjunction does from here (no lone atom, no
             * `not`, no unary operator, no await), without its calls */
            k = parse_primary(p);
            if (k >= 0)
                k = power_rest(p, k);
            if (k >= 0)
                k = binop_rest(p, PREC_OR, k);
        } else {
            k = parse_disjunction(p);
        }
        if (k >= 0 && is_kw(p, AS_KW_IF)) {
            const as_token *save = p->at++;
            if (parse_disjunction(p) < 0 || (is_kw(p, AS_KW_ELSE) ? (p->at++, 0) : fail_here(p)) < 0)
                k = p->peg ? (p->at = save, k) : -1;
            else {
                int r = parse_expression(p);
                k = r < 0 ? -1 : (r == k ? k : AS_LIT_UNKNOWN);
            }
        }
    }
    p->depth--;
    return k;
}

static int parse_expression(parser *p)
{
    int k = fast_atom(p);
    return k != -2 ? k : parse_expression_rest(p);
}

static int parse_named(parser *p)
{
    if (cur(p)->kind == AS_TK_NAME && cur(p)->sub == 0 && op_at(p, 1, AS_OP_WALRUS)) {
        p->at += 2;
        return parse_expression(p);
    }
    return parse_expression(p);
}

static __attribute__((noinline)) int expr_parse_full(const char *text, const as_token *toks, int pos,
                                                    as_expr_level level, int *end, unsigned *facts, int peg,
                                                    atom_memo *memo, as_error *err)
{
    int k;
    parser P = {text, toks, toks + pos, 0, 0, peg, NULL, 0, err, memo};
    if (level == AS_EXPR_BITOR) {
        k = parse_bitor(&P);
    } else if (level == AS_EXPR_DISJUNCTION) {
        k = parse_disjunction(&P);
    } else if (level == AS_EXPR_FOR_CLAUSES) {
        k = starts_comprehension(&P) ? (parse_comprehension(&P) < 0 ? -1 : AS_LIT_UNKNOWN)
                                     : fail_here(&P);
    } else if (level == AS_EXPR_NAMED && toks[pos].kind == AS_TK_NAME && toks[pos].sub == 0
               && toks[pos + 1].kind == AS_TK_OP && toks[pos + 1].sub == AS_OP_WALRUS) {
        P.facts |= AS_EXPR_IS_WALRUS;
        k = parse_named(&P);
    } else {
        k = parse_expression_rest(&P);   /* expr_parse_memo found no lone atom */
    }
    if (k < 0)
        return -1;
    *end = (int)(P.at - toks);
    if (facts)
        *facts = P.facts;
    return k;
}

/* An empty display, (), [] or {}, followed by a token no operator
 * continues: its kind, else -2. */
static int empty_display(const as_token *t)
{
    if (t->kind != AS_TK_OP || t[1].kind != AS_TK_OP)
        return -2;
    int kind = t->sub == AS_OP_LPAR && t[1].sub == AS_OP_RPAR ? AS_LIT_TUPLE
             : t->sub == AS_OP_LSQB && t[1].sub == AS_OP_RSQB ? AS_LIT_LIST
             : t->sub == AS_OP_LBRACE && t[1].sub == AS_OP_RBRACE ? AS_LIT_DICT : -2;
    return kind >= 0 && ends_expression(t + 2) ? kind : -2;   /* t[1] is no END: t[2] exists */
}

/* A lone atom, the most common expression, without setting up a parser
 * (expr_parse_full's frame costs more than the atom). */
static inline int expr_parse_memo(const char *text, const as_token *toks, int pos, as_expr_level level,
                                  int *end, unsigned *facts, int peg, atom_memo *memo, as_error *err)
{
    int k;
    if (level != AS_EXPR_FOR_CLAUSES && (k = lone_atom(&toks[pos])) >= 0) {
        *end = pos + 1;
        if (facts)
            *facts = 0;
        return k;
    }
    return expr_parse_full(text, toks, pos, level, end, facts, peg, memo, err);
}

static int expr_parse(const char *text, const as_token *toks, int pos, as_expr_level level,
                      int *end, unsigned *facts, int peg, as_error *err)
{
    return expr_parse_memo(text, toks, pos, level, end, facts, peg, NULL, err);
}

int as_expr_parse(const char *text, const as_token *toks, int pos, as_expr_level level,
                  int *end, unsigned *facts, as_error *err)
{
    int k;   /* an empty display also without a parser (here no memo wants its atom) */
    if (level != AS_EXPR_FOR_CLAUSES && (k = empty_display(&toks[pos])) >= 0) {
        *end = pos + 2;
        if (facts)
            *facts = 0;
        return k;
    }
    return expr_parse_memo(text, toks, pos, level, end, facts, 0, NULL, err);
}

int as_expr_parse_prefix(const char *text, const as_token *toks, int pos, as_expr_level level,
                         int *end, as_error *err)
{
    return expr_parse(text, toks, pos, level, end, NULL, 1, err);
}

static int prefix_at(const char *text, const as_token *toks, int i, as_expr_level level)
{
    as_error e;
    int end;
    if (ends_expression(&toks[i]))   /* no expression starts there: fails at once */
        return -1;
    return expr_parse(text, toks, i, level, &end, NULL, 1, &e) < 0 ? -1 : end;
}

static int name_eq(const char *text, const as_token *t, const char *word)
{
    return t->kind == AS_TK_NAME && (size_t)t->len == strlen(word)
           && memcmp(text + t->start, word, (size_t)t->len) == 0;
}

/* CPython's _PyPegen_soft_keyword_token compares only the token's length,
 * so any prefix of a soft keyword ("c", "ma", "_") counts as one. */
static int soft_keyword_prefix(const char *text, const as_token *t, int py_minor)
{
    static const char *const soft[] = {"match", "case", "_", "type"};
    if (t->kind != AS_TK_NAME || t->sub != 0)
        return 0;
    for (int k = 0; k < (py_minor >= 12 ? 4 : 3); k++)
        if ((size_t)t->len <= strlen(soft[k]) && memcmp(soft[k], text + t->start, (size_t)t->len) == 0)
            return 1;
    return 0;
}

static int is_kw_tok(const as_token *t, int kw) { return t->kind == AS_TK_NAME && t->sub == kw; }

/* What one as_expr_diagnose learns as it recurses: the positions whose
 * search found no hint without meeting the depth limit (the answer there
 * is the same from any depth), so each is searched once.  Without it the
 * elements of nested star_expressions were searched again for every
 * element before them: exponential in a call's length.  A hint found ends
 * the whole search, so only "none" is ever looked up. */
typedef struct diag_memo {
    unsigned char *none;   /* by token index; NULL when there was no memory */
    int capped;            /* the depth limit cut the current search */
} diag_memo;

static int diagnose_at(const char *text, const as_token *toks, int pos, int py_minor,
                       char *msg, size_t msg_size, int *at, int depth, diag_memo *dm);

static int diagnose(const char *text, const as_token *toks, int pos, int py_minor,
                    char *msg, size_t msg_size, int *at, int depth, diag_memo *dm)
{
    if (py_minor < 10)
        return 0;
    if (depth > MAX_DEPTH) {
        dm->capped = 1;
        return 0;
    }
    if (dm->none && dm->none[pos])
        return 0;
    int outer = dm->capped;
    dm->capped = 0;
    int r = diagnose_at(text, toks, pos, py_minor, msg, msg_size, at, depth, dm);
    if (!r && !dm->capped && dm->none)
        dm->none[pos] = 1;
    dm->capped |= outer;
    return r;
}

static int diagnose_at(const char *text, const as_token *toks, int pos, int py_minor,
                       char *msg, size_t msg_size, int *at, int depth, diag_memo *dm)
{
    for (int guard = 0; guard < 1000; guard++) {
        const as_token *t = &toks[pos];
        int j = prefix_at(text, toks, pos, AS_EXPR_DISJUNCTION);
        int legacy = name_eq(text, t, "print") || name_eq(text, t, "exec");
        /* !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid */
        if (j >= 0 && !soft_keyword_prefix(text, t, py_minor)
            && !(t->kind == AS_TK_NAME && t[1].kind == AS_TK_STRING)
            && !(legacy && j == pos + 1)
            && prefix_at(text, toks, j, AS_EXPR_EXPRESSION) >= 0) {
            snprintf(msg, msg_size, "invalid syntax. Perhaps you forgot a comma?");
            *at = pos;
            return 1;
        }
        /* a=disjunction 'if' b=disjunction !('else'|':') */
        int m = -1;
        if (j >= 0 && is_kw_tok(&toks[j], AS_KW_IF)) {
            m = prefix_at(text, toks, j + 1, AS_EXPR_DISJUNCTION);
            if (m >= 0 && !is_kw_tok(&toks[m], AS_KW_ELSE)
                && !(toks[m].kind == AS_TK_OP && toks[m].sub == AS_OP_COLON)) {
                snprintf(msg, msg_size, "expected 'else' after 'if' expression");
                *at = pos;
                return 1;
            }
        }
        /* invalid_legacy_expression: a=NAME !'(' b=star_expressions */
        if (t->kind == AS_TK_NAME && t->sub == 0
            && !(t[1].kind == AS_TK_OP && t[1].sub == AS_OP_LPAR)) {
            /* star_expressions: each element is diagnosed in turn */
            int ok = 0, e = pos + 1;
            for (;;) {
                int end;
                if (toks[e].kind == AS_TK_OP && toks[e].sub == AS_OP_STAR) {
                    end = prefix_at(text, toks, e + 1, AS_EXPR_BITOR);
                } else {
                    if (diagnose(text, toks, e, py_minor, msg, msg_size, at, depth + 1, dm))
                        return 1;
                    end = prefix_at(text, toks, e, AS_EXPR_EXPRESSION);
                }
                if (end < 0)
                    break;
                ok = 1;
                if (toks[end].kind != AS_TK_OP || toks[end].sub != AS_OP_COMMA)
                    break;
                e = end + 1;
            }
            if (ok && legacy) {
                snprintf(msg, msg_size, "Missing parentheses in call to '%.*s'. Did you mean %.*s(...)?",
                         t->len, text + t->start, t->len, text + t->start);
                *at = pos;
                return 1;
            }
        }
        /* the rules recurse through a lambda body and an else-branch */
        if (is_kw_tok(t, AS_KW_LAMBDA)) {
            int depth = 0, k;
            for (k = pos + 1; toks[k].kind != AS_TK_END; k++) {
                const as_token *v = &toks[k];
                if (v->kind != AS_TK_OP)
                    continue;
                if (v->sub == AS_OP_LPAR || v->sub == AS_OP_LSQB || v->sub == AS_OP_LBRACE)
                    depth++;
                else if (v->sub == AS_OP_RPAR || v->sub == AS_OP_RSQB || v->sub == AS_OP_RBRACE)
                    depth--;
                if (depth < 0 || (depth == 0 && v->sub == AS_OP_COLON))
                    break;
            }
            if (toks[k].kind != AS_TK_OP || toks[k].sub != AS_OP_COLON)
                return 0;
            pos = k + 1;
        } else if (m >= 0 && is_kw_tok(&toks[m], AS_KW_ELSE)) {
            pos = m + 1;
        } else {
            return 0;
        }
    }
    return 0;
}

int as_expr_diagnose(const char *text, const as_token *toks, int pos, int py_minor,
                     char *msg, size_t msg_size, int *at)
{
    int n = pos;
    while (toks[n].kind != AS_TK_END)
        n++;
    unsigned char small[256];   /* the usual text: no heap memory */
    diag_memo dm = {(size_t)n + 1 <= sizeof small ? small : calloc((size_t)n + 1, 1), 0};
    if (dm.none == small)
        memset(small, 0, (size_t)n + 1);
    int r = diagnose(text, toks, pos, py_minor, msg, msg_size, at, 0, &dm);
    if (dm.none != small)
        free(dm.none);
    return r;
}

/* The length of the normal form of toks[from..to); *canonical says whether
 * the source bytes from toks[from] on are already it. */
static size_t text_len(const as_token *toks, int from, int to, int *canonical)
{
    if (from >= to) {
        *canonical = 1;
        return 0;
    }
    int spaces = 0;   /* the source is the normal form when every gap is nothing or one ' ' */
    for (int i = from + 1; i < to; i++)
        spaces |= toks[i].space;
    *canonical = spaces != AS_SPACE_OTHER;
    if (*canonical)
        return (size_t)(toks[to - 1].start + toks[to - 1].len - toks[from].start);
    size_t n = 0;
    for (int i = from; i < to; i++)
        n += (size_t)toks[i].len + (i > from && toks[i].space);
    return n;
}

/* as_expr_text_in when the text is not plain (see pyexpr.h). */
char *as_expr_text_in_slow(as_arena *arena, char *copy, const char *text, const as_token *toks, int from, int to)
{
    int canonical;
    size_t n = text_len(toks, from, to, &canonical);
    if (!canonical || from >= to)
        return as_expr_text(arena, text, toks, from, to);
    copy[toks[from].start + n] = '\0';
    return copy + toks[from].start;
}

char *as_expr_text(as_arena *arena, const char *text, const as_token *toks, int from, int to)
{
    int canonical;   /* the source is already in normal form: one copy */
    size_t n = text_len(toks, from, to, &canonical);
    if (from >= to)
        return as_arena_strndup(arena, "", 0);
    if (canonical)
        return as_arena_strndup(arena, text + toks[from].start, n);
    char *out = as_arena_alloc_raw(arena, n + 1), *o = out;
    for (int i = from; i < to; i++) {
        if (i > from && toks[i].space)
            *o++ = ' ';
        memcpy(o, text + toks[i].start, (size_t)toks[i].len);
        o += toks[i].len;
    }
    *o = '\0';
    return out;
}

/* Normal form keeps every token's bytes and puts one space where the
 * token's space flag is set, so only the starts move. */
as_token *as_expr_text_tokens(as_arena *arena, const as_token *toks, int from, int to)
{
    int n = to > from ? to - from : 0, pos = 0;
    as_token *out = as_arena_alloc_raw(arena, (size_t)(n + 1) * sizeof *out);
    for (int i = 0; i < n; i++) {
        out[i] = toks[from + i];
        out[i].space = (unsigned char)(i > 0 && out[i].space);
        pos += out[i].space;
        out[i].start = pos;
        pos += out[i].len;
    }
    out[n] = (as_token){AS_TK_END, 0, 0, 0, pos, 0};
    return out;
}

int as_expr_normalize(as_arena *arena, const char *text, size_t len, char **out, as_error *err)
{
    as_token *toks;
    int n, end;
    if (as_tokenize(arena, text, len, &toks, &n, err) < 0)
        return -1;
    if (as_expr_parse(text, toks, 0, AS_EXPR_NAMED, &end, NULL, err) < 0)
        return -1;
    if (end != n) {
        parser P = {text, toks, toks + end, 0, 0, 0, NULL, 0, err, NULL};
        return fail_here(&P);
    }
    *out = as_expr_text(arena, text, toks, 0, n);
    return 0;
}

/* ===================================================================== */
/* Values                                                                */
/* ===================================================================== */

const char *as_lit_type_name(as_lit_kind kind)
{
    static const char *const names[] = {
        [AS_LIT_UNKNOWN] = NULL, [AS_LIT_INT] = "int", [AS_LIT_FLOAT] = "float",
        [AS_LIT_COMPLEX] = "complex", [AS_LIT_STR] = "str", [AS_LIT_BYTES] = "bytes",
        [AS_LIT_BOOL] = "bool", [AS_LIT_NONE] = "NoneType", [AS_LIT_ELLIPSIS] = "ellipsis",
        [AS_LIT_TUPLE] = "tuple", [AS_LIT_LIST] = "list", [AS_LIT_DICT] = "dict",
        [AS_LIT_SET] = "set", [AS_LIT_FUNCTION] = "function", [AS_LIT_GENERATOR] = "generator",
    };
    if ((int)kind < 0 || (size_t)kind >= sizeof names / sizeof names[0])
        return NULL;
    return names[kind];
}

int as_lit_iterable(as_lit_kind kind)
{
    switch (kind) {
    case AS_LIT_UNKNOWN: case AS_LIT_STR: case AS_LIT_BYTES: case AS_LIT_TUPLE:
    case AS_LIT_LIST: case AS_LIT_DICT: case AS_LIT_SET: case AS_LIT_GENERATOR:
        return 1;
    default:
        return 0;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void put_utf8(as_buf *b, unsigned long cp)
{
    char u[4];
    if (cp < 0x80) {
        as_buf_putc(b, (char)cp);
        return;
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F));
        as_buf_putn(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        as_buf_putn(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F));
        as_buf_putn(b, u, 4);
    }
}

/* Decode one string token's body into b. */
static int decode_string(as_buf *b, const char *text, const as_token *t, as_error *err)
{
    const char *s = text + t->start, *e = s + t->len;
    while (*s != '\'' && *s != '"')
        s++;
    char q = *s;
    int triple = e - s >= 6 && s[1] == q && s[2] == q;
    s += triple ? 3 : 1;
    e -= triple ? 3 : 1;
    int raw = t->flags & AS_STR_RAW, bytes = t->flags & AS_STR_BYTES;
    while (s < e) {
        if (*s != '\\' || raw) {   /* the run up to the next escape, at once */
            const char *bs = raw ? NULL : memchr(s, '\\', (size_t)(e - s));
            const char *stop = bs ? bs : e;
            as_buf_putn(b, s, (size_t)(stop - s));
            s = stop;
            continue;
        }
        s++;
        char c = *s++;
        int digits = 0;
        switch (c) {
        case '\n': break;
        case '\r': if (s < e && *s == '\n') s++; break;
        case '\\': as_buf_putc(b, '\\'); break;
        case '\'': as_buf_putc(b, '\''); break;
        case '"': as_buf_putc(b, '"'); break;
        case 'a': as_buf_putc(b, '\a'); break;
        case 'b': as_buf_putc(b, '\b'); break;
        case 'f': as_buf_putc(b, '\f'); break;
        case 'n': as_buf_putc(b, '\n'); break;
        case 'r': as_buf_putc(b, '\r'); break;
        case 't': as_buf_putc(b, '\t'); break;
        case 'v': as_buf_putc(b, '\v'); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            unsigned v = (unsigned)(c - '0');
            for (int k = 0; k < 2 && s < e && *s >= '0' && *s <= '7'; k++)
                v = v * 8 + (unsigned)(*s++ - '0');
            if (bytes)
                as_buf_putc(b, (char)(v & 0xFF));
            else
                put_utf8(b, v);
            break;
        }
        case 'x': digits = 2; break;
        case 'u': digits = bytes ? 0 : 4; break;
        case 'U': digits = bytes ? 0 : 8; break;
        case 'N':
            if (!bytes)
                return as_input_error(err, t->start + 1,
                                      "\\N{...} escapes are not supported (column %d)", t->start + 1);
            /* fall through */
        default:
            as_buf_putc(b, '\\');
            as_buf_putc(b, c);
            break;
        }
        if (digits == 0 && (c == 'u' || c == 'U')) {
            as_buf_putc(b, '\\');
            as_buf_putc(b, c);
        }
        if (digits) {
            unsigned long v = 0;
            for (int k = 0; k < digits; k++) {
                if (s >= e || hexval(*s) < 0)
                    return as_input_error(err, t->start + 1,
                                          "truncated \\%c escape in string at column %d", c, t->start + 1);
                v = v * 16 + (unsigned long)hexval(*s++);
            }
            if (v > 0x10FFFF)
                return as_input_error(err, t->start + 1,
                                      "illegal Unicode character in string at column %d", t->start + 1);
            if (bytes)
                as_buf_putc(b, (char)v);
            else
                put_utf8(b, v);
        }
    }
    return 0;
}

static int string_value_toks(as_arena *arena, const char *text, const as_token *toks, int from, int to,
                             char **out, size_t *out_len, as_error *err)
{
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_puts(&b, "");
    for (int i = from; i < to; i++) {
        if (toks[i].kind != AS_TK_STRING)
            return as_input_error(err, toks[i].start + 1, "not a string literal (column %d)",
                                  toks[i].start + 1);
        if (toks[i].flags & AS_STR_FORMAT)
            return as_input_error(err, toks[i].start + 1,
                                  "f-string has no literal value (column %d)", toks[i].start + 1);
        if (decode_string(&b, text, &toks[i], err) < 0)
            return -1;
    }
    *out = as_buf_str(&b);
    *out_len = b.len;
    return 0;
}

int as_expr_string_value(as_arena *arena, const char *text, size_t len,
                         char **out, size_t *out_len, int *is_bytes, as_error *err)
{
    as_token *toks;
    int n;
    if (as_tokenize(arena, text, len, &toks, &n, err) < 0)
        return -1;
    if (n == 0)
        return as_input_error(err, 1, "not a string literal (column 1)");
    int bytes = toks[0].flags & AS_STR_BYTES;
    for (int i = 0; i < n; i++)
        if (toks[i].kind == AS_TK_STRING && (toks[i].flags & AS_STR_BYTES) != bytes)
            return as_input_error(err, toks[i].start + 1,
                                  "cannot mix bytes and nonbytes literals (column %d)", toks[i].start + 1);
    if (is_bytes)
        *is_bytes = bytes != 0;
    return string_value_toks(arena, text, toks, 0, n, out, out_len, err);
}

char *as_py_str_repr(as_arena *arena, const char *s, size_t len)
{
    int has_sq = memchr(s, '\'', len) != NULL, has_dq = memchr(s, '"', len) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    as_buf b;
    as_buf_init(&b, arena);
    as_buf_putc(&b, q);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)q || c == '\\') {
            as_buf_putc(&b, '\\');
            as_buf_putc(&b, (char)c);
        } else if (c == '\n') {
            as_buf_puts(&b, "\\n");
        } else if (c == '\r') {
            as_buf_puts(&b, "\\r");
        } else if (c == '\t') {
            as_buf_puts(&b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            as_buf_printf(&b, "\\x%02x", c);
        } else if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80
                   && ((unsigned char)s[i + 1] <= 0xa0 || (unsigned char)s[i + 1] == 0xad)) {
            /* U+0080..U+00A0 and U+00AD are not printable */
            as_buf_printf(&b, "\\x%02x", (unsigned char)s[++i]);
        } else {
            as_buf_putc(&b, (char)c);
        }
    }
    as_buf_putc(&b, q);
    return as_buf_str(&b);
}

/* A dict key's identity: 's' or 'b' and the decoded value for a key
 * written only as str or bytes literals, else 't' and its text (see
 * as_expr_class: keys compare equal when these are equal). */
typedef struct key_id {
    const char *s;
    size_t n;
    uint64_t hash;      /* set once its dict has an index (more than DICT_SCAN_MAX keys) */
} key_id;

/* Dict keys are hashed with SipHash-1-3 under a key drawn from the kernel
 * once per classification: with a fixed hash, keys crafted to share low
 * hash bits pile into one cluster of the linear-probing index and every
 * new key walks past all earlier ones (tests/limits_test.py
 * dict_colliding_keys).  The key only places entries in the index; what a
 * classification returns does not depend on it.  Small dicts, the usual
 * ones, have no index: their keys are compared one by one, and the kernel
 * is not asked for a key. */
typedef struct hash_key {
    uint64_t k0, k1;
    int ready;
} hash_key;

static uint64_t rotl64(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

#define SIPROUND(v0, v1, v2, v3)                                              \
    do {                                                                      \
        v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);         \
        v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                              \
        v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                              \
        v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);         \
    } while (0)

static uint64_t hash_bytes(hash_key *key, const char *s, size_t n)
{
    if (!key->ready) {
        uint64_t k[2] = {0, 0};
        if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k) {   /* no getrandom: still not fixed */
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            k[0] = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)key;
            k[1] = (uint64_t)ts.tv_sec ^ (uint64_t)getpid() << 32;
        }
        key->k0 = k[0];
        key->k1 = k[1];
        key->ready = 1;
    }
    uint64_t v0 = key->k0 ^ 0x736f6d6570736575ULL, v1 = key->k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = key->k0 ^ 0x6c7967656e657261ULL, v3 = key->k1 ^ 0x7465646279746573ULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t whole = n & ~(size_t)7;
    for (size_t i = 0; i <= whole; i += 8) {
        uint64_t m = 0;
        if (i < whole) {
            for (int j = 7; j >= 0; j--)
                m = m << 8 | p[i + (size_t)j];
        } else {   /* the last word: the remaining bytes and the length */
            for (size_t j = n - whole; j-- > 0;)
                m = m << 8 | p[i + j];
            m |= (uint64_t)n << 56;
        }
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    v2 ^= 0xff;
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

/* Classification of toks[from..to), known to be one valid expression. */
typedef struct classifier {
    as_arena *arena;
    const char *text;
    const as_token *t;
    as_error *err;
    int depth;
    int limit;          /* at most this many elements, else `over` */
    /* growing output */
    const char **elems, **values;
    key_id *ids;        /* dict displays: each key's identity */
    int n, cap;
    int known, over;
    /* dict displays: open-addressing index of ids (slot = element + 1) */
    int *slots;
    int n_slots;
    atom_memo *memo;    /* one per token, shared by the whole classification */
    hash_key *key;      /* of key_id hashes, shared by the whole classification */
} classifier;

static int cparse(classifier *c, int pos, as_expr_level level, int *end)
{
    return expr_parse_memo(c->text, c->t, pos, level, end, NULL, 0, c->memo, c->err);
}

static void push_elem(classifier *c, const char *key, const char *value, const key_id *id)
{
    if (c->n >= c->limit) {
        c->over = 1;
        return;
    }
    if (c->n == c->cap) {   /* the arrays grow together, in one block */
        int ncap = c->cap ? c->cap * 2 : 8;
        size_t each = 2 * sizeof *c->elems + (id ? sizeof *c->ids : 0);
        const char **elems = as_arena_alloc_raw(c->arena, (size_t)ncap * each), **values = elems + ncap;
        if (c->n) {   /* (never memcpy from NULL, even nothing) */
            memcpy(elems, c->elems, (size_t)c->n * sizeof *elems);
            memcpy(values, c->values, (size_t)c->n * sizeof *values);
        }
        if (id) {
            key_id *ids = (key_id *)(values + ncap);
            if (c->n)
                memcpy(ids, c->ids, (size_t)c->n * sizeof *ids);
            c->ids = ids;
        }
        c->elems = elems;
        c->values = values;
        c->cap = ncap;
    }
    c->elems[c->n] = key;
    c->values[c->n] = value;
    if (id)
        c->ids[c->n] = *id;
    c->n++;
}

static int classify_range(classifier *c, int from, int to, as_expr_class *out, key_id **ids);

/* The identity of the key written as toks[from..to). */
static key_id make_key_id(classifier *c, int from, int to)
{
    key_id id;
    int all_strings = from < to, bytes = c->t[from].flags & AS_STR_BYTES;
    size_t cap = 2;
    for (int i = from; i < to; i++) {
        all_strings = all_strings && c->t[i].kind == AS_TK_STRING && !(c->t[i].flags & AS_STR_FORMAT)
                      && (c->t[i].flags & AS_STR_BYTES) == bytes;
        cap += (size_t)c->t[i].len + 1;   /* decoding never makes a literal longer */
    }
    as_buf b;
    as_buf_init(&b, c->arena);
    b.data = as_arena_alloc_raw(c->arena, cap);   /* every put NUL-terminates */
    b.cap = cap;
    as_error e;
    if (all_strings) {
        as_buf_putc(&b, bytes ? 'b' : 's');
        for (int i = from; i < to && all_strings; i++)
            all_strings = decode_string(&b, c->text, &c->t[i], &e) == 0;
    }
    if (!all_strings) {
        b.len = 0;
        as_buf_putc(&b, 't');
        char *text = as_expr_text(c->arena, c->text, c->t, from, to);
        as_buf_puts(&b, text);
    }
    id.s = b.data;
    id.n = b.len;
    id.hash = 0;   /* hashed only when the dict gets an index (put_dict_item) */
    return id;
}

/* Add a dict item: a repeated key keeps its position and takes the value. */
enum { DICT_SCAN_MAX = 8 };   /* up to this many keys a scan beats hashing */

static void put_dict_item(classifier *c, const char *key, int key_from, int key_to, const char *value,
                          const key_id *id)
{
    if (!c->n_slots && c->n < DICT_SCAN_MAX) {   /* a small dict: compare with each key */
        for (int i = 0; i < c->n; i++)
            if (c->ids[i].n == id->n && memcmp(c->ids[i].s, id->s, id->n) == 0) {
                c->values[i] = value;
                return;
            }
        if (!key)
            key = id->s[0] == 't' ? id->s + 1 : as_expr_text(c->arena, c->text, c->t, key_from, key_to);
        push_elem(c, key, value, id);
        return;
    }
    if (2 * (c->n + 1) > c->n_slots) {   /* keep the index at most half full */
        int ns = c->n_slots ? c->n_slots * 2 : 4 * DICT_SCAN_MAX;
        if (!c->n_slots)   /* the keys so far were compared without hashes */
            for (int i = 0; i < c->n; i++)
                c->ids[i].hash = hash_bytes(c->key, c->ids[i].s, c->ids[i].n);
        c->slots = as_arena_alloc(c->arena, (size_t)ns * sizeof *c->slots);
        c->n_slots = ns;
        for (int i = 0; i < c->n; i++) {
            size_t h = (size_t)c->ids[i].hash & (size_t)(ns - 1);
            while (c->slots[h])
                h = (h + 1) & (size_t)(ns - 1);
            c->slots[h] = i + 1;
        }
    }
    key_id hashed = *id;
    hashed.hash = hash_bytes(c->key, id->s, id->n);
    size_t h = (size_t)hashed.hash & (size_t)(c->n_slots - 1);
    for (; c->slots[h]; h = (h + 1) & (size_t)(c->n_slots - 1)) {
        const key_id *o = &c->ids[c->slots[h] - 1];
        if (o->hash == hashed.hash && o->n == id->n && memcmp(o->s, id->s, id->n) == 0) {
            c->values[c->slots[h] - 1] = value;
            return;
        }
    }
    int before = c->n;
    if (!key)   /* a key written as toks[key_from..key_to), as text only when it is new */
        key = id->s[0] == 't' ? id->s + 1 : as_expr_text(c->arena, c->text, c->t, key_from, key_to);
    push_elem(c, key, value, &hashed);
    if (c->n > before)
        c->slots[h] = c->n;
}

/* Expand `*x` where x is toks[from..to) into c (elements of a sequence). */
static int expand_star(classifier *c, int from, int to)
{
    as_expr_class sub;
    if (classify_range(c, from, to, &sub, NULL) < 0)
        return -1;
    if (sub.too_many)
        c->over = 1;
    if (sub.n_elems < 0) {
        c->known = 0;
        return 0;
    }
    for (int i = 0; i < sub.n_elems && !c->over; i++)
        push_elem(c, sub.elems[i], NULL, NULL);
    return 0;
}

static int expand_dstar(classifier *c, int from, int to)
{
    as_expr_class sub;
    key_id *ids;
    if (classify_range(c, from, to, &sub, &ids) < 0)
        return -1;
    if (sub.too_many)
        c->over = 1;
    if (sub.kind != AS_LIT_DICT || sub.n_elems < 0) {
        c->known = 0;
        return 0;
    }
    for (int i = 0; i < sub.n_elems && !c->over; i++)
        put_dict_item(c, sub.elems[i], 0, 0, sub.values[i], &ids[i]);
    return 0;
}

/* Enumerate the elements of the display opening at toks[from]; stops early
 * when there are too many. */
static int enumerate_display(classifier *c, int from, int kind)
{
    const as_token *t = c->t;
    int pos = from + 1, end;
    int close = t[from].sub == AS_OP_LPAR ? AS_OP_RPAR : t[from].sub == AS_OP_LSQB ? AS_OP_RSQB : AS_OP_RBRACE;
    while (!(t[pos].kind == AS_TK_OP && t[pos].sub == close) && !c->over) {
        if (kind == AS_LIT_DICT) {
            if (t[pos].kind == AS_TK_OP && t[pos].sub == AS_OP_DSTAR) {
                if (cparse(c, pos + 1, AS_EXPR_BITOR, &end) < 0
                    || expand_dstar(c, pos + 1, end) < 0)
                    return -1;
            } else {
                int kend;
                if (cparse(c, pos, AS_EXPR_EXPRESSION, &kend) < 0)
                    return -1;
                if (cparse(c, kend + 1, AS_EXPR_EXPRESSION, &end) < 0)
                    return -1;
                if (t[end].kind == AS_TK_NAME && (t[end].sub == AS_KW_FOR || t[end].sub == AS_KW_ASYNC)) {
                    c->known = 0;
                    return 0;
                }
                key_id id = make_key_id(c, pos, kend);
                put_dict_item(c, NULL, pos, kend, as_expr_text(c->arena, c->text, t, kend + 1, end), &id);
            }
        } else if (t[pos].kind == AS_TK_OP && t[pos].sub == AS_OP_STAR) {
            if (cparse(c, pos + 1, AS_EXPR_BITOR, &end) < 0
                || expand_star(c, pos + 1, end) < 0)
                return -1;
        } else {
            if (cparse(c, pos, AS_EXPR_NAMED, &end) < 0)
                return -1;
            if (t[end].kind == AS_TK_NAME && (t[end].sub == AS_KW_FOR || t[end].sub == AS_KW_ASYNC)) {
                c->known = 0;
                return 0;
            }
            push_elem(c, as_expr_text(c->arena, c->text, t, pos, end), NULL, NULL);
        }
        pos = end;
        if (t[pos].kind == AS_TK_OP && t[pos].sub == AS_OP_COMMA)
            pos++;
    }
    return 0;
}

/* The elements of the display of `kind` opening at toks[from] into out
 * (left as classify_range set it when they are not known). */
static int enumerate_into(classifier *c, int from, int kind, as_expr_class *out, key_id **ids)
{
    classifier sub;
    memset(&sub, 0, sizeof sub);
    sub.arena = c->arena;
    sub.text = c->text;
    sub.t = c->t;
    sub.err = c->err;
    sub.depth = c->depth;
    sub.limit = c->limit;
    sub.memo = c->memo;
    sub.key = c->key;
    sub.known = 1;
    if (enumerate_display(&sub, from, kind) < 0)
        return -1;
    out->too_many = sub.over;
    if (sub.known && !sub.over) {
        out->n_elems = sub.n;
        out->elems = sub.elems;
        if (kind == AS_LIT_DICT) {
            out->values = sub.values;
            if (ids)
                *ids = sub.ids;
        }
    }
    return 0;
}

static int classify_range(classifier *c, int from, int to, as_expr_class *out, key_id **ids)
{
    const as_token *t = c->t;
    int end;
    memset(out, 0, sizeof *out);
    out->n_elems = -1;
    int kind = cparse(c, from, AS_EXPR_NAMED, &end);
    if (kind < 0)
        return -1;
    if (end != to) {
        parser P = {c->text, t, t + end, 0, 0, 0, NULL, 0, c->err, NULL};
        return fail_here(&P);
    }
    out->kind = (as_lit_kind)kind;
    out->type_name = as_lit_type_name(out->kind);
    if (++c->depth > MAX_DEPTH)
        return as_input_error(c->err, t[from].start + 1, "expression nested too deeply");

    int enumerable = 0;
    /* the parse above saw the opener at `from` as an atom: memo says where it closes */
    if (t[from].kind == AS_TK_OP && c->memo[from].end == to + 1) {
        int inner_end;
        as_error ignored;
        if (t[from].sub == AS_OP_LPAR && from + 1 < to - 1
            && expr_parse_memo(c->text, t, from + 1, AS_EXPR_NAMED, &inner_end, NULL, 0, c->memo, &ignored) >= 0
            && inner_end == to - 1) {
            int r = classify_range(c, from + 1, to - 1, out, ids);   /* a group: (x) */
            c->depth--;
            return r;
        }
        enumerable = kind == AS_LIT_TUPLE || kind == AS_LIT_LIST || kind == AS_LIT_DICT
                     || kind == AS_LIT_SET;
    }
    if (enumerable) {
        if (enumerate_into(c, from, kind, out, ids) < 0)
            return -1;
    } else if (kind == AS_LIT_STR || kind == AS_LIT_BYTES) {
        char *v;
        size_t vlen;
        int all_strings = 1;
        for (int i = from; i < to; i++)
            all_strings = all_strings && t[i].kind == AS_TK_STRING && !(t[i].flags & AS_STR_FORMAT);
        if (all_strings && string_value_toks(c->arena, c->text, t, from, to, &v, &vlen, c->err) < 0)
            return -1;
        int ascii = all_strings;
        for (size_t i = 0; ascii && kind == AS_LIT_STR && i < vlen; i++)
            ascii = (unsigned char)v[i] < 0x80;
        if (ascii && vlen > (size_t)c->limit) {
            out->too_many = 1;
        } else if (ascii) {
            out->n_elems = (int)vlen;
            out->elems = as_arena_alloc(c->arena, (vlen ? vlen : 1) * sizeof *out->elems);
            for (size_t i = 0; i < vlen; i++)
                out->elems[i] = kind == AS_LIT_STR ? as_py_str_repr(c->arena, v + i, 1)
                                                   : as_arena_printf(c->arena, "%u", (unsigned char)v[i]);
        }
    }
    c->depth--;
    return 0;
}

int as_expr_classify_limit(as_arena *arena, const char *text, size_t len, int max_elems,
                           as_expr_class *out, as_error *err)
{
    as_token *toks;
    int n;
    if (as_tokenize(arena, text, len, &toks, &n, err) < 0)
        return -1;
    return as_expr_classify_tokens(arena, text, toks, n, max_elems, out, err);
}

/* 1 when toks[0..n), one valid expression of literal kind `kind`, is a
 * single tuple, list, dict or set display (or a comprehension of one): its
 * opener's bracket closes at the last token and, for `(`, it holds a comma
 * at its own level or nothing (else it may be a group, `((1, 2))`). */
static int whole_display(const as_token *t, int n, int kind)
{
    if (n < 2 || t[0].kind != AS_TK_OP)
        return 0;
    int open = t[0].sub;
    if (!(open == AS_OP_LSQB && kind == AS_LIT_LIST) && !(open == AS_OP_LPAR && kind == AS_LIT_TUPLE)
        && !(open == AS_OP_LBRACE && (kind == AS_LIT_DICT || kind == AS_LIT_SET)))
        return 0;
    int depth = 0, comma = n == 2;
    for (int i = 0; i < n; i++) {
        if (t[i].kind != AS_TK_OP)
            continue;
        int sub = t[i].sub;
        if (sub == AS_OP_LPAR || sub == AS_OP_LSQB || sub == AS_OP_LBRACE)
            depth++;
        else if ((sub == AS_OP_RPAR || sub == AS_OP_RSQB || sub == AS_OP_RBRACE) && --depth == 0)
            return i == n - 1 && (open != AS_OP_LPAR || comma);
        else if (sub == AS_OP_COMMA && depth == 1)
            comma = 1;
    }
    return 0;
}

/* kind: as_expr_parse's result for the tokens, or -1 when not known. */
static int classify_toks(as_arena *arena, const char *text, const as_token *toks, int n, int kind,
                         int max_elems, as_expr_class *out, as_error *err)
{
    if (n == 2 && kind >= 0 && whole_display(toks, n, kind)) {   /* (), [] or {}: nothing to enumerate */
        memset(out, 0, sizeof *out);
        out->kind = (as_lit_kind)kind;
        out->type_name = as_lit_type_name(out->kind);
        return 0;
    }
    classifier c;
    memset(&c, 0, sizeof c);
    c.arena = arena;
    c.text = text;
    c.t = toks;
    c.err = err;
    c.limit = max_elems;
    c.memo = as_arena_alloc(arena, (size_t)(n + 1) * sizeof *c.memo);
    hash_key key = {0, 0, 0};
    c.key = &key;
    c.known = 1;
    if (kind < 0 || !whole_display(toks, n, kind))
        return classify_range(&c, 0, n, out, NULL);
    /* as classify_range, without parsing the display as a whole first:
     * its elements are parsed as they are enumerated */
    memset(out, 0, sizeof *out);
    out->n_elems = -1;
    out->kind = (as_lit_kind)kind;
    out->type_name = as_lit_type_name(out->kind);
    c.depth = 1;
    return enumerate_into(&c, 0, kind, out, NULL);
}

int as_expr_classify_tokens(as_arena *arena, const char *text, const as_token *toks, int n,
                            int max_elems, as_expr_class *out, as_error *err)
{
    return classify_toks(arena, text, toks, n, -1, max_elems, out, err);
}

int as_expr_classify_parsed(as_arena *arena, const char *text, const as_token *toks, int n, as_lit_kind kind,
                            int max_elems, as_expr_class *out, as_error *err)
{
    return classify_toks(arena, text, toks, n, (int)kind, max_elems, out, err);
}

int as_expr_classify(as_arena *arena, const char *text, size_t len,
                     as_expr_class *out, as_error *err)
{
    return as_expr_classify_limit(arena, text, len, AS_EXPR_MAX_ELEMS, out, err);
}
