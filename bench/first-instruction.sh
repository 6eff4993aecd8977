#!/usr/bin/env bash
# Time from `run` to the container command's first instruction, mini-docker and podman side by
# side (same busybox image, pre-pulled from a local registry, as bench/run.sh). The command is
# `cat /proc/uptime`: it prints the boot-time clock as it starts (see first_instruction in lib.sh).
# Usage: bench/first-instruction.sh [RUNS]   (default 20; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-20}"
need docker-registry docker-registry; need skopeo skopeo; need podman podman; need curl curl
need python3 python3; need runc runc
[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (containers need root)" >&2; exit 1; }

layout=$(build_image busybox)
build_mini_docker
start_registry
push "$layout" busybox
ref="$registry/busybox:latest"
setup_podman
md=("$repo/mini-docker" --root "$bench_tmp/md-store")
pd=(podman --root "$bench_tmp/pd-root" --runroot "$bench_tmp/pd-run")
"${md[@]}" pull "$ref" >/dev/null
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
"${md[@]}" run --rm --network none "$ref" true && "${pd[@]}" run --rm --network none "$ref" true # warm-up

md_ms=$(first_instruction "$runs" "${md[@]}" run --rm --network none "$ref" cat /proc/uptime)
pd_ms=$(first_instruction "$runs" "${pd[@]}" run --rm --network none "$ref" cat /proc/uptime)
echo "run -> first instruction of the command, median of $runs: mini-docker $md_ms ms, podman $pd_ms ms"
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
