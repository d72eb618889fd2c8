using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    [LibraryImport(LibraryName)]
    internal static partial int bpf_link__destroy(nint link);
}
