#!/usr/bin/env bash
# Sourced by the benchmark scripts that time commands round by round.
#
# time_one NAME COMMAND...: runs COMMAND under /usr/bin/time (its output in
# $work/out, its errors in $work/err) and appends "ROUND NAME WALL CPU KIB" to
# $samples, ROUND being $round, CPU user + system seconds. It always returns 0
# (`git diff` exits 1 when texts differ); the command's status is in
# $last_status.
time_one() {
  local name=$1; shift
  last_status=0
  /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >"$work/out" 2>"$work/err" || last_status=$?
  read -r wall user sys kib < <(tail -1 "$work/time")
  echo "$round $name $wall $(echo "$user + $sys" | bc) $kib" >>"$samples"
}

# An awk function: the median of a list of numbers separated by spaces.
# shellcheck disable=SC2034
MEDIAN_AWK='
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }'
