#!/usr/bin/env bash
# Store writes: `emend add` of a whole Bible (the KJV, 4.3 MB) to a new store,
# then `emend update` of it with Webster's revision, against what git does for
# the same file: copy it into the work tree, `git add`, `git commit`. Each
# round makes a fresh store and a fresh git repository; times are medians of
# RUNS rounds (default 5), wall and CPU (user + system), with the ratio to git
# in the same round.
#
#   benches/store-write.sh CORPUS_DIR [RUNS]
#
# The texts are rendered from CORPUS_DIR (../shared/corpus) by
# benches/prepare-corpus.sh into EMEND_BENCH_DIR (default /tmp/emend-bench).
# EMEND=path/to/emend times another build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus=${1:?usage: benches/store-write.sh CORPUS_DIR [RUNS]}
runs=${2:-5}
bench=${EMEND_BENCH_DIR:-/tmp/emend-bench}
"$here/prepare-corpus.sh" "$bench" "$corpus" >/dev/null
# shellcheck source=benches/emend-binary.sh
. "$here/emend-binary.sh"
emend=$(emend_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export HOME=$work GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$work/gitconfig
git config --global user.name "Bench Writer"
git config --global user.email "bench@example.org"
git config --global init.defaultBranch main

samples=$work/samples
: >"$samples"
# shellcheck source=benches/timing.sh
. "$here/timing.sh"
# Every write must succeed, or its time says nothing.
ok() { [ "$last_status" = 0 ] || { echo "error: $1 failed: $(cat "$work/err")" >&2; exit 1; }; }

for round in $(seq "$runs"); do
  store=$work/store-$round repo=$work/git-$round
  mkdir -p "$store" "$repo/translations/bible"
  (cd "$store" && "$emend" init >/dev/null)
  git -C "$repo" init -q
  git -C "$repo" commit -q --allow-empty -m "start"
  cd "$store"
  time_one emend-add "$emend" add bible kjv "$bench/kjv.md" --lang en
  ok emend-add
  time_one emend-update "$emend" update bible kjv "$bench/webster.md"
  ok emend-update
  cd "$repo"
  time_one git-add sh -c 'cp "$1" translations/bible/kjv.md && git add translations/bible/kjv.md && git commit -q -m add' sh "$bench/kjv.md"
  ok git-add
  time_one git-update sh -c 'cp "$1" translations/bible/kjv.md && git add translations/bible/kjv.md && git commit -q -m update' sh "$bench/webster.md"
  ok git-update
  cd "$work"
  rm -rf "$store" "$repo"
done

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); emend: $emend; $runs rounds, medians"
echo
awk "$MEDIAN_AWK"'
  { wall[$1, $2] = $3; cpu[$1, $2] = $4; mem[$1, $2] = $5; rounds[$1] = 1 }
  function row(title, name, peer,   r, w, c, m, rw, rc) {
    w = c = m = rw = rc = ""
    for (r in rounds) {
      w = w " " wall[r, name]; c = c " " cpu[r, name]; m = m " " mem[r, name]
      rw = rw " " (wall[r, peer] > 0 ? wall[r, name] / wall[r, peer] : 0)
      rc = rc " " (cpu[r, peer] > 0 ? cpu[r, name] / cpu[r, peer] : 0)
    }
    printf "| %-52s | %6.2f | %6.2f | %6.0f | %7.2fx | %7.2fx |\n", title, median(w), median(c), median(m) / 1024, median(rw), median(rc)
  }
  END {
    print "| write (4.3 MB) | wall s | CPU s | MiB | wall/git | CPU/git |"
    print "|---|---:|---:|---:|---:|---:|"
    row("`emend add bible kjv kjv.md` (new document)", "emend-add", "git-add")
    row("`cp` + `git add` + `git commit` of kjv.md", "git-add", "git-add")
    row("`emend update bible kjv webster.md`", "emend-update", "git-update")
    row("`cp` + `git add` + `git commit` of webster.md", "git-update", "git-update")
    print ""
    print "target (issue 17): add and update each <= 3x git"
  }
' "$samples"
