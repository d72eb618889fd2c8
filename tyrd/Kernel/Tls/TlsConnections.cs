using System.Globalization;
using System.Text;
using Tyr.Tls.ClientHellos;
using Tyr.Tls.Http;
using Tyr.Tls.Llm;

namespace Tyr.Daemon.Kernel.Tls;

/// <summary>Who did the TLS call: the thread, its user, its rule scope and its comm (from the latest record of the connection).</summary>
internal readonly record struct TlsOrigin(uint Tgid, uint Tid, uint Uid, ushort Scope, string Comm);

/// <summary>What the kernel's TLS records made: a handshake seen on a socket, or an HTTP exchange read from plaintext.</summary>
internal abstract record TlsFinding(TlsOrigin Origin);

/// <summary>A ClientHello on a governed process's socket.</summary>
internal sealed record HandshakeFinding(TlsOrigin Origin, ClientHelloInfo Hello, string Destination) : TlsFinding(Origin);

/// <summary>An HTTP exchange on an OpenSSL connection.</summary>
/// <param name="ServerName">The name the client set with SSL_ctrl, if seen.</param>
/// <param name="Inbound">The governed process was the server (it read the request).</param>
internal sealed record ExchangeFinding(TlsOrigin Origin, LlmCall Call, string? ServerName, bool Inbound) : TlsFinding(Origin);

/// <summary>
/// The TLS connections of governed processes, keyed by process and connection (the SSL pointer):
/// an HTTP reader per connection fed with the plaintext the uprobes copy. Redaction happens in
/// <see cref="HttpExchangeReader"/>: only whitelisted facts leave it. Bounded: past
/// <see cref="Capacity"/> connections the least recently used is closed, its open exchanges
/// reported as truncated. Used from the decoder's thread only.
/// </summary>
internal sealed class TlsConnections(HttpExchangeReaderOptions options, int capacity = 4096)
{
    private readonly Dictionary<(uint Tgid, ulong Conn), Connection> _connections = [];
    private readonly Queue<TlsFinding> _findings = new();
    private long _clock;

    public int Capacity { get; } = capacity;

    /// <summary>
    /// Connections whose bytes stopped being HTTP/1.1 the reader can follow: their later exchanges
    /// are lost, so each is counted as a dropped event (DropCounters.source_dropped_events).
    /// </summary>
    public long GaveUp { get; private set; }

    public bool TryTake(out TlsFinding? finding) => _findings.TryDequeue(out finding);

    public void OnHello(in TlsOrigin origin, ReadOnlySpan<byte> data, string destination)
    {
        if (ClientHello.TryParse(data, out var hello) == ClientHelloParseResult.ClientHello && hello is not null)
        {
            _findings.Enqueue(new HandshakeFinding(origin, hello, destination));
        }
    }

    public void OnServerName(in TlsOrigin origin, ulong conn, ReadOnlySpan<byte> data)
    {
        if (ServerNameOf(data) is { } name)
        {
            var connection = Get(origin.Tgid, conn);
            connection.ServerName = name;
            connection.Origin = origin;
        }
    }

    /// <param name="captured">The bytes the record carries.</param>
    /// <param name="length">The bytes the call moved: more than captured when the kernel cut them.</param>
    public void OnData(in TlsOrigin origin, ulong conn, bool written, ReadOnlySpan<byte> captured, long length)
    {
        var connection = Get(origin.Tgid, conn);
        connection.Origin = origin;
        var reader = connection.Reader;
        if (reader.State != HttpReaderState.Reading)
        {
            return;
        }

        if (!connection.RoleKnown)
        {
            // The side that sends the first request line is the client: a governed process that
            // reads a request first is serving HTTPS, and its exchanges are inbound.
            connection.RoleKnown = true;
            connection.Inbound = !written && LooksLikeRequest(captured);
        }

        var fromClient = written != connection.Inbound;
        var gap = length - captured.Length;
        if (fromClient)
        {
            reader.OnClientBytes(captured);
            if (gap > 0)
            {
                reader.OnClientGap(gap);
            }
        }
        else
        {
            reader.OnServerBytes(captured);
            if (gap > 0)
            {
                reader.OnServerGap(gap);
            }
        }

        if (reader.State == HttpReaderState.GaveUp)
        {
            GaveUp++; // once: a reader that gave up is not fed again (the check above)
        }

        Collect(connection);
    }

    /// <summary>The process ended: its connections close, and exchanges still open are reported as truncated.</summary>
    public void OnExit(uint tgid)
    {
        if (_connections.Count == 0)
        {
            return; // the usual case on the exit path: no governed process held a TLS connection
        }

        List<(uint, ulong)>? ended = null;
        foreach (var key in _connections.Keys)
        {
            if (key.Tgid == tgid)
            {
                (ended ??= []).Add(key);
            }
        }

        if (ended is null)
        {
            return;
        }

        foreach (var key in ended)
        {
            Close(key);
        }
    }

    private Connection Get(uint tgid, ulong conn)
    {
        if (_connections.TryGetValue((tgid, conn), out var connection))
        {
            connection.LastUse = ++_clock;
            return connection;
        }

        if (_connections.Count >= Capacity)
        {
            var oldest = _connections.MinBy(c => c.Value.LastUse).Key;
            Close(oldest);
        }

        connection = new Connection(new HttpExchangeReader(options)) { LastUse = ++_clock };
        _connections[(tgid, conn)] = connection;
        return connection;
    }

    private void Close((uint Tgid, ulong Conn) key)
    {
        if (_connections.Remove(key, out var connection))
        {
            connection.Reader.OnClose();
            Collect(connection);
        }
    }

    private void Collect(Connection connection)
    {
        while (connection.Reader.TryTakeCall(out var call))
        {
            _findings.Enqueue(new ExchangeFinding(connection.Origin, call, connection.ServerName, connection.Inbound));
        }
    }

    private static bool LooksLikeRequest(ReadOnlySpan<byte> bytes)
    {
        var space = bytes.IndexOf((byte)' ');
        if (space is <= 0 or > 10)
        {
            return false;
        }

        foreach (var b in bytes[..space])
        {
            if (b is < (byte)'A' or > (byte)'Z')
            {
                return false;
            }
        }

        return true;
    }

    public static string Destination(byte family, ReadOnlySpan<byte> address, ushort port) => family switch
    {
        2 => string.Create(CultureInfo.InvariantCulture, $"{new System.Net.IPAddress(address[..4])}:{port}"),
        10 => string.Create(CultureInfo.InvariantCulture, $"[{new System.Net.IPAddress(address[..16])}]:{port}"),
        _ => "",
    };

    /// <summary>The host name a process gave SSL_ctrl, lower case; null unless it is a plausible DNS name.</summary>
    public static string? ServerNameOf(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)0);
        var name = end < 0 ? data : data[..end];
        if (name.IsEmpty || name.Length > 253)
        {
            return null;
        }

        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_'))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(name).ToLowerInvariant();
    }

    private sealed class Connection(HttpExchangeReader reader)
    {
        public HttpExchangeReader Reader { get; } = reader;

        public string? ServerName { get; set; }

        public bool RoleKnown { get; set; }

        public bool Inbound { get; set; }

        public long LastUse { get; set; }

        public TlsOrigin Origin { get; set; }
    }
}
