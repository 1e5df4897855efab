#!/usr/bin/env python3
"""inspect_bind.py — the obvious pure-Python binder: inspect.Signature.bind.

    inspect_bind.py CASES.jsonl > results.jsonl

A speed baseline for bench/bench_bind.sh, written the way one would in Python
without executing anything: the def header and the call are parsed with ast,
an inspect.Signature is built from inspect.Parameter objects (defaults are
placeholders carrying their source text), literal `*`/`**` operands are
expanded, and Signature.bind does the binding.  Output lines have the same
shape as `argsplit bind --jsonl`.

It is *not* a correct oracle: inspect checks in a different order and words
its errors differently (docs/BINDING.md §6), and it knows nothing of the
call-site rules it does not need for speed.  Only its throughput is compared.
"""
import ast
import inspect
import json
import sys

P = inspect.Parameter


class Text(object):
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


def signature_of(sig_text):
    src = "def f" + sig_text + ": pass"
    args = ast.parse(src).body[0].args
    seg = ast.get_source_segment
    params = []
    positional = list(args.posonlyargs) + list(args.args)
    first_default = len(positional) - len(args.defaults)
    for i, a in enumerate(positional):
        kind = P.POSITIONAL_ONLY if i < len(args.posonlyargs) else P.POSITIONAL_OR_KEYWORD
        d = args.defaults[i - first_default] if i >= first_default else None
        params.append(P(a.arg, kind, default=P.empty if d is None else Text(seg(src, d))))
    if args.vararg is not None:
        params.append(P(args.vararg.arg, P.VAR_POSITIONAL))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        params.append(P(a.arg, P.KEYWORD_ONLY, default=P.empty if d is None else Text(seg(src, d))))
    if args.kwarg is not None:
        params.append(P(args.kwarg.arg, P.VAR_KEYWORD))
    return inspect.Signature(params)


def literal_items(src, node):
    if isinstance(node, (ast.List, ast.Tuple)):
        return [Text(ast.get_source_segment(src, e)) for e in node.elts]
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return [Text(repr(v)) for v in node.value]
    raise TypeError("argument after * must be an iterable")


def call_of(call_text):
    src = "f" + call_text
    call = ast.parse(src, mode="eval").body
    seg = ast.get_source_segment
    args, kwargs = [], {}
    for node in call.args:
        if isinstance(node, ast.Starred):
            args.extend(literal_items(src, node.value))
        else:
            args.append(Text(seg(src, node)))
    for kw in call.keywords:
        if kw.arg is not None:
            pairs = [(kw.arg, Text(seg(src, kw.value)))]
        elif isinstance(kw.value, ast.Dict) and all(isinstance(k, ast.Constant) for k in kw.value.keys):
            pairs = [(k.value, Text(seg(src, v))) for k, v in zip(kw.value.keys, kw.value.values)]
        else:
            raise TypeError("argument after ** must be a mapping")
        for k, v in pairs:
            if not isinstance(k, str):
                raise TypeError("keywords must be strings")
            if k in kwargs:
                raise TypeError("got multiple values for keyword argument '%s'" % k)
            kwargs[k] = v
    return args, kwargs


def bind(case):
    try:
        sig = signature_of(case["signature"])
        args, kwargs = call_of(case["call"])
        bound = sig.bind(*args, **kwargs)
    except SyntaxError as e:
        return {"ok": False, "error": "SyntaxError", "category": "other", "message": e.msg, "phase": "signature"}
    except (TypeError, ValueError) as e:
        return {"ok": False, "error": "TypeError", "category": "other", "message": str(e), "phase": "bind"}
    given = bound.arguments
    binding, defaults_used = {}, []
    for name, p in sig.parameters.items():
        if name in given:
            v = given[name]
            if p.kind is P.VAR_POSITIONAL:
                binding[name] = [x.text for x in v]
            elif p.kind is P.VAR_KEYWORD:
                binding[name] = dict((k, x.text) for k, x in v.items())
            else:
                binding[name] = v.text
        elif p.kind is P.VAR_POSITIONAL:
            binding[name] = []
        elif p.kind is P.VAR_KEYWORD:
            binding[name] = {}
        else:
            binding[name] = "=" + p.default.text
            defaults_used.append(name)
    return {"ok": True, "binding": binding, "defaults_used": defaults_used}


def main(argv):
    src = open(argv[1], encoding="utf-8") if len(argv) > 1 else sys.stdin
    write = sys.stdout.write
    for line in src:
        if line.strip():
            write(json.dumps(bind(json.loads(line))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
