#!/usr/bin/env bash
# bench_bind.sh — throughput of `argsplit bind --jsonl` (a benchmark, never a test).
#
# On the same seeded cases (tests/truth/gen_cases.py, seed 20261125, 100k by
# default) it times, 3 times each, with output to /dev/null:
#   argsplit   BIN bind --jsonl --python 3.11 < cases
#   real-call  python3 tests/truth/cpython_truth.py cases   (exec def + real call)
#   inspect    python3 bench/inspect_bind.py cases          (inspect.Signature.bind)
# and prints cases/s (wall) min/median/max, cases per CPU-second (user+sys of
# the child) and the ratios of the medians of both; the numbers go to
# bench/results_bind.json.  Under load the wall ratio moves, the CPU one little.
#   bench/bench_bind.sh [--count N] [--repeats R] [--bin PATH]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
count=100000
repeats=3
bin=

while [ $# -gt 0 ]; do
    case "$1" in
        --count) count=$2; shift ;;
        --repeats) repeats=$2; shift ;;
        --bin) bin=$2; shift ;;
        *) echo "usage: bench_bind.sh [--count N] [--repeats R] [--bin PATH]" >&2; exit 2 ;;
    esac
    shift
done

[ -n "$bin" ] || bin=$(bash "$ROOT/scripts/build" build 2>/dev/null | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$ROOT/tests/truth/gen_cases.py" --seed 20261125 --count "$count" > "$work/cases.jsonl"

python3 - "$ROOT" "$bin" "$work/cases.jsonl" "$count" "$repeats" <<'PY'
import json, os, platform, resource, statistics, subprocess, sys, time

root, binary, cases, count, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
py = sys.executable
contenders = [
    ("argsplit", [binary, "bind", "--jsonl", "--python", "3.11"], True),
    ("real-call", [py, os.path.join(root, "tests/truth/cpython_truth.py"), cases], False),
    ("inspect", [py, os.path.join(root, "bench/inspect_bind.py"), cases], False),
]
results = {}
load_before = os.getloadavg()
for name, cmd, stdin in contenders:
    rates, cpu_rates = [], []
    for _ in range(repeats):
        with open(cases, "rb") as src, open(os.devnull, "wb") as sink:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            rc = subprocess.run(cmd, stdin=src if stdin else None, stdout=sink).returncode
            dt = time.perf_counter() - t0
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if rc not in (0, 2):
            sys.exit("bench: %s exited with status %d" % (name, rc))
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        rates.append(count / dt)
        cpu_rates.append(count / max(cpu, 1e-6))
    results[name] = {"cases_per_s": {"min": round(min(rates)), "median": round(statistics.median(rates)),
                                     "max": round(max(rates))}, "runs": [round(r) for r in rates],
                     "cases_per_cpu_s": {"min": round(min(cpu_rates)), "median": round(statistics.median(cpu_rates)),
                                         "max": round(max(cpu_rates))}}
    r = results[name]["cases_per_s"]
    c = results[name]["cases_per_cpu_s"]
    print("%-10s %10d %10d %10d  cases/s wall, %10d cases/CPU-s (min/median/max of %d; CPU median)"
          % (name, r["min"], r["median"], r["max"], c["median"], repeats))
med = dict((k, v["cases_per_s"]["median"]) for k, v in results.items())
cmed = dict((k, v["cases_per_cpu_s"]["median"]) for k, v in results.items())
ratios = {"argsplit_over_real_call": round(med["argsplit"] / med["real-call"], 2),
          "argsplit_over_inspect": round(med["argsplit"] / med["inspect"], 2),
          "argsplit_over_real_call_cpu": round(cmed["argsplit"] / cmed["real-call"], 2),
          "argsplit_over_inspect_cpu": round(cmed["argsplit"] / cmed["inspect"], 2)}
print("argsplit is %.1fx the real-call script and %.1fx the inspect loop (wall medians)"
      % (ratios["argsplit_over_real_call"], ratios["argsplit_over_inspect"]))
print("argsplit is %.1fx the real-call script and %.1fx the inspect loop (CPU-time medians; load moves these little)"
      % (ratios["argsplit_over_real_call_cpu"], ratios["argsplit_over_inspect_cpu"]))
out = {"benchmark": "bind", "cases": count, "seed": 20261125, "repeats": repeats,
       "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
       "loadavg_before": [round(x, 2) for x in load_before],
       "loadavg_after": [round(x, 2) for x in os.getloadavg()],
       "results": results, "ratios": ratios}
with open(os.path.join(root, "bench/results_bind.json"), "w") as fh:
    json.dump(out, fh, indent=2)
    fh.write("\n")
print("bench: wrote bench/results_bind.json (load average before/after: %s / %s)"
      % (out["loadavg_before"], out["loadavg_after"]))
PY
