#!/usr/bin/env python3
"""argsplit_adapter.py — run real Python transforms for argsplit (protocol argsplit-subject/1).

    python3 argsplit_adapter.py [--backend NAME] [--expect MODULE==VERSION] [--source PATH]
                                         (argsplit starts it; see docs/EXTERNAL.md, docs/REAL.md)

--backend NAME serves exactly that backend (jax.jit or py:jax.jit); without it
the handshake must name one (no backend named is an error, never a default).
--expect MODULE==VERSION makes the handshake fail unless MODULE imports at
exactly VERSION.  --source PATH puts a source checkout (e.g. of jax) first on
sys.path.  Any of these is a handshake error when it cannot be met: one line
on stderr, an error handshake, exit status 2.

Stdlib only, Python >= 3.8.  One JSON object per line on stdin and stdout:

  -> {"protocol": "argsplit-subject/1", "subject": "py:reference"}
  <- {"protocol": "argsplit-subject/1", "id": "py:reference", "family": "reference",
      "version": "...", "python": "3.11", "capabilities": [...], "backends": [...]}
  -> {"id": 7, "subject": "py:reference", "signature": "(a, b)", "spec": "static_argnums=0",
      "call": "(1, b=2)", "python": "3.11"}
  <- {"id": 7, "subject": "py:reference", "decoration": {...}, "call": {...}}

How a case runs (nothing is modelled but the transform under test):
  * The def is compiled from the signature text; defaults become Default
    sentinels carrying their text and annotations are dropped, so no name
    (jnp.ones(3), Optional[int]) is ever evaluated.  Its body hands locals()
    to the backend: that is CPython's own binding.
  * The call text is compiled as `f(...)` with every argument value replaced
    by an Arg sentinel; literal `*`/`**` operands stay displays (their leaves
    sentinels), so CPython itself unpacks them and raises its call-site errors.
  * The call goes through a shim named f that tags each delivered value with
    how it arrived (slot i, or keyword k), then through the transformed
    function, which reaches the real f.
A backend decorates (recording the real exception on failure) and reads, from
the locals f received, which values arrived traced and which static.
"""
import ast
import builtins
import gc
import importlib
import json
import os
import re
import sys
import traceback
import warnings

PROTOCOL = "argsplit-subject/1"
HERE = os.path.dirname(os.path.abspath(__file__))


class Arg(object):
    """A call argument's value: its source text."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


class Default(object):
    """A parameter default's value: its source text."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


class Tagged(object):
    """A delivered value with how it was delivered (slot or keyword)."""
    __slots__ = ("value", "slot", "keyword")

    def __init__(self, value, slot=None, keyword=None):
        self.value, self.slot, self.keyword = value, slot, keyword


class OutsideLanguage(Exception):
    pass


# ---------------------------------------------------------------- building

class _Names(object):
    """Objects bound to fresh global names of the compiled code."""

    def __init__(self):
        self.ns = {"__builtins__": builtins}
        self.n = 0

    def bind(self, obj):
        name = "__argsplit_%d" % self.n
        self.n += 1
        self.ns[name] = obj
        return ast.Name(id=name, ctx=ast.Load())


def _segment(src, node):
    # Offsets are UTF-8 byte columns; one-line sources (the usual case) are
    # sliced directly, which is much faster than get_source_segment.
    if node.lineno == 1 and node.end_lineno == 1:
        return src.encode("utf-8")[node.col_offset:node.end_col_offset].decode("utf-8")
    text = ast.get_source_segment(src, node)
    if text is None:
        raise OutsideLanguage("no source text for an expression")
    return text


def _fix(tree):
    ast.fix_missing_locations(tree)
    return tree


