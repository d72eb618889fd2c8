using Tyr.Pki;
using Tyr.Server.Hosting;
using Tyr.Server.Pki;
using Tyr.Server.Storage;

namespace Tyr.UnitTests.Server;

public sealed class ServerStateTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTime _time = new();

    [Fact]
    public void First_start_creates_an_owner_only_directory_with_private_keys_0600()
    {
        var data = new DataDirectory(_temp.File("fresh"));
        using (ServerState.Initialize(data, _time, ServerNames.Default("testhost")))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.Root));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.CaKeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.ServerKeyPath));
        Assert.True(File.Exists(data.CaCertificatePath));
        Assert.True(File.Exists(data.DatabasePath));
    }

    [Fact]
    public void The_ca_survives_restarts()
    {
        var data = new DataDirectory(_temp.File("d"));
        string first;
        using (var state = ServerState.Initialize(data, _time))
        {
            first = state.Ca.Fingerprint;
        }

        using var again = ServerState.Initialize(data, _time);
        Assert.Equal(first, again.Ca.Fingerprint);
        using var existing = ServerState.OpenExisting(data, _time);
        Assert.Equal(first, existing.Ca.Fingerprint);
    }

    [Fact]
    public void Server_certificate_is_kept_while_names_match_and_reissued_when_they_change()
    {
        var data = new DataDirectory(_temp.File("d"));
        Assert.True(ServerNames.TryParse(["tyr.example", "127.0.0.1"], out var names, out _));
        Assert.True(ServerNames.TryParse(["tyr.example", "127.0.0.1", "10.1.2.3"], out var more, out _));

        var first = Thumbprint(data, names);
        Assert.Equal(first, Thumbprint(data, names));
        var reissued = Thumbprint(data, more);

        Assert.NotEqual(first, reissued);
        using var cert = Pem.LoadCertificate(data.ServerCertificatePath);
        Assert.True(more.SetEquals(ServerNames.FromCertificate(cert)));
    }

    [Fact]
    public void Server_certificate_with_its_key_is_usable_for_tls_and_chains_to_the_ca()
    {
        var data = new DataDirectory(_temp.File("d"));
        using var state = ServerState.Initialize(data, _time, ServerNames.Default("testhost"));

        Assert.True(state.ServerCertificate!.HasPrivateKey);
        Assert.True(state.Ca.Trust.IsValidServer(state.ServerCertificate, out var reason), reason);
    }

    [Fact]
    public void Read_commands_refuse_a_directory_that_is_not_a_server()
    {
        var e = Assert.ThrowsAny<Exception>(() => ServerState.OpenExisting(new DataDirectory(_temp.File("typo")), _time));

        Assert.Contains("not a tyr-server data directory", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.File("typo")));
    }

    public void Dispose() => _temp.Dispose();

    private string Thumbprint(DataDirectory data, ServerNames names)
    {
        using var state = ServerState.Initialize(data, _time, names);
        return state.ServerCertificate!.Thumbprint;
    }
}
