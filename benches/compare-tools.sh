#!/usr/bin/env bash
# Times emend's word diff against the tools people would otherwise run, on the
# same pair of files, in paired runs: each round runs every tool once (in a
# rotating order), each tool's wall and CPU time is divided by git's in the
# same round, and the table gives the median of those ratios. Absolute times
# on a shared machine drift; ratios from the same round do much less.
#
#   benches/compare-tools.sh CORPUS_DIR [RUNS]      whole KJV against whole Webster
#   benches/compare-tools.sh A.md B.md [RUNS]       any two files
#
# CORPUS_DIR is the corpus (with to_markdown.py); the Bibles are rendered with
# benches/prepare-corpus.sh into $EMEND_BENCH_DIR (default /tmp/emend-bench).
# Columns: median wall and CPU (user + system) seconds, peak resident memory
# (all from /usr/bin/time), and the medians of the per-round ratios to
# `git diff --no-index --word-diff=porcelain`; "mem/in" is peak memory over
# the size of the two inputs. "store" rows diff the same texts as two
# versions of a document in a temporary git store. EMEND=path times another
# emend binary (default: this tree's release build, built first).
# It installs wdiff (Debian) when missing. DIFFLIB=1 adds Python's difflib
# (one run, minutes on a Bible, under a timeout of DIFFLIB_TIMEOUT s).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench=${EMEND_BENCH_DIR:-/tmp/emend-bench}
if [ $# -ge 2 ] && [ -f "$1" ] && [ -f "$2" ]; then
  a=$1 b=$2 runs=${3:-7}
else
  corpus=${1:?usage: $0 CORPUS_DIR [RUNS] | $0 A.md B.md [RUNS]}
  runs=${2:-7}
  "$here/prepare-corpus.sh" "$bench" "$corpus" >/dev/null
  a=$bench/kjv.md b=$bench/webster.md
fi
a=$(realpath "$a") b=$(realpath "$b")
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wdiff >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wdiff >/dev/null
fi
# shellcheck source=benches/emend-binary.sh
. "$here/emend-binary.sh"
emend=$(emend_binary)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A store holding the two files as versions `a` and `b` of one document.
store=$work/store
mkdir -p "$store/translations/pair"
printf 'root = "translations"\n' >"$store/emend.toml"
printf '{\n  "title": "Pair",\n  "versions": [\n    {"id": "a", "language": "en", "role": "translation"},\n    {"id": "b", "language": "en", "role": "translation"}\n  ]\n}\n' \
  >"$store/translations/pair/document.json"
cp "$a" "$store/translations/pair/a.md"
cp "$b" "$store/translations/pair/b.md"
git -C "$store" init -q -b main
git -C "$store" add -A
git -C "$store" -c user.name=Bench -c user.email=bench@example.org commit -q -m "two versions"

names=(
  "emend diff --files A B --format json"
  "emend diff --files A B (text, --color never)"
  "emend diff DOC a b --format json (store)"
  "emend diff DOC a b (text, store)"
  "emend --format json on one thread (RAYON_NUM_THREADS=1)"
  "emend text on one thread"
  "git diff --no-index --word-diff=porcelain A B"
  "wdiff A B"
  "GNU diff A B (lines)"
  "wc -w A B"
)
run_tool() {
  case $1 in
    0) "$emend" diff --files "$a" "$b" --format json ;;
    1) "$emend" diff --files "$a" "$b" --color never ;;
    2) (cd "$store" && "$emend" diff pair a b --format json) ;;
    3) (cd "$store" && "$emend" diff pair a b --color never) ;;
    4) RAYON_NUM_THREADS=1 "$emend" diff --files "$a" "$b" --format json ;;
    5) RAYON_NUM_THREADS=1 "$emend" diff --files "$a" "$b" --color never ;;
    6) git diff --no-index --word-diff=porcelain "$a" "$b" ;;
    7) wdiff "$a" "$b" ;;
    8) diff "$a" "$b" ;;
    9) wc -w "$a" "$b" ;;
  esac
}
git_tool=6
tools=${#names[@]}

# One line per (round, tool): wall, cpu, peak KiB.
samples=$work/samples
: >"$samples"
for r in $(seq "$runs"); do
  for k in $(seq 0 $((tools - 1))); do
    t=$(((k + r) % tools))
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" bash -c "$(declare -f run_tool); a='$a' b='$b' store='$store' emend='$emend' run_tool $t" \
      >/dev/null 2>"$work/err" || true
    read -r wall user sys kib < <(tail -1 "$work/time")
    echo "$r $t $wall $(echo "$user + $sys" | bc) $kib" >>"$samples"
  done
done

inputs=$(($(wc -c <"$a") + $(wc -c <"$b")))
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files:   $a ($(wc -c <"$a") bytes), $b ($(wc -c <"$b") bytes)"
echo "emend:   $emend; $runs paired rounds, medians"
echo
awk -v git="$git_tool" -v inputs="$inputs" -v names="$(printf '%s\n' "${names[@]}")" '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { wall[$1, $2] = $3; cpu[$1, $2] = $4; mem[$1, $2] = $5; rounds[$1] = 1; tools[$2] = 1 }
  END {
    split(names, name, "\n")
    printf "| %-56s | %7s | %7s | %8s | %8s | %8s | %6s |\n", "tool", "wall s", "CPU s", "peak MiB", "wall/git", "CPU/git", "mem/in"
    printf "|%s|%s|%s|%s|%s|%s|%s|\n", "---", "---:", "---:", "---:", "---:", "---:", "---:"
    for (t = 0; t in tools; t++) {
      w = c = m = rw = rc = ""
      for (r in rounds) {
        w = w " " wall[r, t]; c = c " " cpu[r, t]; m = m " " mem[r, t]
        rw = rw " " (wall[r, git] > 0 ? wall[r, t] / wall[r, git] : 0)
        rc = rc " " (cpu[r, git] > 0 ? cpu[r, t] / cpu[r, git] : 0)
      }
      printf "| %-56s | %7.2f | %7.2f | %8.0f | %7.2fx | %7.2fx | %5.1fx |\n", name[t + 1], median(w), median(c), median(m) / 1024, median(rw), median(rc), median(m) * 1024 / inputs
    }
  }' "$samples"

if [ -n "${DIFFLIB:-}" ]; then
  difflib_py='import difflib, sys
a = open(sys.argv[1]).read().split(); b = open(sys.argv[2]).read().split()
for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(): pass'
  start=$(date +%s.%N)
  if timeout "${DIFFLIB_TIMEOUT:-600}" python3 -c "$difflib_py" "$a" "$b"; then
    echo "python3 difflib.SequenceMatcher on the words (1 run): $(echo "$(date +%s.%N) - $start" | bc) s"
  else
    echo "python3 difflib.SequenceMatcher on the words (1 run): more than ${DIFFLIB_TIMEOUT:-600} s"
  fi
fi
echo
echo "targets (issue 17): emend wall <= 0.50x git, CPU <= 1.00x git, one thread <= 0.80x git, peak <= 8x the inputs"
