#!/usr/bin/env bash
# README command 1: set up what is missing, build, and ingest the bundled
# samples/ into the embedded store, writing the entity files to out/samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
mkdir -p out/samples
build/release/pipeline/kiji ingest samples --out out/samples --store out/samples/corpus.db "$@"
echo "kiji: output files in out/samples (documents.jsonl, entities.jsonl, names.jsonl)" >&2
