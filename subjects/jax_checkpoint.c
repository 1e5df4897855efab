/* jax_checkpoint.c — jax.checkpoint / jax.remat
 * (docs/SEMANTICS.md §1.4, §8).
 *
 * Its own static_argnums implementation (_remat_static_argnums): an int or
 * a tuple of ints, every index must lie in [-N, N) for the call's N,
 * negatives are taken mod N, keyword arguments are always traced.
 * Verdicts: `static` / `traced` as for jit; `default` = not passed.
 *
 * Versions (read from the jax tags):
 *   0.3.10  the old remat: no static_argnums at all;
 *   0.3.16  new checkpoint (e3a92d52ba): static_argnums; a truthy `concrete`
 *           raises NotImplementedError (its 1134-character text is cut to
 *           the split's message buffer);
 *   0.5.0   debug_info first resolves static_argnums against the call
 *           (9acd4a95b6): an index < -N is the "Positional argument
 *           indices" ValueError, before the checkpoint range message;
 *   0.5.3   the range message adds ", while `len(args)` = N" (ccf7278292);
 *   0.10.2  static_argnames accepted (bf1e6d9b49) and, without the
 *           jax_remat3 flag (the default config modelled here), ignored;
 *           `concrete` raises whenever passed;
 *   0.11    `concrete` removed (6433dc41aa);
 *   0.12    (the 0.12.0.1 wheel, run for real) _ensure_inbounds skips any
 *           out-of-range index, so the checkpoint range message comes back,
 *           and compares `-len(args) <= i` first ('<=' TypeErrors);
 *           before 0.5.0 a bare bool is not made a 1-tuple (real 0.4.13:
 *           "got value True").
 */
#include <string.h>

#include "subjects/families.h"
#include "subjects/jax_common.h"

enum { CONCRETE_NONE, CONCRETE_OLD_REMAT, CONCRETE_TRUTHY_RAISES, CONCRETE_PASSED_RAISES };

typedef struct checkpoint_config {
    int has_static;          /* static_argnums exists */
    int debug_info;          /* 0.5.0+; 2 from 0.12: out-of-range skipped, '<=' compared first */
    int len_in_message;      /* 0.5.3+ */
    int concrete;            /* CONCRETE_* */
    const char *const *keywords;
} checkpoint_config;

static const char concrete_0316[] =
    "The 'concrete' option to jax.checkpoint / jax.remat is deprecated; in its place, you can use its `static_argnums` option, and if necessary the `jax.ensure_compile_time_eval()` context manager.\n"
    "\n"
    "For example, if using `concrete=True` for an `is_training` flag:\n"
    "\n"
    "  from functools import partial\n"
    "\n"
    "  @partial(jax.checkpoint, concrete=True)\n"
    "  def foo(x, is_training):\n"
    "    if is_training:\n"
    "      return f(x)\n"
    "    else:\n"
    "      return g(x)\n"
    "\n"
    "replace it with a use of `static_argnums`:\n"
    "\n"
    "  @partial(jax.checkpoint, static_argnums=(1,))\n"
    "  def foo(x, is_training):\n"
    "    ...\n"
    "\n"
    "If jax.numpy operations need to be performed on static arguments, we can use the `jax.ensure_compile_time_eval()` context manager. For example, we can replace this use of `concrete=True`\n"
    ":\n"
    "  @partial(jax.checkpoint, concrete=True)\n"
    "  def foo(x, y):\n"
    "    if y > 0:\n"
    "      return f(x)\n"
    "    else:\n"
    "      return g(x)\n"
    "\n"
    "with this combination of `static_argnums` and `jax.ensure_compile_time_eval()`:\n"
    "\n"
    "  @partial(jax.checkpoint, static_argnums=(1,))\n"
    "  def foo(x, y):\n"
    "    with jax.ensure_compile_time_eval():\n"
    "      y_pos = y > 0\n"
    "    if y_pos:\n"
    "      return f(x)\n"
    "    else:\n"
    "      return g(x)\n"
    "\n"
    "";

/* debug_info's _ensure_inbounds(True, N, static_argnums) over the value
 * checkpoint holds (an int was made a 1-tuple at decoration).  Returns -1
 * with the error it raises. */
