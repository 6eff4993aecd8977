#!/usr/bin/env bash
# Push benchmark: mini-docker vs podman pushing images/big (~290 MB, 7 layers), each pulled first
# from one local docker-registry (A) and pushed to a fresh repository of another (B), so neither
# tool can mount a blob from where it came: every layer is rebuilt from the store, gzip'ed and
# uploaded. Then the same push again (every layer present: HEADs and the manifest only).
# Alternating, N runs each (default 3), each run in fresh stores; medians, wall time and peak RSS.
#
# mini-docker's side is `mini-docker tag` + `mini-docker push` when the CLI has them, otherwise the
# push client driven by a small test-scope main (dev.minidocker.testing.PushMain, same arguments).
# With the verb, the second push is also timed with the store's daemon running (the CLI hands the
# push to it) and as `docker push` through the daemon's socket.
# Page cache warm, not dropped: the comparison is the clients' own work (tar, gzip, sha256, HTTP).
# Usage: bench/push.sh [N]     (as root)
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
src="$registry/big:latest"

# Registry B, the push target (lib.sh's cleanup knows only one registry: stop this one ourselves).
target_pid=""
trap 'rc=$?; set +e; [ -n "$target_pid" ] && { kill "$target_pid" 2>/dev/null; wait "$target_pid" 2>/dev/null; }; (exit $rc); bench_cleanup' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$bench_tmp/target"
printf 'version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$bench_tmp/target/storage" "$port" > "$bench_tmp/target/config.yml"
docker-registry serve "$bench_tmp/target/config.yml" >"$bench_tmp/target/log" 2>&1 &
target_pid=$!
target="127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "http://$target/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://$target/v2/" >/dev/null || { echo "bench: target registry did not start" >&2; cat "$bench_tmp/target/log" >&2; exit 1; }
setup_podman

# A verb's own help starts "Usage: mini-docker VERB" (an unknown verb gets the top-level help).
has_verb() { "$repo/mini-docker" "$1" --help 2>/dev/null | head -1 | grep -q "^Usage: mini-docker $1"; }
if has_verb push && has_verb tag; then
  md_cli=("$repo/mini-docker")
  md_how="mini-docker push"
  warm_main=()
else
  jdk="$(sed -n 2p "$repo/target/.jdk" 2>/dev/null)"   # the JDK the launcher found
  [ -x "$jdk/bin/java" ] || { echo "bench: no JDK recorded in target/.jdk" >&2; exit 1; }
  (cd "$repo" && JAVA_HOME="$jdk" mvn -q -B -o test-compile >/dev/null 2>&1 || JAVA_HOME="$jdk" mvn -q -B test-compile >/dev/null)
  java_bin="$jdk/bin/java"
  # the launcher's JVM options (see ./mini-docker), the jar plus the test classes
  md_cli=("$java_bin" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData
          -cp "$repo/target/mini-docker.jar:$repo/target/test-classes" dev.minidocker.testing.PushMain)
  md_how="the push client through dev.minidocker.testing.PushMain (no push verb yet)"
  warm_main=("${md_cli[@]}")
fi

# timed NAME CMD...: one timed command; appends "seconds kib user sys" to $bench_tmp/NAME.times (the
# wall time from the clock in ns: time's %e has 10 ms steps, a quarter of podman's second push)
timed() {
  local name="$1" t0 t1; shift
  sync
  t0=$(date +%s%N)
  if /usr/bin/time -f '%M %U %S' -o "$bench_tmp/last.time" "$@" >"$bench_tmp/last.out" 2>&1; then
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$bench_tmp/last.time")" | awk '{ printf "%.4f %s %s %s\n", $1 / 1e6, $2, $3, $4 }' \
      >> "$bench_tmp/$name.times"
  else
    echo "bench: $name failed:" >&2; tail -5 "$bench_tmp/last.out" >&2; exit 1
  fi
}

run_md() {
  local i="$1" store="$bench_tmp/md-store"
  rm -rf "$store"
  "$repo/mini-docker" --root "$store" pull -q "$src" >/dev/null
  "${md_cli[@]}" --root "$store" tag "$src" "$target/md-$i:latest"
  timed md-first "${md_cli[@]}" --root "$store" push "$target/md-$i:latest"
  timed md-second "${md_cli[@]}" --root "$store" push "$target/md-$i:latest"
  if [ "$md_how" = "mini-docker push" ]; then
    # the same second push with the store's daemon running: the CLI hands it over (cli/RemotePush),
    # and the docker client through the daemon's socket
    "$repo/mini-docker" --root "$store" daemon >"$bench_tmp/md-daemon.log" 2>&1 &
    local dpid=$!
    for _ in $(seq 300); do curl -fs --unix-socket "$store/minidocker.sock" http://d/_ping >/dev/null 2>&1 && break; sleep 0.1; done
    "${md_cli[@]}" --root "$store" push "$target/md-$i:latest" >/dev/null   # the daemon's first push warms its JVM
    timed md-daemon "${md_cli[@]}" --root "$store" push "$target/md-$i:latest"
    mkdir -p "$bench_tmp/docker-config"
    timed md-docker env DOCKER_HOST="unix://$store/minidocker.sock" DOCKER_CONFIG="$bench_tmp/docker-config" \
      docker push "$target/md-$i:latest"
    kill "$dpid"; wait "$dpid" 2>/dev/null || true
  fi
  if [ "${#warm_main[@]}" -gt 0 ]; then   # 20 more second pushes in one JVM: the last 10 show a warm JVM's cost
    "${warm_main[@]}" --root "$store" push "$target/md-$i:latest" 20 2>&1 >/dev/null | tail -10 | awk '{ print $3 / 1000 }' >> "$bench_tmp/md-warm.times"
  fi
  rm -rf "$store"
}

