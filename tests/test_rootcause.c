/* test_rootcause.c — root causes (issue 15): masking, groups, known issues,
 * and, over a real campaign into a store, that every class's root cause
 * holds one mechanism (one masked message) and that every stored reproducer
 * — metamorphic ones included — replays to exactly what is shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "engine/campaign.h"
#include "engine/diffcheck.h"
#include "engine/rootcause.h"
#include "engine/store.h"
#include "oracle/call.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/families.h"
#include "subjects/registry.h"

static void test_mask(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    /* names, numbers and tuples of one case are masked ... */
    assert_string_equal(as_rootcause_mask(&a, "static_argnums index 5 is out of range for 2 parameters"),
                        "static_argnums index N is out of range for N parameter");
    assert_string_equal(as_rootcause_mask(&a, "static_argnums index -7 is out of range for 1 parameter"),
                        "static_argnums index N is out of range for N parameter");
    assert_string_equal(as_rootcause_mask(&a, "f() got multiple values for argument 'b'"),
                        as_rootcause_mask(&a, "f() got multiple values for argument 'x0'"));
    assert_string_equal(as_rootcause_mask(&a, "Jitted function has static_argnums=(0, 3), but only accepts 2"),
                        "Jitted function has static_argnums=(*), but only accepts N");
    assert_string_equal(as_rootcause_mask(&a, "could not be resolved to positions: b, k0"),
                        "could not be resolved to positions: ?");
    /* ... spec keywords and the hint are not names of the case */
    assert_string_equal(as_rootcause_mask(&a, "jit() got an unexpected keyword argument 'donate_argnames'"),
                        "jit(*) got an unexpected keyword argument 'donate_argnames'");
    assert_string_equal(as_rootcause_mask(&a, "f() got an unexpected keyword argument 'bb'. Did you mean 'b'?"),
                        as_rootcause_mask(&a, "f() got an unexpected keyword argument 'c'"));
    /* ... but a misspelt keyword (a fuzzer's byte edit of a spec) is a name:
     * one root cause whatever the spelling, apart from the real keyword's */
    assert_string_equal(as_rootcause_mask(&a, "jit() got an unexpected keyword argument 'In_axes'"),
                        as_rootcause_mask(&a, "jit() got an unexpected keyword argument 'noodiff_argnums'"));
    assert_string_not_equal(as_rootcause_mask(&a, "jit() got an unexpected keyword argument 'pn_axes'"),
                            as_rootcause_mask(&a, "jit() got an unexpected keyword argument 'in_axes'"));
    assert_string_equal(as_rootcause_mask(&a, "pmap() got an unexpected keyword argument "
                                              "'static_broadcasted_argnames'"),
                        "pmap(*) got an unexpected keyword argument 'static_broadcasted_argnames'");
    /* distinct checks stay distinct */
    assert_string_not_equal(as_rootcause_mask(&a, "pmap requires at least one argument with a mapped axis."),
                            as_rootcause_mask(&a, "pmapped function has static_broadcasted_argnums=(1,) but was "
                                                  "called with only 1 positional argument. All static broadcasted "
                                                  "arguments must be passed positionally."));
    /* a double-quoted name (repr() of a str with a quote) is a name too */
    assert_string_equal(as_rootcause_mask(&a, "arg_names=('a[0]', \"kwargs['k1'][0]\")"), "arg_names=(*)");
    assert_string_equal(as_rootcause_mask(&a, "a \"quoted\" word"), "a \"quoted\" word");
    assert_string_equal(as_rootcause_mask_keywords(&a, "static_argnames name '?' is not a parameter"),
                        "KW name '?' is not a parameter");
    as_arena_free(&a);
}

/* The mechanism's reading of a message: one check's wordings read one way,
 * distinct checks kept apart. */
static void test_message(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
#define SAME(x, y) assert_string_equal(as_rootcause_message(&a, x, 0), as_rootcause_message(&a, y, 0))
#define APART(x, y) assert_string_not_equal(as_rootcause_message(&a, x, 0), as_rootcause_message(&a, y, 0))
    /* custom_jvp 0.5.3 wraps the binding error older releases raised */
    SAME("The input arguments to the custom_vjp-decorated function f could not be resolved to positional-only "
         "arguments. Binding failed with the error: missing a required argument: 'a'",
         "missing a required argument: 'b'");
    SAME("The input arguments to the custom_jvp-decorated function f could not be resolved to positional-only "
         "arguments. Binding failed with the error: The following keyword arguments could not be resolved to "
         "positions: c",
         "keyword arguments (['c']) could not be resolved to positions");
    /* jit is pjit underneath; one validation for both keywords */
    SAME("jit() got an unexpected keyword argument 'donate_argnames'",
         "pjit() got an unexpected keyword argument 'donate_argnames'");
    SAME("Jitted function has invalid argnames {'a'} in static_argnames. These are positional-only",
         "Jitted function has invalid argnames {'b', 'c'} in donate_argnames. These are positional-only");
    SAME("differentiating with respect to argnums=1 requires at least 2 positional arguments",
         "differentiating with respect to argnums=(0, 2) requires at least 3 positional arguments");
    SAME("vmap must have at least one non-None value in in_axes",
         "vmap must have at least one non-None value in in_axes or axis_size must be specified");
    /* ... but a missing keyword is about that keyword, and distinct checks stay apart */
    APART("jit() got an unexpected keyword argument 'donate_argnames'",
          "pjit() got an unexpected keyword argument 'static_argnames'");
    APART("missing a required argument: 'a'", "multiple values for argument 'a'");
    APART("Jitted function has invalid argnames {'a'} in static_argnames. These are positional-only",
          "Jitted function has invalid argnames {'a'} in static_argnames. Function does not take these args");
    APART("keyword arguments could not be resolved to positions",
          "keyword arguments (['c']) could not be resolved to positions");
    APART("pmap requires at least one argument with a mapped axis.",
          "pmapped function has static_broadcasted_argnums=(1,) but was called with only 1 positional argument. "
          "All static broadcasted arguments must be passed positionally.");
#undef SAME
#undef APART
    /* a reference check, whatever keyword it names */
    assert_string_equal(as_rootcause_message(&a, "donate_argnums index 3 is out of range for 2 parameters", 1),
                        "KW index N is out of range for N parameter");
    assert_string_equal(as_rootcause_message(&a, "kwargs['k0'] cannot be both static (static_argnums) and donated "
                                                 "(donate_argnames)", 1),
                        as_rootcause_message(&a, "'b' cannot be both static (static_argnames) and donated "
                                                 "(donate_argnums)", 1));
    /* the reference's static-and-donated check, whatever makes the argument static */
    assert_string_equal(as_rootcause_message(&a, "'c' cannot be both static (in_axes None) and donated "
                                                 "(donate_argnums)", 1),
                        as_rootcause_message(&a, "'a' cannot be both static (static_broadcasted_argnums) and donated "
                                                 "(donate_argnums)", 1));
    assert_string_not_equal(as_rootcause_message(&a, "'a' cannot be both static (static_argnums) and mapped "
                                                     "(in_axes 0)", 1),
                            as_rootcause_message(&a, "'a' cannot be both static (static_argnums) and donated "
                                                     "(donate_argnums)", 1));
    as_arena_free(&a);
}

static void test_groups_and_known(void **state)
{
    (void)state;
    as_arena a;
    as_arena_init(&a);
    assert_string_equal(as_rootcause_key(&a, "jax.jacfwd@0.4.13", "m"), "jax.grad-family | m");
    assert_string_equal(as_rootcause_key(&a, "jax.custom_vjp@0.3.10>jax.custom_vjp@0.4.32", "m"),
                        "jax.custom_jvp/vjp | m");
    assert_string_equal(as_rootcause_key(&a, "jax.jit@0.11", "m"), "jax.jit/pjit | m");
    assert_string_equal(as_rootcause_key(&a, "jax.pjit@0.4.13", "m"), "jax.jit/pjit | m");
    assert_string_equal(as_rootcause_variant(&a, "jax.jit@0.11|vs-reference|pk.pos|traced>static|negN|#0123abcd"),
                        "jax.jit|vs-reference|pk.pos|traced>static|negN");
    assert_string_equal(as_rootcause_variant(&a, "jax.jit@0.3.7>jax.jit@0.3.10|version-pair|call|msg|plain"),
                        "jax.jit|version-pair|call|msg|plain");
    const as_known_issue *k = as_known_issue_for(
        "jax.pmap | raises call ValueError: pmapped function has KW=* but was called with only N positional "
        "argument. All static broadcasted arguments must be passed positionally");
    assert_non_null(k);
    assert_string_equal(k->issue, "jax-ml/jax#3007");
    assert_null(as_known_issue_for("jax.pmap | raises call ValueError: pmap requires at least one argument with a "
                                   "mapped axis"));
    assert_int_equal(as_rootcause_params("(a, /, b=(1, 2), *args, c, **kw)"), 5);
    assert_int_equal(as_rootcause_params("()"), 0);
    as_arena_free(&a);
}

/* ---- a campaign, then every class replayed -------------------------------- */

typedef struct replay {
    as_checker ck;
    const char *key;
    int found;
    as_finding f;
    as_arena *arena;
} replay;

static void replay_hit(as_checker *ck, const as_check_hit *h)
{
    replay *r = (replay *)ck;
    if (r->found || strcmp(h->key, r->key) != 0)
        return;
    r->found = 1;
    as_check_finding(r->arena, h, 1, &r->f);
}

