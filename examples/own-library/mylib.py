"""mylib.py — a toy transform library for the docs/EXTERNAL.md backend example.

`jit` marks arguments static by positional index (static_argnums) or by
keyword name (static_argnames) — how they were *passed*, not what they bind
to, like old JAX — and replaces every other argument with a Tracer.
"""
__version__ = "0.1"


class Tracer(object):
    def __init__(self, value):
        self.value = value


def is_tracer(x):
    return isinstance(x, Tracer)


def jit(f, static_argnums=(), static_argnames=()):
    nums = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)
    names = (static_argnames,) if isinstance(static_argnames, str) else tuple(static_argnames)
    for i in nums:
        if isinstance(i, bool) or not isinstance(i, int):
            raise TypeError("static_argnums must contain ints, got %s" % type(i).__name__)

    def wrapped(*args, **kwargs):
        args = [a if i in nums else Tracer(a) for i, a in enumerate(args)]
        kwargs = dict((k, v if k in names else Tracer(v)) for k, v in kwargs.items())
        return f(*args, **kwargs)
    return wrapped
