/* known_issues.c — known upstream behaviours: root causes (engine/rootcause.h)
 * linked to the upstream issue that reports them.  A root cause no pattern
 * matches is "new".  Patterns are fnmatch(3) globs over the root-cause key
 * "GROUP | MECHANISM" (mechanism texts as engine/compare.h and
 * as_rootcause_message write them: spec keywords KW, names '?', numbers N,
 * values *); the first match wins.  Keep one line per upstream issue and
 * mechanism, most specific first. */
#include "engine/rootcause.h"

#define JAX(n) "jax-ml/jax#" #n, "https://github.com/jax-ml/jax/issues/" #n

static const as_known_issue known[] = {
    /* the #10614 table: rows 2 and 3 */
    {JAX(10614), "jax.jit/pjit | spec both-specs", "both argnums and argnames given: no inference, pass style decides"},
    {JAX(10614), "jax api_util.argnums_partial | verdict keyword-arg",
     "static_argnums cannot reach a keyword-only parameter (nor any argument passed by keyword)"},
    /* row 1: names of positional-only parameters */
    {JAX(10618), "jax api_util.infer_argnums_and_argnames | verdict argnames-posonly", "static_argnames of a positional-only parameter is ignored"},
    {JAX(10601), "jax.jit/pjit | raises decoration ValueError: Jitted function has invalid KW *",
     "argnames validated (a SyntaxWarning from 0.3.14, a ValueError from 0.4.27)"},
    /* "jit (and presumably other similar transformations)" */
    {JAX(10601), "reference-check | lacks decoration ValueError: KW name '?' is not a parameter*",
     "unknown argnames silently ignored"},
    {JAX(10601), "reference-check | lacks decoration ValueError: KW index N is out of range*",
     "out-of-range argnums silently ignored"},
    {JAX(10601), "jax.jit/pjit | raises decoration ValueError: Jitted function has KW=*, but only accepts N positional argument",
     "out-of-range argnums validated (a SyntaxWarning from 0.3.14, a ValueError from 0.4.27)"},
    /* a static argument given a default or passed by keyword */
    {JAX(5351), "jax api_util.argnums_partial | raises call IndexError: tuple index out of range",
     "static_argnums not passed positionally"},
    {JAX(5351), "jax.jit/pjit | raises call ValueError: jitted function has * but was called with only N positional argument",
     "static_argnums not passed positionally (the improved message)"},
    {JAX(3007), "jax.pmap | raises call ValueError: pmapped function has KW=* but was called with only N positional argument. All static broadcasted arguments must be passed positionally",
     "pmap static_broadcasted_argnums does not respect keyword arguments"},
    {JAX(9904), "jax.pmap | raises decoration TypeError: ?(*) got an unexpected keyword argument 'static_broadcasted_argnames'",
     "pmap has no static_broadcasted_argnames"},
    /* one check (api.vmap_f), three wordings: the tree-prefix error (0.3.10), len(in_axes) != len(args)
     * (0.4.21), and that with a note on keyword arguments (0.11.1) */
    {JAX(7465), "jax.vmap | raises call ValueError: vmap in_axes specification must be a tree prefix *",
     "vmap in_axes tuple counts positional arguments only: keyword arguments are not covered"},
    {JAX(7465), "jax.vmap | raises call ValueError: vmap in_axes must be an int, None, or a tuple of entries "
                "corresponding to the positional arguments passed to the function, but got len(in_axes)=*",
     "vmap in_axes tuple counts positional arguments only: keyword arguments are not covered"},
};

const as_known_issue *as_known_issues(int *n)
{
    *n = (int)(sizeof known / sizeof *known);
    return known;
}
