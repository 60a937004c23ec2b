#!/usr/bin/env bash
# Sourced by the benchmark scripts: prints the emend binary to time, $EMEND
# if set (another build, to compare), else this tree's release build, built first.
emend_binary() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ -z "${EMEND:-}" ]; then
    (cd "$root" && cargo build --release -q) >&2
    realpath "$root/target/release/emend"
  else
    realpath "$EMEND"
  fi
}
