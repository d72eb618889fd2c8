using System.Globalization;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Finds which local process holds the client end of a loopback TCP connection, through procfs
/// (/proc/net/tcp{,6} for the socket's inode, then every /proc/PID/fd for that inode). tyrd can only
/// read an agent's plaintext when that process's TLS runs through a hooked OpenSSL (libssl or
/// node), so the tests check the executable that really sent each request.
/// </summary>
internal static class LoopbackPeerProcess
{
    /// <summary>
    /// The resolved /proc/PID/exe of the process whose socket has local port
    /// <paramref name="clientPort"/> and remote port <paramref name="serverPort"/>, or null when
    /// none is found (the client already closed it, or it lives in another network namespace).
    /// </summary>
    public static string? FindExecutable(int clientPort, int serverPort)
    {
        var inode = FindSocketInode(clientPort, serverPort);
        return inode is null ? null : FindOwner($"socket:[{inode}]");
    }

    private static string? FindSocketInode(int clientPort, int serverPort)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (IOException)
            {
                continue;
            }

            // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ..."
            foreach (var line in lines.Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && Port(fields[1]) == clientPort && Port(fields[2]) == serverPort && fields[9] != "0")
                {
                    return fields[9];
                }
            }
        }

        return null;
    }

    private static int Port(string hexAddress)
    {
        var colon = hexAddress.LastIndexOf(':');
        return colon >= 0 && int.TryParse(hexAddress.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)
            ? port
            : -1;
    }

    private static string? FindOwner(string socketLink)
    {
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget == socketLink)
                    {
                        return new FileInfo(Path.Combine(process, "exe")).LinkTarget;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited meanwhile, or is not ours to look into: not the one.
            }
        }

        return null;
    }
}
