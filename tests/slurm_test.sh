#!/usr/bin/env bash
# A sharded ingest on a real (throwaway, single-node) Slurm cluster, run by
# ctest as SlurmTest: scripts/slurm/submit.sh submits a job array of 4
# tasks, each `kiji ingest --shard K/4` over the samples, the seeds, 200
# generated articles and a few duplicates and unreadable files, and the
# dependent merge job (`kiji merge`, --dependency=afterok). The test waits
# for both and checks that
#  - the shards together report every file of one `kiji ingest` of the same
#    inputs exactly once, with the same documents and the same mentions;
#  - the merged store's output equals that one run's: entities.jsonl and
#    names.jsonl line for line after sorting (the same entity ids),
#    documents.jsonl as a set.
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
# Duplicates across shards (the same bytes; the same text in Shift_JIS) and
# files that cannot be read.
mkdir -p "$tmp/in/more"
for f in "$tmp"/in/samples/*.txt; do
  cp "$f" "$tmp/in/more/copy-$(basename "$f")"
  iconv -f UTF-8 -t SHIFT_JIS "$f" > "$tmp/in/more/sjis-$(basename "$f")" 2>/dev/null ||
    rm -f "$tmp/in/more/sjis-$(basename "$f")"
done
printf '\x00\x01\x02binary\x00' > "$tmp/in/more/binary.txt"
: > "$tmp/in/more/empty.txt"

jobs="$(KIJI="$kiji" CPUS=1 "$here/../scripts/slurm/submit.sh" 4 "$tmp/runs" "$tmp/in")"
array="$(sed -n 's/^array //p' <<< "$jobs")"
merge="$(sed -n 's/^merge //p' <<< "$jobs")"
if [ -z "$array" ] || [ -z "$merge" ]; then
  echo "slurm test: submit.sh printed no job ids: $jobs" >&2
  exit 1
fi
echo "slurm test: array job $array and merge job $merge submitted"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
  sleep 0.5
done
if [ -n "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]; then
  echo "slurm test: the jobs did not finish in 300 s" >&2
  squeue >&2 || true
  exit 1
fi
echo "slurm test: array and merge done $(( $(date +%s) - started )) s after the start"

# Exit status 1: some files failed (the unreadable ones), as expected.
status=0
"$kiji" ingest "$tmp/in" --store "$tmp/whole.db" --out "$tmp/whole" --quiet || status=$?
if [ "$status" -gt 1 ]; then
  echo "slurm test: the single ingest failed ($status)" >&2
  exit 1
fi
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
# Every file in exactly one shard. A file whose first copy is in another
# shard is "ok" in its own shard and "duplicate" only after the merge.
paths = sorted(d["path"] for d in docs)
if paths != sorted(d["path"] for d in whole_docs):
    sys.exit("slurm test: the shards' files differ from one run's")
if len(set(paths)) != len(paths):
    sys.exit("slurm test: a file is in two shards")
ok = {d["doc_id"] for d in whole_docs if d["status"] == "ok"}
# Entity ids are decided by each shard's own registry; the mentions
# themselves (type, text, offsets, values) are the same.
mkey = lambda m: (m["doc_id"], m["type"], m["text"], m["start"], m["end"],
                  m.get("norm"), m.get("value"), m.get("unit"))
shard_mentions = sorted({mkey(m) for m in mentions if m["doc_id"] in ok})
if shard_mentions != sorted(map(mkey, whole_mentions)):
    sys.exit("slurm test: the shards' mentions differ from one run's")
print(f"slurm test: 4 shards, {len(docs)} documents and {len(mentions)} "
      "mentions, the same as one run")

merged = f"{tmp}/runs/merged"
if not os.path.exists(f"{merged}/names.jsonl"):
    logs = [l for l in os.listdir(f"{tmp}/runs") if l.startswith("kiji-merge")]
    text = open(f"{tmp}/runs/{logs[0]}").read() if logs else "(no log)"
    sys.exit(f"slurm test: the merge job wrote no names.jsonl; its log:\n{text}")
def lines(path):
    return sorted(json.dumps(o, sort_keys=True, ensure_ascii=False)
                  for o in jsonl(path))
for name in ("documents.jsonl", "entities.jsonl", "names.jsonl"):
    one, both = lines(f"{tmp}/whole/{name}"), lines(f"{merged}/{name}")
    if one != both:
        only_one = sorted(set(one) - set(both))[:3]
        only_merged = sorted(set(both) - set(one))[:3]
        sys.exit(f"slurm test: merged {name} differs from one run's "
                 f"({len(both)} vs {len(one)} lines)\n  one run only: "
                 f"{only_one}\n  merged only: {only_merged}")
statuses = sorted({d["status"] for d in whole_docs})
entities = len(jsonl(f"{merged}/names.jsonl"))
print(f"slurm test: merged store equals one run: {len(whole_docs)} files "
      f"({', '.join(statuses)}), {entities} entities with the same ids")
PY
echo "slurm test: passed in $(( $(date +%s) - started )) s"