class Function(object):
    """The real f built from a signature.  Its body stores locals() — what
    CPython bound — in `self.last` and returns `self.hook(locals)` (None
    when there is no hook; a backend sets the hook its transform needs)."""

    def __init__(self, sig_text, hook=None):
        self.hook = hook
        self.last = None
        src = "def f" + sig_text + ": pass\n"
        tree = ast.parse(src)
        fdef = tree.body[0]
        a = fdef.args
        names = _Names()
        a.defaults = [names.bind(Default(_segment(src, d))) for d in a.defaults]
        a.kw_defaults = [None if d is None else names.bind(Default(_segment(src, d)))
                         for d in a.kw_defaults]
        params = []
        for p in getattr(a, "posonlyargs", []):
            params.append((p.arg, "positional_only"))
        for p in a.args:
            params.append((p.arg, "positional_or_keyword"))
        if a.vararg is not None:
            params.append((a.vararg.arg, "var_positional"))
        for p in a.kwonlyargs:
            params.append((p.arg, "keyword_only"))
        if a.kwarg is not None:
            params.append((a.kwarg.arg, "var_keyword"))
        for p in list(getattr(a, "posonlyargs", [])) + a.args + a.kwonlyargs + [a.vararg, a.kwarg]:
            if p is not None:
                p.annotation = None
        fdef.returns = None
        fdef.decorator_list = []
        hook_name = names.bind(self._record)
        locals_name = names.bind(builtins.locals)
        fdef.body = [ast.Return(value=ast.Call(
            func=hook_name, args=[ast.Call(func=locals_name, args=[], keywords=[])], keywords=[]))]
        exec(compile(_fix(tree), "<def>", "exec"), names.ns)
        self.f = names.ns["f"]
        self.params = params

    def _record(self, loc):
        self.last = loc
        return self.hook(loc) if self.hook is not None else None

    def index(self, name):
        for i, (n, _) in enumerate(self.params):
            if n == name:
                return i
        return -1

    def varkw(self):
        for i, (_, kind) in enumerate(self.params):
            if kind == "var_keyword":
                return i
        return -1


def _star_operand(src, node, names):
    if isinstance(node, ast.Constant):
        return node
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            raise OutsideLanguage("nested unpacking")
        elts = [names.bind(Arg(_segment(src, e))) for e in node.elts]
        if isinstance(node, ast.Set):
            return ast.Set(elts=elts)
        return type(node)(elts=elts, ctx=ast.Load())
    if isinstance(node, ast.Dict):
        if any(k is None or not isinstance(k, ast.Constant) for k in node.keys):
            raise OutsideLanguage("dict display with computed keys")
        return ast.Dict(keys=list(node.keys), values=[names.bind(Arg(_segment(src, v))) for v in node.values])
    raise OutsideLanguage("unpacking a non-literal")


class Call(object):
    """The call text compiled as `f(...)` against a callee chosen later."""

    def __init__(self, call_text):
        src = "f" + call_text + "\n"
        tree = ast.parse(src, mode="eval")
        c = tree.body
        names = _Names()
        args = []
        for node in c.args:
            if isinstance(node, ast.Starred):
                args.append(ast.Starred(value=_star_operand(src, node.value, names), ctx=ast.Load()))
            else:
                args.append(names.bind(Arg(_segment(src, node))))
        keywords = []
        for kw in c.keywords:
            value = (_star_operand(src, kw.value, names) if kw.arg is None
                     else names.bind(Arg(_segment(src, kw.value))))
            keywords.append(ast.keyword(arg=kw.arg, value=value))
        c.args, c.keywords = args, keywords
        self.code = compile(_fix(tree), "<call>", "eval")
        self.names = names.ns

    def run(self, callee):
        ns = dict(self.names)
        ns["f"] = callee
        return eval(self.code, ns)


def _make_shim(inner, wrap):
    """A function named f (no module, so messages read "f() ...") that tags
    what it receives and passes it on to inner."""
    ns = {"__builtins__": builtins, "__inner": inner, "__wrap": wrap}
    exec("def f(*a, **k):\n"
         "    return __inner(*[__wrap(v, i, None) for i, v in enumerate(a)],\n"
         "                   **{n: __wrap(v, None, n) for n, v in k.items()})\n", ns)
    return ns["f"]


def _value_literal(node):
    """A spec value from its source: literal Python data, lists kept lists."""
    return ast.literal_eval(node)


