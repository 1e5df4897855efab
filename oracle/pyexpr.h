/* pyexpr.h — the Python expression language argsplit understands.
 *
 * Three layers, each usable alone:
 *
 *   tokens      as_tokenize() splits a text into Python tokens (names,
 *               numbers, strings of every prefix, operators).  Comments,
 *               newlines and backslash-continuations are whitespace; each
 *               token remembers whether whitespace preceded it, and whether
 *               that was exactly one ' '.
 *
 *   parsing     as_expr_parse() validates one expression starting at a token
 *               and says where it ends.  It stops at the first token that
 *               cannot continue the expression — a top-level `,` `)` `=` `:`
 *               — so signature and call parsers find argument boundaries by
 *               simply looking at the token it stops on.  Text that is not a
 *               Python expression is an InputError whose column is the
 *               1-based byte offset of the offending token in the text.
 *
 *   values      as_expr_classify() tells whether an expression is a literal
 *               and of which Python type, and enumerates the elements of
 *               literal displays (expanding literal `*` / `**` inside them).
 *
 * Normal form (as_expr_normalize, as_expr_text): tokens joined by one space
 * where the source had any whitespace, comment or line break between them and
 * by nothing where it had none; strings are kept byte for byte.  Normalising
 * is idempotent.
 *
 * The accepted grammar is Python 3.13's expression grammar (minus the 3.12
 * f-string nesting rules: an f-string ends at its first unescaped closing
 * quote).  Deliberate simplifications, all on the lenient side except the
 * first: a number immediately followed by a name character (`1if x else y`)
 * is rejected; assignment targets of comprehensions and lambda parameter
 * lists are checked for shape only; non-ASCII bytes are accepted as
 * identifier characters without checking their Unicode category.
 */
#ifndef ARGSPLIT_PYEXPR_H
#define ARGSPLIT_PYEXPR_H

#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/error.h"

/* ---- tokens ---------------------------------------------------------- */

typedef enum as_tok_kind {
    AS_TK_END = 0,      /* end of text (always the last token) */
    AS_TK_NAME,         /* identifier or keyword (see as_token.sub) */
    AS_TK_NUMBER,
    AS_TK_STRING,       /* one literal, prefix and quotes included */
    AS_TK_OP
} as_tok_kind;

/* AS_TK_OP sub-kinds. */
enum {
    AS_OP_NONE = 0,
    AS_OP_LPAR, AS_OP_RPAR, AS_OP_LSQB, AS_OP_RSQB, AS_OP_LBRACE, AS_OP_RBRACE,
    AS_OP_COMMA, AS_OP_COLON, AS_OP_SEMI, AS_OP_DOT, AS_OP_ELLIPSIS, AS_OP_ARROW,
    AS_OP_EQUAL,          /* =  */
    AS_OP_WALRUS,         /* := */
    AS_OP_PLUS, AS_OP_MINUS, AS_OP_STAR, AS_OP_SLASH, AS_OP_DSLASH, AS_OP_PERCENT,
    AS_OP_AT, AS_OP_DSTAR, AS_OP_AMP, AS_OP_VBAR, AS_OP_CARET, AS_OP_TILDE,
    AS_OP_LSHIFT, AS_OP_RSHIFT,
    AS_OP_LT, AS_OP_GT, AS_OP_LE, AS_OP_GE, AS_OP_EQEQ, AS_OP_NE,
    AS_OP_AUGASSIGN       /* += -= ... (never valid in an expression) */
};

/* AS_TK_NAME sub-kinds: 0 for a plain identifier, else the keyword.  Soft
 * keywords (match, case, type, _) are plain identifiers. */
enum {
    AS_KW_NONE_ = 0,
    AS_KW_FALSE, AS_KW_NONE, AS_KW_TRUE, AS_KW_AND, AS_KW_AS, AS_KW_ASSERT,
    AS_KW_ASYNC, AS_KW_AWAIT, AS_KW_BREAK, AS_KW_CLASS, AS_KW_CONTINUE, AS_KW_DEF,
    AS_KW_DEL, AS_KW_ELIF, AS_KW_ELSE, AS_KW_EXCEPT, AS_KW_FINALLY, AS_KW_FOR,
    AS_KW_FROM, AS_KW_GLOBAL, AS_KW_IF, AS_KW_IMPORT, AS_KW_IN, AS_KW_IS,
    AS_KW_LAMBDA, AS_KW_NONLOCAL, AS_KW_NOT, AS_KW_OR, AS_KW_PASS, AS_KW_RAISE,
    AS_KW_RETURN, AS_KW_TRY, AS_KW_WHILE, AS_KW_WITH, AS_KW_YIELD
};

