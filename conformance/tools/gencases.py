#!/usr/bin/env python3
"""gencases.py — generate the systematic part of the conformance suite.

Every parameter kind x pass style x selector form, for each role keyword of
conformance/REFERENCE.md, written to conformance/cases/gen/*.case.

The reference verdict of each case is computed here, independently of the C
reference subject: binding comes from real CPython (inspect.Signature.bind
for the structure, calling the function for the exact TypeError text), and
the selection rules R2-R6 and R9-R10 are re-implemented below in a few
lines.  `argsplit check` then verifies every written verdict against the C
reference on load, so the two implementations are checked against each
other.

    python3 conformance/tools/gencases.py [OUTDIR]

Only the standard library is used.  The output is deterministic.
"""
import inspect
import os
import re
import sys

PY = "3.%d" % sys.version_info.minor

# Target parameter `t` of each kind, with one ordinary neighbour `o`.
# (signature, index of t, number of parameters)
KINDS = {
    "po": ("(t=1, /, o=2)", 0, 2),
    "pk": ("(o, t=2)", 1, 2),
    "vp": ("(o, *t)", 1, 2),
    "ko": ("(o, *, t=2)", 1, 2),
    "vk": ("(o, **t)", 1, 2),
}

# How t is passed: name -> call text, per kind (absent = impossible).
PASSES = {
    "po": {"positional": "(10, 1)", "keyword": "(t=10, o=1)", "default": "(o=1)",
           "unpacked": "(*[10, 1])"},
    "pk": {"positional": "(1, 10)", "keyword": "(1, t=10)", "default": "(1)",
           "unpacked": "(1, **{'t': 10})", "all-keyword": "(t=10, o=1)"},
    "vp": {"positional": "(1, 10, 11)", "default": "(1)", "unpacked": "(*[1, 10])",
           "keyword": "(1, t=10)"},
    "ko": {"keyword": "(1, t=10)", "default": "(1)", "unpacked": "(1, **{'t': 10})",
           "positional": "(1, 10)"},
    "vk": {"keyword": "(1, k=10, u=11)", "default": "(1)", "unpacked": "(1, **{'k': 10})",
           "positional": "(1, 10)"},
}

KIND_TAG = {"po": "posonly", "pk": "pk", "vp": "varargs", "ko": "kwonly", "vk": "kwargs"}


class Role:
    def __init__(self, name, nums, names, effect, families, what):
        self.name, self.nums, self.names = name, nums, names
        self.effect = effect          # "static", "donated", "differentiated"
        self.families = families      # short description for the text
        self.what = what


ROLES = [
    Role("static", "static_argnums", "static_argnames", "static", "jit, checkpoint", "static"),
    Role("donate", "donate_argnums", "donate_argnames", "donated", "jit, pmap", "donated"),
    Role("nondiff", "nondiff_argnums", "nondiff_argnames", "static", "custom_jvp/vjp", "non-differentiable"),
    Role("diff", "argnums", "argnames", "differentiated", "grad family", "differentiated"),
    Role("broadcast", "static_broadcasted_argnums", "static_broadcasted_argnames", "static", "pmap",
         "static (broadcast)"),
]


def selectors(role, kind):
    """(form, spec text, selected parameter names or an error, description)."""
    sig, idx, n = KINDS[kind]
    k, kn = role.nums, role.names
    out = [
        ("index", "%s=%d" % (k, idx), {"t"}, "non-negative index %d" % idx),
        ("neg", "%s=%d" % (k, idx - n), {"t"}, "negative index %d (counted from the parameters)" % (idx - n)),
        ("oor", "%s=%d" % (k, n), "%s index %d is out of range for %d parameters" % (k, n, n),
         "index %d, one past the last parameter" % n),
        ("oor-neg", "%s=%d" % (k, -n - 1), "%s index %d is out of range for %d parameters" % (k, -n - 1, n),
         "negative index %d, one before the first parameter" % (-n - 1)),
        ("name", "%s='t'" % kn, {"t"}, "the parameter's name"),
        ("both", "%s=%d, %s='t'" % (k, idx, kn), {"t"}, "index and name together"),
        ("dup", "%s=(%d, %d)" % (k, idx, idx), {"t"}, "the same index twice"),
        ("empty", "%s=()" % k, set(), "an empty tuple (selects nothing)"),
        ("other", "%s=%d" % (k, 1 - idx), {"o"}, "only the other parameter"),
    ]
    if kind == "vk":
        out.append(("key", "%s='k'" % kn, {"t['k']"}, "a **kwargs key by name"))
    else:
        out.append(("unknown", "%s='z'" % kn,
                    "%s name 'z' is not a parameter and the function has no **kwargs" % kn,
                    "a name that is no parameter"))
    return out


def define(sig):
    ns = {}
    exec("def f%s:\n    return None\n" % sig, ns)
    return ns["f"]


