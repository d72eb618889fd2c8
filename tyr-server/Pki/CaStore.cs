using System.Security.Cryptography;
using Tyr.Pki;
using Tyr.Server.Storage;

namespace Tyr.Server.Pki;

/// <summary>ca.pem and ca.key in the data directory.</summary>
internal static class CaStore
{
    /// <summary>Loads the CA, creating it on first use. Call under the data directory's init lock.</summary>
    public static CertificateAuthority LoadOrCreate(DataDirectory directory, string hostName, TimeProvider time, out bool created)
    {
        created = !File.Exists(directory.CaCertificatePath);
        if (!created)
        {
            return Load(directory, time);
        }

        var ca = CertificateAuthority.CreateNew(hostName, time);
        ca.WriteTo(directory.CaCertificatePath, directory.CaKeyPath);
        return ca;
    }

    public static CertificateAuthority Load(DataDirectory directory, TimeProvider time)
    {
        if (!File.Exists(directory.CaKeyPath))
        {
            throw new InvalidDataException($"{directory.CaKeyPath} is missing but {directory.CaCertificatePath} exists; restore the key from a backup");
        }

        var certificate = Pem.LoadCertificate(directory.CaCertificatePath);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(directory.CaKeyPath));
            return new CertificateAuthority(certificate, key, time);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidDataException)
        {
            key.Dispose();
            certificate.Dispose();
            throw new InvalidDataException($"{directory.CaKeyPath}: {e.Message}", e);
        }
    }
}
