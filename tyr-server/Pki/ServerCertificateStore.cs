using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tyr.Pki;
using Tyr.Server.Storage;

namespace Tyr.Server.Pki;

/// <summary>server.pem and server.key: the TLS identity of both listeners.</summary>
internal static class ServerCertificateStore
{
    /// <summary>Reissue this long before expiry so a restart, not an outage, renews it.</summary>
    private static readonly TimeSpan s_renewBefore = TimeSpan.FromDays(30);

    /// <summary>
    /// The server certificate with its private key, (re)issued when it is missing, names other
    /// hosts than <paramref name="names"/>, was signed by another CA, or is about to expire.
    /// </summary>
    public static X509Certificate2 Ensure(DataDirectory directory, CertificateAuthority ca, ServerNames names,
        TimeProvider time, Action<string> log)
    {
        var reason = ReasonToIssue(directory, ca, names, time);
        if (reason is null)
        {
            return Pem.LoadCertificateWithKey(directory.ServerCertificatePath, directory.ServerKeyPath);
        }

        using var key = LoadOrCreateKey(directory);
        using var certificate = ca.IssueServerCertificate(key, names);
        Pem.WriteCertificate(directory.ServerCertificatePath, certificate);
        log($"issued {directory.ServerCertificatePath} for {names} ({reason})");
        return Pem.LoadCertificateWithKey(directory.ServerCertificatePath, directory.ServerKeyPath);
    }

    private static string? ReasonToIssue(DataDirectory directory, CertificateAuthority ca, ServerNames names, TimeProvider time)
    {
        if (!File.Exists(directory.ServerCertificatePath) || !File.Exists(directory.ServerKeyPath))
        {
            return "first start";
        }

        using var existing = Pem.LoadCertificate(directory.ServerCertificatePath);
        var existingNames = ServerNames.FromCertificate(existing);
        if (!existingNames.SetEquals(names))
        {
            return $"its names were {existingNames}";
        }

        if (!KeyMatches(existing, directory.ServerKeyPath))
        {
            return "server.key does not belong to it";
        }

        if (!ca.Trust.IsValidServer(existing, out var invalid))
        {
            return invalid;
        }

        if (existing.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < s_renewBefore)
        {
            return "it expires within 30 days";
        }

        return null;
    }

    private static bool KeyMatches(X509Certificate2 certificate, string keyPath)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            using var publicKey = certificate.GetECDsaPublicKey();
            return publicKey is not null &&
                publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static ECDsa LoadOrCreateKey(DataDirectory directory)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(directory.ServerKeyPath))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(directory.ServerKeyPath));
                return key;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // An unreadable key is replaced; the certificate is being reissued anyway.
                key.Dispose();
                key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            }
        }

        Pem.WritePrivateKey(directory.ServerKeyPath, key);
        return key;
    }
}
