#!/usr/bin/env python3
"""cpython_truth.py — what `argsplit bind --jsonl` must print, computed by really calling.

    cpython_truth.py [CASES.jsonl] > truth.jsonl      (stdin when no file)

Reads {"signature": S, "call": C} lines and, for each, writes the JSON object
argsplit must print for `--python 3.X`, where 3.X is the interpreter running
this script (sys.version_info).  Nothing is modelled: the def is compiled and
executed, the call is compiled and really made.

How a case is run:
  1. compile "def f" + S + ": pass"       -> SyntaxError, phase "signature";
     compile "f" + C                      -> SyntaxError, phase "call_syntax".
  2. The def is rewritten with ast: every default becomes a fresh sentinel
     carrying its source text, annotations are dropped (so `jnp.ones(3)` or
     `Optional[int]` never evaluate), and the body returns locals() through
     a global alias.  It is exec'd in a namespace without __name__, so
     f.__module__ is None and call-site messages read "f() ...".
  3. The call is rewritten with ast: each argument value becomes a sentinel
     carrying its source text; literal `*`/`**` operands are kept as
     displays/constants with their leaves sentinel-ised (dict keys stay real,
     so `**{1: 2}` still fails).  Unpacking a non-literal (`*xs`) is outside
     argsplit's language -> InputError (no message/category compared).
  4. The call is made against the real f, and against a probe
     `def f(*a, **k)` with the same name.  A TypeError the probe raises too,
     with the same text, happened while the caller built the arguments:
     phase "call_site"; any other TypeError is phase "bind".
  5. On success the locals are mapped back to texts: sentinels give their
     text, defaults give "=" + text, elements of `*'ab'` give repr(ch), of
     `*b'ab'` the int.

Texts are compared byte for byte, so the case generator only emits texts in
argsplit's canonical form (see gen_cases.py).  Works on Python 3.8..3.13.
"""
import ast
import builtins
import json
import re
import sys

CATEGORIES = [
    ("too_many_positional", re.compile(
        r"takes (?:from \d+ to \d+|\d+) positional arguments? but \d+"
        r"(?: positional arguments?)?(?: \(and \d+ keyword-only arguments?\))? (?:was|were) given")),
    ("missing_positional", re.compile(r"missing \d+ required positional arguments?: ")),
    ("missing_keyword_only", re.compile(r"missing \d+ required keyword-only arguments?: ")),
    ("multiple_values", re.compile(r"got multiple values for (keyword )?argument '")),
    ("positional_only_as_keyword", re.compile(
        r"got some positional-only arguments passed as keyword arguments: '")),
    ("unexpected_keyword", re.compile(r"got an unexpected keyword argument '")),
]


def categorize(message):
    for name, rx in CATEGORIES:
        if rx.search(message):
            return name
    return "other"


class Arg(object):
    """A call argument's value: only its source text matters."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


class Default(object):
    """A parameter default's value."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


class OutsideLanguage(Exception):
    pass


def _is_constant(node):
    return isinstance(node, ast.Constant)


def _segment(src, node):
    text = ast.get_source_segment(src, node)
    if text is None:
        raise RuntimeError("no source segment for %s" % ast.dump(node))
    return text


class Builder(object):
    """Turns source text into sentinel objects bound to fresh global names."""

    def __init__(self):
        self.ns = {}
        self.n = 0

    def bind(self, obj):
        name = "__argsplit_%d" % self.n
        self.n += 1
        self.ns[name] = obj
        return ast.Name(id=name, ctx=ast.Load())

    def arg(self, src, node):
        return self.bind(Arg(_segment(src, node)))

    def star_operand(self, src, node):
        if _is_constant(node):
            return node
        if isinstance(node, (ast.List, ast.Tuple)):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                raise OutsideLanguage("nested unpacking")
            elts = [self.arg(src, e) for e in node.elts]
            cls = ast.List if isinstance(node, ast.List) else ast.Tuple
            return cls(elts=elts, ctx=ast.Load())
        if isinstance(node, ast.Dict):
            return self.dict_display(src, node)
        raise OutsideLanguage("unpacking a non-literal")

    def dict_display(self, src, node):
        keys = []
        for k in node.keys:
            if k is None or not _is_constant(k):
                raise OutsideLanguage("dict display with computed keys")
            keys.append(k)
        values = [self.arg(src, v) for v in node.values]
        return ast.Dict(keys=keys, values=values)


def _fix(node):
    ast.fix_missing_locations(node)
    return node


def signature_error(sig):
    try:
        compile("def f" + sig + ": pass\n", "<signature>", "exec")
    except SyntaxError as e:
        return e.msg
    return None