def parse_spec(spec):
    """The spec as an ordered list of (keyword, value): from its text form
    ("static_argnums=(0,), ...") or its JSON form (arrays become tuples)."""
    if spec is None:
        return []
    if isinstance(spec, str):
        if not spec.strip():
            return []
        tree = ast.parse("f(" + spec + ")", mode="eval")
        if tree.body.args or any(k.arg is None for k in tree.body.keywords):
            raise OutsideLanguage("a spec is keyword arguments only")
        return [(k.arg, _as_source_str(_value_literal(k.value))) for k in tree.body.keywords]

    def conv(v):
        if isinstance(v, list):
            return tuple(conv(x) for x in v)
        if isinstance(v, dict):
            return dict((k, conv(x)) for k, x in v.items())
        return v
    return [(k, _as_source_str(conv(v))) for k, v in spec.items()]


_NAME_CHARS = re.compile(r"[A-Za-z0-9_]*\Z")


def _as_source_str(v):
    """A spec value as the same literal in a user's source would be: CPython
    interns string constants made only of name characters.  Real JAX
    0.4.31 and 0.4.33 answered "RuntimeError: generator raised
    StopIteration" for a static argument passed by keyword when its name in
    static_argnames was an equal but not interned str (as read from JSON or
    ast); interned, as in source, it is static.  (The exact jaxlib condition
    was not isolated: a plain script with a non-interned name works.)"""
    if isinstance(v, str):
        return sys.intern(v) if _NAME_CHARS.match(v) else v
    if isinstance(v, tuple):
        return tuple(_as_source_str(x) for x in v)
    if isinstance(v, dict):
        return dict((_as_source_str(k), _as_source_str(x)) for k, x in v.items())
    return v


def param_display(fn, index, element=None, key=None):
    name = fn.params[index][0]
    if element is not None:
        return "%s[%d]" % (name, element)
    if key is not None:
        return "%s[%r]" % (name, key)
    return name


def binding_entries(fn, loc):
    """CPython's binding, read from f's locals, as entries in binding order:
    dicts with param, kind, passed, slot, and `index`/`key`/`value` for the
    backend (removed before output)."""
    out = []
    for i, (name, kind) in enumerate(fn.params):
        v = loc[name]
        if kind == "var_positional":
            for j, t in enumerate(v):
                out.append(_entry(fn, i, kind, t, element=j))
        elif kind == "var_keyword":
            for k, t in v.items():
                out.append(_entry(fn, i, kind, t, key=k))
        else:
            out.append(_entry(fn, i, kind, v))
    return out


def _entry(fn, index, kind, v, element=None, key=None):
    e = {"param": param_display(fn, index, element, key), "kind": kind, "element": element}
    if isinstance(v, Tagged):
        e["passed"] = "positional" if v.slot is not None else "keyword"
        e["slot"] = v.slot
        e["value"] = v.value
    else:
        e["passed"] = "default"
        e["slot"] = None
        e["value"] = v
    e["index"], e["key"] = index, key
    return e


def _at(loc, fn, e):
    """The value at entry e's position in another run's locals."""
    v = loc[fn.params[e["index"]][0]]
    if e["element"] is not None:
        return v[e["element"]]
    if e["key"] is not None:
        return v[e["key"]]
    return v


