using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Tyr.Daemon.Diagnostics;
using Tyr.Protocol;

namespace Tyr.Daemon.Events.Testing;

/// <summary>
/// A Unix socket (mode 0600) that accepts newline-delimited JSON events, so end-to-end tests can
/// drive tyrd without a kernel. Only <c>tyrd run --test-event-socket PATH</c> creates it.
/// </summary>
internal sealed class TestSocketSource(string path, TimeProvider time) : IEventSource
{
    private readonly DropCounter _drops = new();

    public string Name => "test";

    public IReadOnlyList<HookCapability> Capabilities => [];

    public ulong DroppedEvents => _drops.Value;

    public async Task RunAsync(ChannelWriter<Event> sink, CancellationToken cancellationToken)
    {
        using var listener = Bind();
        Log.Info($"test event source listening on {path}");
        var connections = new List<Task>();
        var connectionNumber = 0;
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                connectionNumber++;
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(socket, $"{path} connection {connectionNumber}", sink, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the connections see the same token.
        }
        finally
        {
            listener.Close();
            TryDeleteSocketFile();
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        TryDeleteSocketFile();
        return ValueTask.CompletedTask;
    }

    private Socket Bind()
    {
        // A socket left by a previous run would make bind fail with EADDRINUSE. The flag is a
        // test-only switch naming a path the caller owns, so whatever file is there goes.
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            // Nobody can connect before listen(), so tightening the mode in between leaves no window.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(16);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ServeAsync(Socket socket, string origin, ChannelWriter<Event> sink, CancellationToken cancellationToken)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var lines = new TestEventStreamReader(origin, sink, _drops, time);
        try
        {
            await lines.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (IOException e)
        {
            Log.Warn($"test event source: {origin} failed after line {lines.Lines}: {e.Message}");
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void TryDeleteSocketFile()
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the next run removes a stale socket anyway.
        }
    }
}
