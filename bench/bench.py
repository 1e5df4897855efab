#!/usr/bin/env python3
"""bench.py — the driver of scripts/bench: every benchmark of issue 11 in one run.

    bench.py --bin ARGSPLIT --build DIR [--quick] [--repeats R] [--only 1,2,...]

Items (numbers as in README.md "## Benchmarks"):
  1 bind      argsplit bind --jsonl vs real-call truth vs inspect.bind (bench/bench_bind.sh)
  2 split     argsplit split --jsonl (reference, all) vs bench/inspect_split.py
  3 campaign  argsplit fuzz cases/s, --jobs 1 and --jobs 2
  4 memory    peak RSS of two campaign sizes (/usr/bin/time)
  5 scope     argsplit enumerate --max-params 4 --max-spec 2, all subjects
  6 instr     callgrind instructions per bound case on a fixed 10k-case file
  7 fuzz      libFuzzer (scripts/nightly --smoke) and AFL++ execs/s; fuzz_differential
              execs per CPU-second in both engines and their RSS over the run, first /
              1 min / last (issue 18 goals; full mode: 10 minutes each, quick: 20 s)
  8 external  bench/bench_external.sh (py:reference through the adapter)
  9 nightly   wall time of scripts/nightly --minutes 1 (builds reused)
 10 real      campaign cases/s of real:jax.jit@0.4.14 vs the model (bench/bench_real.sh)
Writes bench/results.json and prints the table (also to bench/results.md).
Benchmarks measure; they never gate: an item that cannot run is recorded as
skipped with the reason.
"""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable
SEED = 20261125


def stats(xs):
    return {"min": round(min(xs)), "median": round(statistics.median(xs)), "max": round(max(xs))}


