using Tyr.Daemon.Diagnostics;

namespace Tyr.Daemon.Enrollment;

/// <summary>
/// Where tyrd keeps its identity and spool (<c>/var/lib/tyr</c>): agent.key, agent.pem,
/// enrollment.json, spool.db. Owner-only (0700), because the key is in it.
/// </summary>
internal sealed class StateDirectory(string path)
{
    public const string DefaultPath = "/var/lib/tyr";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string KeyFile => System.IO.Path.Combine(Path, "agent.key");

    public string CertificateFile => System.IO.Path.Combine(Path, "agent.pem");

    public string EnrollmentFile => System.IO.Path.Combine(Path, "enrollment.json");

    public string SpoolFile => System.IO.Path.Combine(Path, "spool.db");

    public string LockFile => System.IO.Path.Combine(Path, "tyrd.lock");

    /// <summary>The last policy the server pushed, put in force at the next start before the server is heard.</summary>
    public string PolicyCacheFile => System.IO.Path.Combine(Path, "policy.pb");

    /// <summary>
    /// Claims the directory for one running daemon: two would interleave sequences in one spool.
    /// .NET maps FileShare.None to flock(LOCK_EX | LOCK_NB) on Linux; the kernel drops the lock when
    /// the process dies, however it dies.
    /// </summary>
    /// <returns>The lock, held until disposed; null if another process holds it.</returns>
    public FileStream? TryLock()
    {
        try
        {
            return new FileStream(LockFile, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Creates the directory 0700 if missing; warns if an existing one is open to others.</summary>
    public void EnsureExists()
    {
        if (!Directory.Exists(Path))
        {
            Directory.CreateDirectory(Path, OwnerOnly);
            return;
        }

        var mode = File.GetUnixFileMode(Path);
        if ((mode & ~OwnerOnly) != 0)
        {
            Log.Warn($"{Path} is accessible to other users (mode {Convert.ToString((int)mode, 8)}); it holds the agent's private key, use 0700");
        }
    }
}
