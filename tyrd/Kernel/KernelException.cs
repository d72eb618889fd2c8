namespace Tyr.Daemon.Kernel;

/// <summary>
/// A step of the kernel layer failed. The message names the step and the errno, as in
/// "failed to load the process programs: errno 1 (EPERM)"; <see cref="Detail"/> holds what libbpf
/// logged about it (the verifier's last lines), for a log line of its own.
/// </summary>
internal sealed class KernelException : Exception
{
    public KernelException()
    {
    }

    public KernelException(string message)
        : base(message)
    {
    }

    public KernelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KernelException(string operation, int errno, string? detail)
        : base($"failed to {operation}: {Kernel.Errno.Describe(errno)}")
    {
        Operation = operation;
        Errno = errno;
        Detail = detail;
    }

    /// <summary>The step, e.g. "attach cgroup/connect4 to /sys/fs/cgroup".</summary>
    public string? Operation { get; }

    /// <summary>The errno the step failed with, 0 when it was not a system error.</summary>
    public int Errno { get; }

    /// <summary>libbpf's own account of the failure, if it gave one.</summary>
    public string? Detail { get; }
}
