#!/usr/bin/env bash
# Scale-out benchmark (issue #20). Not part of the test suite.
#
# usage: scripts/bench_scaleout.sh [WORK_DIR]   (default /tmp/kiji-bench;
#                                               needs ~1 GB of disk)
#
# On a generated corpus (bench/make_corpus.py, 200 MB by default,
# KIJI_BENCH_SCALEOUT_MB) prints the time of one `kiji ingest` of the whole
# corpus, of the N = 2 and N = 4 shard runs (one after another on this
# machine, each with all cores, so the sum of the shard times compares with
# the single run), of `kiji merge` of their stores, its peak memory, and the
# ratio of merge time to single-ingest time. It also checks that each merge
# gave the single run's names.jsonl and entities.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/kiji-bench}"
mb="${KIJI_BENCH_SCALEOUT_MB:-200}"
scripts/setup.sh
scripts/build.sh release >/dev/null
kiji="$PWD/build/release/pipeline/kiji"
sources=(samples/00[123]*.txt ../shared/corpus/seeds/*.txt)
corpus="$work/c$mb"
mkdir -p "$work"
[ -d "$corpus" ] || python3 bench/make_corpus.py "$corpus" "$mb" "${sources[@]}"
run="$work/scaleout"
rm -rf "$run"
mkdir -p "$run"

# Wall seconds, peak RSS and peak anonymous (heap) RSS, in MB, of a
# command: "seconds rss heap". The RSS includes the store's pages that
# SQLite maps while it checks a store at open (file cache, given back); the
# heap is what the process itself holds.
timed() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
start = time.monotonic()
p = subprocess.Popen(sys.argv[1:])
peak = {"VmHWM": 0, "RssAnon": 0}
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in peak:
                    peak[key] = max(peak[key], int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.05)
if p.returncode not in (0, 1):
    sys.exit(f"{sys.argv[1:]}: exit {p.returncode}")
print(f"{time.monotonic() - start:.2f} {peak['VmHWM'] // 1024} {peak['RssAnon'] // 1024}")
PY
}

same() {  # out_a out_b: the contract's files equal after sorting
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = sys.argv[1:3]
def lines(d, n):
    with open(f"{d}/{n}", encoding="utf-8") as f:
        return sorted(json.dumps(json.loads(l), sort_keys=True) for l in f)
for n in ("entities.jsonl", "names.jsonl"):
    if lines(a, n) != lines(b, n):
        sys.exit(f"{n} differs between {a} and {b}")
PY
}

files=$(find "$corpus" -type f | wc -l)
echo "scale-out benchmark: $files files, $(du -sm "$corpus" | cut -f1) MB, $(nproc) cores, $(date -u +%F)"
read -r single single_rss single_heap < <(timed "$kiji" ingest "$corpus" --store "$run/single.db" --out "$run/single" --quiet)
echo "single ingest:              ${single} s (peak RSS ${single_rss} MB, heap ${single_heap} MB)"
for n in 2 4; do
  total=0
  times=()
  for ((k = 0; k < n; k++)); do
    read -r t _ _ < <(timed "$kiji" ingest "$corpus" --shard "$k/$n" --store "$run/n$n-shard-$k.db" --out "$run/n$n-shard-$k" --quiet)
    times+=("$t")
    total=$(python3 -c "print(round($total + $t, 2))")
  done
  stores=()
  for ((k = 0; k < n; k++)); do stores+=("$run/n$n-shard-$k.db"); done
  read -r merge merge_rss merge_heap < <(timed "$kiji" merge "${stores[@]}" --store "$run/n$n-merged.db" --out "$run/n$n-merged" --quiet)
  same "$run/single" "$run/n$n-merged"
  ratio=$(python3 -c "print(f'{$merge / $single:.3f}')")
  echo "N=$n shards:                 ${total} s in all (${times[*]} s)"
  echo "N=$n merge:                  ${merge} s (peak RSS ${merge_rss} MB, heap ${merge_heap} MB), merge/ingest = $ratio; equals the single run"
done