/* The error a split JSON text shows at `phase`, as a mechanism reads it. */
static const char *masked_error(as_arena *a, const char *split_json, const char *phase, int lacks)
{
    json_t *j = json_loads(split_json, 0, NULL);
    as_split s;
    as_error err;
    assert_non_null(j);
    assert_int_equal(as_split_from_json(a, j, &s, &err), 0);
    json_decref(j);
    const as_error *e = strcmp(phase, "decoration") == 0 ? (s.decoration_ok ? NULL : &s.decoration_error)
                                                         : (s.has_call && !s.call_ok ? &s.call_error : NULL);
    return e ? as_arena_printf(a, "%s: %s", e->type, as_rootcause_message(a, e->message, lacks)) : "(none)";
}

/* The mechanism a split JSON text's first warning reads as, or NULL when
 * it raises at decoration or has no warning. */
static const char *warning_mechanism(as_arena *a, const char *split_json)
{
    json_t *j = json_loads(split_json, 0, NULL);
    as_split s;
    as_error err;
    assert_non_null(j);
    assert_int_equal(as_split_from_json(a, j, &s, &err), 0);
    json_decref(j);
    if (!s.decoration_ok || s.n_warnings == 0)
        return NULL;
    return as_rootcause_warning(a, as_rootcause_message(a, s.warnings[0], 0));
}

/* The case's texts as the generator's parts. */
static void parse_case(as_arena *a, const char *sig, const char *spec_json, const char *call, int py_minor,
                       as_gen_case *gc)
{
    memset(gc, 0, sizeof *gc);
    as_error err;
    assert_int_equal(as_signature_parse(a, sig, strlen(sig), py_minor, &gc->sig, &err), 0);
    json_t *j = json_loads(spec_json, 0, NULL);
    assert_non_null(j);
    assert_int_equal(as_spec_from_json(a, j, &gc->spec, &err), 0);
    json_decref(j);
    if (call && *call) {
        assert_int_equal(as_call_parse(a, call, strlen(call), py_minor, &gc->call, &err), 0);
        gc->has_call = 1;
    }
}

/* Does the case have what mechanism `m` says every case of it has? */
static int case_fits(const as_mechanism *m, const as_gen_case *gc)
{
    int repeated = 0, bare_int = 0, tuple_axes = 0;
    for (int i = 0; i < gc->spec.n_entries; i++) {
        const as_spec_entry *e = &gc->spec.entries[i];
        size_t n = strlen(e->keyword);
        if (strcmp(e->keyword, "in_axes") == 0)
            tuple_axes |= e->value.type == AS_VALUE_TUPLE || e->value.type == AS_VALUE_LIST;
        if (n < 7 || strcmp(e->keyword + n - 7, "argnums") != 0)
            continue;
        bare_int |= e->value.type == AS_VALUE_INT;
        const as_value *v = e->value.type == AS_VALUE_INT ? &e->value : e->value.items;
        int k = e->value.type == AS_VALUE_INT ? 1 : e->value.n_items;
        for (int x = 0; x < k; x++) {
            repeated |= v[x].type == AS_VALUE_INT && v[x].i < 0;
            for (int y = 0; y < x; y++)
                repeated |= as_value_equal(&v[x], &v[y]);
        }
    }
    if (strcmp(m->requires, AS_MECH_REPEATED_INDEX) == 0)
        return repeated;
    if (strcmp(m->requires, AS_MECH_INT_NUMS) == 0)
        return bare_int;
    if (strcmp(m->requires, AS_MECH_TUPLE_AXES) == 0)
        return tuple_axes;
    if (strcmp(m->requires, AS_MECH_NO_POSITIONAL) == 0) {
        int positional = 0;
        for (int i = 0; gc->has_call && i < gc->call.n_items; i++)
            positional |= gc->call.items[i].kind == AS_ITEM_POSITIONAL || gc->call.items[i].kind == AS_ITEM_STAR;
        return gc->has_call && !positional;
    }
    fail_msg("mechanism %s: unknown requirement '%s'", m->key, m->requires);
    return 0;
}

/* The masked messages each root cause holds: the distinct "TYPE: TEXT" of
 * its vs-reference reproducers' raising side (at most 64 causes x 8). */
typedef struct held {
    const char *cause[256];
    const char *msgs[256][8];
    int n_msgs[256];
    int n;
    as_arena *keep;   /* the messages are copied here */
} held;

static void hold(held *h, const char *cause, const char *msg)
{
    int i = 0;
    while (i < h->n && strcmp(h->cause[i], cause) != 0)
        i++;
    if (i == h->n) {
        assert_true(h->n < 256);
        h->cause[h->n++] = cause;
    }
    for (int k = 0; k < h->n_msgs[i]; k++)
        if (strcmp(h->msgs[i][k], msg) == 0)
            return;
    assert_true(h->n_msgs[i] < 8);
    h->msgs[i][h->n_msgs[i]++] = as_arena_strndup(h->keep, msg, strlen(msg));
}

/* One class: the key ends in its root cause's id, the reproducer replays
 * to the stored splits, a vs-reference class's own mechanism is its root
 * cause's, a "raises"/"lacks" class holds the reproducer's own masked
 * message, and a class of a root cause with a source check has what the
 * check needs.  `h` collects the masked messages (rules, for verdicts)
 * each root cause holds. */
static void check_class(as_arena *a, const as_class_row *c, const char *cause, held *h)
{
    if (!cause)
        fail_msg("class %s has no root cause", c->key);
    const char *tail = strstr(c->key, "|#");
    if (!tail || strlen(tail + 2) != 8)
        fail_msg("class %s does not end in a cause id", c->key);
    char hash[9];
    as_rootcause_hash(cause, hash);
    if (strcmp(tail + 2, hash) != 0)
        fail_msg("class %s does not end in its cause's id %s", c->key, hash);
    const as_mechanism *check = as_rootcause_source_check(cause);
    const as_finding *r = as_class_reproducer(c);

    /* replay: rebuild the stored case, run the one check loop on it */
    as_gen_case gc;
    parse_case(a, r->signature, r->spec_json, r->call, r->py_minor, &gc);
    const as_subject *subj = as_subject_find(c->subject);
    assert_non_null(subj);
    as_check_group g;
    as_check_group_family(&g, subj == as_subject_reference() ? "" : subj->family);
    as_check_options o = {as_subject_reference(), r->py_minor, 1, 1};
    replay rp = {{replay_hit, subj, c->relation, NULL, NULL}, c->key, 0, {0}, a};
    assert_int_equal(as_check_case(&o, a, &g, &gc, &rp.ck, -1), 0);
    if (!rp.found)
        fail_msg("reproducer of %s no longer shows it", c->key);
    assert_string_equal(rp.f.cause, cause);
    /* what is shown is what the case gives, for both cases of a metamorphic finding */
    assert_string_equal(rp.f.observed_json, r->observed_json);
    assert_string_equal(rp.f.expected_json, r->expected_json);
    if (strncmp(c->relation, "meta:", 5) == 0)
        assert_string_equal(rp.f.other, r->other);

    /* (a metamorphic finding's cause may come from its rewritten case) */
    if (check && strncmp(c->relation, "meta:", 5) != 0 && !case_fits(check, &gc))
        fail_msg("class %s under '%s' (source check %s) lacks %s: %s %s %s", c->key, cause, check->key,
                 check->requires, r->signature, r->spec_json, r->call);

    /* one masked message: the reproducer's own mechanism is its root cause's */
    if (strcmp(c->relation, "vs-reference") != 0)
        return;
    as_case cs;
    as_error err;
    assert_int_equal(as_case_from_parts(a, &gc.sig, &gc.spec, gc.has_call ? &gc.call : NULL, r->py_minor, &cs, &err),
                     0);
    as_split exp, obs;   /* what the replay above showed to be the stored splits */
    as_subject_split(as_subject_reference(), a, &cs, &exp);
    as_subject_split(subj, a, &cs, &obs);
    as_compare_result cr;
    assert_int_equal(as_compare(a, &cs, c->subject, "vs-reference", &exp, &obs, 0, &cr), 1);
    const char *own = as_rootcause_ref_key(a, c->subject, cr.mechanism);
    if (strcmp(own, cause) != 0)
        fail_msg("class %s: its own cause '%s' is not the stored '%s'", c->key, own, cause);
    const char *mech = strstr(own, " | ") + 3;
    int raises = strncmp(mech, "raises ", 7) == 0, lacks = strncmp(mech, "lacks ", 6) == 0;
    if (!raises && !lacks) {   /* only verdicts, donation, axes or warnings differ: the rule */
        hold(h, cause, mech);
        return;
    }
    const char *phase = strncmp(mech + (raises ? 7 : 6), "call", 4) == 0 ? "call" : "decoration";
    /* a warning that announces the error a later release raises is that check */
    const char *warned = raises && strcmp(phase, "decoration") == 0 ? warning_mechanism(a, r->observed_json) : NULL;
    if (warned) {
        if (strcmp(warned, mech) != 0)
            fail_msg("class %s: its warning reads '%s', not its root cause's '%s'", c->key, warned, mech);
        hold(h, cause, strchr(mech + 7, ' ') + 1);
        return;
    }
    const char *shown = masked_error(a, raises ? r->observed_json : r->expected_json, phase, lacks);
    const char *want = strchr(mech + (raises ? 7 : 6), ' ') + 1;
    if (strcmp(shown, want) != 0)
        fail_msg("class %s: its message '%s' is not its root cause's '%s'", c->key, shown, want);
    hold(h, cause, shown);
}

