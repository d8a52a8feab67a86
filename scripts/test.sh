#!/usr/bin/env bash
# README command 2: set up what is missing, build, and run the whole test
# suite:
#   1. release build, all tests through CTest;
#   2. AddressSanitizer + UndefinedBehaviorSanitizer build, the same tests;
#   3. each libFuzzer target for a bounded time on its seed corpus
#      (scripts/fuzz.sh; KIJI_FUZZ_SECONDS per target, default 30 here).
# About 30-40 minutes from scratch on 2 cores; later runs rebuild only what
# changed.
#
#   scripts/test.sh            everything above (what CI runs)
#   scripts/test.sh --quick    the release build and its tests only
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac
scripts/setup.sh
presets=(release)
$quick || presets+=(asan-ubsan)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for preset in "${presets[@]}"; do
  echo "== build + test: $preset" >&2
  scripts/build.sh "$preset"
  ctest --preset "$preset"
done
if ! $quick; then
  echo "== fuzz: ${KIJI_FUZZ_SECONDS:-30}s per target" >&2
  KIJI_FUZZ_SECONDS="${KIJI_FUZZ_SECONDS:-30}" scripts/fuzz.sh
fi
echo "== all tests passed (${presets[*]}$($quick || echo ', fuzz'))" >&2
