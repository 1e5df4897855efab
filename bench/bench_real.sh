#!/usr/bin/env bash
# bench_real.sh — campaign throughput with a real JAX release as a subject.
#
#     bench/bench_real.sh [--cases 300] [--model-cases 20000] [--seed 20261125]
#                         [--subject jax.jit@0.4.14] [--bin build/argsplit]
#
# In one run, cases per second (wall and CPU, this process and its children)
# of the campaign
#   real    argsplit fuzz --subjects real:S,S --cases N --seed SEED
#           (the real release through the adapter, checked against its
#           model: the model-fidelity campaign of docs/REAL.md)
#   real, no shrink   the same with --no-shrink: the subject's own rate,
#           without the one-case round trips of shrinking each new class
#   model   argsplit fuzz --subjects S --cases M --seed SEED
#           (the in-process model alone; the first N cases are the same)
# and their ratio.  Goal: the real subject answers >= 10 cases/s (wall), so
# a 5,000-case fidelity campaign takes under ~8 minutes.  The real release
# must be installed (scripts/real-env install 0.4.14).  Writes
# bench/results_real.json.  A benchmark measures; it never gates.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
CASES=300 MODEL_CASES=20000 SEED=20261125 SUBJECT=jax.jit@0.4.14 BIN="$SRC/build/argsplit"
while [ $# -gt 0 ]; do
    case $1 in
        --cases) CASES=$2; shift 2 ;;
        --model-cases) MODEL_CASES=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --subject) SUBJECT=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        *) echo "usage: bench_real.sh [--cases N] [--model-cases M] [--seed S] [--subject FAMILY@RELEASE] [--bin ARGSPLIT]" >&2
           exit 2 ;;
    esac
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 - "$BIN" "$SUBJECT" "$CASES" "$MODEL_CASES" "$SEED" "$TMP" "$SRC/bench/results_real.json" <<'EOF'
import json, os, platform, resource, subprocess, sys, time
binary, subject, cases, model_cases, seed, tmp, out = sys.argv[1:]
cases, model_cases = int(cases), int(model_cases)


def campaign(tag, subjects, n, extra=()):
    db = os.path.join(tmp, tag + ".db")
    cmd = [binary, "fuzz", "--subjects", subjects, "--cases", str(n), "--seed", seed] + list(extra) + \
          ["--db", db, "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit("bench_real: %s exited with %d: %s" % (" ".join(cmd), r.returncode, r.stderr.strip()[-300:]))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    fid = subprocess.run([binary, "triage", "--db", db, "--relation", "model-fidelity", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        classes = sum(rc["classes"] for rc in json.loads(fid.stdout or "[]"))
    except ValueError:
        classes = None
    return {"command": " ".join(cmd[:-3] + cmd[-1:]), "cases": n, "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "cases_per_s_wall": round(n / wall, 2),
            "cases_per_s_cpu": round(n / cpu, 2) if cpu > 0 else None,
            "summary": r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "",
            "model_fidelity_classes": classes}


real = campaign("real", "real:%s,%s" % (subject, subject), cases)
real_noshrink = campaign("real-noshrink", "real:%s,%s" % (subject, subject), cases, ["--no-shrink"])
model = campaign("model", subject, model_cases)
try:
    load = open("/proc/loadavg").read().split()[0]
except OSError:
    load = ""
res = {"benchmark": "campaign with a real subject (real:%s) vs the in-process model (%s)" % (subject, subject),
       "subject": subject, "seed": int(seed), "machine": platform.machine(), "cpus": os.cpu_count(), "load_average_1min": load,
       "goal": "real subject >= 10 cases/s wall", "goal_met": real["cases_per_s_wall"] >= 10,
       "real": real, "real_no_shrink": real_noshrink, "model": model,
       "ratio_model_over_real_wall": round(model["cases_per_s_wall"] / real["cases_per_s_wall"], 1)}
json.dump(res, open(out, "w"), indent=2)
open(out, "a").write("\n")
print("real:%s  %d cases  %.2f cases/s wall  %s cases/s cpu  (%s model-fidelity classes)" % (
    subject, cases, real["cases_per_s_wall"], real["cases_per_s_cpu"], real["model_fidelity_classes"]))
print("real:%s --no-shrink  %d cases  %.2f cases/s wall  %s cases/s cpu" % (
    subject, cases, real_noshrink["cases_per_s_wall"], real_noshrink["cases_per_s_cpu"]))
print("%s (model)  %d cases  %.0f cases/s wall  %s cases/s cpu" % (
    subject, model_cases, model["cases_per_s_wall"], model["cases_per_s_cpu"]))
print("model/real %.1fx; goal >= 10 cases/s: %s" % (res["ratio_model_over_real_wall"],
                                                      "met" if res["goal_met"] else "NOT met"))
print("written to %s" % out)
EOF