/* ---- the known behaviours: each its own root cause ------------------------ */

typedef struct cause_hit {
    as_checker ck;
    const char *cause;
} cause_hit;

static void cause_hit_fn(as_checker *ck, const as_check_hit *h)
{
    cause_hit *c = (cause_hit *)ck;
    if (!c->cause)
        c->cause = h->cause;
}

/* The root cause of `subject`'s difference from the reference on one case
 * (NULL when they agree), through the one check loop. */
static const char *cause_of(as_arena *a, const char *subject, const char *sig, const char *spec, const char *call)
{
    as_gen_case gc;
    parse_case(a, sig, spec, call, AS_PY_DEFAULT, &gc);
    const as_subject *subj = as_subject_find(subject);
    if (!subj)
        fail_msg("no subject %s", subject);
    as_check_group g;
    as_check_group_family(&g, subj->family);
    as_check_options o = {as_subject_reference(), AS_PY_DEFAULT, 0, 0};
    cause_hit ch = {{cause_hit_fn, subj, "vs-reference", NULL, NULL}, NULL};
    assert_int_equal(as_check_case(&o, a, &g, &gc, &ch.ck, -1), 0);
    return ch.cause;
}

/* Subject s's split of `sig` with kw set to `value` (JSON), called `call`,
 * into *out (from arena a): 1 when decoration and call succeed, else 0. */
static int probe_split(as_arena *a, const as_subject *s, const as_family_keyword *kw, const char *value,
                       const char *sig, const char *call, as_split *out)
{
    char spec[96];
    snprintf(spec, sizeof spec, "{\"%s\": %s}", kw->name, value);
    as_gen_case gc;
    parse_case(a, sig, spec, call, AS_PY_DEFAULT, &gc);
    as_case c;
    as_error err;
    assert_int_equal(as_case_from_parts(a, &gc.sig, &gc.spec, &gc.call, AS_PY_DEFAULT, &c, &err), 0);
    assert_int_equal(as_subject_split(s, a, &c, out), 0);
    return out->decoration_ok && out->has_call && out->call_ok;
}

/* The verdict a role keyword gives: traced for the differentiated one. */
static as_verdict role_verdict(const as_family_keyword *kw)
{
    return strcmp(kw->role, "diff") == 0 ? AS_VERDICT_TRACED : AS_VERDICT_STATIC;
}

/* The keyword of form `form` for s's donation role (donation) or its
 * verdict role, or NULL. */
static const as_family_keyword *role_keyword_of(const as_subject *s, as_kw_form form, int donation)
{
    const as_family *f = as_family_find(s->family);
    for (int k = 0; f && k < f->n_keywords; k++)
        if (f->keywords[k].form == form && (strcmp(f->keywords[k].role, "donate") == 0) == donation)
            return &f->keywords[k];
    return NULL;
}

/* The reading subject s takes of its role keyword kw's index -2 on
 * `(a, b, c, d=1.0)` called `(x, x, x)`: the call's positional arguments
 * give b, the positional parameters c, a membership test nothing; 0 when
 * the probe raises. */
static unsigned probe_reading(const as_subject *s, const as_family_keyword *kw)
{
    as_arena a;
    as_arena_init(&a);
    as_split out;
    unsigned seen = 0;
    if (probe_split(&a, s, kw, "-2", "(a, b, c, d=1.0)", "(x, x, x)", &out)) {
        int donation = strcmp(kw->role, "donate") == 0;
        int has[3];
        assert_true(out.n_entries >= 3);
        for (int i = 0; i < 3; i++)
            has[i] = donation ? out.entries[i].donated == 1 : out.entries[i].verdict == role_verdict(kw);
        if (has[0])
            fail_msg("%s: %s=-2 reaches a", s->id, kw->name);
        seen = has[1] ? AS_NEG_LEN_ARGS : has[2] ? AS_NEG_POSITIONAL : AS_NEG_IGNORED;
    }
    as_arena_free(&a);
    return seen;
}

/* Every built-in subject that declares how it reads a negative index
 * (as_subject.negative_reading, which compare.c trusts where a case
 * cannot tell the readings apart) reads it that way, for its verdict role
 * and for donation. */
static void test_declared_readings(void **state)
{
    (void)state;
    const as_subject *const *all = as_subjects_all();
    int checked = 0;
    for (int i = 0; all[i]; i++) {
        const as_subject *s = all[i];
        for (int donation = 0; donation < 2; donation++) {
            unsigned declared = AS_NEG_OF_ROLE(s->negative_reading, donation);
            const as_family_keyword *kw = role_keyword_of(s, AS_KW_NUMS, donation);
            if (!declared)
                continue;
            if (!kw)
                fail_msg("%s declares a negative reading for a role its family has no index keyword for", s->id);
            unsigned seen = probe_reading(s, kw);
            if (seen && !(declared & seen))
                fail_msg("%s declares negative readings %u for %s, reads -2 as %u", s->id, declared, kw->name, seen);
            checked += seen != 0;
        }
    }
    /* a probe that raises proves nothing: most must not */
    assert_true(checked >= 90);
}

/* Does subject s give b the role of keyword kw (set to `value`, JSON) on
 * `(a, b)` called `call`?  1 or 0; -1 when the probe raises. */
static int probe_role_of_b(const as_subject *s, const as_family_keyword *kw, const char *value, const char *call)
{
    as_arena a;
    as_arena_init(&a);
    as_split out;
    int reached = -1;
    if (probe_split(&a, s, kw, value, "(a, b)", call, &out) && out.n_entries == 2)
        reached = out.entries[1].verdict == role_verdict(kw);
    as_arena_free(&a);
    return reached;
}

/* The caps that name a subject's rules (subjects/subject.h) hold to its
 * behaviour.  AS_CAP_BINDS_CALL (no keyword-arg rule): an index reaches a
 * keyword argument; one that does not declare it may still reach it
 * through names inferred from the indices (jit 0.12), so only the
 * declaration is held.  AS_CAP_IGNORES_ARGNAMES (every name the
 * argnames-ignored rule): a name reaches nothing, while an index does; and
 * a subject that does not declare it honours a name, both ways. */
static void test_declared_caps(void **state)
{
    (void)state;
    const as_subject *const *all = as_subjects_all();
    int binds = 0, ignores = 0;
    for (int i = 0; all[i]; i++) {
        const as_subject *s = all[i];
        const as_family_keyword *nums = role_keyword_of(s, AS_KW_NUMS, 0), *names = role_keyword_of(s, AS_KW_NAMES, 0);
        if (s->caps & AS_CAP_BINDS_CALL) {
            if (!nums || probe_role_of_b(s, nums, "[1]", "(x, b=x)") != 1)
                fail_msg("%s declares it binds the call, but its index 1 misses b in (x, b=x) or raises", s->id);
            binds++;
        }
        if (!names || (s->caps & AS_CAP_EXTERNAL))
            continue;
        int named = probe_role_of_b(s, names, "\"b\"", "(x, x)");
        if (s->caps & AS_CAP_IGNORES_ARGNAMES) {
            if (named != 0 || !nums || probe_role_of_b(s, nums, "[1]", "(x, x)") != 1)
                fail_msg("%s declares it ignores %s, but the name b reaches b (or the probe raises, or "
                         "index 1 misses it)", s->id, names->name);
            ignores++;
        } else if (named == 0) {
            fail_msg("%s ignores %s=\"b\" on (a, b) called (x, x) and does not declare it", s->id, names->name);
        }
    }
    /* the 14 custom_jvp/vjp subjects bind the call (resolve_kwargs);
     * checkpoint 0.10.2, 0.11 and 0.12 hand static_argnames to remat3 only */
    assert_int_equal(binds, 14);
    assert_int_equal(ignores, 3);
}