def run_timed(cmd, stdin=None, stdout=subprocess.DEVNULL, cwd=None, env=None):
    """Run cmd; return (wall seconds, CPU seconds of the child, returncode)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    src = open(stdin, "rb") if stdin else None
    try:
        rc = subprocess.run(cmd, stdin=src, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd, env=env).returncode
    finally:
        if src:
            src.close()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, rc


def rates(cmd, n, repeats, stdin=None, ok=(0,), cwd=None, setup=None):
    """cases/s by wall clock and by CPU time over repeats."""
    walls, cpus = [], []
    for _ in range(repeats):
        if setup:
            setup()
        wall, cpu, rc = run_timed(cmd, stdin=stdin, cwd=cwd)
        if rc not in ok:
            raise RuntimeError("%s exited with %d" % (" ".join(cmd[:3]), rc))
        walls.append(n / wall)
        cpus.append(n / max(cpu, 1e-6))
    return {"cases_per_s_wall": stats(walls), "cases_per_s_cpu": stats(cpus),
            "runs_wall": [round(x) for x in walls], "runs_cpu": [round(x) for x in cpus]}


def lines(path):
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


# ---- the items ---------------------------------------------------------------

def item_bind(o, work):
    r = subprocess.run(["bash", os.path.join(ROOT, "bench/bench_bind.sh"), "--count", str(o.bind_count),
                        "--repeats", str(o.repeats), "--bin", o.bin], stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("bench_bind.sh exited with %d" % r.returncode)
    res = json.load(open(os.path.join(ROOT, "bench/results_bind.json")))
    fig = dict((k, v["cases_per_s"]) for k, v in res["results"].items())
    return {"cases": res["cases"], "seed": res["seed"], "repeats": res["repeats"], "clock": "wall",
            "cases_per_s": fig, "ratios": res["ratios"], "goal": "argsplit >= 100x real-call",
            "goal_met": res["ratios"]["argsplit_over_real_call"] >= 100, "source": "bench/bench_bind.sh"}


def item_split(o, work):
    cases = os.path.join(work, "split_cases.jsonl")
    with open(cases, "w") as out:
        subprocess.run([PY, os.path.join(ROOT, "tests/truth/gen_cases.py"), "--seed", str(SEED),
                        "--count", str(o.split_count)], stdout=out, check=True)
    reqs = {}
    for subj in ("reference", "all"):
        reqs[subj] = os.path.join(work, "split_%s.jsonl" % subj)
        with open(cases) as src, open(reqs[subj], "w") as out:
            subprocess.run([PY, os.path.join(ROOT, "bench/gen_split.py"), "--seed", str(SEED), "--subject", subj],
                           stdin=src, stdout=out, check=True)
    n = lines(reqs["reference"])
    # bad lines (non-literal unpacking: InputError) make the exit status 2
    c = {"argsplit-reference": rates([o.bin, "split", "--jsonl"], n, o.repeats, stdin=reqs["reference"], ok=(0, 2)),
         "argsplit-all": rates([o.bin, "split", "--jsonl"], n, o.repeats, stdin=reqs["all"], ok=(0, 2)),
         "python-inspect": rates([PY, os.path.join(ROOT, "bench/inspect_split.py"), reqs["reference"]], n,
                                 o.repeats)}
    # How far the Python baseline computes the same thing: compare its lines
    # with argsplit's reference lines.
    a_out, p_out = os.path.join(work, "split_a.out"), os.path.join(work, "split_p.out")
    with open(reqs["reference"]) as src, open(a_out, "w") as out:
        subprocess.run([o.bin, "split", "--jsonl"], stdin=src, stdout=out)
    with open(p_out, "w") as out:
        subprocess.run([PY, os.path.join(ROOT, "bench/inspect_split.py"), reqs["reference"]], stdout=out, check=True)
    agree = {"lines": 0, "same": 0, "bound_by_argsplit": 0, "bound_same": 0, "decoration_errors": 0,
             "decoration_same": 0}
    for la, lp in zip(open(a_out), open(p_out)):
        ja, jp = json.loads(la), json.loads(lp)
        agree["lines"] += 1
        agree["same"] += ja == jp
        if "decoration" in ja and not ja["decoration"]["ok"]:
            agree["decoration_errors"] += 1
            agree["decoration_same"] += ja == jp
        elif (ja.get("call") or {}).get("ok"):
            agree["bound_by_argsplit"] += 1
            agree["bound_same"] += ja == jp
    med = dict((k, v["cases_per_s_cpu"]["median"]) for k, v in c.items())
    medw = dict((k, v["cases_per_s_wall"]["median"]) for k, v in c.items())
    subjects = len([ln for ln in subprocess.run([o.bin, "subjects"], stdout=subprocess.PIPE,
                                                text=True).stdout.splitlines() if ln.strip()])
    return {"requests": n, "seed": SEED, "repeats": o.repeats, "subjects_in_all": subjects, "contenders": c,
            "ratios": {"argsplit_reference_over_python_cpu": round(med["argsplit-reference"] / med["python-inspect"], 1),
                       "argsplit_reference_over_python_wall": round(medw["argsplit-reference"] / medw["python-inspect"], 1),
                       "argsplit_all_over_python_cpu": round(med["argsplit-all"] / med["python-inspect"], 1)},
            "note": "argsplit-all splits every request with every subject (one output line each); "
                    "python-inspect does the reference split only",
            "agreement_with_argsplit_reference": agree}


def campaign_cmd(o, db, cases, jobs):
    return [o.bin, "fuzz", "--db", db, "--seed", str(SEED), "--cases", str(cases), "--jobs", str(jobs), "--quiet"]


def item_campaign(o, work):
    db = os.path.join(work, "campaign.db")

    def fresh():
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
    res = {"cases": o.campaign_cases, "seed": SEED, "repeats": o.repeats, "subjects": "all", "store": "on"}
    for jobs in (1, 2):
        res["jobs%d" % jobs] = rates(campaign_cmd(o, db, o.campaign_cases, jobs), o.campaign_cases, o.repeats,
                                     setup=fresh, ok=(0, 1))
    # Steady state: the same seeded campaign again on the store it filled,
    # so every class is already known.
    fresh()
    run_timed(campaign_cmd(o, db, o.campaign_cases, 1))
    res["steady_jobs1"] = rates(campaign_cmd(o, db, o.campaign_cases, 1), o.campaign_cases, o.repeats, ok=(0, 1))
    per_core = res["jobs1"]["cases_per_s_cpu"]["median"]
    steady = res["steady_jobs1"]["cases_per_s_cpu"]["median"]
    res["per_core_cases_per_s"] = per_core
    res["steady_per_core_cases_per_s"] = steady
    res["jobs2_speedup_wall"] = round(res["jobs2"]["cases_per_s_wall"]["median"] /
                                      res["jobs1"]["cases_per_s_wall"]["median"], 2)
    # CPU per case of --jobs 2 over --jobs 1: the threads' overhead, which a
    # loaded machine does not hide the way it hides the wall-clock speed-up
    res["jobs2_cpu_per_case_ratio"] = round(res["jobs1"]["cases_per_s_cpu"]["median"] /
                                            res["jobs2"]["cases_per_s_cpu"]["median"], 2)
    # --jobs 1 is not one core: the store writer has its own thread, so
    # two cores can give it at most 2 / (its cores) of a speed-up
    res["jobs1_cores_used"] = round(res["jobs1"]["cases_per_s_wall"]["median"] /
                                    res["jobs1"]["cases_per_s_cpu"]["median"], 2)
    res["goal"] = ">= 300000 cases/s per core, fresh and steady; --jobs 2 >= 1.8x wall"
    res["goal_met"] = per_core >= 300000 and steady >= 300000
    res["jobs2_goal_met"] = res["jobs2_speedup_wall"] >= 1.8
    res["note"] = ("per core = cases / CPU seconds (user+sys) of the --jobs 1 run: stable under machine load; "
                   "fresh = a new store each repeat, steady = the store already holds every class; "
                   "the --jobs 2 speed-up is wall time and needs two idle cores")
    return res


def peak_rss_kib(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "ARGSPLIT_RSS %M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s exited with %d" % (" ".join(cmd[:2]), r.returncode))
    m = re.search(r"ARGSPLIT_RSS (\d+)", r.stderr)
    return int(m.group(1))


def item_memory(o, work):
    res = {"tool": "/usr/bin/time %M (max resident set, KiB)", "jobs": 1, "seed": SEED}
    sizes = []
    for n in o.rss_sizes:
        db = os.path.join(work, "rss_%d.db" % n)
        t0 = time.perf_counter()
        kib = peak_rss_kib(campaign_cmd(o, db, n, 1))
        sizes.append({"cases": n, "peak_rss_mib": round(kib / 1024.0, 1), "wall_s": round(time.perf_counter() - t0, 1)})
    res["runs"] = sizes
    res["growth_mib"] = round(sizes[-1]["peak_rss_mib"] - sizes[0]["peak_rss_mib"], 1)
    res["goal"] = "flat, < 64 MiB"
    res["goal_met"] = all(s["peak_rss_mib"] < 64 for s in sizes) and res["growth_mib"] < 8
    return res


def item_scope(o, work):
    db = os.path.join(work, "scope.db")
    cmd = [o.bin, "enumerate", "--max-params", str(o.scope_params), "--max-spec", "2", "--db", db, "--quiet"]
    r = subprocess.run(["/usr/bin/time", "-f", "ARGSPLIT_TIME %e %U %S %M"] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("enumerate exited with %d: %s" % (r.returncode, r.stderr[-300:]))
    wall, user, sys_, rss = re.search(r"ARGSPLIT_TIME (\S+) (\S+) (\S+) (\d+)", r.stderr).groups()
    m = re.search(r"(\d+) cases to enumerate", r.stdout + r.stderr)
    cases = int(m.group(1)) if m else None
    cpu = float(user) + float(sys_)
    return {"max_params": o.scope_params, "max_spec": 2, "subjects": "all", "cases": cases,
            "wall_s": float(wall), "cpu_s": round(cpu, 2), "peak_rss_mib": round(int(rss) / 1024.0, 1),
            "cases_per_s_cpu": round(cases / cpu) if cases and cpu else None,
            "summary": (r.stdout.strip().splitlines() or [""])[-1]}


def callgrind(o, work, cases_file, tag):
    out = os.path.join(work, "callgrind.%s" % tag)
    with open(cases_file, "rb") as src:
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, o.bin, "bind", "--jsonl"],
                           stdin=src, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 2):
        raise RuntimeError("callgrind exited with %d" % r.returncode)
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                         stdout=subprocess.PIPE, text=True).stdout
    total = None
    incl = {}
    for ln in ann.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+PROGRAM TOTALS", ln) or re.match(r"\s*([\d,]+)\s+PROGRAM TOTALS", ln)
        if m:
            total = int(m.group(1).replace(",", ""))
            continue
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(?:\S+:)?(\S+)", ln)
        if m and m.group(2) not in incl:
            incl[m.group(2)] = int(m.group(1).replace(",", ""))
    return total, incl, ann


def item_instr(o, work):
    if not shutil.which("valgrind"):
        raise RuntimeError("valgrind not found")
    n = 10000
    cases = os.path.join(work, "instr_cases.jsonl")
    with open(cases, "w") as out:
        subprocess.run([PY, os.path.join(ROOT, "tests/truth/gen_cases.py"), "--seed", str(SEED), "--count", str(n)],
                       stdout=out, check=True)
    empty = os.path.join(work, "instr_empty.jsonl")
    open(empty, "w").close()
    total, incl, ann = callgrind(o, work, cases, "cases")
    base, _, _ = callgrind(o, work, empty, "empty")
    with open(os.path.join(work, "callgrind_annotate.txt"), "w") as fh:
        fh.write(ann)

    def per(fn):
        return round(incl[fn] / n) if fn in incl else None
    binder = per("as_bind")
    return {"cases": n, "seed": SEED, "tool": "valgrind --tool=callgrind, callgrind_annotate --inclusive=yes",
            "startup_instructions": base,
            "per_case": {"whole_run_minus_startup": round((total - base) / n),
                         "signature_parse": per("as_signature_parse"),
                         "call_parse_and_bind": per("as_bind_case_finish"),
                         "binder_as_bind": binder,
                         "json_output": per("as_bind_case_write")},
            "goal": "binder <= 1000 instructions/case; whole bind line <= 8000",
            "goal_met": binder is not None and binder <= 1000,
            "line_goal_met": (total - base) / n <= 8000,
            "note": "inclusive counts of each function over the run, divided by the cases; the signature "
                    "parse is cached across lines with the same signature by cmd_bind"}


# where scripts/fuzz-build put build-fuzz/ and build-afl/ (docs/FUZZING.md)
FUZZ_BUILD = os.environ.get("ARGSPLIT_FUZZ_BUILD") or ROOT


def afl_pin():
    """afl-fuzz and its persistent-mode target on one core, as scripts/nightly
    runs them (each execution is a SIGSTOP/pipe hand-over between the two;
    across cores every one is a cross-CPU wake-up)."""
    return ["taskset", "-c", str((os.cpu_count() or 1) - 1)] if shutil.which("taskset") else []


def item_fuzz(o, work):
    res = {"seconds_per_target": o.fuzz_seconds}
    lf = os.path.join(FUZZ_BUILD, "build-fuzz")
    targets = sorted(f[:-2] for f in os.listdir(os.path.join(ROOT, "fuzz")) if f.startswith("fuzz_") and f.endswith(".c"))
    have = [t for t in targets if os.access(os.path.join(lf, t), os.X_OK)]
    res["libfuzzer_missing"] = [t for t in targets if t not in have]
    lib = {}
    if have:
        r = subprocess.run(["sh", os.path.join(ROOT, "scripts/nightly"), "--smoke", str(o.fuzz_seconds), "--no-build",
                            "--targets", ",".join(have), "--work", os.path.join(work, "smoke")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for ln in r.stdout.splitlines():
            f = ln.split()
            if len(f) >= 5 and f[0] in have and f[2].isdigit():
                lib[f[0]] = {"execs": int(f[1]) if f[1].isdigit() else None, "execs_per_s": int(f[2]),
                             "result": " ".join(f[4:])}
    res["libfuzzer"] = lib
    res["libfuzzer_build"] = "build-fuzz (ASan+UBSan, scripts/fuzz-build libfuzzer), via scripts/nightly --smoke"
    afl = os.path.join(FUZZ_BUILD, "build-afl", "fuzz_differential")
    if shutil.which("afl-fuzz") and os.access(afl, os.X_OK):
        d = os.path.join(work, "afl")
        env = dict(os.environ, AFL_NO_UI="1", AFL_SKIP_CPUFREQ="1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                   AFL_NO_AFFINITY="1", AFL_SUPPRESS_BANNER="1", AFL_QUIET="1", AFL_KILL_SIGNAL="12",
                   AFL_CUSTOM_MUTATOR_LIBRARY=os.path.join(FUZZ_BUILD, "build-afl", "libcase_mutator.so"))
        subprocess.run(afl_pin() + ["afl-fuzz", "-i", os.path.join(ROOT, "corpus", "fuzz_differential"), "-o", d, "-M", "main",
                        "-V", str(o.fuzz_seconds), "-x", os.path.join(ROOT, "fuzz/dict/all.dict"), "--", afl],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        st = os.path.join(d, "main", "fuzzer_stats")
        if os.path.exists(st):
            kv = dict(ln.split(":", 1) for ln in open(st) if ":" in ln)
            kv = dict((k.strip(), v.strip()) for k, v in kv.items())
            res["afl_fuzz_differential"] = {"execs_per_s": round(float(kv.get("execs_per_sec", 0))),
                                            "execs": int(kv.get("execs_done", 0)),
                                            "build": "build-afl (persistent mode, case mutator)"}
        else:
            res["afl_fuzz_differential"] = {"skipped": "afl-fuzz wrote no fuzzer_stats (see its log)"}
    else:
        res["afl_fuzz_differential"] = {"skipped": "afl-fuzz or build-afl/fuzz_differential missing"}
    res["differential"] = differential_per_cpu(o, work)
    return res


def tree_rss_mib(root_pid, comm):
    """The largest current RSS (MiB, /proc VmRSS) among root_pid and its
    descendants whose name starts with comm (15 characters at most), or None."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = open("/proc/%s/stat" % d).read()
            except OSError:
                continue
            r = st.rindex(")")
            parent[int(d)] = (int(st[r + 2:].split()[1]), st[st.index("(") + 1:r])
    tree, best = {root_pid}, None
    changed = True
    while changed:
        changed = False
        for pid, (pp, _) in parent.items():
            if pp in tree and pid not in tree:
                tree.add(pid)
                changed = True
    for pid in tree:
        if pid in parent and parent[pid][1].startswith(comm[:15]):
            try:
                for ln in open("/proc/%d/status" % pid):
                    if ln.startswith("VmRSS:"):
                        v = int(ln.split()[1]) / 1024.0
                        best = v if best is None else max(best, v)
            except OSError:
                pass
    return best


