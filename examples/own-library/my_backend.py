# my_backend.py — the "own library" backend of docs/EXTERNAL.md, verbatim.
# Run by argsplit: argsplit check --subject ext:'python3 my_backend.py'
# (argsplit puts argsplit_adapter on PYTHONPATH), or as a backend module of
# the adapter: ARGSPLIT_BACKENDS=my_backend with this directory on PYTHONPATH.
import importlib
import sys

import argsplit_adapter
from argsplit_adapter import Function, observe, verdict_by_identity


class MyJit(object):
    id, family, capabilities = "py:mylib.jit", "jax.jit", ()

    def probe(self):                       # (available, version, reason)
        try:
            self.lib = importlib.import_module("mylib")
        except ImportError as e:
            return False, "", "mylib is not installed (%s)" % e
        return True, getattr(self.lib, "__version__", ""), ""

    def loaded_module(self):               # the handshake's "module": reproducers import it
        return self.lib

    def decorate(self, case):              # raises = decoration error, recorded as is
        fn = Function(case.signature)      # the real def; its locals are observed
        return fn, self.lib.jit(fn.f, **dict(case.spec))

    def call(self, case, state, call):     # raises = call error, recorded as is
        fn, jitted = state
        entries = observe(fn, call, jitted)    # binding + what f received per argument
        for e in entries:
            e["verdict"] = verdict_by_identity(e)   # untouched = static, replaced = traced
        return entries


BACKENDS = [MyJit()]

if __name__ == "__main__":
    sys.exit(argsplit_adapter.main(sys.argv[1:], BACKENDS))
