#!/usr/bin/env bash
# Load test of `vigil serve` (docs/serve.md): starts a release build on a loopback port
# and drives POST /v1/check with wrk, cycling through typical posts (corpus/sample.jsonl
# by default); prints requests/s and latency percentiles. Installs wrk (Debian package)
# when missing.
#
#   benchmarks/serve_load.sh [--duration 20s] [--connections 32] [--threads 1] [--posts FILE] [--state FILE]
#
# With --state the server keeps escalation state in FILE, and every answer waits for a
# save that covers it (docs/serve.md): compare with and without to see that cost.
#
# Environment: VIGIL (a built vigil binary; default: build .build/release/vigil),
# PORT (default 18080), SWIFT_BUILD_FLAGS (extra flags for `swift build`).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=20s connections=32 threads=1 posts=corpus/sample.jsonl state=()
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --posts) posts=$2; shift 2 ;;
        --state) state=(--state "$2"); shift 2 ;;
        *) echo "usage: $0 [--duration 20s] [--connections 32] [--threads 1] [--posts FILE] [--state FILE]" >&2; exit 64 ;;
    esac
done
port=${PORT:-18080}

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk"
    SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
fi

if [ -z "${VIGIL:-}" ]; then
    # shellcheck disable=SC2086
    swift build -c release ${SWIFT_BUILD_FLAGS:-} >&2
    VIGIL=$(swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)/vigil
fi

log=$(mktemp)
"$VIGIL" serve --port "$port" "${state[@]}" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$log" && break
    sleep 0.1
done
grep -q "listening on" "$log" || { cat "$log" >&2; echo "vigil serve did not start" >&2; exit 1; }

# Warm up (page in the rules, fill the screener pool), then measure.
VIGIL_POSTS=$posts wrk -t1 -c4 -d2s -s benchmarks/serve_check.lua "http://127.0.0.1:$port" >/dev/null
echo "vigil serve ${state[*]} /v1/check: wrk -t$threads -c$connections -d$duration, posts from $posts, $(nproc) cores"
VIGIL_POSTS=$posts wrk -t"$threads" -c"$connections" -d"$duration" --latency -s benchmarks/serve_check.lua "http://127.0.0.1:$port" \
    | grep -E "^(requests|latency|Requests/sec|  Latency )"
