#!/usr/bin/env bash
# Times `emend sync` over a local file remote, against plain git moving the same refs in the
# same run (`git fetch` + `git push`, and `git merge --ff-only` where sync integrates).
#
#   benches/sync.sh [REVISIONS] [PROPOSALS] [RUNS]     (default 2000 20 5)
#
# The store is made with `git fast-import`: the bundled telegram as `en-wilson`, revised
# REVISIONS times (one word each), then PROPOSALS open proposals made with `emend propose`,
# each changing one word of another paragraph. Three cases, median of RUNS each:
#   share    the first sync of the whole store to an empty bare remote
#            (peer: `git push` of main and every proposals/* branch)
#   no-op    a sync in a clone when nothing changed anywhere
#            (peer: `git fetch --prune` of main and proposals/*, then `git push` of main)
#   incoming a sync in a clone after one new commit reached the remote
#            (peer: the same fetch, `git merge --ff-only`, `git push`)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
revisions=${1:-2000}
proposals=${2:-20}
runs=${3:-5}
(cd "$root" && cargo build --release -q)
emend="$root/target/release/emend"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1 HOME="$work"
printf '[user]\n\tname = Bench\n\temail = bench@example.org\n[init]\n\tdefaultBranch = main\n' > "$GIT_CONFIG_GLOBAL"

a="$work/a"
git init -q -b main "$a"
PYTHONPATH="$here" python3 - "$root/translations/telegram-1945-11-11" "$revisions" > "$work/stream" <<'PY'
import json, sys
src, n = sys.argv[1], int(sys.argv[2])
wilson = open(f"{src}/en-wilson.md").read()
meta = json.dumps({"title": "Telegram", "versions": [
    {"id": "en-wilson", "language": "en", "role": "translation"}]}, indent=2) + "\n"
from fastimport import commit
root = "translations/telegram"
commit(0, "add telegram", [("emend.toml", 'root = "translations"\n'), (f"{root}/document.json", meta),
                           (f"{root}/en-wilson.md", wilson)])
paras = wilson.split("\n\n")
for k in range(1, n):
    i = k % len(paras)
    words = paras[i].split(" ")
    if len(words) > 2:
        words[k % (len(words) - 1) + 1] = f"rev{k}"
        paras[i] = " ".join(words)
    commit(k, f"revision {k}", [(f"{root}/en-wilson.md", "\n\n".join(paras))])
PY
git -C "$a" fast-import --quiet < "$work/stream"
git -C "$a" checkout -q main
for p in $(seq "$proposals"); do
  python3 - "$a/translations/telegram/en-wilson.md" "$p" > "$work/p.md" <<'PY'
import sys
paras = open(sys.argv[1]).read().split("\n\n")
k = int(sys.argv[2])
i = k % len(paras)
words = paras[i].split(" ")
words[0] = f"proposal{k}"
paras[i] = " ".join(words)
sys.stdout.write("\n\n".join(paras))
PY
  (cd "$a" && "$emend" propose telegram en-wilson "$work/p.md" --name "p$p" > /dev/null)
done
echo "store: $(git -C "$a" rev-list --count main) revisions, $(git -C "$a" branch --list 'proposals/*' | wc -l) open proposals"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (b - a) / 1e9}'; }
fetch_specs=("+refs/heads/main:refs/remotes/origin/main" "+refs/heads/proposals/*:refs/remotes/origin/proposals/*")

# share: the first sync of the whole store to an empty bare remote.
share_e=(); share_g=()
for _ in $(seq "$runs"); do
  rm -rf "$work/re.git" "$work/rg.git"
  git init -q --bare -b main "$work/re.git"; git init -q --bare -b main "$work/rg.git"
  git -C "$a" remote remove origin 2>/dev/null || true
  git -C "$a" config --unset branch.main.remote || true
  git -C "$a" config --unset branch.main.merge || true
  git -C "$a" remote add origin "$work/re.git"
  t0=$(now); (cd "$a" && "$emend" sync > /dev/null); t1=$(now)
  share_e+=("$(secs "$t0" "$t1")")
  t0=$(now); git -C "$a" push -q "$work/rg.git" main 'refs/heads/proposals/*:refs/heads/proposals/*'; t1=$(now)
  share_g+=("$(secs "$t0" "$t1")")
done

# Two clones of the same remote: B syncs with emend, C moves the same refs with git.
git clone -q "$work/re.git" "$work/b"
git clone -q "$work/re.git" "$work/c"
git_sync() {
  git -C "$work/c" fetch -q --prune origin "${fetch_specs[@]}"
  if [ "$1" = merge ]; then git -C "$work/c" merge -q --ff-only origin/main; fi
  git -C "$work/c" push -q origin main
}
(cd "$work/b" && "$emend" sync > /dev/null); git_sync merge

noop_e=(); noop_g=(); in_e=(); in_g=()
for r in $(seq "$runs"); do
  t0=$(now); (cd "$work/b" && "$emend" sync > /dev/null); t1=$(now)
  noop_e+=("$(secs "$t0" "$t1")")
  t0=$(now); git_sync no; t1=$(now)
  noop_g+=("$(secs "$t0" "$t1")")
  # One new commit reaches the remote from A.
  printf '\nRound %s.\n' "$r" >> "$a/translations/telegram/en-wilson.md"
  (cd "$a" && "$emend" update telegram en-wilson translations/telegram/en-wilson.md > /dev/null && "$emend" sync > /dev/null)
  t0=$(now); (cd "$work/b" && "$emend" sync > /dev/null); t1=$(now)
  in_e+=("$(secs "$t0" "$t1")")
  t0=$(now); git_sync merge; t1=$(now)
  in_g+=("$(secs "$t0" "$t1")")
  [ "$(git -C "$work/b" rev-parse HEAD)" = "$(git -C "$work/c" rev-parse HEAD)" ] || { echo "B and C differ" >&2; exit 1; }
done
git -C "$work/b" fsck --no-progress 2>&1 | grep -v '^dangling' && { echo "fsck found problems" >&2; exit 1; }

row() {
  local e g
  e=$(printf '%s\n' "${@:2:$runs}" | median)
  g=$(printf '%s\n' "${@:$((runs + 2))}" | median)
  printf '%-10s %10s %10s %8s\n' "$1" "$e" "$g" "$(awk -v e="$e" -v g="$g" 'BEGIN {printf "%.2fx", e / g}')"
}
printf '%-10s %10s %10s %8s\n' case "emend s" "git s" ratio
row share "${share_e[@]}" "${share_g[@]}"
row no-op "${noop_e[@]}" "${noop_g[@]}"
row incoming "${in_e[@]}" "${in_g[@]}"
