#!/usr/bin/env bash
# The history table: `emend log`, `emend blame` and `emend status` on a version
# revised N times, cold (no cache) and warm (the cache of .git/emend-cache
# filled by the run before), wall time and peak memory, each with its ratio to
# `git log -p` of the same file measured in the same run.
#
#   benches/store-history.sh CORPUS_DIR [RUNS] [SIZES]
#
# CORPUS_DIR is the corpus (../shared/corpus); the whole KJV is rendered from
# it by benches/prepare-corpus.sh into EMEND_BENCH_DIR (default /tmp/emend-bench).
# SIZES (default "bible:10 bible:50 bible:200 telegram:2000") says which
# stores to make. Each store is made with `git fast-import` (emend reads any
# git history) in a temporary folder:
# - bible:N: document `bible` with `kjv` (translation) and `draft` (a draft
#   made --from kjv, at first the same text); each revision changes 3 verses
#   of the draft, and every tenth one a verse of kjv, so that status has
#   stale verses to find;
# - telegram:N: the bundled telegram's `en-wilson` and `en-corrected`; each
#   revision changes one word of en-corrected, every tenth one of en-wilson.
# Times are medians of RUNS runs (default 3), wall and CPU (user + system);
# the ratios are of CPU time, which a machine shared with other work disturbs
# less; peak memory is the largest maximum resident set size /usr/bin/time
# reports among the runs.
# With OLD_EMEND=path/to/another/emend, each command's cold run is also timed
# with that binary right after (two more columns: its CPU time, and this
# binary's over it), and each command's output (text and JSON, and
# `log --key`) is compared byte for byte with that binary's; the script fails
# if any differs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus=${1:?usage: benches/store-history.sh CORPUS_DIR [RUNS] [SIZES]}
runs=${2:-3}
sizes=${3:-"bible:10 bible:50 bible:200 telegram:2000"}
bench=${EMEND_BENCH_DIR:-/tmp/emend-bench}
"$here/prepare-corpus.sh" "$bench" "$corpus" >/dev/null
(cd "$root" && cargo build --release -q)
emend=${EMEND:-"$root/target/release/emend"}
work=$(mktemp -d)
differ=0
trap 'rm -rf "$work"' EXIT

