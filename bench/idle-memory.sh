#!/usr/bin/env bash
# Memory, idle, both RSS and PSS (PSS shares the JVM's and the jar's mapped pages out among the
# processes that map them; RSS counts them in full in each):
#   1. What the first foreground run leaves behind (cli/DaemonAutostart): the daemon and the stage 2s
#      it keeps waiting, after a second run (the pool grows to two) and the pool's idle period
#      (MINIDOCKER_POOL_IDLE_MS, 60 s by default, 5 s here so the script need not wait a minute).
#      Budget: <= 150 MiB RSS in total. Also printed: the daemon's CPU from its start to then.
#   2. N idle detached busybox containers (default 100): mini-docker's own processes (the daemon and
#      its java children) against podman's conmon monitors for its own N containers (its own store,
#      counted by that store's path, so other podman users on the machine are not counted), both
#      with --network none. Budget: mini-docker <= 300 MiB RSS.
# Uses throwaway stores and a busybox-static root directory (run -r / --rootfs): no registry. Root only.
#   bench/idle-memory.sh [N]
set -euo pipefail
n=${1:-100}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/minidocker-idle.XXXXXX)
root="$work/root"
rootfs="$work/rootfs"
md() { "$here/mini-docker" --root "$root" "$@"; }
pd() { CONTAINERS_CONF="$work/containers.conf" podman --root "$work/pd-root" --runroot "$work/pd-run" "$@"; }

cleanup() {
    set +e
    if [ -d "$root" ]; then
        md ps -aq --no-trunc 2>/dev/null | xargs -r "$here/mini-docker" --root "$root" rm -f >/dev/null
        md daemon stop >/dev/null
    fi
    if command -v podman >/dev/null; then pd rm -a -f -t 0 >/dev/null 2>&1; fi
    # conmon's `podman container cleanup` children may mount podman's store again after rm: retry.
    for _ in 1 2 3 4 5; do
        for mp in $(awk -v p="$work" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do umount -l "$mp"; done
        rm -rf "$work" 2>/dev/null && break
        sleep 1
    done
}
trap cleanup EXIT

mkdir -p "$rootfs"/{bin,proc,sys,dev,etc,tmp}
cp /bin/busybox "$rootfs/bin/busybox"
for a in sh sleep true; do ln -s busybox "$rootfs/bin/$a"; done
# The host's podman configuration but for what bench/lib.sh setup_podman explains (runc, no ulimits).
printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n' > "$work/containers.conf"

kib() { awk -v k="$1" '$1 == k {print $2}' "/proc/$2/${3:-status}" 2>/dev/null || echo 0; }
rss() { kib VmRSS: "$1"; }
pss() { kib Pss: "$1" smaps_rollup; }
mib() { echo $(( $1 / 1024 )); }
daemon_pid() { sed -n 's/.*"Pid":\([0-9]*\).*/\1/p' "$root/daemon.json"; }
# "RSS PSS COUNT" of the daemon and its java children
md_memory() {
    local pid r p c=1
    pid=$(daemon_pid); r=$(rss "$pid"); p=$(pss "$pid")
    for k in $(pgrep -P "$pid" -x java || true); do r=$((r + $(rss "$k"))); p=$((p + $(pss "$k"))); c=$((c + 1)); done
    echo "$r $p $c"
}

# 1. The first run leaves the daemon starting; a second goes to it.
export MINIDOCKER_POOL_IDLE_MS=5000
md run --rm --network none -r "$rootfs" true
for _ in $(seq 100); do [ -S "$root/minidocker.sock" ] && break; sleep 0.1; done
md run --rm --network none -r "$rootfs" true
sleep 12 # the pool's idle period, then what the trim killed is gone
read -r r p c < <(md_memory)
echo "1. idle daemon after two runs: $c processes (daemon pid $(daemon_pid) and $((c - 1)) waiting stage 2), RSS $(mib "$r") MiB, PSS $(mib "$p") MiB (budget <= 150 MiB RSS)"
# What the daemon's start and the run through it cost the machine (its own threads; stat's utime + stime).
ticks=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$(daemon_pid)/stat")
echo "   the daemon's CPU from its start to idle (one run through it): $(( ticks * 1000 / $(getconf CLK_TCK) )) ms"

# 2. N idle detached containers.
for i in $(seq "$n"); do md run -d --network none -r "$rootfs" sleep 1000000 >/dev/null; done
sleep 2
read -r r p c < <(md_memory)
running=$(md ps -q | wc -l)
echo "2. mini-docker: $running idle containers, $c mini-docker processes, RSS $(mib "$r") MiB ($((r / running)) KiB per container), PSS $(mib "$p") MiB (budget <= 300 MiB RSS)"

if command -v podman >/dev/null; then
    if ! err=$(pd run -d --network none --rootfs "$rootfs" sleep 1000000 2>&1); then
        echo "   podman: cannot start a container here: $err"
        exit 0
    fi
    for i in $(seq 2 "$n"); do pd run -d --network none --rootfs "$rootfs" sleep 1000000 >/dev/null; done
    sleep 2
    r=0 p=0 c=0
    for k in $(pgrep -f "^[^ ]*conmon .*$work/pd-" || true); do r=$((r + $(rss "$k"))); p=$((p + $(pss "$k"))); c=$((c + 1)); done
    echo "   podman: $c conmon processes (its own store only), RSS $(mib "$r") MiB ($((r / (c > 0 ? c : 1))) KiB per container), PSS $(mib "$p") MiB"
fi