def call_error(call):
    try:
        compile("f" + call + "\n", "<call>", "eval")
    except SyntaxError as e:
        return e.msg
    return None


def make_function(sig):
    src = "def f" + sig + ": pass\n"
    tree = ast.parse(src)
    fdef = tree.body[0]
    a = fdef.args
    b = Builder()
    a.defaults = [b.bind(Default(_segment(src, d))) for d in a.defaults]
    a.kw_defaults = [None if d is None else b.bind(Default(_segment(src, d)))
                     for d in a.kw_defaults]
    for p in list(getattr(a, "posonlyargs", [])) + a.args + a.kwonlyargs:
        p.annotation = None
    for p in (a.vararg, a.kwarg):
        if p is not None:
            p.annotation = None
    fdef.returns = None
    fdef.decorator_list = []
    fdef.body = [ast.Return(value=ast.Call(
        func=ast.Name(id="__argsplit_locals", ctx=ast.Load()), args=[], keywords=[]))]
    ns = b.ns
    ns["__builtins__"] = builtins
    ns["__argsplit_locals"] = builtins.locals
    exec(compile(_fix(tree), "<def>", "exec"), ns)
    f = ns["f"]
    order = []
    for p in getattr(a, "posonlyargs", []):
        order.append((p.arg, "PO"))
    for p in a.args:
        order.append((p.arg, "PK"))
    if a.vararg is not None:
        order.append((a.vararg.arg, "VP"))
    for p in a.kwonlyargs:
        order.append((p.arg, "KO"))
    if a.kwarg is not None:
        order.append((a.kwarg.arg, "VK"))
    return f, order


def make_call(call):
    """Code object of the rewritten call expression `f(...)` and its names."""
    src = "f" + call + "\n"
    tree = ast.parse(src, mode="eval")
    c = tree.body
    b = Builder()
    args = []
    for node in c.args:
        if isinstance(node, ast.Starred):
            args.append(ast.Starred(value=b.star_operand(src, node.value), ctx=ast.Load()))
        else:
            args.append(b.arg(src, node))
    keywords = []
    for kw in c.keywords:
        if kw.arg is None:
            value = b.star_operand(src, kw.value)
        else:
            value = b.arg(src, kw.value)
        keywords.append(ast.keyword(arg=kw.arg, value=value))
    c.args, c.keywords = args, keywords
    return compile(_fix(tree), "<call>", "eval"), b.ns


def _probe():
    ns = {"__builtins__": builtins}
    exec("def f(*a, **k): pass\n", ns)
    return ns["f"]


PROBE = _probe()


def text_of(v):
    if isinstance(v, (Arg, Default)):
        return v.text
    if isinstance(v, str):
        return repr(v)
    return str(v)


def value_text(v):
    if isinstance(v, Default):
        return "=" + v.text
    return text_of(v)


def try_call(code, names, f):
    ns = dict(names)
    ns["f"] = f
    ns["__builtins__"] = builtins
    try:
        return True, eval(code, ns)
    except TypeError as e:
        return False, str(e)


def failure(error, category, message, phase):
    return {"ok": False, "error": error, "category": category, "message": message, "phase": phase}


def truth(case):
    sig, call = case["signature"], case["call"]
    msg = signature_error(sig)
    if msg is not None:
        return failure("SyntaxError", "other", msg, "signature")
    msg = call_error(call)
    if msg is not None:
        return failure("SyntaxError", "other", msg, "call_syntax")
    try:
        code, names = make_call(call)
    except OutsideLanguage:
        return {"ok": False, "error": "InputError", "phase": "input"}
    f, order = make_function(sig)
    ok, result = try_call(code, names, f)
    if not ok:
        probe_ok, probe_msg = try_call(code, names, PROBE)
        phase = "call_site" if (not probe_ok and probe_msg == result) else "bind"
        return failure("TypeError", categorize(result), result, phase)
    binding = {}
    defaults_used = []
    for name, kind in order:
        v = result[name]
        if kind == "VP":
            binding[name] = [text_of(x) for x in v]
        elif kind == "VK":
            binding[name] = dict((k, text_of(x)) for k, x in v.items())
        else:
            binding[name] = value_text(v)
            if isinstance(v, Default):
                defaults_used.append(name)
    return {"ok": True, "binding": binding, "defaults_used": defaults_used}


def main(argv):
    src = open(argv[1], encoding="utf-8") if len(argv) > 1 else sys.stdin
    out = sys.stdout
    for lineno, line in enumerate(src, 1):
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        try:
            result = truth(case)
        except Exception as e:  # a bug in this script, never a case outcome
            sys.stderr.write("cpython_truth: line %d: %r: %s: %s\n"
                             % (lineno, case, type(e).__name__, e))
            return 3
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