def timed_rusage(cmd, env, log, sample=None):
    """Run cmd with output to log; (CPU seconds of it and its children, peak RSS MiB, wall,
    exit status, RSS samples).  sample=(COMM, INTERVAL): every INTERVAL seconds the current
    RSS of its processes named COMM, as [seconds, MiB] (the shape over the run: peak RSS
    alone cannot tell a level that settles from one that keeps growing)."""
    p = subprocess.Popen(["/usr/bin/time", "-f", "ARGSPLIT_TIME %e %U %S %M", "-o", log + ".time"] + cmd,
                         stdout=open(log, "w"), stderr=subprocess.STDOUT, env=env)
    samples, t0 = [], time.perf_counter()
    while True:
        try:
            p.wait(timeout=sample[1] if sample else None)
            break
        except subprocess.TimeoutExpired:
            v = tree_rss_mib(p.pid, sample[0])
            if v is not None:
                samples.append([round(time.perf_counter() - t0), round(v, 1)])
    wall, user, sys_, rss = open(log + ".time").read().split("ARGSPLIT_TIME ")[-1].split()
    return float(user) + float(sys_), round(int(rss) / 1024.0, 1), float(wall), p.returncode, samples


# issue 18: "RSS flat over a 10-minute run" for fuzz_differential in both
# engines; full mode runs that long, quick mode o.fuzz_diff_seconds.
DIFF_FULL_SECONDS = 600


