using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Tyr.Tls.ClientHellos;
using Tyr.TlsTests.Support;

namespace Tyr.TlsTests;

/// <summary>ClientHellos written by real TLS stacks (.NET SslStream, openssl s_client, node) to a loopback listener.</summary>
public sealed class ClientHelloCaptureTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DotNetSslStreamHelloGivesTheServerNameAndAlpn()
    {
        var hello = await CaptureDotNetAsync("api.anthropic.com", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);

        Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(hello, out var info));
        Assert.Equal("api.anthropic.com", info!.ServerName);
        Assert.Equal(["h2", "http/1.1"], info.Alpn);
        Assert.Equal(0x0303, info.LegacyVersion);
        Assert.True(info.OffersTls13);
    }

    [Fact]
    public async Task OpensslSClientHelloGivesTheServerNameAndAlpn()
    {
        using var listener = new FirstBytesListener();
        var hello = await listener.CaptureFromProcessAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{listener.Port}", "-servername", "api.openai.com", "-alpn", "h2,http/1.1"], Cancellation);

        Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(hello, out var info));
        Assert.Equal("api.openai.com", info!.ServerName);
        Assert.Equal(["h2", "http/1.1"], info.Alpn);
        Assert.True(info.OffersTls13);
    }

    [Fact]
    public async Task NodeTlsConnectHelloGivesTheServerNameAndItsAlpn()
    {
        using var listener = new FirstBytesListener();
        var hello = await listener.CaptureFromProcessAsync("node", ["-e", NodeConnect(listener.Port, "'api.anthropic.com'", "['http/1.1']")], Cancellation);

        Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(hello, out var info));
        Assert.Equal("api.anthropic.com", info!.ServerName);
        Assert.Equal(["http/1.1"], info.Alpn);
    }

    [Fact]
    public async Task NodeWithoutAlpnSendsNoAlpnList()
    {
        using var listener = new FirstBytesListener();
        var hello = await listener.CaptureFromProcessAsync("node", ["-e", NodeConnect(listener.Port, "'generativelanguage.googleapis.com'", "undefined")], Cancellation);

        Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(hello, out var info));
        Assert.Equal("generativelanguage.googleapis.com", info!.ServerName);
        Assert.Empty(info.Alpn);
    }

    [Fact]
    public async Task AConnectionToAnIpAddressCarriesNoServerName()
    {
        using var listener = new FirstBytesListener();
        var fromNode = await listener.CaptureFromProcessAsync("node", ["-e", NodeConnect(listener.Port, "undefined", "['h2']")], Cancellation);
        var fromOpenssl = await listener.CaptureFromProcessAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{listener.Port}", "-noservername"], Cancellation);
        var fromDotNet = await CaptureDotNetAsync("127.0.0.1", [SslApplicationProtocol.Http11]);

        foreach (var hello in new[] { fromNode, fromOpenssl, fromDotNet })
        {
            Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(hello, out var info));
            Assert.Null(info!.ServerName);
        }
    }

    [Fact]
    public async Task EveryTruncationOfARealHelloIsIncompleteNeverMalformed()
    {
        var hello = await CaptureDotNetAsync("api.anthropic.com", [SslApplicationProtocol.Http11]);
        var recordEnd = 5 + ((hello[3] << 8) | hello[4]);

        for (var length = 0; length < recordEnd; length++)
        {
            Assert.Equal(ClientHelloParseResult.Incomplete, ClientHello.TryParse(hello.AsSpan(0, length), out var info));
            Assert.Null(info);
        }
    }

    [Fact]
    public async Task AHelloSplitOverTwoRecordsIsJoined()
    {
        using var listener = new FirstBytesListener();
        var hello = await listener.CaptureFromProcessAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{listener.Port}", "-servername", "api.x.ai", "-alpn", "http/1.1"], Cancellation);
        var handshake = hello.AsSpan(5, (hello[3] << 8) | hello[4]).ToArray();

        // RFC 8446 allows a handshake message to be fragmented over records; cut it in the middle of the extensions.
        var cut = handshake.Length - 20;
        byte[] fragmented = [.. Record(handshake[..cut]), .. Record(handshake[cut..])];

        Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(fragmented, out var info));
        Assert.Equal("api.x.ai", info!.ServerName);
        Assert.Equal(ClientHelloParseResult.Incomplete, ClientHello.TryParse(fragmented.AsSpan(0, fragmented.Length - 1), out _));
    }

    [Fact]
    public async Task AServerNameThatCarriesAKeyIsRedacted()
    {
        var token = FakeKeys.GitHubClassic();
        var hello = await CaptureDotNetAsync(token + ".exfil.example", [SslApplicationProtocol.Http11]);

        Assert.Equal(ClientHelloParseResult.ClientHello, ClientHello.TryParse(hello, out var info));
        Assert.NotNull(info!.ServerName);
        Assert.False(FakeKeys.Leaks(token, info.ServerName), info.ServerName);
        Assert.EndsWith(".exfil.example", info.ServerName, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpAndSshAreNotTls()
    {
        Assert.Equal(ClientHelloParseResult.NotTls, ClientHello.TryParse("POST /v1/messages HTTP/1.1\r\n"u8, out _));
        Assert.Equal(ClientHelloParseResult.NotTls, ClientHello.TryParse("SSH-2.0-OpenSSH_9.6\r\n"u8, out _));
        Assert.Equal(ClientHelloParseResult.NotTls, ClientHello.TryParse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, out _));
        Assert.Equal(ClientHelloParseResult.Incomplete, ClientHello.TryParse([], out _));
    }

    internal static byte[] Record(byte[] payload) => [0x16, 0x03, 0x01, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    internal static async Task<byte[]> CaptureDotNetAsync(string targetHost, List<SslApplicationProtocol> alpn)
    {
        using var listener = new FirstBytesListener();
        var capture = listener.CaptureAsync(Cancellation);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", listener.Port, Cancellation);
        await using var tls = new SslStream(tcp.GetStream());
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ApplicationProtocols = alpn,
            EnabledSslProtocols = SslProtocols.None,
        }, Cancellation);
        var hello = await capture;
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        return hello;
    }

    private static string NodeConnect(int port, string servername, string alpn) =>
        $"const s = require('tls').connect({{host: '127.0.0.1', port: {port}, servername: {servername}, ALPNProtocols: {alpn}}});" +
        "s.on('error', () => process.exit(0)); s.on('close', () => process.exit(0));";
}