/* AS_TK_STRING / AS_TK_NUMBER / AS_TK_END flags. */
enum {
    AS_STR_BYTES = 1, AS_STR_RAW = 2, AS_STR_FORMAT = 4, AS_STR_UNICODE = 8,
    AS_NUM_FLOAT = 1, AS_NUM_IMAG = 2,
    AS_END_OTHER_SPACE = 1   /* some token's space is AS_SPACE_OTHER: without it
                                every token range's source is its normal form */
};

enum { AS_SPACE_ONE = 1, AS_SPACE_OTHER = 3 };   /* as_token.space (bit 0: a blank) */

typedef struct as_token {
    unsigned char kind;      /* as_tok_kind */
    unsigned char sub;       /* AS_OP_* or AS_KW_* */
    unsigned char flags;     /* AS_STR_* or AS_NUM_* */
    unsigned char space;     /* 0 when it follows the token before it (or the
                                start) directly, AS_SPACE_ONE when one ' '
                                separates them, AS_SPACE_OTHER for any other
                                whitespace, comment or line break: nonzero
                                whenever the normal form has a blank there */
    int start, len;          /* byte range in the text */
} as_token;

/* The longest text (signature, call, expression) accepted: beyond it
 * as_tokenize refuses before any other work (docs/LIMITS.md). */
enum { AS_MAX_TEXT = 1 << 20 };

/* Tokenize text[0..len).  *out receives an arena array of *n_out tokens
 * followed by one AS_TK_END token (so toks[*n_out].kind == AS_TK_END).
 * Unterminated strings, bad numbers and stray characters are InputErrors. */
int as_tokenize(as_arena *arena, const char *text, size_t len,
                as_token **out, int *n_out, as_error *err);

/* CPython's tokenizer tracks brackets as it reads: the first closing
 * bracket that closes nothing or the wrong kind is a SyntaxError at once
 * ("unmatched ')'", "closing parenthesis ']' does not match opening
 * parenthesis '('" [" on line N" when on another line]).  Scan toks (ending
 * at AS_TK_END): for such a closer write the message to msg, set *at to its
 * index and return 1.  Otherwise return 0 with *open_at the index of the
 * innermost bracket still open at the end, or -1. */
int as_bracket_check(const char *text, const as_token *toks, char *msg, size_t msg_size,
                     int *at, int *open_at);

/* After as_tokenize failed on text[0..len) with *err: when the failure is an
 * unterminated string, or a bracket error comes before it, rewrite *err as
 * the SyntaxError (phase `phase`) CPython 3.py_minor gives for the text
 * compiled on its own line, and return 1; otherwise leave *err and return 0. */
int as_tokenizer_syntax_error(as_arena *arena, const char *text, size_t len, int py_minor,
                              as_phase phase, as_error *err);

/* CPython decodes str literals and names as UTF-8 while compiling: when
 * one of toks (from as_tokenize of text[0..len)) is not valid UTF-8, write
 * the SyntaxError CPython 3.py_minor gives ("(unicode error) 'utf-8' codec
 * can't decode byte 0xff in position 0: invalid start byte"; 3.8 names:
 * "invalid character in identifier") in phase `phase` and return 1; an
 * f-string gets an InputError.  Otherwise return 0.  The first such token
 * wins; callers ask only once the text has parsed, so a syntax error
 * anywhere is reported in preference. */
int as_utf8_syntax_error(const char *text, size_t len, const as_token *toks, int py_minor, as_phase phase,
                         as_error *err);

/* ---- parsing --------------------------------------------------------- */

/* Which production to parse. */
typedef enum as_expr_level {
    AS_EXPR_EXPRESSION = 0,  /* `expression`: conditional, lambda, or below */
    AS_EXPR_NAMED,           /* `named_expression`: also NAME := expression */
    AS_EXPR_BITOR,           /* `bitwise_or`: what follows a starred `*` */
    AS_EXPR_DISJUNCTION,     /* `disjunction`: no conditional, no lambda */
    AS_EXPR_FOR_CLAUSES      /* `for_if_clauses` of a comprehension (from `for`/`async`) */
} as_expr_level;

