"""py:jax.* and py:equinox.* — the real transforms and the real calls.

Each backend applies the real transform to the real f (argsplit_adapter's
Function) and makes the real call; nothing of the transform is modelled.
What the adapter adds is only the argument *values* and the reading of
what f received:

Values.  argsplit's cases carry argument text; the models judge values by
that text, so the values here follow the same conventions (the `policy` of
each backend, after the header comments of subjects/*.c):
  * "opaque" (jit, pjit, checkpoint, custom_jvp/vjp): every value is an
    array — a `Probe`, a pytree node (registered with JAX) with one float32
    array leaf, hashable by identity so it can also be static;
  * "vmap": the same, except a literal None stays None (it has no leaves);
  * "literal" (pmap, Equinox): a literal is the Python value (1 is an int,
    'a' a str, (1, x) a tuple holding an int and an array, a lambda a
    function); a name, attribute, subscript, call or any other expression is
    a Probe array;
  * "grad" (grad family): the same, but only number, bool, str and None
    literals keep their type (bytes and lambdas are arrays, as in
    subjects/jax_grad.c).
A display with a starred item is an array (its length is unknown).
Every array leaf gets a distinct shape or content, so donation and pmap's
mapped axis (read from the output) can be traced back to the value they
belong to.  Donation (jit, pjit, filter_jit) is read from the buffers: an
argument whose buffer is deleted after the call was donated (f returns every
traced leaf, so each donated buffer has an output to be aliased to; CPU
consumes only those).  JAX's own report, `lower().args_info`, disagrees with
the buffers both ways (real 0.4.13/0.4.14 report `t` donated in
`jit(f, donate_argnums=1)(x, t=y)` and keep it; 0.4.14 reports
`donate_argnames='t'` on a keyword-only `t` not donated and consumes it).
pmap copies its inputs onto the devices and never consumes them: its
donation is the flags pmap itself hands XLA (donated_invars, matched to the
leaves by identity; see _watch_pmap), the report only where they cannot be
read.

Reading.  A value that reached f untouched was static; one whose leaves are
Tracers was traced (for vmap: a BatchTracer, its batch_dim is the axis; for
pmap: a tracer whose output shows which axis was split off; for the grad
family: a JVP/linearize tracer — differentiated).  custom_jvp/custom_vjp
are called inside jax.make_jaxpr (traced, not compiled): primals reach f
as tracers, nondiff arguments as the values themselves; f is wrapped to
record what JAX passed it, so a parameter default JAX passed (apply_defaults)
is traced (it holds a tracer: a primal) or static (a nondiff argument), and
one JAX left to Python is a default.  Equinox's filter_jit is recorded the
same way: before 0.11.5 it calls apply_defaults() and partitions a default
like any value (static unless it holds an array), later ones leave it to
Python (a default).
"""
import ast
import functools
import importlib
import os
import sys

from argsplit_adapter import Default, Function, observe

_cache = {}


def _import(name):
    if name not in _cache:
        try:
            _cache[name] = (importlib.import_module(name), "")
        except Exception as e:    # ImportError, or a broken install
            _cache[name] = (None, "%s is not installed (%s: %s)" % (name, type(e).__name__, e))
    return _cache[name]


def module_version(mod):
    v = getattr(mod, "__version__", None)
    if v:
        return v
    try:
        import importlib.metadata as md
        return md.version(mod.__name__)
    except Exception:
        return ""


class Probe(object):
    """An array argument: one leaf."""
    __slots__ = ("leaf", "index")

    def __init__(self, leaf, index=None):
        self.leaf, self.index = leaf, index


_registered = []


def _register(jax):
    if _registered:
        return
    jax.tree_util.register_pytree_node(Probe, lambda p: ((p.leaf,), p.index),
                                       lambda aux, ch: Probe(ch[0], aux))
    # custom_jvp/vjp apply_defaults: a default becomes an argument JAX
    # passes to f.  It carries one float leaf, so as a primal it arrives
    # holding a tracer (traced) and as a nondiff argument without one
    # (static).  (No other transform is handed f's defaults.)
    for cls in (Default, _Rebuilt):
        jax.tree_util.register_pytree_node(cls, lambda d: ((getattr(d, "leaf", 0.0),), d.text),
                                           lambda aux, ch: _Rebuilt(aux, ch[0]))
    _registered.append(True)


