#!/usr/bin/env bash
# Boots Debian's cloud kernel (BPF-LSM built in) under qemu on a Debian 12 root file system with
# real systemd (build-rootfs.sh, cached), installs this tree's packages there and runs
# guest-test.sh: enrollment, Type=notify readiness, restart and SIGKILL without an enforcement
# gap, removal that leaves nothing attached. Prints the guest's `CHECK name: PASS|FAIL why`
# lines; exit status 0 when every check passed.
#
#   tests/Tyr.KernelTests/Systemd/run-qemu-systemd.sh
#   TYR_PKG_DIR=out/pkg     the .deb packages to install (default: out/pkg of this tree)
#   TYR_BIN_DIR=out/bin     without packages: tyrd, tyr-server and tyr to install by hand
#   TYR_GUEST_TEST=FILE     a guest script to run instead of guest-test.sh (experiments)
#   TYR_QEMU_LSM_LIST=LIST  the kernel's lsm= list (default with bpf; without it tyrd falls back
#                           to cgroup hooks)
#
# Needs: root, qemu-system-x86, debootstrap, e2fsprogs; deb.debian.org for the first image build.
# No /dev/kvm is needed (TCG).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${TYR_TEST_CACHE:-/var/cache/tyr-test}
work=${TYR_QEMU_WORK:-/tmp/tyr-qemu-systemd}
pkg_dir=${TYR_PKG_DIR:-$repo/out/pkg}
bin_dir=${TYR_BIN_DIR:-$repo/out/bin}
mkdir -p "$work" "$cache"

for tool in qemu-system-x86_64 mkfs.ext4 debootstrap; do
  command -v "$tool" >/dev/null || { echo "run-qemu-systemd: needs $tool (scripts/setup.sh)" >&2; exit 2; }
done

began=$(date +%s)

# The kernel: what linux-image-cloud-amd64 depends on, unpacked once (as run-qemu-lsm.sh does).
vmlinuz=$(ls "$cache"/kernel/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
if [[ -z $vmlinuz ]]; then
  image=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
  rm -rf "$cache/kernel-download" && mkdir -p "$cache/kernel-download"
  (cd "$cache/kernel-download" && { apt-get download "${image}-unsigned" 2>/dev/null || apt-get download "$image"; })
  dpkg -x "$(ls "$cache"/kernel-download/linux-image-*.deb | head -n1)" "$cache/kernel"
  rm -rf "$cache/kernel-download"
  vmlinuz=$(ls "$cache"/kernel/boot/vmlinuz-* | head -n1)
fi

rootfs=$(bash "$here/build-rootfs.sh")
built=$(date +%s)

# The payload disk: this run's packages (or binaries), the units and the guest test.
payload=$work/payload
rm -rf "$payload"
mkdir -p "$payload"/{pkg,bin,units,etc}
cp "$here/deny-write.yaml" "$payload/"
# TYR_GUEST_TEST: another guest script (for experiments on units), run in place of guest-test.sh.
cp "${TYR_GUEST_TEST:-$here/guest-test.sh}" "$payload/guest-test.sh"
cp "$repo"/packaging/systemd/*.service "$payload/units/"
cp "$repo"/packaging/etc/*.yaml "$payload/etc/" 2>/dev/null || true
if compgen -G "$pkg_dir/*.deb" >/dev/null; then
  cp "$pkg_dir"/*.deb "$payload/pkg/"
  echo "run-qemu-systemd: packages $(cd "$payload/pkg" && echo *.deb)"
else
  for b in tyrd tyr-server tyr; do
    [[ -x $bin_dir/$b ]] || { echo "run-qemu-systemd: no .deb in $pkg_dir and no $bin_dir/$b" >&2; exit 2; }
    cp "$bin_dir/$b" "$payload/bin/"
  done
  echo "run-qemu-systemd: no packages in $pkg_dir: installing $bin_dir/{tyrd,tyr-server,tyr} by hand"
fi
size=$(( $(du -sm "$payload" | cut -f1) + 32 ))
rm -f "$work/payload.img"
mkfs.ext4 -q -L tyr-payload -d "$payload" "$work/payload.img" "${size}M"

# The root disk is the cached image, never written (snapshot=on); both disks are NVMe, which the
# cloud kernel has built in (virtio-blk is a module there, and the image has no modules).
log=$work/console.log
echo "run-qemu-systemd: booting (TCG; image ready after $((built - began))s)"
timeout "${TYR_QEMU_TIMEOUT:-900}" qemu-system-x86_64 -m 2048 -smp 2 -nographic -no-reboot -nic none \
  -kernel "$vmlinuz" \
  -append "console=ttyS0 root=/dev/nvme0n1 rw rootfstype=ext4 quiet loglevel=3 systemd.show_status=error lsm=${TYR_QEMU_LSM_LIST:-lockdown,capability,landlock,yama,bpf} panic=-1" \
  -drive "file=$rootfs,if=none,id=root,format=raw,snapshot=on" -device nvme,drive=root,serial=tyr-root \
  -drive "file=$work/payload.img,if=none,id=payload,format=raw,readonly=on" -device nvme,drive=payload,serial=tyr-payload \
  </dev/null | tee "$log" || true
ended=$(date +%s)
echo "run-qemu-systemd: image $((built - began))s, boot and guest test $((ended - built))s"

grep -q "GUEST DONE" "$log" || { echo "run-qemu-systemd: the guest test did not finish" >&2; exit 1; }
! grep -q "^CHECK [a-z-]*: FAIL" "$log"
