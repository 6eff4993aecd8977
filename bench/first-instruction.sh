#!/usr/bin/env bash
# Time from `run` to the container command's first instruction, mini-docker and podman side by
# side (same busybox image, pre-pulled from a local registry, as bench/run.sh). The command is
# `cat /proc/uptime`: it prints the boot-time clock as it starts (see first_instruction in lib.sh).
# mini-docker with its daemon running for the store, as in bench/run.sh.
# Usage: bench/first-instruction.sh [RUNS]   (default 20; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-20}"
setup_busybox_peers
"${md[@]}" pull "$ref" >/dev/null
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
start_md_daemon "$bench_tmp/md-store"
"${md[@]}" run --rm --network none "$ref" true && "${pd[@]}" run --rm --network none "$ref" true # warm-up

md_ms=$(first_instruction "$runs" "${md[@]}" run --rm --network none "$ref" cat /proc/uptime)
pd_ms=$(first_instruction "$runs" "${pd[@]}" run --rm --network none "$ref" cat /proc/uptime)
echo "run -> first instruction of the command, median of $runs: mini-docker $md_ms, podman $pd_ms"
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
