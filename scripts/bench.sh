#!/usr/bin/env bash
# Throughput and memory benchmark (issue #5). Not part of the test suite.
#
# usage: scripts/bench.sh [WORK_DIR]   (default /tmp/kiji-bench; needs ~1 GB)
#
# Prints: the MeCab C++ API ceiling (1 and 2 threads), kiji ingest end to end
# with 1 thread and all cores (MB/s, docs/s, ratio to the ceiling, speed-up vs
# MeCab's own), peak RSS for a 50 MB and a 200 MB corpus, and the re-ingest
# time of the unchanged corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/kiji-bench}"
scripts/setup.sh
scripts/build.sh release >/dev/null
kiji=build/release/pipeline/kiji
ceiling=build/release/bench/mecab_ceiling
dicdir=/var/lib/mecab/dic/ipadic-utf8
cores=$(nproc)
sources=(samples/00[123]*.txt ../shared/corpus/seeds/*.txt)

mkdir -p "$work"
[ -d "$work/c50" ] || python3 bench/make_corpus.py "$work/c50" 50 "${sources[@]}"
[ -d "$work/c200" ] || python3 bench/make_corpus.py "$work/c200" 200 "${sources[@]}"
bytes50=$(du -sb "$work/c50" | cut -f1)
files50=$(ls "$work/c50" | wc -l)

mb() { python3 -c "print(f'{$1/1e6:.2f}')"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# The machine may be a shared VM whose speed drifts between runs: every
# throughput is the best of `rounds` runs, and the rounds interleave MeCab
# and kiji so that both see the same conditions. All runs are printed.
rounds="${KIJI_BENCH_ROUNDS:-3}"
best() { python3 -c "import sys; print(max(float(x) for x in sys.argv[1:]))" "$@"; }
ceiling_mbs() { $ceiling $dicdir "$1" "$work"/c50/* | sed 's/.*mb_per_s=\([0-9.]*\).*/\1/'; }

run() {  # threads corpus store -> "seconds peak_kb"
  rm -rf "$work/out" "$3" "$3"-wal "$3"-shm
  /usr/bin/time -f "%e %M" -o "$work/time" \
    $kiji ingest "$2" --out "$work/out" --store "$3" --threads "$1" --quiet
  cat "$work/time"
}
c1s=(); cns=(); k1s=(); kns=(); rssn=0
for ((r = 1; r <= rounds; ++r)); do
  c1s+=("$(ceiling_mbs 1)")
  read -r s rss < <(run 1 "$work/c50" "$work/s1.db")
  k1s+=("$(python3 -c "print(f'{$bytes50/1e6/$s:.2f}')")")
  cns+=("$(ceiling_mbs "$cores")")
  read -r s rss < <(run "$cores" "$work/c50" "$work/sn.db")
  kns+=("$(python3 -c "print(f'{$bytes50/1e6/$s:.2f}')")")
  rssn=$(( rss > rssn ? rss : rssn ))
  echo "round $r: MeCab 1 thread ${c1s[-1]} MB/s, kiji 1 thread ${k1s[-1]} MB/s, MeCab $cores threads ${cns[-1]} MB/s, kiji $cores threads ${kns[-1]} MB/s"
done
c1=$(best "${c1s[@]}"); cn=$(best "${cns[@]}")
k1=$(best "${k1s[@]}"); kn=$(best "${kns[@]}")
echo "ceiling: MeCab C++ API, 1 thread: $c1 MB/s; $cores threads: $cn MB/s (speed-up $(ratio $cn $c1)x) (best of $rounds)"
echo "kiji ingest, 1 thread: $k1 MB/s, $(python3 -c "print(f'{$files50*$k1/($bytes50/1e6):.0f}')") docs/s, $(ratio $k1 $c1) of the ceiling (target >= 0.70)"
echo "kiji ingest, $cores threads: $kn MB/s, $(python3 -c "print(f'{$files50*$kn/($bytes50/1e6):.0f}')") docs/s, speed-up $(ratio $kn $k1)x vs MeCab's $(ratio $cn $c1)x: $(python3 -c "print(f'{($kn/$k1)/($cn/$c1):.2f}')") (target >= 0.95)"
sn=$(python3 -c "print(f'{$bytes50/1e6/$kn:.2f}')")

/usr/bin/time -f "%e %M" -o "$work/time" \
  $kiji ingest "$work/c50" --out "$work/out2" --store "$work/sn.db" --threads "$cores" --quiet
read -r sre _ < "$work/time"
echo "re-ingest of the unchanged 50 MB corpus: ${sre} s ($(ratio $sn $sre)x faster than the first ingest; target >= 10x)"

read -r s200 rss200 < <(run "$cores" "$work/c200" "$work/s200.db")
echo "peak RSS: 50 MB corpus $((rssn / 1024)) MB, 200 MB corpus $((rss200 / 1024)) MB (target < 300 MB and equal)"