static void test_known_behaviours(void **state)
{
    (void)state;
    static const struct {
        const char *what, *subject, *sig, *spec, *call, *cause, *issue;
    } cases[] = {
        {"#10614 both specs", "jax.jit@0.11", "(b)", "{\"static_argnums\": 0, \"static_argnames\": []}", "(b=x)",
         "jax.jit/pjit | spec both-specs", "jax-ml/jax#10614"},
        {"#10614 keyword-only", "jax.jit@0.3.10", "(*, d)", "{\"static_argnums\": 0}", "(d=x)",
         "jax api_util.argnums_partial | verdict keyword-arg", "jax-ml/jax#10614"},
        {"names of positional-only", "jax.jit@0.3.10", "(a, /)", "{\"static_argnames\": \"a\"}", "(x)",
         "jax api_util.infer_argnums_and_argnames | verdict argnames-posonly", "jax-ml/jax#10618"},
        {"negative index against len(args)", "jax.pjit@0.4.14", "(a, b)", "{\"static_argnums\": -1}", "(x, b=x)",
         "jax api_util.argnums_partial | verdict neg-index-len(args)", NULL},
        {"negative index from the positional parameters (jit 0.12)", "jax.jit@0.12", "(a, b, **kwargs)",
         "{\"static_argnums\": -2}", "(x, b=x)", "jax.jit/pjit | verdict neg-index-positional-params", NULL},
        {"donate_argnames before 0.4.14", "jax.jit@0.3.10", "(a)", "{\"donate_argnames\": \"a\"}", "(x)",
         "jax.jit/pjit | raises decoration TypeError: ?(*) got an unexpected keyword argument 'donate_argnames'", NULL},
        {"#3007", "jax.pmap@0.11", "(a, b)", "{\"static_broadcasted_argnums\": 1}", "(x, b=x)",
         "jax.pmap | raises call ValueError: pmapped function has KW=* but was called with only N positional "
         "argument. All static broadcasted arguments must be passed positionally",
         "jax-ml/jax#3007"},
        {"pmap without a mapped axis (beside #3007)", "jax.pmap@0.11", "(a)", "{\"in_axes\": null}", "(x)",
         "jax.pmap | raises call ValueError: pmap requires at least one argument with a mapped axis", NULL},
        {"#9904", "jax.pmap@0.11", "(a, b)", "{\"static_broadcasted_argnames\": \"b\"}", "(x, x)",
         "jax.pmap | raises decoration TypeError: ?(*) got an unexpected keyword argument "
         "'static_broadcasted_argnames'",
         "jax-ml/jax#9904"},
        {"#7465", "jax.vmap@0.11.1", "(a, b)", "{\"in_axes\": [0, null]}", "(x, b=x)",
         "jax.vmap | raises call ValueError: vmap in_axes must be an int, None, or a tuple of entries corresponding "
         "to the positional arguments passed to the function, but got len(in_axes)=\\*, len(args)=\\*. Note that the "
         "function was called with keyword arguments*",
         "jax-ml/jax#7465"},
    };
    enum { N = sizeof cases / sizeof *cases };
    const char *got[N];
    as_arena a;
    as_arena_init(&a);
    for (int i = 0; i < N; i++) {
        const char *cause = cause_of(&a, cases[i].subject, cases[i].sig, cases[i].spec, cases[i].call);
        if (!cause)
            fail_msg("%s: no finding on %s", cases[i].what, cases[i].subject);
        if (fnmatch(cases[i].cause, cause, 0) != 0)
            fail_msg("%s: root cause '%s', want '%s'", cases[i].what, cause, cases[i].cause);
        const as_known_issue *k = as_known_issue_for(cause);
        if (cases[i].issue ? !k || strcmp(k->issue, cases[i].issue) != 0 : k != NULL)
            fail_msg("%s: known as %s, want %s", cases[i].what, k ? k->issue : "new",
                     cases[i].issue ? cases[i].issue : "new");
        got[i] = cause;
        for (int j = 0; j < i; j++)
            if (strcmp(got[j], got[i]) == 0)
                fail_msg("%s and %s share the root cause %s", cases[j].what, cases[i].what, got[i]);
    }
    as_arena_free(&a);
}

/* Each merge: cases of one mechanism, found on different families or
 * releases, share one root cause (why they are one mechanism is said with
 * each group); and a neighbouring mechanism stays apart. */
