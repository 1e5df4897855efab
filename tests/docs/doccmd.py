"""doccmd.py — the shell commands the documentation prints, and how tests
run them as printed.  Shared by tests/adoption_test.py (the README's
library-team path) and tests/docs_commands_test.py (every command of
README.md and docs/*.md).

  blocks(path)        the code blocks of a Markdown file: fenced (```sh,
                      ```bash, ```, ```console) and indented ones, each as
                      (marker, first line number, [lines]); `marker` is the
                      <!-- name --> comment right before a block, or None
  commands(lines)     the command lines of a block (comments, blank lines and
                      output lines dropped; backslash continuations joined)
  expected_status(l)  N of a trailing "# exit N" comment, else 0
  NOT_RUN             the one list of documented commands no test runs, each
                      with the reason (and where it is tested instead)
  SLOW                commands only the --slow mode runs (builds, installs,
                      real releases), each with why it is slow
  SUBSTITUTE          commands run in a documented equivalent form
  SLOW_SUBSTITUTE     synopses run with their options given (most by --slow)
  not_run(c, slow)    why c is not run (None: it runs)
  user_env(tmp, argsplit, **extra)
                      a new user's environment (argsplit on PATH, empty HOME)
  run(lines, cwd, env, outdir, seconds=None)
                      run the lines one by one in one bash (so `cd` and
                      `export` carry over), each with its own output file:
                      [(line, status, output)] (and each line's wall time
                      appended to `seconds`)
"""
import os
import re
import subprocess

# (regular expression matched against the whole command, reason): never run
# by a test, each for the reason given.
NOT_RUN = [
    (r"^scripts/test\b", "the whole suite itself (this test is part of it)"),
    (r"^scripts/bench\s*(#.*)?$", "the benchmarks' full mode (about an hour; never a test, bench/README.md); --slow "
                                  "runs `scripts/bench --quick`, the same items on smaller inputs"),
    (r"^scripts/real-env install --all\b", "every pinned release (81 environments, several GB from PyPI); --slow runs "
                                           "`scripts/real-env install` of the releases the docs name, the same code"),
    (r"^git clone https://", "network; the tests clone the repository under test instead"),
    (r"^(ctest|cmake|bash scripts/build|scripts/build)\b", "builds and test runs: what scripts/test does"),
    (r"\[--|^\[|\.\.\.$|\] \.\.\.|\]\.\.\.", "a synopsis (options in brackets), not a command; "
                                                  "the CLI tests run each option"),
    (r"tests/reliability/soak\.sh \S+ 30\b", "the 30-minute soak; scripts/test runs its 1-minute form "
                                              "(reliability_soak_short), the nightly workflow the whole"),
    (r"docs_commands_test\.py .*--slow", "the slow documented commands themselves (ctest docs_commands_slow)"),
]

# Commands run only by `docs_commands_test.py --slow` (ctest docs_commands_slow
# with -DARGSPLIT_SLOW_TESTS=ON, and the nightly workflow): builds, installs
# and real releases, minutes each; scripts/test's budget is ~15 minutes on 2
# cores.  Without --slow each is listed as not run, with this reason.
SLOW = [
    (r"^scripts/install ", "a Release build and `cmake --install` (minutes)"),
    (r"^scripts/demo\b", "a campaign of minutes and its own build"),
    (r"^scripts/bench --quick\b", "the benchmarks' quick mode (about 10 minutes)"),
    (r"^scripts/nightly\b|scripts/nightly --", "libFuzzer/AFL++ builds and minutes of fuzzing"),
    (r"^scripts/fuzz-build\b", "the libFuzzer/AFL++/coverage builds (minutes each)"),
    (r"^scripts/real-env (install|python)\b|^scripts/bootstrap --real\b|\$\(scripts/real-env python",
     "real JAX/Equinox releases (installed into ~/.cache/argsplit/real when missing)"),
    (r"^scripts/fidelity\b", "runs real JAX releases"),
    (r"--subjects? real:", "runs a real JAX release or checkout"),
]

# Synopses run as the synopsis with its options given (regular expression,
# replacement, reason), applied before NOT_RUN and SLOW are asked (most are
# of commands only --slow runs).
SLOW_SUBSTITUTE = [
    (r"^scripts/real-env install 0\.4\.14 \.\.\.(\s+#.*)?$", "scripts/real-env install 0.4.14", "one release"),
    (r"^scripts/bootstrap --real 0\.4\.14 \.\.\.(\s+#.*)?$", "scripts/bootstrap --real 0.4.14", "one release"),
    (r"^scripts/real-env list \[--json\] \[--all\](\s+#.*)?$", "scripts/real-env list --json --all",
     "every option of the synopsis"),
    (r"^scripts/real-env newest \[--equinox\](\s+#.*)?$", "scripts/real-env newest --equinox",
     "every option of the synopsis"),
    (r"^scripts/fidelity run --jax 0\.4\.14 \[--families jax\.jit,\.\.\.\] \[--cases 5000\] "
     r"\[--weights int_value=0\]$", "scripts/fidelity run --jax 0.4.14 --families jax.jit --cases 200 "
     "--weights int_value=0", "the synopsis with its options, 200 generated cases"),
    (r"^scripts/fidelity report --md docs/FIDELITY\.md \[--remodel\]$",
     "scripts/fidelity report --md docs/FIDELITY.md --remodel", "every option of the synopsis"),
]

# Code blocks run elsewhere, by their <!-- marker --> (one place too).
NOT_RUN_BLOCKS = {
    "library-team": "tests/adoption_test.py runs it in a fresh clone, with the workflows",
    "own-library-example": "tests/own_library_test.sh runs it (in a copy of examples/)",
}

