using Microsoft.Win32.SafeHandles;

namespace Tyr.Daemon.Interop;

/// <summary>A <c>struct bpf_link *</c>; destroying it detaches the program.</summary>
internal sealed class SafeBpfLinkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeBpfLinkHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => Libbpf.bpf_link__destroy(handle) == 0;
}
