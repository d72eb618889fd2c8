using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Tyr.Daemon.Interop;

/// <summary>
/// Under the JIT (tests), "libbpf" is probed as libbpf.so, which only libbpf-dev installs; hosts
/// have libbpf.so.1. Under NativeAOT libbpf is linked in (DirectPInvoke) and this never runs.
/// </summary>
internal static class LibbpfResolver
{
    private static int s_installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
        {
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
        }
    }

    private static nint Resolve(Assembly assembly, string name) =>
        name == Libbpf.LibraryName && NativeLibrary.TryLoad("libbpf.so.1", out var handle) ? handle : 0;
}
