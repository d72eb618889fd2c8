namespace Tyr.Daemon.Interop;

/// <summary>
/// The few glibc calls the kernel layer needs beyond what .NET offers. Under NativeAOT they bind
/// directly (DirectPInvoke libc in Tyrd.csproj); under the JIT "libc" resolves to libc.so.6.
/// Native names are kept for functions and constants (x86-64 and arm64 Linux values).
/// </summary>
internal static partial class Libc
{
    internal const string LibraryName = "libc";

    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
}
