using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tyr.IntegrationTests.Harness;

/// <summary>Writes events into tyrd's test event socket, one JSON object a line.</summary>
internal sealed class EventFeed : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private EventFeed(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>Connects, retrying while tyrd (re)binds the socket.</summary>
    public static async Task<EventFeed> ConnectAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
                return new EventFeed(socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(50);
            }
        }
    }

    public static string Line(string kind, string resource, string verdict = "ALLOW") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["resource"] = resource,
            ["verdict"] = verdict,
            ["severity"] = "INFO",
            ["pid"] = 4242,
            ["process_exe"] = "/usr/bin/test-agent",
            ["cmdline"] = "test-agent --run",
            ["metadata"] = new Dictionary<string, string> { ["source"] = "integration-test" },
        });

    public async Task SendAsync(IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()));
        await _stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
