/* equinox.c — equinox.filter_jit and equinox.filter_grad, 0.10.0 to 0.13.8
 * (docs/SEMANTICS.md §7; equinox/_jit.py, _ad.py
 * at each tag named below).
 *
 * Equinox decides by value, not by position or name: array leaves are
 * traced, everything else is static.  The model judges a value by its text
 * (oracle/pyexpr): a literal (number, string, None, lambda, set display, ...)
 * is a Python value, a bare name, attribute, subscript or call is an array;
 * a tuple/list/dict display is traced when any element is an array (its
 * other leaves stay static).  For filter_grad only inexact arrays are
 * differentiated; a name is taken to be a float array.
 *
 * filter_jit canonicalises with inspect.Signature.bind (no apply_defaults):
 * bind errors are inspect's messages, unwrapped (see jax_custom.c), and an
 * unpassed default is a constant of the trace (`default`).  Donation
 * (donate="all"/"warn": every traced argument; "...-except-first": all but
 * bound.args[0]) is reported in `donated`.
 *
 * Versions: filter_jit before 0.11.5 calls apply_defaults(), so an unpassed
 * default is handed to the trace and partitioned like any value (its entry
 * keeps passed = default and gets the value's verdict); before 0.11.2 the
 * only donate modes are 'all', 'warn' and 'none'; before 0.13.1 in_shardings
 * and out_shardings still pass through to jax.jit.  filter_grad before
 * 0.11.0 takes its first argument as `__call__(self, x, /, ...)`, and before
 * 0.11.3 has one message for "no positional argument".
 *
 * Not modelled: the JAX release under Equinox (jax.jit's own keywords are
 * those of the newest JAX), 0.11.2-0.11.3 dropping keyword arrays from the
 * dynamic half (a bug fixed in 0.11.4), hashability of static leaves.
 */
#include <string.h>

#include "oracle/pyexpr.h"
#include "subjects/families.h"
#include "oracle/inspect_bind.h"
#include "subjects/jax_common.h"


/* 1 when the value written `text` contains an array leaf. */
static int has_array(as_arena *a, const char *text, int depth)
{
    as_expr_class cls;
    as_error err;
    if (depth > 32 || as_expr_classify(a, text, strlen(text), &cls, &err) < 0)
        return 0;
    if (cls.kind == AS_LIT_UNKNOWN)
        return 1;
    if (cls.kind == AS_LIT_TUPLE || cls.kind == AS_LIT_LIST || cls.kind == AS_LIT_DICT) {
        const char **items = cls.kind == AS_LIT_DICT ? cls.values : cls.elems;
        for (int i = 0; i < cls.n_elems; i++)
            if (has_array(a, items[i], depth + 1))
                return 1;
        /* A comprehension's elements are unknown: they may be arrays. */
        return cls.n_elems < 0;
    }
    return 0;
}

static int deprecated_0_10(const as_spec *spec, const char *const *names, as_split *out)
{
    for (int i = 0; names[i]; i++)
        if (as_spec_get(spec, names[i])) {
            as_split_decoration_error(out, "ValueError",
                                      "%s is deprecated as of Equinox version 0.10.0. Please see the release notes "
                                      "on GitHub for details on how to upgrade:\n"
                                      "https://github.com/patrick-kidger/equinox/releases/tag/v0.10.0",
                                      names[i]);
            return -1;
        }
    return 0;
}

/* ---- filter_jit ------------------------------------------------------ */

typedef struct eqx_jit_config {
    int apply_defaults;           /* < 0.11.5 */
    int except_first_modes;       /* >= 0.11.2: 'all-except-first', 'warn-except-first' */
    int forbid_shardings;         /* >= 0.13.1: in_shardings/out_shardings rejected */
} eqx_jit_config;

static const char *const jit_deprecated[] = {"default", "fn", "args", "kwargs", "out", NULL};
/* jax.jit's keyword parameters that reach it through **jitkwargs. */
static const char *const jit_keywords[] = {"in_shardings",    "out_shardings",   "static_argnums", "static_argnames",
                                           "donate_argnums",  "donate_argnames", "keep_unused",    "device",
                                           "backend",         "inline",          "abstracted_axes", "compiler_options",
                                           NULL};
static const char *const donate_modes[] = {"all", "all-except-first", "warn", "warn-except-first", "none", NULL};
static const char *const donate_modes_010[] = {"all", "warn", "none", NULL};

