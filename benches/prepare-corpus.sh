#!/usr/bin/env bash
# Renders the texts the benchmarks read into OUT_DIR (default /tmp/emend-bench):
# whole Bibles (KJV, Webster, WEB, Russian Synodal, German Elberfelder) and the
# Universal Declaration in every language of the corpus, as Markdown, with the
# corpus's own to_markdown.py. CORPUS_DIR defaults to ../shared/corpus.
#
#   benches/prepare-corpus.sh /tmp/emend-bench ../shared/corpus
#   EMEND_BENCH_DIR=/tmp/emend-bench cargo bench
set -euo pipefail
out=${1:-/tmp/emend-bench}
corpus=${2:-"$(dirname "$0")/../../shared/corpus"}
[ -f "$corpus/to_markdown.py" ] || { echo "error: no corpus at $corpus (give its path as the second argument)" >&2; exit 2; }
mkdir -p "$out"
for t in kjv webster web ru_synodal de_elb1905; do
  [ -s "$out/$t.md" ] || python3 "$corpus/to_markdown.py" bible "$corpus/bible/$t.tsv" > "$out/$t.md"
done
# The Bible twice, its second copy's books renamed so that keys stay unique: the linearity check.
for t in kjv webster; do
  [ -s "$out/$t-twice.md" ] || { cat "$out/$t.md"; sed 's/^# \(.*\)$/# \1 again/' "$out/$t.md"; } > "$out/$t-twice.md"
done
for l in en fr es ru zh ar de ja; do
  [ -s "$out/udhr-$l.md" ] || python3 "$corpus/to_markdown.py" udhr "$corpus/udhr/$l.json" > "$out/udhr-$l.md"
done
ls -l "$out"
