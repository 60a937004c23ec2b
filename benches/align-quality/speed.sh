#!/usr/bin/env bash
# Times two emend binaries on the whole-Bible diffs, in the same run, runs
# interleaved so that the machine's drift hits both alike, and prints each
# pair's median wall time and the ratio NEW / OLD.
#
#   benches/prepare-corpus.sh /tmp/emend-bench ../shared/corpus
#   benches/align-quality/speed.sh OLD_EMEND NEW_EMEND [/tmp/emend-bench] [RUNS]
#
# OLD_EMEND is, for instance, main's release binary built from
# `git archive main` in a folder of its own; NEW_EMEND this checkout's
# `target/release/emend`.
set -euo pipefail
old=${1:?usage: speed.sh OLD_EMEND NEW_EMEND [BENCH_DIR] [RUNS]}
new=${2:?usage: speed.sh OLD_EMEND NEW_EMEND [BENCH_DIR] [RUNS]}
dir=${3:-/tmp/emend-bench}
runs=${4:-7}
[ -s "$dir/kjv.md" ] || { echo "error: no $dir/kjv.md: run benches/prepare-corpus.sh $dir first" >&2; exit 2; }

# Wall time of one run, in seconds.
once() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "| pair | old (s) | new (s) | new / old |"
echo "|---|---:|---:|---:|"
for pair in "webster en" "web en" "ru_synodal ru" "de_elb1905 de"; do
  set -- $pair
  other=$1 lang=$2
  args=(diff --files "$dir/kjv.md" "$dir/$other.md" --lang-a en --lang-b "$lang" --format json)
  t_old=() t_new=()
  for _ in $(seq "$runs"); do
    t_old+=("$(once "$old" "${args[@]}")")
    t_new+=("$(once "$new" "${args[@]}")")
  done
  m_old=$(printf '%s\n' "${t_old[@]}" | median)
  m_new=$(printf '%s\n' "${t_new[@]}" | median)
  printf '| KJV / %s | %.3f | %.3f | %.2f |\n' "$other" "$m_old" "$m_new" "$(echo "$m_new / $m_old" | bc -l)"
done
