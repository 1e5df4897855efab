#!/usr/bin/env python3
"""fake_subject.py — a protocol-speaking subject that misbehaves on demand.

    fake_subject.py [--reverse] [--leak MB] [--grandchild PIDFILE] [--no-handshake] [--bad-protocol]

Every answer is a valid split: decoration ok with one warning naming the
request's signature (so a test sees which case an answer belongs to), no
call.  What a case does is chosen by its signature's first parameter:

    (crash)    SIGSEGV                    (hang)     sleep forever
    (garbage)  a line that is not JSON    (huge)     a 4 MiB answer line
    (exit)     exit status 3 mid-batch    (wrongid)  an answer with an unknown id
    (chatty)   prints to stdout from "user code" first (must not break anything)

--reverse answers each batch read in reverse order (ids keep them apart);
--leak MB keeps MB more memory per request; --grandchild starts a sleeping
child process first and writes its pid to PIDFILE (killing the group must
end it); --no-handshake exits at once; --bad-protocol greets with another
protocol version.
"""
import json
import os
import signal
import subprocess
import sys
import time

args = sys.argv[1:]
reverse = "--reverse" in args
leak_mb = int(args[args.index("--leak") + 1]) if "--leak" in args else 0
kept = []

if "--no-handshake" in args:
    sys.exit(0)
if "--grandchild" in args:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open(args[args.index("--grandchild") + 1], "w") as fh:
        fh.write(str(child.pid))

out = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)


def send(obj_or_bytes):
    data = obj_or_bytes if isinstance(obj_or_bytes, bytes) else (json.dumps(obj_or_bytes) + "\n").encode()
    out.write(data)
    out.flush()


hello = json.loads(sys.stdin.readline())
proto = "argsplit-subject/0" if "--bad-protocol" in args else "argsplit-subject/1"
send({"protocol": proto, "id": hello.get("subject") or "fake", "family": "fake", "version": "0",
      "capabilities": [], "backends": [{"id": "fake", "available": True}]})

buf = b""
while True:
    chunk = os.read(0, 65536)
    if not chunk:
        sys.exit(0)
    buf += chunk
    *lines, buf = buf.split(b"\n")
    reqs = [json.loads(l) for l in lines if l.strip()]
    if reverse:
        reqs.reverse()
    for r in reqs:
        if leak_mb:
            kept.append(bytearray(leak_mb << 20))
        sig = r["signature"]
        what = sig[1:].split(",")[0].split(")")[0].strip()
        if what == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        elif what == "hang":
            time.sleep(3600)
        elif what == "garbage":
            send(b"Traceback? this is not JSON\n")
            continue
        elif what == "huge":
            send({"id": r["id"], "decoration": {"ok": True, "warnings": ["x" * (4 << 20)]}, "call": None})
            continue
        elif what == "exit":
            sys.exit(3)
        elif what == "wrongid":
            send({"id": 999999999, "decoration": {"ok": True, "warnings": []}, "call": None})
            continue
        elif what == "chatty":
            print("debug output from user code")
            sys.stdout.flush()
        send({"id": r["id"], "subject": r["subject"],
              "decoration": {"ok": True, "warnings": ["UserWarning: " + sig]}, "call": None})
