#!/bin/sh
# What finding approvals costs: `status` and `export --approved` of a version with 400
# revisions and 20 approvals, in the store where they were made (each approval at its recorded
# commit) and in a clone whose history a rebase rewrote (each approval re-found by its text).
# Prints the mean of 5 runs of each and the ratio re-found / recorded, in the same run.
#
#   sh benches/approvals.sh [EMEND]      (default: target/release/emend)
set -eu
E=$(realpath "${1:-target/release/emend}")
SRC=$(realpath translations/telegram-1945-11-11/en-wilson.md)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export GIT_CONFIG_GLOBAL="$T/gitconfig" GIT_CONFIG_NOSYSTEM=1 HOME="$T"
printf '[user]\n\tname = Ada\n\temail = ada@example.org\n[init]\n\tdefaultBranch = main\n' >"$T/gitconfig"
mkdir "$T/recorded" && cd "$T/recorded"
"$E" init . >/dev/null
"$E" add t en "$SRC" --lang en >/dev/null
for i in $(seq 1 400); do
    sed "s/Sent by Poskrebyshev\./Sent by Poskrebyshev, revision $i./" "$SRC" >translations/t/en.md
    git commit -qam "revision $i"
    if [ $((i % 20)) = 0 ]; then "$E" approve t en -m "r$i" >/dev/null; fi
done
git clone -q "$T/recorded" "$T/refound"
cd "$T/refound" && git rebase -q --root --force-rebase
mean() { # mean seconds of 5 runs of the command
    s=$(date +%s.%N)
    for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1; done
    echo "($(date +%s.%N) - $s) / 5" | bc -l
}
for cmd in "status t" "export t en --approved"; do
    # shellcheck disable=SC2086
    a=$(cd "$T/recorded" && mean "$E" $cmd)
    # shellcheck disable=SC2086
    b=$(cd "$T/refound" && mean "$E" $cmd)
    printf '%-24s recorded %.3fs  re-found %.3fs  ratio %.2f\n' "$cmd" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
