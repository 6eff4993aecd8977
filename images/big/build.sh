#!/usr/bin/env bash
# Builds the ~300 MB benchmark image: the busybox base, one large poorly compressible layer
# (4 x 50 MiB of seeded random bytes) and five 15 MiB layers of compressible log-like text.
# Deterministic (seeded), offline. Usage: build.sh OUTDIR [TAG]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$here/../lib/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [TAG]" >&2; exit 2; }
need tar gzip python3 dpkg
out="$1" tag="${2:-latest}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gen="$here/../lib/gen-data.py"

stage_busybox_rootfs "$work/l0"
det_tar "$work/l0" "$work/l0.tar" --exclude=./home/app
tar_append_owned "$work/l0" "$work/l0.tar" 1000 1000 ./home/app
layers=("$work/l0.tar=COPY busybox-static /bin/busybox + applet links, passwd, group")

mkdir -p "$work/blob/opt/media"
for i in 1 2 3 4; do
  python3 "$gen" random "$i" 50 "$work/blob/opt/media/asset-$i.bin"
done
det_tar "$work/blob" "$work/blob.tar"
rm -rf "$work/blob"
layers+=("$work/blob.tar=COPY 200 MiB of incompressible assets")

for i in 1 2 3 4 5; do
  mkdir -p "$work/t$i/var/log/app$i"
  python3 "$gen" text "$((100 + i))" 15 "$work/t$i/var/log/app$i/app.log"
  det_tar "$work/t$i" "$work/t$i.tar"
  rm -rf "$work/t$i"
  layers+=("$work/t$i.tar=COPY 15 MiB of logs ($i)")
done

rm -rf "$out" && mkdir -p "$out"
python3 "$here/../lib/oci-layout.py" "$out" "$tag" '["sh"]' "${layers[@]}" >/dev/null
echo "built big image at $out (tag $tag): $(du -sh "$out" | cut -f1)"