def rss_shape(samples):
    """first / at 1 min / last of RSS samples [[s, MiB], ...], and whether the
    level after the first minute stays flat (last <= 1 min + 10% + 4 MiB;
    None when the run is shorter than two minutes)."""
    if not samples:
        return None
    at1 = min(samples, key=lambda x: abs(x[0] - 60)) if samples[-1][0] >= 60 else None
    shape = {"first": samples[0], "at_1min": at1, "last": samples[-1], "samples": samples}
    shape["flat"] = (samples[-1][1] <= at1[1] * 1.10 + 4) if at1 and samples[-1][0] >= 120 else None
    return shape


def differential_per_cpu(o, work):
    """fuzz_differential execs per CPU-second (the issue-18 goals), new findings
    recorded to a file, from the shipped corpus; CPU time so load does not move it."""
    secs = o.fuzz_diff_seconds if o.quick else max(o.fuzz_diff_seconds, DIFF_FULL_SECONDS)
    every = 10 if secs >= 120 else 2
    out = {"seconds": secs, "goal": "libFuzzer ASan+UBSan >= 20000 execs/CPU-s, "
           "AFL++ persistent >= 60000, RSS flat over 10 minutes (full mode)",
           "rss_note": "current RSS (/proc VmRSS) of the fuzzing process every %d s; AFL++: the largest of "
                       "fork server and persistent child" % every}
    corpus = os.path.join(ROOT, "corpus", "fuzz_differential")
    d = os.path.join(work, "diff")
    lf = os.path.join(FUZZ_BUILD, "build-fuzz", "fuzz_differential")
    if os.access(lf, os.X_OK):
        os.makedirs(os.path.join(d, "lf-new"))
        env = dict(os.environ, ARGSPLIT_FUZZ_FINDINGS=os.path.join(d, "lf-findings.jsonl"))
        log = os.path.join(d, "lf.log")
        cpu, rss, wall, rc, samples = timed_rusage([lf, "-max_total_time=%d" % secs, "-print_final_stats=1",
                                                    "-dict=" + os.path.join(ROOT, "fuzz/dict/all.dict"),
                                                    os.path.join(d, "lf-new"), corpus], env, log,
                                                   sample=("fuzz_differential", every))
        text = open(log, errors="replace").read()
        m = re.findall(r"stat::number_of_executed_units: *(\d+)", text)
        rss_lines = [int(x) for x in re.findall(r"rss: (\d+)Mb", text)]
        execs = int(m[-1]) if m else 0
        out["libfuzzer"] = {"execs": execs, "cpu_s": round(cpu, 1), "wall_s": wall, "exit": rc,
                            "execs_per_cpu_s": round(execs / cpu) if cpu else None, "peak_rss_mib": rss,
                            "rss": rss_shape(samples),
                            "libfuzzer_peak_rss_first_last_mib": [rss_lines[0], rss_lines[-1]] if rss_lines else None,
                            "build": "build-fuzz: ASan+UBSan, libFuzzer, case mutator"}
        out["libfuzzer"]["goal_met"] = (out["libfuzzer"]["execs_per_cpu_s"] or 0) >= 20000
    else:
        out["libfuzzer"] = {"skipped": "build-fuzz/fuzz_differential missing (scripts/fuzz-build libfuzzer)"}
    afl = os.path.join(FUZZ_BUILD, "build-afl", "fuzz_differential")
    if shutil.which("afl-fuzz") and os.access(afl, os.X_OK):
        env = dict(os.environ, AFL_NO_UI="1", AFL_SKIP_CPUFREQ="1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                   AFL_NO_AFFINITY="1", AFL_SUPPRESS_BANNER="1", AFL_QUIET="1", AFL_KILL_SIGNAL="12",
                   ARGSPLIT_FUZZ_FINDINGS=os.path.join(d, "afl-findings.jsonl"),
                   AFL_CUSTOM_MUTATOR_LIBRARY=os.path.join(FUZZ_BUILD, "build-afl", "libcase_mutator.so"))
        log = os.path.join(d, "afl.log")
        cmd = afl_pin() + ["afl-fuzz", "-i", corpus, "-o", os.path.join(d, "afl"), "-M", "main", "-V", str(secs),
               "-x", os.path.join(ROOT, "fuzz/dict/all.dict"), "--", afl]
        # afl-fuzz never waits for its fork server, so rusage misses the
        # target's CPU; perf stat's task-clock follows every descendant.
        perf = shutil.which("perf")
        if perf:
            cmd = [perf, "stat", "-x,", "-e", "task-clock", "-o", log + ".perf"] + cmd
        cpu, rss, wall, rc, samples = timed_rusage(cmd, env, log, sample=("fuzz_differential", every))
        if perf and os.path.exists(log + ".perf"):
            m = re.search(r"^([0-9.]+),msec,task-clock", open(log + ".perf").read(), re.M)
            cpu = float(m.group(1)) / 1000.0 if m else cpu
        st = os.path.join(d, "afl", "main", "fuzzer_stats")
        if os.path.exists(st):
            kv = dict((k.strip(), v.strip()) for k, v in (ln.split(":", 1) for ln in open(st) if ":" in ln))
            execs = int(kv.get("execs_done", 0))
            out["afl"] = {"execs": execs, "cpu_s": round(cpu, 1), "wall_s": wall,
                          "execs_per_cpu_s": round(execs / cpu) if cpu else None,
                          "afl_execs_per_s_wall": round(float(kv.get("execs_per_sec", 0))),
                          "rss": rss_shape(samples),
                          "build": "build-afl: afl-clang-fast persistent mode, no sanitizer, case mutator, "
                                   "afl-fuzz and target pinned to one core",
                          "note": "CPU = perf stat task-clock of afl-fuzz and all its descendants "
                                  "(rusage without perf: the target's CPU is missed)"}
            out["afl"]["goal_met"] = (out["afl"]["execs_per_cpu_s"] or 0) >= 60000
        else:
            out["afl"] = {"skipped": "afl-fuzz wrote no fuzzer_stats (see %s)" % log}
    else:
        out["afl"] = {"skipped": "afl-fuzz or build-afl/fuzz_differential missing (scripts/fuzz-build afl)"}
    return out


