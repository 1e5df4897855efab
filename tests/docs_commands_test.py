#!/usr/bin/env python3
"""docs_commands_test.py ARGSPLIT SOURCE_DIR — issue 17's second "done
when": every command the documentation prints runs as printed.

The commands: every shell code block of README.md and docs/*.md (fenced
```sh/```bash/``` or indented; a block is shell when its first line starts
with a command: argsplit, scripts/..., bash, sh, sed, git, cd, python3,
sudo, $(...) — other blocks are data: case files, JSON, TOML, `usage:`
synopses, listed on
one line), and the `argsplit ...` / `scripts/...` code spans of README.md's
command table.  They run in order in a clone of this repository at HEAD
(the build under test first on PATH; $ARGSPLIT_BIN for scripts/ci-gate,
its documented option), each block from the clone's root; a block line's
"# exit N" comment is its exit status (else 0); a table span may exit 0
or 1 (findings), never 2 or a crash.

What is not run, or run in an equivalent form, is listed in one place
with its reason: tests/docs/doccmd.py (NOT_RUN, NOT_RUN_BLOCKS,
SUBSTITUTE); this test prints each.

    docs_commands_test.py ARGSPLIT SOURCE_DIR [--slow]

--slow (ctest docs_commands_slow with -DARGSPLIT_SLOW_TESTS=ON; the
nightly workflow) runs the doccmd.SLOW commands too: the install, the demo,
the benchmarks' quick mode, the fuzzer builds, the nightly, real JAX and
Equinox releases (synopses among them with their options given:
doccmd.SLOW_SUBSTITUTE).  It first installs every real release the commands
name (`scripts/real-env install`, into $ARGSPLIT_REAL_CACHE or the user's
~/.cache/argsplit/real: a new user's empty HOME would download them again)
or fails with one line, and lays out jax 0.4.14's package tree as the
checkout `~/src/jax` the README's `real:jax.jit@$HOME/src/jax` names (run by
that release's interpreter, $ARGSPLIT_REAL_PYTHON, as docs/EXTERNAL.md says).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN, SRC = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
SLOW = "--slow" in sys.argv[3:]
sys.path.insert(0, os.path.join(SRC, "tests/docs"))
import doccmd  # noqa: E402

SHELL_START = re.compile(r"^(argsplit|scripts/|bash |sh |sed |git |cd |python3 |sudo |\$\()")


def table_spans(path):
    """`argsplit ...` and `scripts/...` code spans of the README's command table."""
    out, in_table = [], False
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith("| question | command |"):
            in_table = True
            continue
        if in_table and not line.startswith("|"):
            break
        if in_table:
            for span in re.findall(r"`([^`]+)`", line.split("|")[2] if line.count("|") >= 3 else ""):
                if re.match(r"^(argsplit |scripts/)", span):
                    out.append((n, span))
    return out


# Paths the docs name that a reader makes (the examples' own files), not the repository's.
READER_MADE = {
    "conformance/expectations/py_mylib.jit.txt": "written by the library-team example's --update-expectations",
    "conformance/expectations/mylib.compile.txt": "written by docs/CONFORMANCE.md's own-model example",
    "subjects/mylib.c": "the reader's own model in docs/CONFORMANCE.md's example",
}


# Bare file names the docs use that a reader makes: the report's summary, its -o placeholder.
READER_MADE_NAMES = {"report.md": "argsplit report -o out/report.md", "OUT.md": "docs/REPORTS.md's -o OUT.md"}


