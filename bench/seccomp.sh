#!/usr/bin/env bash
# Seccomp benchmark: what the default filter costs `run --rm --network none busybox true`, side by
# side with `--security-opt seccomp=unconfined` (no filter), both through mini-docker's daemon (the
# target path; the filter is compiled once per store and capability set, then cached, and stage 2
# only installs it) and in-process. Alternating hyperfine rounds, medians over all runs.
# Target (issue 12): the default filter adds <= 15 ms.
# Usage: bench/seccomp.sh [RUNS [ROUNDS]]   (defaults 30 3; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-30}" rounds="${2:-3}"
need hyperfine hyperfine
setup_busybox_peers
"${md[@]}" pull "$ref" >/dev/null
"${md[@]}" run --rm --network none "$ref" true
start_md_daemon "$bench_tmp/md-store"
q() { printf '%q ' "$@"; }
base=(run --rm --network none)
cmds=(-n filtered "$(q "${md[@]}" "${base[@]}" "$ref" true)"
  -n unconfined "$(q "${md[@]}" "${base[@]}" --security-opt seccomp=unconfined "$ref" true)"
  -n filtered-in-process "$(q env MINIDOCKER_IN_PROCESS=1 "${md[@]}" "${base[@]}" "$ref" true)"
  -n unconfined-in-process "$(q env MINIDOCKER_IN_PROCESS=1 "${md[@]}" "${base[@]}" --security-opt seccomp=unconfined "$ref" true)")
for round in $(seq "$rounds"); do
  hyperfine -N --style basic --warmup 2 --runs "$(( (runs + rounds - 1) / rounds ))" \
    --export-json "$bench_tmp/seccomp-$round.json" "${cmds[@]}" >&2
done
read -r f u fi ui < <(python3 - "$bench_tmp"/seccomp-*.json <<'PY'
import json, statistics, sys
times = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
print(*(statistics.median(times[k]) for k in ("filtered", "unconfined", "filtered-in-process", "unconfined-in-process")))
PY
)
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", (a - b) * 1000 }'; }
echo "run --rm --network none busybox true, median of $runs in $rounds rounds (daemon): default filter $(ms "$f") ms, unconfined $(ms "$u") ms, filter adds $(diff_ms "$f" "$u") ms (target <= 15), ratio $(ratio "$f" "$u")"
echo "  in-process: default filter $(ms "$fi") ms, unconfined $(ms "$ui") ms, filter adds $(diff_ms "$fi" "$ui") ms, ratio $(ratio "$fi" "$ui")"
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
