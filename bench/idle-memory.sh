#!/usr/bin/env bash
# Resident memory of mini-docker's own processes with N idle detached busybox containers (default
# 100), and of podman's conmon monitors for the same count when podman is installed. Root only.
# Uses a throwaway store root and a busybox-static root directory, so it needs no registry.
#   bench/idle-memory.sh [N]
set -euo pipefail
n=${1:-100}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/minidocker-idle.XXXXXX)
root="$work/root"
rootfs="$work/rootfs"
md() { "$here/mini-docker" --root "$root" "$@"; }

cleanup() {
    set +e
    if [ -f "$root/daemon.json" ]; then
        md ps -aq --no-trunc | xargs -r "$here/mini-docker" --root "$root" rm -f >/dev/null
        pid=$(sed -n 's/.*"Pid":\([0-9]*\).*/\1/p' "$root/daemon.json")
        [ -n "$pid" ] && kill "$pid" && while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    if command -v podman >/dev/null; then
        podman ps -aq --filter label=minidocker-idle-bench | xargs -r podman rm -f -t 0 >/dev/null 2>&1
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$rootfs"/{bin,proc,sys,dev,etc,tmp}
cp /bin/busybox "$rootfs/bin/busybox"
for a in sh sleep; do ln -s busybox "$rootfs/bin/$a"; done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

for i in $(seq "$n"); do md run -d -r "$rootfs" sleep 1000000 >/dev/null; done
sleep 2
pid=$(sed -n 's/.*"Pid":\([0-9]*\).*/\1/p' "$root/daemon.json")
running=$(md ps -q | wc -l)
# mini-docker's own processes: the daemon, and its java children (stage 2 JVMs: none once every
# container has exec'd its command; one per container with --init). The containers' commands are theirs.
daemon=$(rss_kib "$pid")
total=$daemon
for p in $(pgrep -P "$pid" -x java || true); do total=$((total + $(rss_kib "$p"))); done
threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
echo "mini-docker: $running idle containers, daemon pid $pid RSS $((daemon / 1024)) MiB ($threads threads), all mini-docker processes $((total / 1024)) MiB, $((total / running)) KiB per container"

if command -v podman >/dev/null; then
    if ! err=$(podman run -d --label minidocker-idle-bench --network none --rootfs "$rootfs" sleep 1000000 2>&1); then
        echo "podman: cannot start a container here: $err"
        exit 0
    fi
    for i in $(seq 2 "$n"); do
        podman run -d --label minidocker-idle-bench --network none --rootfs "$rootfs" sleep 1000000 >/dev/null
    done
    sleep 2
    conmon=0
    for p in $(pgrep -x conmon || true); do conmon=$((conmon + $(rss_kib "$p"))); done
    count=$(pgrep -x conmon | wc -l)
    echo "podman: $count conmon processes RSS $((conmon / 1024)) MiB, $((conmon / (count > 0 ? count : 1))) KiB per container"
fi
