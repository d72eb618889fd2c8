using System.Net;
using System.Security.Cryptography.X509Certificates;
using Tyr.Server.Cli;
using Tyr.Server.Pki;
using Tyr.Server.Storage;

namespace Tyr.Server.Hosting;

/// <summary>The CA and the database of a data directory, opened the same way by `run` and the CLI.</summary>
internal sealed class ServerState : IDisposable
{
    private ServerState(DataDirectory directory, CertificateAuthority ca, ServerDatabase database, X509Certificate2? serverCertificate)
    {
        Directory = directory;
        Ca = ca;
        Database = database;
        ServerCertificate = serverCertificate;
    }

    public DataDirectory Directory { get; }

    public CertificateAuthority Ca { get; }

    public ServerDatabase Database { get; }

    /// <summary>With its private key; only when asked for (by `run`).</summary>
    public X509Certificate2? ServerCertificate { get; }

    /// <summary>
    /// Creates whatever is missing (directory, CA, schema) under the init lock, so `run` and
    /// `token create` starting together agree on one CA.
    /// </summary>
    public static ServerState Initialize(DataDirectory directory, TimeProvider time, ServerNames? serverNames = null, Action<string>? log = null)
    {
        directory.EnsureCreated();
        using var initLock = directory.LockForInitialization();
        var ca = CaStore.LoadOrCreate(directory, Dns.GetHostName(), time, out var created);
        try
        {
            if (created)
            {
                log?.Invoke($"created CA {directory.CaCertificatePath} (fingerprint {ca.Fingerprint})");
            }

            var serverCertificate = serverNames is null
                ? null
                : ServerCertificateStore.Ensure(directory, ca, serverNames, time, log ?? (_ => { }));
            return new ServerState(directory, ca, ServerDatabase.Open(directory.DatabasePath), serverCertificate);
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    /// <summary>For commands that only make sense against an existing installation.</summary>
    public static ServerState OpenExisting(DataDirectory directory, TimeProvider time)
    {
        if (!directory.IsInitialized)
        {
            throw new CliFailure($"{directory.Root} is not a tyr-server data directory (no ca.pem and tyr.db); check --data, or start the server once");
        }

        var ca = CaStore.Load(directory, time);
        try
        {
            return new ServerState(directory, ca, ServerDatabase.Open(directory.DatabasePath), null);
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Database.Dispose();
        ServerCertificate?.Dispose();
        Ca.Dispose();
    }
}
