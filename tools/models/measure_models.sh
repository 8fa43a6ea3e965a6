#!/bin/sh
# Measures the built-in packs and models together the way the targets are stated
# (docs/learn.md, "Built-in models"): COLD dev with the shipped zh model (trained on
# COLD train only), and Davidson by 5-fold cross-validation, where each fold is
# screened by the packs plus an en model trained on the other four folds. Writes
# nothing into the repository: the folds and fold models live in $WORK.
set -eu
VIGIL=${VIGIL:-.build/release/vigil}
DATA=${DATA:-../shared/data}
WORK=${WORK:-/tmp/vigil-model-measure}
SEED=${SEED:-1}
rm -rf "$WORK"; mkdir -p "$WORK"

echo "== COLD dev, built-in packs and models"
"$VIGIL" evaluate "$DATA/cold/dev.csv" --text-column TEXT --label-column label --rules rules --json > "$WORK/cold-dev.json"
python3 tools/models/summarize.py cold "$WORK/cold-dev.json" "$DATA/cold/dev.csv" "$VIGIL" rules

echo "== Davidson, 5 folds: packs + a model that never saw the fold"
python3 tools/models/folds.py "$DATA/davidson/labeled_data.csv" "$WORK" 5 "$SEED"
for fold in 0 1 2 3 4; do
    rm -rf "$WORK/rules-$fold"; cp -r rules "$WORK/rules-$fold"
    "$VIGIL" learn "$WORK/train-$fold.csv" --model en-offensive --text-column tweet --label-column class \
        --positive 0 --positive 1 --seed "$SEED" --folds 0 --out "$WORK/rules-$fold/models/en-offensive.vgm" ${EN_OPTIONS:---char-n 3-3 --word-n 1 --char-min-word 4} > /dev/null
    "$VIGIL" evaluate "$WORK/test-$fold.csv" --text-column tweet --label-column class --positive 0 --positive 1 \
        --rules "$WORK/rules-$fold" --json > "$WORK/davidson-$fold.json"
done
python3 tools/models/summarize.py davidson "$WORK"/davidson-*.json
