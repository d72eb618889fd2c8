using Tyr.Daemon.Kernel.Loading;

namespace Tyr.KernelTests.Infrastructure;

/// <summary>A fresh cgroup v2 directory under the host's cgroup2 mount, removed afterwards.</summary>
internal sealed class TestCgroup : IDisposable
{
    private TestCgroup(string path) => Path = path;

    public string Path { get; }

    public static TestCgroup Create()
    {
        var mount = MountTable.Find("cgroup2");
        Assert.SkipWhen(mount is null, "needs a cgroup v2 hierarchy");
        var path = System.IO.Path.Combine(mount!, $"tyr-kt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new TestCgroup(path);
    }

    public void Dispose()
    {
        // A cgroup can only be removed once empty: move stragglers to the root first.
        var procs = System.IO.Path.Combine(Path, "cgroup.procs");
        var root = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "cgroup.procs");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                foreach (var pid in File.ReadAllLines(procs).Where(l => l.Length > 0))
                {
                    File.WriteAllText(root, pid);
                }

                Directory.Delete(Path);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }
    }
}