# podman remembers where blobs are in /var/lib/containers/cache (whatever --root says): from the
# second run on it would mount the previous run's blobs. Each run gets an empty cache of its own,
# a tmpfs in a private mount namespace (which also takes podman's storage mounts with it).
run_pd() {
  local i="$1"
  export -f timed; export bench_tmp src target i
  unshare -m --propagation private bash -euc '
    mkdir -p /var/lib/containers/cache && mount -t tmpfs tmpfs /var/lib/containers/cache
    pd=(podman --root "$bench_tmp/pd-root" --runroot "$bench_tmp/pd-run")
    "${pd[@]}" pull -q --tls-verify=false "$src" >/dev/null
    "${pd[@]}" tag "$src" "$target/pd-$i:latest"
    timed pd-first "${pd[@]}" push --tls-verify=false "$target/pd-$i:latest"
    timed pd-second "${pd[@]}" push --tls-verify=false "$target/pd-$i:latest"
    "${pd[@]}" rmi --all --force >/dev/null 2>&1 || true'
  rm -rf "$bench_tmp/pd-root" "$bench_tmp/pd-run"
}

# The floor under any JVM client, timed between the runs: an empty JVM (`java -version`: no class of
# ours, no AOT cache, the launcher's GC and JIT flags) started and ended, in ms; the runtime image's
# java when there is one (scripts/make-runtime-image), as the launcher runs it.
floor_java="$(sed -n 2p "$repo/target/.jdk" 2>/dev/null)/bin/java"
[ -x "$repo/target/runtime/bin/java" ] && floor_java="$repo/target/runtime/bin/java"
empty_jvm() {
  local k t0
  [ -x "$floor_java" ] || return 0
  for k in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$floor_java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto -version >/dev/null 2>&1
    echo $(( ($(date +%s%N) - t0) / 1000 )) | awk '{ print $1 / 1000 }' >> "$bench_tmp/empty-jvm.ms"
  done
}

for i in $(seq "$runs"); do
  echo "bench: run $i/$runs" >&2
  if [ $((i % 2)) -eq 1 ]; then run_md "$i"; run_pd "$i"; else run_pd "$i"; run_md "$i"; fi
  empty_jvm
done

col() { cut -d' ' -f"$2" "$bench_tmp/$1.times" | median; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
echo "mini-docker side: $md_how"
echo "raw first push (s KiB user sys): mini-docker [$(paste -sd, "$bench_tmp/md-first.times")] podman [$(paste -sd, "$bench_tmp/pd-first.times")]"
echo "raw second push (s KiB user sys): mini-docker [$(paste -sd, "$bench_tmp/md-second.times")] podman [$(paste -sd, "$bench_tmp/pd-second.times")]"
echo "image: $src ($(du -sm "$layout/blobs" | cut -f1) MB compressed in the layout), pushed to $target; $runs runs each, medians"
echo "first push (every layer compressed and uploaded): mini-docker $(col md-first 1) s, podman $(col pd-first 1) s, ratio $(ratio "$(col md-first 1)" "$(col pd-first 1)") (target <= 1.0)"
echo "second push (every layer present): mini-docker $(col md-second 1) s, podman $(col pd-second 1) s, ratio $(ratio "$(col md-second 1)" "$(col pd-second 1)") (target <= 0.5)"
# The 0.5 target against what a JVM costs before it does anything: ratio of the empty JVM to podman's second push.
[ -s "$bench_tmp/empty-jvm.ms" ] && echo "an empty JVM started and ended (java -version): $(median < "$bench_tmp/empty-jvm.ms") ms," \
  "$(ratio "$(median < "$bench_tmp/empty-jvm.ms")" "$(awk -v s="$(col pd-second 1)" 'BEGIN { print s * 1000 }')") of podman's second push"
[ -s "$bench_tmp/md-daemon.times" ] && echo "second push with the daemon running: mini-docker push $(col md-daemon 1) s (ratio $(ratio "$(col md-daemon 1)" "$(col pd-second 1)")), docker push through mini-docker's daemon $(col md-docker 1) s (ratio $(ratio "$(col md-docker 1)" "$(col pd-second 1)"))"
[ -s "$bench_tmp/md-warm.times" ] && echo "second push inside an already running JVM (what a push in the daemon would cost): mini-docker $(median < "$bench_tmp/md-warm.times") s, ratio $(ratio "$(median < "$bench_tmp/md-warm.times")" "$(col pd-second 1)")"
cpu() { awk '{ print $3 + $4 }' "$bench_tmp/$1.times" | median; }
echo "CPU (user+sys), first push: mini-docker $(cpu md-first) s, podman $(cpu pd-first) s; second push: mini-docker $(cpu md-second) s, podman $(cpu pd-second) s"
echo "peak RSS, first push: mini-docker $(mib "$(col md-first 2)") MiB, podman $(mib "$(col pd-first 2)") MiB"
