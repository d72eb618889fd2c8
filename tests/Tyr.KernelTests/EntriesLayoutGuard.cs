using Tyr.BpfEntries;
using Tyr.Daemon.Kernel.MapLayouts;
using Tyr.Daemon.Kernel.Records;

namespace Tyr.KernelTests;

/// <summary>
/// lib/Tyr.BpfEntries restates the key layouts so the server can write entries without tyrd's
/// kernel code; LayoutGuard checks tyrd's mirrors against the BTF, and this holds the restatement
/// equal to the mirrors.
/// </summary>
public sealed class EntriesLayoutGuard
{
    [Fact]
    public unsafe void The_format_uses_the_kernel_key_layouts()
    {
        Assert.Equal(BpfKeyLayout.PathKeySize, sizeof(tyr_path_key));
        Assert.Equal(BpfKeyLayout.PathGenOffset, tyr_path_key.GenOffset);
        Assert.Equal(BpfKeyLayout.PathOffset, tyr_path_key.PathOffset);
        Assert.Equal(BpfKeyLayout.PathFixedBits, tyr_path_key.FixedBits);
        Assert.Equal(BpfKeyLayout.PathPrefixMax, RecordLimits.LpmPathMax);
        Assert.Equal(BpfKeyLayout.ExeKeySize, sizeof(tyr_exe_key));
        Assert.Equal(BpfKeyLayout.ExeGenOffset, tyr_exe_key.GenOffset);
        Assert.Equal(BpfKeyLayout.ExePathOffset, tyr_exe_key.PathOffset);
        Assert.Equal(BpfKeyLayout.ExePathMax, RecordLimits.ExePathMax);
        Assert.Equal(BpfKeyLayout.Net4KeySize, sizeof(tyr_net4_key));
        Assert.Equal(BpfKeyLayout.Net6KeySize, sizeof(tyr_net6_key));
        Assert.Equal(BpfKeyLayout.NetGenOffset, tyr_net4_key.GenOffset);
        Assert.Equal(BpfKeyLayout.NetGenOffset, tyr_net6_key.GenOffset);
        Assert.Equal(BpfKeyLayout.NetAddrOffset, tyr_net4_key.AddrOffset);
        Assert.Equal(BpfKeyLayout.NetAddrOffset, tyr_net6_key.AddrOffset);
        Assert.Equal(BpfKeyLayout.NetFixedBits, tyr_net4_key.FixedBits);
        Assert.Equal(BpfKeyLayout.DefaultKeySize, sizeof(tyr_default_key));
        Assert.Equal(BpfKeyLayout.DefaultGenOffset, tyr_default_key.GenOffset);
    }
}
