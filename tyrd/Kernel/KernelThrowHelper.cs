using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Tyr.Daemon.Kernel.Loading;

namespace Tyr.Daemon.Kernel;

/// <summary>The one place kernel-layer errors are raised, each carrying its step and errno.</summary>
internal static class KernelThrowHelper
{
    [DoesNotReturn]
    public static void ThrowErrno(string operation, int errno) =>
        throw new KernelException(operation, errno, LibbpfLog.Reason());

    /// <summary>For a P/Invoke declared with SetLastError that reported failure.</summary>
    [DoesNotReturn]
    public static void ThrowLastError(string operation) => ThrowErrno(operation, Marshal.GetLastPInvokeError());

    /// <summary>For libbpf's int returns: a negative errno on failure.</summary>
    public static int ThrowIfNegative(int result, string operation)
    {
        if (result < 0)
        {
            ThrowErrno(operation, -result);
        }

        return result;
    }

    [DoesNotReturn]
    public static void Throw(string message) => throw new KernelException(message);
}
