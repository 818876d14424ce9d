#!/usr/bin/env bash
# tagvote over a large corpus as a Slurm job array: one array task per shard, then a merge job
# that starts when every task has succeeded.
#
#   deploy/slurm/tagvote-array.sh submit CORPUS OUT_DIR [SHARDS]   # submits the array and the merge
#
# The array tasks and the merge run this same script (`shard` and `merge` modes). Set TAGVOTE to
# the command that runs tagvote on the nodes: the built binary (default: `tagvote` on PATH) or the
# container, e.g. TAGVOTE="apptainer exec --bind /scratch tagvote.sif tagvote". Extra flags for
# `tagvote tag` go in TAGVOTE_FLAGS (default: `--scorers keyword,embed`).
#SBATCH --job-name=tagvote
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=04:00:00
set -euo pipefail

tagvote() { ${TAGVOTE:-tagvote} "$@"; }

submit() {
  local corpus="$1" out="$2" shards="${3:-8}"
  mkdir -p "$out/logs"
  local array
  array=$(sbatch --parsable --array="0-$((shards - 1))" --output="$out/logs/shard-%a.log" \
    --export=ALL "$0" shard "$corpus" "$out" "$shards")
  sbatch --parsable --dependency="afterok:${array}" --output="$out/logs/merge.log" \
    --export=ALL "$0" merge "$corpus" "$out"
  echo "Submitted array ${array} (${shards} shards) and its merge" >&2
}

# One shard; `--resume` makes a requeued or re-run task continue its own output. Exit code 1
# (some records rejected or untagged, named in the log) is not a failure of the task: every
# shard reads the whole corpus, so one bad line would otherwise fail every task.
shard() {
  local corpus="$1" out="$2" shards="$3"
  local i="${SLURM_ARRAY_TASK_ID:?run as a Slurm array task}"
  local rc=0
  # shellcheck disable=SC2086
  tagvote tag --quiet ${TAGVOTE_FLAGS:---scorers keyword,embed} --input "$corpus" \
    --shard "${i}/${shards}" --resume --output "$out/tags-${i}.jsonl" || rc=$?
  [[ $rc -le 1 ]] || exit "$rc"
}

merge() {
  local corpus="$1" out="$2"
  tagvote merge --input "$corpus" --output "$out/tags.jsonl" "$out"/tags-*.jsonl
}

case "${1:-}" in
  submit) shift; submit "$@" ;;
  shard) shift; shard "$@" ;;
  merge) shift; merge "$@" ;;
  *) echo "Usage: $0 submit CORPUS OUT_DIR [SHARDS]" >&2; exit 2 ;;
esac
