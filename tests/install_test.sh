#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then the installed kiji alone:
# it finds its data in PREFIX/share/kiji (not in the build folder), ingests
# the bundled samples from there, and a data folder that is not there is an
# error naming the three ways to give one.
#
# usage: tests/install_test.sh BUILD_DIR SAMPLES_DIR   (run by ctest)
set -euo pipefail
build="$1"
samples="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
kiji="$tmp/prefix/bin/kiji"
fail() { echo "install test: $*" >&2; exit 1; }
[ -x "$kiji" ] || fail "no $kiji"
for f in kiji/enamdict.idx kiji/gazetteer.tsv kiji/names/honorifics.txt \
         kiji/names/match_thresholds.tsv kiji/dates/eras.tsv kiji/README.md \
         man/man1/kiji.1 bash-completion/completions/kiji doc/kiji/README.md; do
  [ -s "$tmp/prefix/share/$f" ] || fail "share/$f not installed"
done
version="$(env -u KIJI_DATA_DIR "$kiji" --version)"
grep -qF "data folder (\$KIJI_DATA_DIR or the default): $tmp/prefix/share/kiji" \
  <<<"$version" || fail "the installed kiji does not use its own data: $version"
env -u KIJI_DATA_DIR "$kiji" ingest "$samples" --out "$tmp/out" \
  --store "$tmp/corpus.db" --quiet || fail "ingest of the samples failed"
[ -s "$tmp/out/entities.jsonl" ] || fail "no entities from the samples"
if KIJI_DATA_DIR="$tmp/nowhere" "$kiji" extract --quiet </dev/null \
     2>"$tmp/err"; then
  fail "a missing data folder was accepted"
fi
grep -qF "give --data-dir DIR, set KIJI_DATA_DIR=DIR, or install kiji" \
  "$tmp/err" || fail "no hint after a missing data file: $(cat "$tmp/err")"
echo "install test passed: $(wc -l <"$tmp/out/entities.jsonl") mentions"