def item_nightly(o, work):
    """scripts/nightly --minutes 1: its wall time, with its builds reused (it
    still asks scripts/fuzz-build, which finds nothing to do)."""
    d = os.path.join(work, "nightly")
    t0 = time.perf_counter()
    r = subprocess.run(["sh", os.path.join(ROOT, "scripts/nightly"), "--minutes", "1", "--no-merge", "--no-cov",
                        "--db", os.path.join(work, "nightly.db"), "--work", d],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1, 3):
        raise RuntimeError("nightly exited with %d: %s" % (r.returncode, r.stdout[-300:]))
    # Exit 3 is a crash: still a timed run.  Its inputs are copied beside the
    # build (the work directory goes with the run) and named in the table.
    crashed = [ln for ln in r.stdout.splitlines() if " crashed: " in ln]
    if crashed:
        keep = os.path.join(o.build, "nightly-crashes")
        os.makedirs(keep, exist_ok=True)
        for ln in crashed:
            m = re.search(r"\(([^()]*)\)\s*$", ln)
            if m and os.path.isfile(m.group(1)):
                shutil.copy(m.group(1), keep)
    summary = [ln for ln in r.stdout.splitlines() if re.match(r"nightly: \d+ execs", ln)]
    m = re.search(r"build (\d+)s", summary[-1]) if summary else None
    build = int(m.group(1)) if m else None
    lines_out = r.stdout.splitlines()
    return {"wall_s": round(wall, 1), "build_s": build, "summary": summary[-1] if summary else None,
            "lines": len(lines_out), "aborted_lines": sum(1 for ln in lines_out if ln.strip() == "Aborted"),
            "crashes": crashed, "crash_inputs": os.path.join(o.build, "nightly-crashes") if crashed else None,
            "goal": "--minutes 1 takes 60 s of fuzzing plus build time (+15 s for the rest)",
            "goal_met": build is not None and wall <= 60 + build + 15,
            "note": "--no-merge --no-cov (leaves corpus/ alone); both engines, every target"}


