using Google.Protobuf;
using Tyr.Daemon.Diagnostics;
using Tyr.Protocol;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The last PolicyPush, as the server sent it, in the state directory (0600). At start tyrd puts it
/// in force before the server is heard, so that a restart while the server is unreachable keeps
/// the host's policy, and the userspace layer judges with it (the kernel may also have kept it,
/// pinned). The server's first push replaces it.
/// </summary>
internal sealed class PolicyCache(string path)
{
    public string Path { get; } = path;

    /// <summary>Written to a temporary file and renamed: a crash leaves the old or the new push, whole.</summary>
    public void Save(PolicyPush push)
    {
        var temporary = Path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                push.WriteTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The policy is still put in force; only the next start without a server loses it.
            Log.Warn($"cannot keep policy v{push.PolicyVersion} in {Path}: {e.Message}");
        }
    }

    /// <summary>The kept push, or null when there is none or it cannot be read (then says why).</summary>
    public PolicyPush? Load()
    {
        try
        {
            using var file = File.OpenRead(Path);
            return PolicyPush.Parser.ParseFrom(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidProtocolBufferException)
        {
            Log.Warn($"ignoring the kept policy {Path}: {e.Message}; waiting for the server's");
            return null;
        }
    }
}
