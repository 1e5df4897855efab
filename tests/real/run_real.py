#!/usr/bin/env python3
"""run_real.py — answer split requests with the real backends, in process.

    $(scripts/real-env python 0.4.30) tests/real/run_real.py --expect jax==0.4.30 < requests.jsonl

Run by a real environment's interpreter.  Each request line names its
backend in "subject" (py:jax.jit, ...); every family is served by this one
warm process (JAX imported once), through the adapter's own run_case — the
same code the protocol path runs, without the framing.  Answers are
`split --jsonl` result objects plus the request's "id", in order; one
line per request.  Exit 2 (one line) when --expect is not what loaded.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER = os.path.join(os.path.dirname(os.path.dirname(HERE)), "adapters", "python")


def main(argv):
    sys.path.insert(0, ADAPTER)
    import argsplit_adapter as ad
    opts = ad.Options(argv)
    ad._environment(opts)
    backends = ad.load_backends()
    if opts.expect is not None:
        import importlib
        mod, ver = opts.expect
        got = ad._module_facts(type("B", (), {"loaded_module": lambda self: importlib.import_module(mod)})())[1]
        if got != ver:
            print("run_real: --expect %s==%s but %s %s is loaded" % (mod, ver, mod, got), file=sys.stderr)
            return 2
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)             # what the code under test prints goes to stderr
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        b = backends.get(req["subject"])
        if b is None:
            ans = {"id": req.get("id"), "error": "InputError", "message": "no backend %s" % req["subject"]}
        else:
            try:
                ans = ad.answer_request(b, line)
            except Exception as e:      # an adapter bug: recorded, never fatal
                ans = {"id": req.get("id"), "error": "AdapterError", "message": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(ans) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
