using System.Diagnostics;

namespace Tyr.IntegrationTests.EndToEnd;

/// <summary>
/// A cgroup v2 directory that tyrd governs, and a shell that moves itself into it to connect: the
/// real path from a governed process's connect(2) to the cgroup hook. Root only.
/// </summary>
internal sealed class GovernedCgroup : IDisposable
{
    private GovernedCgroup(string path) => Directory = path;

    /// <summary>The cgroup's directory.</summary>
    public string Directory { get; }

    public static GovernedCgroup Create()
    {
        var path = Path.Combine(Cgroup2Mount(), $"tyr-e2e-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        return new GovernedCgroup(path);
    }

    /// <summary>Where cgroup v2 is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid layout.</summary>
    private static string Cgroup2Mount() =>
        File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).FirstOrDefault(f => f.Length > 2 && f[2] == "cgroup2")?[1]
            ?? throw new InvalidOperationException("this host has no cgroup v2 hierarchy mounted");

    /// <summary>Connects from inside the cgroup: true if it connected, false if the kernel said EPERM; anything else fails the test.</summary>
    public async Task<bool> ConnectAsync(string address, int port)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"echo $$ > {Directory}/cgroup.procs && exec 3<>/dev/tcp/{address}/{port} && echo connected");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if ((await stdout).Trim() == "connected")
        {
            return true;
        }

        Assert.Contains("Operation not permitted", stderr, StringComparison.Ordinal);
        return false;
    }

    public void Dispose()
    {
        // The shells have exited; an empty cgroup can be removed.
        for (var attempt = 0; attempt < 50 && System.IO.Directory.Exists(Directory); attempt++)
        {
            try
            {
                System.IO.Directory.Delete(Directory);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
