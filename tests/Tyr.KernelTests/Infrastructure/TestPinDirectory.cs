using Tyr.Daemon.Kernel.MapLayouts;

namespace Tyr.KernelTests.Infrastructure;

/// <summary>
/// A bpffs pin directory of the test's own (under /sys/fs/bpf, never tyrd's /sys/fs/bpf/tyr).
/// Disposing removes whatever is still pinned in it, so no test leaves a hook enforcing on the host.
/// </summary>
internal sealed class TestPinDirectory : IDisposable
{
    public string Path { get; } = "/sys/fs/bpf/tyr-kt-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Rewrites the tyr_meta of a pinned instance, as a tyrd of another layout would have left it.</summary>
    public static unsafe void SetLayoutVersion(string instance, uint layout)
    {
        var fd = Tyr.Daemon.Interop.Libbpf.bpf_obj_get(System.IO.Path.Combine(instance, "tyr_meta"));
        Assert.True(fd >= 0, $"tyr_meta is not pinned in {instance}");
        try
        {
            var meta = tyr_meta.Ours();
            meta.layout = layout;
            var zero = 0u;
            Assert.Equal(0, Tyr.Daemon.Interop.Libbpf.bpf_map_update_elem(fd, &zero, &meta, 0));
        }
        finally
        {
            Tyr.Daemon.Interop.Libc.close(fd);
        }
    }

    public void Dispose()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        foreach (var instance in Directory.GetDirectories(Path))
        {
            foreach (var file in Directory.GetFiles(instance))
            {
                File.Delete(file);
            }

            Directory.Delete(instance);
        }

        Directory.Delete(Path);
    }
}
