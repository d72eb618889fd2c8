#!/usr/bin/env bash
# Ring-buffer throughput: tyrd's C# consumer (tyrd/Kernel/Ring + RecordDecoder, NativeAOT) against
# libbpf's ring_buffer__poll, on the same BPF producer (ringbench.bpf.c) and the same load
# (loadgen: N getppid() calls, one 64-byte record each), alternating, REPS times each, at two ring
# sizes: tyrd's default (8 MiB) and a small one (256 KiB) where a slow consumer shows as drops.
#
#   sudo bench/kernel/ring-bench.sh                 # N=2000000 REPS=3
#   N=500000 REPS=1 RINGS="8388608" bench/kernel/ring-bench.sh
#
# Needs root, clang-19, bpftool, libbpf-dev, dotnet. Builds into $OUT (default /tmp/tyr-kbench).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${OUT:-/tmp/tyr-kbench}
n=${N:-2000000}
reps=${REPS:-3}
rings=${RINGS:-"8388608 262144"}
source "$here/build.sh"

printf '\nkernel %s, %s CPUs, N=%s records of 64 bytes, %s repetitions each\n' "$(uname -r)" "$(nproc)" "$n" "$reps"
results=$out/ring-results.txt
: > "$results"
for ring in $rings; do
  for ((r = 1; r <= reps; r++)); do
    for consumer in libbpf csharp; do
      if [[ $consumer == libbpf ]]; then
        line=$("$out/libbpf_consumer" "$out/ringbench.bpf.o" "$out/loadgen" "$n" "$ring" 2>/dev/null)
      else
        line=$("$out/ringconsumer/Tyr.Bench" "$out/ringbench.bpf.o" "$out/loadgen" "$n" "$ring" 2>/dev/null)
      fi
      echo "ring=$ring rep=$r $line" | tee -a "$results"
    done
  done
done

# The table: mean over the repetitions, and C# / libbpf.
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    k = f["ring"] " " f["consumer"]; n[k]++; rate[k] += f["rate"]; drop[k] += f["dropped"];
    rec[k] += f["records"]; cpu[k] += f["cpu"]; rings[f["ring"]] = 1 }
  END {
    printf "\n%-10s %-12s %14s %12s %12s %14s\n", "ring", "consumer", "records/s", "records", "drops", "cpu s/Mrec"
    for (r in rings) {
      for (c = 0; c < 2; c++) {
        k = r " " (c ? "tyrd-csharp" : "libbpf")
        printf "%-10s %-12s %14.0f %12.0f %12.0f %14.3f\n", r, (c ? "tyrd-csharp" : "libbpf"),
          rate[k] / n[k], rec[k] / n[k], drop[k] / n[k], cpu[k] / rec[k] * 1e6
      }
      a = r " tyrd-csharp"; b = r " libbpf"
      printf "%-10s C#/libbpf: records/s %.3f, cpu per record %.3f\n", r, (rate[a] / n[a]) / (rate[b] / n[b]),
        (cpu[a] / rec[a]) / (cpu[b] / rec[b])
    }
  }' "$results"
