/* releases.c — which real releases each built-in model stands for; see
 * registry.h (as_subject_releases).
 *
 * One row per model, by id.  `last` "" is open (every later release until
 * a newer model); a last component "x" covers the whole series ("0.8.x").
 * `checked` is the newest release the model was checked against for real
 * (docs/FIDELITY.md), "" when none yet.  Adding a model is adding its row
 * here and closing the range of the model before it (tests/test_real.c
 * checks that every model has a row and that ranges do not overlap).
 */
#include "subjects/registry.h"

#include <string.h>

static const as_release_range rows[] = {
    /* jax.jit: the spec (§8) and the models' headers */
    {"jax.jit@0.3.7", "0.3.0", "0.3.7", ""},
    {"jax.jit@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.jit@0.3.11", "0.3.11", "0.3.13", ""},
    {"jax.jit@0.3.14", "0.3.14", "0.4.3", ""},
    {"jax.jit@0.4.4", "0.4.4", "0.4.13", "0.4.13"},
    {"jax.jit@0.4.14", "0.4.14", "0.4.26", "0.4.26"},
    {"jax.jit@0.4.27", "0.4.27", "0.4.35", "0.4.30"},
    {"jax.jit@0.4.36", "0.4.36", "0.4.38", ""},
    {"jax.jit@0.5.0", "0.5.0", "0.5.3", ""},
    {"jax.jit@0.6.0", "0.6.0", "0.6.0", ""},
    {"jax.jit@0.6.1", "0.6.1", "0.7.1", ""},
    {"jax.jit@0.7.2", "0.7.2", "0.7.x", "0.7.2"},
    {"jax.jit@0.8.0", "0.8.0", "0.8.1", "0.8.1"},
    {"jax.jit@0.8.2", "0.8.2", "0.8.x", ""},
    {"jax.jit@0.9.0", "0.9.0", "0.10.x", "0.10.2"},
    {"jax.jit@0.11", "0.11.0", "0.11.x", ""},
    {"jax.jit@0.12", "0.12.0", "", "0.12.0.1"},
    {"jax.pjit@0.3.0", "0.3.0", "0.3.7", ""},
    {"jax.pjit@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.pjit@0.3.11", "0.3.11", "0.4.1", ""},
    {"jax.pjit@0.4.2", "0.4.2", "0.4.3", ""},
    {"jax.pjit@0.4.4", "0.4.4", "0.4.13", "0.4.13"},
    {"jax.pjit@0.4.14", "0.4.14", "0.4.26", "0.4.26"},
    {"jax.pjit@0.4.27", "0.4.27", "0.4.35", "0.4.30"},
    {"jax.pjit@0.4.36", "0.4.36", "0.4.38", ""},
    {"jax.pjit@0.5.0", "0.5.0", "0.6.0", ""},
    {"jax.pjit@0.6.1", "0.6.1", "0.7.1", ""},
    {"jax.pjit@0.7.2", "0.7.2", "0.7.x", "0.7.2"},
    {"jax.pjit@0.8.0", "0.8.0", "0.8.1", "0.8.1"},
    {"jax.pjit@0.8.2", "0.8.2", "0.8.x", ""},
    {"jax.pjit@0.9.0", "0.9.0", "0.11.x", "0.10.2"},
    {"jax.pjit@0.12", "0.12.0", "", "0.12.0.1"},
    /* pmap: api.py until 0.9.0.x (0.8.0-0.9.0.x losing errors raised in the trace), shard_map from 0.9.1; before 0.4.9 not modelled */
    {"jax.pmap@0.4.9", "0.4.9", "0.4.35", "0.4.35"},
    {"jax.pmap@0.4.36", "0.4.36", "0.5.0", "0.5.0"},
    {"jax.pmap@0.5.1", "0.5.1", "0.5.3", "0.5.3"},
    {"jax.pmap@0.6.0", "0.6.0", "0.7.x", ""},
    {"jax.pmap@0.8.0", "0.8.0", "0.9.0.x", "0.9.0.1"},
    {"jax.pmap@0.9.1", "0.9.1", "0.10.1", "0.10.1"},
    {"jax.pmap@0.11", "0.10.2", "", "0.12.0.1"},
    /* the grad family */
    {"jax.grad@0.3.0", "0.3.0", "0.3.7", ""},
    {"jax.grad@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.grad@0.3.11", "0.3.11", "0.4.25", "0.4.25"},
    {"jax.grad@0.4.26", "0.4.26", "0.4.35", "0.4.33"},
    {"jax.grad@0.4.36", "0.4.36", "0.10.1", "0.10.0"},
    {"jax.grad@0.10.2", "0.10.2", "", "0.12.0.1"},
    {"jax.value_and_grad@0.3.0", "0.3.0", "0.3.7", ""},
    {"jax.value_and_grad@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.value_and_grad@0.3.11", "0.3.11", "0.4.25", "0.4.14"},
    {"jax.value_and_grad@0.4.26", "0.4.26", "0.4.35", "0.4.33"},
    {"jax.value_and_grad@0.4.36", "0.4.36", "0.10.1", "0.10.0"},
    {"jax.value_and_grad@0.10.2", "0.10.2", "", "0.12.0.1"},
    {"jax.jacfwd@0.3.0", "0.3.0", "0.3.7", ""},
    {"jax.jacfwd@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.jacfwd@0.3.11", "0.3.11", "0.4.35", "0.4.33"},
    {"jax.jacfwd@0.4.36", "0.4.36", "0.10.1", "0.10.0"},
    {"jax.jacfwd@0.10.2", "0.10.2", "", "0.12.0.1"},
    {"jax.jacrev@0.3.0", "0.3.0", "0.3.7", ""},
    {"jax.jacrev@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.jacrev@0.3.11", "0.3.11", "0.4.35", "0.4.33"},
    {"jax.jacrev@0.4.36", "0.4.36", "0.10.1", "0.10.0"},
    {"jax.jacrev@0.10.2", "0.10.2", "", "0.12.0.1"},
    {"jax.hessian@0.3.0", "0.3.0", "0.3.7", ""},
    {"jax.hessian@0.3.10", "0.3.8", "0.3.10", ""},
    {"jax.hessian@0.3.11", "0.3.11", "0.4.35", "0.4.33"},
    {"jax.hessian@0.4.36", "0.4.36", "0.10.1", "0.10.0"},
    {"jax.hessian@0.10.2", "0.10.2", "", "0.12.0.1"},
    /* custom_jvp / custom_vjp */
    {"jax.custom_jvp@0.3.10", "0.3.0", "0.4.31", "0.4.31"},
    {"jax.custom_jvp@0.4.32", "0.4.32", "0.5.0", ""},
    {"jax.custom_jvp@0.5.1", "0.5.1", "0.5.2", ""},
    {"jax.custom_jvp@0.5.3", "0.5.3", "0.6.1", ""},
    {"jax.custom_jvp@0.6.2", "0.6.2", "0.11.0", "0.10.2"},
    {"jax.custom_jvp@0.11.1", "0.11.1", "0.11.x", ""},
    {"jax.custom_jvp@0.12", "0.12.0", "", "0.12.0.1"},
    {"jax.custom_vjp@0.3.10", "0.3.0", "0.4.31", "0.4.31"},
    {"jax.custom_vjp@0.4.32", "0.4.32", "0.5.0", ""},
    {"jax.custom_vjp@0.5.1", "0.5.1", "0.5.2", ""},
    {"jax.custom_vjp@0.5.3", "0.5.3", "0.6.1", ""},
    {"jax.custom_vjp@0.6.2", "0.6.2", "0.9.0.x", ""},
    {"jax.custom_vjp@0.9.1", "0.9.1", "0.11.x", "0.10.2"},
    {"jax.custom_vjp@0.12", "0.12.0", "", "0.12.0.1"},
    /* vmap, checkpoint */
    {"jax.vmap@0.3.10", "0.3.0", "0.4.20", "0.4.20"},
    {"jax.vmap@0.4.21", "0.4.21", "0.9.x", "0.4.30"},
    {"jax.vmap@0.10.0", "0.10.0", "0.11.0", "0.10.2"},
    {"jax.vmap@0.11.1", "0.11.1", "", "0.12.0.1"},
    {"jax.checkpoint@0.3.10", "0.3.0", "0.3.15", ""},
    {"jax.checkpoint@0.3.16", "0.3.16", "0.4.x", "0.4.31"},
    {"jax.checkpoint@0.5.0", "0.5.0", "0.5.2", ""},
    {"jax.checkpoint@0.5.3", "0.5.3", "0.10.1", ""},
    {"jax.checkpoint@0.10.2", "0.10.2", "0.10.x", "0.10.2"},
    {"jax.checkpoint@0.11", "0.11.0", "0.11.x", ""},
    {"jax.checkpoint@0.12", "0.12.0", "", "0.12.0.1"},
    /* Equinox releases */
    {"equinox.filter_jit@0.10.0", "0.10.0", "0.11.1", ""},
    {"equinox.filter_jit@0.11.2", "0.11.2", "0.11.4", ""},
    {"equinox.filter_jit@0.11.5", "0.11.5", "0.13.0", ""},
    {"equinox.filter_jit@0.13.8", "0.13.1", "", "0.13.8"},
    {"equinox.filter_grad@0.10.0", "0.10.0", "0.10.x", ""},
    {"equinox.filter_grad@0.11.0", "0.11.0", "0.11.2", ""},
    {"equinox.filter_grad@0.13.8", "0.11.3", "", "0.13.8"},
};

const as_release_range *as_subject_releases(const as_subject *s)
{
    if (!s || (s->caps & AS_CAP_EXTERNAL))
        return NULL;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (strcmp(rows[i].id, s->id) == 0)
            return &rows[i];
    return NULL;
}

const as_release_range *as_release_ranges(int *n)
{
    *n = (int)(sizeof rows / sizeof *rows);
    return rows;
}
