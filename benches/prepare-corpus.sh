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
# Texts that once fell off a cliff (benches/cliffs.sh), KJV as `-a`, Webster as `-b`,
# verse numbers and headings dropped so that only text can anchor: unique
# paragraphs; the first half of the verses twice over; each verse twice in a
# row; each Bible as one paragraph (4 MB), and five copies of it (20 MB).
[ -s "$out/para20-b.md" ] || python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def verses(name):
    return [re.sub(r'^\d+\. ', '', l.strip()) for l in open(f"{out}/{name}.md")
            if l.strip() and not l.startswith('#')]
k, w = verses('kjv'), verses('webster')
n = min(len(k), len(w)); h = n // 2
def write(name, a, b):
    for side, paragraphs in (('a', a), ('b', b)):
        open(f"{out}/{name}-{side}.md", 'w').write('\n\n'.join(paragraphs) + '\n')
write('unique', k[:n], w[:n])
write('twice', k[:h] * 2, w[:h] * 2)
write('pairs', [p for p in k[:h] for _ in (0, 1)], [p for p in w[:h] for _ in (0, 1)])
write('para4', [' '.join(k[:n])], [' '.join(w[:n])])
write('para20', [' '.join([' '.join(k[:n])] * 5)], [' '.join([' '.join(w[:n])] * 5)])
PY
for l in en fr es ru zh ar de ja; do
  [ -s "$out/udhr-$l.md" ] || python3 "$corpus/to_markdown.py" udhr "$corpus/udhr/$l.json" > "$out/udhr-$l.md"
done
ls -l "$out"
