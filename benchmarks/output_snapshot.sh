#!/bin/sh
# Writes what a vigil build prints on a fixed set of inputs into one folder, so that two
# builds (before and after a change that must not change behaviour) can be compared
# byte for byte with `diff -r`: `screen` on corpus/sample.jsonl (one and two threads,
# text input, with an escalation state and events file, and the escalation timeline of
# corpus/timeline.py), `check` in both formats, `rules explain`, `rules lint`,
# `rules test`, and, when given, `screen` on a larger corpus (exit codes are written
# next to each output).
#
# usage: benchmarks/output_snapshot.sh VIGIL OUT_DIR [LARGE_JSONL]
#   LARGE_JSONL: e.g. posts.jsonl of `python3 benchmarks/make_keyword_corpus.py`
# compare: benchmarks/output_snapshot.sh old/vigil /tmp/a; ... new/vigil /tmp/b; diff -r /tmp/a /tmp/b
set -u
VIGIL=${1:?usage: benchmarks/output_snapshot.sh VIGIL OUT_DIR [LARGE_JSONL]}
OUT=${2:?usage: benchmarks/output_snapshot.sh VIGIL OUT_DIR [LARGE_JSONL]}
LARGE=${3:-}
ROOT=$(dirname "$0")/..
SAMPLE=$ROOT/corpus/sample.jsonl
mkdir -p "$OUT"
run() { # name, then the command; stdout, stderr and exit status go into OUT/name.*
    name=$1; shift
    "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"
}
screen() { # name, input file, then screen's options (stderr is left out: it holds MB/s)
    name=$1; input=$2; shift 2
    "$VIGIL" screen "$@" <"$input" >"$OUT/$name.out" 2>/dev/null; echo $? >"$OUT/$name.rc"
}
screen screen-sample-t1 "$SAMPLE" --threads 1
screen screen-sample-t2 "$SAMPLE" --threads 2
python3 -c 'import json,sys; [print(json.loads(l)["text"].replace("\n"," ")) for l in open(sys.argv[1]) if l.strip()]' "$SAMPLE" >"$OUT/sample-text.txt"
screen screen-text "$OUT/sample-text.txt" --input text --threads 2
rm -f "$OUT/state.bin"
screen screen-events "$SAMPLE" --threads 1 --state "$OUT/state.bin" --events "$OUT/events.out"
python3 "$ROOT/corpus/timeline.py" --days 4 --commands -o "$OUT/timeline.jsonl"
rm -f "$OUT/timeline-state.bin"
screen screen-timeline "$OUT/timeline.jsonl" --threads 2 --state "$OUT/timeline-state.bin"
screen screen-timeline-events "$OUT/timeline.jsonl" --threads 1 --events "$OUT/timeline-events.out"
[ -n "$LARGE" ] && screen screen-large "$LARGE" --threads 2
i=0
while IFS= read -r post; do
    i=$((i + 1))
    run "check-json-$i" "$VIGIL" check --format json "$post"
    run "check-text-$i" "$VIGIL" check "$post"
    run "check-comment-$i" "$VIGIL" check --format json --kind comment "$post"
    run "explain-comment-$i" "$VIGIL" rules explain --kind comment "$post"
    run "explain-$i" "$VIGIL" rules explain "$post"
done <<'POSTS'
hello world, nice phone
你这个傻逼，去死吧
f.u.c.k you idiots, shut up you moron
加微信 abc12345 兼职刷单日赚500
我的身份证号是11010519491231002X，电话13812345678
退款！我要投诉到12315
最佳效果，国家级产品，可以治疗失眠
Hot singles in your area http://bit.ly/xyz
腦殘 狗東西 ｆｕｃｋ S H I T
visit www.example.com or mail me at a.b@example.org, card 4111 1111 1111 1111
POSTS
run rules-lint "$VIGIL" rules lint
run rules-test "$VIGIL" rules test
for c in "" check screen serve bench rules evaluate learn "rules lint" "rules test" "rules explain" "rules diff"; do
    run "help-$(echo "${c:-top}" | tr " " -)" "$VIGIL" $c --help
done
echo "written to $OUT"
