#!/usr/bin/env python3
"""inspect_split.py — the reference split (conformance/REFERENCE.md) in Python.

    inspect_split.py REQUESTS.jsonl > results.jsonl

The speed baseline for scripts/bench item 2, written the way a Python
programmer would: the signature and the call are parsed with ast and bound
with inspect.Signature.bind (bench/inspect_bind.py), the selectors of
static_argnums / static_argnames / donate_argnums are resolved against
inspect's parameter list (R1-R4, R6, R10, R11), and each bound argument gets
its verdict.  Output lines have the shape of `argsplit split --jsonl` for
subject `reference`.  Bind errors carry inspect's wording, not CPython's
(docs/BINDING.md §6); scripts/bench reports how many lines agree.
"""
import ast
import inspect
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inspect_bind  # noqa: E402
from inspect_bind import call_of, signature_of  # noqa: E402

P = inspect.Parameter
KIND = {P.POSITIONAL_ONLY: "positional_only", P.POSITIONAL_OR_KEYWORD: "positional_or_keyword",
        P.VAR_POSITIONAL: "var_positional", P.KEYWORD_ONLY: "keyword_only", P.VAR_KEYWORD: "var_keyword"}
ROLE = {"static_argnums": "static", "static_argnames": "static", "static_args": "static",
        "donate_argnums": "donate", "donate_argnames": "donate", "donate_args": "donate"}


def literal_items(src, node, _items=inspect_bind.literal_items):
    """`*` over a dict or set literal yields its keys (inspect_bind stops at lists)."""
    if isinstance(node, (ast.Dict, ast.Set)):
        keys = node.keys if isinstance(node, ast.Dict) else node.elts
        return [inspect_bind.Text(ast.get_source_segment(src, k)) for k in keys]
    return _items(src, node)


inspect_bind.literal_items = literal_items


class Decoration(Exception):
    def __init__(self, error, message):
        Exception.__init__(self, message)
        self.error = error


def resolve(spec, params, varkw):
    """Role -> {atom: keyword}; an atom is a parameter name or ('kw', key)."""
    names = list(params)
    n = len(names)
    roles = {"static": {}, "donate": {}}
    for kw, val in spec.items():
        role = ROLE.get(kw)
        if role is None:
            raise Decoration("TypeError", "reference() got an unexpected keyword argument '%s'" % kw)
        if val is None:
            continue
        if isinstance(val, bool) or not isinstance(val, (int, str, list, tuple)):
            raise Decoration("TypeError", "%s must be an int, a str, or a tuple or list of them, not %s"
                             % (kw, type(val).__name__))
        chosen = roles[role]
        for item in (val if isinstance(val, (list, tuple)) else (val,)):
            if isinstance(item, bool) or not isinstance(item, (int, str)):
                raise Decoration("TypeError", "%s entries must be int or str, not %s" % (kw, type(item).__name__))
            if isinstance(item, int):
                if not -n <= item < n:
                    raise Decoration("ValueError", "%s index %d is out of range for %d parameter%s"
                                     % (kw, item, n, "" if n == 1 else "s"))
                atom = names[item]
            elif item in params:
                atom = item
            elif varkw is not None:
                atom = ("kw", item)
            else:
                raise Decoration("ValueError", "%s name '%s' is not a parameter and the function has no **kwargs"
                                 % (kw, item))
            chosen.setdefault(atom, kw)
    return roles


def check_overlap(roles, names, varkw):
    static, donate = roles["static"], roles["donate"]

    def clash(label, s, d):
        raise Decoration("ValueError", "%s cannot be both static (%s) and donated (%s)" % (label, s, d))
    for name in names:
        if name in static and name in donate:
            clash("'%s'" % name, static[name], donate[name])
    keys = [a[1] for r in (static, donate) for a in r if isinstance(a, tuple)]
    for key in dict.fromkeys(keys):
        atom = ("kw", key)
        s = static.get(atom, static.get(varkw))
        d = donate.get(atom, donate.get(varkw))
        if s and d:
            clash("%s['%s']" % (varkw, key), s, d)


def split(req):
    sig = signature_of(req["signature"])
    params = sig.parameters
    varkw = next((p.name for p in params.values() if p.kind is P.VAR_KEYWORD), None)
    spec = req["spec"] or {}
    out = {"subject": "reference"}
    try:
        roles = resolve(spec, params, varkw)
        check_overlap(roles, list(params), varkw)
    except Decoration as e:
        out["decoration"] = {"ok": False, "error": e.error, "message": str(e)}
        out["call"] = None
        return out
    out["decoration"] = {"ok": True, "warnings": []}
    if req.get("call") is None:
        out["call"] = None
        return out
    try:
        args, kwargs = call_of(req["call"])
        bound = sig.bind(*args, **kwargs).arguments
    except SyntaxError as e:
        out["call"] = {"ok": False, "error": "SyntaxError", "message": e.msg}
        return out
    except TypeError as e:
        out["call"] = {"ok": False, "error": "TypeError", "message": str(e)}
        return out
    static, donate = roles["static"], roles["donate"]
    donating = any(ROLE.get(k) == "donate" for k in spec)
    npos = len(args)
    entries = []

    def add(param, kind, passed, slot, atom, whole):
        e = {"param": param, "kind": kind, "passed": passed, "slot": slot}
        if passed == "default":
            e["verdict"] = "default"
        else:
            e["verdict"] = "static" if (atom in static or whole in static) else "traced"
        if donating:
            e["donated"] = passed != "default" and (atom in donate or whole in donate)
        entries.append(e)
    slot = 0
    for name, p in params.items():
        kind = KIND[p.kind]
        if p.kind is P.VAR_POSITIONAL:
            for i in range(len(bound.get(name, ()))):
                add("%s[%d]" % (name, i), kind, "positional", slot, name, name)
                slot += 1
        elif p.kind is P.VAR_KEYWORD:
            for key in bound.get(name, {}):
                add("%s['%s']" % (name, key), kind, "keyword", None, ("kw", key), name)
        elif name not in bound:
            add(name, kind, "default", None, name, name)
        elif p.kind is not P.KEYWORD_ONLY and slot < npos:
            add(name, kind, "positional", slot, name, name)
            slot += 1
        else:
            add(name, kind, "keyword", None, name, name)
    out["call"] = {"ok": True, "args": entries}
    return out


def main(argv):
    src = open(argv[1], encoding="utf-8") if len(argv) > 1 else sys.stdin
    write = sys.stdout.write
    dumps = json.dumps
    for line in src:
        req = json.loads(line)
        try:
            res = split(req)
        except (SyntaxError, TypeError, ValueError) as e:
            res = {"subject": "reference", "error": type(e).__name__, "message": str(e)}
        write(dumps(res, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