static void test_merges(void **state)
{
    (void)state;
    typedef struct { const char *subject, *sig, *spec, *call; } one;
    static const struct {
        const char *why, *cause;   /* fnmatch pattern of the shared root cause */
        one cases[5];
    } merges[] = {
        {"jax._src.api_util._ensure_inbounds raises it for every family that checks an index against len(args)",
         "jax api_util._ensure_inbounds | raises call ValueError: Positional argument indices*",
         {{"jax.jit@0.11", "(a)", "{\"static_argnums\": -1}", "()"},
          {"jax.grad@0.10.2", "(a)", "{\"argnums\": -1}", "()"},
          {"jax.pmap@0.4.9", "(c)", "{\"static_broadcasted_argnums\": -1}", "()"},
          {"jax.checkpoint@0.10.2", "(b)", "{\"static_argnums\": -1}", "()"},
          {"jax.custom_jvp@0.11.1", "(b)", "{\"nondiff_argnums\": [-1]}", "()"}}},
        {"jax._src.api_util.rebase_donate_argnums serves jit/pjit and pmap",
         "jax api_util.rebase_donate_argnums | raises decoration ValueError: `KW` \\[\\*\\] and `KW` \\[\\*\\] cannot intersect",
         {{"jax.jit@0.3.10", "()", "{\"static_argnums\": 1, \"donate_argnums\": 1}", ""},
          {"jax.pmap@0.11", "()", "{\"static_broadcasted_argnums\": 0, \"donate_argnums\": 0}", ""}}},
        {"jax._src.api._mapped_axis_size(..., name) serves vmap and pmap up to 0.7",
         "jax api._mapped_axis_size | raises call ValueError: ? wrapped function must be passed*",
         {{"jax.vmap@0.10.0", "()", "{}", "()"}, {"jax.pmap@0.4.9", "()", "{}", "()"}}},
        {"jax._src.api._mapped_axis_size: no mapped axis, vmap and pmap alike",
         "jax api._mapped_axis_size | raises call ValueError: ? must have at least one non-None value in in_axes",
         {{"jax.vmap@0.10.0", "()", "{\"in_axes\": null}", "(x)"},
          {"jax.pmap@0.4.9", "()", "{\"in_axes\": null}", "(x)"}}},
        {"custom_jvp/vjp and equinox.filter_jit both bind the call with inspect.Signature.bind",
         "inspect.Signature.bind | raises call TypeError: missing a required argument: '?'",
         {{"jax.custom_jvp@0.11.1", "(d)", "{}", "()"}, {"jax.custom_vjp@0.3.10", "(d)", "{}", "()"},
          {"equinox.filter_jit@0.10.0", "(b)", "{}", "()"}}},
        {"_validate_argnums warned (0.3.14-0.4.26) what it raises from 0.4.27",
         "jax.jit/pjit | raises decoration ValueError: Jitted function has KW=*, but only accepts N positional argument",
         {{"jax.jit@0.3.14", "(*, c)", "{\"static_argnums\": 0}", ""},
          {"jax.jit@0.11", "(*, c)", "{\"static_argnums\": 0}", ""}}},
        {"_validate_argnames: the positional-only check, a warning then an error",
         "jax.jit/pjit | raises decoration ValueError: Jitted function has invalid KW {*} in KW. These are positional-only",
         {{"jax.jit@0.4.14", "(a, /)", "{\"donate_argnames\": \"a\"}", ""},
          {"jax.jit@0.4.27", "(a, /)", "{\"donate_argnames\": \"a\"}", ""}}},
        {"infer_argnums_and_argnames infers nothing when a role has both, static or donate alike",
         "jax.jit/pjit | spec both-specs",
         {{"jax.jit@0.11", "(b)", "{\"static_argnums\": 0, \"static_argnames\": []}", "(b=x)"},
          {"jax.jit@0.11", "(b)", "{\"donate_argnums\": [], \"donate_argnames\": \"b\"}", "(x)"}}},
        {"no inference matters only where inference would reach, a positional-or-keyword parameter: a **kwargs "
         "key named beside static_argnums is the variadic-name rule, both specs or not",
         "jax.jit/pjit | verdict variadic-name",
         {{"jax.jit@0.11", "(a, **kwargs)", "{\"static_argnames\": \"kwargs\", \"static_argnums\": []}", "(x, k0=x)"},
          {"jax.jit@0.12", "(a, **kwargs)", "{\"static_argnames\": \"kwargs\", \"static_argnums\": -1}",
           "(a=x, k0=x)"},
          {"jax.jit@0.11", "(a, **kwargs)", "{\"static_argnames\": \"kwargs\"}", "(x, k0=x)"},
          /* the *args parameter's name alike: JAX matches names with the
           * keywords passed, which no *args element is (not argnums_partial's
           * varargs-index, an index rule) */
          {"jax.pjit@0.4.4", "(*args)", "{\"static_argnames\": \"args\"}", "(x)"}}},
        {"custom_jvp/vjp map nondiff_argnames to positional-or-keyword parameters' positions (0.6.2 on): the "
         "*args parameter's name maps to none",
         "jax.custom_jvp/vjp | verdict variadic-name",
         {{"jax.custom_jvp@0.6.2", "(*args)", "{\"nondiff_argnames\": \"args\"}", "(x)"},
          {"jax.custom_vjp@0.12", "(a, *args)", "{\"nondiff_argnames\": \"args\"}", "(x, x)"}}},
        {"grad differentiates what argnums selects (0 by default), however the others are passed",
         "jax.grad-family | verdict unselected",
         {{"jax.grad@0.10.2", "(b, c)", "{}", "(x, x)"}, {"jax.grad@0.10.2", "(a, b)", "{}", "(x, b=x)"}}},
        {"equinox.filter_grad's `if len(args) == 0` check, one message before 0.11.3 and two after",
         "equinox.filter_grad | raises call TypeError: Functions wrapped with * must have their first argument passed "
         "by position, not keyword*",
         {{"equinox.filter_grad@0.11.0", "()", "{}", "()"}, {"equinox.filter_grad@0.13.8", "()", "{}", "()"},
          {"equinox.filter_grad@0.13.8", "(a)", "{}", "(a=x)"}}},
        {"one assert in jit's debug-info check (0.8.0-): the arg_names tuple it prints is the case's, and a "
         "double-quoted name is a name",
         "jax.jit/pjit | raises call AssertionError: (N, DebugInfo(*arg_names=\\*,*",
         {{"jax.jit@0.8.0", "(a, /, **kwargs)", "{}", "(x, a=x)"},   /* result_paths=<hashable <lambda> ...> */
          {"jax.jit@0.8.2", "(a, /, **kwargs)", "{}", "(x, a=x)"},   /* result_paths=None */
          {"jax.jit@0.9.0", "(a, /, **kwargs)", "{}", "(x, a=x)"},   /* <...InitialResultPaths object at 0x...> */
          {"jax.pjit@0.8.0", "(a, /, b, **kwargs)", "{}", "(x, b=x, a=x, k1=x)"}}},
        /* a negative index is not the cause of what another rule explains */
        {"no index reaches an argument passed by keyword, negative or not: checkpoint's keyword arguments are traced",
         "jax.checkpoint | verdict keyword-arg",
         {{"jax.checkpoint@0.10.2", "(a, b)", "{\"static_argnums\": [0, -1]}", "(x, b=x)"},
          {"jax.checkpoint@0.3.16", "(c, d, *, e)", "{\"static_argnums\": [0, -1, -2]}", "(x, x, e=x)"}}},
        {"resolve_kwargs passes an unpassed default whatever nondiff_argnums says, a negative index included",
         "jax.custom_jvp/vjp | verdict unpassed-default",
         {{"jax.custom_jvp@0.11.1", "(d=0.0)", "{}", "()"},
          {"jax.custom_jvp@0.12", "(e=0.0)", "{\"nondiff_argnums\": [-1]}", "()"},
          /* names beside the nums: custom_jvp/vjp union them, inferring the
           * positions (0.6.2 on), so no both-specs rule is theirs */
          {"jax.custom_jvp@0.6.2", "(b=None)", "{\"nondiff_argnums\": [0], \"nondiff_argnames\": []}", "()"},
          {"jax.custom_vjp@0.12", "(b=0.0, c=0.0)", "{\"nondiff_argnames\": \"c\", \"nondiff_argnums\": []}",
           "()"}}},
        {"grad from 0.10.2 drops an argument its argnums name twice once read from len(args) (argnums_partial2 "
         "hands f None there): given twice, as a negative and a non-negative index, or as two negatives",
         "jax.grad-family | verdict repeated-index",
         {{"jax.grad@0.10.2", "(b)", "{\"argnums\": [0, 0]}", "(x)"},
          {"jax.grad@0.10.2", "(b)", "{\"argnums\": [-1, 0]}", "(x)"},
          {"jax.grad@0.10.2", "(b)", "{\"argnums\": [-1, -1]}", "(x)"},
          {"jax.jacrev@0.10.2", "(a, b)", "{\"argnums\": [-1, -2, -1]}", "(x, x)"}}},
        {"api_util.argnums_partial (grad, pmap, custom_jvp/vjp) and argnums_partial_except (jit/pjit) pick "
         "`args[i]` from the call's positional arguments: an index reaches one *args element",
         "jax api_util.argnums_partial | verdict varargs-index",
         {{"jax.jit@0.11", "(*args)", "{\"static_argnums\": 0}", "(x, x)"},
          {"jax.grad@0.10.2", "(*args)", "{\"argnums\": 0}", "(x, x)"},
          {"jax.pmap@0.11", "(*args)", "{\"static_broadcasted_argnums\": 0}", "(x, x)"},
          {"jax.custom_jvp@0.12", "(*args)", "{\"nondiff_argnums\": [0]}", "(x, x)"}}},
        {"argnums_partial(_except) see the positional arguments only: an index never reaches one passed by "
         "keyword, jit/pjit (#10614), the grad family and pmap alike",
         "jax api_util.argnums_partial | verdict keyword-arg",
         {{"jax.jit@0.3.10", "(*, d)", "{\"static_argnums\": 0}", "(d=x)"},
          {"jax.hessian@0.3.0", "(a, b)", "{\"argnums\": [-1, 0]}", "(x, b=x)"},
          {"jax.pmap@0.11", "(b)", "{\"static_broadcasted_argnums\": -1}", "(b=x)"}}},
        {"infer_argnums_and_argnames infers positional-or-keyword parameters only: a positional-only name keeps "
         "its role off, jit/pjit's static_argnames (#10618) and custom_jvp/vjp's nondiff_argnames alike",
         "jax api_util.infer_argnums_and_argnames | verdict argnames-posonly",
         {{"jax.jit@0.3.10", "(a, /)", "{\"static_argnames\": \"a\"}", "(x)"},
          {"jax.custom_jvp@0.6.2", "(a, /, b)", "{\"nondiff_argnames\": \"a\"}", "(x, x)"}}},
        {"argnums_partial(_except) resolve a negative index against len(args), jit/pjit and the grad family alike",
         "jax api_util.argnums_partial | verdict neg-index-len(args)",
         {{"jax.pjit@0.4.14", "(a, b)", "{\"static_argnums\": -1}", "(x, b=x)"},
          {"jax.grad@0.10.2", "(*args)", "{\"argnums\": -1}", "(x, x)"}}},
        {"argnums_partial(_except)'s unchecked `args[i]` before 0.3.11 (#5351), jit/pjit and the grad family alike",
         "jax api_util.argnums_partial | raises call IndexError: tuple index out of range",
         {{"jax.jit@0.3.10", "(a)", "{\"static_argnums\": -1}", "()"},
          {"jax.hessian@0.3.0", "()", "{}", "()"}}},
        {"_argnums_partial's rebuilt argument list, one slot too long for jit (0.3.8-0.8.x) and the grad family "
         "(0.3.8-0.3.10) alike",
         "jax api_util._argnums_partial | raises call TypeError: ?(*) takes N positional argument but N were given",
         {{"jax.jit@0.3.10", "(a)", "{\"static_argnums\": -1}", "(x)"},
          {"jax.grad@0.3.10", "(a)", "{\"argnums\": -1}", "(x)"}}},
        {"vmap and pmap map a keyword argument along axis 0 whatever in_axes says, and whatever other selector "
         "(a negative donate index) reaches it",
         "jax.pmap | axes in-axes-keyword",
         {{"jax.pmap@0.11", "(a, b)", "{\"in_axes\": 1}", "(x, b=x)"},
          {"jax.pmap@0.11", "(b, c, *, e=1.0)", "{\"donate_argnums\": -1, \"in_axes\": -1}", "(b=x, c=x)"}}},
        {"custom_jvp/vjp test `if nondiff_argnums:` first: a bare 0 is false, so nothing is non-differentiable "
         "(real 0.4.31 and 0.12.0.1 do this), whatever the release",
         "jax.custom_jvp/vjp | verdict falsy-zero",
         {{"jax.custom_jvp@0.12", "(a)", "{\"nondiff_argnums\": 0}", "(x)"},
          {"jax.custom_vjp@0.3.10", "(a, /)", "{\"nondiff_argnums\": 0}", "(x)"},
          {"jax.custom_jvp@0.6.2", "(a, b)", "{\"nondiff_argnums\": 0}", "(x, x)"},
          /* beside a name that selects another argument */
          {"jax.custom_jvp@0.6.2", "(a, /, c)", "{\"nondiff_argnames\": \"c\", \"nondiff_argnums\": 0}",
           "(x, c=x)"},
          /* passed by keyword: resolve_kwargs makes it the first position
           * (AS_CAP_BINDS_CALL), no keyword-arg rule */
          {"jax.custom_vjp@0.4.32", "(a)", "{\"nondiff_argnums\": 0}", "(a=x)"}}},
        {"rebase_donate_argnums counts a negative static index as below every donate index and moves the "
         "donation down a slot, jit/pjit (to 0.8.x) and pmap alike, whatever the static reading leaves",
         "jax api_util.rebase_donate_argnums | donation rebase-negative-static",
         {{"jax.jit@0.3.7", "(a, b=0.0)", "{\"static_argnums\": -1, \"donate_argnums\": 0}", "(x)"},
          {"jax.jit@0.4.14", "(a, b, c)", "{\"static_argnums\": -1, \"donate_argnums\": 0}", "(x, x, x)"},
          {"jax.jit@0.8.2", "(a, /, b, *args)", "{\"static_argnums\": -1, \"donate_argnums\": 1}", "(x, x)"},
          {"jax.pmap@0.11", "(a, b, c, d)", "{\"static_broadcasted_argnums\": -2, \"donate_argnums\": 1}",
           "(x, x, x, d=x)"},
          /* donate indices inferred from donate_argnames are rebased too (real 0.4.20 donates b) */
          {"jax.jit@0.4.14", "(b, c, d)", "{\"static_argnums\": -1, \"donate_argnames\": \"c\"}", "(x, x, x)"}}},
        {"donation_vector counts call slots, *args elements included, for jit/pjit and pmap alike",
         "jax api_util.donation_vector | donation varargs-index",
         {{"jax.jit@0.11", "(*args)", "{\"donate_argnums\": 0}", "(x, x)"},
          {"jax.pmap@0.11", "(*args)", "{\"donate_argnums\": 0}", "(x, x)"}}},
        {"jit/pjit 0.4.14-0.4.26 lay the keyword donation flags on the arguments in call order (real 0.4.20 "
         "donates a for donate_argnames='b', call (b=x, a=x)), whatever kind of parameter the keywords fill",
         "jax.jit/pjit | donation keyword-call-order",
         {{"jax.jit@0.4.14", "(*, a, b)", "{\"donate_argnames\": \"b\"}", "(b=x, a=x)"},
          {"jax.pjit@0.4.14", "(**kwargs)", "{\"donate_argnames\": \"k2\"}", "(k2=x, k1=x)"},
          {"jax.jit@0.4.14", "(c, d)", "{\"donate_argnums\": 1}", "(d=x, c=x)"}}},
    };
    /* the reading of a negative index that reproduces the whole split: each
     * case under the reading that explains it, whatever argument differs */
    static const struct {
        const char *why, *cause;
        one cases[5];
    } readings_merge[] = {
        {"pmap's static broadcast is a membership test: a negative index is ignored (SEMANTICS.md section 2)",
         "jax.pmap | verdict neg-index-ignored",
         {{"jax.pmap@0.11", "(b)", "{\"static_broadcasted_argnums\": -1}", "(x)"},
          {"jax.pmap@0.11", "(*args)", "{\"static_broadcasted_argnums\": [-1, 0]}", "(x, x)"},
          {"jax.pmap@0.4.9", "(*args, a)", "{\"static_broadcasted_argnums\": [-1, 0]}", "(x, x, a=x)"}}},
        {"checkpoint takes a negative static_argnums mod len(args), *args slots included",
         "jax.checkpoint | verdict neg-index-len(args)",
         {{"jax.checkpoint@0.10.2", "(*args)", "{\"static_argnums\": -1}", "(x, x)"},
          {"jax.checkpoint@0.10.2", "(a, b)", "{\"static_argnums\": -1}", "(x, b=x)"}}},
        {"jit 0.3.7 ignores a negative static index, whichever argument the reference gives it to",
         "jax.jit/pjit | verdict neg-index-ignored",
         {{"jax.jit@0.3.7", "(a)", "{\"static_argnums\": -1}", "(x)"},
          {"jax.jit@0.3.7", "(d)", "{\"static_argnames\": \"d\", \"static_argnums\": -1}", "(x)"}}},
        {"a negative index read from len(args) that lands on an argument already selected looks like an "
         "ignored one: the subject's declared reading (as_subject.negative_reading) names it",
         "jax api_util.argnums_partial | verdict neg-index-len(args)",
         {{"jax.grad@0.3.0", "(a, b, c)", "{\"argnums\": [0, -2]}", "(x, x, c=x)"},
          {"jax.hessian@0.3.0", "(a, b, *args)", "{\"argnums\": [-3, 1]}", "(x, x, x, x)"},
          {"jax.jacfwd@0.3.0", "(a, b, c)", "{\"argnums\": [0, -2]}", "(x, x, c=x)"}}},
        {"jit/pjit 0.12 read a negative donate index from the positional parameters where there is no *args; "
         "where len(args) would land on the same argument the declared donation reading names the case",
         "jax.jit/pjit | donation neg-index-positional-params",
         {{"jax.pjit@0.12", "(c, *, d=1.0)", "{\"donate_argnums\": -1}", "(x)"},
          {"jax.jit@0.12", "(d, *, e)", "{\"donate_argnums\": -1}", "(x, e=x)"},
          {"jax.jit@0.12", "(c, d=0.0, *, e=1.0)", "{\"donate_argnums\": -2}", "(x)"},
          /* beside it, c passed by keyword keeps no donation (explicit
           * donate_argnames=(): the keyword-arg rule, set aside) */
          {"jax.jit@0.12", "(b, c, *, e=1.0)", "{\"donate_argnames\": [], \"donate_argnums\": [-1, -2]}",
           "(x, c=x)"}}},
        {"checkpoint's len(args) reading landing on an argument already static",
         "jax.checkpoint | verdict neg-index-len(args)",
         {{"jax.checkpoint@0.3.16", "(b, c, e=1.0)", "{\"static_argnums\": [0, -2]}", "(x, x)"},
          {"jax.checkpoint@0.10.2", "(a, b, c, *, d)", "{\"static_argnums\": [-3, 0, -2]}", "(x, x, x, d=x)"}}},
        {"jit from 0.3.11: len(args) and the positional parameters agree when the call fills them; the "
         "release's own reading names the case",
         "jax api_util.argnums_partial | verdict neg-index-len(args)",
         {{"jax.jit@0.11", "(b, c, d, *, e)", "{\"static_argnums\": [0, -3, -2]}", "(x, x, x, e=x)"},
          {"jax.pjit@0.9.0", "(b, c, d, *, e)", "{\"static_argnums\": [0, -3, -2]}", "(x, x, x, e=x)"}}},
        /* a second rule beside the one that tells most: its entries are set
         * aside and the case is filed under the telling rule, not under a
         * generic name of its own (engine/compare.c, entries_mechanism) */
        {"custom_jvp/vjp mark nondiff arguments by membership (a negative index is ignored); the defaults they "
         "pass beside it are the unpassed-default rule's, set aside",
         "jax.custom_jvp/vjp | verdict neg-index-ignored",
         {{"jax.custom_jvp@0.12", "(a, b, d=0.0, *args)", "{\"nondiff_argnums\": [-1, -3]}", "(x, x)"},
          {"jax.custom_jvp@0.12", "(a, d=0.0)", "{\"nondiff_argnums\": [-2]}", "(x)"},
          {"jax.custom_vjp@0.12", "(a, /, c=0.0, d=0.0)", "{\"nondiff_argnums\": [-2, -3]}", "(x)"},
          /* passed by keyword: bound to its position first (resolve_kwargs),
           * so the ignored negative, not keyword passing, is the cause */
          {"jax.custom_jvp@0.3.10", "(c)", "{\"nondiff_argnums\": [-1]}", "(c=x)"},
          {"jax.custom_vjp@0.12", "(a, c)", "{\"nondiff_argnums\": [-1]}", "(x, c=x)"}}},
        {"jit 0.3.7 ignores a negative static index; beside it, static_argnames naming **kwargs reaches no key "
         "(JAX matches the keyword passed: the variadic-name rule, set aside)",
         "jax.jit/pjit | verdict neg-index-ignored",
         {{"jax.jit@0.3.7", "(b, c, **kwargs)", "{\"static_argnames\": \"kwargs\", \"static_argnums\": -2}",
           "(x, x, k1=x)"}}},
        {"grad from 0.10.2 drops a slot its argnums name twice once read from len(args); beside it, an argument "
         "passed by keyword is never differentiated (set aside)",
         "jax.grad-family | verdict repeated-index",
         {{"jax.grad@0.10.2", "(b, /, d)", "{\"argnums\": [0, -1]}", "(x, d=x)"},
          {"jax.jacrev@0.10.2", "(*args)", "{\"argnums\": [0, 0]}", "(x, x)"}}},
        {"a negative argnums read from len(args) moves the role off the argument; the slot it lands on twice, "
         "dropped, is the repeated-index rule's (set aside)",
         "jax api_util.argnums_partial | verdict neg-index-len(args)",
         {{"jax.grad@0.10.2", "(c, *args)", "{\"argnums\": [-2, -2]}", "(x, x, x)"}}},
        {"checkpoint reads a negative index from len(args); the names it ignores beside it are set aside",
         "jax.checkpoint | verdict neg-index-len(args)",
         {{"jax.checkpoint@0.10.2", "(a, /, b, **kwargs)",
           "{\"static_argnums\": -2, \"static_argnames\": [\"a\", \"kwargs\"]}", "(x, x, a=x)"}}},
        {"jit 0.4.14 lays keyword donation flags, JAX's own (a name held by donate_argnames), in call order; "
         "where the reference's flags differ (a **kwargs name, a positional-only name, an ignored negative "
         "index), that rule is set aside",
         "jax.jit/pjit | donation keyword-call-order",
         {{"jax.jit@0.4.14", "(*, a, **kwargs)", "{\"donate_argnames\": [\"kwargs\", \"a\"]}", "(k1=x, a=x)"},
          {"jax.jit@0.4.14", "(a, /, **kwargs)", "{\"donate_argnums\": 0, \"donate_argnames\": \"a\"}",
           "(x, k1=x, a=x)"},
          {"jax.jit@0.4.14", "(b, d, e)", "{\"donate_argnums\": [-3, -1], \"donate_argnames\": \"d\"}",
           "(x, e=x, d=x)"}}},
        {"_argnums_partial's extra argument passes one the reference leaves unpassed: the call's shape "
         "differs, whichever argument differs first (beside both-specs, too), jit/pjit and the grad family alike",
         "jax api_util._argnums_partial | shape entries",
         {{"jax.grad@0.3.10", "(b, c, d=0.0, **kwargs)", "{\"argnums\": -2}", "(x, x)"},
          {"jax.jit@0.3.10", "(b, c, d=0.0, **kwargs)", "{\"static_argnums\": -2}", "(x, x)"},
          {"jax.jit@0.3.10", "(b, e=1.0)", "{\"static_argnames\": \"b\", \"static_argnums\": -1}", "(x)"}}},
        {"donate indices rebased past a negative static index; a keyword argument's donation (never donated by "
         "index) and jit 0.3.10's extra static argument beside it are set aside",
         "jax api_util.rebase_donate_argnums | donation rebase-negative-static",
         {{"jax.pmap@0.5.1", "(a, b, *args)", "{\"static_broadcasted_argnums\": -1, \"donate_argnums\": 1}",
           "(x, b=x)"},
          {"jax.jit@0.3.10", "(a, b=0.0)", "{\"static_argnums\": -1, \"donate_argnums\": [0]}", "(x)"}}},
        {"jax.checkpoint from 0.10.2 ignores static_argnames, however the argument is passed",
         "jax.checkpoint | verdict argnames-ignored",
         {{"jax.checkpoint@0.10.2", "(b)", "{\"static_argnames\": \"b\"}", "(b=x)"},
          {"jax.checkpoint@0.10.2", "(b, *, c)", "{\"static_argnames\": [\"b\", \"c\"]}", "(b=x, c=x)"}}},
        /* whatever the parameter's kind and whatever else the spec gives:
         * the models declare it (AS_CAP_IGNORES_ARGNAMES), so a name of a
         * positional-only, keyword-only or **kwargs parameter, or one given
         * beside nums, is the same rule, not argnames-posonly, kwonly-static,
         * variadic-name or both-specs (session 11) */
        {"jax.checkpoint from 0.10.2 hands static_argnames to remat3 only: every argument it names stays traced",
         "jax.checkpoint | verdict argnames-ignored",
         {{"jax.checkpoint@0.10.2", "(a, /)", "{\"static_argnames\": \"a\"}", "(x)"},
          {"jax.checkpoint@0.11", "(*, a)", "{\"static_argnames\": \"a\"}", "(a=x)"},
          {"jax.checkpoint@0.12", "(**kwargs)", "{\"static_argnames\": \"kwargs\"}", "(k0=x)"},
          {"jax.checkpoint@0.10.2", "(c)", "{\"static_argnums\": [], \"static_argnames\": \"c\"}", "(x)"},
          {"jax.checkpoint@0.12", "(a, b, *, c)", "{\"static_argnames\": \"c\", \"static_argnums\": [1, -2, 0]}",
           "(x, x, c=x)"}}},
    };
    /* source checks (engine/rootcause.c `mechanisms`): one check in the
     * source that CPython or a later release words several ways; each
     * wording is its own root cause (one masked message each), and every
     * one names the check it comes from */
    static const struct {
        const char *why, *check;
        one cases[5];
    } sources[] = {
        {"_argnums_partial under argnums_partial_except (jit/pjit 0.3.8-0.8.x) and argnums_partial (grad "
         "family 0.3.8-0.3.10, #10669): a repeated (or unresolved negative) index makes the rebuilt argument "
         "list one longer, and CPython words the extra argument by where it lands",
         "jax api_util._argnums_partial | code: a repeated (or unresolved negative) index gives f an extra "
         "positional argument",
         {{"jax.jit@0.3.10", "(a)", "{\"static_argnums\": -1}", "(x)"},                 /* takes N positional */
          {"jax.jit@0.5.0", "(a, b)", "{\"static_argnums\": [0, 0]}", "(x, b=x)"},     /* multiple values */
          {"jax.pjit@0.8.2", "(*args)", "{\"static_argnums\": [0, 0]}", "(x)"},       /* one *args entry more */
          {"jax.grad@0.3.10", "(a)", "{\"argnums\": -1}", "(x)"},
          {"jax.grad@0.3.10", "(b, c, d=0.0, **kwargs)", "{\"argnums\": -2}", "(x, x)"}}},   /* lands on d */
        /* (another way, the extra argument filling a parameter the call left
         * missing, is the reference's check the subject lacks: a
         * reference-check root cause, whatever family lacks it) */
        {"_argnums_partial's next(fixed_args_) runs dry on a repeated index: RuntimeError inside the "
         "lu.transformation generator (PEP 479, to 0.4.35), a bare StopIteration in lu.transformation2",
         "jax.grad-family | code api_util._argnums_partial: a repeated argnums index exhausts the static values "
         "(StopIteration)",
         {{"jax.value_and_grad@0.3.11", "(c)", "{\"argnums\": [0, 0]}", "(x)"},
          {"jax.value_and_grad@0.4.36", "(c)", "{\"argnums\": [0, 0]}", "(x)"}}},
        {"custom_jvp/vjp iterate an int nondiff_argnums unnormalised: set() in __call__ to 0.5.3, "
         "set.update() in __init__ from 0.6.2",
         "jax.custom_jvp/vjp | code custom_derivatives: an int nondiff_argnums is iterated*",
         {{"jax.custom_vjp@0.5.1", "(b)", "{\"nondiff_argnums\": 0}", "(x)"},
          {"jax.custom_jvp@0.6.2", "(a)", "{\"nondiff_argnums\": -1}", "()"}}},
        {"pmap's in_axes prefix error (broadcast_prefix against the positional arguments), with and without "
         "its paragraph on keyword arguments, and with the docs URL that moved to docs.jax.dev in 0.6",
         "jax.pmap | code api._prepare_pmap: a tuple in_axes must be a prefix of the positional arguments of the call",
         {{"jax.pmap@0.4.9", "(b)", "{\"in_axes\": [0]}", "(b=x)"},
          {"jax.pmap@0.6.0", "(b)", "{\"in_axes\": [0]}", "(b=x)"},
          {"jax.pmap@0.11", "(a)", "{\"in_axes\": [0]}", "()"}}},
        {"vmap_f matches a tuple in_axes with the call's positional arguments: flatten_axes's prefix error "
         "(0.3.10), the explicit len(in_axes) != len(args) check (0.4.21), with a note on keywords (0.11.1)",
         "jax.vmap | code api.vmap_f: a tuple in_axes is matched against the positional arguments of the call only",
         {{"jax.vmap@0.3.10", "(a)", "{\"in_axes\": [null]}", "(a=x)"},
          {"jax.vmap@0.4.21", "(*args)", "{\"in_axes\": [0]}", "()"},
          {"jax.vmap@0.11.1", "(a)", "{\"in_axes\": [null]}", "(a=x)"}}},
        {"equinox.filter_grad differentiates its first positional argument: declared by __call__(self, x, /, ...) "
         "in 0.10, checked by `if len(args) == 0` from 0.11",
         "equinox.filter_grad | code _GradWrapper.__call__: the differentiated argument must be passed by position",
         {{"equinox.filter_grad@0.10.0", "()", "{}", "()"}, {"equinox.filter_grad@0.11.0", "()", "{}", "()"}}},
    };
    /* neighbours that stay their own root cause */
    static const one apart[][2] = {
        /* a negative static index that moves no donation (the donate index is negative: ignored
         * either way) vs one that does */
        {{"jax.pjit@0.9.0", "(a, b)", "{\"static_argnums\": -2, \"donate_argnums\": -1}", "(x, x)"},
         {"jax.jit@0.4.14", "(a, b, c)", "{\"static_argnums\": -1, \"donate_argnums\": 0}", "(x, x, x)"}},
        /* checkpoint's own copy of argnums_partial vs api_util's: another function */
        {{"jax.checkpoint@0.10.2", "(*args)", "{\"static_argnums\": 0}", "(x, x)"},
         {"jax.jit@0.11", "(*args)", "{\"static_argnums\": 0}", "(x, x)"}},
        /* checkpoint's own range message vs _ensure_inbounds's */
        {{"jax.checkpoint@0.10.2", "(a)", "{\"static_argnums\": 0}", "()"},
         {"jax.checkpoint@0.10.2", "(b)", "{\"static_argnums\": -1}", "()"}},
        /* pmap's shard_map-era no-mapped-axis error vs _mapped_axis_size's */
        {{"jax.pmap@0.11", "()", "{}", "()"}, {"jax.pmap@0.4.9", "()", "{}", "()"}},
        /* the names overlap check vs rebase_donate_argnums's numbers */
        {{"jax.jit@0.11", "(a)", "{\"static_argnames\": \"a\", \"donate_argnames\": \"a\"}", ""},
         {"jax.jit@0.3.10", "()", "{\"static_argnums\": 1, \"donate_argnums\": 1}", ""}},
        /* pmap's in_axes prefix error vs its mapped-axis check */
        {{"jax.pmap@0.11", "(a)", "{\"in_axes\": [0]}", "()"}, {"jax.pmap@0.11", "(a)", "{\"in_axes\": null}", "(x)"}},
        /* vmap's tuple in_axes check vs its no-mapped-axis check (_mapped_axis_size) */
        {{"jax.vmap@0.4.21", "(*args)", "{\"in_axes\": [0]}", "()"},
         {"jax.vmap@0.10.0", "()", "{\"in_axes\": null}", "(x)"}},
        /* a negative index ignored (jit 0.3.7) vs read from len(args) (0.4.14) */
        {{"jax.jit@0.3.7", "(a, b)", "{\"static_argnums\": [0, -1]}", "(x, b=x)"},
         {"jax.pjit@0.4.14", "(a, b)", "{\"static_argnums\": -1}", "(x, b=x)"}},
        /* a negative index read from len(args) vs from the positional parameters */
        {{"jax.pjit@0.4.14", "(a, b)", "{\"static_argnums\": -1}", "(x, b=x)"},
         {"jax.jit@0.12", "(a, b, **kwargs)", "{\"static_argnums\": -2}", "(x, b=x)"}},
        /* jit's extra positional argument vs the IndexError of a static index the call lacks (#5351) */
        {{"jax.jit@0.3.10", "(a)", "{\"static_argnums\": -1}", "(x)"},
         {"jax.jit@0.3.7", "(a)", "{\"static_argnums\": -1}", "()"}},
        /* grad's extra argument (0.3.10, negative index) vs the exhausted static values (0.3.11, repeated) */
        {{"jax.grad@0.3.10", "(a)", "{\"argnums\": -1}", "(x)"},
         {"jax.grad@0.3.11", "(a)", "{\"argnums\": [0, 0]}", "(x)"}},
        /* checkpoint's ignored names vs its static_argnums missing a keyword-only argument (0.3.16) */
        {{"jax.checkpoint@0.10.2", "(c)", "{\"static_argnames\": \"c\"}", "(x)"},
         {"jax.checkpoint@0.3.16", "(*args, c)", "{\"static_argnums\": [1, 0]}", "(x, x, c=x)"}},
        /* jit 0.12's bare assert on a negative index vs 0.8.0's debug-info assert */
        {{"jax.jit@0.12", "(b, *args)", "{\"static_argnums\": -2}", "(x)"},
         {"jax.jit@0.8.0", "(a, /, **kwargs)", "{}", "(x, a=x)"}},
        /* the rule set aside beside donation flags in call order is a root cause of its own */
        {{"jax.jit@0.4.14", "(*, a, b)", "{\"donate_argnames\": \"b\"}", "(b=x, a=x)"},
         {"jax.jit@0.4.14", "(a, c)", "{\"donate_argnums\": -2}", "(x, c=x)"}},
        /* an int nondiff_argnums vs an out-of-range one */
        {{"jax.custom_vjp@0.5.1", "(b)", "{\"nondiff_argnums\": 0}", "(x)"},
         {"jax.custom_jvp@0.3.10", "(*args)", "{\"nondiff_argnums\": [0]}", "()"}},
    };
    /* the positional-parameter reading of a negative index is not taken
     * where another reading explains the argument */
    static const struct { one c; const char *not; } readings[] = {
        /* -2 names a as the reference reads it; -1 mod 1 would too */
        {{"jax.pmap@0.11", "(a, *, b)", "{\"donate_argnums\": [-2, -1]}", "(a=x, b=x)"}, "*positional-params*"},
        /* an unpassed default: its default rule */
        {{"jax.custom_vjp@0.12", "(b=0.0, c=0.0, **kwargs)", "{\"nondiff_argnums\": [-2]}", "()"},
         "*positional-params*"},
    };
    as_arena a;
    as_arena_init(&a);
    for (size_t i = 0; i < sizeof readings / sizeof *readings; i++) {
        const one *c = &readings[i].c;
        const char *cause = cause_of(&a, c->subject, c->sig, c->spec, c->call);
        assert_non_null(cause);
        if (fnmatch(readings[i].not, cause, 0) == 0)
            fail_msg("%s %s %s %s: '%s'", c->subject, c->sig, c->spec, c->call, cause);
    }
    for (size_t i = 0; i < sizeof merges / sizeof *merges; i++) {
        const char *first = NULL;
        for (int j = 0; j < 5 && merges[i].cases[j].subject; j++) {
            const one *c = &merges[i].cases[j];
            const char *cause = cause_of(&a, c->subject, c->sig, c->spec, c->call);
            if (!cause || fnmatch(merges[i].cause, cause, 0) != 0)
                fail_msg("%s: %s %s %s %s gives '%s', want '%s'", merges[i].why, c->subject, c->sig, c->spec,
                         c->call, cause ? cause : "(agrees)", merges[i].cause);
            if (first && strcmp(first, cause) != 0)   /* one root cause, not two the pattern both matches */
                fail_msg("%s: '%s' and '%s'", merges[i].why, first, cause);
            first = cause;
        }
    }
    for (size_t i = 0; i < sizeof readings_merge / sizeof *readings_merge; i++)
        for (int j = 0; j < 5 && readings_merge[i].cases[j].subject; j++) {
            const one *c = &readings_merge[i].cases[j];
            const char *cause = cause_of(&a, c->subject, c->sig, c->spec, c->call);
            if (!cause || strcmp(cause, readings_merge[i].cause) != 0)
                fail_msg("%s: %s %s %s %s gives '%s', want '%s'", readings_merge[i].why, c->subject, c->sig,
                         c->spec, c->call, cause ? cause : "(agrees)", readings_merge[i].cause);
        }
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++)
        for (int j = 0; j < 5 && sources[i].cases[j].subject; j++) {
            const one *c = &sources[i].cases[j];
            const char *cause = cause_of(&a, c->subject, c->sig, c->spec, c->call);
            const as_mechanism *m = cause ? as_rootcause_source_check(cause) : NULL;
            if (!m || fnmatch(sources[i].check, m->key, 0) != 0)
                fail_msg("%s: %s %s %s %s gives '%s' (source check %s), want the check '%s'", sources[i].why,
                         c->subject, c->sig, c->spec, c->call, cause ? cause : "(agrees)", m ? m->key : "none",
                         sources[i].check);
        }
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        const char *x = cause_of(&a, apart[i][0].subject, apart[i][0].sig, apart[i][0].spec, apart[i][0].call);
        const char *y = cause_of(&a, apart[i][1].subject, apart[i][1].sig, apart[i][1].spec, apart[i][1].call);
        assert_non_null(x);
        assert_non_null(y);
        if (strcmp(x, y) == 0)
            fail_msg("%s and %s share '%s'", apart[i][0].subject, apart[i][1].subject, x);
    }
    as_arena_free(&a);
}