class _Rebuilt(Default):
    """A parameter default JAX flattened and rebuilt."""
    __slots__ = ("leaf",)

    def __init__(self, text, leaf):
        Default.__init__(self, text)
        self.leaf = leaf


# ---------------------------------------------------------------- values

class Values(object):
    """Builds the values of one call; every array leaf distinct."""

    def __init__(self, jax, policy, rank, shapes):
        self.jax, self.policy, self.rank, self.shapes = jax, policy, rank, shapes
        self.n = 0
        self.owner = {}      # array number -> delivered value number
        self.delivered = 0
        self.host = {}       # id(leaf) -> its content on the host ("axes": read after the call,
                             # when a donated leaf may be gone: shard_map pmap consumes it)

    def array(self):
        np = self.jax.numpy
        k = self.n
        self.n += 1
        self.owner[k] = self.delivered
        if self.shapes == "unique":          # donation is traced back by shape
            leaf = np.full((k + 2,), 1.0 + k, np.float32)
        else:                                 # mapped axes: same shape, distinct content
            size = 2 ** self.rank
            leaf = np.arange(k * size, (k + 1) * size, dtype=np.float32).reshape((2,) * self.rank)
            self.host[id(leaf)] = _numpy().arange(k * size, (k + 1) * size, dtype="float32").reshape((2,) * self.rank)
        return Probe(leaf, k)

    def convert(self, v):
        out = self._convert(v)
        self.delivered += 1
        return out

    def origin(self, v):
        """The number of the delivered value whose array v carries (None:
        no array of this call)."""
        for p in _probes(v):
            return self.owner.get(p.index)
        return None

    def _convert(self, v):
        text = getattr(v, "text", None)
        if self.policy == "vmap":
            # plain arrays: vmap's messages print the pytree structure
            return None if text is not None and text.strip() == "None" else self.array().leaf
        if self.policy == "opaque":
            return self.array()
        if text is None:                    # a constant from a literal * / ** operand
            return v
        return self._node(ast.parse(text.strip(), mode="eval").body)

    def _node(self, node):
        """A value by its text, as the models judge it (oracle/pyexpr): a
        literal is the Python value, a display holds converted items, any
        other expression is an array.  For "grad" (subjects/jax_grad.c) only
        number, bool, str and None literals have a type of their own; for
        "literal" (jax_pmap.c, equinox.c) every literal and lambda does."""
        if isinstance(node, ast.Constant):
            if self.policy == "grad" and isinstance(node.value, bytes):
                return self.array()
            return node.value
        if isinstance(node, ast.JoinedStr):     # an f-string is a str (its text: x is unknown)
            return ast.unparse(node) if hasattr(ast, "unparse") else "f-string"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)) \
                and isinstance(node.operand, ast.Constant) and not isinstance(node.operand.value, (str, bytes)):
            return ast.literal_eval(node)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and not any(isinstance(e, ast.Starred) for e in node.elts):
            items = [self._node(e) for e in node.elts]
            if isinstance(node, ast.Tuple):
                return tuple(items)
            if isinstance(node, ast.List):
                return items
            try:
                return set(items)
            except TypeError:
                return self.array()
        if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
            try:
                return dict((self._node(k), self._node(x)) for k, x in zip(node.keys, node.values))
            except TypeError:
                return self.array()
        if isinstance(node, ast.Lambda) and self.policy == "literal":
            return eval(compile(ast.Expression(body=node), "<arg>", "eval"), {"__builtins__": {}})
        return self.array()


def _numpy():
    import numpy
    return numpy


def _is_tracer(jax, x):
    return isinstance(x, jax.core.Tracer)


def _leaves_of(v):
    if isinstance(v, (Probe, _Rebuilt)):
        yield v.leaf
    elif isinstance(v, (tuple, list, set)):
        for x in v:
            for y in _leaves_of(x):
                yield y
    elif isinstance(v, dict):
        for x in v.values():
            for y in _leaves_of(x):
                yield y
    else:
        yield v


def has_tracer(jax, v):
    return any(_is_tracer(jax, x) for x in _leaves_of(v))


def _body_leaves(jax, loc):
    """Every tracer f received, in the order of f's locals() (CPython's
    co_varnames: keyword-only parameters before *args and **kwargs)."""
    out = []
    for v in loc.values():
        for x in _leaves_of(v):
            if _is_tracer(jax, x):
                out.append(x)
    return out


def _ints(v):
    if isinstance(v, bool):
        return
    if isinstance(v, int):
        yield v
    elif isinstance(v, (tuple, list)):
        for x in v:
            for y in _ints(x):
                yield y
    elif isinstance(v, dict):
        for x in v.values():
            for y in _ints(x):
                yield y


