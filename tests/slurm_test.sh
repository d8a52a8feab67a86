#!/usr/bin/env bash
# A sharded ingest on a real (throwaway, single-node) Slurm cluster, run by
# ctest as SlurmTest: scripts/slurm/submit.sh submits a job array of 4
# tasks, each `kiji ingest --shard K/4` over the samples, the seeds and 200
# generated articles; the test waits for the array and checks that the
# shards together report every file of one `kiji ingest` of the same
# inputs exactly once, with the same documents and the same mentions.
# Every daemon it started is stopped, also when it fails.
#
# usage: tests/slurm_test.sh KIJI SAMPLES_DIR SEEDS_DIR
# Exit 77 (ctest: skipped, with the reason) when Slurm cannot start here.
set -euo pipefail
kiji="$1"
samples="$2"
seeds="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/slurm/local_cluster.sh"

tmp="$(mktemp -d /tmp/kiji_slurm_test.XXXXXX)"
cleanup() {
  stop_local_cluster "$tmp/cluster"
  rm -rf "$tmp"
}
trap cleanup EXIT

started=$(date +%s)
if ! start_local_cluster "$tmp/cluster" 2> "$tmp/why"; then
  echo "SKIPPED: Slurm cannot start here: $(cat "$tmp/why")"
  exit 77
fi
echo "slurm test: cluster up in $(( $(date +%s) - started )) s"

# The inputs: the samples, the seeds, and generated articles in folders.
mkdir -p "$tmp/in/gen"
cp -r "$samples" "$tmp/in/samples"
cp -r "$seeds" "$tmp/in/seeds"
for i in $(seq 200); do
  d="$tmp/in/gen/$((i % 7))"
  mkdir -p "$d"
  printf '2024年%d月%d日\n株式会社テスト%dは約%d億円を調達したと発表した。同社の山田%d社長が説明した。\n' \
    $((i % 12 + 1)) $((i % 28 + 1)) "$i" "$i" "$i" > "$d/a$i.txt"
done

job="$(KIJI="$kiji" CPUS=1 "$here/../scripts/slurm/submit.sh" 4 "$tmp/runs" "$tmp/in")"
echo "slurm test: array job $job submitted"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.5
done
if [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; then
  echo "slurm test: the array did not finish in 300 s" >&2
  squeue >&2 || true
  exit 1
fi
echo "slurm test: array done $(( $(date +%s) - started )) s after the start"

"$kiji" ingest "$tmp/in" --store "$tmp/whole.db" --out "$tmp/whole" --quiet
python3 - "$tmp" <<'PY'
import json, sys, os
tmp = sys.argv[1]
def jsonl(p):
    with open(p, encoding="utf-8") as f:
        return [json.loads(l) for l in f]
whole_docs = jsonl(f"{tmp}/whole/documents.jsonl")
whole_mentions = jsonl(f"{tmp}/whole/entities.jsonl")
docs, mentions, logs = [], [], []
for k in range(4):
    out = f"{tmp}/runs/shard-{k}"
    if not os.path.exists(f"{out}/documents.jsonl"):
        log = [l for l in os.listdir(f"{tmp}/runs") if l.endswith(f"_{k}.log")]
        text = open(f"{tmp}/runs/{log[0]}").read() if log else "(no log)"
        sys.exit(f"slurm test: shard {k} wrote no documents.jsonl; its log:\n{text}")
    shard_docs = jsonl(f"{out}/documents.jsonl")
    if not shard_docs:
        sys.exit(f"slurm test: shard {k} has no documents")
    docs += shard_docs
    mentions += jsonl(f"{out}/entities.jsonl")
key = lambda d: (d["path"], d["doc_id"], d["status"])
if sorted(map(key, docs)) != sorted(map(key, whole_docs)):
    sys.exit("slurm test: the shards' documents differ from one run's")
# Entity ids are decided by each shard's own registry; the mentions
# themselves (type, text, offsets, values) are the same.
mkey = lambda m: (m["doc_id"], m["type"], m["text"], m["start"], m["end"],
                  m.get("norm"), m.get("value"), m.get("unit"))
if sorted(map(mkey, mentions)) != sorted(map(mkey, whole_mentions)):
    sys.exit("slurm test: the shards' mentions differ from one run's")
print(f"slurm test: 4 shards, {len(docs)} documents and {len(mentions)} "
      "mentions, the same as one run")
PY
echo "slurm test: passed in $(( $(date +%s) - started )) s"
