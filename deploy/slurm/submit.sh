#!/bin/bash
# submit.sh: queue a sharded frontline run on Slurm, then its merge.
#
#   deploy/slurm/submit.sh [--wait] [--shards N] [--parts DIR] [--out FILE]
#                          [--format json|csv|text] [--sbatch OPTION]... -- ARGS...
#
#   deploy/slurm/submit.sh --shards 8 --out ensemble.json -- simulate --runs 1000000 --seed 42
#   deploy/slurm/submit.sh --wait --shards 4 --out sweep.json -- sweep scenarios/sweeps/air-support.yaml
#
# It submits frontline-array.sbatch as an array of N tasks, one shard each,
# and frontline-merge.sbatch after it (afterok: only if every task
# succeeded; a failed task cancels the merge). With --wait it returns when
# the merge has finished: 0 if it completed, else non-zero. It prints the two job ids.
# FRONTLINE names the binary (default: frontline on PATH); the parts'
# folder must be on a file system every node sees.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=8 parts=parts out=merged.json format=json wait=() sbatch_opts=()
usage() { sed -n '3,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--wait) wait=(--wait); shift ;;
	--shards) shards=${2:?--shards needs N}; shift 2 ;;
	--parts) parts=${2:?--parts needs a folder}; shift 2 ;;
	--out) out=${2:?--out needs a file}; shift 2 ;;
	--format) format=${2:?--format needs json, csv or text}; shift 2 ;;
	--sbatch) sbatch_opts+=("${2:?--sbatch needs an option}"); shift 2 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ $# -gt 0 ] || usage
case $shards in '' | *[!0-9]* | 0) echo "submit.sh: --shards takes a whole number ≥ 1" >&2; exit 2 ;; esac
: "${FRONTLINE:=frontline}"
export FRONTLINE FRONTLINE_PARTS=$parts FRONTLINE_SHARDS=$shards FRONTLINE_OUT=$out FRONTLINE_FORMAT=$format
mkdir -p "$parts"

array=$(sbatch --parsable "${sbatch_opts[@]}" --array="1-$shards" \
	--output="$parts/slurm-%A_%a.out" "$here/frontline-array.sbatch" "$@")
array=${array%%;*}
echo "array job $array: $shards shards of frontline $*"
merge=$(sbatch --parsable "${sbatch_opts[@]}" "${wait[@]}" --dependency="afterok:$array" \
	--kill-on-invalid-dep=yes --output="$parts/slurm-%j-merge.out" "$here/frontline-merge.sbatch")
merge=${merge%%;*}
echo "merge job $merge: $out"
# sbatch --wait gives the job's exit status, but 0 for a merge that never
# ran because a shard failed (cancelled by its dependency): ask its state.
if [ ${#wait[@]} -gt 0 ]; then
	state=$(scontrol show job -o "$merge" | grep -o 'JobState=[A-Z_]*' || true)
	if [ "$state" != JobState=COMPLETED ]; then
		echo "submit.sh: the merge did not complete (${state:-state unknown}): a shard failed; see $parts/slurm-${array}_*.out" >&2
		exit 1
	fi
fi
