#!/usr/bin/env bash
# bootstrap_test.sh SOURCE_DIR — scripts/bootstrap as the README prints it
# (`bash scripts/bootstrap`) on the three machines it meets: root (a
# container, a fresh Debian 12: apt-get directly), a user with sudo (a bare
# CI runner: the packages through sudo, --real's environments still the
# user's), a user without sudo (one line, exit 2); and nothing to install
# (dpkg only).  dpkg-query, id, sudo, apt-get and real-env are stubs on a
# PATH that has nothing else but the tools the script uses, so the test
# needs neither root nor network.
set -u
SRC=$(cd "$1" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir -p "$T/tree/scripts" "$T/bin" "$T/state"
cp "$SRC/scripts/bootstrap" "$T/tree/scripts/bootstrap"
for tool in bash dirname mktemp tail rm cat touch; do
    ln -s "$(command -v "$tool")" "$T/bin/$tool"
done
# every package installed but shellcheck, until apt-get installs it
cat >"$T/bin/dpkg-query" <<'EOF'
#!/bin/bash
p=${!#}
if [ "$p" = shellcheck ] && [ ! -e "$STATE/installed" ]; then printf 'un '; else printf 'ii '; fi
EOF
cat >"$T/bin/id" <<'EOF'
#!/bin/bash
if [ -n "${FAKE_ROOT:-}" ]; then echo 0; else echo 1000; fi
EOF
cat >"$T/bin/apt-get" <<'EOF'
#!/bin/bash
echo "apt-get root=${FAKE_ROOT:-no} $*" >>"$STATE/log"
case "$*" in *install*shellcheck*) touch "$STATE/installed" ;; esac
EOF
cat >"$T/sudo" <<'EOF'
#!/bin/bash
echo "sudo $*" >>"$STATE/log"
[ "$1" = -- ] && shift
FAKE_ROOT=1 exec "$@"
EOF
cat >"$T/tree/scripts/real-env" <<'EOF'
#!/bin/bash
echo "real-env root=${FAKE_ROOT:-no} $*" >>"$STATE/log"
EOF
chmod +x "$T/bin/"* "$T/sudo" "$T/tree/scripts/real-env"

# run ARGS...: scripts/bootstrap from the tree; sets rc, err, log
run() {
    : >"$T/state/log"
    rm -f "$T/state/installed"
    (cd "$T/tree" && env -i PATH="$PATHS" STATE="$T/state" ${ROOT:+FAKE_ROOT=1} \
        bash scripts/bootstrap "$@" 2>"$T/err" >/dev/null)
    rc=$?
    err=$(cat "$T/err")
    log=$(cat "$T/state/log")
}

# 1. root: apt-get directly
PATHS="$T/bin" ROOT=1 run
[ "$rc" = 0 ] || fail "root: exit $rc: $err"
case "$log" in *"apt-get root=1 install"*shellcheck*) ;; *) fail "root: no apt-get install as root: $log" ;; esac
case "$log" in *sudo*) fail "root: sudo used: $log" ;; esac

# 2. a user with sudo: the packages through sudo, real-env as the user
mkdir -p "$T/sudobin" && cp "$T/sudo" "$T/sudobin/sudo"
PATHS="$T/bin:$T/sudobin" ROOT='' run --real 0.4.14
[ "$rc" = 0 ] || fail "sudo: exit $rc: $err"
case "$log" in "sudo -- bash scripts/bootstrap"*"apt-get root=1 install"*shellcheck*"real-env root=no install 0.4.14") ;;
    *) fail "sudo: want sudo, apt-get as root, then real-env as the user: $log" ;; esac
case "$err" in *"through sudo"*) ;; *) fail "sudo: does not say it uses sudo: $err" ;; esac

# 3. a user without sudo: one line, exit 2, nothing installed
PATHS="$T/bin" ROOT='' run
[ "$rc" = 2 ] || fail "no sudo: exit $rc, want 2"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "no sudo: not one line: $err"
case "$err" in *shellcheck*"no sudo"*) ;; *) fail "no sudo: the line names neither the package nor sudo: $err" ;; esac
[ -z "$log" ] || fail "no sudo: ran $log"

# 4. nothing missing: dpkg only, as any user
touch "$T/state/installed"
: >"$T/state/log"
(cd "$T/tree" && env -i PATH="$T/bin" STATE="$T/state" bash scripts/bootstrap 2>"$T/err")
rc=$?
[ "$rc" = 0 ] || fail "installed: exit $rc: $(cat "$T/err")"
[ ! -s "$T/state/log" ] || fail "installed: ran $(cat "$T/state/log")"

echo "bootstrap: 4 machines, $fails failure(s)"
[ "$fails" = 0 ]
