# Sourced by ring-bench.sh and hook-overhead.sh: builds the BPF producer, the C programs and the
# NativeAOT C# harnesses into $out. Needs $here, $repo and $out.
mkdir -p "$out/include"
[[ -s $out/include/vmlinux.h ]] || bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$out/include/vmlinux.h"
clang=$(command -v clang-19 || command -v clang)
strip=$(command -v llvm-strip-19 || command -v llvm-strip)
"$clang" -g -O2 -Wall -Werror -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -I"$out/include" \
  -c "$here/ringbench.bpf.c" -o "$out/ringbench.bpf.o"
"$strip" -g "$out/ringbench.bpf.o"
cc -O2 -Wall -Werror -o "$out/loadgen" "$here/loadgen.c"
cc -O2 -Wall -Werror -o "$out/openloop" "$here/openloop.c"
cc -O2 -Wall -Werror -o "$out/libbpf_consumer" "$here/libbpf_consumer.c" -l:libbpf.a -lelf -lz
for project in RingConsumer HookHarness; do
  dotnet publish "$here/$project/$project.csproj" -c Release -p:ArtifactsPath="$out/artifacts" \
    -o "$out/$(echo "$project" | tr '[:upper:]' '[:lower:]')" -v quiet -nologo >/dev/null
done
