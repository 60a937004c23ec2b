#!/usr/bin/env bash
# Times `emend log`, `emend blame` and `emend status` on a store in which one
# version was revised many times (default 2,000), median of several runs.
#
#   benches/store-history.sh [REVISIONS] [RUNS]
#
# The store is made in a temporary folder with `git fast-import` (fast, and
# emend reads any git history): the bundled telegram as `en-wilson` and
# `en-corrected` (made --from en-wilson); each revision changes one word in
# one paragraph of en-corrected, and every tenth one a word of en-wilson too,
# so that status has stale segments to find.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
revisions=${1:-2000}
runs=${2:-5}
(cd "$root" && cargo build --release -q)
emend="$root/target/release/emend"
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
git -C "$store" init -q -b main
python3 - "$root/translations/telegram-1945-11-11" "$revisions" > "$store/stream" <<'PY'
import json, sys
src, n = sys.argv[1], int(sys.argv[2])
wilson = open(f"{src}/en-wilson.md").read()
corrected = open(f"{src}/en-corrected.md").read()
meta = json.dumps({"title": "Telegram", "versions": [
    {"id": "en-wilson", "language": "en", "role": "translation"},
    {"id": "en-corrected", "language": "en", "role": "draft", "from": "en-wilson"}]}, indent=2) + "\n"
out = sys.stdout.buffer
def commit(k, msg, files):
    out.write(f"commit refs/heads/main\ncommitter Bench <bench@example.org> {1700000000 + 60 * k} +0000\n".encode())
    m = msg.encode()
    out.write(f"data {len(m)}\n".encode() + m + b"\n")
    for path, text in files:
        data = text.encode()
        out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    out.write(b"\n")
root = "translations/telegram"
commit(0, "add telegram", [("emend.toml", 'root = "translations"\n'), (f"{root}/document.json", meta),
                           (f"{root}/en-wilson.md", wilson), (f"{root}/en-corrected.md", corrected)])
paras_c = corrected.split("\n\n")
paras_w = wilson.split("\n\n")
for k in range(1, n + 1):
    i = k % len(paras_c)
    words = paras_c[i].split(" ")
    if len(words) > 2:
        j = k % (len(words) - 1) + 1
        words[j] = f"rev{k}"
        paras_c[i] = " ".join(words)
    files = [(f"{root}/en-corrected.md", "\n\n".join(paras_c))]
    if k % 10 == 0:
        w = (k // 10) % len(paras_w)
        ws = paras_w[w].split(" ")
        if len(ws) > 2:
            ws[-1] = f"src{k}."
            paras_w[w] = " ".join(ws)
        files.append((f"{root}/en-wilson.md", "\n\n".join(paras_w)))
    commit(k, f"revision {k}", files)
PY
git -C "$store" fast-import --quiet < "$store/stream"
git -C "$store" checkout -q main
echo "store: $revisions revisions of en-corrected ($(git -C "$store" rev-list --count HEAD) commits)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_it() {
  local report times=()
  report=$(mktemp)
  for _ in $(seq "$runs"); do
    (cd "$store" && /usr/bin/time -o "$report" -f "%e" "$emend" "$@" > /dev/null)
    times+=("$(tail -1 "$report")")
  done
  rm -f "$report"
  printf '%s\n' "${times[@]}" | median
}
printf '%-48s %10s\n' command "median s"
for cmd in "log telegram en-corrected" "log telegram en-corrected --key 2¶5" "blame telegram en-corrected" "status" "status telegram en-corrected --show"; do
  # shellcheck disable=SC2086
  printf '%-48s %10s\n' "emend $cmd" "$(time_it $cmd)"
done
