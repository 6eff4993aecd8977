#!/usr/bin/env bash
# Commit benchmark: mini-docker commit vs podman commit of a stopped busybox container whose upper
# directory holds ~100 MB (50 MB of random bytes in 5 files, 50 MB of text in 2,000 files, so the
# layer is neither all-compressible nor one big file). Alternating, N runs each (default 3), each
# run in fresh stores; medians of the wall time of the commit alone, and peak RSS.
# podman uses vfs storage here (as the tests do: no mounts to leave behind) and compresses the
# layer only at push time, as mini-docker does; both write an uncompressed layer into the store.
# Usage: bench/commit.sh [N]     (as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-3}"
need /usr/bin/time time
setup_busybox_peers

fill='mkdir -p /data/bin /data/txt && for i in 1 2 3 4 5; do head -c 10485760 /dev/urandom > /data/bin/$i; done'
fill="$fill"' && i=0 && while [ $i -lt 2000 ]; do head -c 19000 /dev/urandom | base64 > /data/txt/$i; i=$((i+1)); done'

timed() {
  local name="$1"; shift
  sync
  if /usr/bin/time -f '%e %M %U %S' -o "$bench_tmp/last.time" "$@" >"$bench_tmp/last.out" 2>&1; then
    tail -1 "$bench_tmp/last.time" >> "$bench_tmp/$name.times"
  else
    echo "bench: $name failed:" >&2; tail -5 "$bench_tmp/last.out" >&2; exit 1
  fi
}

run_md() {
  local i="$1"
  rm -rf "$bench_tmp/md-store"
  "${md[@]}" pull -q "$ref" >/dev/null
  "${md[@]}" run --network none --name "c$i" "$ref" sh -c "$fill"
  du -sm "$bench_tmp/md-store/containers"/*/upper | cut -f1 > "$bench_tmp/md-upper-mb"
  timed md "${md[@]}" commit "c$i" "bench/commit:$i"
  "${md[@]}" rm "c$i" >/dev/null
  rm -rf "$bench_tmp/md-store"
}

run_pd() {
  local i="$1"
  local p=("${pd[@]}" --storage-driver vfs)
  "${p[@]}" pull -q --tls-verify=false "$ref" >/dev/null
  "${p[@]}" run --network none --name "c$i" "$ref" sh -c "$fill"
  timed pd "${p[@]}" commit -q "c$i" "bench/commit:$i"
  "${p[@]}" rm "c$i" >/dev/null
  "${p[@]}" rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$bench_tmp/pd-root" "$bench_tmp/pd-run"
}

for i in $(seq "$runs"); do
  echo "bench: run $i/$runs" >&2
  if [ $((i % 2)) -eq 1 ]; then run_md "$i"; run_pd "$i"; else run_pd "$i"; run_md "$i"; fi
done

col() { cut -d' ' -f"$2" "$bench_tmp/$1.times" | median; }
echo "raw commit (s KiB user sys): mini-docker [$(paste -sd, "$bench_tmp/md.times")] podman [$(paste -sd, "$bench_tmp/pd.times")]"
echo "upper dir: $(cat "$bench_tmp/md-upper-mb") MB; $runs runs each, medians"
echo "commit: mini-docker $(col md 1) s, podman $(col pd 1) s, ratio $(ratio "$(col md 1)" "$(col pd 1)") (target <= 0.8)"
echo "peak RSS: mini-docker $(awk -v k="$(col md 2)" 'BEGIN { printf "%.0f", k / 1024 }') MiB, podman $(awk -v k="$(col pd 2)" 'BEGIN { printf "%.0f", k / 1024 }') MiB"