# ---------------------------------------------------------------- backends

class JaxBackend(object):
    """One transform.  `make(jax, eqx, f, kw)` returns the transformed
    function; `kind` picks how values are built and verdicts read."""

    def __init__(self, name, module, make, kind, policy, capabilities=()):
        self.id = "py:" + name
        self.family = name
        self.module = module
        self.make = make
        self.kind = kind            # jit | grad | custom | vmap | pmap | eqx_jit | eqx_grad
        self.policy = policy
        self.capabilities = tuple(capabilities)

    def probe(self):
        for m in ("jax", self.module):
            mod, why = _import(m)
            if mod is None:
                return False, "", why
        return True, module_version(_import(self.module)[0]), ""

    def loaded_module(self):
        return _import(self.module)[0]

    # -------------------------------------------------------- decoration

    def decorate(self, case):
        jax, _ = _import("jax")
        eqx, _ = _import("equinox") if self.module == "equinox" else (None, "")
        _register(jax)
        jnp = jax.numpy
        kw = dict(case.spec)
        rank = 1
        if self.kind in ("vmap", "pmap"):
            # one more dimension than any axis needs, so that -1 and
            # rank-1 differ (see rank_free)
            # rank-1 differ (see rank_free); an axis beyond 5 is left to
            # JAX's rank error (real arrays have few dimensions)
            need = [abs(i) + (0 if i < 0 else 1) for i in _ints(kw.get("in_axes"))] + \
                   [abs(i) + (0 if i < 0 else 1) for i in _ints(kw.get("out_axes"))]
            rank = 1 + max([1] + [n for n in need if n <= 5])
        aux = bool(kw.get("has_aux")) if self.kind in ("grad", "eqx_grad") else False
        kind = self.kind

        def body(loc):
            tracers = _body_leaves(jax, loc)
            if kind == "pmap":
                # the output shows each one's mapped axis; which output is
                # whose is kept by identity (locals() order is not the
                # entries'), from the traced run (observe's plain run after
                # it has no tracers)
                if tracers:
                    fn.out_of = dict((id(t), k) for k, t in enumerate(tracers))
                return tuple(tracers)
            if kind in ("jit", "eqx_jit"):
                # every traced leaf comes back (doubled): a donated buffer
                # needs an output of its shape, or XLA on CPU keeps it alive
                # (one operation per leaf: tracing, lowering and compiling
                # are most of a case's time)
                return tuple(t * 2.0 for t in tracers)
            total = jnp.float32(0.0)
            for t in tracers:
                total = total + jnp.sum(t)
            if kind in ("grad", "eqx_grad"):
                return (total, total) if aux else total
            if kind == "vmap":
                return jnp.zeros((2,) * rank, jnp.float32) + total
            return (total, total)

        fn = Function(case.signature, body)
        target = fn.f
        if kind in _RECORDS_CALL:
            # what the transform itself passes f: a default it passed
            # (apply_defaults) is an argument, one it left to Python is a default
            fn.jax_call = {}

            @functools.wraps(fn.f)
            def target(*a, **k):
                fn.jax_call.update(n=len(a), keys=set(k))
                return fn.f(*a, **k)
        if kind == "pmap":
            _watch_pmap(jax)          # before pmap binds _prepare_pmap (0.9.0.x keeps a partial of it)
        transformed = self.make(jax, eqx, target, kw)
        if kind == "custom":
            if hasattr(transformed, "defjvp"):
                transformed.defjvp(lambda *a: (a[-2], a[-1]))
            else:
                transformed.defvjp(lambda *a: (fn.f(*a), None), lambda *a: a[-1])
        return fn, transformed, rank, kw

    # -------------------------------------------------------- call

    def call(self, case, state, call):
        fn, transformed, rank, kw = state
        jax, _ = _import("jax")
        shapes = "unique" if self.kind in ("jit", "eqx_jit") else "axes"
        values = Values(jax, self.policy, rank, shapes)
        seen = {}

        def callee(*a, **k):
            report = "donate" in self.capabilities and not buffers_show_donation(jax, self.kind)
            if report and self.kind != "pmap":
                try:     # lowered before the call: a donated buffer is gone after it
                    seen["args_info"] = transformed.lower(*a, **k).args_info
                except Exception:
                    pass
            out = transformed(*a, **k)
            seen["out"] = out
            if report and self.kind == "pmap" and _pmap_decision.get("donated") is None:
                # pmap copies its inputs, so lowering after the call is safe; before
                # it, a failed trace is cached (0.8.0-0.9.0.x: the call then says
                # StoreException) and lower() asserts where the call does not (0.4.36)
                try:
                    seen["args_info"] = transformed.lower(*a, **k).args_info
                except Exception:
                    pass
            return out

        if self.kind == "custom":
            # Called plainly, custom_jvp/vjp hand f the very leaves they were
            # given; inside a trace (make_jaxpr: traced, not compiled) the
            # primals reach f as tracers while nondiff arguments stay the
            # closed-over values.
            plain = callee

            def callee(*a, **k):
                box = []
                jax.make_jaxpr(lambda: box.append(plain(*a, **k)) or 0)()
                return box[0] if box else None
        if self.kind in _RECORDS_CALL:
            fn.jax_call.clear()
        _pmap_decision.clear()
        entries = observe(fn, call, callee, convert=values.convert, origin=values.origin)
        spec_axes = set(_ints(kw.get("in_axes", 0)))
        for e in entries:
            e["_dyn"] = e["passed"] != "default" and has_tracer(jax, e["value"])
            if self.kind in _RECORDS_CALL and e["passed"] == "default":
                jc = fn.jax_call
                i = fn.index(e["param"])
                e["_by_jax"] = (e["param"] in jc.get("keys", ()) and e["kind"] != "positional_only") or \
                    (e["kind"] in ("positional_only", "positional_or_keyword") and 0 <= i < jc.get("n", 0))
            self.verdict(jax, e, spec_axes, rank)
        if self.kind == "pmap":
            self.pmap_axes(jax, entries, seen.get("out"), kw, rank, spec_axes, getattr(fn, "out_of", {}), values.host)
        if "donate" in self.capabilities:
            decided = _pmap_decision.get("donated") if self.kind == "pmap" else None
            if decided is not None:
                # what pmap handed XLA (donated_invars, by leaf identity)
                for e in entries:
                    e["donated"] = e["passed"] != "default" and any(id(p.leaf) in decided for p in _probes(e["sent"]))
            elif buffers_show_donation(jax, self.kind):
                for e in entries:      # what happened to the buffers, not what JAX reports
                    e["donated"] = e["passed"] != "default" and any(_deleted(p.leaf) for p in _probes(e["sent"]))
            elif "args_info" in seen:
                self.donation(jax, entries, seen["args_info"])
        return entries

    def verdict(self, jax, e, spec_axes, rank):
        sent, got = e["sent"], e["value"]
        if self.kind in _RECORDS_CALL and e["passed"] == "default":
            if not e.get("_by_jax"):
                e["verdict"] = "default"        # left to Python
            else:                               # apply_defaults: a primal or a nondiff argument
                e["verdict"] = "traced" if has_tracer(jax, got) else "static"
            return
        if e["passed"] == "default":
            e["verdict"] = "default"
            return
        traced = e["_dyn"]
        if self.kind == "grad" and not traced:
            # a differentiated argument without array leaves (a list, a
            # dict) carries no tracer, but it was flattened and rebuilt
            traced = got is not sent and isinstance(got, (list, dict))
        e["verdict"] = "traced" if traced else "static"
        if self.kind == "vmap":
            e["axis"] = None
            if e["_dyn"]:
                dims = set(getattr(x, "batch_dim", None) for x in _leaves_of(got) if _is_tracer(jax, x))
                if len(dims) == 1 and isinstance(min(dims), int):
                    e["axis"] = rank_free(min(dims), rank, spec_axes)
                else:
                    del e["axis"]

    def donation(self, jax, entries, args_info):
        by_array = {}
        if self.kind in ("jit", "eqx_jit"):
            for info in jax.tree_util.tree_leaves(args_info):
                aval = getattr(info, "aval", None) or getattr(info, "_aval", None)
                shape = getattr(aval, "shape", None)
                if shape and len(shape) == 1:
                    by_array[shape[0] - 2] = bool(info.donated)
            for e in entries:
                if e["passed"] == "default":
                    e["donated"] = False
                    continue
                mine = [by_array.get(p.index, False) for p in _probes(e["sent"])]
                e["donated"] = any(mine)
        else:   # pmap: positional args_info are the dynamic positional arguments in order
            pos, kws = args_info
            dyn = [e for e in entries if e["passed"] == "positional" and e["_dyn"]]
            dyn.sort(key=lambda e: e["slot"])
            for e in entries:
                e["donated"] = False
            for e, sub in zip(dyn, pos):
                e["donated"] = any(bool(i.donated) for i in jax.tree_util.tree_leaves(sub))
            for e in entries:
                if e["passed"] == "keyword":
                    name = e["param"] if e["kind"] != "var_keyword" else e["param"].split("[", 1)[1][1:-2]
                    sub = kws.get(name) if isinstance(kws, dict) else None
                    if sub is not None:
                        e["donated"] = any(bool(i.donated) for i in jax.tree_util.tree_leaves(sub))

    def pmap_axes(self, jax, entries, out, kw, rank, spec_axes, out_of, host):
        """pmap returns every tracer f received, stacked on out_axes: a mapped
        leaf comes back as moveaxis(x, a, o), an unmapped one (in_axes None,
        broadcast) with one more dimension.  out_of: the output position of
        each tracer (by id; f's locals keep them alive); host: each array
        argument's content by id (a donated one may be deleted by now)."""
        import numpy as np
        o = kw.get("out_axes", 0)
        outs = list(out) if isinstance(out, (tuple, list)) else []
        for e in entries:
            if e["passed"] == "default":
                continue
            e["axis"] = None
            if not e["_dyn"]:
                continue
            pairs = [(x, y) for x, y in zip(_leaves_of(e["sent"]), _leaves_of(e["value"])) if _is_tracer(jax, y)]
            at = [out_of.get(id(y)) for _, y in pairs]
            mine = [outs[i] for i in at if i is not None and i < len(outs)]
            axes = set()
            for (x, _), r in zip(pairs, mine):
                r = np.asarray(r)
                x = host[id(x)] if id(x) in host else np.asarray(x)
                if not isinstance(o, int) or isinstance(o, bool):
                    axes.add("?")
                elif r.ndim == x.ndim + 1:
                    axes.add(None)
                else:
                    found = [a for a in range(x.ndim) if np.array_equal(np.moveaxis(x, a, o), r)]
                    axes.add(found[0] if len(found) == 1 else "?")
            if len(mine) < len(pairs):
                axes.add("?")
            if axes == {None}:
                e["verdict"] = "static"        # broadcast: in_axes None
            elif len(axes) == 1 and "?" not in axes:
                e["axis"] = rank_free(axes.pop(), rank, spec_axes)
            else:
                del e["axis"]