def citation_problems(src):
    """Docs cite only files of the repository and no internal issue numbers
    (issue 17 item 6): every path under a tracked top-level directory that
    README.md, docs/*.md, conformance/REFERENCE.md, the expectation files
    (their reasons) and the case files (their comments) name is tracked (as
    a file, a directory, or a module: `engine/gen` for engine/gen.c), every
    bare `NAME.md` is a tracked file's name, every `docs/SEMANTICS.md §N`
    (and `E<n>`) and `docs/BINDING.md §N` is a section (an edge case) it has, and no text says
    "issue N"; no tracked text file (code comments and scripts included)
    names the folder beside the checkout; no build log is tracked.  The README's benchmark
    table is bench/results.md's copy (scripts/bench writes it): not read."""
    tracked = set(subprocess.run(["git", "-C", src, "ls-files"], stdout=subprocess.PIPE,
                                 universal_newlines=True).stdout.split())
    prefixes = {"/".join(t.split("/")[:i]) for t in tracked for i in range(1, t.count("/") + 1)}
    tops = {t.split("/")[0] for t in tracked if "/" in t}
    out = ["tracked build log %s" % t for t in sorted(tracked) if re.match(r"^build.*\.log$", t)]
    files = ["README.md", "conformance/REFERENCE.md"] + sorted(
        os.path.relpath(f, src) for pattern in ("docs/*.md", "conformance/expectations/*.txt",
                                                "conformance/cases/**/*.case")
        for f in glob.glob(os.path.join(src, pattern), recursive=True))
    basenames = {t.split("/")[-1] for t in tracked}
    def doc_text(name):
        path = os.path.join(src, "docs", name)
        return open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    # the two documents cited by section: SEMANTICS.md (JAX) and BINDING.md (CPython)
    sections = {doc: set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", doc_text(doc + ".md"), re.M))
                for doc in ("SEMANTICS", "BINDING")}
    edge = set(re.findall(r"^\| (E\d+) \|", doc_text("SEMANTICS.md"), re.M))
    for rel in files:
        in_bench = False
        for n, line in enumerate(open(os.path.join(src, rel), encoding="utf-8"), 1):
            if rel == "README.md" and line.startswith("## "):
                in_bench = line.startswith("## Benchmarks")
            if in_bench and re.match(r"^\| *\d+ *\|", line):
                continue
            for m in re.finditer(r"(?<![\w./~$-])((?:\.?[\w-]+/)+[\w.-]*\w)", line):
                path = m.group(1)
                if path.split("/")[0] not in tops or re.search(r"NAME|VERSION", path) or \
                        any(re.fullmatch(r"[A-Z][A-Z0-9_]+", c) for c in path.split("/")) or \
                        line[m.end():m.end() + 1] in ("*", "{"):   # a pattern: subjects/jax_*.c
                    continue
                if path in tracked or path in prefixes or path in READER_MADE or \
                        any(t.startswith(path + ".") for t in tracked):
                    continue
                out.append("%s:%d: cites %s, which is not in the repository" % (rel, n, path))
            # a bare file name (REFERENCE.md) names a tracked file
            for m in re.finditer(r"(?<![\w./~$-])([\w-]+\.md)\b", line):
                if m.group(1) not in basenames and m.group(1) not in READER_MADE_NAMES:
                    out.append("%s:%d: cites %s, which is not in the repository" % (rel, n, m.group(1)))
            # docs/SEMANTICS.md §N and its edge cases E1..: sections that exist
            for m in re.finditer(r"(SEMANTICS|BINDING)\.md((?:[^)\n]|\([^)\n]*\))*)", line):
                for sec in re.findall(r"§(\d+(?:\.\d+)?)", m.group(2)):
                    if sec not in sections[m.group(1)]:
                        out.append("%s:%d: cites docs/%s.md §%s, which has no such section" % (rel, n, m.group(1), sec))
                for e in re.findall(r"\b(E\d+)\b", m.group(2)) if m.group(1) == "SEMANTICS" else ():
                    if e not in edge:
                        out.append("%s:%d: cites docs/SEMANTICS.md %s, which §12 does not list" % (rel, n, e))
            for m in re.finditer(r"\b[Ii]ssues?[ -]\d+", line):
                out.append("%s:%d: cites an internal issue number (%s)" % (rel, n, m.group(0)))
    # code comments and scripts too: nothing names a file beside the checkout
    outside = "../" + "shared/"
    for rel in sorted(tracked):
        if os.path.splitext(rel)[1] not in (".c", ".h", ".py", ".sh", ".txt", ".case", ".yml", ".md", ".cmake") \
                and "/" in rel and not rel.startswith("scripts/"):
            continue
        try:
            text = open(os.path.join(src, rel), encoding="utf-8").read()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if outside in line:
                out.append("%s:%d: cites %s, which is outside the repository" % (rel, n, outside))
    return out


