#!/usr/bin/env python3
"""gen_cases.py — seeded random (signature, call) cases for the binder differential.

    gen_cases.py --seed N --count K [--python-minor M] > cases.jsonl

Each output line is {"signature": S, "call": C}.  The same seed gives the same
lines on every Python 3.8..3.13 (only random.Random with an int seed and
randrange/choice/shuffle are used, whose streams are stable across versions).
--python-minor is accepted for symmetry with the truth script; the generated
language is the subset common to 3.8..3.13, so the output does not depend on it.

What is generated (shares are approximate):
  * signatures with 0..7 parameters of all five kinds, positional and
    keyword-only defaults, some annotations; names drawn from a small pool that
    collides on purpose (with each other, with the *args/**kwargs names, with
    the keywords calls use, with near-misses for 3.13's "Did you mean");
  * ~5% invalid signatures (default ordering, `/` placement, duplicates, bare
    `*` at the end, var-parameter defaults, ...) -> SyntaxError, phase signature;
  * calls: all-positional, all-keyword, mixed, defaults omitted, extra
    positionals, unknown keywords, positional-only names as keywords, literal
    `*`/`**` unpacking (lists, tuples, 'ab', dicts), duplicates across
    keywords and mappings, non-iterable `*1`, non-mapping `**[1]`, non-string
    keys `**{1: 2}`;
  * ~4% invalid calls (positional after keyword or after **, repeated keyword)
    -> SyntaxError, phase call_syntax;
  * ~2% calls unpacking a non-literal (`*xs`, `**kw`, `*f(1)`) -> InputError.

Every expression text is already in argsplit's canonical form (no comments,
no leading/trailing blanks, never two blanks in a row, no blank inside
brackets next to the bracket), so the truth can be compared byte for byte.
"""
import argparse
import json
import random
import sys

NAMES = [
    "a", "b", "c", "d", "e", "x", "y", "k", "n", "z", "L",
    "self", "args", "kwargs", "kw", "key", "match", "case", "type", "print",
    "value", "axis", "bluch", "BLuch",
]
# Keywords a call may use although no parameter has that name.
UNKNOWN = ["zz", "aa", "q1", "valeu", "axes", "kwargs_", "blich", "Value", "selff"]
VAR_NAMES = ["args", "kwargs", "kw", "a", "rest", "p", "L"]

VALUES = [
    "0", "1", "2", "-1", "3", "1_000", "1.5", "1e-3", "0x1F", "None", "True", "False",
    "'a'", '"b"', "'it\\'s'", '"say \\"hi\\""', "'\\n'", "'a,b'", "'(x)'", "r'\\d+'",
    "b'xy'", "'é'", "''",
    "[1, 2]", "[]", "[(1, 2), 3]", "[1,2]", "(1, 2)", "()", "(1,)", "{'k': 1}", "{}",
    "{'a': [1, 2], 'b': (3,)}", "{'k':1}",
    "lambda: 0", "lambda x, y: 0", "lambda *a, **k: None", "lambda x=(1, 2): x",
    "jnp.ones(3)", "np.zeros((2, 3))", "x.y", "g(1, k=2)", "jax.random.PRNGKey(0)",
    "x", "y", "self", "a[0]", "x[1:2]", "1 + 2", "-x", "x if y else 0", "not x",
    "[*x, 1]", "{**d, 'k': 2}", "f'{x}'", "[i for i in range(3)]",
    "x[::2]", "a.b.c(d=[1, {'e': 2}])", "...", "2 ** -1", "x @ y",
]
ANNOTATIONS = ["int", "str", "jnp.ndarray", "Optional[int]", "'Array'", "list[int]",
               "Callable[[int, str], None]", "int | None"]

INVALID_SIGNATURES = [
    "(a=1, b)", "(a=1, /, b)", "(*args, /)", "(*, /)", "(/, a)", "(**kw, a)",
    "(*a, *b)", "(a, /, /)", "(*a=1)", "(**k=1)", "(*, **kw)", "(a, *)", "(a, a)", "(/)",
    "(*, a, *)", "(a, b=2, c)", "(a, *, a)", "(a, **a)", "(args, *args)", "(a, /, *, b, /)",
    "(**kw, **kw2)", "(*, b=1, c, /)",
]


class Param(object):
    __slots__ = ("name", "kind", "ann", "default")

    def __init__(self, name, kind, ann=None, default=None):
        self.name, self.kind, self.ann, self.default = name, kind, ann, default


# kind codes: PO PK VP KO VK
def format_param(p):
    prefix = {"VP": "*", "VK": "**"}.get(p.kind, "")
    s = prefix + p.name
    if p.ann is not None:
        s += ": " + p.ann
        if p.default is not None:
            s += " = " + p.default
    elif p.default is not None:
        s += "=" + p.default
    return s