static int filter_jit_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const eqx_jit_config *cfg = self->config;
    const as_spec *spec = c->spec;
    as_error err;

    /* Decoration. */
    if (as_spec_get(spec, "fun")) {
        as_split_decoration_error(out, "TypeError", "filter_jit() got multiple values for argument 'fun'");
        return 0;
    }
    if (deprecated_0_10(spec, jit_deprecated, out) < 0)
        return 0;
    static const char *const forbidden[] = {"static_argnums", "static_argnames", "donate_argnums", "in_shardings",
                                            "out_shardings", NULL};
    for (int i = 0; forbidden[i] && (i < 3 || cfg->forbid_shardings); i++)
        if (as_spec_get(spec, forbidden[i])) {
            if (cfg->forbid_shardings)
                as_split_decoration_error(out, "ValueError",
                                          "`jitkwargs` cannot contain 'static_argnums', 'static_argnames', "
                                          "'donate_argnums', 'in_shardings', or 'out_shardings'.");
            else
                as_split_decoration_error(out, "ValueError",
                                          "`jitkwargs` cannot contain 'static_argnums', 'static_argnames' or "
                                          "'donate_argnums'");
            return 0;
        }
    const as_value *donate = as_spec_get(spec, "donate");
    const char *const *modes = cfg->except_first_modes ? donate_modes : donate_modes_010;
    const char *mode = "none";
    if (donate) {
        mode = NULL;
        for (int i = 0; donate->type == AS_VALUE_STR && modes[i]; i++)
            if (strcmp(donate->s, modes[i]) == 0)
                mode = modes[i];
        if (!mode) {
            if (cfg->except_first_modes)
                as_split_decoration_error(out, "ValueError",
                                          "`filter_jit(..., donate=...)` must be one of 'all', 'all-except-first', "
                                          "'warn', 'warn-except-first', or 'none'.");
            else
                as_split_decoration_error(out, "ValueError",
                                          "`filter_jit(..., donate=...)` must be one of 'all', 'warn', or 'none'");
            return 0;
        }
    }
    /* The remaining jitkwargs go to jax.jit(fun_wrapped, donate_argnums=0,
     * static_argnums=2, **jitkwargs); `donate` itself is filter_jit's. */
    as_spec rest = {as_arena_alloc(a, sizeof *rest.entries * (size_t)(spec->n_entries + 1)), 0};
    for (int i = 0; i < spec->n_entries; i++)
        if (strcmp(spec->entries[i].keyword, "donate") != 0)
            rest.entries[rest.n_entries++] = spec->entries[i];
    if (as_jax_check_keywords(&rest, "jit", "fun", 1, jit_keywords, c->py_minor, &err) < 0) {
        as_split_decoration_error(out, err.type, "%s", err.message);
        return 0;
    }
    const as_value *dnames = as_spec_get(spec, "donate_argnames");
    if (dnames && !as_jax_is_none(dnames)) {
        /* Both donate specs given to jit: names verbatim, validated against
         * fun_wrapped(dynamic_donate, dynamic_nodonate, static) (before
         * 0.11.2: fun_wrapped(dynamic, static)), and intersected with the
         * inferred static name 'static'. */
        const char *wrapped = cfg->except_first_modes ? "(dynamic_donate, dynamic_nodonate, static)"
                                                       : "(dynamic, static)";
        as_signature sig;
        as_jax_names names, statics = {(const char *[]){"static"}, 1};
        if (as_signature_parse(a, wrapped, strlen(wrapped), c->py_minor, &sig, &err) < 0 ||
            as_jax_ensure_str_tuple(a, dnames, &names, &err) < 0) {
            as_split_decoration_error(out, err.type, "%s", err.message);
            return 0;
        }
        const char *m = as_jax_validate_argnames(a, &sig, &names, "donate_argnames");
        if (m) {
            as_split_decoration_error(out, "ValueError", "%s", m);
            return 0;
        }
        if (as_jax_assert_no_intersection(a, &statics, &names, &err) < 0) {
            as_split_decoration_error(out, err.type, "%s", err.message);
            return 0;
        }
    }
    if (!c->call || !c->args)
        return 0;

    /* Call: _bind, then partition by value. */
    const as_call_args *args = c->args;
    const char **kw = as_arena_alloc(a, sizeof *kw * (size_t)(args->n_keywords + 1));
    for (int i = 0; i < args->n_keywords; i++)
        kw[i] = args->keywords[i].keyword;
    char msg[AS_MESSAGE_MAX];
    if (as_inspect_bind(a, c->sig, args->n_positional, kw, args->n_keywords, c->py_minor, msg,
                            sizeof msg) < 0) {
        as_split_call_error(out, "TypeError", "%s", msg);
        return 0;
    }
    if (as_split_unbound_call(c, out))
        return 0;
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;

    /* bound.args[0]: the first PO/PK parameter when it was passed, or the
     * first *args element when there is no PO/PK parameter. */
    int first = -1;
    if (c->binding->n_values > 0) {
        const as_bound *v0 = &c->binding->values[0];
        as_kind k0 = c->sig->params[v0->param].kind;
        if ((k0 == AS_POSITIONAL_ONLY || k0 == AS_POSITIONAL_OR_KEYWORD || k0 == AS_VAR_POSITIONAL) &&
            (v0->passed != AS_PASSED_DEFAULT || (cfg->apply_defaults && c->sig->params[v0->param].default_text)))
            first = 0;
    }
    int donate_all = strcmp(mode, "all") == 0 || strcmp(mode, "warn") == 0;
    int donate_rest = donate_all || strcmp(mode, "all-except-first") == 0 || strcmp(mode, "warn-except-first") == 0;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        as_split_entry *e = &out->entries[i];
        e->donated = 0;
        const char *text;
        if (v->passed == AS_PASSED_DEFAULT) {
            const as_param *p = &c->sig->params[v->param];
            /* apply_defaults() hands a PO/PK/KO default to the trace. */
            if (!cfg->apply_defaults || !p->default_text)
                continue;
            text = p->default_text;
        } else {
            text = v->passed == AS_PASSED_POSITIONAL ? args->positional[v->arg].text
                                                     : args->keywords[v->arg].text;
        }
        if (has_array(a, text, 0)) {
            e->verdict = AS_VERDICT_TRACED;
            e->donated = i == first ? donate_all : donate_rest;
        } else {
            e->verdict = AS_VERDICT_STATIC;
        }
    }
    return 0;
}

