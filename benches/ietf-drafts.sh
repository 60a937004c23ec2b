#!/usr/bin/env bash
# The IETF draft series as a test of paginated plain text: every consecutive
# pair of revisions of draft-wilde-sunset-header diffed by emend (this build,
# and optionally an earlier one) and by iddiff, the IETF's own diff tool
# (`pip install iddiff`; its --abdiff change blocks are counted).
#
# For each pair: the rows emend reports (every row that is not unchanged), the
# rows that are only page furniture (their two sides equal once running heads,
# page numbers and form feeds are taken out), and iddiff's change blocks.
# Then the row of the BCP 78 paragraph of -03 → -04, cut by page 1 in -03 and
# whole in -04. Exits 1 if this build shows a row that is only furniture.
#
#   benches/ietf-drafts.sh ../shared/corpus/drafts/draft-wilde-sunset-header [EMEND_BEFORE]
#
# EMEND (default target/release/emend) is the build measured; IDDIFF (default
# `iddiff` on PATH) the tool compared with.
set -euo pipefail
drafts=${1:?usage: ietf-drafts.sh DRAFTS_DIR [EMEND_BEFORE]}
before=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
emend=${EMEND:-$here/target/release/emend}
iddiff=${IDDIFF:-iddiff}
[ -x "$emend" ] || { echo "error: no emend at $emend (cargo build --release, or set EMEND)" >&2; exit 2; }
command -v "$iddiff" > /dev/null || { echo "error: iddiff not found (pip install iddiff, or set IDDIFF)" >&2; exit 2; }
files=("$drafts"/draft-wilde-sunset-header-[0-9][0-9].txt)
[ ${#files[@]} -ge 2 ] && [ -f "${files[0]}" ] || { echo "error: no draft-wilde-sunset-header-NN.txt in $drafts" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Rows of a diff's JSON: all reported rows, and those that are only furniture.
count='
import json, re, sys
furniture = [
    re.compile(r"\S+ +Expires +[A-Z][a-z]+ +\d{1,2}, +\d{4} +\[Page +\d+\]"),
    re.compile(r"Internet-Draft +Sunset Header +[A-Z][a-z]+ +\d{4}"),
    re.compile("\f"),
]
def strip(t):
    for f in furniture:
        t = f.sub(" ", t)
    return " ".join(t.split())
rows = [r for r in json.load(sys.stdin)["rows"] if r["status"] != "unchanged"]
only = 0
for r in rows:
    a = "".join(o["text"] for o in r.get("ops", []) if o["op"] in ("equal", "delete"))
    b = "".join(o["text"] for o in r.get("ops", []) if o["op"] in ("equal", "insert"))
    only += strip(a) == strip(b)
print(len(rows), only)
'
printf '| pair | emend before: rows | before: only furniture | emend after: rows | after: only furniture | iddiff blocks |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
bad=0
for ((i = 0; i + 1 < ${#files[@]}; i++)); do
  a=${files[i]} b=${files[i + 1]}
  pair="$(basename "$a" .txt | sed 's/.*-//') → $(basename "$b" .txt | sed 's/.*-//')"
  read -r after after_only < <("$emend" diff --files "$a" "$b" --format json | python3 -c "$count")
  if [ -n "$before" ]; then
    read -r was was_only < <("$before" diff --files "$a" "$b" --format json | python3 -c "$count")
  else
    was=- was_only=-
  fi
  blocks=$("$iddiff" --abdiff "$a" "$b" | grep -c ', Paragraph: [0-9]*$' || true)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$pair" "$was" "$was_only" "$after" "$after_only" "$blocks"
  [ "$after_only" -eq 0 ] || bad=1
done

# The BCP 78 paragraph of -03 → -04.
a="$drafts/draft-wilde-sunset-header-03.txt" b="$drafts/draft-wilde-sunset-header-04.txt"
if [ -f "$a" ] && [ -f "$b" ]; then
  "$emend" diff --files "$a" "$b" --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin)["rows"]:
    ops = r.get("ops", [])
    if any("BCP 78 and the IETF Trust" in o["text"] for o in ops):
        changes = [(o["op"], o["text"]) for o in ops if o["op"] != "equal"]
        print("\nBCP 78 paragraph, -03 → -04: %s → %s, %s, changes %s" % (" + ".join(r["a"]), " + ".join(r["b"]), r["status"], changes))
'
fi
exit $bad