def item_real(o, work):
    r = subprocess.run(["bash", os.path.join(ROOT, "bench/bench_real.sh"), "--cases", str(o.real_cases),
                        "--bin", o.bin], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("bench_real.sh exited with %d: %s" % (r.returncode, r.stderr.strip()[-300:]))
    res = json.load(open(os.path.join(ROOT, "bench/results_real.json")))
    res["source"] = "bench/bench_real.sh"
    return res


def item_external(o, work):
    script = os.path.join(ROOT, "bench/bench_external.sh")
    if not os.path.exists(script):
        raise RuntimeError("bench/bench_external.sh not present")
    env = dict(os.environ, ARGSPLIT_PYTHON=PY)
    r = subprocess.run(["bash", script, "--count", str(o.external_count), "--repeats", str(o.repeats),
                        "--build", o.build], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError("bench_external.sh exited with %d: %s" % (r.returncode, r.stderr[-300:]))
    res = json.load(open(os.path.join(ROOT, "bench/results_external.json")))
    wall = res.get("wall_us_per_case") or res.get("us_per_case_median")
    out = {"cases": res["cases"], "repeats": res["repeats"], "wall_us_per_case": wall,
           "cpu_us_per_case": res.get("cpu_us_per_case"),
           "boundary_overhead_wall_us_per_case": res.get("boundary_overhead_wall_us_per_case"),
           "source": "bench/bench_external.sh (min over repeats)"}
    if wall and "c-reference" in wall:
        ext = [k for k in wall if k.startswith("external-")]
        best = min(ext, key=lambda k: wall[k])
        out["ratios"] = {"in_process_over_external_best": round(wall[best] / wall["c-reference"], 1),
                         "best_batch": best}
    return out


ITEMS = [(1, "bind", item_bind), (2, "split", item_split), (3, "campaign", item_campaign),
         (4, "memory", item_memory), (5, "scope", item_scope), (6, "instructions", item_instr),
         (7, "fuzz", item_fuzz), (8, "external", item_external), (9, "nightly", item_nightly),
         (10, "real", item_real)]


# ---- the table -----------------------------------------------------------------

def rss_cell(shape):
    """first / 1 min / last of an RSS shape (bench item 7)."""
    if not shape:
        return "?"
    one = "%.0f" % shape["at_1min"][1] if shape.get("at_1min") else "-"
    return "%.0f (%ds) / %s / %.0f (%ds)" % (shape["first"][1], shape["first"][0], one,
                                            shape["last"][1], shape["last"][0])


def flat_cell(shape):
    if not shape or shape.get("flat") is None:
        return "n/a (run < 2 min)"
    return met(shape["flat"])


def met(flag):
    return "met" if flag else "NOT met"


def mmm(s):
    return "%s [%s..%s]" % (s["median"], s["min"], s["max"])


def table(results):
    rows = []
    for it in results["items"]:
        k, r = it["item"], it
        if "skipped" in r:
            rows.append((k, r["name"], "skipped", " ".join(r["skipped"].split())[:200], ""))
            continue
        if r["name"] == "bind":
            c = r["cases_per_s"]
            rows.append((k, "bind (%d cases, wall)" % r["cases"], "argsplit %s" % mmm(c["argsplit"]),
                         "real-call %s; inspect %s" % (mmm(c["real-call"]), mmm(c["inspect"])),
                         "%.1fx real-call, %.1fx inspect (goal 100x)" % (r["ratios"]["argsplit_over_real_call"],
                                                                           r["ratios"]["argsplit_over_inspect"])))
        elif r["name"] == "split":
            c = r["contenders"]
            a = r["agreement_with_argsplit_reference"]
            rows.append((k, "split (%d requests, cpu)" % r["requests"],
                         "reference %s; all %d subjects %s" % (mmm(c["argsplit-reference"]["cases_per_s_cpu"]),
                                                               r["subjects_in_all"],
                                                               mmm(c["argsplit-all"]["cases_per_s_cpu"])),
                         "python inspect %s (agrees on %d/%d bound, %d/%d decoration errors)" % (
                             mmm(c["python-inspect"]["cases_per_s_cpu"]), a["bound_same"], a["bound_by_argsplit"],
                             a["decoration_same"], a["decoration_errors"]),
                         "%.1fx (reference), %.1fx (all)" % (r["ratios"]["argsplit_reference_over_python_cpu"],
                                                            r["ratios"]["argsplit_all_over_python_cpu"])))
        elif r["name"] == "campaign":
            rows.append((k, "campaign (%d cases, all subjects, store)" % r["cases"],
                         "cases/CPU-s: fresh %s, steady %s" % (mmm(r["jobs1"]["cases_per_s_cpu"]),
                                                               mmm(r["steady_jobs1"]["cases_per_s_cpu"])),
                         "wall: jobs 1 %s, jobs 2 %s; jobs 2 CPU per case %sx jobs 1; jobs 1 uses %s cores "
                         "(store writer thread)" % (
                             mmm(r["jobs1"]["cases_per_s_wall"]), mmm(r["jobs2"]["cases_per_s_wall"]),
                             r.get("jobs2_cpu_per_case_ratio", "?"), r.get("jobs1_cores_used", "?")),
                         "goal 300k/core fresh and steady: %s; jobs 2 = %.2fx wall (goal 1.8x: %s)" % (
                             met(r["goal_met"]), r["jobs2_speedup_wall"], met(r["jobs2_goal_met"]))))
        elif r["name"] == "memory":
            rows.append((k, "peak RSS", ", ".join("%d cases %.1f MiB" % (s["cases"], s["peak_rss_mib"]) for s in r["runs"]),
                         "growth %.1f MiB" % r["growth_mib"], "goal flat < 64 MiB: %s" % ("met" if r["goal_met"] else "NOT met")))
        elif r["name"] == "scope":
            rows.append((k, "exhaustive scope (<=%d params, spec <=2)" % r["max_params"],
                         "%s cases in %.1f s wall, %.1f s cpu" % (r["cases"], r["wall_s"], r["cpu_s"]),
                         "%s cases/s (cpu), RSS %.1f MiB" % (r["cases_per_s_cpu"], r["peak_rss_mib"]), r["summary"]))
        elif r["name"] == "instructions":
            p = r["per_case"]
            rows.append((k, "instructions per case (10k)", "binder %s" % p["binder_as_bind"],
                         "call parse+bind %s, sig parse %s, JSON out %s, whole run %s" % (
                             p["call_parse_and_bind"], p["signature_parse"], p["json_output"],
                             p["whole_run_minus_startup"]),
                         "goal binder <= 1000: %s; line <= 8000: %s" % (met(r["goal_met"]),
                                                                       met(r.get("line_goal_met")))))
        elif r["name"] == "fuzz":
            lib = ", ".join("%s %d" % (t.replace("fuzz_", ""), v["execs_per_s"]) for t, v in sorted(r["libfuzzer"].items()))
            afl = r["afl_fuzz_differential"]
            rows.append((k, "fuzz execs/s (%ds each)" % r["seconds_per_target"], "libFuzzer: " + (lib or "none"),
                         "AFL++ differential: %s" % (afl.get("execs_per_s", afl.get("skipped"))), "ASan+UBSan build"))
            dd = r.get("differential") or {}
            cells = []
            for eng, goal in (("libfuzzer", 20000), ("afl", 60000)):
                e = dd.get(eng) or {}
                if "skipped" in e or not e:
                    cells.append("%s: skipped (%s)" % (eng, e.get("skipped", "?")))
                else:
                    cells.append("%s %s/CPU-s (goal %dk: %s)" % (eng, e["execs_per_cpu_s"], goal // 1000,
                                                                  met(e.get("goal_met"))))
            rows.append((k, "fuzz_differential execs per CPU-s (%ss)" % dd.get("seconds"), "; ".join(cells),
                         "RSS MiB first / 1 min / last: " + "; ".join(
                             "%s %s" % (eng, rss_cell((dd.get(eng) or {}).get("rss"))) for eng in ("libfuzzer", "afl")),
                         "findings recorded, not crashes; RSS flat: %s" % "; ".join(
                             "%s %s" % (eng, flat_cell((dd.get(eng) or {}).get("rss"))) for eng in ("libfuzzer", "afl"))))
        elif r["name"] == "external":
            w = r["wall_us_per_case"] or {}
            rows.append((k, "external protocol (us/case, wall)",
                         ", ".join("%s %.1f" % (n, v) for n, v in w.items()), "",
                         "in-process C is %.1fx faster than the best external (%s)" % (
                             r["ratios"]["in_process_over_external_best"], r["ratios"]["best_batch"])
                         if "ratios" in r else ""))
        elif r["name"] == "nightly":
            rows.append((k, "nightly --minutes 1 (wall)", "%.0f s (build %s s)" % (r["wall_s"], r["build_s"]),
                         (r["summary"] or "").replace("nightly: ", "") + "; %d bare Aborted lines" % r["aborted_lines"] +
                         "".join("; " + c.replace("nightly: ", "") for c in r.get("crashes") or []),
                         "goal 60 s + build + 15: %s" % met(r["goal_met"])))
        elif r["name"] == "real":
            rows.append((k, "campaign with real:%s (%d cases, wall)" % (r["subject"], r["real"]["cases"]),
                         "real %.1f cases/s" % r["real"]["cases_per_s_wall"],
                         "model alone %.0f cases/s (%d cases)" % (r["model"]["cases_per_s_wall"], r["model"]["cases"]),
                         "model %.0fx real; goal >= 10 cases/s: %s" % (r["ratio_model_over_real_wall"],
                                                                        met(r["goal_met"]))))
    out = ["| # | benchmark | argsplit | baseline / detail | ratio / goal |", "|---|---|---|---|---|"]
    for row in rows:
        out.append("| %s | %s | %s | %s | %s |" % row)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int)
    ap.add_argument("--only")
    o = ap.parse_args()
    o.bin = os.path.abspath(o.bin)
    o.build = os.path.abspath(o.build)
    if o.quick:
        o.repeats = o.repeats or 2
        # bind at the issue's own size (100k lines): at 10k, argsplit's run
        # is ~20 ms and its process start-up a visible part of the ratio
        o.bind_count, o.split_count, o.campaign_cases = 100000, 10000, 100000
        o.rss_sizes, o.scope_params, o.fuzz_seconds, o.external_count = (100000, 1000000), 3, 3, 500
        o.fuzz_diff_seconds = 20
        o.real_cases = 100
    else:
        o.repeats = o.repeats or 3
        o.bind_count, o.split_count, o.campaign_cases = 100000, 100000, 1000000
        o.rss_sizes, o.scope_params, o.fuzz_seconds, o.external_count = (1000000, 10000000), 4, 10, 3000
        o.fuzz_diff_seconds = 60
        o.real_cases = 300
    only = set(int(x) for x in o.only.split(",")) if o.only else None
    work = tempfile.mkdtemp(prefix="argsplit-bench.")
    results = {"mode": "quick" if o.quick else "full", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "binary": os.path.relpath(o.bin, ROOT), "python": platform.python_version(),
               "machine": platform.machine(), "cpus": os.cpu_count(),
               "loadavg_before": [round(x, 2) for x in os.getloadavg()], "items": []}
    t_all = time.perf_counter()
    try:
        for num, name, fn in ITEMS:
            if only and num not in only:
                continue
            t0 = time.perf_counter()
            sys.stderr.write("bench: %d %s ...\n" % (num, name))
            try:
                r = fn(o, work)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
                r = {"skipped": str(e)}
            r = dict([("item", num), ("name", name)] + list(r.items()))
            r["bench_seconds"] = round(time.perf_counter() - t0, 1)
            results["items"].append(r)
            sys.stderr.write("bench: %d %s done in %.0f s\n" % (num, name, r["bench_seconds"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    results["total_seconds"] = round(time.perf_counter() - t_all, 1)
    with open(os.path.join(ROOT, "bench/results.json"), "w") as fh:
        json.dump(results, fh, indent=2)
        fh.write("\n")
    tab = table(results)
    head = ("argsplit bench, %s mode, %s, %d cpus, load %s -> %s, %.0f s; figures median [min..max] of %d repeats"
            % (results["mode"], results["date"], results["cpus"], results["loadavg_before"][0],
               results["loadavg_after"][0], results["total_seconds"], o.repeats))
    with open(os.path.join(ROOT, "bench/results.md"), "w") as fh:
        fh.write(head + "\n\n" + tab + "\n")
    print(head)
    print()
    print(tab)
    print()
    print("bench: wrote bench/results.json and bench/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
