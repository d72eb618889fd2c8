using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// The BPF objects built from bpf/ and embedded by Tyr.Kernel.targets as "bpf/&lt;family&gt;.bpf.o".
/// Under NativeAOT (and the JIT) a manifest resource is an UnmanagedMemoryStream over the mapped
/// binary, so libbpf reads it in place: the memory stays valid for the life of the process.
/// </summary>
internal static unsafe class EmbeddedObjects
{
    private static readonly ConcurrentDictionary<string, (nint Pointer, nuint Length)> s_copies = new();

    public static (nint Pointer, nuint Length) Get(string family)
    {
        var name = $"bpf/{family}.bpf.o";
        using var stream = typeof(EmbeddedObjects).Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            KernelThrowHelper.Throw($"the BPF object {name} is not embedded in this build of tyrd");
        }

        if (stream is UnmanagedMemoryStream unmanaged)
        {
            return ((nint)unmanaged.PositionPointer, (nuint)unmanaged.Length);
        }

        // Not seen in practice; kept so a different host runtime still works. Copied once, kept.
        return s_copies.GetOrAdd(name, _ =>
        {
            var length = (nuint)stream.Length;
            var memory = NativeMemory.Alloc(length);
            stream.ReadExactly(new Span<byte>(memory, checked((int)length)));
            return ((nint)memory, length);
        });
    }
}
