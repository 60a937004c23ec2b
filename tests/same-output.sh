#!/usr/bin/env bash
# Runs two emend binaries through the same broad set of commands on copies of
# the bundled store and compares what each printed (stdout, stderr, exit code)
# and wrote (files given to -o, the store's commits). For a change that must
# not change behaviour (a refactoring), build the old binary first:
#
#   git worktree add /tmp/emend-old main && (cd /tmp/emend-old && cargo build)
#   cargo build
#   tests/same-output.sh /tmp/emend-old/target/debug/emend target/debug/emend
#
# Prints one line per command that differs and a count; exits 1 if any does.
# KEEP=1 keeps the work folder (its path is printed) to look at the outputs.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 OLD_EMEND NEW_EMEND" >&2
  exit 2
fi
project=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
# Both binaries are called `emend`, as usage lines and manual pages name the program as it was run.
mkdir -p "$work/bin-old" "$work/bin-new"
cp "$1" "$work/bin-old/emend" && cp "$2" "$work/bin-new/emend" || exit 2
old="$work/bin-old/emend"
new="$work/bin-new/emend"

# A hermetic environment: fixed identity, dates, width and colour; no pager, no user config.
export HOME="$work/home" GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1
export TZ=UTC LC_ALL=C.UTF-8 COLUMNS=100 PAGER=cat
unset EMEND_STORE EMEND_MAX_INPUT NO_COLOR CI GIT_DIR GIT_WORK_TREE VISUAL EDITOR
mkdir -p "$HOME"
printf '[user]\n\tname = Eddie Editor\n\temail = eddie@example.org\n[init]\n\tdefaultBranch = main\n' >"$GIT_CONFIG_GLOBAL"

at() { # at N: a fixed date N hours after the first
  local t=$((1700000000 + $1 * 3600))
  export GIT_AUTHOR_DATE="$t +0100" GIT_COMMITTER_DATE="$t +0100"
}

# The bundled store with some history: the corrected draft starts as a copy of
# the published translation and is corrected later; the English Declaration
# changes after its translations were made, so they have stale segments.
base="$work/base"
mkdir -p "$base"
cp -r "$project/emend.toml" "$project/translations" "$base/"
T="$base/translations/telegram-1945-11-11"
U="$base/translations/udhr"
cp "$T/en-corrected.md" "$work/en-corrected.md"
cp "$U/en.md" "$work/udhr-en.md"
cp "$T/en-wilson.md" "$T/en-corrected.md"
sed -i 's/Everyone has the right to life/Every person has the right to life/' "$U/en.md"
(
  cd "$base"
  git init -q -b main
  at 0
  GIT_AUTHOR_NAME="Ann Archivist" GIT_AUTHOR_EMAIL=ann@example.org git add -A
  GIT_AUTHOR_NAME="Ann Archivist" GIT_AUTHOR_EMAIL=ann@example.org git commit -q -m "bundled store"
  cp "$work/en-corrected.md" "$T/en-corrected.md"
  at 1
  GIT_AUTHOR_NAME="Boris Editor" GIT_AUTHOR_EMAIL=boris@example.org git commit -qam "correct the scan"
  cp "$work/udhr-en.md" "$U/en.md"
  at 2
  GIT_AUTHOR_NAME="Cy Source" GIT_AUTHOR_EMAIL=cy@example.org git commit -qam "article 3 as adopted"
)
at 10

# Input files the commands read.
files="$work/files"
mkdir -p "$files"
cp "$T/en-wilson.md" "$files/en-wilson.md"
cp "$work/en-corrected.md" "$files/en-corrected.md"
sed 's/lapan/Japan/; s/VcH/VCh/' "$T/en-wilson.md" >"$files/fixed.md"
sed 's/Molotov/Molotoff/' "$work/en-corrected.md" >"$files/revised.md"
printf '# Telegramm\n\n1. Wie aus der Antwort der US-Regierung hervorgeht.\n\n2. Die Information.\n' >"$files/de.md"
printf '1. One.\n\n2. Two.\n' >"$files/a.md"
printf '1. One!\n\n2. Two.\n\n3. Three.\n' >"$files/b.md"
printf '1. Uno.\n\n2. Dos.\n' >"$files/c.md"
printf 'ab\x00cd' >"$files/binary.md"
printf '' >"$files/empty.md"

