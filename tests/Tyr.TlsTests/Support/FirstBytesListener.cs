using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tyr.Tls.ClientHellos;

namespace Tyr.TlsTests.Support;

/// <summary>
/// A loopback TCP listener that keeps what the first client writes until a whole ClientHello has arrived
/// (or 10 s pass), then hangs up: the same bytes tyrd's socket capture sees.
/// </summary>
internal sealed class FirstBytesListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public FirstBytesListener() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task<byte[]> CaptureAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var client = await _listener.AcceptTcpClientAsync(timeout.Token);
        var stream = client.GetStream();
        var bytes = new List<byte>();
        var buffer = new byte[4096];
        while (ClientHello.TryParse(bytes.ToArray(), out _) == ClientHelloParseResult.Incomplete)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            bytes.AddRange(buffer.AsSpan(0, read));
        }

        return [.. bytes];
    }

    /// <summary>Runs a client process against the listener and returns what it wrote first.</summary>
    public async Task<byte[]> CaptureFromProcessAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var drainOut = process.StandardOutput.ReadToEndAsync(cancellation);
        var drainErr = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            return await CaptureAsync(cancellation);
        }
        finally
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
            }

            await Task.WhenAll(drainOut, drainErr);
        }
    }

    public void Dispose() => _listener.Dispose();
}
