#!/usr/bin/env bash
# store_test.sh ARGSPLIT — the store keeps its promises (issue 16, item 3):
# foreign files are refused untouched, corrupt files never let a command
# succeed, every stored number is range-checked, readers work on read-only
# files, a live run cannot be resumed, outputs are replaced atomically.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
cd "$TMP" || exit 1

"$BIN" fuzz --db good.db --seed 4 --cases 1500 --quiet >/dev/null 2>&1 || fail "fuzz good.db"
[ -e good.db-wal ] && fail "good.db-wal left after a clean close"

# Every command that opens a database, with FILE standing for it.
commands=(
    "fuzz --db FILE --cases 20 --quiet"
    "enumerate --db FILE --max-params 0 --max-spec 0 --quiet"
    "import-findings --db FILE $TMP/empty.jsonl"
    "merge FILE $TMP/good.db"
    "merge $TMP/out.db FILE"
    "report --db FILE -o $TMP/r.md"
    "triage --db FILE"
    "replay --db FILE 1"
    "check-db FILE"
)
: >empty.jsonl
# all_refuse NAME FILE: no command exits 0 on FILE (a fresh copy each)
all_refuse() {
    local c
    for c in "${commands[@]}"; do
        cp "$2" cur.db
        rm -f out.db out.db-*
        # shellcheck disable=SC2086
        timeout 120 "$BIN" ${c//FILE/$TMP/cur.db} >/dev/null 2>"$TMP/cmd.err"
        local r=$?
        [ $r = 0 ] && fail "$1: '${c}' exited 0"
        [ $r = 124 ] && fail "$1: '${c}' did not finish in 120 s"
        [ $r = 0 ] || [ "$(wc -l <"$TMP/cmd.err")" = 1 ] || fail "$1: '${c}': not one line: $(head -c 400 "$TMP/cmd.err")"
    done
}

# --- a foreign SQLite file is refused before any write ---------------------
sqlite3 foreign.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
before=$(cksum <foreign.db)
for c in "${commands[@]}"; do
    # shellcheck disable=SC2086
    "$BIN" ${c//FILE/$TMP/foreign.db} >/dev/null 2>cmd.err && fail "foreign: '$c' exited 0"
    grep -q "not an argsplit database" cmd.err || fail "foreign: '$c': $(cat cmd.err)"
    [ "$(cksum <foreign.db)" = "$before" ] || { fail "foreign: '$c' changed the file (byte 19: $(od -An -tu1 -j19 -N1 foreign.db))"; sqlite3 foreign.db "PRAGMA journal_mode=DELETE" >/dev/null; }
    [ -e foreign.db-wal ] && fail "foreign: '$c' created a -wal file"
done

# --- numbers read from the file are range-checked --------------------------
cp good.db uv.db && sqlite3 uv.db "PRAGMA user_version = -1"
all_refuse "user_version -1" uv.db
cp good.db big.db && sqlite3 big.db "UPDATE runs SET cases = 9223372036854775000"
run big timeout 60 "$BIN" report --db big.db -o big.md
expect_refused big "big.db: file is corrupt: a stored number is out of range"
all_refuse "runs.cases near 2^63" big.db
cp good.db neg.db && sqlite3 neg.db "UPDATE classes SET hit_count = -5 WHERE id = 1"
all_refuse "a negative hit count" neg.db
cp good.db shard.db && sqlite3 shard.db "UPDATE runs SET shard_index = 7, shard_count = 2"
all_refuse "shard 7/2" shard.db

# --- corrupted pages: no command succeeds on a file failing quick_check ----
size=$(stat -c %s good.db)
pages=$((size / 4096))
corrupt=0
for i in $(seq 40); do
    cp good.db c.db
    page=$(( (RANDOM * 32768 + RANDOM) % pages ))
    [ $i -le 4 ] && page=$i    # the first pages (schema, tables) at least once
    head -c 4096 /dev/urandom | dd of=c.db bs=4096 seek=$page conv=notrunc status=none
    q=$(sqlite3 c.db "PRAGMA quick_check" 2>&1 | head -1)
    [ "$q" = ok ] && continue
    corrupt=$((corrupt + 1))
    all_refuse "corrupt page $page (try $i: $q)" c.db
done
[ $corrupt -ge 20 ] || fail "only $corrupt of 40 damaged copies failed quick_check"
run checkdb "$BIN" check-db good.db
[ "$rc" = 0 ] && grep -q "^good.db: ok (1 run, [0-9]* classes)$" "$TMP/checkdb.out" || fail "check-db good.db: $(cat "$TMP/checkdb.out" "$TMP/checkdb.err")"

# --- readers work on read-only files ----------------------------------------
mkdir ro && cp good.db ro/ && chmod 0444 ro/good.db && chmod 0555 ro
as_other=()
[ "$(id -u)" = 0 ] && as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)   # root ignores modes
chmod 0755 "$TMP"
for c in "triage --db ro/good.db" "replay --db ro/good.db 1" "report --db ro/good.db -o -" "check-db ro/good.db"; do
    # shellcheck disable=SC2086
    "${as_other[@]}" "$BIN" $c >/dev/null 2>cmd.err || fail "read-only: '$c': $(cat cmd.err)"
done
"${as_other[@]}" "$BIN" fuzz --db ro/good.db --cases 10 --quiet >/dev/null 2>&1 && fail "read-only: fuzz wrote a read-only file"
ls ro | grep -q -- '-wal\|-shm' && fail "read-only: a reader left $(ls ro)"
chmod 0755 ro

# --- a live run is locked -----------------------------------------------------
"$BIN" fuzz --db live.db --seed 6 --cases 100000000 --quiet >/dev/null 2>&1 &
writer=$!
for _ in $(seq 200); do
    [ "$(sqlite3 live.db 'SELECT count(*) FROM runs' 2>/dev/null)" = 1 ] && break
    sleep 0.1
done
run live "$BIN" fuzz --db live.db --resume --quiet
expect_refused live "live.db: (run 1 is still being written by another process; not resuming it|database is locked)"
kill -TERM $writer
wait $writer
[ "$(sqlite3 live.db 'SELECT status FROM runs')" = killed ] || fail "live: SIGTERM did not record the run as killed"
timeout -s TERM 3 "$BIN" fuzz --db live.db --resume --quiet >/dev/null 2>live2.err
[ "$(sqlite3 live.db 'SELECT count(*) FROM runs')" = 1 ] || fail "live: resuming a stopped run started another"
grep -q "still being written" live2.err && fail "live: a stopped run is still locked"

# --- --time: nan, inf, negative -------------------------------------------------
for t in nan inf -1 0 -inf 1e30; do
    run time timeout 60 "$BIN" fuzz --db t.db --time "$t" --quiet   # (it used to run forever: exit 124)
    expect_refused time "^argsplit: --time: '$t' is not a number of seconds"
done

# --- outputs: a full disk leaves the old file (or none), never a part -----------
"$BIN" report --db good.db -o out.html 2>/dev/null || fail "report out.html"
cp out.html old.html
(trap '' XFSZ; ulimit -f 64; "$BIN" report --db good.db -o out.html >/dev/null 2>full.err)
[ $? = 2 ] || fail "report on a full disk: not exit 2"
grep -q "write failed" full.err || fail "report on a full disk: $(cat full.err)"
cmp -s out.html old.html || fail "report on a full disk changed the old output"
(trap '' XFSZ; ulimit -f 1; "$BIN" report --db good.db -o new.md >/dev/null 2>&1)
ls new.md* >/dev/null 2>&1 && fail "report on a full disk left $(ls new.md*)"

finish