# (regular expression, replacement, reason): run in an equivalent form.
SUBSTITUTE = [
    (r"^git clone https://github\.com/argsplit/argsplit && cd argsplit$", "git clone -q \"$ARGSPLIT_TEST_REPO\" "
     "argsplit && cd argsplit", "the repository under test at HEAD instead of the network"),
    (r"--time 1200\b", "--time 5", "a 20-minute campaign shortened to 5 s"),
    (r"--cases 200000\b", "--cases 2000", "fewer cases"),
    (r"^(argsplit merge all\.db shard0\.db shard1\.db)$", r"argsplit fuzz --db shard0.db --seed 1 --cases 400 "
     r"--shard 0/2 --quiet && argsplit fuzz --db shard1.db --seed 1 --cases 400 --shard 1/2 --quiet && \1",
     "the two shards it names made first by `fuzz --shard`"),
    (r"^argsplit enumerate --max-params 3 --max-spec 2$", "argsplit enumerate --max-params 1 --max-spec 2",
     "1.1M cases (minutes on a loaded machine; 2 parameters: 128,554 cases, half a minute); 1 parameter "
     "(8,600 cases) runs the same code"),
]


def user_env(tmp, argsplit, **extra):
    """The environment of a new user: the build under test on PATH as
    `argsplit`, an empty HOME, a git identity, none of the variables that
    point argsplit elsewhere (data dir, adapter, subjects file)."""
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    os.symlink(argsplit, os.path.join(bindir, "argsplit"))
    env = {k: v for k, v in os.environ.items() if k not in ("ARGSPLIT_SOURCE_DIR", "ARGSPLIT_DATA_DIR",
                                                           "ARGSPLIT_ADAPTER", "ARGSPLIT_SUBJECTS")}
    env.update(PATH=bindir + os.pathsep + env.get("PATH", ""), HOME=os.path.join(tmp, "home"),
               GIT_AUTHOR_NAME="argsplit test", GIT_AUTHOR_EMAIL="test@example.invalid",
               GIT_COMMITTER_NAME="argsplit test", GIT_COMMITTER_EMAIL="test@example.invalid")
    os.makedirs(env["HOME"])
    env.update(extra)
    return env


def not_run(command, slow=False):
    """Why `command` is not run (None: it runs); `slow`: the --slow mode,
    which runs the SLOW commands too."""
    for rx, reason in NOT_RUN:
        if re.search(rx, command):
            return reason
    for rx, reason in SLOW:
        if re.search(rx, command):
            return None if slow else "slow: %s; run by docs_commands_test.py --slow (ctest docs_commands_slow, " \
                                     "the nightly workflow)" % reason
    return None


def slow_substitute(command):
    for rx, repl, _ in SLOW_SUBSTITUTE:
        command = re.sub(rx, repl, command)
    return command


def substitute(command):
    for rx, repl, _ in SUBSTITUTE:
        command = re.sub(rx, repl, command)
    return command


def blocks(path):
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i, marker = 0, None
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^<!-- ([\w-]+) -->$", line)
        if m:
            marker = m.group(1)
            i += 1
            continue
        f = re.match(r"^```(\w*)\s*$", line)
        if f:
            lang = f.group(1)
            start, body = i + 2, []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if lang in ("", "sh", "bash", "shell", "console"):
                out.append((marker, start, body))
            marker = None
            i += 1
            continue
        # an indented block: after a blank line, every line indented 4+ (or blank)
        if line.startswith("    ") and line.strip() and (i == 0 or not lines[i - 1].strip()):
            start, body = i + 1, []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i][4:])
                i += 1
            while body and not body[-1].strip():
                body.pop()
            out.append((marker, start, body))
            marker = None
            continue
        if line.strip():
            marker = None
        i += 1
    return out


def commands(lines):
    out, cur = [], ""
    for line in lines:
        if cur:
            cur += " " + line.strip()
        else:
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if s.startswith("$ "):
                s = s[2:]
            cur = s
        if cur.endswith("\\"):
            cur = cur[:-1].rstrip()
            continue
        out.append(cur)
        cur = ""
    if cur:
        out.append(cur)
    return out


def expected_status(line):
    m = re.search(r"#\s*exit (\d+)", line)
    return int(m.group(1)) if m else 0


def run(lines, cwd, env, outdir, timeout=1800, seconds=None):
    """Each line in one bash process, its output in outdir/out.N; with a
    list `seconds`, each line's wall time is appended to it."""
    os.makedirs(outdir, exist_ok=True)
    script = ["set +e", "cd %s || exit 99" % _q(cwd)]
    for n, line in enumerate(lines):
        script.append("t0=$(date +%%s%%N); { %s\n} >%s 2>&1 </dev/null; echo $? >%s; echo $(($(date +%%s%%N) - t0)) >%s"
                      % (line, _q("%s/out.%d" % (outdir, n)), _q("%s/rc.%d" % (outdir, n)),
                         _q("%s/ns.%d" % (outdir, n))))
    subprocess.run(["bash", "-c", "\n".join(script)], env=env, timeout=timeout)
    res = []
    for n, line in enumerate(lines):
        try:
            rc = int(open("%s/rc.%d" % (outdir, n)).read())
        except (OSError, ValueError):
            rc = None
        try:
            out = open("%s/out.%d" % (outdir, n), errors="replace").read()
        except OSError:
            out = ""
        res.append((line, rc, out))
        if seconds is not None:
            try:
                seconds.append(int(open("%s/ns.%d" % (outdir, n)).read()) / 1e9)
            except (OSError, ValueError):
                seconds.append(0.0)
    return res


def _q(s):
    return "'" + s.replace("'", "'\\''") + "'"
