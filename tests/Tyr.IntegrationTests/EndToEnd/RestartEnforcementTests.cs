using System.Net;
using System.Net.Sockets;
using Tyr.IntegrationTests.Harness;
using Tyr.Tests.Shared;

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

            await using var hammer = HammeringShell.Start(
                "/bin/bash", $"echo $$ > {cgroup.Directory}/cgroup.procs", $": 3<>/dev/tcp/{Target}/{port}", Path.Combine(daemon.StateDirectory, "hammer.stop"));
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
}
