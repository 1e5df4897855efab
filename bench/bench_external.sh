#!/usr/bin/env bash
# bench_external.sh — what the process boundary costs an external subject.
#
#     bench/bench_external.sh [--count 3000] [--repeats 3] [--build DIR]
#
# On the same generated cases (engine/gen, seed 20261125, every family's
# keywords), microseconds per case of
#   c-reference        the in-process C reference (as_subject_split)
#   adapter-inprocess  py:reference's own work, no process boundary (the
#                      adapter's answer_request called in a loop in Python)
#   external-bB        py:reference through subjects/external.c with B
#                      requests in flight (B = 1, 8, 64, 256)
# The overhead of the boundary is external-bB minus adapter-inprocess.
# Medians over the repeats go to bench/results_external.json.  A benchmark
# measures; it never gates.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
COUNT=3000 REPEATS=3 BUILD="$SRC/build-bench-external"
while [ $# -gt 0 ]; do
    case $1 in
        --count) COUNT=$2; shift 2 ;;
        --repeats) REPEATS=$2; shift 2 ;;
        --build) BUILD=$2; shift 2 ;;
        *) echo "usage: bench_external.sh [--count N] [--repeats R] [--build DIR]" >&2; exit 2 ;;
    esac
done
PY=${ARGSPLIT_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
export ARGSPLIT_PYTHON=$PY
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ ! -f "$BUILD/libargsplit.a" ]; then
    cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$BUILD" argsplit >/dev/null