static int debug_info_check(as_arena *a, const as_value *v, int n, int lenient, int py_minor, as_error *err)
{
    /* 0.12's _ensure_inbounds tests `-num_args <= i` first and skips what is
     * out of range even below -N. */
    const char *cmp = lenient ? "'<=' not supported between instances of 'int' and '%s'"
                              : "'>=' not supported between instances of '%s' and 'int'";
    if (v->type == AS_VALUE_NONE || v->type == AS_VALUE_FLOAT)
        return as_fail(err, "TypeError", AS_PHASE_CALL, AS_CAT_NONE, 0, "'%s' object is not iterable",
                       as_value_type_name(v));
    if (v->type == AS_VALUE_STR || v->type == AS_VALUE_DICT) {
        if ((v->type == AS_VALUE_STR && v->s[0]) || (v->type == AS_VALUE_DICT && v->n_items))
            return as_fail(err, "TypeError", AS_PHASE_CALL, AS_CAT_NONE, 0, cmp, "str");
        return 0;
    }
    as_jax_nums nums = {0}, ignored;
    if (v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST) {
        for (int i = 0; i < v->n_items; i++) {
            as_value_type t = v->items[i].type;
            if (t == AS_VALUE_FLOAT)
                return 0;   /* compares fine; not modelled further */
            if (t != AS_VALUE_INT && t != AS_VALUE_BOOL)
                return as_fail(err, "TypeError", AS_PHASE_CALL, AS_CAT_NONE, 0, cmp,
                               as_value_type_name(&v->items[i]));
        }
    }
    if (lenient || as_jax_ensure_index_tuple(a, v, py_minor, &nums, err) < 0)
        return 0;
    return as_jax_ensure_inbounds(a, 1, n, &nums, &ignored, err);
}

static int checkpoint_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const checkpoint_config *cfg = self->config;
    as_error err;

    /* Decoration. */
    if (as_jax_check_case_keywords(a, c, "checkpoint", "fun", 0, cfg->keywords, out) < 0)
        return 0;
    const as_value *concrete = as_spec_get(c->spec, "concrete");
    if (concrete && ((cfg->concrete == CONCRETE_TRUTHY_RAISES && as_value_truthy(concrete)) ||
                     cfg->concrete == CONCRETE_PASSED_RAISES)) {
        as_split_decoration_error(out, "NotImplementedError", "%s",
                                  cfg->concrete == CONCRETE_TRUTHY_RAISES
                                      ? concrete_0316
                                      : "The `concrete` option to `jax.checkpoint` was deprecated in JAX v0.8.2, "
                                        "and removed in JAX v0.10.0. In its place please use `static_argnums`; "
                                        "for details refer to "
                                        "https://docs.jax.dev/en/latest/jep/11830-new-remat-checkpoint.html.");
        return 0;
    }
    if (!c->call || !c->args)
        return 0;

    /* Call. */
    int n = c->args->n_positional;
    as_jax_nums statics = {0};
    const as_value *sv = cfg->has_static ? as_spec_get(c->spec, "static_argnums") : NULL;
    if (sv) {
        as_value one;
        /* _remat_static_argnums wraps type(x) is int; from 0.5.0 (with
         * debug_info) checkpoint itself first wraps isinstance(x, int), a
         * bool too (real 0.4.13 prints "got value True"). */
        if (sv->type == AS_VALUE_INT || (sv->type == AS_VALUE_BOOL && cfg->debug_info)) {
            one = (as_value){.type = AS_VALUE_TUPLE, .items = (as_value *)sv, .n_items = 1};
            sv = &one;
        }
        if (cfg->debug_info && debug_info_check(a, sv, n, cfg->debug_info == 2, c->py_minor, &err) < 0) {
            as_split_call_error(out, err.type, "%s", err.message);
            return 0;
        }
        int ok = sv->type == AS_VALUE_TUPLE;
        for (int i = 0; ok && i < sv->n_items; i++)
            ok = sv->items[i].type == AS_VALUE_INT;   /* type(d) is int: a bool fails */
        if (!ok) {
            as_split_call_error(out, "TypeError", "the `static_argnums` argument to `jax.checkpoint` / "
                                "`jax.remat` must be an int, tuple of ints or, bool, but got value %s",
                                as_value_str(a, sv));
            return 0;
        }
        for (int i = 0; i < sv->n_items; i++) {
            long long d = sv->items[i].i;
            if (d < -n || d >= n) {
                if (cfg->len_in_message)
                    as_split_call_error(out, "ValueError", "the `static_argnums` argument to `jax.checkpoint` / "
                                        "`jax.remat` can only take integer values greater than or equal to "
                                        "`-len(args)` and less than `len(args)`, but got %s, while `len(args)` = %d",
                                        as_value_repr(a, sv), n);
                else
                    as_split_call_error(out, "ValueError", "the `static_argnums` argument to `jax.checkpoint` / "
                                        "`jax.remat` can only take integer values greater than or equal to "
                                        "`-len(args)` and less than `len(args)`, but got %s",
                                        as_value_repr(a, sv));
                return 0;
            }
        }
        statics.v = as_arena_alloc(a, sizeof *statics.v * (size_t)(sv->n_items + 1));
        statics.is_bool = as_arena_alloc(a, (size_t)sv->n_items + 1);
        for (int i = 0; i < sv->n_items; i++) {
            long long d = sv->items[i].i;
            statics.v[statics.n++] = d < 0 ? d + n : d;
        }
    }

    /* Tracing calls f with the original arguments. */
    if (as_split_unbound_call(c, out))
        return 0;
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        if (v->passed == AS_PASSED_POSITIONAL && as_jax_nums_contains(&statics, v->slot))
            out->entries[i].verdict = AS_VERDICT_STATIC;
    }
    return 0;
}