# The kinds whose f is wrapped to record what the transform passed it:
# custom_jvp/custom_vjp and Equinox's filter_jit before 0.11.5 call
# apply_defaults() and hand f the defaults themselves (a default Equinox
# passed is partitioned like any value: static unless it holds an array);
# later filter_jit leave them to Python (`default`), as filter_grad does.
_RECORDS_CALL = ("custom", "eqx_jit")

_pmap_decision = {}


def _decided(flat, flags):
    if flat is not None and flags is not None and len(flat) == len(flags):
        _pmap_decision["donated"] = set(id(x) for x, d in zip(flat, flags) if d)


def _wrap(module, name, make):
    old = getattr(module, name, None) if module is not None else None
    if old is not None and not getattr(old, "_argsplit_watch", False):
        new = make(old)
        new._argsplit_watch = True
        setattr(module, name, new)


def _watch_pmap(jax):
    """pmap decides donation as one flag per flat argument (donated_invars),
    what XLA is handed: in api._prepare_pmap (0.4.x-0.9.0.x) and in
    pmap._get_donated_invars over the flat arguments _mapped_axis_size was
    given just before (the shard_map pmap, 0.8.0+).  The argument's own
    buffer cannot show it (pmap copies its inputs onto the devices) and JAX's
    report (`lower().args_info`) is wrong for keyword arguments (it indexes
    the flat leaves by donate_argnums), so the decision itself is read: the
    ids of the donated leaves."""
    def module(name):
        try:
            return importlib.import_module(name)
        except ImportError:
            return None

    def prepare(old):
        def watched(*a, **k):
            info = old(*a, **k)
            _decided(getattr(info, "flat_args", None), getattr(info, "donated_invars", None))
            return info
        return watched

    def axis_size(old):
        def watched(args, *a, **k):
            _pmap_decision["flat"] = list(args)
            return old(args, *a, **k)
        return watched

    def donated(old):
        def watched(*a, **k):
            flags = old(*a, **k)
            _decided(_pmap_decision.pop("flat", None), flags)
            return flags
        return watched
    _wrap(module("jax._src.api"), "_prepare_pmap", prepare)
    shmap = module("jax._src.pmap")
    for m in (module("jax._src.shard_map"), shmap):      # their own imports of it (0.8.0-0.9.0.x)
        _wrap(m, "_prepare_pmap", prepare)
    _wrap(shmap, "_mapped_axis_size", axis_size)
    _wrap(shmap, "_get_donated_invars", donated)


