#!/usr/bin/env bash
# OCI runtime benchmark: podman with mini-docker-runtime as its runtime against podman with runc,
#   podman --runtime ./mini-docker-runtime run --rm --network none busybox true
#   podman --runtime runc                  run --rm --network none busybox true
# the same podman store (images/busybox from a local registry), the same options (podman's default
# seccomp profile in both: BENCH_SECCOMP=unconfined runs both without one), timed with hyperfine in ROUNDS alternating
# calls so that load from other processes hits both alike; medians over all runs and the ratio
# (target <= 1.3). Then each runtime verb podman calls, alone: `create`, `start` and `delete` of a
# runc-spec bundle, ours against runc's (start and delete are the launcher's shell fast path).
# Usage: bench/oci-runtime.sh [RUNS [ROUNDS]]   (defaults 30 3; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-30}" rounds="${2:-3}"
need hyperfine hyperfine
setup_busybox_peers
rt="$repo/mini-docker-runtime"
"$rt" --version >/dev/null   # builds the jar and the AOT caches if needed
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
opts=(run --rm --network none)
[ -z "${BENCH_SECCOMP:-}" ] || opts+=(--security-opt "seccomp=$BENCH_SECCOMP")
opts+=("$ref" true)
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
echo "podman run --rm busybox true${BENCH_SECCOMP:+ (seccomp=$BENCH_SECCOMP)}, median of $runs in $rounds rounds: mini-docker-runtime $(ms "$ours_med") ms" \
  "(min $(ms "$ours_lo"), max $(ms "$ours_hi")), runc $(ms "$runc_med") ms (min $(ms "$runc_lo"), max $(ms "$runc_hi")), ratio $(ratio "$ours_med" "$runc_med") (target <= 1.3)"
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true

# Each verb alone, as podman calls them: a runc-spec bundle of images/busybox running `true` (podman's
# seccomp section added unless BENCH_SECCOMP=unconfined), RUNS create/start/delete cycles per runtime.
bundle="$bench_tmp/bundle"
mkdir -p "$bundle/rootfs"
layout=$(build_image busybox)
python3 - "$layout" "$bundle" "${BENCH_SECCOMP:-}" <<'PY'
import json, platform, subprocess, sys
layout, bundle, seccomp = sys.argv[1:]
index = json.load(open(f"{layout}/index.json"))
manifest = json.load(open(f"{layout}/blobs/sha256/{index['manifests'][0]['digest'].split(':')[1]}"))
for layer in manifest["layers"]:
    subprocess.run(["tar", "-C", f"{bundle}/rootfs", "-xzf", f"{layout}/blobs/sha256/{layer['digest'].split(':')[1]}"], check=True)
subprocess.run(["runc", "spec", "--bundle", bundle], check=True)
c = json.load(open(f"{bundle}/config.json"))
c["process"].update(terminal=False, args=["true"])
if seccomp != "unconfined":
    c["linux"]["seccomp"] = json.load(open("/usr/share/containers/seccomp.json")) if seccomp == "" else json.load(open(seccomp))
    for key in ("archMap",):  # containers-common's file is Docker's format: keep the OCI fields only
        c["linux"]["seccomp"].pop(key, None)
    c["linux"]["seccomp"]["architectures"] = (["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"] if platform.machine() == "aarch64"
                                              else ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
    # Docker's conditional rules, resolved as podman resolves them for this container: an entry
    # applies when this machine's architecture and the process's bounding capabilities satisfy its
    # includes and miss its excludes (dropping them all denied arch_prctl on x86_64, and the static
    # busybox died before main with "cannot set %fs base address").
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    caps = set(c["process"]["capabilities"]["bounding"])
    def applies(s):
        inc, exc = s.get("includes") or {}, s.get("excludes") or {}
        return ((not inc.get("arches") or arch in inc["arches"]) and set(inc.get("caps") or []) <= caps
                and arch not in (exc.get("arches") or []) and not set(exc.get("caps") or []) & caps)
    c["linux"]["seccomp"]["syscalls"] = [{k: v for k, v in s.items() if k in ("names", "action", "errnoRet", "args")}
                                         for s in c["linux"]["seccomp"]["syscalls"] if applies(s)]
json.dump(c, open(f"{bundle}/config.json", "w"))
PY
verbs() {   # verbs NAME RUNTIME: median ms of create, start, delete over $runs cycles
  local name="$1" rt="$2" i t0 t1 t2 t3
  : > "$bench_tmp/verbs-$name"
  for i in $(seq "$runs"); do
    t0=$(date +%s%N); "$rt" --root "$bench_tmp/state-$name" create --bundle "$bundle" "bench-$i" >/dev/null 2>"$bench_tmp/err-$name" </dev/null
    t1=$(date +%s%N); "$rt" --root "$bench_tmp/state-$name" start "bench-$i"
    t2=$(date +%s%N); while [ "$("$rt" --root "$bench_tmp/state-$name" state "bench-$i" | grep -c '"stopped"')" = 0 ]; do sleep 0.01; done
    t3=$(date +%s%N); "$rt" --root "$bench_tmp/state-$name" delete --force "bench-$i"
    echo "$(( (t1 - t0) / 1000 )) $(( (t2 - t1) / 1000 )) $(( ($(date +%s%N) - t3) / 1000 ))" >> "$bench_tmp/verbs-$name"
    # The runtime's and the container's stderr: `true` and a runtime that worked print nothing.
    if [ -s "$bench_tmp/err-$name" ]; then
      echo "bench: $name cycle $i failed: $(head -c 300 "$bench_tmp/err-$name" | tr '\n' ' ')" >&2
      echo x >> "$bench_tmp/failed-$name"
    fi
  done
  for col in 1 2 3; do awk -v c="$col" '{ print $c / 1000 }' "$bench_tmp/verbs-$name" | median; done \
    | awk '{ printf "%.0f\n", $1 }' | paste -sd' '
}
read -r oc os od < <(verbs ours "$rt")
read -r rc rs rd < <(verbs runc runc)
failed() { [ -f "$bench_tmp/failed-$1" ] && wc -l < "$bench_tmp/failed-$1" || echo 0; }
echo "verbs, median of $runs: create ${oc} ms / runc ${rc} ms (ratio $(ratio "$oc" "$rc")), start ${os} / ${rs} ms, delete ${od} / ${rd} ms;" \
  "failed cycles: $(failed ours) / $(failed runc)"
