namespace Tyr.Server.Storage;

/// <summary>The files of one tyr-server installation, all under one owner-only directory.</summary>
internal sealed class DataDirectory(string root)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Root { get; } = Path.GetFullPath(root);

    public string CaKeyPath => Path.Combine(Root, "ca.key");

    public string CaCertificatePath => Path.Combine(Root, "ca.pem");

    public string ServerKeyPath => Path.Combine(Root, "server.key");

    public string ServerCertificatePath => Path.Combine(Root, "server.pem");

    public string DatabasePath => Path.Combine(Root, "tyr.db");

    private string LockPath => Path.Combine(Root, ".init.lock");

    /// <summary>Creates the directory 0700 if it is missing; an existing directory keeps its mode.</summary>
    public void EnsureCreated() => Directory.CreateDirectory(Root, OwnerOnly);

    /// <summary>For commands that read state: a typo in --data must not quietly create an empty server.</summary>
    public bool IsInitialized => File.Exists(CaCertificatePath) && File.Exists(DatabasePath);

    /// <summary>
    /// Serializes first-time creation of the CA and the schema between processes (`run` and
    /// `token create` may start together). flock(2) is released by the kernel if we die.
    /// </summary>
    public IDisposable LockForInitialization()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory flock on Unix.
                return new FileStream(LockPath, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
