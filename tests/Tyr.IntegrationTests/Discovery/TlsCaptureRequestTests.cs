using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>The server asks for TLS events only from daemons whose capability report says they can capture TLS.</summary>
public sealed class TlsCaptureRequestTests() : ServerTest("tls-request")
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_first_config_asks_for_tls_events_exactly_when_the_daemon_reports_tls_capture(bool capable)
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, capable ? "tls-host" : "plain-host");
        var capabilities = GrpcProbe.Capabilities();
        capabilities.Capabilities.TlsCapture = capable;

        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon, capabilities);
        var config = await probe.NextConfigAsync();

        Assert.Equal(capable, config.CaptureTls);
        Assert.True(config.HeartbeatIntervalS > 0);
    }
}