def format_signature(params):
    items = []
    npo = sum(1 for p in params if p.kind == "PO")
    has_vp = any(p.kind == "VP" for p in params)
    for i, p in enumerate(params):
        if p.kind == "KO" and not has_vp and (i == 0 or params[i - 1].kind not in ("KO",)):
            items.append("*")
        items.append(format_param(p))
        if p.kind == "PO" and sum(1 for q in params[: i + 1] if q.kind == "PO") == npo:
            items.append("/")
    return "(" + ", ".join(items) + ")"


def random_signature(r):
    total = r.choice([0, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7])
    kinds = []
    left = total
    has_vp = r.random() < 0.35 and left > 0
    has_vk = r.random() < 0.35 and left - has_vp > 0
    left -= has_vp + has_vk
    npo = r.randrange(left + 1) if r.random() < 0.45 else 0
    left -= npo
    nko = r.randrange(left + 1) if r.random() < 0.5 else 0
    npk = left - nko
    kinds = ["PO"] * npo + ["PK"] * npk + ["VP"] * has_vp + ["KO"] * nko + ["VK"] * has_vk
    pool = NAMES[:]
    r.shuffle(pool)
    params = []
    for kind in kinds:
        name = pool.pop()
        if kind in ("VP", "VK") and r.random() < 0.5:
            cands = [v for v in VAR_NAMES if v not in [p.name for p in params]]
            name = r.choice(cands)
            if name in pool:
                pool.remove(name)
        params.append(Param(name, kind))
    # Rare: the same name twice would be invalid; keep names unique here.
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        seen = set()
        for p in params:
            while p.name in seen:
                p.name = p.name + "_"
            seen.add(p.name)
    positional = [p for p in params if p.kind in ("PO", "PK")]
    if positional and r.random() < 0.6:
        cut = r.randrange(len(positional) + 1)
        for p in positional[cut:]:
            p.default = r.choice(VALUES)
    for p in params:
        if p.kind == "KO" and r.random() < 0.5:
            p.default = r.choice(VALUES)
        if r.random() < 0.15:
            p.ann = r.choice(ANNOTATIONS)
    return params


def invalid_signature(r):
    if r.random() < 0.4:
        return r.choice(INVALID_SIGNATURES)
    params = random_signature(r)
    while len(params) < 2:
        params.append(Param(r.choice(UNKNOWN) + str(len(params)), "PK"))
    what = r.randrange(4)
    if what == 0:  # duplicate name
        i, j = r.sample(range(len(params)), 2)
        params[j].name = params[i].name
        return format_signature(params)
    if what == 1:  # a default, then a positional without one
        positional = [p for p in params if p.kind in ("PO", "PK")]
        if len(positional) >= 2:
            for p in positional:
                p.default = None
            positional[0].default = r.choice(VALUES)
            return format_signature(params)
        return "(" + format_param(Param("a", "PK", None, "1")) + ", b)"
    if what == 2:  # bare * with nothing after it
        plain = [p for p in params if p.kind in ("PO", "PK")]
        text = format_signature(plain)
        return text[:-1] + (", *)" if plain else "*)")
    # `/` after the star
    text = format_signature(params)
    inner = text[1:-1]
    return "(" + (inner + ", " if inner else "") + "*rest, /)"


def pick_value(r):
    return r.choice(VALUES)


def star_item(r):
    """A `*` item; literal forms only."""
    c = r.randrange(12)
    if c < 5:
        return "*[" + ", ".join(pick_value(r) for _ in range(r.randrange(4))) + "]"
    if c < 8:
        n = r.randrange(4)
        vals = [pick_value(r) for _ in range(n)]
        return "*(" + ", ".join(vals) + ("," if n == 1 else "") + ")"
    if c == 8:
        return r.choice(["*'ab'", "*''", "*'xyz'"])
    if c == 9:
        return r.choice(["*1", "*None", "*1.5", "*True"])
    if c == 10:
        return "*{'a': 1, 'b': 2}"
    return "*[" + pick_value(r) + "]"


def dstar_item(r, names):
    c = r.randrange(12)
    if c < 7:
        keys = [r.choice(names + UNKNOWN) for _ in range(r.randrange(3))]
        body = ", ".join("'%s': %s" % (k, pick_value(r)) for k in keys)
        return "**{" + body + "}"
    if c == 7:
        return "**{'m': 5}"
    if c == 8:
        return r.choice(["**[1]", "**1", "**None", "**(1, 2)", "**'ab'"])
    if c == 9:
        return r.choice(["**{1: 2}", "**{'a': 1, 2: 3}", "**{None: 1}"])
    if c == 10:
        return "**{'a': 1}"
    return "**{}"


