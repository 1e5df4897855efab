/* compare.c — semantic discrepancy keys; see compare.h. */
#include "engine/compare.h"

#include <string.h>

#include "engine/rootcause.h"
#include "subjects/jax_common.h"
#include "subjects/registry.h"

/* Concatenate n (<= 9) strings into the arena (the hot path: no printf). */
static char *join(as_arena *a, int n, const char *const *parts)
{
    size_t len[9], total = 0;
    for (int i = 0; i < n; i++)
        total += len[i] = strlen(parts[i]);
    char *out = as_arena_alloc(a, total + 1), *p = out;
    for (int i = 0; i < n; i++) {
        memcpy(p, parts[i], len[i]);
        p += len[i];
    }
    *p = '\0';
    return out;
}

static char *join3(as_arena *a, const char *x, const char *sep, const char *y)
{
    const char *parts[3] = {x, sep, y};
    return join(a, 3, parts);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_nums(const char *kw) { return ends_with(kw, "argnums"); }
static int is_names(const char *kw) { return ends_with(kw, "argnames"); }

/* "static_argnums" and "static_argnames" share the role prefix "static_". */
static size_t role_len(const char *kw)
{
    return strlen(kw) - (is_nums(kw) ? 7 : is_names(kw) ? 8 : 0);
}

static int same_role(const char *a, const char *b)
{
    size_t n = role_len(a);
    return n == role_len(b) && strncmp(a, b, n) == 0;
}

static int role_has_both(const as_spec *spec, const char *kw)
{
    int nums = 0, names = 0;
    for (int i = 0; i < spec->n_entries; i++) {
        const char *k = spec->entries[i].keyword;
        if (!same_role(k, kw))
            continue;
        nums |= is_nums(k);
        names |= is_names(k);
    }
    return nums && names;
}

/* Elements of a selector value: a tuple/list's items, or the value itself. */
static int elements(const as_value *v, const as_value **out)
{
    if (v->type == AS_VALUE_TUPLE || v->type == AS_VALUE_LIST) {
        *out = v->items;
        return v->n_items;
    }
    *out = v;
    return 1;
}

static const char *kind_short(as_kind k)
{
    static const char *const names[] = {"po", "pk", "vp", "ko", "vk"};
    return (unsigned)k < 5 ? names[k] : "?";
}

static const char *passed_short(as_passed p)
{
    return p == AS_PASSED_POSITIONAL ? "pos" : p == AS_PASSED_KEYWORD ? "kw" : "def";
}

/* Does `v` (an int or str) select parameter `p` (declaration index) that
 * the argument (slot, key) binds to?  Sets the form bits below. */
enum { SEL_IDX = 1, SEL_NEG = 2, SEL_SLOT = 4, SEL_NEGN = 8, SEL_NAME = 16, SEL_NEGP = 32 };

/* The positional parameters (positional-only and positional-or-keyword). */
static int n_positional_params(const as_signature *sig)
{
    int n = 0;
    for (int i = 0; i < sig->n_params; i++)
        n += sig->params[i].kind == AS_POSITIONAL_ONLY || sig->params[i].kind == AS_POSITIONAL_OR_KEYWORD;
    return n;
}

/* The key of a **kwargs entry ("kwargs['k']" -> k, *len bytes), or NULL. */
static const char *kwargs_key(const as_split_entry *e, size_t *len)
{
    if (e->kind != AS_VAR_KEYWORD)
        return NULL;
    const char *q = strchr(e->param, '\'');
    const char *end = q ? strchr(q + 1, '\'') : NULL;
    if (!end)
        return NULL;
    *len = (size_t)(end - q - 1);
    return q + 1;
}

static unsigned select_bits(const as_case *c, const as_value *v, const as_split_entry *e,
                            const char *key)
{
    const as_signature *sig = c->sig;
    int n = sig->n_params;
    int n_call = c->args ? c->args->n_positional : 0;
    unsigned bits = 0;
    if (v->type == AS_VALUE_INT) {
        long long i = v->i;
        if (i >= 0 && i == e->param_index)
            bits |= SEL_IDX;
        if (i < 0 && i + n == e->param_index)
            bits |= SEL_NEG;
        if (e->slot >= 0 && i >= 0 && i == e->slot && i != e->param_index)
            bits |= SEL_SLOT;
        if (e->slot >= 0 && i < 0 && i + n_call == e->slot && i + n != e->param_index)
            bits |= SEL_NEGN;
        /* counted (mod) from the positional parameters only, when there is no *args */
        if (i < 0 && sig->varargs_index < 0 && i + n != e->param_index && e->passed != AS_PASSED_DEFAULT &&
            (e->kind == AS_POSITIONAL_ONLY || e->kind == AS_POSITIONAL_OR_KEYWORD)) {
            int n_pos = n_positional_params(sig);
            if (n_pos > 0 && ((i % n_pos) + n_pos) % n_pos == e->param_index)
                bits |= SEL_NEGP;
        }
    } else if (v->type == AS_VALUE_STR && v->s) {
        const char *name = key ? key : sig->params[e->param_index].name;
        if (strcmp(v->s, name) == 0 || strcmp(v->s, sig->params[e->param_index].name) == 0)
            bits |= SEL_NAME;
    }
    return bits;
}

/* Every way the spec's selectors reach entry e (SEL_ bits); *both: e is
 * reached through a role given both nums and names. */
static unsigned selector_bits(as_arena *a, const as_case *c, const as_split_entry *e, int *both)
{
    size_t key_len;
    const char *key_at = kwargs_key(e, &key_len);
    const char *key = key_at ? as_arena_strndup(a, key_at, key_len) : NULL;
    unsigned bits = 0;
    *both = 0;
    for (int i = 0; i < c->spec->n_entries; i++) {
        const as_spec_entry *se = &c->spec->entries[i];
        if (!is_nums(se->keyword) && !is_names(se->keyword))
            continue;
        const as_value *els;
        int n = elements(&se->value, &els);
        unsigned here = 0;
        for (int j = 0; j < n; j++)
            here |= select_bits(c, &els[j], e, key);
        if (here && role_has_both(c->spec, se->keyword))
            *both = 1;
        bits |= here;
    }
    /* the positional-parameter reading tells only when nothing else, the
     * reference's own reading of another negative index included, reaches
     * the argument */
    if (bits & (SEL_IDX | SEL_NAME | SEL_SLOT | SEL_NEGN | SEL_NEG))
        bits &= ~(unsigned)SEL_NEGP;
    return bits;
}

/* The most telling form of selector bits, so that combinations do not
 * multiply classes: "negN", "negP", "neg", "slot", "name", "idx", "none". */
static const char *selector_form(unsigned bits)
{
    static const struct { unsigned bit; const char *name; } forms[] = {
        {SEL_NEGN, "negN"}, {SEL_NEGP, "negP"}, {SEL_NEG, "neg"}, {SEL_SLOT, "slot"}, {SEL_NAME, "name"}, {SEL_IDX, "idx"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (bits & forms[i].bit)
            return forms[i].name;
    return "none";
}

/* Reached through a role given both nums and names by one of them only
 * (no inference: the both-specs rule), from selector_bits' answers. */
static int reached_by_one_of_both(unsigned bits, int both)
{
    return both && !((bits & (SEL_IDX | SEL_NEG | SEL_SLOT | SEL_NEGN | SEL_NEGP)) && (bits & SEL_NAME));
}

static void entry_selector(as_buf *b, const as_case *c, const as_split_entry *e,
                           int *reached_by_one_of_both_out)
{
    int both;
    unsigned bits = selector_bits(b->arena, c, e, &both);
    as_buf_puts(b, selector_form(bits));
    *reached_by_one_of_both_out = reached_by_one_of_both(bits, both);
}

const char *as_spec_salient(const as_case *c)
{
    const as_signature *sig = c->sig;
    const as_spec *spec = c->spec;
    int n = sig->n_params;
    unsigned f = 0;
    enum { OOR = 1, NPO = 2, NVP = 4, NVK = 8, NUNK = 16, OVL = 32, NEG = 64, BOTH = 128,
           NKO = 256, EMPTY = 512, DUP = 1024, UNSORTED = 2048, BARE = 4096 };
    unsigned char st[AS_MAX_PARAMS + 1] = {0}, dn[AS_MAX_PARAMS + 1] = {0};
    if (spec->n_entries == 0)
        return "none";
    for (int i = 0; i < spec->n_entries; i++) {
        const as_spec_entry *se = &spec->entries[i];
        int nums = is_nums(se->keyword), names = is_names(se->keyword);
        if (!nums && !names)
            continue;
        if (role_has_both(spec, se->keyword))
            f |= BOTH;
        const as_value *els;
        int m = elements(&se->value, &els);
        if (se->value.type != AS_VALUE_TUPLE && se->value.type != AS_VALUE_LIST)
            f |= BARE;
        else if (m == 0)
            f |= EMPTY;
        for (int j = 0; j < m; j++) {
            int p = -1;
            if (els[j].type == AS_VALUE_INT) {
                long long k = els[j].i;
                if (k >= n || k < -n)
                    f |= OOR;
                else
                    p = (int)(k < 0 ? k + n : k);
                if (k < 0)
                    f |= NEG;
                if (j && els[j - 1].type == AS_VALUE_INT && els[j - 1].i > k)
                    f |= UNSORTED;
            } else if (els[j].type == AS_VALUE_STR) {
                p = as_signature_find(sig, els[j].s);
                if (p < 0)
                    f |= NUNK;
                else if (sig->params[p].kind == AS_POSITIONAL_ONLY)
                    f |= NPO;
                else if (sig->params[p].kind == AS_VAR_POSITIONAL)
                    f |= NVP;
                else if (sig->params[p].kind == AS_VAR_KEYWORD)
                    f |= NVK;
                else if (sig->params[p].kind == AS_KEYWORD_ONLY)
                    f |= NKO;
            }
            for (int q = 0; q < j; q++)
                if (as_value_equal(&els[q], &els[j]))
                    f |= DUP;
            if (p >= 0 && strncmp(se->keyword, "static", 6) == 0)
                st[p] = 1;
            if (p >= 0 && strncmp(se->keyword, "donate", 6) == 0)
                dn[p] = 1;
        }
    }
    for (int p = 0; p < n && p <= AS_MAX_PARAMS; p++)
        if (st[p] && dn[p])
            f |= OVL;
    /* empty, duplicate, unsorted and bare selectors are what the
     * metamorphic relations vary; as an error's context they all read
     * "plain" (the salient name is still computed for tests) */
    static const struct { unsigned bit; const char *name; } order[] = {
        {OOR, "oor"}, {NPO, "name-po"}, {NVP, "name-var"}, {NVK, "name-var"}, {NUNK, "name-unknown"},
        {OVL, "overlap"}, {NEG, "neg"}, {BOTH, "both"}, {NKO, "name-ko"},
    };
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (f & order[i].bit)
            return order[i].name;
    (void)EMPTY, (void)DUP, (void)UNSORTED, (void)BARE;
    return "plain";
}

static const char *error_rule(const char *salient, const char *fallback)
{
    static const struct { const char *salient, *rule; } map[] = {
        {"oor", "out-of-range"}, {"name-po", "argnames-posonly"}, {"name-var", "argnames-varargs"},
        {"name-unknown", "unknown-name"}, {"overlap", "donate-overlap"},
        {"neg", "neg-index"}, {"both", "both-specs"}, {"name-ko", "kwonly-static"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)   /* first bytes first: "plain" matches none */
        if (map[i].salient[0] == salient[0] && strcmp(map[i].salient, salient) == 0)
            return map[i].rule;
    return fallback;
}

static int str_eq(const char *a, const char *b)
{
    return (a == b) || (a && b && strcmp(a, b) == 0);
}

/* Do entries e and o (the same index of two splits) differ in the call's
 * shape: another argument, or the same one passed another way (unless the
 * comparison ignores how arguments were passed)? */
static int shape_differs(const as_split_entry *e, const as_split_entry *o, unsigned flags)
{
    return !str_eq(e->param, o->param) || (e->passed != o->passed && !(flags & AS_COMPARE_IGNORE_PASSED));
}

static int warnings_equal(const as_split *a, const as_split *b)
{
    if (a->n_warnings != b->n_warnings)
        return 0;
    for (int i = 0; i < a->n_warnings; i++)
        if (!str_eq(a->warnings[i], b->warnings[i]))
            return 0;
    return 1;
}

/* Delta between two errors: "msg" when only the text differs, NULL when
 * nothing or only masked parts (an echoed index, a name) differ. */
static const char *error_delta(as_arena *a, as_message_memo *memo, const as_error *e, const as_error *o,
                               int rewritten)
{
    if (strcmp(e->type, o->type) != 0)
        return join3(a, e->type, ">", o->type);
    /* the phase is argsplit's annotation, not something Python shows */
    if (strcmp(e->message, o->message) == 0)
        return NULL;
    const char *me = as_rootcause_read(memo, a, e->message, AS_READ_MASK);
    const char *mo = as_rootcause_read(memo, a, o->message, AS_READ_MASK);
    /* a rewritten case may name its other keyword (nums for names) */
    if (rewritten) {
        me = as_rootcause_mask_keywords(a, me);
        mo = as_rootcause_mask_keywords(a, mo);
    }
    return strcmp(me, mo) != 0 ? "msg" : NULL;
}

/* The mechanism of two outcomes of one phase, at least one an error. */
static const char *error_mechanism(as_arena *a, as_message_memo *memo, const char *phase, const as_error *e,
                                   const as_error *o)
{
    if (o) {
        const char *parts[] = {"raises ", phase, " ", o->type, ": ", as_rootcause_read(memo, a, o->message, AS_READ_RAISES)};
        return join(a, 6, parts);
    }
    const char *parts[] = {"lacks ", phase, " ", e->type, ": ",
                           as_rootcause_read(memo, a, e->message, AS_READ_LACKS)};
    return join(a, 6, parts);
}

static int entry_differs(const as_split_entry *e, const as_split_entry *o, as_buf *delta)
{
    if (e->verdict != o->verdict) {
        as_buf_puts(delta, as_verdict_name(e->verdict));
        as_buf_putc(delta, '>');
        as_buf_puts(delta, as_verdict_name(o->verdict));
        return 1;
    }
    if (e->donated >= 0 && o->donated >= 0 && e->donated != o->donated) {
        as_buf_printf(delta, "donate:%d>%d", e->donated, o->donated);
        return 1;
    }
    if (e->has_axis && o->has_axis &&
        (e->axis_is_null != o->axis_is_null || (!e->axis_is_null && e->axis != o->axis))) {
        as_buf_printf(delta, "axis:%s>%s", e->axis_is_null ? "none" : "int", o->axis_is_null ? "none" : "int");
        return 1;
    }
    return 0;
}

static int is_literal(const char *text)
{
    return text && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9'));
}

static const char *entry_rule(const as_case *c, const as_split_entry *e, const char *sel,
                              const char *delta, int both)
{
    if (strstr(sel, "neg"))
        return "neg-index";
    if (both)
        return "both-specs";
    if (strncmp(delta, "donate", 6) == 0)
        return "donate";
    if (strncmp(delta, "axis", 4) == 0)
        return "in-axes";
    if (e->passed == AS_PASSED_DEFAULT)
        return "unpassed-default";
    if (e->kind == AS_VAR_POSITIONAL && strcmp(sel, "name") == 0)
        return "argnames-varargs";   /* the *args parameter's name (the root cause's variadic-name) */
    if (e->kind == AS_VAR_POSITIONAL || strstr(sel, "slot"))
        return "varargs-index";
    if (e->kind == AS_VAR_KEYWORD)
        return "kwargs-key";
    if (e->kind == AS_KEYWORD_ONLY)
        return "kwonly-static";
    if (e->kind == AS_POSITIONAL_ONLY && strstr(sel, "name"))
        return "argnames-posonly";
    if (c->binding && c->args && e->passed == AS_PASSED_POSITIONAL && e->slot >= 0 &&
        e->slot < c->args->n_positional && is_literal(c->args->positional[e->slot].text))
        return "by-value";
    if (e->passed == AS_PASSED_KEYWORD)
        return "keyword-arg";
    return strcmp(sel, "none") == 0 ? "unselected" : "selected";
}

/* The rule of a verdict mechanism: what the spec does to the argument, not
 * the argument's value or the pair of verdicts (one wrong selector makes
 * one argument lose a role and another gain it). */
static const char *mechanism_rule(const as_split_entry *e, const char *sel, int both, int binds)
{
    if (strcmp(sel, "negN") == 0)   /* counted from the call's positional arguments */
        return "neg-index-len(args)";
    if (strcmp(sel, "negP") == 0)   /* counted from the positional parameters only */
        return "neg-index-positional-params";
    if (strcmp(sel, "neg") == 0)
        return "neg-index";
    /* both specs given, no inference: that matters only where inference
     * would have reached, a positional-or-keyword parameter */
    if (both && e->kind == AS_POSITIONAL_OR_KEYWORD)
        return "both-specs";
    if (e->passed == AS_PASSED_DEFAULT)
        return "unpassed-default";
    /* no selector reaches it: the subject decides by its own rule (grad's
     * default argnums, Equinox by value and first positional, vmap/pmap
     * mapping keyword arguments), however the argument was passed */
    if (strcmp(sel, "none") == 0)
        return "unselected";
    /* a name of the *args parameter reaches its elements by the
     * reference's reading only: JAX matches a name with the keyword the
     * call passed, or maps it to a positional-or-keyword parameter's
     * position, and neither is an *args element (not the index rule) */
    if (e->kind == AS_VAR_POSITIONAL && strcmp(sel, "name") == 0)
        return "variadic-name";
    if (e->kind == AS_VAR_POSITIONAL || strcmp(sel, "slot") == 0)
        return "varargs-index";
    /* an index reaches an argument passed by keyword: JAX matches indices
     * with call slots and keyword arguments by name only, whatever the
     * parameter's kind (keyword-only, a **kwargs entry, or one passed by
     * keyword) */
    if (e->passed == AS_PASSED_KEYWORD && strcmp(sel, "idx") == 0 && !binds)
        return "keyword-arg";
    /* ... and so does a name of the **kwargs parameter or of a key */
    if (e->kind == AS_VAR_KEYWORD)
        return "variadic-name";
    if (e->kind == AS_KEYWORD_ONLY)
        return "kwonly-static";
    if (e->kind == AS_POSITIONAL_ONLY && strcmp(sel, "name") == 0)
        return "argnames-posonly";
    return e->passed == AS_PASSED_KEYWORD && !binds ? "keyword-arg" : "selected";
}

/* How telling a selector is about the mechanism: a negative index explains
 * the arguments it moves a role between, whichever of them comes first. */
static int selector_rank(const char *sel)
{
    return strcmp(sel, "negN") == 0 || strcmp(sel, "negP") == 0 ? 3 : strcmp(sel, "neg") == 0 ? 2
                                                                   : strcmp(sel, "none") != 0;
}

/* ---- which reading of a negative index the subject took ----------------
 *
 * The reference reads a negative index i from the parameters (i + n); a
 * subject may read it from the call's positional arguments (i + len(args),
 * api_util._ensure_inbounds), from the positional parameters only (i mod
 * n_pos), or not at all (membership tests: donation_vector, pmap's static
 * broadcast, custom_jvp).  The rule names the reading that reproduces every
 * differing argument of the role at once: each argument the subject gives
 * the role and the reference does not is reached by the reading, and each
 * one the reference gives it and the subject does not is reached by the
 * reference only through a negative index, which the reading does not
 * send there. */
enum { READ_IDX = 1, READ_NAME = 2, READ_PARAMS = 4, READ_LEN = 8, READ_POSP = 16, READ_SLOT = 32, READ_KWNAME = 64 };

static int role_keyword(const char *kw, int donation)
{
    return (is_nums(kw) || is_names(kw)) && (strncmp(kw, "donate", 6) == 0) == donation;
}

/* How the role's selectors reach entry e, one bit per reading. */
static unsigned reading_bits(const as_case *c, const as_split_entry *e, int donation)
{
    const as_signature *sig = c->sig;
    int n = sig->n_params, n_call = c->args ? c->args->n_positional : 0, n_pos = n_positional_params(sig);
    size_t key_len = 0;
    const char *key = kwargs_key(e, &key_len);
    unsigned bits = 0;
    for (int i = 0; i < c->spec->n_entries; i++) {
        const as_spec_entry *se = &c->spec->entries[i];
        if (!role_keyword(se->keyword, donation))
            continue;
        const as_value *els;
        int m = elements(&se->value, &els);
        for (int j = 0; j < m; j++) {
            const as_value *v = &els[j];
            if (v->type == AS_VALUE_STR && v->s) {
                /* the reference reaches a **kwargs entry by the parameter's
                 * name or its key; JAX's dispatch matches the keyword the
                 * call passed, which for a **kwargs entry is its key only */
                int by_key = key && strncmp(v->s, key, key_len) == 0 && !v->s[key_len];
                if (strcmp(v->s, sig->params[e->param_index].name) == 0 || by_key)
                    bits |= READ_NAME;
                if (e->passed == AS_PASSED_KEYWORD && (key ? by_key : strcmp(v->s, sig->params[e->param_index].name) == 0))
                    bits |= READ_KWNAME;
                continue;
            }
            if (v->type != AS_VALUE_INT)
                continue;
            long long k = v->i;
            if (k >= 0) {
                bits |= k == e->param_index ? READ_IDX : 0;
                bits |= e->passed == AS_PASSED_POSITIONAL && k == e->slot ? READ_SLOT : 0;
                continue;
            }
            if (k + n == e->param_index)
                bits |= READ_PARAMS;
            if (e->slot >= 0 && e->passed == AS_PASSED_POSITIONAL && k + n_call == e->slot)
                bits |= READ_LEN;
            /* from the positional parameters: the slot mod n_pos, and by
             * keyword the name the reference's reading infers (jit 0.12) */
            if (sig->varargs_index < 0 && n_pos > 0 &&
                (e->kind == AS_POSITIONAL_ONLY || e->kind == AS_POSITIONAL_OR_KEYWORD) &&
                (e->passed == AS_PASSED_KEYWORD ? e->kind == AS_POSITIONAL_OR_KEYWORD && k + n == e->param_index
                                                : ((k % n_pos) + n_pos) % n_pos == e->param_index))
                bits |= READ_POSP;
        }
    }
    return bits;
}

/* Does the role hold (that is, give the subject's answer) on entry pair
 * (e, o)?  For verdicts: the verdict the role's selectors give; for
 * donation: donated. */
static int role_differs(const as_split_entry *e, const as_split_entry *o, int donation)
{
    return donation ? e->donated >= 0 && o->donated >= 0 && e->donated != o->donated : e->verdict != o->verdict;
}

/* The reading of the role's negative indices that explains every entry,
 * or NULL.  The subject is taken to read non-negative indices by call slot
 * and names by keyword (as JAX's dispatch does), or as its `caps` declare
 * (subjects/subject.h: by the bound call's positions, or no names at all);
 * only the reading of the negative ones varies. */
static int named_twice(const as_case *c, const as_split_entry *e, unsigned declared);

static const char *negative_reading(const as_case *c, const as_split *expected, const as_split *observed,
                                    int donation, unsigned declared, unsigned caps, unsigned flags, int set_aside)
{
    int binds = (caps & AS_CAP_BINDS_CALL) != 0;
    /* names the subject reads: none where it ignores the role's names */
    unsigned names = !donation && (caps & AS_CAP_IGNORES_ARGNAMES) ? 0u : (unsigned)(READ_NAME | READ_KWNAME);
    static const struct { unsigned bit; const char *rule; } readings[] = {
        {READ_LEN, "neg-index-len(args)"}, {READ_POSP, "neg-index-positional-params"}, {0, "neg-index-ignored"},
    };
    _Static_assert(AS_NEG_LEN_ARGS == 1 && AS_NEG_POSITIONAL == 2 && AS_NEG_IGNORED == 4,
                   "declared readings are bits in the order of readings[]");
    /* fits[m][r]: reading r explains every entry when the subject reads
     * non-negative indices by call slot and names by keyword (m = 0, JAX's
     * dispatch) or, having bound the call to the signature, both by
     * parameter (m = 1: custom_jvp/vjp's resolve_kwargs).  A subject that
     * declares it binds the call (`binds`) is held to m = 1; any other
     * may take either, m = 0 first */
    int fits[2][3] = {{1, 1, 1}, {1, 1, 1}}, telling[2][3] = {{0}}, any[2] = {0};
    /* what else the differing entries show: one passed by keyword that
     * loses the role (no index reaches it under JAX's dispatch, whatever
     * its sign: the keyword-arg rule), and whether anything but an
     * unpassed default differs (a default the subject passes, alone, is
     * the unpassed-default rule, not a reading) */
    int keyword_lost = 0, nondefault_differs[2] = {0}, keyword_aside = 0;
    for (int i = 0; i < expected->n_entries; i++) {
        const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
        if (shape_differs(e, o, flags))
            return NULL;
        int differs = role_differs(e, o, donation);
        unsigned bits = reading_bits(c, e, donation);
        /* a second rule's entry, set aside when asked: one no negative
         * index touches, an unpassed default (the subject's own default
         * rule), or a slot the argnums name twice that the subject dropped
         * (the repeated-index rule, whatever the reference says of it) */
        if (set_aside &&
            ((differs && (!(bits & (READ_PARAMS | READ_LEN | READ_POSP)) || e->passed == AS_PASSED_DEFAULT ||
                          o->verdict == AS_VERDICT_DEFAULT || e->verdict == AS_VERDICT_DEFAULT)) ||
             (!donation && named_twice(c, e, declared) && o->verdict != AS_VERDICT_TRACED)))
            continue;
        if (e->passed == AS_PASSED_DEFAULT || o->verdict == AS_VERDICT_DEFAULT || e->verdict == AS_VERDICT_DEFAULT) {
            if (!differs)
                continue;
            /* an unpassed default the subject passes anyway: only a reading
             * that lands on it explains it (grad 0.3.8-0.3.10's rebuilt
             * argument list); any other change of a default is its own rule */
            if (donation || e->verdict != AS_VERDICT_DEFAULT || !(bits & READ_POSP) || (bits & (READ_IDX | READ_NAME)))
                return NULL;
            for (int m = 0; m < 2; m++)
                fits[m][0] = fits[m][2] = 0, telling[m][1] = 1;
            any[0] = any[1] = 1;
            continue;
        }
        int ref = (bits & (READ_IDX | READ_NAME | READ_PARAMS)) != 0;   /* the reference's reading */
        int lost = !binds && differs && ref && e->passed == AS_PASSED_KEYWORD && !(bits & names & READ_KWNAME);
        /* set aside, under JAX's dispatch only: a keyword argument that
         * loses the role (the keyword-arg rule), when a reading that tells
         * explains the rest */
        keyword_aside |= set_aside && lost;
        keyword_lost |= lost && !set_aside;
        for (int m = 0; m < 2; m++) {
            if (m == 0 && set_aside && lost)
                continue;
            nondefault_differs[m] |= differs;
            any[m] |= differs && (bits & (READ_PARAMS | READ_LEN | READ_POSP));   /* a negative index touches it */
            /* the subject's reading, negatives aside: by call slot and
             * keyword (m = 0); or by the position the bound call gives it
             * (its slot, or its parameter's index when passed by keyword)
             * and by the name of a parameter with one position (m = 1:
             * *args' name maps to no position) */
            int nonneg = m ? (bits & READ_SLOT) || (e->passed == AS_PASSED_KEYWORD && (bits & READ_IDX)) ||
                                 ((bits & names & READ_NAME) && e->kind != AS_VAR_POSITIONAL)
                           : (bits & (READ_SLOT | (names & READ_KWNAME))) != 0;
            for (int r = 0; r < 3; r++) {
                int reached = (bits & readings[r].bit) != 0 && readings[r].bit;
                /* the subject's answer under this reading: the role iff a
                 * non-negative selector or the reading reaches the entry */
                if ((nonneg || reached) != (ref != differs))
                    fits[m][r] = 0;
                /* it tells when it moves the role where the reference does
                 * not (or, ignoring, takes it from where the reference puts it) */
                if (differs && !(m == 0 && e->passed == AS_PASSED_KEYWORD))
                    telling[m][r] |= r == 2 ? ref && !nonneg : !ref && reached;
            }
        }
    }
    /* the one reading that fits; of several, the first that tells: one
     * that gives the role where the reference does not, else "ignored"
     * (an argument the reference reaches through the negative index only
     * and the subject leaves alone: no reading reaches anything else).
     * A subject that declares its readings (as_subject.negative_reading,
     * bits in the order of readings[]) is held to them: where several
     * fit, the case cannot tell them apart but the model can; where only
     * an undeclared one fits, it is not the subject's mechanism (grad's
     * `argnums=(-1, -1)` drops the argument by repetition, not by
     * ignoring the negative). */
    for (int m = binds; m < 2; m++) {
        if (m == 1 && keyword_aside)
            break;   /* set aside under JAX's dispatch: it alone decides */
        if (!any[m] || !nondefault_differs[m])
            continue;
        int n_fit = fits[m][0] + fits[m][1] + fits[m][2];
        if (declared) {
            int n_cand = 0, first = -1, first_telling = -1;
            for (int r = 0; r < 3; r++)
                if (fits[m][r] && (declared >> r & 1u)) {
                    n_cand++;
                    first = first < 0 ? r : first;
                    first_telling = first_telling < 0 && telling[m][r] ? r : first_telling;
                }
            if (n_cand == 0 || (keyword_aside && first_telling < 0))
                continue;
            if (n_fit == 1 || first_telling >= 0)
                return readings[n_fit == 1 ? first : first_telling].rule;
            if (m == 0 && keyword_lost)
                return NULL;   /* as below: the keyword-arg rule */
            return readings[first].rule;
        }
        for (int r = 0; r < 3; r++)
            if (fits[m][r] && ((n_fit == 1 && !keyword_aside) || telling[m][r]))
                return readings[r].rule;
        /* JAX's dispatch explains the split with no telling reading, and a
         * keyword argument lost its role: that is the keyword-arg rule */
        if (m == 0 && n_fit > 0 && keyword_lost)
            return NULL;
    }
    return NULL;
}

/* Does the subject ignore the role's names altogether (jax.checkpoint
 * from 0.10.2 hands static_argnames to remat3 only)?  The role has names
 * and no nums beside them (else it is "both-specs"), no negative index is
 * in the spec (its readings come first), every argument reached
 * by a name only loses the role (differing or not), and one that differs
 * is a positional-or-keyword parameter.  A subject that declares it
 * ignores them (`declared`: AS_CAP_IGNORES_ARGNAMES) needs no witness:
 * any kind of parameter, nums (negative ones too: the readings were
 * tried first) beside or not, and the arguments the nums reach aside. */
static int names_ignored(const as_case *c, const as_split *expected, const as_split *observed, int donation,
                         int declared, unsigned flags)
{
    /* a role given both nums and names is the both-specs rule; a negative
     * index anywhere, its readings */
    for (int i = 0; i < c->spec->n_entries; i++) {
        const as_spec_entry *se = &c->spec->entries[i];
        if (role_keyword(se->keyword, donation) && role_has_both(c->spec, se->keyword) && !declared)
            return 0;
        const as_value *els;
        int m = is_nums(se->keyword) ? elements(&se->value, &els) : 0;
        for (int j = 0; j < m && !declared; j++)
            if (els[j].type == AS_VALUE_INT && els[j].i < 0)
                return 0;
    }
    int telling = 0;
    for (int i = 0; i < expected->n_entries; i++) {
        const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
        if (shape_differs(e, o, flags))
            return 0;
        int differs = role_differs(e, o, donation);
        unsigned bits = reading_bits(c, e, donation);
        int by_nums = (bits & (READ_IDX | READ_SLOT | READ_PARAMS | READ_LEN | READ_POSP)) != 0;
        if (e->passed == AS_PASSED_DEFAULT || e->verdict == AS_VERDICT_DEFAULT || o->verdict == AS_VERDICT_DEFAULT) {
            if (differs)
                return 0;
            continue;
        }
        /* (a declared subject: a name it would have honoured is cause
         * enough, whatever nums reach the argument too) */
        if (!(bits & READ_NAME) || (by_nums && !declared)) {
            if (differs && !by_nums)
                return 0;   /* a difference no name explains */
            continue;
        }
        if (!differs && !declared)
            return 0;       /* a name the subject honours */
        /* a positional-or-keyword parameter's name (a positional-only, a
         * keyword-only one alone tells no more than argnames-posonly /
         * kwonly-static; a **kwargs or *args name is variadic-name) */
        telling |= differs && (declared || e->kind == AS_POSITIONAL_OR_KEYWORD);
    }
    return telling;
}

/* ---- donation flags laid on keyword arguments in call order ----------
 *
 * jit/pjit 0.4.14-0.4.26 compute the donation flags of the dynamic (not
 * static) keyword arguments in sorted-key order but lay them on the
 * arguments in call order: the keyword at sorted rank r gets the flag of
 * the one at call rank r.  Only donation differs, only on such keywords,
 * and that permutation of the reference's flags gives the subject's. */

/* Is e the entry of keyword `kw` (a named parameter, or "kwargs['kw']")? */
static int entry_has_keyword(const as_split_entry *e, const char *kw)
{
    if (e->kind != AS_VAR_KEYWORD)
        return str_eq(e->param, kw);
    size_t n;
    const char *key = kwargs_key(e, &n);
    return key && strncmp(key, kw, n) == 0 && !kw[n];
}

static int donated_in_call_order(as_arena *a, const as_case *c, const as_split *expected, const as_split *observed,
                                 unsigned flags, int set_aside)
{
    enum { MAX_KEYWORDS = 64 };
    const as_call_args *args = c->args;
    if (!args || args->n_keywords < 2 || args->n_keywords > MAX_KEYWORDS)
        return 0;
    /* set aside: the flags are JAX's own (donation_vector: the keyword is
     * in donate_argnames, as given or inferred), not the reference's, and
     * a positional argument's donation is another rule's */
    as_jax_nums nums;
    as_jax_names names;
    as_error err;
    if (set_aside && as_jax_infer_argnums_and_argnames(a, c->sig, as_spec_get(c->spec, "donate_argnums"),
                                                       as_spec_get(c->spec, "donate_argnames"), c->py_minor, &nums,
                                                       &names, &err) < 0)
        return 0;
    int call[MAX_KEYWORDS], n = 0;            /* entry of each dynamic keyword, in call order */
    const char *name[MAX_KEYWORDS];
    signed char flag[MAX_KEYWORDS];           /* its donation flag, in call order */
    for (int j = 0; j < args->n_keywords; j++) {
        const char *kw = args->keywords[j].keyword;
        int at = -1;
        for (int i = 0; kw && i < expected->n_entries && at < 0; i++)
            if (expected->entries[i].passed == AS_PASSED_KEYWORD && entry_has_keyword(&expected->entries[i], kw))
                at = i;
        if (at < 0)
            return 0;
        if (observed->entries[at].verdict != AS_VERDICT_STATIC) {
            flag[n] = (signed char)(set_aside ? as_jax_names_contains(&names, kw) : expected->entries[at].donated);
            call[n] = at, name[n++] = kw;
        }
    }
    int differs = 0;
    for (int i = 0; i < expected->n_entries; i++) {
        const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
        if (shape_differs(e, o, flags))
            return 0;
        if (e->verdict != o->verdict || e->has_axis != o->has_axis || e->axis_is_null != o->axis_is_null ||
            e->axis != o->axis || e->donated < 0 || o->donated < 0)
            return 0;
        if (e->donated == o->donated)
            continue;
        int dynamic_keyword = 0;
        for (int k = 0; k < n; k++)
            dynamic_keyword |= call[k] == i;
        if (!dynamic_keyword && !set_aside)
            return 0;
        differs |= dynamic_keyword;
    }
    int permuted = 0;   /* the order, not the flags, moves a donation */
    for (int k = 0; differs && k < n; k++) {
        int rank = 0;
        for (int m = 0; m < n; m++)
            rank += strcmp(name[m], name[k]) < 0;
        if (observed->entries[call[k]].donated != flag[rank])
            return 0;
        permuted |= flag[rank] != flag[k];
    }
    return differs && permuted;
}

/* ---- donate indices rebased past a negative static index -------------
 *
 * api_util.rebase_donate_argnums (jit/pjit to 0.8.x, pmap) rebases the
 * donate indices onto the dynamic arguments at decoration, with the static
 * indices as written: a negative static index counts as below every donate
 * index and moves each one down a slot, although at the call it removes
 * (if anything) an argument from the end.  The spec has a negative static
 * index that moves a donation (donating the slots the donate indices name
 * would give another answer), donating the rebased indices of the dynamic
 * arguments, as the subject's static reading leaves them, gives the
 * subject's donation exactly, and a verdict that differs is that
 * reading's. */
enum { MAX_REBASE = 64 };

static int donated_after_rebase(as_arena *a, const as_case *c, const as_split *expected, const as_split *observed,
                                unsigned static_reading, unsigned flags, int set_aside)
{
    const as_value *sv = as_spec_get(c->spec, "static_argnums");
    if (!sv)
        sv = as_spec_get(c->spec, "static_broadcasted_argnums");
    const as_value *dnums = as_spec_get(c->spec, "donate_argnums"), *dnames = as_spec_get(c->spec, "donate_argnames");
    int n_call = c->args ? c->args->n_positional : 0, negative = 0;
    if (!sv || (!dnums && !dnames) || n_call > MAX_REBASE || !(static_reading & (AS_NEG_IGNORED | AS_NEG_LEN_ARGS)))
        return 0;
    /* the indices as the subject holds them: _ensure_index_tuple, and the
     * donate ones inferred from donate_argnames where no nums are given */
    as_jax_nums statics, donate, rebased;
    as_jax_names names;
    as_error err;
    if (as_jax_ensure_index_tuple(a, sv, c->py_minor, &statics, &err) < 0 || statics.n == 0 ||
        as_jax_infer_argnums_and_argnames(a, c->sig, dnums, dnames, c->py_minor, &donate, &names, &err) < 0 ||
        donate.n == 0)
        return 0;
    /* the call's slots the static indices take out, as the subject reads them */
    unsigned char removed[MAX_REBASE] = {0};
    for (int i = 0; i < statics.n; i++) {
        long long s = statics.v[i];
        negative |= s < 0;
        if (s < 0 && (static_reading & AS_NEG_LEN_ARGS))
            s += n_call;
        if (s >= 0 && s < n_call)
            removed[s] = 1;
    }
    if (!negative || as_jax_rebase_donate_argnums(a, &donate, &statics, c->py_minor, &rebased, &err) < 0)
        return 0;
    unsigned char donated[MAX_REBASE] = {0}, named[MAX_REBASE] = {0};
    for (int s = 0, dyn = 0; s < n_call; s++) {
        if (removed[s])
            continue;
        named[s] = (unsigned char)as_jax_nums_contains(&donate, s);
        donated[s] = (unsigned char)as_jax_nums_contains(&rebased, dyn);   /* donation_vector: `i in donate_argnums` */
        dyn++;
    }
    int differs = 0, verdict_differs = 0;
    for (int i = 0; i < expected->n_entries; i++) {
        const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
        int passed_differs = e->passed != o->passed && !(flags & AS_COMPARE_IGNORE_PASSED);
        if (!str_eq(e->param, o->param) || (passed_differs && !set_aside))
            return 0;
        /* a static argument has no axis and is not donated: where the
         * verdicts differ (the static reading's doing), so may they */
        if (e->verdict != o->verdict || passed_differs) {
            verdict_differs = 1;
            continue;
        }
        if (e->has_axis && o->has_axis &&
            (e->axis_is_null != o->axis_is_null || (!e->axis_is_null && e->axis != o->axis)))
            return 0;
        if (e->passed == AS_PASSED_DEFAULT || e->donated < 0 || o->donated < 0)
            continue;   /* as entry_differs: a side without donation tells nothing */
        int positional = e->passed == AS_PASSED_POSITIONAL && e->slot >= 0 && e->slot < n_call;
        if (!positional && set_aside)
            continue;   /* a keyword argument's donation: another rule's */
        if (positional ? o->donated != donated[e->slot] : o->donated != e->donated)
            return 0;
        differs |= e->donated != o->donated;
    }
    if (!differs || memcmp(donated, named, (size_t)n_call) == 0)
        return 0;
    /* set aside: a verdict that differs is another rule's */
    return !verdict_differs || set_aside || negative_reading(c, expected, observed, 0, static_reading, 0, flags, 0) != NULL;
}

/* Is the role's index a bare 0 that the subject lost (custom_jvp/vjp test
 * `if nondiff_argnums:` before using it, and 0 is false), on an argument
 * no name of the role selects? */
static int zero_taken_as_false(const as_case *c, const as_split_entry *e, const as_split_entry *o, int donation,
                               int binds)
{
    int zero = 0;
    for (int i = 0; i < c->spec->n_entries; i++) {
        const as_spec_entry *se = &c->spec->entries[i];
        if (!role_keyword(se->keyword, donation))
            continue;
        if (is_names(se->keyword)) {
            const as_value *els;
            int n = elements(&se->value, &els);
            for (int j = 0; j < n; j++)
                if (els[j].type == AS_VALUE_STR && str_eq(els[j].s, e->param))
                    return 0;   /* a name selects it as well */
            continue;
        }
        if (se->value.type != AS_VALUE_INT || se->value.i != 0)
            return 0;   /* not a bare 0 */
        zero = 1;
    }
    /* the first argument: the call's (JAX's dispatch), or the first
     * parameter however it was passed (a subject that binds the call) */
    int first = binds ? e->param_index == 0 && e->passed != AS_PASSED_DEFAULT
                      : e->passed == AS_PASSED_POSITIONAL && e->slot == 0;
    return zero && first &&
           (donation ? e->donated == 1 && o->donated == 0
                     : e->verdict == AS_VERDICT_STATIC && o->verdict == AS_VERDICT_TRACED);
}

/* Do the argnums name positional entry e's slot twice once read from
 * len(args) (a subject declaring that reading)?  grad from 0.10.2:
 * argnums_partial2 hands f None for a repeated index, `argnums=(0, -1)`
 * on one argument included. */
static int named_twice(const as_case *c, const as_split_entry *e, unsigned declared)
{
    int n_call = c->args ? c->args->n_positional : 0;
    if (!(declared & AS_NEG_LEN_ARGS) || e->passed != AS_PASSED_POSITIONAL || e->slot < 0 || e->slot >= n_call)
        return 0;
    int times = 0;
    for (int i = 0; i < c->spec->n_entries; i++) {
        const as_spec_entry *se = &c->spec->entries[i];
        if (strcmp(se->keyword, "argnums") != 0)
            continue;
        const as_value *els;
        int m = elements(&se->value, &els);
        for (int j = 0; j < m; j++)
            if (els[j].type == AS_VALUE_INT && (els[j].i < 0 ? els[j].i + n_call : els[j].i) == e->slot)
                times++;
    }
    return times >= 2;
}

/* ... and did the subject leave it undifferentiated where the reference
 * differentiates it? */
static int dropped_as_repeated_one(const as_case *c, const as_split_entry *e, const as_split_entry *o,
                                   unsigned declared)
{
    return named_twice(c, e, declared) && e->verdict == AS_VERDICT_TRACED && o->verdict != AS_VERDICT_TRACED;
}

/* ... and is that every verdict that differs, or (set_aside) one of
 * them, the others a second rule's? */
static int dropped_as_repeated(const as_case *c, const as_split *expected, const as_split *observed, unsigned declared,
                               int set_aside)
{
    int any = 0;
    for (int i = 0; i < expected->n_entries; i++) {
        const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
        if (e->verdict == o->verdict)
            continue;
        if (dropped_as_repeated_one(c, e, o, declared))
            any = 1;
        else if (!set_aside)
            return 0;
    }
    return any;
}

/* The built-in subject named `subject`, whose declarations (the readings
 * of its negative indices, whether it binds the call: subjects/subject.h)
 * name its rules; NULL for any other (an external one, a version pair
 * "A>B"). */
static const as_subject *builtin_subject(const char *subject)
{
    const as_subject *s = as_subject_find(subject);
    return s && strcmp(s->id, subject) == 0 ? s : NULL;
}

/* "verdict RULE", "donation RULE" or "axes RULE" of the differing entries
 * from `first` on: the one whose selector tells most. */
static const char *entries_mechanism(as_arena *a, const as_case *c, const char *subject,
                                     const as_split *expected, const as_split *observed, int first, unsigned flags)
{
    const char *best_sel = NULL, *best_delta = NULL;
    const as_split_entry *best = NULL;
    unsigned best_bits = 0;
    int best_both = 0, best_role_both = 0;
    const as_subject *subj = builtin_subject(subject);
    unsigned declared = subj ? subj->negative_reading : 0;
    unsigned caps = subj ? subj->caps : 0;
    int binds = (caps & AS_CAP_BINDS_CALL) != 0;
    for (int i = first; i < expected->n_entries; i++) {
        const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
        if (shape_differs(e, o, flags))
            break;
        as_buf d;
        as_buf_init(&d, a);
        if (!entry_differs(e, o, &d))
            continue;
        int both;
        unsigned bits = selector_bits(a, c, e, &both);
        /* a subject that binds the call maps its names to positions
         * whatever its nums say, one that ignores them has none to infer:
         * there is no both-specs rule to break */
        both = binds || (caps & AS_CAP_IGNORES_ARGNAMES) ? 0 : both;
        const char *sel = selector_form(bits);
        if (!best || selector_rank(sel) > selector_rank(best_sel)) {
            best = e, best_sel = sel, best_bits = bits, best_role_both = both;
            best_both = reached_by_one_of_both(bits, both);
            best_delta = as_buf_str(&d);
            if (selector_rank(sel) == 3)
                break;
        }
    }
    /* The rules that tell most, in order, each where it explains the
     * whole split: donation flags in call order, donate indices rebased
     * past a negative static one, a repeated index, a reading of a
     * negative one.  Where none does, a second rule may act beside one of
     * them (a **kwargs key, a keyword argument, an unpassed default): its
     * entries are set aside and the case is filed under the rule that
     * tells most (test_rootcause's set_aside pairs). */
    int donation = strncmp(best_delta, "donate", 6) == 0, axis = strncmp(best_delta, "axis", 4) == 0;
    unsigned role = AS_NEG_OF_ROLE(declared, donation);
    for (int set_aside = 0; set_aside < 2; set_aside++) {
        if (donated_in_call_order(a, c, expected, observed, flags, set_aside))
            return "donation keyword-call-order";
        if (donated_after_rebase(a, c, expected, observed, AS_NEG_OF_ROLE(declared, 0), flags, set_aside))
            return "donation rebase-negative-static";
        if (axis)
            continue;
        if (!donation && dropped_as_repeated(c, expected, observed, role, set_aside))
            return "verdict repeated-index";
        const char *reading =
            selector_rank(best_sel) >= 2 ? negative_reading(c, expected, observed, donation, role, caps, flags, set_aside) : NULL;
        if (reading)
            return join3(a, donation ? "donation " : "verdict ", "", reading);
    }
    /* none explains it and the call's shape differs (an argument the
     * reference leaves unpassed is passed: _argnums_partial's extra
     * argument): the shape rule, whichever entry differs first */
    for (int i = 0; i < expected->n_entries; i++)
        if (shape_differs(&expected->entries[i], &observed->entries[i], flags))
            return "shape entries";
    /* no reading explains the split: the argument's own form names the
     * reading only where the subject can take it */
    if (!axis && ((strcmp(best_sel, "negN") == 0 && role && !(role & AS_NEG_LEN_ARGS)) ||
                  (strcmp(best_sel, "negP") == 0 && role && !(role & AS_NEG_POSITIONAL))))
        best_sel = "neg";
    if (!axis && names_ignored(c, expected, observed, donation,
                               !donation && (caps & AS_CAP_IGNORES_ARGNAMES), flags))
        return join3(a, donation ? "donation " : "verdict ", "", "argnames-ignored");
    /* no reading of a negative index explains the split: the negative is
     * not what moves the role of an argument a non-negative selector also
     * reaches (a repeated index), of one passed by keyword (no index
     * reaches it: keyword-arg) or of an unpassed default (the subject
     * passes it: unpassed-default); the rule is that of the other form */
    if (strncmp(best_sel, "neg", 3) == 0 && !axis) {
        unsigned plain_bits = best_bits & (unsigned)(SEL_IDX | SEL_NAME | SEL_SLOT);
        const char *plain = selector_form(plain_bits);
        if (strcmp(plain, "none") != 0 || best->passed == AS_PASSED_DEFAULT)
            best_sel = plain;
        else if (best->passed == AS_PASSED_KEYWORD)
            best_sel = "idx";
        /* reached by one of both specs once the negative is not counted */
        best_both = reached_by_one_of_both(plain_bits, best_role_both);
    }
    const char *rule = mechanism_rule(best, best_sel, best_both, binds);
    if (strcmp(rule, "selected") == 0 &&
        zero_taken_as_false(c, best, &observed->entries[best - expected->entries], donation, binds))
        rule = "falsy-zero";
    /* a role given both nums and names infers neither, whichever role it is
     * (JAX's infer_argnums_and_argnames serves static and donate alike) */
    if (strcmp(rule, "both-specs") == 0)
        return "spec both-specs";
    /* in_axes describes the positional arguments only: a keyword argument
     * is mapped along axis 0 whatever it says, None (a verdict) or another
     * axis (an axis) alike (vmap and pmap flatten (in_axes, 0) over
     * (args, kwargs)); an axis that differs there is this rule whatever
     * other selector (a donate index, say) reaches the argument */
    if (best->passed == AS_PASSED_KEYWORD && as_spec_get(c->spec, "in_axes") &&
        (axis || (strcmp(best_sel, "none") == 0 && !donation)))
        return "axes in-axes-keyword";
    if (donation)
        return join3(a, "donation ", "", rule);
    if (axis)   /* axes: only the negative-index readings tell mechanisms apart */
        return join3(a, "axes ", "", strncmp(rule, "neg-index", 9) == 0 ? rule : "in-axes");
    return join3(a, "verdict ", "", rule);
}

int as_compare(as_arena *arena, const as_case *c, const char *subject, const char *relation,
               const as_split *expected, const as_split *observed, unsigned flags,
               as_compare_result *out)
{
    return as_compare_memo(arena, NULL, NULL, c, subject, relation, expected, observed, flags, out);
}

/* as_spec_salient(c) through the caller's slot */
static const char *salient_of(const as_case *c, const char **slot)
{
    if (!slot)
        return as_spec_salient(c);
    if (!*slot)
        *slot = as_spec_salient(c);
    return *slot;
}

int as_compare_memo(as_arena *arena, as_message_memo *memo, const char **salient, const as_case *c,
                    const char *subject, const char *relation, const as_split *expected, const as_split *observed,
                    unsigned flags, as_compare_result *out)
{
    const char *where = NULL, *delta = NULL, *sel = NULL, *rule = NULL;
    int warn = 0, meta = strncmp(relation, "meta:", 5) == 0, mech_off = (flags & AS_COMPARE_NO_MECHANISM) != 0;
    if (!expected->decoration_ok || !observed->decoration_ok) {
        where = "decoration";
        if (expected->decoration_ok)
            delta = join3(arena, "ok", ">", observed->decoration_error.type);
        else if (observed->decoration_ok)
            delta = join3(arena, expected->decoration_error.type, ">", "ok");
        else
            delta = error_delta(arena, memo, &expected->decoration_error, &observed->decoration_error, meta);
        if (!delta)
            return 0;
        sel = salient_of(c, salient);
        rule = error_rule(sel, "decoration");
        out->mechanism = mech_off ? NULL : error_mechanism(arena, memo, "decoration", expected->decoration_ok ? NULL : &expected->decoration_error,
                                         observed->decoration_ok ? NULL : &observed->decoration_error);
    } else {
        warn = !warnings_equal(expected, observed);
        out->mechanism = NULL;
        if (expected->has_call != observed->has_call) {
            where = "call", delta = "presence";
            out->mechanism = "shape presence";
        } else if (!expected->has_call) {
            /* decoration only: nothing else to compare */
        } else if (!expected->call_ok || !observed->call_ok) {
            where = "call";
            if (expected->call_ok)
                delta = join3(arena, "ok", ">", observed->call_error.type);
            else if (observed->call_ok)
                delta = join3(arena, expected->call_error.type, ">", "ok");
            else if (!(delta = error_delta(arena, memo, &expected->call_error, &observed->call_error, meta)))
                where = NULL;
            if (where && !mech_off)
                out->mechanism = error_mechanism(arena, memo, "call", expected->call_ok ? NULL : &expected->call_error,
                                                 observed->call_ok ? NULL : &observed->call_error);
        } else if (expected->n_entries != observed->n_entries) {
            where = "call", delta = "shape";
            out->mechanism = "shape entries";
        } else {
            for (int i = 0; i < expected->n_entries; i++) {
                const as_split_entry *e = &expected->entries[i], *o = &observed->entries[i];
                if (shape_differs(e, o, flags)) {
                    where = "call", delta = "shape";
                    out->mechanism = "shape entries";
                    break;
                }
                as_buf d;
                as_buf_init(&d, arena);
                if (entry_differs(e, o, &d)) {
                    as_buf s;
                    int both = 0;
                    as_buf_init(&s, arena);
                    entry_selector(&s, c, e, &both);
                    where = join3(arena, kind_short(e->kind), ".", passed_short(e->passed));
                    delta = as_buf_str(&d);
                    sel = as_buf_str(&s);
                    rule = entry_rule(c, e, sel, delta, both);
                    if (!mech_off)
                        out->mechanism = entries_mechanism(arena, c, subject, expected, observed, i, flags);
                    break;
                }
            }
        }
        if (where && !sel) {
            sel = salient_of(c, salient);
            if (delta && strcmp(delta, "TypeError>ValueError") == 0 && strcmp(sel, "neg") != 0 &&
                strcmp(sel, "oor") != 0)
                rule = "error-type";
            else
                rule = error_rule(sel, "call-error");
        }
        if (!where && warn) {
            where = "decoration", delta = "warn", sel = salient_of(c, salient);
            rule = "warning";
            out->mechanism = mech_off ? NULL
                             : observed->n_warnings
                                 ? as_rootcause_warning(arena, as_rootcause_read(memo, arena, observed->warnings[0], AS_READ_RAISES))
                                 : as_arena_printf(arena, "warning missing: %s",
                                                   as_rootcause_read(memo, arena, expected->warnings[0], AS_READ_LACKS));
        }
        if (!where)
            return 0;
    }
    /* under a metamorphic relation the rewritten feature is the context */
    if (strncmp(relation, "meta:", 5) == 0 && (strcmp(where, "call") == 0 || strcmp(where, "decoration") == 0))
        sel = "-";
    /* a warning that comes with another difference is not a class of its own */
    const char *parts[] = {subject, "|", relation, "|", where, "|", delta, "|", sel};
    out->key = join(arena, 9, parts);
    out->rule = rule;
    return 1;
}