# make_store DIR KIND N: a store whose history is N revisions of one version
make_store() {
  local dir=$1 kind=$2 n=$3
  git -C "$dir" init -q -b main
  PYTHONPATH="$here" python3 - "$kind" "$n" "$bench/kjv.md" "$root/translations/telegram-1945-11-11" > "$dir/.git/stream" <<'PY'
import json, sys
kind, n, kjv, telegram = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if kind == "bible":
    doc, src_id, draft_id = "bible", "kjv", "draft"
    source = open(kjv).read()
    draft = source
    per_revision = 3
else:
    doc, src_id, draft_id = "telegram", "en-wilson", "en-corrected"
    source = open(f"{telegram}/en-wilson.md").read()
    draft = open(f"{telegram}/en-corrected.md").read()
    per_revision = 1
meta = json.dumps({"title": doc, "versions": [
    {"id": src_id, "language": "en", "role": "translation"},
    {"id": draft_id, "language": "en", "role": "draft", "from": src_id}]}, indent=2) + "\n"
from fastimport import commit
root = f"translations/{doc}"
commit(0, f"add {doc}", [("emend.toml", 'root = "translations"\n'), (f"{root}/document.json", meta),
                         (f"{root}/{src_id}.md", source), (f"{root}/{draft_id}.md", draft)])
paras_d = draft.split("\n\n")
paras_s = source.split("\n\n")
# Paragraphs with words to change (not headings), spread over the whole text.
editable_d = [i for i, p in enumerate(paras_d) if not p.startswith("#") and len(p.split(" ")) > 3]
editable_s = [i for i, p in enumerate(paras_s) if not p.startswith("#") and len(p.split(" ")) > 3]
def change(paras, editable, k, word):
    i = editable[(k * 7919) % len(editable)]
    words = paras[i].split(" ")
    j = k % (len(words) - 2) + 2
    words[j] = word
    paras[i] = " ".join(words)
for k in range(1, n + 1):
    for c in range(per_revision):
        change(paras_d, editable_d, k * per_revision + c, f"rev{k}")
    files = [(f"{root}/{draft_id}.md", "\n\n".join(paras_d))]
    if k % 10 == 0:
        change(paras_s, editable_s, k // 10, f"src{k}")
        files.append((f"{root}/{src_id}.md", "\n\n".join(paras_s)))
    commit(k, f"revision {k}", files)
PY
  git -C "$dir" fast-import --quiet < "$dir/.git/stream"
  rm "$dir/.git/stream"
  git -C "$dir" checkout -q main
}

# measure DIR CLEAR CMD...: "median-wall-s median-cpu-s peak-MiB" of RUNS runs
# in DIR (CPU = user + system); with CLEAR=1 the cache is deleted before each run.
measure() {
  local dir=$1 clear=$2; shift 2
  local walls=() cpus=() peak=0 report out
  report=$(mktemp)
  for _ in $(seq "$runs"); do
    [ "$clear" = 1 ] && rm -rf "$dir/.git/emend-cache"
    (cd "$dir" && /usr/bin/time -o "$report" -f "%e %U %S %M" "$@" > /dev/null)
    read -r e u s m < <(tail -1 "$report")
    walls+=("$e")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
    [ "$m" -gt "$peak" ] && peak=$m
  done
  rm -f "$report"
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" "$((peak / 1024))"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

echo "machine: $(nproc) cores, $(uname -sr); $runs runs each, median wall and CPU (user + system) time, largest peak RSS"
echo "cold: .git/emend-cache deleted before each run; warm: the cache left by the run before"
echo "ratios on CPU time, which a busy machine disturbs less than wall time"
echo
old_head='' old_rule=''
[ -n "${OLD_EMEND:-}" ] && old_head=' old cold CPU s | cold/old (CPU) |' old_rule='---:|---:|'
printf '| store | N | command | cold wall s | cold CPU s | cold MiB | warm wall s | warm CPU s | warm MiB | `git log -p` CPU s | git MiB | cold/git (CPU) | warm/cold (CPU) |%s\n' "$old_head"
printf '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%s\n' "$old_rule"
for size in $sizes; do
  kind=${size%:*} n=${size#*:}
  dir="$work/$kind-$n"
  mkdir -p "$dir"
  make_store "$dir" "$kind" "$n"
  if [ "$kind" = bible ]; then doc=bible version=draft; else doc=telegram version=en-corrected; fi
  read -r _ gc gm < <(measure "$dir" 0 git log -p -- "translations/$doc/$version.md")
  for cmd in "log $doc $version" "blame $doc $version" "status $doc"; do
    # shellcheck disable=SC2086
    read -r cw cc cm < <(measure "$dir" 1 "$emend" $cmd)
    # shellcheck disable=SC2086
    read -r ww wc wm < <(measure "$dir" 0 "$emend" $cmd)
    old_cols=''
    if [ -n "${OLD_EMEND:-}" ]; then
      # shellcheck disable=SC2086
      read -r _ oc _ < <(measure "$dir" 1 "$OLD_EMEND" $cmd)
      old_cols=" $oc | $(ratio "$cc" "$oc") |"
    fi
    printf '| %s | %s | `emend %s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%s\n' \
      "$kind" "$n" "$cmd" "$cw" "$cc" "$cm" "$ww" "$wc" "$wm" "$gc" "$gm" "$(ratio "$cc" "$gc")" "$(ratio "$wc" "$cc")" "$old_cols"
  done
  if [ -n "${OLD_EMEND:-}" ]; then
    key=$(cd "$dir" && "$emend" blame "$doc" "$version" --format json | python3 -c 'import json,sys; s=json.load(sys.stdin)["segments"]; print(s[len(s)//2]["key"])')
    for cmd in "log $doc $version" "log $doc $version --key $key" "blame $doc $version" "status $doc" "status $doc $version --show"; do
      for fmt in text json; do
        # shellcheck disable=SC2086
        if cmp -s <(cd "$dir" && "$OLD_EMEND" $cmd --format "$fmt" --color never 2>&1) <(cd "$dir" && "$emend" $cmd --format "$fmt" --color never 2>&1); then
          echo "same output as $OLD_EMEND: emend $cmd --format $fmt"
        else
          echo "OUTPUT DIFFERS from $OLD_EMEND: emend $cmd --format $fmt"; differ=1
        fi
      done
    done
  fi
  rm -rf "$dir"
done
exit "$differ"
