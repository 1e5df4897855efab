"""py:reference — conformance/REFERENCE.md written a second time, in Python.

Independent of subjects/reference.c on purpose: decoration resolves the
spec against the parameters of the real function object, and the call's
verdicts are read from the locals CPython itself bound.  The rule numbers
(R1..R11) are REFERENCE.md's.
"""
from argsplit_adapter import Function, Tagged, binding_entries, _Cache, _make_shim

STATIC, DONATE, DIFF = "static", "donate", "diff"

ROLE_OF = {}
for _k in ("static_argnums", "static_argnames", "static_args",
           "static_broadcasted_argnums", "static_broadcasted_argnames", "static_broadcasted_args",
           "nondiff_argnums", "nondiff_argnames", "nondiff_args"):
    ROLE_OF[_k] = STATIC
for _k in ("donate_argnums", "donate_argnames", "donate_args"):
    ROLE_OF[_k] = DONATE
ROLE_OF["argnums"] = DIFF
ROLE_OF["argnames"] = DIFF

NEUTRAL = frozenset((
    "has_aux allow_int holomorphic reduce_axes out_axes axis_name axis_size spmd_axis_name backend "
    "device devices keep_unused inline abstracted_axes in_shardings out_shardings compiler_options "
    "policy prevent_cse global_arg_shapes symbolic_zeros donate concrete").split())

AXIS_LIMIT = 1 << 20


def tname(v):
    return type(v).__name__


def plural(n, one, many):
    return one if n == 1 else many


class Policy(object):
    """What decoration decided.  An atom is ("p", index) or ("k", key)."""

    def __init__(self, fn):
        self.fn = fn
        self.n = len(fn.params)
        self.why = {STATIC: {}, DONATE: {}, DIFF: {}}   # atom -> first keyword selecting it
        self.given = set()
        self.diff_keyword = None
        self.keys = []                                   # **kwargs keys in order first mentioned
        self.has_axes = False
        self.axis_default = 0                            # an int, or None
        self.axes = {}                                   # atom -> int or None

    def key_atom(self, key):
        if key not in self.keys:
            self.keys.append(key)
        return ("k", key)

    # R2, R3
    def select_one(self, kw, role, v):
        if isinstance(v, int):
            if v < -self.n or v >= self.n:
                raise ValueError("%s index %d is out of range for %d %s"
                                 % (kw, v, self.n, plural(self.n, "parameter", "parameters")))
            atom = ("p", v % self.n)
        else:
            i = self.fn.index(v)
            if i >= 0:
                atom = ("p", i)
            elif self.fn.varkw() >= 0:
                atom = self.key_atom(v)
            else:
                raise ValueError("%s name '%s' is not a parameter and the function has no **kwargs" % (kw, v))
        self.note(role, atom, kw)

    def note(self, role, atom, kw):
        """R11: of two keywords selecting one atom, messages name the smaller."""
        old = self.why[role].get(atom)
        if old is None or kw < old:
            self.why[role][atom] = kw

    def first_invalid(self, v):
        """R11: the entry whose error is reported: a wrong type (smallest type
        name), then an out-of-range index (smallest), then an unknown name
        (smallest); None when all are valid."""
        best = None
        for e in v:
            if isinstance(e, bool) or not isinstance(e, (int, str)):
                rank = (0, tname(e))
            elif isinstance(e, int):
                if -self.n <= e < self.n:
                    continue
                rank = (1, e)
            else:
                if self.fn.index(e) >= 0 or self.fn.varkw() >= 0:
                    continue
                rank = (2, e)
            if best is None or rank < best[0]:
                best = (rank, e)
        return best

    # R1
    def select(self, kw, role, v):
        self.given.add(role)
        if v is None:
            return
        if isinstance(v, (int, str)) and not isinstance(v, bool):
            self.select_one(kw, role, v)
        elif isinstance(v, (tuple, list)):
            bad = self.first_invalid(v)
            if bad is not None and bad[0][0] == 0:
                raise TypeError("%s entries must be int or str, not %s" % (kw, bad[0][1]))
            if bad is not None:
                self.select_one(kw, role, bad[1])
            for e in v:
                self.select_one(kw, role, e)
        else:
            raise TypeError("%s must be an int, a str, or a tuple or list of them, not %s" % (kw, tname(v)))

    @staticmethod
    def axis_value(v):
        if v is None:
            return None
        if isinstance(v, int) and not isinstance(v, bool):
            if -AXIS_LIMIT < v < AXIS_LIMIT:
                return v
            raise ValueError("in_axes entry %d is not a plausible axis" % v)
        raise TypeError("in_axes entries must be int or None, not %s" % tname(v))

    # R8
    def in_axes(self, v):
        self.has_axes = True
        if v is None or (isinstance(v, int) and not isinstance(v, bool)):
            self.axis_default = self.axis_value(v)
        elif isinstance(v, (tuple, list)):
            if len(v) != self.n:
                raise ValueError("in_axes has %d %s but the function has %d %s"
                                 % (len(v), plural(len(v), "entry", "entries"),
                                    self.n, plural(self.n, "parameter", "parameters")))
            for i, e in enumerate(v):
                self.axes[("p", i)] = self.axis_value(e)
        elif isinstance(v, dict):
            for name, e in sorted(v.items(), key=lambda item: item[0]):   # R11: by name
                axis = self.axis_value(e)
                i = self.fn.index(name)
                if i >= 0:
                    self.axes[("p", i)] = axis
                elif self.fn.varkw() >= 0:
                    self.axes[self.key_atom(name)] = axis
                else:
                    raise ValueError("in_axes name '%s' is not a parameter and the function has no **kwargs"
                                     % name)
        else:
            raise TypeError("in_axes must be an int, None, a tuple or list with one entry per parameter, "
                            "or a dict keyed by parameter name, not %s" % tname(v))

    def roles(self, param, key):
        """(why per role, explicit axis or MISSING) of a parameter or a **kwargs key (R4)."""
        why = dict((r, self.why[r].get(("p", param))) for r in self.why)
        axis = self.axes.get(("p", param), MISSING)
        if key is not None:
            for r in why:
                if why[r] is None:
                    why[r] = self.why[r].get(("k", key))
            if ("k", key) in self.axes:
                axis = self.axes[("k", key)]
        return why, axis

    def static_reason(self, why, axis):
        if why[STATIC]:
            return "static (%s)" % why[STATIC]
        if DIFF in self.given and not why[DIFF]:
            return "static (not selected by %s)" % self.diff_keyword
        if self.has_axes and (self.axis_default if axis is MISSING else axis) is None:
            return "static (in_axes None)"
        return None

    # R6
    def check(self, param, key):
        why, axis = self.roles(param, key)
        name = self.fn.params[param][0]
        label = "%s['%s']" % (name, key) if key is not None else "'%s'" % name
        if why[STATIC] and why[DIFF]:
            raise ValueError("%s cannot be both static (%s) and differentiated (%s)"
                             % (label, why[STATIC], why[DIFF]))
        st = self.static_reason(why, axis)
        if why[DONATE] and st:
            raise ValueError("%s cannot be both %s and donated (%s)" % (label, st, why[DONATE]))
        if why[STATIC] and axis is not MISSING and axis is not None:
            raise ValueError("%s cannot be both %s and mapped (in_axes %d)" % (label, st, axis))