def prepare_real(commands, root, env):
    """Install every real release the commands name (or fail with one line),
    and make ~/src/jax: jax 0.4.14's package tree where a checkout has it."""
    text = "\n".join(commands)
    jax = set(re.findall(r"(?:real:jax\.[\w]+@|real-env (?:install|python) |--real |--jax )((?:\d+\.)+\d+)", text))
    jax |= set(v for line in re.findall(r"real-env install ((?:\d[\d.]* ?)+)", text) for v in line.split())
    eqx = set(re.findall(r"(?:real:equinox\.[\w]+@|--equinox )((?:\d+\.)+\d+)", text))
    if "$HOME/src/jax" in text:
        jax.add("0.4.14")
    for kind, versions in (("", jax), ("--equinox", eqx)):
        if not versions:
            continue
        argv = ["scripts/real-env", "install"] + ([kind] if kind else []) + sorted(versions)
        p = subprocess.run(argv, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        if p.returncode != 0:
            last = (p.stdout.strip().splitlines() or ["(no output)"])[-1]
            sys.exit("FAIL: docs_commands --slow: cannot install the real releases the docs name (%s): exit %d: %s"
                     % (" ".join(argv[2:]), p.returncode, last))
        print("real releases installed (or already there): %s" % " ".join(argv[2:]))
    if "$HOME/src/jax" in text:
        py = subprocess.run(["scripts/real-env", "python", "0.4.14"], cwd=root, env=env, stdout=subprocess.PIPE,
                            universal_newlines=True).stdout.strip()
        pkg = subprocess.run([py, "-c", "import jax, os; print(os.path.dirname(jax.__file__))"], env=env,
                             stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
        if not py or not os.path.isdir(pkg):
            sys.exit("FAIL: docs_commands --slow: no jax package in 0.4.14's environment (%r) for ~/src/jax" % pkg)
        shutil.copytree(pkg, os.path.join(env["HOME"], "src/jax/jax"))
        env["ARGSPLIT_REAL_PYTHON"] = py
        print("~/src/jax: jax 0.4.14's package tree laid out as a checkout, run by %s" % py)


fails = []
T = tempfile.mkdtemp(prefix="argsplit-docs-")
try:
    real_home = os.path.expanduser("~")
    env = doccmd.user_env(T, BIN, ARGSPLIT_BIN=BIN)
    root = os.path.join(T, "repo")
    subprocess.run(["git", "clone", "-q", SRC, root], check=True)
    if SLOW:
        # the real releases, pip's cache and pyenv's Pythons stay where this
        # machine keeps them (the new user's HOME is empty)
        env.update(ARGSPLIT_REAL_CACHE=os.environ.get("ARGSPLIT_REAL_CACHE") or
                   os.path.join(real_home, ".cache/argsplit/real"),
                   PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR") or os.path.join(real_home, ".cache/pip"),
                   PYENV_ROOT=os.environ.get("PYENV_ROOT") or os.path.join(real_home, ".pyenv"))

    todo = []          # (where, command, allowed statuses)
    data_blocks, skipped = [], 0
    files = [os.path.join(SRC, "README.md")] + sorted(glob.glob(os.path.join(SRC, "docs/*.md")))
    for path in files:
        rel = os.path.relpath(path, SRC)
        for marker, start, lines in doccmd.blocks(path):
            cmds = doccmd.commands(lines)
            if not cmds:
                continue
            if not SHELL_START.match(cmds[0]):
                data_blocks.append("%s:%d" % (rel, start))
                continue
            if marker in doccmd.NOT_RUN_BLOCKS:
                print("not run: block %s:%d <!-- %s -->  (%s)" % (rel, start, marker, doccmd.NOT_RUN_BLOCKS[marker]))
                skipped += len(cmds)
                continue
            todo.append(("%s:%d" % (rel, start), "cd %s" % doccmd._q(root), {0}))
            for c in cmds:
                if doccmd.slow_substitute(c) != c:
                    print("synopsis: %s:%d: %s -> %s" % (rel, start, c, doccmd.slow_substitute(c)))
                todo.append(("%s:%d" % (rel, start), doccmd.slow_substitute(c), {doccmd.expected_status(c)}))
    for n, span in table_spans(os.path.join(SRC, "README.md")):
        todo.append(("README.md:%d" % n, "cd %s" % doccmd._q(root), {0}))
        todo.append(("README.md:%d" % n, span, {0, 1}))

    run = []
    for where, c, ok in todo:
        why = doccmd.not_run(c, slow=SLOW)
        if why and doccmd.substitute(c) == c:
            print("not run: %s: %s  (%s)" % (where, c, why))
            skipped += 1
            continue
        sub = doccmd.substitute(c)
        if sub != c:
            print("equivalent: %s: %s -> %s" % (where, c, sub))
        run.append((where, c, sub, ok))
    print("data blocks (not commands): %s" % ", ".join(data_blocks))
    if SLOW:
        prepare_real([c for _, c, _, _ in run], root, env)
    secs = []
    results = doccmd.run([s for _, _, s, _ in run], root, env, os.path.join(T, "out"), seconds=secs,
                         timeout=5400 if SLOW else 1800)
    n_run = 0
    for (where, c, _, ok), (_, rc, out), sec in zip(run, results, secs):
        if c.startswith("cd "):
            continue
        n_run += 1
        if rc in ok:
            print("ok (exit %s, %.1f s): %s: %s" % (rc, sec, where, c))
        else:
            fails.append(c)
            print("FAIL: %s: [%s] exit %s, want %s: %s" % (where, c, rc, "/".join(map(str, sorted(ok))),
                                                          out.strip()[-400:]))
    for problem in citation_problems(SRC):
        fails.append(problem)
        print("FAIL: " + problem)
    if n_run < 15:
        fails.append("only %d commands ran" % n_run)
        print("FAIL: only %d commands ran" % n_run)
    print("docs commands%s: %d ran, %d not run (listed above), %d failed"
          % (" (--slow)" if SLOW else "", n_run, skipped, len(fails)))
finally:
    shutil.rmtree(T, ignore_errors=True)
sys.exit(1 if fails else 0)
