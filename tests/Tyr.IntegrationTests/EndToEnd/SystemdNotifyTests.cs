using System.Net.Sockets;
using System.Text;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.EndToEnd;

/// <summary>
/// tyrd's side of systemd's Type=notify and watchdog protocol, with the test as the service manager:
/// a datagram socket passed in NOTIFY_SOCKET, as systemd passes it. The real systemd is in the qemu
/// scenario (tests/Tyr.KernelTests/Systemd); here each message is checked against what tyrd had
/// done when it was sent. Root only (kernel hooks).
/// </summary>
[Collection(KernelDaemonCollection.Name)]
public sealed class SystemdNotifyTests() : ServerTest("e2e-notify")
{
    [Fact]
    public async Task Ready_comes_after_the_hooks_and_a_policy_then_watchdog_pings_then_stopping()
    {
        var socketPath = Path.Combine(Directory.Path, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "notify-host", DaemonProcess.DefaultConfig + "\ndiscovery:\n  enabled: false\n");
        var messages = new List<(string Text, string OutputThen)>();
        using var stop = new CancellationTokenSource();
        var receiving = ReceiveAsync(socket, messages, daemon, stop.Token);

        await daemon.StartWithKernelAsync(new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = socketPath,
            ["WATCHDOG_USEC"] = "2000000", // pings every second
        });
        await Eventually.TrueAsync(() => Count(messages, "WATCHDOG=1") >= 3, TimeSpan.FromSeconds(30), () => Describe(messages, daemon));
        await daemon.StopAsync();
        await Eventually.TrueAsync(() => Count(messages, "STOPPING=1") == 1, TimeSpan.FromSeconds(10), () => Describe(messages, daemon));
        await stop.CancelAsync();
        await receiving;

        List<(string Text, string OutputThen)> seen;
        lock (messages)
        {
            seen = [.. messages];
        }

        var ready = seen.FindIndex(m => m.Text.StartsWith("READY=1\n", StringComparison.Ordinal));
        Assert.True(ready >= 0, Describe(seen, daemon));
        Assert.Single(seen, m => m.Text.StartsWith("READY=1", StringComparison.Ordinal));
        var (text, outputThen) = seen[ready];
        Assert.Contains("kernel hooks:", outputThen, StringComparison.Ordinal); // attached before READY
        Assert.Contains("pinned under", outputThen, StringComparison.Ordinal);
        Assert.Contains("STATUS=the server's deny-by-default in force", text, StringComparison.Ordinal); // nothing assigned
        Assert.All(seen[..ready], m => Assert.DoesNotContain("WATCHDOG", m.Text, StringComparison.Ordinal));
        Assert.Equal("STOPPING=1", seen[^1].Text);
    }

    private static int Count(List<(string Text, string OutputThen)> messages, string text)
    {
        lock (messages)
        {
            return messages.Count(m => m.Text == text);
        }
    }

    private static string Describe(List<(string Text, string OutputThen)> messages, DaemonProcess daemon)
    {
        lock (messages)
        {
            return $"notifications: [{string.Join(" | ", messages.Select(m => m.Text.Replace('\n', ' ')))}]\n{daemon.Output}";
        }
    }

    private static async Task ReceiveAsync(Socket socket, List<(string Text, string OutputThen)> messages, DaemonProcess daemon, CancellationToken stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
                var text = Encoding.UTF8.GetString(buffer, 0, length);
                lock (messages)
                {
                    messages.Add((text, daemon.Output));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test has all it needs.
        }
    }
}
