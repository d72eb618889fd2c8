using System.Net;
using System.Net.Sockets;

namespace Tyr.KernelTests.Infrastructure;

/// <summary>A TCP listener on a loopback address that accepts and closes every connection.</summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private long _accepted;

    public LoopbackListener(string address, int port = 0)
    {
        var ip = IPAddress.Parse(address);
        Assert.True(IPAddress.IsLoopback(ip), "kernel tests only ever listen and connect on loopback");
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(new IPEndPoint(ip, port));
        _socket.Listen(4096);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _accept = AcceptAsync();
    }

    public int Port { get; }

    public long Accepted => Interlocked.Read(ref _accepted);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _socket.AcceptAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            client.Dispose();
        }
    }
}
