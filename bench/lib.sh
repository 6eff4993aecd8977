# Shared by bench/*.sh (sourced): tool checks, a throwaway docker-registry on 127.0.0.1, image
# builds cached under .bench/, podman configured for this machine, cleanup on every exit path.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_tmp="$(mktemp -d /tmp/md-bench-XXXXXX)"
registry_pid="" md_daemon_pid="" md_daemon_root=""

need() { # need TOOL DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is missing (apt-get install $2)" >&2; exit 1; }
}

bench_cleanup() {
  local rc=$? mp
  set +e
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null; fi
  # SIGTERM: the daemon stops its containers' supervision and kills its waiting stage 2s itself.
  if [ -n "$md_daemon_pid" ]; then kill "$md_daemon_pid" 2>/dev/null; wait "$md_daemon_pid" 2>/dev/null; fi
  # A daemon the runs started on their own (cli/DaemonAutostart) for a store of this script.
  if [ -n "$md_daemon_root" ]; then "$repo/mini-docker" --root "$md_daemon_root" daemon stop >/dev/null 2>&1; fi
  # Daemons autostarted for stores a script made and removed per run (bench/commit.sh's, push.sh's):
  # SIGTERM to each daemon whose --root is below this run's temp dir.
  for mp in $(pgrep -f -- "--root $bench_tmp/[^ ]* daemon"); do kill "$mp" 2>/dev/null; done
  for _ in $(seq 50); do pgrep -f -- "--root $bench_tmp/[^ ]* daemon" >/dev/null || break; sleep 0.1; done
  # Storage drivers (podman's overlay) may leave mounts below the temp dir: unmount deepest first.
  for mp in $(awk -v p="$bench_tmp" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
    umount -l "$mp" 2>/dev/null || true
  done
  rm -rf "$bench_tmp"
  # A run on a store's default bridge makes a bridge and a NAT table that outlive the store: `network
  # prune`, from any root, removes those of stores that are gone (a scratch root, removed after).
  mp="$(mktemp -d /tmp/md-bench-prune-XXXXXX)"
  "$repo/mini-docker" --root "$mp" network prune >/dev/null 2>&1
  rm -rf "$mp"
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# build_image NAME: builds images/NAME once into .bench/images/NAME (rebuilt when a recipe changes).
build_image() {
  local name="$1" out="$repo/.bench/images/$1" stamp
  stamp=$(cat "$repo/images/$name/build.sh" "$repo"/images/lib/* | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$out/.recipe-sha256" 2>/dev/null)" != "$stamp" ]; then
    echo "bench: building images/$name ..." >&2
    rm -rf "$out.tmp" && bash "$repo/images/$name/build.sh" "$out.tmp" latest >&2
    echo "$stamp" > "$out.tmp/.recipe-sha256"
    rm -rf "$out" && mv "$out.tmp" "$out"
  fi
  echo "$out"
}

# start_registry: docker-registry on a free 127.0.0.1 port, storage in the temp dir; sets registry.
start_registry() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$bench_tmp/registry"
  cat > "$bench_tmp/registry/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $bench_tmp/registry/storage
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$bench_tmp/registry/config.yml" >"$bench_tmp/registry/log" 2>&1 &
  registry_pid=$!
  registry="127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fs "http://$registry/v2/" >/dev/null 2>&1 && return 0
    kill -0 "$registry_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: docker-registry did not start:" >&2; cat "$bench_tmp/registry/log" >&2; exit 1
}

# push LAYOUT NAME: copies tag latest of an OCI layout to $registry/NAME:latest, digests unchanged.
push() {
  echo '{"default":[{"type":"insecureAcceptAnything"}]}' > "$bench_tmp/policy.json"
  skopeo --policy "$bench_tmp/policy.json" copy --quiet --dest-tls-verify=false \
    "oci:$1:latest" "docker://$registry/$2:latest"
}

# podman with the host's own configuration, but for the two changes without which it cannot run a
# container here (checked 2026-12-04 with podman 4.3.1): crun, the host's default runtime, refuses
# the hybrid cgroup setup ("cgroups in hybrid mode not supported"), so runc; podman's default
# ulimits exceed the hard limits here ("setrlimit RLIMIT_NOFILE: Operation not permitted"), so none.
# The rest (cgroupfs, the event log to a file, its network) is the host's. Exported so every podman
# call in the script uses it.
setup_podman() {
  cat > "$bench_tmp/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF="$bench_tmp/containers.conf"
}

# setup_busybox_peers: what the run benchmarks share: root, the tools, images/busybox in a local
# registry ($ref), podman set up, and both tools' temp stores (the command arrays $md and $pd).
setup_busybox_peers() {
  need docker-registry docker-registry; need skopeo skopeo; need podman podman; need curl curl
  need python3 python3; need runc runc
  [ "$(id -u)" -eq 0 ] || { echo "bench: run as root (containers need root)" >&2; exit 1; }
  local layout
  layout=$(build_image busybox)
  build_mini_docker
  start_registry
  push "$layout" busybox
  ref="$registry/busybox:latest"
  setup_podman
  md=("$repo/mini-docker" --root "$bench_tmp/md-store")
  pd=(podman --root "$bench_tmp/pd-root" --runroot "$bench_tmp/pd-run")
}

# start_md_daemon ROOT: `mini-docker daemon` for the store ROOT, as docker has dockerd running; a
# foreground `run` then goes to it (cli/RemoteRun). Stopped by bench_cleanup.
start_md_daemon() {
  md_daemon_root="$1" # bench_cleanup stops it even if an earlier run had it autostarted (then ours exits at once)
  "$repo/mini-docker" --root "$1" daemon >"$bench_tmp/md-daemon.log" 2>&1 &
  md_daemon_pid=$!
  for _ in $(seq 300); do
    [ -S "$1/minidocker.sock" ] && curl -fs --unix-socket "$1/minidocker.sock" http://d/_ping >/dev/null 2>&1 && return 0
    kill -0 "$md_daemon_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: mini-docker daemon did not start:" >&2; cat "$bench_tmp/md-daemon.log" >&2; exit 1
}

# median of the numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# ratio A B -> A/B with 2 decimals (or n/a)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "nan" || b == "" || b == "nan" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

# Makes sure ./mini-docker's jar is built before anything is timed.
build_mini_docker() {
  "$repo/mini-docker" --version >/dev/null 2>&1 || { echo "bench: ./mini-docker does not start" >&2; exit 1; }
}

# first_instruction RUNS CMD...: median milliseconds from starting CMD (a `run` whose container
# command is `cat /proc/uptime`) to the moment that command runs, read off the clock it prints:
# /proc/uptime is CLOCK_BOOTTIME in centiseconds, the same inside a container (no time namespace).
# Each sample is uptime + 5 ms (half a tick) - the boot-time clock just before the start; no
# tracer slows the run, at the price of +-5 ms per sample.
first_instruction() {
  python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
samples = []
for _ in range(runs):
    t0 = time.clock_gettime(time.CLOCK_BOOTTIME)
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.split()
    if out:
        samples.append((float(out[0]) + 0.005 - t0) * 1000)
# A run that printed nothing failed: counted and said, never dropped silently.
failed = runs - len(samples)
print(("%.0f ms" % statistics.median(samples) if samples else "n/a") + (" (%d of %d failed)" % (failed, runs) if failed else ""))
PY
}