def observe(fn, call, transformed, convert=None, origin=None):
    """Make the call through `transformed`, then on the plain f.

    The transformed run comes first: its exceptions are the real call's.
    The plain run gives CPython's binding (which delivered value binds to
    which parameter, how it was passed).  The entries are those of what f
    *received* in the transformed run: a transform may hand f another
    argument list than the call's (a duplicated static index gives f an
    extra positional argument, reordered static indices permute the slots),
    so each value f received is traced back to the delivered value it came
    from — the plain binding's at the same position when it is that value,
    else the delivered value it is (identity) or whose array it carries
    (`origin(value)`: the number of the delivered value, in delivery order,
    or None).  Each entry carries `sent`, the object the transform was given
    for it (after `convert`, or the Default), and `value`, what f received
    there; a value that is `sent` itself went through untouched (static),
    anything else was replaced (traced) — the rule `verdict_by_identity`
    applies."""
    delivered, order = {}, []

    def give(v, slot, keyword):
        c = convert(v) if convert is not None else v
        key = ("k", keyword) if keyword is not None else ("s", slot)
        delivered[key] = c
        order.append(key)
        return c

    fn.last = None
    call.run(_make_shim(transformed, give))
    got = fn.last
    if got is None:
        raise RuntimeError("the transformed function never called f")
    fn.last = None
    call.run(_make_shim(fn.f, Tagged))
    plain = {}
    for e in binding_entries(fn, fn.last):
        if e["passed"] == "default":
            e["sent"] = e["value"]
        else:
            e["sent"] = delivered[_key(fn, e)]
        plain[(e["index"], e["element"], e["key"])] = e

    def source(v):
        """The key of the delivered value v is, or came from; None."""
        found = [k for k in order if delivered[k] is v]
        if len(found) == 1:
            return found[0]
        n = origin(v) if origin is not None and not found else None
        return order[n] if n is not None and 0 <= n < len(order) else None

    entries, order_key, after = [], [], -1
    plain_at = dict((k, i) for i, k in enumerate(plain))
    for r in binding_entries(fn, got):
        pos = (r["index"], r["element"], r["key"])
        # the call's order where the call has the position (JAX may hand
        # f its keywords sorted), an extra one after its predecessor
        if pos in plain_at:
            after = plain_at[pos]
            order_key.append((after, 0, len(entries)))
        else:
            order_key.append((after, 1, len(entries)))
        e = plain.get(pos)
        v = r["value"]
        if e is not None and (e["passed"] == "default" and isinstance(v, Default)
                              or e["passed"] != "default" and (v is e["sent"] or source(v) in (None, _key(fn, e)))):
            pass                       # the value the call put there (or nothing says otherwise)
        else:
            k = source(v)
            if k is None and e is not None:
                pass
            elif k is None:            # an extra argument from nowhere the call shows
                r.update(passed="positional", slot=None, sent=v)
                e = r
            else:
                r.update(passed="positional" if k[0] == "s" else "keyword",
                         slot=k[1] if k[0] == "s" else None, sent=delivered[k])
                e = r
        e = dict(e)
        e["value"] = v
        entries.append(e)
    return [entries[k[2]] for k in sorted(order_key)]


def _key(fn, e):
    """The delivered-value key of a plain-binding entry."""
    if e["passed"] == "positional":
        return ("s", e["slot"])
    return ("k", e["key"] if e["key"] is not None else fn.params[e["index"]][0])


def verdict_by_identity(e):
    if e["passed"] == "default":
        return "default"
    return "static" if e["value"] is e["sent"] else "traced"


def clean(entries, keep=("param", "kind", "passed", "slot", "verdict", "donated", "axis")):
    return [dict((k, e[k]) for k in keep if k in e) for e in entries]


_STR_SET = re.compile(r"""\{(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?:, (?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))+\}""")


def _sorted_set(m):
    try:
        v = ast.literal_eval(m.group(0))
    except (ValueError, SyntaxError):
        return m.group(0)
    if not isinstance(v, set) or not all(isinstance(x, str) for x in v):
        return m.group(0)
    return "{" + ", ".join(repr(x) for x in sorted(v)) + "}"


_ADDRESS = re.compile(r"( at|<axis) 0x[0-9a-fA-F]+>")


def canonical_text(text):
    """A message as argsplit compares it: a displayed set of str in sorted
    order and an object's address masked (`<... object at 0x?>`, and the
    `<axis 0x?>` name of pmap's mesh axis, 0.9.1-0.10.1).  Both
    belong to the process, not the library: Python iterates a str set in the
    order of the process's hash seed (PYTHONHASHSEED), so two runs of one
    release print {'a', 'zz'} either way (the models print sorted), and
    an address differs from run to run."""
    if " 0x" in text:
        text = _ADDRESS.sub(r"\1 0x?>", text)
    if "{" not in text:
        return text
    return _STR_SET.sub(_sorted_set, text)


def error_obj(exc):
    return {"ok": False, "error": type(exc).__name__, "message": canonical_text(str(exc))}


class _Cache(object):
    """A small most-recently-used map: campaigns repeat signatures and calls."""

    def __init__(self, make, size=512):
        self.make, self.size, self.items = make, size, {}

    def get(self, key):
        v = self.items.pop(key, None)
        if v is None:
            v = self.make(key)
            if len(self.items) >= self.size:
                self.items.pop(next(iter(self.items)))
        self.items[key] = v
        return v


_calls = _Cache(Call)


