#!/usr/bin/env bash
# Builds the Debian 12 root file system that run-qemu-systemd.sh boots: debootstrap minbase with
# systemd, made into an ext4 image without a loop mount (mkfs.ext4 -d). The image is cached under
# /var/cache/tyr-test/, keyed by the hash of this file (the package list and every setting below
# are in it), so only a change here rebuilds it; qemu boots it with -snapshot and never writes it.
#
#   build-rootfs.sh            # prints the path of the (cached) image
#
# Needs: debootstrap, e2fsprogs, root, and deb.debian.org the first time (a few minutes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${TYR_TEST_CACHE:-/var/cache/tyr-test}
key=$(sha256sum "$here/build-rootfs.sh" | cut -c1-16)
image=$cache/rootfs-$key.img
if [[ -s $image ]]; then
  echo "$image"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "build-rootfs: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
command -v mkfs.ext4 >/dev/null || { echo "build-rootfs: needs e2fsprogs" >&2; exit 2; }
mkdir -p "$cache"

# What the guest test uses: systemd as init; libssl3 for .NET's crypto (dlopened by the NativeAOT
# binaries); adduser for the tyr-server package's maintainer script; bpftool to list what is
# attached; iproute2, procps and jq for the test script itself.
packages=systemd,systemd-sysv,udev,dbus,libssl3,adduser,bpftool,iproute2,procps,jq,ca-certificates

dir=$cache/rootfs-$key.tmp
rm -rf "$dir"
mkdir -p "$dir"
echo "build-rootfs: debootstrap bookworm into $dir (a few minutes, once)" >&2
debootstrap --variant=minbase --include="$packages" bookworm "$dir" http://deb.debian.org/debian >&2

echo tyr-guest > "$dir/etc/hostname"
printf '127.0.0.1 localhost tyr-guest\n::1 localhost\n' > "$dir/etc/hosts"
# The kernel mounts the root read-write (root=/dev/nvme0n1 rw); nothing else to mount.
: > "$dir/etc/fstab"
# An empty machine-id: systemd makes a transient one at each boot, as on a first boot of an image.
: > "$dir/etc/machine-id"

# Fewer units, a faster boot under TCG: no login prompts, no timers that wake apt or fsck.
for unit in getty@tty1.service serial-getty@ttyS0.service console-getty.service apt-daily.timer \
  apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer \
  systemd-timesyncd.service systemd-networkd-wait-online.service; do
  ln -sf /dev/null "$dir/etc/systemd/system/$unit"
done
mkdir -p "$dir/etc/systemd/journald.conf.d"
# The test prints on the serial console itself; keep journald off it.
printf '[Journal]\nForwardToConsole=no\nStorage=volatile\n' > "$dir/etc/systemd/journald.conf.d/tyr-test.conf"

# The guest test: the second disk holds this run's packages and guest-test.sh; the unit runs it
# once the system is up, on the serial console, and powers the machine off whatever happens.
cat > "$dir/etc/systemd/system/tyr-guest-test.service" <<'UNIT'
[Unit]
Description=Tyr systemd test (run-qemu-systemd.sh)
After=basic.target systemd-journald.service
Wants=basic.target

[Service]
Type=oneshot
ExecStartPre=/bin/mkdir -p /payload
ExecStartPre=/bin/mount -o ro LABEL=tyr-payload /payload
ExecStart=/bin/bash /payload/guest-test.sh
ExecStopPost=/bin/systemctl --no-block poweroff --force --force
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
TimeoutStartSec=infinity

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/tyr-guest-test.service "$dir/etc/systemd/system/multi-user.target.wants/tyr-guest-test.service"

# A smaller image: no package cache, documentation or locales.
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* \
  "$dir"/usr/share/man/* "$dir"/usr/share/locale/*

rm -f "$image.tmp"
mkfs.ext4 -q -L tyr-root -d "$dir" "$image.tmp" 1536M >&2
mv "$image.tmp" "$image"
rm -rf "$dir"
echo "$image"
