#!/bin/sh
# Builds the built-in classifier models in rules/models/ from ../shared/data with
# `vigil learn` (run by `make models`). Deterministic: the same data and seed give the
# same bytes, so a rebuild that changes a model file means the data or the code changed.
#
#   zh-offensive.vgm  COLD (thu-coai/COLDataset @a0c55a9), train.csv only, Apache-2.0.
#                     dev.csv is never trained on: it is what the model is measured on.
#   en-offensive.vgm  Davidson et al. 2017 (t-davidson/hate-speech-and-offensive-language
#                     @cb50f7e), labeled_data.csv, MIT; class 0 (hate) and 1 (offensive)
#                     are positive, 2 (neither) negative.
# The feature options (ZH_OPTIONS, EN_OPTIONS) are those docs/learn.md ("Speed") chose:
# Chinese 1–2-grams; English words and the 3-grams of words of four bytes or more.
set -eu
VIGIL=${VIGIL:-.build/release/vigil}
DATA=${DATA:-../shared/data}
OUT=${OUT:-rules/models}
SEED=${SEED:-1}
if [ ! -d "$DATA/cold" ] || [ ! -d "$DATA/davidson" ]; then
    echo "build_models: $DATA/cold and $DATA/davidson are needed" >&2
    exit 66
fi
mkdir -p "$OUT"
"$VIGIL" learn "$DATA/cold/train.csv" --model zh-offensive --text-column TEXT --label-column label \
    --seed "$SEED" --out "$OUT/zh-offensive.vgm" ${ZH_OPTIONS:---cjk-n 2}
"$VIGIL" learn "$DATA/davidson/labeled_data.csv" --model en-offensive --text-column tweet --label-column class \
    --positive 0 --positive 1 --seed "$SEED" --out "$OUT/en-offensive.vgm" ${EN_OPTIONS:---char-n 3-3 --word-n 1 --char-min-word 4}
