#!/usr/bin/env bash
# Runs two emend binaries on whole-Bible pairs and checks that they print the
# same bytes: `diff --files` in JSON, text and HTML, and `compare --files` of
# four Bibles in JSON, Markdown and HTML. For a change that must not change
# output (a speed-up), keep the old binary and run:
#
#   benches/same-output-bibles.sh OLD_EMEND NEW_EMEND CORPUS_DIR
#
# The Bibles are rendered by benches/prepare-corpus.sh into $EMEND_BENCH_DIR
# (default /tmp/emend-bench). Prints one line per command, `same` or `DIFFERS`
# (with the first differing line), and exits 1 if any differs.
# tests/same-output.sh does the same for the bundled documents.
set -uo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 OLD_EMEND NEW_EMEND CORPUS_DIR" >&2
  exit 2
fi
old=$(realpath "$1") new=$(realpath "$2")
here="$(cd "$(dirname "$0")" && pwd)"
bench=${EMEND_BENCH_DIR:-/tmp/emend-bench}
"$here/prepare-corpus.sh" "$bench" "$3" >/dev/null || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export COLUMNS=100 LC_ALL=C.UTF-8 NO_COLOR=1
B=$bench
commands=(
  "diff --files $B/kjv.md $B/webster.md --format json"
  "diff --files $B/kjv.md $B/webster.md --color never"
  "diff --files $B/kjv.md $B/webster.md --format html"
  "diff --files $B/kjv.md $B/web.md --format json"
  "diff --files $B/kjv.md $B/web.md --color never --context 1"
  "diff --files $B/kjv.md $B/ru_synodal.md --format json"
  "diff --files $B/kjv-twice.md $B/webster-twice.md --format json"
  "diff --files $B/kjv.md $B/webster.md --format json --explain"
  "diff --files $B/twice-a.md $B/twice-b.md --format json"
  "diff --files $B/pairs-a.md $B/pairs-b.md --color never"
  "compare --files $B/kjv.md $B/webster.md $B/web.md $B/ru_synodal.md --format json"
  "compare --files $B/kjv.md $B/webster.md $B/web.md $B/ru_synodal.md --format html"
  "compare --files $B/kjv.md $B/webster.md $B/web.md --format md"
)
failed=0
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  "$old" $c >"$work/old" 2>"$work/old.err"
  old_rc=$?
  # shellcheck disable=SC2086
  "$new" $c >"$work/new" 2>"$work/new.err"
  new_rc=$?
  if [ "$old_rc" = "$new_rc" ] && cmp -s "$work/old" "$work/new" && cmp -s "$work/old.err" "$work/new.err"; then
    echo "same     ($(wc -c <"$work/new") bytes, exit $new_rc) emend $c"
  else
    failed=$((failed + 1))
    echo "DIFFERS  (exit $old_rc/$new_rc) emend $c"
    cmp "$work/old" "$work/new" | head -1
  fi
done
echo "$failed of ${#commands[@]} commands differ"
[ "$failed" = 0 ]
