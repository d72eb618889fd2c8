using Tyr.Server.Storage;

namespace Tyr.UnitTests.Server;

public sealed class AgentStoreTests : IDisposable
{
    private readonly ServerFixture _server = new();

    [Fact]
    public void Heartbeat_records_last_seen_and_reports_revocation()
    {
        var agent = _server.AddAgent();
        _server.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(_server.Agents.TouchAndCheckRevoked(agent));
        Assert.Equal(_server.Time.GetUtcNow().ToUnixTimeMilliseconds(), _server.Agents.Find(agent)!.LastSeen);

        Assert.Equal(RevokeOutcome.Revoked, _server.Agents.Revoke(agent));
        Assert.True(_server.Agents.TouchAndCheckRevoked(agent));
        Assert.True(_server.Agents.TouchAndCheckRevoked(Guid.NewGuid()));
    }

    [Fact]
    public void Revoke_is_idempotent_and_reports_unknown_agents()
    {
        var agent = _server.AddAgent();

        Assert.Equal(RevokeOutcome.Revoked, _server.Agents.Revoke(agent));
        _server.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RevokeOutcome.AlreadyRevoked, _server.Agents.Revoke(agent));
        Assert.Equal(RevokeOutcome.NotFound, _server.Agents.Revoke(Guid.NewGuid()));
        Assert.True(_server.Agents.Find(agent)!.IsRevoked);
    }

    [Fact]
    public void Capabilities_update_kernel_arch_and_json()
    {
        var agent = _server.AddAgent();

        _server.Agents.RecordCapabilities(agent, "6.8.0", "aarch64", "{\"tls_capture\":true}");

        var row = _server.Agents.Find(agent)!;
        Assert.Equal(("6.8.0", "aarch64", "{\"tls_capture\":true}"), (row.KernelVersion, row.Arch, row.CapabilitiesJson));
    }

    public void Dispose() => _server.Dispose();
}
