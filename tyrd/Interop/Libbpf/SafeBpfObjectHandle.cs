using Microsoft.Win32.SafeHandles;

namespace Tyr.Daemon.Interop;

/// <summary>A <c>struct bpf_object *</c>; closing it unloads its programs and drops its map fds.</summary>
internal sealed class SafeBpfObjectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeBpfObjectHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        Libbpf.bpf_object__close(handle);
        return true;
    }
}
