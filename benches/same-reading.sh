#!/usr/bin/env bash
# Checks that two builds of emend read every bundled document the same way:
# `emend show --file F --format json` (keys, kinds, texts, lines) for every
# text (Markdown, plain text, Word) under the folders given (default:
# translations/ and tests/), compared between OLD and NEW. Prints the files
# that differ; exits 1 if any does.
#
#   benches/same-reading.sh /tmp/emend-main target/release/emend
#   benches/same-reading.sh /tmp/emend-main target/release/emend translations tests/cases
set -euo pipefail
old=${1:?usage: same-reading.sh OLD_EMEND NEW_EMEND}
new=${2:?usage: same-reading.sh OLD_EMEND NEW_EMEND [DIR...]}
shift 2
old=$(realpath "$old") new=$(realpath "$new")
cd "$(dirname "$0")/.."
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(translations tests)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=0 differ=0
while IFS= read -r -d '' f; do
  checked=$((checked + 1))
  "$old" show --file "$f" --format json > "$tmp/old" 2>&1 || true
  "$new" show --file "$f" --format json > "$tmp/new" 2>&1 || true
  if ! cmp -s "$tmp/old" "$tmp/new"; then
    differ=$((differ + 1))
    echo "differs: $f"
  fi
done < <(find "${dirs[@]}" -type f \( -name '*.md' -o -name '*.txt' -o -name '*.docx' \) -print0 | sort -z)
echo "$checked files read, $differ read differently"
[ "$differ" -eq 0 ]
