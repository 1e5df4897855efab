#!/usr/bin/env python3
"""real_tier.py — the models against real JAX and Equinox (ctest `real_tier`).

    real_tier.py ARGSPLIT [--cases N] [--seed S] [--releases R1,R2,...] [--equinox E]
                 [--families F1,...] [--known FILE] [--jobs J] [--save FILE]
    real_tier.py ARGSPLIT --replay FILE [--remodel] [--allow-unused]

For each release (default: the oldest installable, one 0.4.x, the newest;
Equinox: the newest) and each family, N generated cases (default 1000) are
split by the C model covering the release (`argsplit split --jsonl`) and by
the real library (tests/real/run_real.py in the release's environment, one
warm process per release).  Every difference is classified by *aspect*
(decoration-outcome, decoration-error-type, decoration-message, warnings,
call-outcome, call-error-type, call-message, binding, verdict, donated,
axis — the fields as_split_equal compares) and must match a line of the
known-differences file; an unexplained one fails the tier, and so does a
line of that file that explained nothing although the run covered its family
and releases (a stale line; --allow-unused only lists them).

ARGSPLIT_REAL=off skips the tier (one line, exit 77: a skip, not a pass).
Without the package index, installing what is missing fails with one line.
The seed is printed; the last line is `real tier: N cases, A agree, E
explained, U unexplained`.
"""
import argparse
import fnmatch
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REAL_ENV = os.path.join(ROOT, "scripts", "real-env")
sys.path.insert(0, os.path.join(ROOT, "tests", "truth"))
sys.path.insert(0, os.path.join(ROOT, "tests", "external"))
import gen_cases       # noqa: E402  (signatures and calls)
import gen_specs       # noqa: E402  (selector and in_axes values)

JAX_FAMILIES = ["jax.jit", "jax.pjit", "jax.pmap", "jax.grad", "jax.value_and_grad", "jax.jacfwd",
                "jax.jacrev", "jax.hessian", "jax.custom_jvp", "jax.custom_vjp", "jax.vmap", "jax.checkpoint"]
EQX_FAMILIES = ["equinox.filter_jit", "equinox.filter_grad"]

# The keywords each family's generated specs use (role keywords get
# selector values, the rest the listed values).
ROLE = "role"
KEYWORDS = {
    "jax.jit": {"static_argnums": ROLE, "static_argnames": ROLE, "donate_argnums": ROLE,
                "donate_argnames": ROLE, "keep_unused": ["True"], "inline": ["True"]},
    "jax.pjit": {"static_argnums": ROLE, "static_argnames": ROLE, "donate_argnums": ROLE,
                 "donate_argnames": ROLE},
    "jax.pmap": {"static_broadcasted_argnums": ROLE, "donate_argnums": ROLE, "in_axes": "axes",
                 "axis_name": ["'i'"]},
    "jax.grad": {"argnums": ROLE, "has_aux": ["True", "False"], "allow_int": ["True"], "holomorphic": ["False"]},
    "jax.value_and_grad": {"argnums": ROLE, "has_aux": ["True", "False"], "allow_int": ["True"]},
    "jax.jacfwd": {"argnums": ROLE, "has_aux": ["True"], "holomorphic": ["False"]},
    "jax.jacrev": {"argnums": ROLE, "has_aux": ["True"], "allow_int": ["True"]},
    "jax.hessian": {"argnums": ROLE, "has_aux": ["True"]},
    "jax.custom_jvp": {"nondiff_argnums": ROLE},
    "jax.custom_vjp": {"nondiff_argnums": ROLE},
    "jax.vmap": {"in_axes": "axes", "axis_name": ["'i'"], "axis_size": ["2"]},
    "jax.checkpoint": {"static_argnums": ROLE, "prevent_cse": ["False", "True"]},
    "equinox.filter_jit": {"donate": ["'all'", "'warn'", "'none'", "'all-except-first'"]},
    "equinox.filter_grad": {"has_aux": ["True", "False"]},
}


def spec_for(rng, family, sig):
    names = gen_specs.param_names(sig)
    table = KEYWORDS[family]
    kws = []
    for _ in range(rng.randrange(0, 3)):
        kw = rng.choice(sorted(table))
        how = table[kw]
        if how == ROLE:
            val = gen_specs.selector(rng, names)
        elif how == "axes":
            val = gen_specs.in_axes(rng, names, len(names))
        else:
            val = rng.choice(how)
        if kw not in [k for k, _ in kws]:
            kws.append((kw, val))
    return ", ".join("%s=%s" % kv for kv in kws)


def cases_for(family, seed, n):
    rng = random.Random("%d:%s" % (seed, family))
    base = gen_cases.generate(seed, n)
    return [{"signature": c["signature"], "spec": spec_for(rng, family, c["signature"]), "call": c["call"]}
            for c in base]


