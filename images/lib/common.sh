# Shared helpers for the image recipes (sourced, not run). Offline: only Debian packages are used.

# Fails with one clear line when a tool is missing.
need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "images: '$tool' is missing (Debian: $(pkg_for "$tool"))" >&2; exit 1; }
  done
}
pkg_for() {
  case "$1" in
    python3) echo python3 ;; gzip) echo gzip ;; tar) echo tar ;; *) echo "$1" ;;
  esac
}

# Deterministic tar of directory $1 (contents, as "./...") into file $2: sorted names, mtime 0.
# Everything is root-owned; extra args (e.g. --exclude=./home/app) go to tar.
det_tar() {
  local dir="$1" out="$2"; shift 2
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu "$@" \
      -C "$dir" -cf "$out" .
}

# Stages a busybox root filesystem into directory $1 from Debian's busybox-static.
stage_busybox_rootfs() {
  local root="$1" bb=/bin/busybox applet
  [ -x "$bb" ] || { echo "images: /bin/busybox is missing (Debian: busybox-static)" >&2; exit 1; }
  dpkg -S "$bb" 2>/dev/null | grep -q '^busybox-static:' \
    || { echo "images: /bin/busybox is not Debian's busybox-static (install busybox-static)" >&2; exit 1; }
  mkdir -p "$root"/{bin,etc,tmp,root,home/app,proc,sys,dev,usr/bin,usr/sbin,sbin,var}
  install -m 0755 "$bb" "$root/bin/busybox"
  for applet in $("$bb" --list); do
    case "$applet" in */*|busybox) continue ;; esac
    # Skip names that clash with something already staged.
    if [ -e "$root/bin/$applet" ] || [ -L "$root/bin/$applet" ]; then continue; fi
    ln -s busybox "$root/bin/$applet"
  done
  cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
app:x:1000:1000:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
  cat > "$root/etc/group" <<'GROUP'
root:x:0:
app:x:1000:
nogroup:x:65534:
GROUP
  echo "mini-docker-test" > "$root/etc/hostname"
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
  chmod 0755 "$root" "$root/home" "$root/home/app"
}

# Appends paths (relative to $1, e.g. ./home/app) to tar $2 owned by uid $3 gid $4, without
# recursion: lets a recipe give single entries other owners without root or chown.
tar_append_owned() {
  local dir="$1" out="$2" uid="$3" gid="$4"; shift 4
  tar --mtime=@0 --owner="$uid" --group="$gid" --numeric-owner --format=gnu --no-recursion \
      -C "$dir" -rf "$out" "$@"
}