/* Facts about a parsed expression (bit set). */
enum {
    AS_EXPR_HAS_YIELD = 1,   /* yield in the enclosing function scope */
    AS_EXPR_HAS_AWAIT = 2,   /* await in the enclosing function scope */
    AS_EXPR_HAS_NESTED = 4,  /* yield/await inside a lambda or comprehension */
    AS_EXPR_IS_WALRUS = 8    /* the whole expression is NAME := value */
};

/* Parse one expression of `level` from toks[pos] (tokens from as_tokenize of
 * `text`).  On success *end is the index of the first token after it and
 * *facts (may be NULL) receives AS_EXPR_* bits.  Returns the expression's
 * literal kind (as_lit_kind, >= 0) or -1 with an InputError. */
int as_expr_parse(const char *text, const as_token *toks, int pos, as_expr_level level,
                  int *end, unsigned *facts, as_error *err);

/* PEG semantics, as CPython's parser: the longest prefix from toks[pos]
 * that is an expression of `level` (`a + ` gives `a`).  Returns as
 * as_expr_parse. */
int as_expr_parse_prefix(const char *text, const as_token *toks, int pos, as_expr_level level,
                         int *end, as_error *err);

/* CPython 3.10+ reports some malformed expressions with a hint (its
 * invalid_expression and invalid_legacy_expression rules, tried during its
 * second, error-reporting parse wherever the grammar asks for an
 * `expression`).  When one matches at toks[pos] for py_minor, write
 * CPython's message to msg and the offending token to *at and return 1;
 * otherwise return 0.  Only the rules' top level (and lambda bodies,
 * else-branches and print/exec operands) is examined. */
int as_expr_diagnose(const char *text, const as_token *toks, int pos, int py_minor,
                     char *msg, size_t msg_size, int *at);

/* Normal-form text of toks[from..to) (see the top of this file). */
char *as_expr_text(as_arena *arena, const char *text, const as_token *toks, int from, int to);

/* The same without a copy when the source already is the normal form: the
 * text is then returned inside `copy` (a writable copy of text, one byte
 * longer), NUL-terminated by overwriting the byte after toks[to - 1].  For
 * the disjoint token ranges of a parser's items, each followed by a token
 * or blank no item contains (`,` `)` `=` `:`), so one copy of the input
 * holds every item's text.  Otherwise as as_expr_text.  plain: the text's
 * AS_TK_END token has no AS_END_OTHER_SPACE (then no token range needs
 * to be looked at). */
char *as_expr_text_in_slow(as_arena *arena, char *copy, const char *text, const as_token *toks, int from,
                           int to);

static inline char *as_expr_text_in(as_arena *arena, char *copy, const char *text, const as_token *toks,
                                    int from, int to, int plain)
{
    if (plain && from < to) {   /* no blank in the text but single spaces: a span */
        copy[toks[to - 1].start + toks[to - 1].len] = '\0';
        return copy + toks[from].start;
    }
    return as_expr_text_in_slow(arena, copy, text, toks, from, to);
}

/* Validate that text[0..len) is exactly one expression (AS_EXPR_NAMED) and
 * return its normal form in *out. */
int as_expr_normalize(as_arena *arena, const char *text, size_t len, char **out, as_error *err);

/* ---- values ---------------------------------------------------------- */

/* Literal kinds.  A literal is anything whose Python type is known without
 * knowing any name: number/string/bool/None/Ellipsis literals, unary and
 * arithmetic operators applied to such literals (`-1`, `1+2j`, `'a' * 2`),
 * comparisons and `not` of literals (bool), displays and comprehensions
 * (their container type), lambdas (function), generator expressions
 * (generator).  Names, attributes, calls and subscripts are UNKNOWN, and so
 * is any operator applied to them. */
typedef enum as_lit_kind {
    AS_LIT_UNKNOWN = 0,
    AS_LIT_INT, AS_LIT_FLOAT, AS_LIT_COMPLEX, AS_LIT_STR, AS_LIT_BYTES,
    AS_LIT_BOOL, AS_LIT_NONE, AS_LIT_ELLIPSIS,
    AS_LIT_TUPLE, AS_LIT_LIST, AS_LIT_DICT, AS_LIT_SET,
    AS_LIT_FUNCTION, AS_LIT_GENERATOR
} as_lit_kind;

