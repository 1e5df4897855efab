/* families.c — the keyword table of every family; see families.h. */
#include "subjects/families.h"

#include <string.h>

/* ---- what the newest release of each family accepts -------------------- */

const char *const as_keywords_jax_jit[] = {
    "in_shardings", "out_shardings", "static_argnums", "static_argnames", "donate_argnums",
    "donate_argnames", "keep_unused", "device", "backend", "inline", "compiler_options", NULL};
const char *const as_keywords_jax_pmap[] = {"axis_name", "in_axes", "out_axes", "static_broadcasted_argnums",
                                            "devices", "backend", "axis_size", "donate_argnums", NULL};
const char *const as_keywords_jax_grad[] = {"argnums", "has_aux", "holomorphic", "allow_int", "reduce_axes", NULL};
const char *const as_keywords_jax_jacfwd[] = {"argnums", "has_aux", "holomorphic", NULL};
const char *const as_keywords_jax_jacrev[] = {"argnums", "has_aux", "holomorphic", "allow_int", NULL};
const char *const as_keywords_jax_custom[] = {"nondiff_argnums", "nondiff_argnames", NULL};
const char *const as_keywords_jax_vmap[] = {"in_axes", "out_axes", "axis_name", "axis_size", "spmd_axis_name",
                                            "sum_match", NULL};
const char *const as_keywords_jax_checkpoint[] = {"prevent_cse", "policy", "static_argnums", "static_argnames", NULL};
/* filter_jit(fun, *, donate, **jitkwargs) and filter_grad(fun, *, has_aux, **gradkwargs):
 * what they take themselves (what they forward is jax.jit's / value_and_grad's). */
static const char *const keywords_eqx_jit[] = {"donate", NULL};
static const char *const keywords_eqx_grad[] = {"has_aux", NULL};

/* ---- what the generator draws -------------------------------------------- */

static const as_family_keyword kw_jit[] = {
    {"static_argnums", AS_KW_NUMS, "static_argnames", "static"},
    {"static_argnames", AS_KW_NAMES, "static_argnums", "static"},
    {"donate_argnums", AS_KW_NUMS, "donate_argnames", "donate"},
    {"donate_argnames", AS_KW_NAMES, "donate_argnums", "donate"},
};
static const as_family_keyword kw_pmap[] = {
    {"static_broadcasted_argnums", AS_KW_NUMS, "static_broadcasted_argnames", "static"},
    /* no JAX release takes it (JAX #9904): drawn for that error */
    {"static_broadcasted_argnames", AS_KW_NAMES, "static_broadcasted_argnums", "static"},
    {"donate_argnums", AS_KW_NUMS, NULL, "donate"},
    {"in_axes", AS_KW_AXES, NULL, "axes"},
};
static const as_family_keyword kw_grad[] = {
    {"argnums", AS_KW_NUMS, NULL, "diff"},
};
static const as_family_keyword kw_custom[] = {
    {"nondiff_argnums", AS_KW_NUMS, "nondiff_argnames", "nondiff"},
    {"nondiff_argnames", AS_KW_NAMES, "nondiff_argnums", "nondiff"},
};
static const as_family_keyword kw_vmap[] = {
    {"in_axes", AS_KW_AXES, NULL, "axes"},
};
static const as_family_keyword kw_checkpoint[] = {
    {"static_argnums", AS_KW_NUMS, "static_argnames", "static"},
    {"static_argnames", AS_KW_NAMES, "static_argnums", "static"},
};
/* rejected by filter_jit / filter_grad: drawn rarely, for their errors */
static const as_family_keyword kw_eqx_jit[] = {
    {"static_argnums", AS_KW_NUMS, NULL, "static"},
};
static const as_family_keyword kw_eqx_grad[] = {
    {"argnums", AS_KW_NUMS, NULL, "diff"},
};

#define ROW(name, kw, empty, accepted, section, literals) \
    {name, kw, (int)(sizeof kw / sizeof *kw), empty, accepted, section, literals}
static const as_family rows[] = {
    ROW("jax.jit", kw_jit, 5, as_keywords_jax_jit, "§1.1-§1.3; history §8", AS_LITERALS_ALL),
    ROW("jax.pjit", kw_jit, 5, as_keywords_jax_jit, "§1; pjit 0.3.x in §8", AS_LITERALS_ALL),
    ROW("jax.pmap", kw_pmap, 5, as_keywords_jax_pmap, "§2", AS_LITERALS_NONE),
    ROW("jax.grad", kw_grad, 10, as_keywords_jax_grad, "§3; history §8", AS_LITERALS_FLOAT),
    ROW("jax.value_and_grad", kw_grad, 10, as_keywords_jax_grad, "§3; history §8", AS_LITERALS_FLOAT),
    ROW("jax.jacfwd", kw_grad, 10, as_keywords_jax_jacfwd, "§3; history §8", AS_LITERALS_FLOAT),
    ROW("jax.jacrev", kw_grad, 10, as_keywords_jax_jacrev, "§3; history §8", AS_LITERALS_FLOAT),
    ROW("jax.hessian", kw_grad, 10, as_keywords_jax_jacfwd, "§3; history §8", AS_LITERALS_FLOAT),
    ROW("jax.custom_jvp", kw_custom, 10, as_keywords_jax_custom, "§4; history §8", AS_LITERALS_ALL),
    ROW("jax.custom_vjp", kw_custom, 10, as_keywords_jax_custom, "§4; history §8", AS_LITERALS_ALL),
    ROW("jax.vmap", kw_vmap, 10, as_keywords_jax_vmap, "§5; history §8", AS_LITERALS_ALL),
    ROW("jax.checkpoint", kw_checkpoint, 10, as_keywords_jax_checkpoint, "§1.4; history §8", AS_LITERALS_ALL),
    ROW("equinox.filter_jit", kw_eqx_jit, 85, keywords_eqx_jit, "§7", AS_LITERALS_ALL),
    ROW("equinox.filter_grad", kw_eqx_grad, 85, keywords_eqx_grad, "§7", AS_LITERALS_ALL),
    ROW("equinox.filter_value_and_grad", kw_eqx_grad, 85, keywords_eqx_grad, "§7", AS_LITERALS_ALL),
    /* the reference alone: static selectors */
    ROW("", kw_checkpoint, 5, as_keywords_jax_checkpoint, "REFERENCE.md", AS_LITERALS_ALL),
};
enum { N_ROWS = sizeof rows / sizeof *rows };

static const as_family *const all_rows[] = {
    &rows[0], &rows[1], &rows[2], &rows[3],  &rows[4],  &rows[5],  &rows[6],  &rows[7],
    &rows[8], &rows[9], &rows[10], &rows[11], &rows[12], &rows[13], &rows[14], &rows[15], NULL};
_Static_assert(sizeof all_rows / sizeof *all_rows == N_ROWS + 1, "all_rows lists every row");

const as_family *as_family_find(const char *family)
{
    for (int i = 0; i < N_ROWS; i++)
        if (strcmp(rows[i].family, family) == 0)
            return &rows[i];
    return NULL;
}

const as_family *const *as_families_all(void)
{
    return all_rows;
}

int as_family_accepts(const as_family *f, const char *kw)
{
    for (int i = 0; f->accepted[i]; i++)
        if (strcmp(f->accepted[i], kw) == 0)
            return 1;
    return 0;
}
