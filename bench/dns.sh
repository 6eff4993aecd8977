#!/usr/bin/env bash
# DNS benchmark: what name service on a user network costs each `run --rm IMAGE true`, side by side.
# mini-docker (daemon running): a user network, where the daemon opens its embedded resolver's
# sockets in the container (127.0.0.11), against the default bridge, which has no DNS. podman (CNI
# here): a network with its dnsname plugin (dnsmasq on the gateway, updated by a plugin run per
# container) against one created with --disable-dns. Then the time of 100 lookups of a peer's name
# from inside a mini-docker container. No query leaves the machine: `true` asks nothing, the
# lookups are of a container name (answered by the daemon), and the daemon's upstream list is an
# empty file. Usage: bench/dns.sh [RUNS [ROUNDS]]   (defaults 30 3; as root; needs
# golang-github-containernetworking-plugin-dnsname for podman's DNS)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-30}" rounds="${2:-3}"
need hyperfine hyperfine; need nft nftables
[ -x /usr/lib/cni/dnsname ] || { echo "bench: podman's dnsname plugin is missing (apt-get install golang-github-containernetworking-plugin-dnsname)" >&2; exit 1; }
setup_busybox_peers
tables_before=$(nft list tables 2>/dev/null || true)
dns_cleanup() {
  local t
  "${md[@]}" rm -f peer >/dev/null 2>&1 || true
  "${md[@]}" network prune >/dev/null 2>&1 || true
  "${pd[@]}" rm --all --force >/dev/null 2>&1 || true
  "${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
  "${pd[@]}" network rm -f mdbench-dns mdbench-nodns >/dev/null 2>&1 || true
  nft list tables 2>/dev/null | while read -r _ family name; do
    case "$name" in nat|filter|mangle) ;; *) continue ;; esac
    t="table $family $name"
    grep -qxF "$t" <<<"$tables_before" || nft delete "$t" 2>/dev/null || true
  done
}
trap 'rc=$?; dns_cleanup; (exit $rc); bench_cleanup' EXIT

: > "$bench_tmp/no-upstreams.conf"
export MINIDOCKER_DNS_RESOLV_CONF="$bench_tmp/no-upstreams.conf"
"${md[@]}" pull "$ref" >/dev/null
start_md_daemon "$bench_tmp/md-store"
"${md[@]}" network create mdnet >/dev/null
"${md[@]}" run -d --name peer --network mdnet "$ref" sleep 1000 >/dev/null
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
"${pd[@]}" network create mdbench-dns >/dev/null
"${pd[@]}" network create --disable-dns mdbench-nodns >/dev/null
"${pd[@]}" run --rm --network mdbench-dns "$ref" true || { echo "bench: podman run on a DNS network fails" >&2; exit 1; }

q() { printf '%q ' "$@"; }
cmds=(-n md-user-dns "$(q "${md[@]}" run --rm --network mdnet "$ref" true)"
      -n md-bridge "$(q "${md[@]}" run --rm "$ref" true)"
      -n podman-dns "$(q "${pd[@]}" run --rm --network mdbench-dns "$ref" true)"
      -n podman-nodns "$(q "${pd[@]}" run --rm --network mdbench-nodns "$ref" true)")
for round in $(seq "$rounds"); do
  hyperfine -N --style basic --warmup 2 --runs "$(( (runs + rounds - 1) / rounds ))" \
    --export-json "$bench_tmp/dns-$round.json" "${cmds[@]}" >&2
done
read -r mdu mdb pdd pdn < <(python3 - "$bench_tmp"/dns-*.json <<'PY'
import json, statistics, sys
times = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
print(*(statistics.median(times[k]) * 1000 for k in ("md-user-dns", "md-bridge", "podman-dns", "podman-nodns")))
PY
)
lookups=$("${md[@]}" run --rm --network mdnet "$ref" sh -c \
  's=$(cat /proc/uptime); for i in $(seq 100); do nslookup peer >/dev/null || exit 1; done; e=$(cat /proc/uptime); echo "${s%% *} ${e%% *}"' \
  | awk '{ printf "%.1f", ($2 - $1) * 1000 / 100 }')
echo "run --rm busybox true, median of $runs in $rounds rounds (ms):"
printf '  mini-docker: user network with DNS %.1f, default bridge %.1f: %+.1f\n' "$mdu" "$mdb" "$(awk -v a="$mdu" -v b="$mdb" 'BEGIN{print a-b}')"
printf '  podman:      network with dnsname %.1f, --disable-dns %.1f: %+.1f\n' "$pdd" "$pdn" "$(awk -v a="$pdd" -v b="$pdn" 'BEGIN{print a-b}')"
echo "  mini-docker user network / podman dns network = $(ratio "$mdu" "$pdd")"
echo "busybox nslookup of a peer (A + AAAA) inside a mini-docker container: $lookups ms each (100 in a row, /proc/uptime clock)"
