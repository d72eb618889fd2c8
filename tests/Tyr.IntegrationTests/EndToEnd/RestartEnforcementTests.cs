using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.EndToEnd;

/// <summary>
/// Enforcement across a crash and a restart of the real tyrd (docs/kernel.md, "Pinned
/// enforcement"): a shell in a governed cgroup connects in a loop to an address the assigned policy
/// denies while tyrd is killed with SIGKILL, is down, starts again and adopts its pinned hooks, and
/// is stopped. The listener counts what got through: nothing may. Then `tyrd uninstall-hooks` is
/// what lifts the denial. Root only; loopback only.
/// </summary>
[Collection(KernelDaemonCollection.Name)]
public sealed class RestartEnforcementTests() : ServerTest("e2e-restart")
{
    private const string Target = "127.0.0.2";

    [Fact]
    public async Task Not_one_denied_connect_gets_through_while_tyrd_is_killed_restarted_and_stopped()
    {
        using var listener = new TcpListener(IPAddress.Parse(Target), 0);
        listener.Start(4096);
        var accepted = 0;
        _ = AcceptCountingAsync(listener, () => Interlocked.Increment(ref accepted));
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cgroup = GovernedCgroup.Create();
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "restart-host", DaemonProcess.DefaultConfig + $"""

            discovery:
              enabled: false
            governed:
              cgroups: [{cgroup.Directory}]
            """);
        await using (daemon)
        {
            await daemon.StartWithKernelAsync();
            var version = await PolicyEnforcementTests.ApplyAsync(api, $"""
                name: restart
                rules:
                  - id: deny-target
                    effect: deny
                    operation: connect
                    cidrs: ["{Target}"]
                """, "deny the target");
            await PolicyEnforcementTests.AssignAsync(api, version, daemon.AgentId);
            await daemon.WaitForOutputAsync("ready: kernel hooks attached");

            await using var hammer = CgroupHammer.Start(cgroup.Directory, Target, port, daemon.StateDirectory);
            await hammer.WaitForAttemptsAsync(50);

            await daemon.KillAsync(); // SIGKILL: no cleanup of any kind
            await hammer.WaitForAttemptsAsync(hammer.Attempts + 200);

            await daemon.StartWithKernelAsync();
            await daemon.WaitForOutputAsync("ready: kernel hooks attached");
            Assert.Contains("adopting the maps pinned in", daemon.Output, StringComparison.Ordinal);
            Assert.Contains("the hooks an earlier tyrd pinned are retired", daemon.Output, StringComparison.Ordinal);
            await hammer.WaitForAttemptsAsync(hammer.Attempts + 200);

            await daemon.StopAsync(); // SIGTERM: a stopped tyrd fails closed too
            await hammer.WaitForAttemptsAsync(hammer.Attempts + 200);

            var (allowed, attempts) = await hammer.StopAsync();
            Assert.True(allowed == 0 && Volatile.Read(ref accepted) == 0,
                $"{allowed} of {attempts} denied connects got through ({accepted} accepted):\n{daemon.Output}");
        }

        // Disposing the daemon ran `tyrd uninstall-hooks`: nothing of tyrd's holds the denial now.
        Assert.False(System.IO.Directory.Exists(daemon.PinDirectory), $"{daemon.PinDirectory} is still there");
        await Eventually.TrueAsync(() => cgroup.ConnectAsync(Target, port), Eventually.DefaultTimeout, () => "the denial outlived uninstall-hooks");
    }

    private static async Task AcceptCountingAsync(TcpListener listener, Action count)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                count();
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // The test is over.
        }
    }

    /// <summary>A shell that moves itself into the cgroup and connects in a loop, printing each outcome.</summary>
    private sealed class CgroupHammer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _stopFile;
        private readonly Task _reading;
        private long _allowed;
        private long _attempts;

        private CgroupHammer(Process process, string stopFile)
        {
            _process = process;
            _stopFile = stopFile;
            _reading = ReadAsync();
        }

        public long Attempts => Interlocked.Read(ref _attempts);

        public static CgroupHammer Start(string cgroup, string address, int port, string scratch)
        {
            var stopFile = Path.Combine(scratch, "hammer.stop");
            var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(
                $"echo $$ > {cgroup}/cgroup.procs && while [ ! -e {stopFile} ]; do if : 3<>/dev/tcp/{address}/{port}; then echo allowed; else echo denied; fi; done 2>/dev/null");
            return new CgroupHammer(Process.Start(start)!, stopFile);
        }

        public async Task WaitForAttemptsAsync(long count)
        {
            await Eventually.TrueAsync(() => Attempts >= count || _process.HasExited, TimeSpan.FromSeconds(60), () => $"only {Attempts} of {count} connects were tried");
            Assert.False(_process.HasExited, "the hammering shell ended");
        }

        public async Task<(long Allowed, long Attempts)> StopAsync()
        {
            await File.WriteAllTextAsync(_stopFile, "");
            await _process.WaitForExitAsync();
            await _reading;
            return (Interlocked.Read(ref _allowed), Attempts);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private async Task ReadAsync()
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "allowed")
                {
                    Interlocked.Increment(ref _allowed);
                }

                Interlocked.Increment(ref _attempts);
            }
        }
    }
}