/* ---- filter_grad ----------------------------------------------------- */

static const char *const grad_deprecated[] = {"arg", "filter_spec", NULL};
/* jax.value_and_grad's keyword parameters reachable through **gradkwargs. */
#define vag_keywords as_keywords_jax_grad

typedef enum eqx_grad_first {
    FIRST_PARAM_X,        /* < 0.11.0: __call__(self, x, /, *args, **kwargs) */
    FIRST_ONE_MESSAGE,    /* 0.11.0-0.11.2: "passed by position, not keyword" for both */
    FIRST_TWO_MESSAGES    /* >= 0.11.3 */
} eqx_grad_first;

static int filter_grad_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    const eqx_grad_first *first_rule = self->config;
    const as_spec *spec = c->spec;
    as_error err;

    /* Decoration: filter_grad(fun, *, has_aux=False, **gradkwargs) ->
     * filter_value_and_grad, which pops argnums. */
    if (as_spec_get(spec, "fun")) {
        as_split_decoration_error(out, "TypeError", "filter_grad() got multiple values for argument 'fun'");
        return 0;
    }
    if (deprecated_0_10(spec, grad_deprecated, out) < 0)
        return 0;
    if (!as_jax_is_none(as_spec_get(spec, "argnums"))) {
        as_split_decoration_error(out, "ValueError",
                                  "`argnums` should not be passed. If you need to differentiate multiple objects "
                                  "then collect them into a tuple and pass that as the first argument.");
        return 0;
    }
    if (!c->call || !c->args)
        return 0;

    /* Call. */
    const as_call_args *args = c->args;
    if (args->n_positional == 0 && *first_rule == FIRST_PARAM_X) {
        as_split_call_error(out, "TypeError", "%s() missing 1 required positional argument: 'x'",
                            c->py_minor >= 10 ? "_ValueAndGradWrapper.__call__" : "__call__");
        return 0;
    }
    if (args->n_positional == 0) {
        if (args->n_keywords == 0 && *first_rule == FIRST_TWO_MESSAGES)
            as_split_call_error(out, "TypeError", "Functions wrapped with `equinox.filter_{grad, value_and_grad}` "
                                "must have at least one positional argument. (This is the argument that is "
                                "differentiated.)");
        else
            as_split_call_error(out, "TypeError", "Functions wrapped with `equinox.filter_{grad, value_and_grad}` "
                                "must have their first argument passed by position, not keyword. (This is the "
                                "argument that is differentiated.)");
        return 0;
    }
    /* jax.value_and_grad(has_aux=..., **gradkwargs) is applied at each call;
     * argnums was popped (only None reaches here). */
    as_spec rest = {as_arena_alloc(a, sizeof *rest.entries * (size_t)(spec->n_entries + 1)), 0};
    for (int i = 0; i < spec->n_entries; i++)
        if (strcmp(spec->entries[i].keyword, "argnums") != 0 && strcmp(spec->entries[i].keyword, "has_aux") != 0)
            rest.entries[rest.n_entries++] = spec->entries[i];
    if (as_jax_check_keywords(&rest, "value_and_grad", "fun", 0, vag_keywords, c->py_minor, &err) < 0) {
        as_split_call_error(out, err.type, "%s", err.message);
        return 0;
    }
    if (as_split_unbound_call(c, out))
        return 0;
    if (as_split_entries_from_binding(a, c, out) < 0)
        return -1;
    for (int i = 0; i < out->n_entries; i++) {
        const as_bound *v = &c->binding->values[i];
        if (v->passed == AS_PASSED_DEFAULT)
            continue;
        out->entries[i].verdict = v->passed == AS_PASSED_POSITIONAL && v->slot == 0 &&
                                          has_array(a, args->positional[0].text, 0)
                                      ? AS_VERDICT_TRACED : AS_VERDICT_STATIC;
    }
    return 0;
}

