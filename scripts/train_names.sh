#!/usr/bin/env bash
# Rebuilds the names model, data/names/name_model.tsv, from the train splits
# of the development sets (../shared/devsets, CC BY-SA 4.0), and prints its
# scores on the dev splits. Deterministic: the same sets, features and
# settings give the same file.
#
#   scripts/train_names.sh [--cv K] [OUT]
#
# --cv K also prints K-fold cross-validation over the train splits (K times
# the training time). OUT defaults to data/names/name_model.tsv. Settings
# (liblinear -c, the feature count cut, the weight pruning) are
# scripts/train_names.py's defaults, chosen on the dev splits.
#
# Steps: build kiji_name_features, which writes each sentence's tokens, the
# names model's features (extractors/names/features.h) and the rules'
# candidates; align the gold and train one-vs-rest logistic regression with
# liblinear (Debian's liblinear-tools, installed here if missing); write the
# weights in kiji's model format (extractors/names/model.h).
set -euo pipefail
cd "$(dirname "$0")/.."
cv=()
if [ "${1:-}" = "--cv" ]; then cv=(--cv "$2"); shift 2; fi
out="${1:-data/names/name_model.tsv}"
devsets="${KIJI_DEVSETS:-../shared/devsets}"
for s in gsd_train wac_train gsd_dev wac_dev; do
  [ -f "$devsets/$s.jsonl" ] || { echo "train_names: $devsets/$s.jsonl missing" >&2; exit 1; }
done
scripts/setup.sh
if ! command -v liblinear-train >/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y -qq --no-install-recommends liblinear-tools >/dev/null
fi
cmake --preset release >/dev/null
cmake --build build/release --target kiji_name_features kiji_enamdict_data \
  kiji_gazetteer_data kiji_word_lists_data kiji_date_data >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in gsd_train wac_train gsd_dev wac_dev; do
  build/release/pipeline/kiji_name_features build/release/data \
    < "$devsets/$s.jsonl" > "$work/$s.features"
done
python3 scripts/train_names.py "${cv[@]}" \
  --train "$devsets/gsd_train.jsonl:$work/gsd_train.features" \
          "$devsets/wac_train.jsonl:$work/wac_train.features" \
  --eval "$devsets/gsd_dev.jsonl:$work/gsd_dev.features" \
         "$devsets/wac_dev.jsonl:$work/wac_dev.features" \
  --out "$out"
