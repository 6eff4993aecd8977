#!/usr/bin/env bash
# Run benchmark: `run --rm --network none IMAGE true` for images/busybox, both tools pre-pulled from a
# local docker-registry into temp stores, timed with hyperfine (no shell, warm-up runs):
#   mini-docker   with its daemon running for the store (as docker has dockerd): the run goes to the
#                 daemon, which keeps a stage 2 waiting (cli/RemoteRun). This is the target figure.
#   in-process    mini-docker without a daemon (MINIDOCKER_IN_PROCESS=1): CLI JVM + stage 2 JVM.
#   podman        podman run --rm --network none (daemonless).
# The runs are split into ROUNDS alternating hyperfine calls so that load from other processes hits
# all alike; the median is over all runs. Then the time from `run` to the command's first
# instruction, both tools (first_instruction, lib.sh).
# Usage: bench/run.sh [RUNS [ROUNDS]]   (defaults 30 3; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-30}" rounds="${2:-3}"
need hyperfine hyperfine
setup_busybox_peers
md_ok=1
"${md[@]}" pull "$ref" >/dev/null 2>"$bench_tmp/md-pull.err" \
  && "${md[@]}" run --rm --network none "$ref" true 2>"$bench_tmp/md-run.err" \
  || { md_ok=0; echo "bench: mini-docker cannot pull+run yet:" >&2; tail -n 3 "$bench_tmp"/md-*.err >&2 || true; }
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
"${pd[@]}" run --rm --network none "$ref" true \
  || { echo "bench: podman run fails here; see bench/lib.sh setup_podman" >&2; exit 1; }

start_md_daemon "$bench_tmp/md-store"
q() { printf '%q ' "$@"; }
cmds=()
[ "$md_ok" = 1 ] && cmds+=(-n mini-docker "$(q "${md[@]}" run --rm --network none "$ref" true)"
  -n in-process "$(q env MINIDOCKER_IN_PROCESS=1 "${md[@]}" run --rm --network none "$ref" true)")
cmds+=(-n podman "$(q "${pd[@]}" run --rm --network none "$ref" true)")
for round in $(seq "$rounds"); do
  hyperfine -N --style basic --warmup 2 --runs "$(( (runs + rounds - 1) / rounds ))" \
    --export-json "$bench_tmp/run-$round.json" "${cmds[@]}" >&2
done

read -r md_med ip_med pd_med < <(python3 - "$bench_tmp"/run-*.json <<'PY'
import json, statistics, sys
times = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
print(*(statistics.median(times[k]) if k in times else "nan" for k in ("mini-docker", "in-process", "podman")))
PY
)
ms() { awk -v s="$1" 'BEGIN { if (s == "nan") print "n/a"; else printf "%.1f", s * 1000 }'; }
echo "run --rm --network none busybox true, median of $runs in $rounds rounds: mini-docker $(ms "$md_med") ms, podman $(ms "$pd_med") ms, ratio $(ratio "$md_med" "$pd_med") (target <= 0.8)"
echo "  (mini-docker with its daemon running; without one, in-process: $(ms "$ip_med") ms, ratio $(ratio "$ip_med" "$pd_med"))"
# Time to the container command's first instruction (see first_instruction in lib.sh).
fi_runs=$(( runs < 10 ? runs : 10 ))
md_fi="n/a"
[ "$md_ok" = 1 ] && md_fi=$(first_instruction "$fi_runs" "${md[@]}" run --rm --network none "$ref" cat /proc/uptime)
pd_fi=$(first_instruction "$fi_runs" "${pd[@]}" run --rm --network none "$ref" cat /proc/uptime)
echo "run -> first instruction of the command, median of $fi_runs: mini-docker $md_fi ms, podman $pd_fi ms"
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