class Case(object):
    """One request, parsed."""

    def __init__(self, req):
        self.signature = req["signature"]
        self.spec = parse_spec(req.get("spec"))
        self.call_text = req.get("call")
        self.python = req.get("python")


def run_case(backend, case):
    """The split object for one case: decorate, then call (when given).
    Warnings the transform issues while decorating are recorded as
    "Category: text"."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            state = backend.decorate(case)
        except (MemoryError, KeyboardInterrupt, OutsideLanguage):
            raise
        except Exception as e:
            return {"decoration": error_obj(e), "call": None}
    decorated = {"ok": True, "warnings": [canonical_text("%s: %s" % (w.category.__name__, w.message)) for w in caught]}
    if case.call_text is None:
        return {"decoration": decorated, "call": None}
    try:
        call = _calls.get(case.call_text)
    except SyntaxError as e:
        return {"decoration": decorated, "call": {"ok": False, "error": "SyntaxError", "message": e.msg}}
    try:
        entries = backend.call(case, state, call)
    except (MemoryError, KeyboardInterrupt, OutsideLanguage):
        raise
    except Exception as e:
        return {"decoration": decorated, "call": error_obj(e)}
    return {"decoration": decorated, "call": {"ok": True, "args": clean(entries)}}


# ---------------------------------------------------------------- backends

BACKEND_MODULES = ["argsplit_backends.reference", "argsplit_backends.jax_backends"]


def load_backends():
    """id -> backend object, from our modules and $ARGSPLIT_BACKENDS
    (comma-separated module names importable from sys.path)."""
    sys.path.insert(0, HERE)
    # Backends import this file as `argsplit_adapter`: make that this very
    # module, not a second copy with its own Arg/Default/Tagged classes.
    if __name__ == "__main__":
        sys.modules.setdefault("argsplit_adapter", sys.modules["__main__"])
    mods = list(BACKEND_MODULES)
    extra = os.environ.get("ARGSPLIT_BACKENDS", "")
    mods += [m.strip() for m in extra.split(",") if m.strip()]
    table = {}
    for m in mods:
        module = importlib.import_module(m)
        for b in module.BACKENDS:
            table[b.id] = b
    return table


def describe(b):
    ok, version, reason = b.probe()
    return {"id": b.id, "available": bool(ok), "reason": reason or "", "version": version or ""}


# ---------------------------------------------------------------- protocol

def answer_request(b, line):
    """One request, answered by b, the backend the handshake chose (the
    request's `subject` is echoed, never used to pick another backend)."""
    try:
        req = json.loads(line)
    except ValueError as e:
        return {"id": None, "error": "InputError", "message": "request is not JSON: %s" % e}
    rid = req.get("id") if isinstance(req, dict) else None
    if not isinstance(req, dict):
        return {"id": None, "error": "InputError", "message": "a request must be an object"}
    sid = req.get("subject")
    ok, _, reason = b.probe()
    if not ok:
        return {"id": rid, "subject": sid, "error": "NotInstalled", "message": reason}
    key = _answers.key(req)
    result = _answers.get(key)
    if result is None:
        try:
            result = run_case(b, Case(req))
        except (OutsideLanguage, SyntaxError, ValueError, KeyError) as e:
            return {"id": rid, "subject": sid, "error": "InputError", "message": "%s: %s" % (type(e).__name__, e)}
        _garbage.settle(not result["decoration"]["ok"] or (result["call"] is not None and not result["call"]["ok"]))
        _answers.put(key, result)
    out = {"id": rid, "subject": sid}
    out.update(result)
    return out


class _Answers(object):
    """The answers already given by this process, by request (everything
    but its id).  A campaign asks the same case again and again while it
    shrinks its classes (the same small candidates recur across classes:
    18% of the requests of a 300-case jit campaign), and a case's answer is
    its own (one case leaves no state for the next, see _Garbage): a repeat
    is answered from here instead of running the transform again.  Bounded:
    the oldest half is dropped when full."""

    LIMIT = 8192

    def __init__(self):
        self.memo = {}

    @staticmethod
    def key(req):
        try:
            return json.dumps(dict((k, v) for k, v in req.items() if k != "id"), sort_keys=True)
        except (TypeError, ValueError):
            return None

    def get(self, key):
        return self.memo.get(key) if key is not None else None

    def put(self, key, result):
        if key is None:
            return
        if len(self.memo) >= self.LIMIT:
            for k in list(self.memo)[:self.LIMIT // 2]:
                del self.memo[k]
        self.memo[key] = result


_answers = _Answers()


class _Garbage(object):
    """One case must not leave state behind for the next.  A transform that
    raises can leave a generator suspended inside a `with` block of JAX's
    trace state (an axis frame of vmap, a trace level), held by a reference
    cycle through the traceback; the cycle collector would close it at some
    later moment, in the middle of another case ("unbound axis name",
    "pop from empty list" — real 0.4.30 vmap after an in_axes out of bounds).
    So after a case that raised, the garbage is collected at once.  The warm
    heap (JAX itself, every N cases what survived) is frozen out of the
    collector, so a collection costs what the last cases allocated, not the
    whole of JAX (0.3 s -> ~3 ms)."""

    REFREEZE = 512

    def __init__(self):
        self.n = 0

    def settle(self, raised):
        self.n += 1
        if raised or self.n == 1 or self.n % self.REFREEZE == 0:
            gc.collect()
        if self.n == 1 or self.n % self.REFREEZE == 0:
            gc.freeze()


_garbage = _Garbage()


class Options(object):
    """The command line: --backend NAME, --expect MODULE==VERSION, --source PATH."""

    def __init__(self, argv):
        self.backend = self.expect = self.source = None
        i = 0
        while i < len(argv):
            a = argv[i]
            key, eq, val = a.partition("=")
            if key not in ("--backend", "--expect", "--source"):
                raise OutsideLanguage("unknown argument %r (--backend NAME, --expect MODULE==VERSION, --source PATH)" % a)
            if not eq:
                if i + 1 >= len(argv):
                    raise OutsideLanguage("%s needs a value" % a)
                i += 1
                val = argv[i]
            setattr(self, key[2:], val)
            i += 1
        if self.backend is not None and not self.backend.startswith("py:"):
            self.backend = "py:" + self.backend
        if self.expect is not None:
            mod, eq, ver = self.expect.partition("==")
            if not eq or not mod or not ver:
                raise OutsideLanguage("--expect %r: expected MODULE==VERSION" % self.expect)
            self.expect = (mod.strip(), ver.strip())


def _module_facts(b):
    """(module name, version, path) of what backend b really loaded."""
    mod = b.loaded_module() if hasattr(b, "loaded_module") else sys.modules.get(type(b).__module__)
    if mod is None:
        return None, "", ""
    path = os.path.dirname(os.path.abspath(getattr(mod, "__file__", "") or ""))
    version = getattr(mod, "__version__", "")
    if not version:
        try:
            import importlib.metadata as md
            version = md.version(mod.__name__)
        except Exception:
            version = ""
    return mod.__name__, version, path


def handshake(backends, line, opts):
    """The reply to the hello line and the backend chosen (None: refused)."""
    def refuse(kind, message, **extra):
        d = {"protocol": PROTOCOL, "error": kind, "message": message}
        d.update(extra)
        return d, None
    try:
        hello = json.loads(line)
    except ValueError:
        hello = None
    if not isinstance(hello, dict) or hello.get("protocol") != PROTOCOL:
        got = hello.get("protocol") if isinstance(hello, dict) else None
        return refuse("ProtocolError", "expected protocol %s, got %r" % (PROTOCOL, got))
    asked = hello.get("subject")
    if asked is not None and not asked.startswith("py:") and asked.split(":", 1)[0] not in ("real", "ext"):
        asked = "py:" + asked
    if asked is not None and not asked.startswith("py:"):
        asked = None                  # argsplit's own id for this process: --backend decides
    if opts.backend is not None and asked is not None and asked != opts.backend:
        return refuse("InputError", "asked for backend %s but started with --backend %s" % (asked, opts.backend[3:]))
    sid = opts.backend or asked
    listing = [describe(b) for b in backends.values()]
    if sid is None:
        return refuse("InputError", "no backend named: start the adapter with --backend NAME or name one in the "
                      "handshake (have: %s)" % ", ".join(sorted(k[3:] for k in backends)), backends=listing)
    b = backends.get(sid)
    if b is None:
        return refuse("InputError", "no backend %s (have: %s)" % (sid[3:], ", ".join(sorted(k[3:] for k in backends))),
                      backends=listing)
    d = describe(b)
    if not d["available"]:
        return refuse("NotInstalled", "%s: %s" % (sid, d["reason"]), backends=listing)
    module, version, path = _module_facts(b)
    if opts.expect is not None:
        want_mod, want_ver = opts.expect
        try:
            m = importlib.import_module(want_mod)
            got = getattr(m, "__version__", None) or ""
            if not got:
                import importlib.metadata as md
                got = md.version(want_mod)
        except Exception as e:
            return refuse("NotInstalled", "--expect %s==%s: %s does not import (%s: %s)"
                          % (want_mod, want_ver, want_mod, type(e).__name__, e))
        if got != want_ver:
            return refuse("VersionMismatch", "--expect %s==%s but %s %s is loaded (from %s)"
                          % (want_mod, want_ver, want_mod, got,
                             os.path.dirname(os.path.abspath(getattr(m, "__file__", "") or ""))))
    ident = sid
    if opts.expect is not None:
        ident = "real:%s@%s" % (b.family, opts.expect[1])
    elif opts.source is not None:
        ident = "real:%s@%s" % (b.family, opts.source)
    return {"protocol": PROTOCOL, "id": ident, "family": b.family, "version": d["version"],
            "backend": sid[3:], "module": module, "module_version": version, "module_path": path,
            "python": "%d.%d" % sys.version_info[:2], "capabilities": list(b.capabilities),
            "backends": listing}, b


def _environment(opts):
    """Before any backend imports JAX: CPU only, 8 host devices for pmap,
    unoptimised XLA, the source checkout first on sys.path."""
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    flags = os.environ.get("XLA_FLAGS", "")
    if "xla_force_host_platform_device_count" not in flags:
        flags += " --xla_force_host_platform_device_count=8"
    if "xla_backend_optimization_level" not in flags:
        # tiny programs: compile fast (what is observed is decided before XLA)
        flags += " --xla_backend_optimization_level=0 --xla_llvm_disable_expensive_passes=true"
    os.environ["XLA_FLAGS"] = flags.strip()
    if opts.source is not None:
        sys.path.insert(0, os.path.abspath(opts.source))


def main(argv, backends=None):
    """Serve the protocol.  A backend script of your own calls
    main(sys.argv[1:], BACKENDS): it then serves those backends, the first
    one unless --backend or the handshake names another
    (`argsplit check --subject ext:'python3 my_backend.py'`)."""
    try:
        opts = Options(argv)
    except OutsideLanguage as e:
        print("argsplit_adapter: %s" % e, file=sys.stderr)
        return 2
    _environment(opts)
    out_fd = os.dup(1)
    os.dup2(2, 1)              # whatever the code under test prints goes to stderr
    sys.stdout = sys.stderr
    if backends:
        if opts.backend is None:
            opts.backend = backends[0].id
        backends = dict((b.id, b) for b in backends)
    else:
        backends = load_backends()
    chosen = None

    def send(objs):
        data = "".join(json.dumps(o) + "\n" for o in objs).encode("utf-8")
        while data:
            n = os.write(out_fd, data)
            data = data[n:]

    buf = b""
    greeted = False
    while True:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            return 0
        buf += chunk
        lines = buf.split(b"\n")
        buf = lines.pop()
        answers = []
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            if not greeted:
                reply, chosen = handshake(backends, line, opts)
                send([reply])
                if chosen is None:
                    print("argsplit_adapter: %s: %s" % (reply.get("error"), reply.get("message")), file=sys.stderr)
                    return 2
                greeted = True
                continue
            try:
                answers.append(answer_request(chosen, line))
            except MemoryError:
                os._exit(70)       # argsplit restarts us with a fresh heap
            except Exception as e:   # a bug in the adapter, reported, never fatal
                rid = None
                try:
                    rid = json.loads(line).get("id")
                except Exception:
                    pass
                answers.append({"id": rid, "error": "AdapterError",
                                "message": "%s: %s" % (type(e).__name__, e),
                                "traceback": traceback.format_exc(limit=4)})
        if answers:
            send(answers)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