# ---------------------------------------------------------------- versions and models

def vkey(v):
    return tuple(int(x) for x in re.findall(r"\d+", v))


def model_for(family, release):
    """FAMILY@RELEASE: argsplit resolves it to the model whose release range
    covers the release (its answer's `subject` names that model)."""
    return "%s@%s" % (family, release)


# ---------------------------------------------------------------- comparing

def _err(o):
    return "%s: %s" % (o.get("error"), o.get("message"))


def differences(real, model):
    """[(aspect, detail)] — empty when the two results are the same
    observable behaviour (the fields and rules of as_split_equal)."""
    if model.get("error") == "InputError":
        return []          # outside argsplit's language (e.g. *xs): no case to compare
    if model.get("error") and not real.get("error") and real["decoration"].get("error") == model["error"]:
        return []          # an invalid signature: argsplit refuses the request, Python the def
    if real.get("error") and model.get("error") and real["error"] == model["error"]:
        return []          # both refuse the input (the wording is each side's own)
    if real.get("error") or model.get("error"):
        return [("request-error", "real %s | model %s" % (_err(real) if real.get("error") else "-",
                                                            _err(model) if model.get("error") else "-"))]
    rd, md = real["decoration"], model["decoration"]
    if rd["ok"] != md["ok"]:
        return [("decoration-outcome", "real %s | model %s" % ("ok" if rd["ok"] else _err(rd),
                                                              "ok" if md["ok"] else _err(md)))]
    if not rd["ok"]:
        if rd["error"] != md["error"]:
            return [("decoration-error-type", "real %s | model %s" % (_err(rd), _err(md)))]
        if rd["message"] != md["message"]:
            return [("decoration-message", "real %s | model %s" % (_err(rd), _err(md)))]
        return []
    out = []
    if rd.get("warnings", []) != md.get("warnings", []):
        out.append(("warnings", "real %s | model %s" % (rd.get("warnings"), md.get("warnings"))))
    rc, mc = real.get("call"), model.get("call")
    if (rc is None) != (mc is None):
        return out + [("call-outcome", "real %s | model %s" % (rc, mc))]
    if rc is None:
        return out
    if rc["ok"] != mc["ok"]:
        return out + [("call-outcome", "real %s | model %s" % ("ok" if rc["ok"] else _err(rc),
                                                              "ok" if mc["ok"] else _err(mc)))]
    if not rc["ok"]:
        if rc["error"] != mc["error"]:
            out.append(("call-error-type", "real %s | model %s" % (_err(rc), _err(mc))))
        elif rc["message"] != mc["message"]:
            out.append(("call-message", "real %s | model %s" % (_err(rc), _err(mc))))
        return out
    ra, ma = rc["args"], mc["args"]
    key = lambda a: (a["param"], a["kind"], a["passed"], a["slot"])
    if [key(a) for a in ra] != [key(a) for a in ma]:
        return out + [("binding", "real %s | model %s" % ([key(a) for a in ra], [key(a) for a in ma]))]
    for a, b in zip(ra, ma):
        if a["verdict"] != b["verdict"]:
            out.append(("verdict", "%s: real %s | model %s" % (a["param"], a["verdict"], b["verdict"])))
        elif "donated" in a and "donated" in b and a["donated"] != b["donated"]:
            out.append(("donated", "%s: real %s | model %s" % (a["param"], a["donated"], b["donated"])))
        elif "axis" in a and "axis" in b and a["axis"] != b["axis"]:
            out.append(("axis", "%s: real %s | model %s" % (a["param"], a["axis"], b["axis"])))
    return out


class Known(object):
    """tests/real/known-differences.txt: FAMILY RELEASES ASPECT REGEX # reason.
    FAMILY is a glob, RELEASES `*`, `V` or `LO-HI` (inclusive), REGEX is
    searched in "case: SIG SPEC CALL || DETAIL" (`.` matches anything)."""

    def __init__(self, path):
        self.rules = []
        with open(path, encoding="utf-8") as fh:
            for no, raw in enumerate(fh, 1):
                line = raw.split(" # ", 1)[0].strip()
                if not line or line.startswith("#"):
                    continue
                f = line.split(None, 3)
                if len(f) != 4:
                    raise SystemExit("real tier: %s:%d: expected FAMILY RELEASES ASPECT REGEX # reason" % (path, no))
                lo, _, hi = f[1].partition("-")
                self.rules.append((f[0], lo, hi or lo, f[2], re.compile(f[3]), no))
        self.used = {}

    def explains(self, family, release, aspect, text):
        for fam, lo, hi, asp, rx, no in self.rules:
            if not fnmatch.fnmatchcase(family, fam) or (asp != "*" and asp != aspect):
                continue
            if lo != "*" and not (vkey(lo) <= vkey(release) <= vkey(hi)):
                continue
            if rx.search(text):
                self.used[no] = self.used.get(no, 0) + 1
                return True
        return False

    @staticmethod
    def covered(rule, ran):
        """Whether the run compared some (family, release) the rule is about."""
        fam, lo, hi = rule[0], rule[1], rule[2]
        return any(fnmatch.fnmatchcase(f, fam) and (lo == "*" or vkey(lo) <= vkey(rel) <= vkey(hi))
                   for f, rel in ran)