# run NAME ARGS...: runs emend in the store with ARGS, keeping stdout, stderr
# and the exit code under out/NAME. RUN_IN (a folder) overrides where it runs.
run() {
  local name=$1
  shift
  local dir=${RUN_IN:-$store}
  (cd "$dir" && "$emend" "$@" </dev/null >"$out/$name.out" 2>"$out/$name.raw-err")
  echo $? >"$out/$name.code"
  # Temporary files have random names.
  sed -E 's/\.emend-tmp-[0-9]+-[0-9a-f]+\.file\.[A-Za-z0-9]+/.emend-tmp-TAG/g' "$out/$name.raw-err" >"$out/$name.err"
  rm "$out/$name.raw-err"
}

# The same commands for each binary, in the same folder, so that paths in messages agree.
script() {
  local D=telegram-1945-11-11
  local F=$files
  # diff, every format and flag
  run diff-text diff $D en-wilson en-corrected
  run diff-json diff $D en-wilson en-corrected --format json
  run diff-html diff $D en-wilson en-corrected --format html
  run diff-docx diff $D en-wilson en-corrected --format docx
  run diff-full diff $D en-wilson en-corrected --full --context 2
  run diff-explain diff $D en-wilson en-corrected --explain
  run diff-exit diff $D en-wilson en-corrected --exit-code
  run diff-same diff $D en-wilson en-wilson --exit-code
  run diff-always diff $D en-wilson en-corrected --color always
  run diff-debug diff $D en-wilson en-corrected --color debug
  run diff-ignore diff $D en-wilson en-corrected -i --ignore-punctuation --ignore-annotations --ignore-formatting
  run diff-renum diff $D en-wilson en-corrected --ignore-renumbering --format json
  run diff-rev diff $D en-corrected@HEAD~1 en-corrected
  run diff-rev-json diff $D en-corrected@HEAD~2 en-corrected@HEAD --format json --explain
  run diff-worktree diff $D en-corrected
  run diff-udhr diff udhr en ru
  run diff-udhr-json diff udhr en fr --format json --explain
  run diff-udhr-html diff udhr en zh --format html
  run diff-udhr-rev diff udhr en@HEAD~1 en
  run diff-files diff --files "$F/en-wilson.md" "$F/en-corrected.md"
  run diff-files-json diff --files "$F/a.md" "$F/b.md" --format json
  run diff-files-lang diff --files "$F/a.md" "$F/c.md" --lang-a en --lang-b es
  run diff-files-exit diff --files "$F/a.md" "$F/b.md" --exit-code --color debug
  run diff-files-docx diff --files "$F/a.md" "$F/b.md" --format docx
  run diff-files-html diff --files "$F/a.md" "$F/b.md" --format html
  run diff-err-none diff
  run diff-err-one-file diff --files "$F/a.md"
  run diff-err-three-files diff --files "$F/a.md" "$F/b.md" "$F/c.md"
  run diff-err-missing diff --files "$F/nope.md" "$F/a.md"
  run diff-err-binary diff --files "$F/binary.md" "$F/a.md"
  run diff-err-doc diff nope en ru
  run diff-err-bad-doc diff Bad! en ru
  run diff-err-version diff $D nope en-wilson
  run diff-err-bad-version diff $D en-wilson ../x
  run diff-err-rev diff $D en-wilson@nope en-wilson
  run diff-err-empty-rev diff $D en-wilson@ en-wilson
  run diff-err-approved diff $D en-wilson@approved en-wilson
  run diff-err-four diff $D a b c
  run diff-err-format diff $D en-wilson en-corrected --format pdf
  run diff-err-docx-file diff --files "$F/a.md" "$F/fixed.docx"
  # compare
  run compare-ruth compare ruth
  run compare-ruth-json compare ruth --format json
  run compare-ruth-md compare ruth --format md
  run compare-ruth-html compare ruth --format html
  run compare-udhr compare udhr en fr ru zh ar
  run compare-against compare ruth kjv webster web --against web
  run compare-revs compare $D en-wilson@HEAD~1 en-corrected@HEAD~1 en-corrected
  run compare-files compare --files "$F/a.md" "$F/b.md" "$F/c.md" --format md
  run compare-files-json compare --files "$F/a.md" "$F/b.md" --format json -i
  run compare-err-against compare ruth kjv web --against nope
  run compare-err-one-file compare --files "$F/a.md"
  run compare-err-one compare $D en-wilson
  run compare-err-doc compare nope
  run compare-err-bad-doc compare NOPE
  run compare-err-version compare ruth kjv nope
  # show
  run show show $D en-wilson
  run show-json show $D en-corrected@HEAD~1 --format json
  run show-zh show udhr zh
  run show-file show --file "$F/b.md"
  run show-file-json show --file "$F/de.md" --format json
  run show-err-none show
  run show-err-one show $D
  run show-err-doc show nope en
  run show-err-version show $D nope
  run show-err-file show --file "$F/nope.md"
  run show-err-empty show --file "$F/empty.md"
  # list
  run list list
  run list-json list --format json
  run list-doc list $D
  run list-doc-json list udhr --format json
  run list-err list nope
  run list-err-bad list BAD
  # log
  run log log $D en-corrected
  run log-json log $D en-corrected --format json
  run log-key log $D en-corrected --key 2¶5
  run log-key-json log udhr en --key 3 --format json
  run log-ruth log ruth web
  run log-err-version log $D nope
  run log-err-key log $D en-corrected --key nope
  run log-err-doc log nope en
  run log-err-bad log $D ../x
  # blame
  run blame blame $D en-corrected
  run blame-json blame $D en-corrected --format json
  run blame-udhr blame udhr en
  run blame-err blame $D nope
  run blame-err-doc blame nope x
  # status
  run status status
  run status-json status --format json
  run status-udhr status udhr
  run status-show status udhr fr --show
  run status-show-all status udhr --show
  run status-doc-json status $D --format json
  run status-err-version status udhr nope
  run status-err-doc status nope
  run status-err-bad status udhr BAD
  # export, every format
  for f in md txt json html tmx xliff docx; do
    run export-$f export $D en-corrected --format $f
  done
  run export-udhr-tmx export udhr fr --format tmx
  run export-udhr-xliff export udhr ru --format xliff --source en
  run export-rev export $D en-corrected --rev HEAD~1
  run export-file export udhr es --format tmx -o "$work/run-files/udhr.tmx"
  run export-file-docx export $D en-wilson --format docx -o "$work/run-files/t.docx"
  run export-file-dash export $D en-wilson -o -
  run export-err-approved export $D en-wilson --approved
  run export-err-source export udhr en --format tmx
  run export-err-rev export $D en-wilson --rev nope
  run export-err-both export $D en-wilson --rev HEAD --approved
  run export-err-version export $D nope
  run export-err-source-bad export udhr fr --format xliff --source BAD
  run export-err-out export $D en-wilson -o "$work/no/such/folder/x.md"
  # proposals before any
  run proposals-none proposals
  run proposals-none-json proposals --format json
  run proposals-err-docx proposals --docx nope
  # writes
  run add add $D de "$F/de.md" --lang de --from en-wilson --translator "Dora Dolmetscher" -m "German draft"
  run add-err-exists add $D de "$F/de.md" --lang de
  run add-err-from add $D de2 "$F/de.md" --lang de --from nope
  run add-err-bad add $D De "$F/de.md" --lang de
  run add-err-file add $D de3 "$F/nope.md" --lang de
  run add-err-author add $D de4 "$F/de.md" --lang de --author "nobody"
  run add-new add letters en "$F/a.md" --lang en --role original --title "Letters"
  run update update $D en-corrected "$F/revised.md" -m "Molotoff, as the archive spells it"
  run update-same update $D en-corrected "$F/revised.md"
  run update-err update $D nope "$F/a.md"
  echo "edited by hand" >>"$store/translations/$D/en-wilson.md"
  run update-err-dirty update $D en-wilson "$F/fixed.md"
  run diff-worktree-edit diff $D en-wilson
  run update-worktree update $D en-wilson -m "a line by hand"
  run propose propose $D en-corrected "$F/en-corrected.md" --name fix-back -m "back to the corrected text" --author "Tanya Translator <tanya@example.org>"
  run propose-2 propose $D en-wilson "$F/fixed.md" --name fix-scan --author "Tanya Translator <tanya@example.org>"
  run propose-err-name propose $D en-wilson "$F/fixed.md" --name fix.lock
  run propose-err-same propose $D en-wilson "$F/fixed.md" --name fix-scan
  run propose-err-other propose $D en-corrected "$F/fixed.md" --name fix-scan
  run proposals proposals
  run proposals-json proposals --format json
  run proposals-doc proposals $D --format json
  run proposals-docx proposals --docx fix-scan -o "$work/run-files/fix-scan.docx"
  run proposals-docx-stdout proposals --docx fix-back
  run review-list review fix-scan --list
  run review-err-tty review fix-scan
  run review-err-key review fix-scan --accept nope
  run review-err-changes review fix-scan --accept-changes nope
  run review-err-edit review fix-scan --edit nope
  run review-err-empty-edit review fix-scan --edit "2¶6=$F/empty.md"
  run review-err-name review nope --accept all
  run review-part review fix-scan --accept "2¶6" --reason "keep the rest for later"
  run review-list-2 review fix-scan --list
  run review-rest review fix-scan --reject all --reason "as published"
  run review-err-closed review fix-scan --accept all
  run review-back review fix-back --accept all -m "taken whole"
  run approve approve $D en-wilson -m "for the 2027 edition"
  run approve-err-again approve $D en-wilson
  run approve-err-version approve $D nope
  run export-approved export $D en-wilson --approved
  run export-approved-json export $D en-wilson --approved --format json
  run diff-approved diff $D en-wilson@approved en-wilson
  run status-after status
  run status-after-json status --format json
  run log-after log $D en-corrected --format json
  run blame-after blame $D en-corrected
  run blame-after-json blame $D en-corrected --format json
  run list-after list --format json
  run proposals-after proposals --format json
  run init init "$work/run-files/newstore" --author "Ivy Init <ivy@example.org>"
  run init-err init "$work/run-files/newstore"
  run store-flag --store "$work/run-files/newstore" list
  run store-err --store "$work/run-files/nostore" list
  RUN_IN="$work/run-files" run not-a-store list
  # help and manual pages, of every command
  run help --help
  run version --version
  run man man
  for c in init add update list show log diff propose proposals review approve export status blame compare completions man; do
    run help-$c $c --help
    run man-$c man $c
  done
  run man-err man nope
  run completions completions bash
  run err-command frobnicate
  run err-size --max-input-size 10 show $D en-wilson
  run err-size-bad --max-input-size lots show $D en-wilson
  # what the writes left
  git -C "$store" log --format='%H %an <%ae> %ad%n%B' --date=raw main >"$out/git-log.out" 2>&1
  git -C "$store" for-each-ref --format='%(refname) %(objectname)' >"$out/git-refs.out" 2>&1
  git -C "$store" status --porcelain >"$out/git-status.out" 2>&1
  git -C "$work/run-files/newstore" log --format='%H %an <%ae> %ad%n%B' --date=raw >"$out/git-log-init.out" 2>&1
  rm -rf "$work/run-files/newstore/.git"
  cp -r "$work/run-files" "$out/files"
}