class _Missing(object):
    pass


MISSING = _Missing()


def decorate(fn, spec):
    p = Policy(fn)
    for kw, v in sorted(spec, key=lambda entry: entry[0]):   # R11: by name, not as written
        if kw in ROLE_OF:
            role = ROLE_OF[kw]
            if role == DIFF and (p.diff_keyword is None or kw < p.diff_keyword):
                p.diff_keyword = kw
            p.select(kw, role, v)
        elif kw == "in_axes":
            p.in_axes(v)
        elif kw not in NEUTRAL:
            raise TypeError("reference() got an unexpected keyword argument '%s'" % kw)
    for i in range(p.n):
        p.check(i, None)
    vk = fn.varkw()
    for key in sorted(p.keys):              # R11: **kwargs keys by name
        p.check(vk, key)
    return p


_functions = _Cache(Function)


class Reference(object):
    id = "py:reference"
    family = "reference"
    capabilities = ("donate", "axis")

    def probe(self):
        return True, "1", ""

    def decorate(self, case):
        fn = _functions.get(case.signature)
        return fn, decorate(fn, case.spec)

    def call(self, case, state, call):
        fn, p = state

        def transformed(*args, **kwargs):   # the policy does not touch values
            return fn.f(*args, **kwargs)

        fn.last = None
        call.run(_make_shim(transformed, Tagged))
        entries = binding_entries(fn, fn.last)
        for e in entries:
            why, axis = p.roles(e["index"], e["key"])
            if e["passed"] == "default":
                e["verdict"] = "default"
            elif p.static_reason(why, axis):
                e["verdict"] = "static"
            else:
                e["verdict"] = "traced"
            if DONATE in p.given:
                e["donated"] = e["verdict"] == "traced" and why[DONATE] is not None
            if p.has_axes:
                if e["verdict"] != "traced":
                    e["axis"] = None
                else:
                    e["axis"] = p.axis_default if axis is MISSING else axis
        return entries


BACKENDS = [Reference()]