cat >"$TMP/bench.c" <<'EOF'
/* Times the contenders on the same cases; writes the requests of the
 * cases (with ids) to argv[3] for the in-process adapter timing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "engine/gen.h"
#include "subjects/external.h"
#include "subjects/registry.h"

/* CPU seconds of this process and of its reaped children. */
static double cpu(void)
{
    struct rusage s, c;
    getrusage(RUSAGE_SELF, &s);
    getrusage(RUSAGE_CHILDREN, &c);
    return s.ru_utime.tv_sec + s.ru_stime.tv_sec + c.ru_utime.tv_sec + c.ru_stime.tv_sec +
           (s.ru_utime.tv_usec + s.ru_stime.tv_usec + c.ru_utime.tv_usec + c.ru_stime.tv_usec) * 1e-6;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int n = atoi(argv[1]), minor = atoi(argv[2]);
    static const char *const families[] = {"jax.jit", "jax.pmap", "jax.grad", "jax.vmap", "jax.custom_jvp",
                                           "jax.checkpoint", "equinox.filter_jit"};
    as_arena a;
    as_arena_init(&a);
    as_gen_weights w;
    as_gen_weights_default(&w);
    as_error err;
    const as_case **cs = calloc((size_t)n, sizeof *cs);
    int m = 0;
    for (int i = 0; m < n; i++) {
        as_gen_case *g = as_arena_alloc(&a, sizeof *g);
        as_case *c = as_arena_alloc(&a, sizeof *c);
        if (as_gen_case_make(&a, &w, families[i % 7], 20261125, (uint64_t)i, minor, g, &err) < 0 ||
            as_case_from_parts(&a, &g->sig, &g->spec, g->has_call ? &g->call : NULL, minor, c, &err) < 0 ||
            as_case_build(&a, c->signature_text, c->spec, c->call_text, minor, c, &err) < 0)
            continue;
        cs[m++] = c;
    }
    FILE *req = fopen(argv[3], "w");
    fprintf(req, "{\"protocol\": \"%s\", \"subject\": \"py:reference\"}\n", AS_EXT_PROTOCOL);
    for (int i = 0; i < n; i++) {
        json_t *r = as_ext_request_json(&a, "py:reference", cs[i]);
        json_object_set_new(r, "id", json_integer(i));
        json_dumpf(r, req, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', req);
        json_decref(r);
    }
    fclose(req);
    as_split *out = calloc((size_t)n, sizeof *out);
    as_arena scratch;
    as_arena_init(&scratch);
    double t0 = now(), c0 = cpu();
    for (int i = 0; i < n; i++)
        as_subject_split(as_subject_reference(), &scratch, cs[i], &out[i]);
    printf("c-reference %.3f %.3f\n", (now() - t0) * 1e6 / n, (cpu() - c0) * 1e6 / n);
    static const int batches[] = {1, 8, 64, 256};
    for (int b = 0; b < 4; b++) {
        as_arena_reset(&scratch);
        as_ext_set *set = as_ext_set_new(NULL);
        const as_subject *s = as_subject_resolve(set, "py:reference", &err);
        if (!s) {
            fprintf(stderr, "py:reference: %s\n", err.message);
            return 1;
        }
        as_ext *x = as_subject_driver(s);
        as_ext_split_many(x, &scratch, cs, 50 < n ? 50 : n, out, &err);   /* warm up */
        as_ext_options o;
        as_ext_options_default(&o);
        /* Batch size is an option of the driver: restart with it. */
        const char *args[] = {getenv("ARGSPLIT_PYTHON"), as_ext_adapter_path(&scratch), NULL};
        o.argv = args;
        o.backend = "py:reference";
        o.batch = batches[b];
        as_ext *y;
        c0 = cpu();   /* the CPU of the child counts once it is reaped: start to stop */
        if (as_ext_start(&o, &y, &err) < 0)
            return 1;
        as_ext_split_many(y, &scratch, cs, 50 < n ? 50 : n, out, &err);
        t0 = now();
        if (as_ext_split_many(y, &scratch, cs, n, out, &err) < 0)
            return 1;
        double wall = now() - t0;
        as_ext_stop(y);
        printf("external-b%d %.3f %.3f\n", batches[b], wall * 1e6 / n, (cpu() - c0) * 1e6 / n);
        as_ext_set_free(set);
    }
    return 0;
}
EOF
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$SRC" -DARGSPLIT_SOURCE_DIR="\"$SRC\"" \
   -o "$TMP/bench" "$TMP/bench.c" "$BUILD/libargsplit.a" $(pkg-config --cflags --libs jansson sqlite3) -lm -lpthread

cat >"$TMP/inproc.py" <<'EOF'
import sys, time
sys.path.insert(0, sys.argv[1])
import argsplit_adapter as ad
backends = ad.load_backends()
lines = open(sys.argv[2]).read().splitlines()[1:]
for l in lines[:50]:
    ad.answer_request(backends["py:reference"], l)
t0, c0 = time.perf_counter(), time.process_time()
for l in lines:
    ad.answer_request(backends["py:reference"], l)
print("adapter-inprocess %.3f %.3f" % ((time.perf_counter() - t0) * 1e6 / len(lines),
                                       (time.process_time() - c0) * 1e6 / len(lines)))
EOF

PYVER=$("$PY" -c 'import sys; print(sys.version_info[1])')
for r in $(seq "$REPEATS"); do
    "$TMP/bench" "$COUNT" "$PYVER" "$TMP/requests.jsonl" >>"$TMP/times"
    "$PY" "$TMP/inproc.py" "$SRC/adapters/python" "$TMP/requests.jsonl" >>"$TMP/times"
done

"$PY" - "$TMP/times" "$COUNT" "$REPEATS" "$PY" "$SRC/bench/results_external.json" <<'EOF'
import json, os, platform, subprocess, sys
times, count, repeats, py, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
wall, cpu = {}, {}
for line in open(times):
    name, w, c = line.split()
    wall.setdefault(name, []).append(float(w))
    cpu.setdefault(name, []).append(float(c))
# The minimum is the cost least disturbed by other load on the machine.
best_wall = dict((k, min(v)) for k, v in wall.items())
best_cpu = dict((k, min(v)) for k, v in cpu.items())
order = sorted(best_wall, key=lambda k: (not k.startswith("c-"), not k.startswith("adapter"),
                                         int(k.split("-b")[1]) if "-b" in k else 0))
base_w, base_c = best_wall["adapter-inprocess"], best_cpu["adapter-inprocess"]
try:
    load = open("/proc/loadavg").read().split()[0]
except OSError:
    load = ""
result = {
    "benchmark": "external subject overhead (py:reference through subjects/external.c)",
    "cases": count, "repeats": repeats,
    "python": subprocess.check_output([py, "-c", "import sys; print(sys.version.split()[0])"]).decode().strip(),
    "machine": platform.machine(), "cpus": os.cpu_count(), "load_average_1min": load,
    "note": "min over repeats; cpu of external-bB is both processes, including one adapter start",
    "wall_us_per_case": dict((k, best_wall[k]) for k in order),
    "cpu_us_per_case": dict((k, best_cpu[k]) for k in order),
    "boundary_overhead_wall_us_per_case": dict((k, round(best_wall[k] - base_w, 1)) for k in order if "-b" in k),
    "boundary_overhead_cpu_us_per_case": dict((k, round(best_cpu[k] - base_c, 1)) for k in order if "-b" in k),
    "runs": dict((k, {"wall": wall[k], "cpu": cpu[k]}) for k in order),
}
json.dump(result, open(out, "w"), indent=2)
open(out, "a").write("\n")
width = max(len(k) for k in order)
print("%-*s %12s %12s %14s %14s" % (width, "contender", "wall us/case", "cpu us/case", "boundary wall", "boundary cpu"))
for k in order:
    extra = ("%+14.1f %+14.1f" % (best_wall[k] - base_w, best_cpu[k] - base_c)) if "-b" in k else ""
    print("%-*s %12.1f %12.1f %s" % (width, k, best_wall[k], best_cpu[k], extra))
print("written to %s" % out)
EOF
