/* case_codec.h — the fuzzers' byte encoding of one case (signature, spec,
 * call, Python version, subject family).
 *
 * Every byte string decodes to a *valid* case, so no execution is wasted on
 * input the pipeline rejects.  Two forms share the input space:
 *
 *   binary   bytes are read one at a time (0 once exhausted) as the fields of
 *            an fz_plan; each byte is reduced modulo its field's range, so
 *            every value means something.  Rendering normalises the plan to
 *            a valid def header (kinds sorted, one *args / **kwargs, default
 *            rules, unique names), a spec with no repeated keyword, and a
 *            call whose positional items precede keyword items and whose
 *            `*` / `**` operands are literals.
 *   text     FZ_TEXT_MAGIC, then "3.11 jax.jit\n", signature line, spec line,
 *            call line ("-" or absent: no call).  For seeds written by hand
 *            or from conformance cases.  Text that does not parse falls back
 *            to the binary reading of the same bytes.
 *
 * fz_plan_encode(fz_plan_decode(b)) is the canonical form of b, and
 * decoding the encoding of a plan gives back the same plan: the custom
 * mutators edit plans and re-encode them.
 */
#ifndef ARGSPLIT_FUZZ_CASE_CODEC_H
#define ARGSPLIT_FUZZ_CASE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "engine/gen.h"
#include "oracle/arena.h"

/* Code that coverage should not see: reading plan bytes (every byte is
 * taken modulo its range, so its branches say nothing about the case) and
 * the mutators, which run between executions.  Under libFuzzer their edge
 * counters and comparison callbacks were a tenth of fuzz_differential's
 * time.  Coverage is added after inlining, so one that covered code calls
 * is also FZ_NOINLINE: inlined, its copy there is instrumented (and AFL++'s
 * denylist, which scripts/fuzz-build makes of these names, misses it).
 * tests/fuzz_nocoverage_test.sh checks both builds. */
#if defined(__clang__)
#define FZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#define FZ_NOINLINE __attribute__((noinline))
#else
#define FZ_NO_COVERAGE
#define FZ_NOINLINE
#endif

enum {
    FZ_TEXT_MAGIC = 0xFE,
    FZ_MAX_PARAMS = 8,
    FZ_MAX_ENTRIES = 4,
    FZ_MAX_SELECTORS = 4,
    FZ_MAX_ITEMS = 10,
    FZ_MAX_ELEMS = 3,
    FZ_PLAN_BYTES = 512        /* upper bound of an encoded plan */
};

typedef struct fz_param {
    uint8_t kind;        /* as_kind */
    uint8_t name;        /* index into the name pool */
    uint8_t has_default, def_expr;
    uint8_t has_ann, ann_expr;
} fz_param;

typedef struct fz_selector {
    uint8_t type;        /* 0: the keyword's natural type, 1: int, 2: str, 3: None */
    uint8_t index;       /* an int selector: index - FZ_INDEX_BIAS */
    uint8_t name;        /* a str selector: parameter name or an unknown name */
} fz_selector;

typedef struct fz_entry {
    uint8_t keyword;     /* index into the family's keywords, + 1 extra */
    uint8_t shape;       /* 0 bare, 1 tuple, 2 list, 3 (), 4 None */
    uint8_t n;           /* selectors (tuple/list) */
    fz_selector sel[FZ_MAX_SELECTORS];
} fz_entry;

typedef struct fz_item {
    uint8_t kind;        /* as_item_kind */
    uint8_t name;        /* keyword / ** key: parameter name or unknown */
    uint8_t n;           /* * / ** literal elements */
    uint8_t tuple;       /* * literal: tuple instead of list */
    uint8_t expr[FZ_MAX_ELEMS];
} fz_item;

typedef struct fz_plan {
    uint8_t py;          /* AS_PY_MIN + py, py < AS_PY_MAX - AS_PY_MIN + 1 once decoded */
    uint8_t family;      /* index into fz_families() */
    uint8_t n_params;
    fz_param params[FZ_MAX_PARAMS];
    uint8_t n_entries;
    fz_entry entries[FZ_MAX_ENTRIES];
    uint8_t has_call;
    uint8_t n_items;
    fz_item items[FZ_MAX_ITEMS];
} fz_plan;

/* The decoded case: its parts, built from the plan as the parsers would
 * build them from its text (or parsed, for the text form), and its
 * canonical texts once fz_case_texts has printed them. */
typedef struct fz_case {
    int py_minor;
    const char *family;            /* subject family, e.g. "jax.jit" */
    const char *signature;         /* canonical texts: NULL until fz_case_texts */
    const char *spec;
    const char *call;              /* NULL: no call */
    as_gen_case gc;                /* the parts (gc.has_call) */
    int from_text;                 /* decoded from the text form */
    int fallback;                  /* the plan's header was rejected (a codec bug) */
} fz_case;

/* The subject families of the registry (reference excluded), registry
 * order: fills out[0..cap) and returns how many there are. */
int fz_families(const char **out, int cap);

void   fz_plan_decode(const uint8_t *data, size_t size, fz_plan *out);
size_t fz_plan_encode(const fz_plan *plan, uint8_t *out, size_t cap);

/* Render a plan into a case (memory from `arena`): the parts are built
 * directly, no text is printed or parsed (that was a sixth of
 * fuzz_differential's time). */
void fz_plan_render(as_arena *arena, const fz_plan *plan, fz_case *out);

/* Decode any bytes (either form) into a valid case. */
void fz_case_decode(as_arena *arena, const uint8_t *data, size_t size, fz_case *out);

/* Fill c's canonical texts (print of its parts) unless they are there. */
void fz_case_texts(as_arena *arena, fz_case *c);

/* The text form of a case: magic, header, three lines.  Returns the length
 * written (the buffer comes from `arena`). */
size_t fz_case_encode_text(as_arena *arena, int py_minor, const char *family, const char *signature,
                           const char *spec, const char *call, uint8_t **out);

/* One random case-level edit of *plan (add/drop/change a parameter, a spec
 * entry or selector, a call item, the version or family), driven by `seed`. */
void fz_plan_mutate(fz_plan *plan, uint32_t seed);

/* Splice: parameters from a, spec from b or a, call from either. */
void fz_plan_cross(const fz_plan *a, const fz_plan *b, uint32_t seed, fz_plan *out);

/* A case-level mutator for both engines: decode, mutate (text-form inputs
 * are mutated by rewriting their version/family header and re-encoding the
 * text), encode into out (cap bytes).  Returns the new size. */
size_t fz_mutate_bytes(const uint8_t *data, size_t size, uint8_t *out, size_t cap, uint32_t seed);

#endif
