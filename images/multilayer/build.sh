#!/usr/bin/env bash
# Builds a small multi-layer OCI image layout that exercises what layer extraction must get right:
# whiteouts (file, directory, base-layer symlink), an opaque directory, a whiteout undone by a later
# layer, file<->directory replacement, hardlinks, setuid/setgid/sticky modes, uid 1000 ownership,
# a FIFO and symlinks (absolute, relative, dangling, to a directory). Base layer = images/busybox.
# Usage: build.sh OUTDIR [TAG]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$here/../lib/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [TAG]" >&2; exit 2; }
need tar gzip python3 dpkg mkfifo
out="$1" tag="${2:-latest}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 022

# Layer 1: the busybox base, identical to images/busybox (same diff_id, same blob).
stage_busybox_rootfs "$work/l1"
det_tar "$work/l1" "$work/l1.tar" --exclude=./home/app
tar_append_owned "$work/l1" "$work/l1.tar" 1000 1000 ./home/app

# Layer 2: content the next layers change.
l2="$work/l2"
mkdir -p "$l2"/{data/subdir,opaque/olddir,etc,tobefile/child,wh-dir/a/b,usr/bin,links,run,home/app,shared,sticky}
echo "keep" > "$l2/data/keep.txt"
echo "remove me" > "$l2/data/remove-me.txt"
echo "x" > "$l2/data/subdir/x"
echo "with space" > "$l2/data/with space.txt"
: > "$l2/data/empty"
echo "old1" > "$l2/opaque/old1.txt"
echo "y" > "$l2/opaque/olddir/y"
echo "motd v1" > "$l2/etc/motd"
echo "i am a file, layer 3 makes me a directory" > "$l2/tobedir"
echo "child" > "$l2/tobefile/child/c"
echo "b" > "$l2/wh-dir/a/b/file"
printf 'hardlinked content\n' > "$l2/data/hl-a"
ln "$l2/data/hl-a" "$l2/data/hl-b"
ln "$l2/data/hl-a" "$l2/links/hl-c"
printf '#!/bin/sh\necho suid\n' > "$l2/usr/bin/suid-tool"
chmod 4755 "$l2/usr/bin/suid-tool"
printf '#!/bin/sh\necho sgid\n' > "$l2/usr/bin/sgid-tool"
chmod 2711 "$l2/usr/bin/sgid-tool"
chmod 2775 "$l2/shared"
chmod 1777 "$l2/sticky"
echo "owned by app" > "$l2/home/app/owned.txt"
chmod 0640 "$l2/home/app/owned.txt"
echo "export PS1='app$ '" > "$l2/home/app/.profile"
mkfifo -m 0620 "$l2/run/fifo"
ln -s /etc/passwd "$l2/links/abs"
ln -s ../data/keep.txt "$l2/links/rel"
ln -s /nonexistent/target "$l2/links/dangling"
ln -s /data "$l2/links/dir"
owned=(./home/app ./home/app/.profile ./home/app/owned.txt)
det_tar "$l2" "$work/l2.tar" "${owned[@]/#/--exclude=}"
tar_append_owned "$l2" "$work/l2.tar" 1000 1000 "${owned[@]}"

# Layer 3: deletions and replacements, in the OCI whiteout form.
l3="$work/l3"
mkdir -p "$l3"/{data,opaque/newdir,etc,tobedir,bin}
: > "$l3/data/.wh.remove-me.txt"           # delete a file
: > "$l3/.wh.wh-dir"                        # delete a whole directory tree
: > "$l3/bin/.wh.wget"                      # delete a base-layer symlink
: > "$l3/opaque/.wh..wh..opq"               # hide everything below /opaque from lower layers
echo "new" > "$l3/opaque/new.txt"
echo "z" > "$l3/opaque/newdir/z"
echo "motd v2" > "$l3/etc/motd"             # modify a file
echo "now a dir" > "$l3/tobedir/inside"     # file -> directory
echo "i was a directory" > "$l3/tobefile"   # directory -> file
echo "keep, now private to app" > "$l3/data/keep.txt"
chmod 0600 "$l3/data/keep.txt"
det_tar "$l3" "$work/l3.tar" --exclude=./data/keep.txt
tar_append_owned "$l3" "$work/l3.tar" 1000 1000 ./data/keep.txt

# Layer 4: undo one whiteout (re-create the deleted file) and delete a layer-3 file.
l4="$work/l4"
mkdir -p "$l4"/{data,opaque}
echo "back again" > "$l4/data/remove-me.txt"
: > "$l4/opaque/.wh.new.txt"
det_tar "$l4" "$work/l4.tar"

rm -rf "$out" && mkdir -p "$out"
python3 "$here/../lib/oci-layout.py" "$out" "$tag" '["sh"]' \
  "$work/l1.tar=COPY busybox-static /bin/busybox + applet links, passwd, group" \
  "$work/l2.tar=ADD files, hardlinks, setuid, fifo, symlinks, uid 1000" \
  "$work/l3.tar=RUN rm, opaque dir, replace file<->dir, chmod" \
  "$work/l4.tar=RUN re-create a deleted file, delete a layer-3 file" >/dev/null
echo "built multilayer image at $out (tag $tag)"
