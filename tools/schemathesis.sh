#!/bin/sh
# Property-based tests of `vigil serve` against its API description: starts the server
# on a free loopback port (with a token file, so the guarded endpoints are exercised),
# and runs schemathesis (PyPI) on GET /openapi.json for a bounded number of examples
# per operation. Fails on any 5xx, any response the schema does not allow (status,
# content type, body), and any other schemathesis check.
#   usage: tools/schemathesis.sh [VIGIL_BINARY]   (default .build/release/vigil, else debug)
#   ST_EXAMPLES=N   examples per operation (default 100)
set -eu
cd "$(dirname "$0")/.."
VIGIL=${1:-}
[ -n "$VIGIL" ] || for b in .build/release/vigil .build/debug/vigil; do [ -x "$b" ] && { VIGIL=$b; break; }; done
[ -x "${VIGIL:-}" ] || { echo "schemathesis: no vigil binary (swift build first)" >&2; exit 66; }
ST=${ST:-$(command -v st || command -v schemathesis || true)}
[ -n "$ST" ] || { echo "schemathesis: not installed (pip install schemathesis)" >&2; exit 69; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
echo "st-token-$$" > "$work/token"
"$VIGIL" serve --port 0 --token-file "$work/token" --state "$work/state" --database "$work/console.sqlite" 2> "$work/serve.log" &
pid=$!
port=""
for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log")
    [ -n "$port" ] && break
    sleep 0.2
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; echo "schemathesis: the server did not start" >&2; exit 69; }
echo "schemathesis $("$ST" --version 2>&1 | head -1) against $VIGIL on port $port"
status=0
"$ST" run "http://127.0.0.1:$port/openapi.json" --url "http://127.0.0.1:$port" \
    --checks all --max-examples "${ST_EXAMPLES:-100}" \
    --header "Authorization: Bearer st-token-$$" \
    --generation-deterministic --no-color > "$work/st.log" 2>&1 || status=$?
cat "$work/st.log"
kill -0 "$pid" 2>/dev/null || { echo "schemathesis: the server died" >&2; cat "$work/serve.log" >&2; exit 1; }
exit $status
