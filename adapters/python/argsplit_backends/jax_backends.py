"""py:jax.* and py:equinox.* — the real transforms, when they import.

Every delivered value becomes a `Probe`: a pytree node (registered with
JAX) whose one leaf is a small float array.  A transform that traces an
argument flattens the Probe and hands f a Probe whose leaf is a Tracer; a
static argument reaches f untouched (Probes hash by identity, as static
arguments must).  `observe` (argsplit_adapter) pairs what f received with
CPython's binding, so each bound value is traced (tracer leaf) or static.
Mapping axes and donation are not observable this way: these backends
report verdicts only (entries carry no `axis`/`donated`, which
as_split_equal then ignores).
"""
import importlib

from argsplit_adapter import Function, observe

_cache = {}


def _import(name):
    if name not in _cache:
        try:
            _cache[name] = (importlib.import_module(name), "")
        except Exception as e:    # ImportError, or a broken install
            _cache[name] = (None, "%s is not installed (%s: %s)" % (name, type(e).__name__, e))
    return _cache[name]


_registered = []


def _probe_class():
    """The Probe pytree class, registered with JAX once."""
    if _registered:
        return _registered[0]
    jax, _ = _import("jax")

    class Probe(object):
        __slots__ = ("leaf",)

        def __init__(self, leaf):
            self.leaf = leaf

    jax.tree_util.register_pytree_node(Probe, lambda p: ((p.leaf,), None), lambda aux, ch: Probe(ch[0]))
    _registered.append(Probe)
    return Probe


def _leaves(loc, Probe):
    for v in loc.values():
        items = v if isinstance(v, tuple) else v.values() if isinstance(v, dict) else (v,)
        for x in items:
            if isinstance(x, Probe):
                yield x.leaf


class JaxBackend(object):
    """One transform: `make(jax, eqx, f, spec_kwargs)` returns the transformed function."""
    capabilities = ()

    def __init__(self, name, module, make, scalar_output=False):
        self.id = "py:" + name
        self.family = name
        self.module = module
        self.make = make
        self.scalar_output = scalar_output

    def probe(self):
        for m in ("jax", self.module):
            mod, why = _import(m)
            if mod is None:
                return False, "", why
        return True, getattr(_import(self.module)[0], "__version__", ""), ""

    def decorate(self, case):
        jax, _ = _import("jax")
        eqx, _ = _import("equinox") if self.module == "equinox" else (None, "")
        Probe = _probe_class()
        jnp = jax.numpy

        def body(loc):   # a scalar depending on every traced leaf (grad needs one)
            total = jnp.float32(0.0)
            for leaf in _leaves(loc, Probe):
                if isinstance(leaf, jax.core.Tracer):
                    total = total + jnp.sum(leaf)
            return total if self.scalar_output else (total, total)

        fn = Function(case.signature, body)
        return fn, self.make(jax, eqx, fn.f, dict(case.spec))

    def call(self, case, state, call):
        fn, transformed = state
        jax, _ = _import("jax")
        Probe = _probe_class()
        entries = observe(fn, call, transformed,
                          convert=lambda v: Probe(jax.numpy.ones((2,), jax.numpy.float32)))
        for e in entries:
            if e["passed"] == "default":
                e["verdict"] = "default"
            else:
                leaf = getattr(e["value"], "leaf", None)
                e["verdict"] = "traced" if isinstance(leaf, jax.core.Tracer) else "static"
        return entries


BACKENDS = [
    JaxBackend("jax.jit", "jax", lambda jax, eqx, f, kw: jax.jit(f, **kw)),
    JaxBackend("jax.grad", "jax", lambda jax, eqx, f, kw: jax.grad(f, **kw), scalar_output=True),
    JaxBackend("jax.value_and_grad", "jax", lambda jax, eqx, f, kw: jax.value_and_grad(f, **kw),
               scalar_output=True),
    JaxBackend("jax.vmap", "jax", lambda jax, eqx, f, kw: jax.vmap(f, **kw)),
    JaxBackend("jax.checkpoint", "jax", lambda jax, eqx, f, kw: jax.checkpoint(f, **kw)),
    JaxBackend("equinox.filter_jit", "equinox", lambda jax, eqx, f, kw: eqx.filter_jit(f, **kw)),
    JaxBackend("equinox.filter_grad", "equinox", lambda jax, eqx, f, kw: eqx.filter_grad(f, **kw),
               scalar_output=True),
]