def random_call(r, params):
    positional = [p for p in params if p.kind in ("PO", "PK")]
    names = [p.name for p in params]
    required_pos = [p for p in positional if p.default is None]
    mode = r.randrange(9)
    pos = []
    kws = []
    if mode == 0:  # all positional, around the right count
        n = max(0, len(positional) + r.choice([-1, 0, 0, 0, 1, 2]))
        pos = [pick_value(r) for _ in range(n)]
    elif mode == 1:  # all keyword
        for p in params:
            if p.kind in ("PO", "PK", "KO") and (p.default is None or r.random() < 0.5):
                kws.append(p.name)
    elif mode in (2, 3):  # mixed
        n = r.randrange(len(positional) + 1) if positional else 0
        pos = [pick_value(r) for _ in range(n)]
        for p in params:
            if p.kind in ("PK", "KO") and (p.default is None or r.random() < 0.4):
                if p.kind == "KO" or positional.index(p) >= n or r.random() < 0.1:
                    kws.append(p.name)
    elif mode == 4:  # defaults omitted: only what is required
        pos = [pick_value(r) for _ in required_pos]
        kws = [p.name for p in params if p.kind == "KO" and p.default is None]
    elif mode == 5:  # extra positionals
        pos = [pick_value(r) for _ in range(len(positional) + r.randrange(1, 4))]
        kws = [p.name for p in params if p.kind == "KO" and r.random() < 0.6]
    else:  # random soup
        pos = [pick_value(r) for _ in range(r.randrange(len(positional) + 2))]
        pool = names + UNKNOWN
        kws = [r.choice(pool) for _ in range(r.randrange(4))]
    # Perturbations: unknown keywords, positional-only names, var names.
    if r.random() < 0.25:
        kws.insert(r.randrange(len(kws) + 1), r.choice(UNKNOWN))
    po_names = [p.name for p in params if p.kind == "PO"]
    if po_names and r.random() < 0.3:
        kws.insert(r.randrange(len(kws) + 1), r.choice(po_names))
    var_names = [p.name for p in params if p.kind in ("VP", "VK")]
    if var_names and r.random() < 0.15:
        kws.append(r.choice(var_names))
    r.shuffle(kws) if r.random() < 0.3 else None
    seen = set()
    kws = [k for k in kws if not (k in seen or seen.add(k))]
    items = [pick_value(r) for _ in []]
    items = list(pos)
    # literal * unpacking among the positionals
    if r.random() < 0.3:
        items.insert(r.randrange(len(items) + 1), star_item(r))
    kw_items = ["%s=%s" % (k, pick_value(r)) for k in kws]
    if r.random() < 0.3:
        kw_items.insert(r.randrange(len(kw_items) + 1), dstar_item(r, names))
    if r.random() < 0.1:
        kw_items.append(dstar_item(r, names))
    # `*iterable` after a keyword is legal; keep it before any `**`.
    if r.random() < 0.05:
        first_dstar = [i for i, it in enumerate(kw_items) if it.startswith("**")]
        at = first_dstar[0] if first_dstar else len(kw_items)
        kw_items.insert(r.randrange(at + 1), star_item(r))
    return "(" + ", ".join(items + kw_items) + ")"


def invalid_call(r, params):
    names = [p.name for p in params] or ["a"]
    k = r.choice(names + UNKNOWN)
    v1, v2 = pick_value(r), pick_value(r)
    c = r.randrange(4)
    if c == 0:
        return "(%s=%s, %s)" % (k, v1, v2)
    if c == 1:
        return "(%s, **{'m': 5}, %s)" % (v1, v2)
    if c == 2:
        return "(%s=%s, %s=%s)" % (k, v1, k, v2)
    return "(%s, %s=%s, *[1], %s=%s)" % (v1, k, v2, k, v1)


def input_error_call(r, params):
    c = r.randrange(5)
    v = pick_value(r)
    if c == 0:
        return "(%s, *xs)" % v
    if c == 1:
        return "(**kw)"
    if c == 2:
        return "(*f(1), %s)" % v
    if c == 3:
        return "(%s, **dict(a=1))" % v
    return "(*x.y)"


def generate(seed, count):
    r = random.Random(seed)
    out = []
    for _ in range(count):
        u = r.random()
        if u < 0.05:
            out.append({"signature": invalid_signature(r), "call": "(1)"})
            continue
        params = random_signature(r)
        sig = format_signature(params)
        if u < 0.09:
            call = invalid_call(r, params)
        elif u < 0.11:
            call = input_error_call(r, params)
        else:
            call = random_call(r, params)
        out.append({"signature": sig, "call": call})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--python-minor", type=int, default=None,
                    help="accepted for symmetry; the output does not depend on it")
    a = ap.parse_args(argv)
    w = sys.stdout.write
    for case in generate(a.seed, a.count):
        w(json.dumps(case, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