/* Python's type(x).__name__ for a kind: "int", "NoneType", "ellipsis",
 * "function", "generator", ...; NULL for AS_LIT_UNKNOWN. */
const char *as_lit_type_name(as_lit_kind kind);

/* 1 when iterating a value of this kind can succeed (str, bytes, tuple, list,
 * dict, set, generator; also UNKNOWN, which might be anything). */
int as_lit_iterable(as_lit_kind kind);

typedef struct as_expr_class {
    as_lit_kind kind;
    const char *type_name;   /* as_lit_type_name(kind) */
    /* What iterating the value yields, as normal-form expression texts, or
     * n_elems == -1 when that is not known from the text alone.  Known for:
     *   tuple/list/set displays: the elements, with `*x` elements expanded
     *     recursively when x is itself enumerable (set displays keep source
     *     order and duplicates, as written);
     *   dict displays: the keys (elems) and values (values), with `**m`
     *     expanded when m is a dict display; a repeated key keeps its first
     *     position and its last value (keys compare equal when their str or
     *     bytes values are equal, otherwise when their texts are equal);
     *   str literals without f-prefix and only ASCII characters: one-char
     *     strings written as Python's repr writes them ('a', "'", '\n');
     *   bytes literals: the byte values as decimal ints.
     * Comprehensions, f-strings, concatenations and all other kinds: -1. */
    int n_elems;
    const char **elems;
    const char **values;     /* dict displays only, else NULL */
    /* 1 when iterating would yield more than the classification's limit of
     * elements (distinct keys for dicts); n_elems is then -1.  Enumeration
     * stops at the limit, so the cost is bounded by it, not by the text. */
    int too_many;
} as_expr_class;

/* The default element limit of as_expr_classify (docs/LIMITS.md). */
enum { AS_EXPR_MAX_ELEMS = 65536 };

/* Classify text[0..len) (exactly one AS_EXPR_NAMED expression), enumerating
 * at most AS_EXPR_MAX_ELEMS elements. */
int as_expr_classify(as_arena *arena, const char *text, size_t len,
                     as_expr_class *out, as_error *err);

/* The same with an explicit element limit (>= 0). */
int as_expr_classify_limit(as_arena *arena, const char *text, size_t len, int max_elems,
                           as_expr_class *out, as_error *err);

/* The same for text already tokenized (toks: n tokens and an AS_TK_END,
 * as as_tokenize gives them for text). */
int as_expr_classify_tokens(as_arena *arena, const char *text, const as_token *toks, int n,
                            int max_elems, as_expr_class *out, as_error *err);

/* The same for tokens known to be exactly one valid expression that
 * as_expr_parse gave literal kind `kind`: a display spanning them all is
 * enumerated without being parsed as a whole first.  toks[n] may be, in
 * place of the AS_TK_END, any token no expression continues with (`,`
 * `)`): a range of a longer token array, whose offsets are into text. */
int as_expr_classify_parsed(as_arena *arena, const char *text, const as_token *toks, int n, as_lit_kind kind,
                            int max_elems, as_expr_class *out, as_error *err);

/* The tokens of as_expr_text(text, toks, from, to) as as_tokenize would
 * give them for that text (n = to - from, then an AS_TK_END), without
 * tokenizing it again. */
as_token *as_expr_text_tokens(as_arena *arena, const as_token *toks, int from, int to);

/* Decode a str or bytes literal (implicit concatenation allowed, no
 * f-strings) into *out and *out_len (UTF-8 for str; NUL-terminated as a
 * convenience).  *is_bytes (may be NULL) says which.  \N{...} escapes are an
 * InputError (no Unicode name table). */
int as_expr_string_value(as_arena *arena, const char *text, size_t len,
                         char **out, size_t *out_len, int *is_bytes, as_error *err);

/* Python's repr() of a str given as UTF-8: ASCII and Latin-1 escaped as
 * Python writes them (\xNN for U+0080..U+00A0 and U+00AD); other non-ASCII
 * bytes are copied through (no Unicode printable table: U+2028 and the like
 * stay unescaped, where Python writes \u2028). */
char *as_py_str_repr(as_arena *arena, const char *s, size_t len);

/* 1 when s[0..len) is a valid identifier and not a keyword. */
int as_is_identifier(const char *s, size_t len);

#endif
