#!/usr/bin/env bash
# Times emend against the tools people would otherwise run, on the same pair of
# files, several runs each, and prints the median and each tool's ratio to emend.
#
#   benches/compare-tools.sh [A.md B.md] [RUNS]
#
# Without files it renders the whole KJV and Webster Bibles with
# benches/prepare-corpus.sh into /tmp/emend-bench (needs ../shared/corpus).
# It installs what it needs (wdiff from Debian) and builds emend in release mode.
# Python difflib on a whole Bible takes minutes: it runs once, under a timeout
# (DIFFLIB_TIMEOUT, default 600 s), and reports ">timeout" if it does not finish.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
a=${1:-}
b=${2:-}
runs=${3:-5}
if [ -z "$a" ]; then
  "$here/prepare-corpus.sh" /tmp/emend-bench >/dev/null
  a=/tmp/emend-bench/kjv.md
  b=/tmp/emend-bench/webster.md
fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wdiff >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wdiff >/dev/null
fi
(cd "$root" && cargo build --release -q)
emend="$root/target/release/emend"
difflib_timeout=${DIFFLIB_TIMEOUT:-600}

# median of the wall times (seconds) of RUNS runs of a command; peak memory of the last run
measure() {
  local n=$1; shift
  local times=() mem=0 report
  report=$(mktemp)
  for _ in $(seq "$n"); do
    /usr/bin/time -o "$report" -f "%e %M" "$@" > /dev/null 2>&1 || true
    local out
    out=$(tail -1 "$report")
    times+=("${out% *}")
    mem=${out#* }
  done
  rm -f "$report"
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  echo "$median $mem"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "files:   $a ($(wc -c < "$a") bytes), $b ($(wc -c < "$b") bytes); $runs runs each, median wall time"
echo

declare -A result
result[emend]=$(measure "$runs" "$emend" diff --files "$a" "$b" --format json)
result[wc]=$(measure "$runs" wc -w "$a" "$b")
result[diff]=$(measure "$runs" diff "$a" "$b")
result[git]=$(measure "$runs" git diff --no-index --word-diff=porcelain "$a" "$b")
result[wdiff]=$(measure "$runs" wdiff "$a" "$b")
difflib_py='import difflib, sys
a = open(sys.argv[1]).read().split(); b = open(sys.argv[2]).read().split()
for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(): pass'
start=$(date +%s.%N)
if timeout "$difflib_timeout" python3 -c "$difflib_py" "$a" "$b"; then
  result[difflib]="$(echo "$(date +%s.%N) - $start" | bc) -"
else
  result[difflib]=">$difflib_timeout -"
fi

emend_time=${result[emend]% *}
printf '%-58s %10s %8s %10s\n' tool "median s" "vs emend" "peak MiB"
row() {
  local name=$1 key=$2 t m ratio
  t=${result[$key]% *}; m=${result[$key]#* }
  if [[ $t == \>* ]]; then ratio=">$(echo "${t#>} / $emend_time" | bc -l | xargs printf '%.0f')x"
  else ratio=$(echo "$t / $emend_time" | bc -l | xargs printf '%.2fx'); fi
  if [[ $m == - ]]; then m=-; else m=$(echo "$m / 1024" | bc); fi
  printf '%-58s %10s %8s %10s\n' "$name" "$t" "$ratio" "$m"
}
row "emend diff --files A B --format json (aligned, word ops)" emend
row "wc -w A B (reading and splitting into words)" wc
row "GNU diff A B (lines)" diff
row "git diff --no-index --word-diff=porcelain A B" git
row "wdiff A B" wdiff
row "python3 difflib.SequenceMatcher on the words (1 run)" difflib
