#!/usr/bin/env bash
# Builds a one-layer busybox OCI image layout from Debian's busybox-static, offline and
# reproducibly (same inputs, same digests). Usage: build.sh OUTDIR [TAG]   (TAG defaults to latest)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$here/../lib/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [TAG]" >&2; exit 2; }
need tar gzip python3 dpkg
out="$1" tag="${2:-latest}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

stage_busybox_rootfs "$work/rootfs"
det_tar "$work/rootfs" "$work/busybox.tar" --exclude=./home/app
tar_append_owned "$work/rootfs" "$work/busybox.tar" 1000 1000 ./home/app

rm -rf "$out" && mkdir -p "$out"
python3 "$here/../lib/oci-layout.py" "$out" "$tag" '["sh"]' \
  "$work/busybox.tar=COPY busybox-static /bin/busybox + applet links, passwd, group" >/dev/null
echo "built busybox image at $out (tag $tag)"
