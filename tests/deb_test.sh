#!/usr/bin/env bash
# The Debian package: cpack builds kiji_VERSION_ARCH.deb from the build
# folder; its control fields name the shared libraries and the dictionary
# kiji needs; dpkg agrees that it would install on this machine (--dry-run,
# its dependencies satisfied, when run as root); and the kiji it holds,
# unpacked alone, uses the data folder it ships and ingests the samples.
#
# usage: tests/deb_test.sh BUILD_DIR SAMPLES_DIR   (run by ctest)
set -euo pipefail
build="$(cd "$1" && pwd)"
samples="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "deb test: $*" >&2; exit 1; }
(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -G DEB >cpack.log 2>&1) ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
debs=("$tmp"/kiji_*_*.deb)
[ -f "${debs[0]}" ] || fail "no kiji_VERSION_ARCH.deb in $(ls "$tmp")"
deb="${debs[0]}"
info="$(dpkg-deb --info "$deb")"
depends="$(dpkg-deb --field "$deb" Depends)"
for want in libmecab2 libicu libsqlite3 mecab-ipadic-utf8; do
  grep -q "$want" <<<"$depends" || fail "Depends lacks $want: $depends"
done
contents="$(dpkg-deb --contents "$deb")"
for want in ./usr/bin/kiji ./usr/share/kiji/enamdict.idx \
            ./usr/share/kiji/names/match_thresholds.tsv \
            ./usr/share/kiji/README.md ./usr/share/man/man1/kiji.1 \
            ./usr/share/bash-completion/completions/kiji; do
  grep -qF "$want" <<<"$contents" || fail "the package lacks $want"
done
if [ "$(id -u)" -eq 0 ]; then
  dpkg --dry-run -i "$deb" >"$tmp/dpkg.log" 2>&1 ||
    { cat "$tmp/dpkg.log" >&2; fail "dpkg would not install it"; }
fi
dpkg-deb -x "$deb" "$tmp/root"
kiji="$tmp/root/usr/bin/kiji"
env -u KIJI_DATA_DIR "$kiji" --version | grep -qF "$tmp/root/usr/share/kiji" ||
  fail "the packaged kiji does not use its own data"
env -u KIJI_DATA_DIR "$kiji" ingest "$samples" --out "$tmp/out" \
  --store "$tmp/corpus.db" --quiet || fail "ingest with the packaged kiji failed"
[ -s "$tmp/out/entities.jsonl" ] || fail "no entities"
echo "deb test passed: $(basename "$deb"), Depends: $depends"
