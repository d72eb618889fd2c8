using System.Net.Security;
using Tyr.Tls.ClientHellos;

namespace Tyr.TlsTests;

/// <summary>Hostile bytes: the parser answers with a result, never an exception, and never invents an invalid name.</summary>
public sealed class ClientHelloFuzzTests
{
    private const int Seed = 20251124;

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(Seed);
        var counts = new Dictionary<ClientHelloParseResult, int>();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);

            // Half of them look like a handshake record so that the parser gets past the first checks.
            if (i % 2 == 0 && bytes.Length > 9)
            {
                bytes[0] = 0x16;
                bytes[1] = 3;
                bytes[2] = (byte)random.Next(0, 5);
                bytes[5] = 1;
            }

            var result = ClientHello.TryParse(bytes, out var info);
            counts[result] = counts.GetValueOrDefault(result) + 1;
            AssertConsistent(result, info);
        }

        Assert.True(counts.GetValueOrDefault(ClientHelloParseResult.NotTls) > 0);
        Assert.True(counts.GetValueOrDefault(ClientHelloParseResult.Malformed) + counts.GetValueOrDefault(ClientHelloParseResult.Incomplete) > 0);
    }

    [Fact]
    public async Task MutatedRealHellosNeverThrowAndNeverYieldAnInvalidName()
    {
        var hello = await ClientHelloCaptureTests.CaptureDotNetAsync("api.anthropic.com", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);
        var random = new Random(Seed);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = (byte[])hello.Clone();
            var flips = random.Next(1, 6);
            for (var f = 0; f < flips; f++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(3) == 0 ? random.Next(mutated.Length) : mutated.Length;
            var result = ClientHello.TryParse(mutated.AsSpan(0, length), out var info);
            AssertConsistent(result, info);
            parsed += result == ClientHelloParseResult.ClientHello ? 1 : 0;
        }

        // Mutations inside the random or the cipher list still parse: the fuzzer did reach the extension code.
        Assert.True(parsed > 100, $"only {parsed} mutated hellos parsed");
    }

    [Fact]
    public void LengthsThatPointPastTheEndAreMalformedOrIncomplete()
    {
        // A record claiming 0x4000 bytes with a ClientHello claiming 16 MiB.
        byte[] hostile = [0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0xff, 0xff, 0xff, 0x03, 0x03];
        Assert.Equal(ClientHelloParseResult.Malformed, ClientHello.TryParse(hostile, out _));

        // A complete record whose session id length runs past the hello.
        byte[] body = [0x03, 0x03, .. new byte[32], 0xff];
        byte[] handshake = [0x01, 0x00, 0x00, (byte)body.Length, .. body];
        Assert.Equal(ClientHelloParseResult.Malformed, ClientHello.TryParse(ClientHelloCaptureTests.Record(handshake), out _));
    }

    private static void AssertConsistent(ClientHelloParseResult result, ClientHelloInfo? info)
    {
        Assert.True(Enum.IsDefined(result));
        Assert.Equal(result == ClientHelloParseResult.ClientHello, info is not null);
        if (info?.ServerName is { } name)
        {
            Assert.Matches("^[a-z0-9_.\\-\\[\\]A-Z]+$", name);
            Assert.True(name.Length <= 253);
        }

        foreach (var protocol in info?.Alpn ?? [])
        {
            Assert.Matches("^[\\x21-\\x7e]+$", protocol);
        }
    }
}
