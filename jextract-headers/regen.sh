#!/usr/bin/env bash
# Regenerates reference bindings (constants, struct layouts) from the headers here with jextract,
# where jextract is installed, into target/jextract/<header>/ for comparison with the hand-written
# constants in dev.minidocker.linux (Arch, FileFlags, ...). The hand-written handles stay: jextract
# does not add Linker.Option.captureCallState("errno"), which every failing call needs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v jextract >/dev/null || { echo "regen.sh: jextract is not installed; nothing to do" >&2; exit 0; }
for h in "$here"/*.h; do
  name=$(basename "$h" .h)
  out="$here/../target/jextract/$name"
  rm -rf "$out" && mkdir -p "$out"
  includes=()
  while read -r sym; do includes+=(--include-function "$sym"); done < <(grep -v '^#' "$here/$name.symbols" | tr ' ' '\n' | grep -v '^$')
  jextract --output "$out" -t "dev.minidocker.linux.gen.$name" "${includes[@]}" "$h"
  echo "regen.sh: $h -> $out" >&2
done