static void test_campaign_causes(void **state)
{
    (void)state;
    char path[] = "/tmp/argsplit-rootcause-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    as_store *s;
    as_error err;
    assert_int_equal(as_store_open(path, 0, &s, &err), 0);
    as_run_info info = {.engine = "campaign", .seed = 15};
    long long run;
    assert_int_equal(as_store_run_begin(s, &info, &run, &err), 0);
    as_campaign_options o;
    as_campaign_options_default(&o);
    o.seed = 15;
    o.end_case = 3000;
    o.store = s;
    o.run_id = run;
    const as_subject **subs;
    int n_subs;
    assert_int_equal(as_campaign_select_subjects("all", &subs, &n_subs, &err), 0);
    o.subjects = subs;
    o.n_subjects = n_subs;
    as_campaign_progress p;
    assert_int_equal(as_campaign_fuzz(&o, &p, &err), 0);
    free(subs);
    assert_true(p.classes > 100);
    assert_true(p.root_causes > 20 && p.root_causes < p.classes / 4);
    assert_int_equal(p.new_root_causes, p.root_causes);

    as_arena a;
    as_arena_init(&a);
    as_rootcause *rc;
    as_class_row *rows;
    int n_rc, n_rows;
    assert_int_equal(as_rootcauses_load(s, &a, &rc, &n_rc, &rows, &n_rows, &err), 0);
    assert_int_equal(n_rows, p.classes);
    assert_int_equal(n_rc, p.root_causes);
    for (int i = 0; i < n_rc; i++) {
        assert_true(rc[i].n_classes >= 1 && rc[i].hits >= rc[i].n_classes);
        assert_non_null(rc[i].reproducer);
        assert_true(*rc[i].releases);
        /* each root cause has a shrunk reproducer of at most 4 parameters */
        const as_finding *f = as_class_reproducer(rc[i].reproducer);
        assert_true(rc[i].reproducer->has_shrunk);
        if (as_rootcause_params(f->signature) > 4)
            fail_msg("root cause %s: reproducer %s", rc[i].key, f->signature);
    }
    long long *ids;
    const char **causes;
    int nc, meta = 0;
    assert_int_equal(as_store_class_causes(s, &a, &ids, &causes, &nc, &err), 0);
    assert_int_equal(nc, n_rows);
    held *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->keep = &a;
    for (int k = 0; k < n_rows; k++) {
        const char *cause = NULL;
        for (int i = 0; i < nc && !cause; i++)
            if (ids[i] == rows[k].id)
                cause = causes[i];
        as_arena scratch;
        as_arena_init(&scratch);
        check_class(&scratch, &rows[k], cause, h);
        as_arena_free(&scratch);
        meta += strncmp(rows[k].relation, "meta:", 5) == 0;
    }
    /* no root cause holds two masked messages (two rules, where only
     * verdicts differ), and every root cause held one */
    int held_causes = 0;
    for (int i = 0; i < h->n; i++) {
        if (h->n_msgs[i] > 1)
            fail_msg("root cause %s holds two masked messages: '%s' and '%s'", h->cause[i], h->msgs[i][0],
                     h->msgs[i][1]);
        held_causes += h->n_msgs[i] == 1;
    }
    int with_ref = 0;   /* root causes with a vs-reference class */
    for (int i = 0; i < n_rc; i++)
        for (int v = 0; v < rc[i].n_variants; v++)
            if (strcmp(rc[i].variants[v].relation, "vs-reference") == 0) {
                with_ref++;
                break;
            }
    assert_int_equal(held_causes, with_ref);
    free(h);
    assert_true(meta > 10);   /* metamorphic reproducers were among them */
    as_arena_free(&a);
    as_store_close(s, NULL);
    unlink(path);
    char wal[64];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_message),
        cmocka_unit_test(test_groups_and_known),
        cmocka_unit_test(test_known_behaviours),
        cmocka_unit_test(test_merges),
        cmocka_unit_test(test_declared_readings),
        cmocka_unit_test(test_declared_caps),
        cmocka_unit_test(test_campaign_causes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