def _deleted(leaf):
    f = getattr(leaf, "is_deleted", None)
    return bool(f()) if f is not None else False


_buffers = {}


def buffers_show_donation(jax, kind):
    """Whether this release really donates on this backend, seen on one
    buffer: then donation is read from the arguments' buffers after the call
    (is_deleted()).  JAX's own report (`lower().args_info`) is the decision,
    not what happened: real 0.4.14 jit and 0.10.2 pmap report a keyword
    argument donated whose buffer stays alive.  pmap copies its input onto
    the devices, so an argument's own buffer is never consumed: there the
    report is all there is."""
    if kind not in _buffers:
        ok = False
        if kind in ("jit", "eqx_jit"):
            try:
                x = jax.numpy.ones((3,), jax.numpy.float32)
                jax.jit(lambda a: a * 2.0, donate_argnums=0)(x).block_until_ready()
                ok = _deleted(x)
            except Exception:
                ok = False
        _buffers[kind] = ok
    return _buffers[kind]


def rank_free(a, rank, spec_axes):
    """The observed (non-negative) axis a of a rank-`rank` array, written as
    the spec wrote it: the models know no rank, so -1 and rank-1 are the
    same axis and the spec's spelling is the one to compare."""
    if a not in spec_axes and (a - rank) in spec_axes:
        return a - rank
    return a


