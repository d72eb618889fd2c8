namespace Tyr.Daemon.Interop;

/// <summary>
/// libbpf 1.x (Debian's libbpf-dev 1.1.2), bound by hand: there is no maintained .NET binding.
/// Under NativeAOT the library is linked in statically (tyrd/Kernel/Tyr.Kernel.targets:
/// DirectPInvoke + NativeLibrary libbpf.a); under the JIT (tests) it is the shared libbpf.so.1.
/// Native names are kept for functions and constants. libbpf 1.x reports errors as a negative errno
/// from int functions and as NULL with errno set from pointer functions.
/// </summary>
internal static partial class Libbpf
{
    internal const string LibraryName = "libbpf";
}