for side in old new; do
  emend=${!side}
  store="$work/run/store"
  out="$work/$side"
  rm -rf "$work/run" "$work/run-files"
  mkdir -p "$work/run" "$work/run-files" "$out"
  cp -a "$base" "$store"
  script
  [ -z "${KEEP:-}" ] || cp -a "$work/run" "$work/$side-store"
done

differs=0
total=0
for f in "$work/old"/*.code; do
  name=$(basename "$f" .code)
  total=$((total + 1))
  for part in out err code; do
    if ! cmp -s "$work/old/$name.$part" "$work/new/$name.$part"; then
      echo "DIFFERS: $name ($part)"
      differs=$((differs + 1))
      break
    fi
  done
done
if ! diff -r "$work/old/files" "$work/new/files" >/dev/null; then
  echo "DIFFERS: files written with -o"
  differs=$((differs + 1))
fi
for g in git-log git-log-init git-refs git-status; do
  cmp -s "$work/old/$g.out" "$work/new/$g.out" || {
    echo "DIFFERS: $g"
    differs=$((differs + 1))
  }
done
failed=$(grep -lvx 0 "$work/old"/*.code | wc -l)
echo "$total commands ($failed of them errors on purpose or not), $differs differ"
[ -z "${KEEP:-}" ] || echo "outputs kept in $work"
[ "$differs" -eq 0 ]
