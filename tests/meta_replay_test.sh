#!/bin/sh
# meta_replay_test.sh ARGSPLIT — every metamorphic reproducer replays to
# exactly what is shown (issue 15): a short campaign, then for each
# metamorphic class `argsplit replay ID` shows two re-run commands (the
# original and the rewritten case); each, run with --json, gives exactly the
# split shown for that case (the stored original and rewritten answers).
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$bin" fuzz --db "$tmp/m.db" --seed 15 --cases 1500 --quiet >"$tmp/fuzz.out" 2>&1 || fail "fuzz: $(cat "$tmp/fuzz.out")"
"$bin" triage --db "$tmp/m.db" --classes --json >"$tmp/classes.json" || fail "triage"
PY=$(python3 -c 'import sys; print(sys.executable)') || fail "python3 is needed"
"$PY" - "$bin" "$tmp" <<'PYEOF'
import json, shlex, subprocess, sys
bin, tmp = sys.argv[1], sys.argv[2]
classes = json.load(open(tmp + "/classes.json"))
meta = [c for c in classes if c["relation"].startswith("meta:")]
per = {}
meta = [c for c in meta if per.setdefault(c["relation"], []).append(c) or len(per[c["relation"]]) <= 40]
assert len(meta) >= 20, "only %d metamorphic classes" % len(meta)
relations = set()
for c in meta:
    out = subprocess.run([bin, "replay", "--db", tmp + "/m.db", str(c["id"])], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    runs = {}
    for line in out.stdout.splitlines():
        for label in ("re-run original", "re-run rewritten"):
            if line.startswith("# %s: " % label):
                runs[label] = shlex.split(line[len("# %s: " % label):])
    assert set(runs) == {"re-run original", "re-run rewritten"}, (c["key"], out.stdout)
    # shown: the original case's answer (stored as "reference" = expected) and
    # the rewritten case's (stored as "observed")
    for label, want in (("re-run original", c["reference"]), ("re-run rewritten", c["observed"])):
        argv = runs[label]
        assert argv[:2] == ["argsplit", "split"], argv
        got = subprocess.run([bin, "split", "--json"] + argv[2:], capture_output=True, text=True)
        assert got.returncode == 0, (argv, got.stderr)
        got = json.loads(got.stdout)
        if got != want:
            print("class", c["key"], label, argv)
            print("shown:", json.dumps(want))
            print("split:", json.dumps(got))
            sys.exit(1)
    relations.add(c["relation"])
every = {"meta:negative-index", "meta:nums-names", "meta:positional-keyword", "meta:spec-order", "meta:int-tuple"}
assert relations == every, "relations not replayed: %s" % sorted(every - relations)
print("meta replay ok: %d classes, relations %s" % (len(meta), sorted(relations)))
PYEOF
