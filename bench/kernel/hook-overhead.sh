#!/usr/bin/env bash
# Hook overhead: an open("/etc/hostname") + close loop (openloop.c, N times, timed inside with
# clock_gettime) without tyrd's programs, with them attached by tyrd's KernelEventSource for a
# process tyrd does not govern, and for one it governs (a copy of the same binary at a governed
# path), each against the baseline measured in the same repetition. See README.md.
#
#   sudo bench/kernel/hook-overhead.sh          # N=1000000 REPS=3
#
# Needs root, clang-19, bpftool, libbpf-dev, dotnet. Builds into $OUT (default /tmp/tyr-kbench).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${OUT:-/tmp/tyr-kbench}
n=${N:-1000000}
reps=${REPS:-3}
source "$here/build.sh"

mkdir -p "$out/governed"
cp "$out/openloop" "$out/governed/openloop"
printf '\nkernel %s, %s CPUs, N=%s open+close of /etc/hostname, %s repetitions\n' "$(uname -r)" "$(nproc)" "$n" "$reps"
"$out/hookharness/tyr-hook-harness" "$out/openloop" "$out/governed/openloop" "$n" "$reps"
