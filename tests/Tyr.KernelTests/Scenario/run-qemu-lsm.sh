#!/usr/bin/env bash
# Boots Debian's cloud kernel (BPF-LSM built in and active) under qemu with an initramfs that
# holds only busybox, glibc's loader, libc and libm, and the NativeAOT tyr-kernel-scenario, runs
# the scenario on the console and powers off. Exit status 0 when it printed "SCENARIO PASS".
#
#   tests/Tyr.KernelTests/Scenario/run-qemu-lsm.sh            # publishes the scenario first
#   TYR_SCENARIO=/path/to/tyr-kernel-scenario run-qemu-lsm.sh   # or uses this binary
#
# Needs: qemu-system-x86 busybox-static cpio (apt-get), a network for apt-get download once.
# No /dev/kvm is needed (TCG); timings inside the guest mean nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=${TYR_QEMU_WORK:-/tmp/tyr-qemu-lsm}
mkdir -p "$work"

for tool in qemu-system-x86_64 cpio gzip; do
  command -v "$tool" >/dev/null || { echo "run-qemu-lsm: needs $tool (apt-get install qemu-system-x86 cpio)" >&2; exit 2; }
done
busybox=/bin/busybox
[[ -x $busybox ]] || { echo "run-qemu-lsm: needs busybox-static" >&2; exit 2; }

# The kernel: whatever linux-image-cloud-amd64 depends on, unpacked once.
vmlinuz=$(ls "$work"/kernel/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
if [[ -z $vmlinuz ]]; then
  image=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
  (cd "$work" && apt-get download "${image}-unsigned" 2>/dev/null || apt-get download "$image")
  dpkg -x "$(ls "$work"/linux-image-*.deb | head -n1)" "$work/kernel"
  vmlinuz=$(ls "$work"/kernel/boot/vmlinuz-* | head -n1)
fi

scenario=${TYR_SCENARIO:-}
if [[ -z $scenario ]]; then
  dotnet publish "$here/Tyr.KernelScenario.csproj" -c Release -p:ArtifactsPath="$work/artifacts" -o "$work/scenario" >/dev/null
  scenario=$work/scenario/tyr-kernel-scenario
fi

root=$work/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/x86_64-linux-gnu,lib64}
cp "$busybox" "$root/bin/busybox"
cp "$scenario" "$root/bin/tyr-kernel-scenario"
# libssl and libcrypto: .NET's SHA-256 (discovered agent ids) needs them, as tyrd does.
cp /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libm.so.6 /lib/x86_64-linux-gnu/libssl.so.3 \
  /lib/x86_64-linux-gnu/libcrypto.so.3 "$root/lib/x86_64-linux-gnu/"
cp /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t securityfs securityfs /sys/kernel/security
mkdir -p /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup
ip link set lo up
echo "lsm: $(cat /sys/kernel/security/lsm)"
/bin/tyr-kernel-scenario /bin/busybox --expect-lsm
echo "scenario exit: $?"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

log=$work/console.log
timeout 600 qemu-system-x86_64 -m 1024 -smp 2 -nographic -no-reboot -nic none \
  -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet lsm=lockdown,capability,landlock,yama,bpf panic=-1" | tee "$log"
grep -q "SCENARIO PASS" "$log"
