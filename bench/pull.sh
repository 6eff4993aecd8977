#!/usr/bin/env bash
# Pull benchmark: mini-docker vs podman pulling images/big (~290 MB, 7 layers) from a local
# docker-registry on 127.0.0.1, each into an empty store, N rounds (default 3) in which both pull,
# who goes first alternating round by round; failed pulls counted and printed.
# Prints median wall time and peak RSS, plus what the hardware allows (raw HTTP, gunzip).
#
# Page cache: NOT dropped. The registry's blobs stay cached after the push, so both tools read
# the "network" from memory and the comparison is about the client's own work (HTTP, sha256,
# gunzip, tar, fs writes). A `sync` before each pull keeps one run's writeback off the next run.
# Usage: bench/pull.sh [N]     (as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-3}"
need docker-registry docker-registry; need skopeo skopeo; need podman podman; need curl curl
need python3 python3; need /usr/bin/time time
[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (podman and mini-docker store ownership)" >&2; exit 1; }

layout=$(build_image big)
build_mini_docker
start_registry
push "$layout" big
ref="$registry/big:latest"
setup_podman

# One timed pull; appends "seconds kib" to $bench_tmp/NAME.times, or marks the tool failed.
timed_pull() {
  local name="$1"; shift
  sync
  if /usr/bin/time -f '%e %M' -o "$bench_tmp/last.time" "$@" >"$bench_tmp/last.out" 2>&1; then
    tail -1 "$bench_tmp/last.time" >> "$bench_tmp/$name.times"
  else
    echo "bench: $name pull failed:" >&2; tail -5 "$bench_tmp/last.out" >&2
    echo x >> "$bench_tmp/$name.failed"
  fi
}

md_pull_round() {
  timed_pull mini-docker "$repo/mini-docker" --root "$bench_tmp/md-store" pull "$ref"
  rm -rf "$bench_tmp/md-store"
}
pd_pull_round() {
  timed_pull podman podman --root "$bench_tmp/pd-root" --runroot "$bench_tmp/pd-run" \
    pull --quiet --tls-verify=false "$ref"
  podman --root "$bench_tmp/pd-root" --runroot "$bench_tmp/pd-run" rmi --all --force >/dev/null 2>&1 || true
  for mp in $(awk -v p="$bench_tmp/pd-" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
    umount -l "$mp"
  done
  rm -rf "$bench_tmp/pd-root" "$bench_tmp/pd-run"
}

for i in $(seq "$runs"); do
  echo "bench: run $i/$runs" >&2
  # Alternate who goes first: odd rounds mini-docker, even rounds podman.
  if [ $((i % 2)) = 1 ]; then md_pull_round; pd_pull_round; else pd_pull_round; md_pull_round; fi
done

# The limits: every blob over HTTP into /dev/null (parallel like the clients), gunzip of the big layer.
manifest="$layout/blobs/sha256/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$layout/index.json")"
mapfile -t blobs < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["config"]["digest"]); [print(l["digest"]) for l in m["layers"]]' "$manifest")
urls=$(for b in "${blobs[@]}"; do printf 'http://%s/v2/big/blobs/%s ' "$registry" "$b"; done)
curl_s=$( { /usr/bin/time -f '%e' bash -c 'for u in $0 "$@"; do curl -fs -o /dev/null "$u" & done; wait' $urls; } 2>&1 )
biggest=$(ls -S "$layout/blobs/sha256" | head -1)
zcat_s=$( { /usr/bin/time -f '%e' zcat "$layout/blobs/sha256/$biggest" >/dev/null; } 2>&1 )
sha_s=$( { /usr/bin/time -f '%e' sha256sum "$layout/blobs/sha256/$biggest" >/dev/null; } 2>&1 )

touch "$bench_tmp/mini-docker.times" "$bench_tmp/podman.times"
md_wall=$(cut -d' ' -f1 "$bench_tmp/mini-docker.times" | median)
pd_wall=$(cut -d' ' -f1 "$bench_tmp/podman.times" | median)
md_rss=$(cut -d' ' -f2 "$bench_tmp/mini-docker.times" | median)
pd_rss=$(cut -d' ' -f2 "$bench_tmp/podman.times" | median)
mib() { awk -v k="$1" 'BEGIN { if (k == "nan") print "n/a"; else printf "%.0f", k / 1024 }'; }
size_mb=$(du -sm "$layout/blobs" | cut -f1)
echo "raw (s KiB): mini-docker [$(paste -sd, "$bench_tmp/mini-docker.times")] podman [$(paste -sd, "$bench_tmp/podman.times")]"
echo "image: $ref, ${#blobs[@]} blobs, ${size_mb} MB compressed; $runs runs each, medians, page cache warm"
echo "pull wall: mini-docker ${md_wall} s, podman ${pd_wall} s, ratio $(ratio "$md_wall" "$pd_wall") (target <= 0.8)"
echo "peak RSS: mini-docker $(mib "$md_rss") MiB (target <= 256), podman $(mib "$pd_rss") MiB"
echo "limits: all blobs via curl to /dev/null ${curl_s} s; zcat of the ${biggest:0:12} layer ${zcat_s} s; sha256sum of it ${sha_s} s"
echo "failed pulls (not in the medians): mini-docker $(cat "$bench_tmp/mini-docker.failed" 2>/dev/null | wc -l) of $runs, podman $(cat "$bench_tmp/podman.failed" 2>/dev/null | wc -l) of $runs"
