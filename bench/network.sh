#!/usr/bin/env bash
# Network benchmark: `mini-docker run --rm IMAGE true` with its default bridge network, the same with
# `--network none`, and `podman run --rm IMAGE true` with podman's default network (netavark bridge),
# for images/busybox pre-pulled from a local docker-registry into temp stores, RUNS rounds that
# alternate the three sample by sample, failures counted (bench/alternate.py). mini-docker runs with its daemon running for the
# store, as docker has dockerd (the run goes to the daemon: cli/RemoteRun). Targets: the bridge adds <= 30 ms over none, and
# mini-docker with its bridge takes <= 0.5x podman's time with its network.
# No packet leaves the machine: `true` sends nothing; bridges and NAT rules are removed at the end.
# Usage: bench/network.sh [RUNS]   (default 20; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-20}"
need nft nftables
setup_busybox_peers
# netavark leaves its iptables-nft tables behind; remove the ones this script brought into being.
tables_before=$(nft list tables 2>/dev/null || true)
# podman's default network keeps its bridge (cni-podman0, or podman0 with netavark) after prune.
links_before=$(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }')
net_cleanup() {
  local t l
  "${md[@]}" network prune >/dev/null 2>&1 || true
  "${pd[@]}" rm --all --force >/dev/null 2>&1 || true
  "${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
  "${pd[@]}" network prune --force >/dev/null 2>&1 || true
  for l in $(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
    case "$l" in cni-podman*|podman*) grep -qxF "$l" <<<"$links_before" || ip link del "$l" 2>/dev/null || true ;; esac
  done
  nft list tables 2>/dev/null | while read -r _ family name; do
    case "$name" in nat|filter|mangle) ;; *) continue ;; esac
    t="table $family $name"
    grep -qxF "$t" <<<"$tables_before" || nft delete "$t" 2>/dev/null || true
  done
}
trap 'rc=$?; net_cleanup; (exit $rc); bench_cleanup' EXIT

"${md[@]}" pull "$ref" >/dev/null
"${md[@]}" run --rm "$ref" true || { echo "bench: mini-docker run with a bridge fails" >&2; exit 1; }
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
"${pd[@]}" run --rm "$ref" true || { echo "bench: podman run fails here; see bench/lib.sh setup_podman" >&2; exit 1; }

start_md_daemon "$bench_tmp/md-store"
q() { printf '%q ' "$@"; }
python3 "$repo/bench/alternate.py" "$bench_tmp/net.json" "$runs" \
  md-bridge "$(q "${md[@]}" run --rm "$ref" true)" \
  md-none "$(q "${md[@]}" run --rm --network none "$ref" true)" \
  podman-bridge "$(q "${pd[@]}" run --rm "$ref" true)"
python3 "$repo/bench/summary.py" "$bench_tmp/net.json"
read -r bridge none podman < <(python3 - "$bench_tmp/net.json" <<'PY'
import json, statistics, sys
d = json.load(open(sys.argv[1]))
print(*(statistics.median(d[k]["times"]) for k in ("md-bridge", "md-none", "podman-bridge")))
PY
)
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
added=$(awk -v b="$bridge" -v n="$none" 'BEGIN { printf "%.1f", (b - n) * 1000 }')
echo "run --rm busybox true, median of $runs alternating rounds (failures above):"
echo "  mini-docker bridge $(ms "$bridge") ms, mini-docker none $(ms "$none") ms: the bridge adds $added ms (target <= 30)"
echo "  podman with its network $(ms "$podman") ms: mini-docker bridge / podman = $(ratio "$bridge" "$podman") (target <= 0.5)"
