using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;
using Tyr.Protocol;

namespace Tyr.IntegrationTests;

public sealed class EnrollmentTests() : ServerTest("enroll")
{
    [Fact]
    public async Task Enrolled_daemon_has_a_private_key_a_certificate_for_its_id_and_the_servers_ca()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, name: "alice-laptop");

        var keyMode = File.GetUnixFileMode(Path.Combine(daemon.StateDirectory, "agent.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, keyMode);
        Assert.Equal(await File.ReadAllTextAsync(Server.CaPath), await File.ReadAllTextAsync(daemon.CaPath));

        using var certificate = Pem.LoadCertificate(Path.Combine(daemon.StateDirectory, "agent.pem"));
        Assert.Equal(Guid.Parse(daemon.AgentId), AgentIdentity.FromCertificate(certificate));
        Assert.True(CaTrust.FromPemFile(Server.CaPath).IsValidClient(certificate, out var reason), reason);

        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var agent = await api.AgentAsync(daemon.AgentId);
        Assert.Equal("alice-laptop", agent.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Wrong_token_is_refused_as_unauthenticated()
    {
        var result = await DaemonProcess.Enroll(Server, Directory.Sub("wrong"), Directory.File("ca-wrong.pem"), "tyr_enroll_not-a-real-token", "h", Server.CaFingerprint);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid, expired or already used", result.Stderr);
        Assert.False(File.Exists(Path.Combine(Directory.Path, "wrong", "agent.pem")));
    }

    [Fact]
    public async Task A_token_works_once()
    {
        var token = await Server.CreateEnrollmentTokenAsync();
        var first = await DaemonProcess.Enroll(Server, Directory.Sub("first"), Directory.File("ca1.pem"), token, "first", Server.CaFingerprint);
        var second = await DaemonProcess.Enroll(Server, Directory.Sub("second"), Directory.File("ca2.pem"), token, "second", Server.CaFingerprint);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("invalid, expired or already used", second.Stderr);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = await Server.CreateEnrollmentTokenAsync(ttl: "1s");
        // Expiry is a matter of wall-clock time: there is nothing to poll for.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var result = await DaemonProcess.Enroll(Server, Directory.Sub("late"), Directory.File("ca.pem"), token, "late", Server.CaFingerprint);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid, expired or already used", result.Stderr);
    }

    [Fact]
    public async Task A_wrong_ca_fingerprint_stops_enrollment_before_the_token_is_spent()
    {
        var token = await Server.CreateEnrollmentTokenAsync();
        var wrongFingerprint = new string('a', 64);

        var refused = await DaemonProcess.Enroll(Server, Directory.Sub("pinned"), Directory.File("ca-p.pem"), token, "pinned", wrongFingerprint);
        var retried = await DaemonProcess.Enroll(Server, Directory.Sub("pinned2"), Directory.File("ca-p2.pem"), token, "pinned", Server.CaFingerprint);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.True(retried.ExitCode == 0, "the token must not have been sent to an unverified server: " + retried);
    }

    [Fact]
    public async Task A_csr_whose_signature_does_not_verify_is_refused_and_the_token_survives()
    {
        var token = await Server.CreateEnrollmentTokenAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=forged", key, HashAlgorithmName.SHA256);
        var der = request.CreateSigningRequest();
        der[^1] ^= 0x01; // the last byte belongs to the signature BIT STRING
        var tampered = PemEncoding.Write("CERTIFICATE REQUEST", der);

        using var channel = GrpcProbe.Channel(Server, clientCertificate: null);
        var client = GrpcProbe.Client(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterAsync(new RegisterRequest
        {
            AgentName = "forged",
            EnrollmentToken = token,
            CsrPem = ByteString.CopyFrom(Encoding.ASCII.GetBytes(tampered)),
            KernelVersion = "6.1",
            Arch = "x86_64",
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);

        var honest = await DaemonProcess.Enroll(Server, Directory.Sub("honest"), Directory.File("ca-h.pem"), token, "honest", Server.CaFingerprint);
        Assert.True(honest.ExitCode == 0, honest.ToString());
    }
}
