"""subject.py PIDFILE [--hang] — an external subject for the reliability tests.

It shakes hands as family jax.jit, starts two grandchildren that sleep (one
in its own process group, one that called setsid, so it is in no group or
session of ours), writes "SELF CHILD SETSID_CHILD" to PIDFILE, and then
answers every request with the reference-like split of a decoration-only
case (--hang: never answers).  argsplit must kill and reap all three.
"""
import json
import os
import subprocess
import sys

pidfile = sys.argv[1]
hang = "--hang" in sys.argv[2:]
sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
child = subprocess.Popen(sleeper)
detached = subprocess.Popen(sleeper, start_new_session=True)
with open(pidfile + ".tmp", "w") as fh:
    fh.write(f"{os.getpid()} {child.pid} {detached.pid}\n")
os.replace(pidfile + ".tmp", pidfile)

out = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)


def send(obj):
    out.write((json.dumps(obj) + "\n").encode())
    out.flush()


hello = json.loads(sys.stdin.readline())
send({"protocol": "argsplit-subject/1", "id": hello.get("subject") or "relsubj", "family": "jax.jit",
      "version": "0", "capabilities": [], "backends": [{"id": "relsubj", "available": True}]})
for line in sys.stdin:
    if hang or not line.strip():
        continue
    r = json.loads(line)
    send({"id": r["id"], "decoration": {"ok": True, "warnings": []}, "call": None})
