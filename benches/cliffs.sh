#!/usr/bin/env bash
# Inputs that used to fall off a cliff, each timed against a peer in the same
# round (paired runs, medians of the ratios):
#
#   1. text whose paragraphs all occur twice (no unique text to anchor on),
#      against unique text of the same size: target within 2x;
#   2. a whole Bible as one paragraph, 4 MB and 20 MB (five copies), against
#      `git diff --no-index --word-diff=porcelain`: target a real word diff
#      (no "time budget exceeded" note) within 3x git's time;
#   3. `compare` of four whole Bibles (JSON and HTML) against the three
#      pairwise diffs it stands for: target within 3x their time and 8x the
#      inputs' size in memory.
#
#   benches/cliffs.sh CORPUS_DIR [RUNS]
#
# The texts are made by benches/prepare-corpus.sh in $EMEND_BENCH_DIR
# (default /tmp/emend-bench) from the Bibles it renders: verse numbers and
# headings dropped, so that nothing but the text can anchor. EMEND=path times another
# emend binary (default: this tree's release build, built first).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus=${1:?usage: $0 CORPUS_DIR [RUNS]}
runs=${2:-5}
bench=${EMEND_BENCH_DIR:-/tmp/emend-bench}
"$here/prepare-corpus.sh" "$bench" "$corpus" >/dev/null
# shellcheck source=benches/emend-binary.sh
. "$here/emend-binary.sh"
emend=$(emend_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=benches/timing.sh
. "$here/timing.sh"
samples=$work/samples
: >"$samples"
W=$bench B=$bench
for round in $(seq "$runs"); do
  time_one unique "$emend" diff --files "$W/unique-a.md" "$W/unique-b.md" --format json
  time_one twice "$emend" diff --files "$W/twice-a.md" "$W/twice-b.md" --format json
  time_one pairs "$emend" diff --files "$W/pairs-a.md" "$W/pairs-b.md" --format json
  for s in 4 20; do
    time_one "git-para$s" git diff --no-index --word-diff=porcelain "$W/para$s-a.md" "$W/para$s-b.md"
    time_one "para$s" "$emend" diff --files "$W/para$s-a.md" "$W/para$s-b.md" --format json
    if grep -q '"note"' "$work/out"; then echo "para$s: the word diff ran out of time (whole replacement)"; fi
  done
  for other in webster web ru_synodal; do
    time_one "pair-$other" "$emend" diff --files "$B/kjv.md" "$B/$other.md" --format json
  done
  for f in json html; do
    time_one "compare-$f" "$emend" compare --files "$B/kjv.md" "$B/webster.md" "$B/web.md" "$B/ru_synodal.md" --format "$f"
  done
done

size() { wc -c <"$1"; }
four=$(($(size "$B/kjv.md") + $(size "$B/webster.md") + $(size "$B/web.md") + $(size "$B/ru_synodal.md")))
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); emend: $emend; $runs rounds, medians"
echo
# ratio TITLE NAME PEERS... : median over rounds of NAME's time over the sum of the PEERS' times.
awk -v four="$four" "$MEDIAN_AWK"'
  { wall[$1, $2] = $3; cpu[$1, $2] = $4; mem[$1, $2] = $5; rounds[$1] = 1 }
  function row(title, name, peers, target,   r, n, p, k, sw, sc, w, c, m, rw, rc) {
    n = split(peers, p, " ")
    w = c = m = rw = rc = ""
    for (r in rounds) {
      sw = sc = 0
      for (k = 1; k <= n; k++) { sw += wall[r, p[k]]; sc += cpu[r, p[k]] }
      w = w " " wall[r, name]; c = c " " cpu[r, name]; m = m " " mem[r, name]
      rw = rw " " (sw > 0 ? wall[r, name] / sw : 0); rc = rc " " (sc > 0 ? cpu[r, name] / sc : 0)
    }
    printf "| %-44s | %6.2f | %6.2f | %8.0f | %-36s | %7.2fx | %7.2fx | %s |\n", title, median(w), median(c), median(m) / 1024, peers, median(rw), median(rc), target
  }
  END {
    printf "| %-44s | %6s | %6s | %8s | %-36s | %8s | %8s | %s |\n", "case", "wall s", "CPU s", "peak MiB", "against", "wall", "CPU", "target"
    print "|---|---:|---:|---:|---|---:|---:|---|"
    row("unique paragraphs (KJV/Webster, unnumbered)", "unique", "unique", "-")
    row("every paragraph twice, book repeated", "twice", "unique", "<= 2x")
    row("every paragraph twice in a row", "pairs", "unique", "<= 2x")
    row("git word diff, Bible as one paragraph", "git-para4", "git-para4", "-")
    row("emend, Bible as one 4 MB paragraph", "para4", "git-para4", "<= 3x")
    row("git word diff, 20 MB paragraph", "git-para20", "git-para20", "-")
    row("emend, one 20 MB paragraph", "para20", "git-para20", "<= 3x")
    row("compare 4 Bibles --format json", "compare-json", "pair-webster pair-web pair-ru_synodal", "<= 3x")
    row("compare 4 Bibles --format html", "compare-html", "pair-webster pair-web pair-ru_synodal", "<= 3x")
    printf "\ncompare: inputs %.1f MiB; peak memory target 8x = %.0f MiB\n", four / 1048576, 8 * four / 1048576
  }' "$samples"