static const eqx_jit_config jit_0100 = {.apply_defaults = 1};
static const eqx_jit_config jit_0112 = {.apply_defaults = 1, .except_first_modes = 1};
static const eqx_jit_config jit_0115 = {.except_first_modes = 1};
static const eqx_jit_config jit_0131 = {.except_first_modes = 1, .forbid_shardings = 1};
static const eqx_grad_first grad_0100 = FIRST_PARAM_X, grad_0110 = FIRST_ONE_MESSAGE,
                            grad_0113 = FIRST_TWO_MESSAGES;

#define JIT_DESC "equinox.filter_jit: arrays traced, everything else static, by value after signature.bind"
#define GRAD_DESC "equinox.filter_grad: the inexact arrays of the first positional argument are differentiated"
#define EQX(var, fam, ver, caps, fn, desc, cfg) static const as_subject var = {fam "@" ver, fam, ver, desc, caps, fn, &cfg, 0}
EQX(s_jit_0100, "equinox.filter_jit", "0.10.0", AS_CAP_DONATE, filter_jit_split,
    "equinox.filter_jit 0.10.0-0.11.1: defaults applied and partitioned; donate 'all'/'warn'/'none'", jit_0100);
EQX(s_jit_0112, "equinox.filter_jit", "0.11.2", AS_CAP_DONATE, filter_jit_split,
    "equinox.filter_jit 0.11.2-0.11.4: defaults applied; '...-except-first' donate modes", jit_0112);
EQX(s_jit_0115, "equinox.filter_jit", "0.11.5", AS_CAP_DONATE, filter_jit_split,
    "equinox.filter_jit 0.11.5-0.13.0: unpassed defaults stay constants of the trace", jit_0115);
EQX(s_filter_jit, "equinox.filter_jit", "0.13.8", AS_CAP_DONATE, filter_jit_split,
    JIT_DESC " (0.13.1-0.13.8: in_shardings/out_shardings rejected)", jit_0131);
EQX(s_grad_0100, "equinox.filter_grad", "0.10.0", 0, filter_grad_split,
    "equinox.filter_grad 0.10.x: the first argument is __call__'s positional-only `x`", grad_0100);
EQX(s_grad_0110, "equinox.filter_grad", "0.11.0", 0, filter_grad_split,
    "equinox.filter_grad 0.11.0-0.11.2: one error for a missing positional argument", grad_0110);
EQX(s_filter_grad, "equinox.filter_grad", "0.13.8", 0, filter_grad_split, GRAD_DESC " (0.11.3-0.13.8)", grad_0113);

const as_subject *const as_subjects_equinox[] = {&s_jit_0100, &s_jit_0112,  &s_jit_0115, &s_filter_jit,
                                                  &s_grad_0100, &s_grad_0110, &s_filter_grad, NULL};
