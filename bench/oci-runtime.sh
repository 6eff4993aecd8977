#!/usr/bin/env bash
# OCI runtime benchmark: podman with mini-docker-runtime as its runtime against podman with runc,
#   podman --runtime ./mini-docker-runtime run --rm --network none --security-opt seccomp=unconfined busybox true
#   podman --runtime runc                  run --rm --network none --security-opt seccomp=unconfined busybox true
# the same podman store (images/busybox from a local registry), the same options (mini-docker-runtime
# refuses a seccomp profile, so both run without one), timed with hyperfine in ROUNDS alternating
# calls so that load from other processes hits both alike; medians over all runs and the ratio
# (target <= 1.3). Then each runtime verb podman calls, alone: `create`+`start`+`delete` of a runc-spec
# bundle, ours against runc's.
# Usage: bench/oci-runtime.sh [RUNS [ROUNDS]]   (defaults 30 3; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-30}" rounds="${2:-3}"
need hyperfine hyperfine
setup_busybox_peers
rt="$repo/mini-docker-runtime"
"$rt" --version >/dev/null   # builds the jar and the AOT caches if needed
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
opts=(run --rm --network none --security-opt seccomp=unconfined "$ref" true)
"${pd[@]}" --runtime "$rt" "${opts[@]}" || { echo "bench: podman with mini-docker-runtime fails" >&2; exit 1; }
"${pd[@]}" --runtime runc "${opts[@]}" || { echo "bench: podman with runc fails" >&2; exit 1; }

q() { printf '%q ' "$@"; }
cmds=(-n mini-docker-runtime "$(q "${pd[@]}" --runtime "$rt" "${opts[@]}")" -n runc "$(q "${pd[@]}" --runtime runc "${opts[@]}")")
for round in $(seq "$rounds"); do
  hyperfine -N --style basic --warmup 2 --runs "$(( (runs + rounds - 1) / rounds ))" \
    --export-json "$bench_tmp/oci-$round.json" "${cmds[@]}" >&2
done
read -r ours_med runc_med ours_lo ours_hi runc_lo runc_hi < <(python3 - "$bench_tmp"/oci-*.json <<'PY'
import json, statistics, sys
times = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
o, r = times["mini-docker-runtime"], times["runc"]
print(statistics.median(o), statistics.median(r), min(o), max(o), min(r), max(r))
PY
)
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
echo "podman run --rm busybox true, median of $runs in $rounds rounds: mini-docker-runtime $(ms "$ours_med") ms" \
  "(min $(ms "$ours_lo"), max $(ms "$ours_hi")), runc $(ms "$runc_med") ms (min $(ms "$runc_lo"), max $(ms "$runc_hi")), ratio $(ratio "$ours_med" "$runc_med") (target <= 1.3)"
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