def bind(sig, call):
    """(entries, None) or (None, 'TypeError: message') as CPython does it."""
    f = define(sig)
    values = {"a1": 1, "a10": 10, "a11": 11}
    try:
        eval("f" + call, dict(values, f=f))
    except TypeError as e:
        return None, "TypeError: %s" % e
    ba = eval("B" + call, dict(values, B=inspect.signature(f).bind))
    entries = []   # (display name, parameter name, key or None, passed?)
    for name, p in inspect.signature(f).parameters.items():
        if name not in ba.arguments:
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                entries.append((name, name, None, False))
            continue
        v = ba.arguments[name]
        if p.kind == p.VAR_POSITIONAL:
            entries += [("%s[%d]" % (name, i), name, None, True) for i in range(len(v))]
        elif p.kind == p.VAR_KEYWORD:
            entries += [("%s[%r]" % (name, key), name, key, True) for key in v]
        else:
            entries.append((name, name, None, True))
    return entries, None


def reference(role, sig, selected, call):
    """The reference outcome text (REFERENCE.md R2-R5, R9, R10)."""
    if isinstance(selected, str):
        return "decoration-error ValueError: " + selected
    entries, error = bind(sig, call)
    if error:
        return "error " + error
    if not entries:
        return "()"
    toks = []
    for disp, pname, key, passed in entries:
        hit = pname in selected or disp in selected
        if not passed:
            verdict = "default"
        elif role.effect == "static":
            verdict = "static" if hit else "traced"
        elif role.effect == "differentiated":
            verdict = "traced" if hit else "static"
        else:
            verdict = "traced"
        tok = "%s=%s" % (disp, verdict)
        if role.effect == "donated" and passed and hit:
            tok += "+donated"
        toks.append(tok)
    return " ".join(toks)


def tags_for(role, kind, passed, form):
    tags = ["gen", "role-" + role.name, "kind-" + KIND_TAG[kind], "pass-" + passed, "sel-" + form]
    extra = {
        "neg": "neg-index", "oor": "out-of-range", "oor-neg": "out-of-range", "both": "both-specs",
        "dup": "duplicate-index", "empty": "empty-selector", "unknown": "unknown-name", "key": "kwargs-key",
    }
    if form in extra:
        tags.append(extra[form])
    if form in ("name", "both") and kind == "po":
        tags.append("argnames-posonly")
    if form in ("name", "both") and kind == "vp":
        tags.append("argnames-varargs")
    if kind == "ko" and role.effect == "static":
        tags.append("kwonly-static")
    if kind == "vp" and form in ("index", "neg", "dup"):
        tags.append("varargs-index")
    if passed == "default":
        tags.append("unpassed-default")
    if role.name == "donate":
        tags.append("donate")
    return tags


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "cases", "gen")
    os.makedirs(outdir, exist_ok=True)
    # The full matrix for the static role; every other role gets the kinds
    # and selector forms with the positional and keyword pass styles.
    total = 0
    for role in ROLES:
        for kind in KINDS:
            sig, idx, n = KINDS[kind]
            for passed, call in PASSES[kind].items():
                if role.name != "static" and passed not in ("positional", "keyword", "default"):
                    continue
                # Values are array names (a1, a10, a11), not Python ints: the
                # split must not depend on value-based rules (grad's dtype
                # checks, pmap's mapped-axis checks, Equinox), spec §3/§2/§7.
                call = re.sub(r"(?<![\w'.])(\d+)(?![\w.'])", r"a\1", call)
                blocks = []
                for form, spec, selected, desc in selectors(role, kind):
                    if role.name != "static" and form in ("other", "oor-neg"):
                        continue
                    cid = "gen-%s-%s-%s-%s" % (role.name, kind, passed, form)
                    ref = reference(role, sig, selected, call)
                    lines = [
                        "--- id: " + cid,
                        "signature: " + sig,
                        "spec: " + spec,
                        "call: " + call,
                        "reference: " + ref,
                    ]
                    if PY != "3.11":
                        lines.append("python: " + PY)
                    lines.append("tags: " + " ".join(tags_for(role, kind, passed, form)))
                    lines.append("description: %s role (%s); %s parameter t passed %s; selector: %s."
                                 % (role.what, role.families, KIND_TAG[kind], passed, desc))
                    blocks.append("\n".join(lines) + "\n")
                    total += 1
                name = "%s-%s-%s.case" % (role.name, kind, passed)
                header = ("# Generated by conformance/tools/gencases.py; do not edit by hand.\n"
                          "# Role %s, parameter kind %s, passed %s: signature %s, call f%s.\n\n"
                          % (role.name, KIND_TAG[kind], passed, sig, call))
                with open(os.path.join(outdir, name), "w") as fh:
                    fh.write(header + "\n".join(blocks))
    print("%d cases in %s" % (total, outdir), file=sys.stderr)


if __name__ == "__main__":
    main()