def _probes(v):
    if isinstance(v, Probe):
        yield v
    elif isinstance(v, (tuple, list, set)):
        for x in v:
            for y in _probes(x):
                yield y
    elif isinstance(v, dict):
        for x in v.values():
            for y in _probes(x):
                yield y


def _pjit(jax, eqx, f, kw):
    from jax.experimental.pjit import pjit
    return pjit(f, **kw)


def _custom(which):
    def make(jax, eqx, f, kw):
        return getattr(jax, which)(f, **kw)
    return make


BACKENDS = [
    JaxBackend("jax.jit", "jax", lambda jax, eqx, f, kw: jax.jit(f, **kw), "jit", "opaque", ("donate",)),
    JaxBackend("jax.pjit", "jax", _pjit, "jit", "opaque", ("donate",)),
    JaxBackend("jax.pmap", "jax", lambda jax, eqx, f, kw: jax.pmap(f, **kw), "pmap", "literal", ("donate", "axis")),
    JaxBackend("jax.grad", "jax", lambda jax, eqx, f, kw: jax.grad(f, **kw), "grad", "grad"),
    JaxBackend("jax.value_and_grad", "jax", lambda jax, eqx, f, kw: jax.value_and_grad(f, **kw), "grad", "grad"),
    JaxBackend("jax.jacfwd", "jax", lambda jax, eqx, f, kw: jax.jacfwd(f, **kw), "grad", "grad"),
    JaxBackend("jax.jacrev", "jax", lambda jax, eqx, f, kw: jax.jacrev(f, **kw), "grad", "grad"),
    JaxBackend("jax.hessian", "jax", lambda jax, eqx, f, kw: jax.hessian(f, **kw), "grad", "grad"),
    JaxBackend("jax.custom_jvp", "jax", _custom("custom_jvp"), "custom", "opaque"),
    JaxBackend("jax.custom_vjp", "jax", _custom("custom_vjp"), "custom", "opaque"),
    JaxBackend("jax.vmap", "jax", lambda jax, eqx, f, kw: jax.vmap(f, **kw), "vmap", "vmap", ("axis",)),
    JaxBackend("jax.checkpoint", "jax", lambda jax, eqx, f, kw: jax.checkpoint(f, **kw), "jit", "opaque"),
    JaxBackend("equinox.filter_jit", "equinox", lambda jax, eqx, f, kw: eqx.filter_jit(f, **kw), "eqx_jit", "literal",
               ("donate",)),
    JaxBackend("equinox.filter_grad", "equinox", lambda jax, eqx, f, kw: eqx.filter_grad(f, **kw), "eqx_grad",
               "literal"),
]
