#!/usr/bin/env bash
# trust_test.sh ARGSPLIT — data never becomes code (issue 16, item 2): what a
# case stream, a case file or a database holds never starts a process, and
# replay snippets are built from re-parsed text only.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
cd "$TMP" || exit 1

# --- a stream names subjects only by configured id ----------------------------
printf '%s\n' '{"subject":"ext:sh -c \"id>pwned\"","signature":"(a)","spec":""}' >stream.jsonl
run ext "$BIN" split --jsonl <stream.jsonl
[ "$rc" = 2 ] || fail "ext: in a stream: exit $rc"
[ -e pwned ] && fail "ext: in a stream started a process"
grep -q '"error":"InputError","message":"line 1: subject .* is a command, and input never starts one' "$TMP/ext.out" \
    || fail "ext: in a stream: [$(cat "$TMP/ext.out")]"
# 300 distinct commands: all refused, none started, quickly
for i in $(seq 300); do
    printf '{"subject":"ext:sh -c \\"touch pwned%d\\"","signature":"(a)","spec":""}\n' "$i"
done >many.jsonl
run many "$BIN" split --jsonl <many.jsonl
[ "$(grep -c 'is a command' "$TMP/many.out")" = 300 ] || fail "300 ext: lines: $(head -c 300 "$TMP/many.out")"
ls pwned* >/dev/null 2>&1 && fail "300 ext: lines started a process"
# a NAME of an implicit ./subjects.toml serves the command line, not the stream
printf '[subject.evil]\ncommand = "sh -c '"'"'touch pwned_cfg'"'"'"\n' >subjects.toml
printf '%s\n' '{"subject":"evil","signature":"(a)","spec":""}' | "$BIN" split --jsonl >cfg.out 2>&1
[ -e pwned_cfg ] && fail "a NAME of the implicit ./subjects.toml in a stream started a process"
grep -q "unknown subject 'evil'" cfg.out || fail "implicit config name: [$(cat cfg.out)]"
rm -f subjects.toml
# built-in ids still work
printf '%s\n' '{"subject":"reference","signature":"(a)","spec":"","call":"(1)"}' | "$BIN" split --jsonl >ok.out 2>&1 \
    || fail "a built-in id in a stream: [$(cat ok.out)]"

# --- fuzz --resume never runs subject commands stored in a database ----------
"$BIN" fuzz --db r.db --seed 1 --cases 200 --quiet >/dev/null 2>&1 || fail "fuzz r.db"
sqlite3 r.db "UPDATE runs SET status = 'killed', next_case = 100,
              options = json_set(options, '\$.subjects', 'ext:sh -c \"touch pwned_resume\"')"
run resume "$BIN" fuzz --db r.db --resume --quiet
expect_refused resume "^argsplit: --resume: run 1: its subjects 'ext:sh -c .*' start processes; a database never starts one: give --subject"
[ -e pwned_resume ] && fail "fuzz --resume ran a stored command"
run resume_other "$BIN" fuzz --db r.db --resume --subject jax.jit --quiet
expect_refused resume_other "^argsplit: --resume: run 1: it was started with --subject"
[ -e pwned_resume ] && fail "fuzz --resume ran a stored command"

# --- replay builds code from re-parsed text only ------------------------------
"$BIN" fuzz --db s.db --seed 2 --cases 300 --quiet >/dev/null 2>&1 || fail "fuzz s.db"
cp s.db clean.db
sqlite3 s.db "UPDATE reproducers SET call = '(1); import os; os.system(\"echo hi\")' WHERE class_id = 1;
              UPDATE reproducers SET signature = '(a):' || char(10) || '    import os' WHERE class_id = 2;
              UPDATE reproducers SET call = '(1)(2)' WHERE class_id = 4;
              UPDATE classes SET subject = 'equinox.x(1) or __import__(\"os\").system(\"id\")@1' WHERE id = 3"
run replay_call "$BIN" replay --db s.db 1
expect_refused replay_call "the stored call does not parse as one .*refusing to put it into code"
[ -s "$TMP/replay_call.out" ] && fail "replay of a forged call printed a snippet"
run replay_sig "$BIN" replay --db s.db 2
expect_refused replay_sig "the stored signature does not parse as one"
run replay_two "$BIN" replay --db s.db 4
expect_refused replay_two "refusing to put it into code"
run replay_subject "$BIN" replay --db s.db 3
[ "$rc" = 0 ] || fail "replay with a forged subject: exit $rc"
grep -v '^#' "$TMP/replay_subject.out" | grep -q 'system\|__import__' && fail "a forged subject became code: $(cat "$TMP/replay_subject.out")"
# a repeated keyword is a legitimate SyntaxError case: shown as written
run replay_kw "$BIN" replay --case '(a, b)' '' '(b=1, b=2)'
[ "$rc" = 0 ] && grep -q '^g(b=1, b=2)$' "$TMP/replay_kw.out" || fail "replay of a repeated keyword: [$(cat "$TMP/replay_kw.out")]"
# the report shows no snippet for such a class and still works
run report "$BIN" report --db s.db -o report.md
[ "$rc" = 0 ] || fail "report of a forged database: exit $rc [$(cat "$TMP/report.err")]"
grep -q 'os.system("echo hi")$' report.md && grep -q '^g(1); import os' report.md && fail "the report carries the forged call as code"

# --- merge and import-findings do not carry such rows --------------------------
run merge "$BIN" merge m.db s.db
expect_refused merge "^argsplit: s.db: class [0-9]+: the stored (call|signature)"
[ -e m.db ] && fail "merge created its output from a refused input"
run merge_clean "$BIN" merge m2.db clean.db
[ "$rc" = 0 ] || fail "merge of a clean database: exit $rc [$(cat "$TMP/merge_clean.err")]"
printf '%s\n' '{"kind":"case","target":"fuzz_differential","python":"3.11","family":"jax.jit","signature":"(a)","spec":"","call":"(1); import os; os.system(\"echo hi\")"}' >inj.jsonl
run import "$BIN" import-findings --db i.db inj.jsonl
[ "$rc" = 2 ] || fail "import-findings of an injected call: exit $rc"
[ "$(sqlite3 i.db 'SELECT count(*) FROM reproducers')" = 0 ] || fail "import-findings stored an injected call"

finish
