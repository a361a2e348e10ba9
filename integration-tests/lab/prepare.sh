#!/bin/bash
# Prepares the kernel lab: Debian's stock kernel and a busybox initramfs that mounts the host root over 9p.
#
# Everything lands in $JKV_LAB_CACHE (default ~/.cache/jkeepalived-lab), one folder per kernel version:
#   KVER/linux-image-KVER_*.deb   the package, as downloaded by apt-get
#   KVER/root/                    the package unpacked with dpkg -x, plus modules.dep from depmod -b
#   KVER/initrd.img               busybox + the modules for virtio-pci, 9p and overlay + lab/init
#   KVER/ready                    written last; its presence means the folder is complete
# A second call finds everything in place and only re-checks that the initramfs matches lab/init.
#
# Prints, on stdout, shell assignments for run.sh: KVER, KERNEL, INITRD, MODULES_ROOT.
# Exit status: 0 ready; 3 a prerequisite is missing or the kernel cannot be fetched (message on stderr).
#
# Env: JKV_LAB_CACHE (cache folder), JKV_LAB_KERNEL_PACKAGE (a linux-image-* package name instead of the
# one linux-image-amd64 depends on).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${JKV_LAB_CACHE:-${HOME:-/root}/.cache/jkeepalived-lab}
# Modules the initramfs loads itself, before the host root (and with it the module tree) is reachable;
# overlay lets a run get a throw-away writable copy of the host root (JKV_LAB_ROOT=overlay).
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)

missing() { echo "jkv-lab: prerequisite missing: $*" >&2; exit 3; }
log() { [ -n "${JKV_LAB_VERBOSE:-}" ] && echo "jkv-lab: $*" >&2 || true; }

[ "$(uname -m)" = x86_64 ] || missing "an x86_64 host (found $(uname -m))"
for tool in apt-get apt-cache dpkg depmod modprobe flock sha256sum gzip; do
  command -v "$tool" >/dev/null || missing "'$tool' (Debian packages apt, dpkg, kmod, util-linux, coreutils, gzip)"
done
command -v qemu-system-x86_64 >/dev/null || missing "qemu-system-x86_64 (Debian package qemu-system-x86)"
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || missing "$BUSYBOX (Debian package busybox-static)"
# The initramfs has no C library: only a statically linked busybox runs there.
if LC_ALL=C ldd "$BUSYBOX" >/dev/null 2>&1; then
  missing "a statically linked $BUSYBOX (Debian package busybox-static; plain busybox is dynamically linked)"
fi

kernel_package() {
  if [ -n "${JKV_LAB_KERNEL_PACKAGE:-}" ]; then echo "$JKV_LAB_KERNEL_PACKAGE"; return; fi
  local pkg
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\).*/\1/p' | head -1)
  if [ -z "$pkg" ]; then
    log "apt-cache knows no linux-image-amd64; running apt-get update"
    apt-get update -qq >&2 || true
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\).*/\1/p' | head -1)
  fi
  echo "$pkg"
}

PKG=$(kernel_package)
if [ -z "$PKG" ]; then
  # Offline and apt knows nothing: a single complete kernel in the cache is still usable.
  shopt -s nullglob
  ready=("$CACHE"/*/ready)
  [ ${#ready[@]} -eq 1 ] || missing "a Debian kernel package: 'apt-cache depends linux-image-amd64' names none (set JKV_LAB_KERNEL_PACKAGE?)"
  KVER=$(basename "$(dirname "${ready[0]}")")
else
  KVER=${PKG#linux-image-}
fi
case "$KVER" in *[!A-Za-z0-9._+-]*|"") missing "a sane kernel version (got '$KVER' from '$PKG')";; esac

DIR=$CACHE/$KVER
mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9   # concurrent test JVMs prepare once, the others wait

if [ ! -f "$DIR/ready" ]; then
  log "fetching $PKG"
  rm -rf "$DIR/root" "$DIR/root.tmp" "$DIR"/*.deb
  # apt drops to user _apt for downloads; it cannot write into root's cache, so it would warn: download as is.
  if ! out=$(cd "$DIR" && apt-get download -q -o APT::Sandbox::User=root "$PKG" 2>&1); then
    missing "the kernel package $PKG: apt-get download failed (offline? apt-get update?): $(echo "$out" | tail -3)"
  fi
  log "$out"
  deb=$(ls "$DIR"/*.deb | head -1)
  log "unpacking $deb"
  dpkg -x "$deb" "$DIR/root.tmp"
  [ -f "$DIR/root.tmp/boot/vmlinuz-$KVER" ] || missing "vmlinuz-$KVER inside $deb"
  # Debian ships the modules without modules.dep; build it for that tree only.
  depmod -b "$DIR/root.tmp" "$KVER"
  mv "$DIR/root.tmp" "$DIR/root"
  rm -f "$deb"   # the unpacked tree is all we use; the .deb would only double the cache
  rm -f "$DIR/initrd.img" "$DIR/initrd.key"
  touch "$DIR/ready"
fi

# The initramfs depends on lab/init and the module list; rebuild it when either changed.
key=$( { sha256sum "$LAB_DIR/init" "$BUSYBOX" | cut -d' ' -f1; echo "${INITRAMFS_MODULES[*]}"; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$DIR/initrd.img" ] || [ "$(cat "$DIR/initrd.key" 2>/dev/null)" != "$key" ]; then
  log "building initramfs"
  work=$(mktemp -d "$DIR/initramfs.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work"/{bin,sbin,dev,proc,sys,host,labrun,modules,lab,newroot,run}
  cp "$BUSYBOX" "$work/bin/busybox"
  for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$work/bin/$applet"
  done
  cp "$LAB_DIR/init" "$work/init"
  chmod 755 "$work/init"
  # modprobe --show-depends lists "insmod PATH [options]" in load order, dependencies first.
  : > "$work/modules/order"
  for m in "${INITRAMFS_MODULES[@]}"; do
    modprobe -d "$DIR/root" -S "$KVER" --show-depends "$m" | while read -r verb path _; do
      [ "$verb" = insmod ] || continue
      name=$(basename "$path")
      if ! grep -qx "$name" "$work/modules/order"; then
        cp "$path" "$work/modules/$name"
        echo "$name" >> "$work/modules/order"
      fi
    done
  done
  (cd "$work" && find . -mindepth 1 | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc 2>/dev/null | gzip -1 > "$DIR/initrd.img.tmp")
  mv "$DIR/initrd.img.tmp" "$DIR/initrd.img"
  echo "$key" > "$DIR/initrd.key"
fi

echo "KVER=$KVER"
echo "KERNEL=$DIR/root/boot/vmlinuz-$KVER"
echo "INITRD=$DIR/initrd.img"
echo "MODULES_ROOT=$DIR/root"