static const char *const kw_0310[] = {"concrete", "prevent_cse", "policy", NULL};
static const char *const kw_0316[] = {"concrete", "prevent_cse", "static_argnums", "policy", NULL};
static const char *const kw_0102[] = {"prevent_cse", "policy", "static_argnums", "static_argnames", "concrete", NULL};
#define kw_011 as_keywords_jax_checkpoint   /* 0.11 onwards (families.c) */

static const checkpoint_config ck_0310 = {0, 0, 0, CONCRETE_OLD_REMAT, kw_0310};
static const checkpoint_config ck_0316 = {1, 0, 0, CONCRETE_TRUTHY_RAISES, kw_0316};
static const checkpoint_config ck_0500 = {1, 1, 0, CONCRETE_TRUTHY_RAISES, kw_0316};
static const checkpoint_config ck_0503 = {1, 1, 1, CONCRETE_TRUTHY_RAISES, kw_0316};
static const checkpoint_config ck_0102 = {1, 1, 1, CONCRETE_PASSED_RAISES, kw_0102};
static const checkpoint_config ck_011 = {1, 1, 1, CONCRETE_NONE, kw_011};
static const checkpoint_config ck_012 = {1, 2, 1, CONCRETE_NONE, kw_011};

/* negative_reading: _remat_static_argnums takes a negative index mod the
 * call's N (0.3.10 has no static_argnums) */
#define CHECKPOINT_NEG AS_NEG_LEN_ARGS

static const as_subject s_0310 = {"jax.checkpoint@0.3.10", "jax.checkpoint", "0.3.10",
                                  "jax.checkpoint 0.3.10: old remat, no static_argnums (everything traced)",
                                  0, checkpoint_split, &ck_0310, 0};
static const as_subject s_0316 = {"jax.checkpoint@0.3.16", "jax.checkpoint", "0.3.16",
                                  "jax.checkpoint 0.3.16: static_argnums resolved against the call's N",
                                  0, checkpoint_split, &ck_0316, CHECKPOINT_NEG};
static const as_subject s_0500 = {"jax.checkpoint@0.5.0", "jax.checkpoint", "0.5.0",
                                  "jax.checkpoint 0.5.0: debug_info rejects an index < -N first",
                                  0, checkpoint_split, &ck_0500, CHECKPOINT_NEG};
static const as_subject s_0503 = {"jax.checkpoint@0.5.3", "jax.checkpoint", "0.5.3",
                                  "jax.checkpoint 0.5.3: the range message states len(args)",
                                  0, checkpoint_split, &ck_0503, CHECKPOINT_NEG};
static const as_subject s_0102 = {"jax.checkpoint@0.10.2", "jax.checkpoint", "0.10.2",
                                  "jax.checkpoint 0.10.2: static_argnames accepted but ignored (no jax_remat3)",
                                  AS_CAP_IGNORES_ARGNAMES, checkpoint_split, &ck_0102, CHECKPOINT_NEG};
static const as_subject s_011 = {"jax.checkpoint@0.11", "jax.checkpoint", "0.11",
                                 "jax.checkpoint 0.11: `concrete` removed; static_argnames still ignored",
                                 AS_CAP_IGNORES_ARGNAMES, checkpoint_split, &ck_011, CHECKPOINT_NEG};

static const as_subject s_012 = {"jax.checkpoint@0.12", "jax.checkpoint", "0.12",
                                 "jax.checkpoint 0.12 (real 0.12.0.1): the call's debug info no longer rejects an "
                                 "index, checkpoint's own range message does",
                                 AS_CAP_IGNORES_ARGNAMES, checkpoint_split, &ck_012, CHECKPOINT_NEG};

const as_subject *const as_subjects_jax_checkpoint[] = {&s_0310, &s_0316, &s_0500, &s_0503, &s_0102, &s_011,
                                                         &s_012, NULL};