# ---------------------------------------------------------------- running

def run_jsonl(cmd, requests, env=None):
    """Feed requests (a list of dicts) to cmd, one answer line each, in order."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, env=env)
    err = []
    t = threading.Thread(target=lambda: err.append(p.stderr.read()))
    t.start()

    def feed():
        for r in requests:
            p.stdin.write(json.dumps(r) + "\n")
        p.stdin.close()
    w = threading.Thread(target=feed)
    w.start()
    out = [json.loads(line) for line in p.stdout]
    w.join()
    p.wait()
    t.join()
    return p.returncode, out, "".join(err).strip().splitlines()[-1:] or [""]


def real_env(*args):
    return subprocess.run([REAL_ENV] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("argsplit")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--releases", default=None)
    ap.add_argument("--equinox", default=None)
    ap.add_argument("--families", default=None)
    ap.add_argument("--known", default=os.path.join(HERE, "known-differences.txt"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", type=int, default=25)
    ap.add_argument("--save", default=None, help="write every request and both answers (JSON lines)")
    ap.add_argument("--replay", default=None, help="compare a --save file again (no JAX run)")
    ap.add_argument("--remodel", action="store_true", help="with --replay: split the model side again with ARGSPLIT")
    ap.add_argument("--allow-unused", action="store_true",
                    help="list known-differences lines that explained nothing instead of failing")
    a = ap.parse_args(argv)
    if os.environ.get("ARGSPLIT_REAL", "") == "off":
        print("real tier: skipped (ARGSPLIT_REAL=off)")
        return 77
    seed = a.seed if a.seed is not None else int(os.environ.get("ARGSPLIT_REAL_SEED", "1"))
    print("real tier: seed %d, %d cases per family and release" % (seed, a.cases))

    if a.replay:
        jobs, results = load_saved(a.replay)
        if a.remodel:     # the model side again, with ARGSPLIT's models (the real side is stored)
            for key, r in results.items():
                model_reqs = [dict(m, subject=model_for(q["subject"][3:], key[1]))
                              for q, m in zip(r[1], r[2])]
                rc2, model, last2 = run_jsonl([a.argsplit, "split", "--jsonl"], model_reqs)
                results[key] = [r[0], r[1], model_reqs, r[3], model, r[5], r[6], r[7], r[8], rc2, last2]
        return compare(a, jobs, results)
    pinned = json.loads(real_env("list", "--json").stdout)
    jax_rel = [r["version"] for r in pinned if r["kind"] == "jax"]
    if a.releases:
        releases = a.releases.split(",")
    else:
        mid = "0.4.30" if "0.4.30" in jax_rel else [v for v in jax_rel if v.startswith("0.4.")][-1]
        releases = [jax_rel[0], mid, jax_rel[-1]]
        releases = list(dict.fromkeys(releases))
    eqx = a.equinox or real_env("newest", "--equinox").stdout.strip()
    fams = a.families.split(",") if a.families else JAX_FAMILIES + EQX_FAMILIES
    jax_fams = [f for f in fams if f in JAX_FAMILIES]
    eqx_fams = [f for f in fams if f in EQX_FAMILIES]
    jobs = [("jax", r, jax_fams) for r in releases if jax_fams] + ([("equinox", eqx, eqx_fams)] if eqx_fams and eqx else [])

    for kind, rel, _ in jobs:
        args = ["install"] + (["--equinox"] if kind == "equinox" else []) + [rel]
        p = real_env(*args)
        if p.returncode != 0:
            print("real tier: FAILED: %s" % (p.stderr.strip().splitlines() or ["real-env install %s failed" % rel])[-1])
            return 1

    results = {}
    lock = threading.Lock()

    def run_job(job):
        kind, rel, fam_list = job
        py = real_env("python", *(["--equinox"] if kind == "equinox" else []), rel).stdout.strip()
        minor = subprocess.run([py, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
        reqs, model_reqs = [], []
        for fam in fam_list:
            for i, c in enumerate(cases_for(fam, seed, a.cases)):
                reqs.append(dict(c, subject="py:" + fam, id=len(reqs), python=minor))
                model_reqs.append(dict(c, subject=model_for(fam, rel), python=minor))
        t0 = time.time()
        rc, real, last = run_jsonl([py, os.path.join(HERE, "run_real.py"),
                                    "--expect", "%s==%s" % (kind, rel)], reqs,
                                   env=dict(os.environ, PYTHONHASHSEED="0"))   # set displays in a fixed order
        t_real = time.time() - t0
        t0 = time.time()
        rc2, model, last2 = run_jsonl([a.argsplit, "split", "--jsonl"], model_reqs)
        t_model = time.time() - t0
        with lock:
            results[(kind, rel)] = (fam_list, reqs, model_reqs, real, model, t_real, t_model, rc, last, rc2, last2)

    threads = []
    pending = list(jobs)
    while pending or threads:
        while pending and len(threads) < a.jobs:
            t = threading.Thread(target=run_job, args=(pending.pop(0),))
            t.start()
            threads.append(t)
        threads[0].join()
        threads = [t for t in threads if t.is_alive()]

    if a.save:
        with open(a.save, "w", encoding="utf-8") as fh:
            for kind, rel, _ in jobs:
                fh.write(json.dumps({"job": [kind, rel], "result": results[(kind, rel)]}) + "\n")
    return compare(a, jobs, results)


def load_saved(path):
    jobs, results = [], {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            kind, rel = d["job"]
            results[(kind, rel)] = d["result"]
            jobs.append((kind, rel, d["result"][0]))
    return jobs, results


def compare(a, jobs, results):
    known = Known(a.known)
    total = agree = explained = 0
    unexplained = []
    failed = False
    for kind, rel, _ in jobs:
        fam_list, reqs, model_reqs, real, model, t_real, t_model, rc, last, rc2, last2 = results[(kind, rel)]
        if len(real) != len(reqs) or len(model) != len(model_reqs):
            print("real tier: FAILED: %s %s: %d/%d real answers (%s), %d/%d model answers (%s)"
                  % (kind, rel, len(real), len(reqs), last[0], len(model), len(model_reqs), last2[0]))
            failed = True
            continue
        print("real tier: %s %s: real %.0f cases/s, model %.0f cases/s (%d cases, %d families)"
              % (kind, rel, len(reqs) / max(t_real, 1e-9), len(model_reqs) / max(t_model, 1e-9),
                 len(reqs), len(fam_list)))
        per = {}
        for req, mreq, r, m in zip(reqs, model_reqs, real, model):
            fam = req["subject"][3:]
            total += 1
            diffs = differences(r, m)
            st = per.setdefault(fam, [0, 0, 0])
            st[0] += 1
            if not diffs:
                agree += 1
                continue
            text = "case: %s %s %s" % (req["signature"], req["spec"], req["call"])
            bad = [(asp, d) for asp, d in diffs if not known.explains(fam, rel, asp, text + " || " + d)]
            if bad:
                st[2] += 1
                unexplained.append((fam, rel, m.get("subject", mreq["subject"]), req, bad))
            else:
                st[1] += 1
                explained += 1
        for fam in fam_list:
            n, e, u = per.get(fam, [0, 0, 0])
            mid = next((m.get("subject", mq["subject"]) for q, mq, m in zip(reqs, model_reqs, model)
                        if q["subject"] == "py:" + fam), "-")
            print("  %-20s vs %-26s %5d cases  %5.1f%% agree  %d explained  %d unexplained"
                  % (fam, mid, n, 100.0 * (n - e - u) / max(n, 1), e, u))
    if unexplained:
        print("real tier: unexplained differences (first %d of %d):" % (min(a.show, len(unexplained)), len(unexplained)))
        for fam, rel, mid, req, bad in unexplained[:a.show]:
            print("  %s@%s vs %s: %s %s %s" % (fam, rel, mid, req["signature"], req["spec"] or "''", req["call"]))
            for asp, d in bad:
                print("      %s: %s" % (asp, d[:300]))
    # A line that explained nothing although the run covered its family and
    # releases is stale: it fails the tier (--allow-unused: only listed, for
    # runs with another seed or fewer cases, which may miss rare differences).
    ran = [(f, rel) for _, rel, fl in jobs for f in fl]
    stale = [r for r in known.rules if r[5] not in known.used and known.covered(r, ran)]
    if stale:
        print("real tier: %s: %d known-differences line(s) explained nothing in this run although it covered their "
              "family and releases (delete them): %s" % ("note" if a.allow_unused else "FAILED", len(stale),
                                                           ", ".join("%s:%d" % (os.path.basename(a.known), r[5])
                                                                     for r in stale)))
    print("real tier: %d cases, %d agree, %d explained, %d unexplained" % (total, agree, explained, len(unexplained)))
    return 1 if (unexplained or failed or (stale and not a.allow_unused)) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
