#!/bin/sh
# Screening throughput of two vigil builds in the same minutes, so that a noisy shared
# machine affects both alike: the screen's own summary, wall time, CPU and peak memory
# on a large corpus (three runs each, interleaved), whole-process time on a small one
# (start-up included), `vigil check` start-up, and `vigil bench` for each.
#
# usage: benchmarks/screen_ab.sh OLD_VIGIL [NEW_VIGIL] [DATA_DIR]
#   DATA_DIR defaults to /tmp/vigil-bench (python3 benchmarks/make_keyword_corpus.py);
#   posts8.jsonl (posts.jsonl eight times) is made there when missing.
set -eu
OLD=${1:?usage: benchmarks/screen_ab.sh OLD_VIGIL [NEW_VIGIL] [DATA_DIR]}
NEW=${2:-.build/release/vigil}
DATA=${3:-/tmp/vigil-bench}
[ -f "$DATA/posts.jsonl" ] || { echo "no $DATA/posts.jsonl: run python3 benchmarks/make_keyword_corpus.py" >&2; exit 66; }
[ -f "$DATA/posts8.jsonl" ] || for i in 1 2 3 4 5 6 7 8; do cat "$DATA/posts.jsonl"; done > "$DATA/posts8.jsonl"
echo "== load: $(uptime)"
echo "== posts8.jsonl, --threads 2: summary, wall, user, sys, peak RSS"
for i in 1 2 3; do for b in "$OLD" "$NEW"; do
    /usr/bin/time -f "$b %e s wall %U user %S sys %M KB" "$b" screen --threads 2 < "$DATA/posts8.jsonl" 2>&1 >/dev/null | tr '\n' ' '; echo
done; done
echo "== posts.jsonl, whole process including start-up"
for i in 1 2 3; do for b in "$OLD" "$NEW"; do
    /usr/bin/time -f "$b %e s wall %U user %S sys" "$b" screen < "$DATA/posts.jsonl" 2>&1 >/dev/null | tr '\n' ' '; echo
done; done
echo "== vigil check start-up"
for i in 1 2 3; do for b in "$OLD" "$NEW"; do
    /usr/bin/time -f "$b %e s wall %U user" "$b" check "hello world" 2>&1 >/dev/null | tr '\n' ' '; echo
done; done
for b in "$NEW" "$OLD"; do echo "== vigil bench: $b"; "$b" bench "$DATA/posts.jsonl" 2>/dev/null; done
echo "== load: $(uptime)"
