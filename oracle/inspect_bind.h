/* inspect_bind.h — inspect.Signature.bind, which is not CPython's binder.
 *
 * Transforms that canonicalise through inspect (custom_jvp/vjp's
 * resolve_kwargs, Equinox's filter_jit) see inspect's errors, which differ
 * from a real call's in order and wording (docs/BINDING.md §6).  This
 * module reproduces Lib/inspect.py's Signature._bind by version: 3.8-3.11,
 * 3.12.1, and 3.13.0 (with its positional-only quirks).
 */
#ifndef ARGSPLIT_INSPECT_BIND_H
#define ARGSPLIT_INSPECT_BIND_H

#include <stddef.h>

#include "oracle/arena.h"
#include "oracle/signature.h"

/* bind(*args, **kwargs) for a call with n_positional positional arguments
 * and keyword names kw[0..n_kw) in call order.  Returns 0 when it binds,
 * else -1 with inspect's TypeError message in msg (cap bytes). */
int as_inspect_bind(as_arena *a, const as_signature *sig, int n_positional, const char *const *kw,
                    int n_kw, int py_minor, char *msg, size_t cap);

#endif
