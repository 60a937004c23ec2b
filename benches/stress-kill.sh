#!/usr/bin/env bash
# The kill tests, many times in a row: a test that fails once in fifty runs is a defect.
#
#   benches/stress-kill.sh [RUNS]      (default 50)
#
# Each run is every test that kills emend mid-write or leaves a lock behind
# (tests/cli_safety.rs, and the library's killed-writer test). Not part of
# `cargo test`: fifty runs take several minutes. Prints one line a run and a
# closing "N passed, N failed"; the output of a failed run is kept in
# target/stress-kill/run-N.log. Exits 1 if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
logs=target/stress-kill
mkdir -p "$logs"
cargo test -q --test cli_safety --no-run >/dev/null 2>&1 || { echo "error: the tests do not build" >&2; exit 2; }
cargo test -q --lib --no-run >/dev/null 2>&1 || { echo "error: the tests do not build" >&2; exit 2; }
passed=0
failed=0
start=$(date +%s)
for i in $(seq 1 "$runs"); do
  log="$logs/run-$i.log"
  if cargo test -q --test cli_safety -- killing killed a_lock >"$log" 2>&1 \
    && cargo test -q --lib -- store::recovery::tests::killed_writer >>"$log" 2>&1; then
    passed=$((passed + 1))
    rm -f "$log"
    echo "run $i/$runs: ok"
  else
    failed=$((failed + 1))
    echo "run $i/$runs: FAILED (see $log)"
  fi
done
echo "$((($(date +%s) - start))) s for $runs runs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
