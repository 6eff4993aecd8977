#!/usr/bin/env bash
# Build benchmark: `mini-docker build` vs `podman build` of the same 3-stage Dockerfile (two RUN
# steps, COPYs from the context and from the stages, config-only steps), the base image already in
# both stores, RUN steps without a network on both sides (--network none). Two figures, each
# alternating the tools, N runs each (default 5), medians of the wall time:
#   fresh:  --no-cache, every step executed          (target: mini-docker <= 0.8x podman)
#   cached: the same build again, every step cached  (target: mini-docker <= 0.5x podman)
# Usage: bench/build.sh [N]     (as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-5}"
setup_busybox_peers

ctx="$bench_tmp/ctx"
mkdir -p "$ctx/src/lib" "$ctx/assets"
for i in $(seq 50); do printf 'file %s\n' "$i" > "$ctx/src/lib/f$i.txt"; done
head -c 2000000 /dev/urandom > "$ctx/assets/blob.bin"
echo '**/*.tmp' > "$ctx/.dockerignore"
cat > "$ctx/Dockerfile" <<DOCKERFILE
ARG BASE=$ref
FROM \${BASE} AS deps
WORKDIR /deps
COPY src/ ./src/
RUN find ./src -type f | sort > manifest && wc -l < manifest > count
FROM \${BASE} AS assets
COPY assets/blob.bin /assets/blob.bin
RUN ["sh", "-c", "sha256sum /assets/blob.bin > /assets/sum"]
FROM \${BASE}
LABEL bench="build"
ENV APP=/app
WORKDIR /app
COPY --from=deps /deps/manifest /deps/count ./
COPY --from=assets /assets/sum ./
USER app
CMD ["cat", "count", "sum"]
DOCKERFILE

"${md[@]}" pull -q "$ref" >/dev/null
"${pd[@]}" pull -q --tls-verify=false "$ref" >/dev/null

# timed NAME CMD...: appends the wall seconds of CMD to $bench_tmp/NAME.times
timed() {
  local name="$1" t0 t1; shift
  t0=$(date +%s.%N)
  if ! "$@" >"$bench_tmp/last.out" 2>&1; then echo "bench: $name failed:" >&2; tail -5 "$bench_tmp/last.out" >&2; exit 1; fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >> "$bench_tmp/$name.times"
}

md_build() { "${md[@]}" build -q --network none "$@" -t bench/build "$ctx"; }
pd_build() { "${pd[@]}" build -q --network none "$@" -t bench/build "$ctx"; }

for i in $(seq "$runs"); do
  echo "bench: run $i/$runs" >&2
  if [ $((i % 2)) -eq 1 ]; then
    timed md-fresh md_build --no-cache; timed pd-fresh pd_build --no-cache
    timed md-cached md_build; timed pd-cached pd_build
  else
    timed pd-fresh pd_build --no-cache; timed md-fresh md_build --no-cache
    timed pd-cached pd_build; timed md-cached md_build
  fi
done
"${md[@]}" build --network none -t bench/build "$ctx" > "$bench_tmp/rebuild.out" 2>&1
grep -q "Using cache" "$bench_tmp/rebuild.out" || { echo "bench: mini-docker's rebuild did not use its cache" >&2; exit 1; }

med() { median < "$bench_tmp/$1.times"; }
echo "raw (s): fresh mini-docker [$(paste -sd, "$bench_tmp/md-fresh.times")] podman [$(paste -sd, "$bench_tmp/pd-fresh.times")]"
echo "raw (s): cached mini-docker [$(paste -sd, "$bench_tmp/md-cached.times")] podman [$(paste -sd, "$bench_tmp/pd-cached.times")]"
echo "3-stage build, $runs runs each, alternating, medians:"
echo "fresh (--no-cache): mini-docker $(med md-fresh) s, podman $(med pd-fresh) s, ratio $(ratio "$(med md-fresh)" "$(med pd-fresh)") (target <= 0.8)"
echo "cached rebuild:     mini-docker $(med md-cached) s, podman $(med pd-cached) s, ratio $(ratio "$(med md-cached)" "$(med pd-cached)") (target <= 0.5)"
