#!/usr/bin/env python3
"""fake_real_adapter.py — stands in for adapters/python/argsplit_adapter.py
running a real release, for the C side's tests (tests/test_real.c, real_cli).

    fake_real_adapter.py --backend FAMILY [--expect MODULE==VERSION] [--source PATH]

Its handshake states backend FAMILY, module MODULE, module_version VERSION
and module_path (inside PATH with --source) like the real adapter; the
environment can make it lie: FAKE_REAL_CLAIM_VERSION, FAKE_REAL_CLAIM_BACKEND,
FAKE_REAL_CLAIM_PATH replace what it states (an empty value omits the
field).  Requests are answered by the real adapter's py:reference backend
(CPython's own binding, REFERENCE.md's policy), so a campaign sees real
answers.  FAKE_REAL_LOG, when set, gets one line per invocation (its
arguments) and one line per read with the number of requests it held
("batch N"): the tests check the command line and that requests come
batched.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTERS = os.path.join(HERE, "..", "..", "adapters", "python")
sys.path.insert(0, ADAPTERS)
import argsplit_adapter as A  # noqa: E402

args = sys.argv[1:]


def opt(name, default=None):
    return args[args.index(name) + 1] if name in args else default


backend = opt("--backend", "")
module, _, version = (opt("--expect") or "jax==").partition("==")
if not opt("--expect"):
    module = "equinox" if backend.startswith("equinox.") else "jax"
    version = "0.0.0"
source = opt("--source")
path = os.path.join(source, module, "__init__.py") if source else "/fake/site-packages/%s/__init__.py" % module
log = os.environ.get("FAKE_REAL_LOG")


def note(text):
    if log:
        with open(log, "a") as fh:
            fh.write(text + "\n")


note("argv " + " ".join(args))
claims = {"backend": backend, "module": module, "module_version": version, "module_path": path}
for k, env in (("backend", "FAKE_REAL_CLAIM_BACKEND"), ("module_version", "FAKE_REAL_CLAIM_VERSION"),
               ("module_path", "FAKE_REAL_CLAIM_PATH")):
    if env in os.environ:
        claims[k] = os.environ[env]
claims = {k: v for k, v in claims.items() if v != ""}

out_fd = os.dup(1)
os.dup2(2, 1)
sys.stdout = sys.stderr
backends = A.load_backends()


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
        sys.exit(0)
    buf += chunk
    lines = buf.split(b"\n")
    buf = lines.pop()
    answers = []
    for raw in lines:
        if not raw.strip():
            continue
        if not greeted:
            hello = json.loads(raw)
            reply = {"protocol": hello.get("protocol"), "id": hello.get("subject") or "py:" + backend,
                     "family": backend, "version": version, "python": "%d.%d" % sys.version_info[:2],
                     "capabilities": ["donate", "axis"]}
            reply.update(claims)
            send([reply])
            greeted = True
            continue
        answers.append(A.answer_request(backends["py:reference"], raw.decode("utf-8")))
    if answers:
        note("batch %d" % len(answers))
        send(answers)
