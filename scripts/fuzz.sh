#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan+UBSan, coverage
# instrumentation of the kiji libraries) in build/fuzz and runs each for a
# bounded time on its seed corpus.
#
#   scripts/fuzz.sh [TARGET...]     TARGET: decode normalize date amount
#                                   name_match (default: all)
#   KIJI_FUZZ_SECONDS=N             seconds per target (default 60)
#   KIJI_FUZZ_JOBS=N                parallel fuzzing processes per target
#                                   (default 1)
#
# New interesting inputs go to build/fuzz/corpus/<target>/ (kept between
# runs; the seed corpus tests/fuzz/corpus/<target>/ is only read), crashes to
# build/fuzz/artifacts/<target>/. Exits 1 when any target found a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${KIJI_FUZZ_SECONDS:-60}"
jobs="${KIJI_FUZZ_JOBS:-1}"
all=(decode normalize markup date amount name_match)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

build=build/fuzz
if grep -q '"name": "fuzz"' CMakePresets.json; then
  cmake --preset fuzz >/dev/null
else
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIJI_FUZZ=ON -DKIJI_BUILD_BENCH=OFF \
    >/dev/null
fi
# The fuzz targets and what they link only (not the test suite); the
# name_match target uses the enamdict index when it is built.
cmake --build "$build" --target kiji_enamdict_data \
  $(printf '%s_fuzzer ' "${targets[@]}")

export KIJI_ENAMDICT_INDEX="$PWD/$build/data/enamdict.idx"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  # What an earlier run found is in the seed corpus once fixed (and
  # replayed by ctest); the folder shows this run's findings only.
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz $t for ${seconds}s" >&2
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-fork="$jobs")
  log="$build/fuzz-$t.log"
  if ! "$build/tests/fuzz/${t}_fuzzer" "$corpus" "tests/fuzz/corpus/$t" \
      -max_total_time="$seconds" -max_len=4096 -timeout=20 \
      -rss_limit_mb=4096 "${parallel[@]}" \
      -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1; then
    failed+=("$t")
    tail -n 60 "$log" >&2
  else
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss)' \
      "$log" >&2 || true
  fi
  if compgen -G "$artifacts/*" >/dev/null; then
    echo "   $t: failures saved in $artifacts/" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no failures (${targets[*]}, ${seconds}s each)" >&2
