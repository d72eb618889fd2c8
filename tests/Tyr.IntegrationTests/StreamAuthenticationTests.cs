using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;
using Tyr.Protocol;

namespace Tyr.IntegrationTests;

public sealed class StreamAuthenticationTests() : ServerTest("stream-auth")
{
    [Fact]
    public async Task Stream_without_a_client_certificate_is_unauthenticated()
    {
        using var channel = GrpcProbe.Channel(Server, clientCertificate: null);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcProbe.OpenStreamAsync(channel, GrpcProbe.Capabilities()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Stream_with_a_certificate_from_another_ca_is_refused_even_when_it_names_a_real_agent()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "victim");
        using var forged = ForgedCertificate(Guid.Parse(daemon.AgentId));
        using var channel = GrpcProbe.Channel(Server, forged);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcProbe.OpenStreamAsync(channel, GrpcProbe.Capabilities()));

        Assert.True(GrpcProbe.IsTlsRefusal(error), error.ToString());
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        Assert.False((await api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Stream_of_a_revoked_agent_is_unauthenticated()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "revoked");
        await Server.RevokeAsync(daemon.AgentId);
        using var certificate = Pem.LoadCertificateWithKey(Path.Combine(daemon.StateDirectory, "agent.pem"), Path.Combine(daemon.StateDirectory, "agent.key"));
        using var channel = GrpcProbe.Channel(Server, certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcProbe.OpenStreamAsync(channel, GrpcProbe.Capabilities()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_live_stream_ends_when_its_agent_is_revoked_through_the_api()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "live");
        await daemon.StartAsync();
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await Eventually.TrueAsync(async () => (await api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean(), Eventually.DefaultTimeout, () => "never connected:\n" + daemon.Output);

        using var response = await api.PostAsync($"/api/v1/agents/{daemon.AgentId}/revoke");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        await Eventually.TrueAsync(async () => !(await api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean(), Eventually.DefaultTimeout, () => "still connected after revoke");
        await daemon.WaitForOutputAsync("revoked");
    }

    [Fact]
    public async Task The_agent_id_of_stored_events_comes_from_the_certificate_not_from_the_message()
    {
        await using var honest = await DaemonProcess.EnrollAsync(Server, Directory, "honest");
        await using var impostor = await DaemonProcess.EnrollAsync(Server, Directory, "impostor");
        using var certificate = Pem.LoadCertificateWithKey(Path.Combine(impostor.StateDirectory, "agent.pem"), Path.Combine(impostor.StateDirectory, "agent.key"));
        using var channel = GrpcProbe.Channel(Server, certificate);
        var eventId = Guid.CreateVersion7().ToString();

        using (var call = GrpcProbe.Client(channel).Stream(deadline: DateTime.UtcNow.AddSeconds(20)))
        {
            await call.RequestStream.WriteAsync(GrpcProbe.Capabilities());
            var batch = new EventBatch { Sequence = 1 };
            batch.Events.Add(new Event { EventId = eventId, AgentId = honest.AgentId, Kind = EventKind.FileWrite, Resource = "/etc/shadow", Verdict = Verdict.Allow });
            await call.RequestStream.WriteAsync(new AgentMessage { EventBatch = batch });
            while (await call.ResponseStream.MoveNext(CancellationToken.None) && call.ResponseStream.Current.PayloadCase != ServerMessage.PayloadOneofCase.BatchAck)
            {
            }

            await call.RequestStream.CompleteAsync();
        }

        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var stored = (await api.AllEventsAsync()).Single(e => e.GetProperty("event_id").GetString() == eventId);
        Assert.Equal(impostor.AgentId, stored.GetProperty("agent_id").GetString());
    }

    private static X509Certificate2 ForgedCertificate(Guid agentId)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Tyr CA (forged)", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + agentId, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(AgentIdentity.ToUri(agentId));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using var withKey = leaf.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
