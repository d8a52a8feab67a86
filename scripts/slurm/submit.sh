#!/usr/bin/env bash
# Submits a sharded ingest to Slurm from a login node:
#  1. a job array of N tasks (scripts/slurm/kiji_shard.sbatch), task K
#     ingesting shard K/N of the inputs into OUT/shard-K.db and OUT/shard-K/;
#  2. a merge job (scripts/slurm/kiji_merge.sbatch) that starts when every
#     task has succeeded (--dependency=afterok) and merges the shard stores
#     into the target store ($STORE, default OUT/corpus.db; an existing store
#     keeps its entity ids), writing OUT/merged/{documents,entities,names}.jsonl.
# Prints "array JOBID" and "merge JOBID", one per line.
#
# Usage: scripts/slurm/submit.sh N OUT_DIR INPUT...
#   KIJI=/opt/kiji/bin/kiji CPUS=4 scripts/slurm/submit.sh 8 /shared/runs/2024 /shared/archive
# CPUS: CPUs (and kiji threads) per task, default 2; extra sbatch options for
# both jobs in $SBATCH_OPTS (e.g. "--partition=long --time=04:00:00").
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 N OUT_DIR INPUT..." >&2
  exit 2
fi
n="$1"
out="$2"
shift 2
case "$n" in
  ''|*[!0-9]*|0) echo "$0: N must be a positive number, not '$n'" >&2; exit 2 ;;
esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"
target="${STORE:-$out/corpus.db}"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck disable=SC2086
array="$(sbatch --parsable --array="0-$((n - 1))" --cpus-per-task="${CPUS:-2}" \
  --output="$out/kiji-shard-%A_%a.log" ${SBATCH_OPTS:-} \
  --export="ALL,KIJI=${KIJI:-kiji}" "$here/kiji_shard.sbatch" "$out" "$@")"
array="${array%%;*}"  # "ID;CLUSTER" on federated clusters
echo "array $array"
# shellcheck disable=SC2086
merge="$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --cpus-per-task=1 --output="$out/kiji-merge-%j.log" ${SBATCH_OPTS:-} \
  --export="ALL,KIJI=${KIJI:-kiji}" "$here/kiji_merge.sbatch" "$out" "$n" "$target")"
echo "merge ${merge%%;*}"
