#!/usr/bin/env bash
# README command 2: set up what is missing, build, and run the whole test
# suite through CTest (release build; with --all also the ASan+UBSan build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
presets=(release)
if [ "${1:-}" = "--all" ]; then
  presets+=(asan-ubsan)
fi
for preset in "${presets[@]}"; do
  echo "== build + test: $preset" >&2
  scripts/build.sh "$preset"
  ctest --preset "$preset"
done
