#!/bin/sh
# Compares the classifier scoring loops of two revisions (default: OLD=HEAD~1, NEW=the
# working tree) on the built-in models: output line for line, and callgrind instructions
# per round of scoring (the cost of 3 rounds minus 1, halved, so reading the file is left
# out). STREAMS: one text per line (benchmarks/model_loops/make_streams.py writes them).
# usage: benchmarks/model_loops/run.sh STREAMS [OLD_REV]
set -eu
STREAMS=$1; OLD=${2:-HEAD~1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd); W=$(mktemp -d)
DIR=Sources/VigilEngine/Matching/Classifier
mkdir -p "$W/old" "$W/new"
# Every file of the classifier folder, as each revision has it.
for f in $(git -C "$ROOT" ls-tree --name-only "$OLD" "$DIR/"); do
    git -C "$ROOT" show "$OLD:$f" > "$W/old/$(basename "$f")"
done
cp "$ROOT/$DIR"/*.swift "$W/new/"
for v in old new; do
    swiftc -O -wmo -module-name H "$ROOT/benchmarks/model_loops/main.swift" "$W/$v"/*.swift -o "$W/h-$v"
    "$W/h-$v" "$ROOT/rules/models" "$STREAMS" 1 > "$W/$v.out" 2>/dev/null
    for r in 1 3; do
        valgrind --tool=callgrind --callgrind-out-file="$W/cg.$v.$r" "$W/h-$v" "$ROOT/rules/models" "$STREAMS" $r \
            > /dev/null 2> "$W/cg.$v.$r.err"
    done
    a=$(grep -o 'Collected : [0-9]*' "$W/cg.$v.1.err" | awk '{print $3}')
    b=$(grep -o 'Collected : [0-9]*' "$W/cg.$v.3.err" | awk '{print $3}')
    echo "$v: $(( (b - a) / 2 )) instructions per round"
done
cmp "$W/old.out" "$W/new.out" && echo "outputs identical ($(wc -l < "$W/old.out") lines)"
echo "work folder: $W"
