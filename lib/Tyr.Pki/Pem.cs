using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tyr.Pki;

/// <summary>PEM files on disk. Private keys are written 0600 from the first byte, never chmod-ed later.</summary>
public static class Pem
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{path}: not a PEM certificate ({e.Message})", e);
        }
    }

    /// <summary>Loads a certificate and its ECDSA private key as one object usable by TLS.</summary>
    public static X509Certificate2 LoadCertificateWithKey(string certPath, string keyPath)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        using var cert = LoadCertificate(certPath);
        using var withKey = cert.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static void WriteCertificate(string path, X509Certificate2 certificate) =>
        WriteAtomically(path, Encoding.ASCII.GetBytes(ToPem(certificate)), WorldReadable);

    public static void WritePrivateKey(string path, ECDsa key) =>
        WriteAtomically(path, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"), OwnerReadWrite);

    public static void WriteText(string path, string text, bool secret) =>
        WriteAtomically(path, Encoding.UTF8.GetBytes(text), secret ? OwnerReadWrite : WorldReadable);

    /// <summary>
    /// Writes to a temporary file created with the final mode, fsyncs, then renames over the target,
    /// so a crash never leaves a half-written key or a key that was briefly readable by others.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        };
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
