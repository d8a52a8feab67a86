#!/usr/bin/env bash
# Measures extraction quality on bench/quality: 16 articles the team wrote
# (13 Japanese, 3 English) with hand-made gold. Prints precision/recall per
# type and the name-cluster checks; `--errors` lists every error in context.
#
# usage: bench/quality.sh [--errors]     (after scripts/build.sh release)
set -euo pipefail
cd "$(dirname "$0")/.."
kiji=build/release/pipeline/kiji
[ -x "$kiji" ] || { echo "bench/quality.sh: build first (scripts/build.sh release)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A fresh store: entity ids and merges depend on everything a store holds.
"$kiji" ingest bench/quality/articles --out "$out/o" --store "$out/s.db" --quiet
python3 bench/quality/score.py "$out/o" "$@"
