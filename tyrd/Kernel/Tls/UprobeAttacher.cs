using System.Text;
using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.Loading;

namespace Tyr.Daemon.Kernel.Tls;

/// <summary>
/// Attaches the TLS family's uprobes to binaries that carry OpenSSL's API: the system libssl, and
/// executables with OpenSSL inside that export it (node). A uprobe on a file covers every process
/// that maps it, so each file is attached once; the BPF side captures governed processes only.
/// </summary>
internal sealed class UprobeAttacher(IReadOnlyDictionary<string, BpfProgram> programs, Action<string>? log) : IDisposable
{
    /// <summary>Where distributions put libssl; the first of each that exists is attached at start.</summary>
    public static readonly string[] SystemLibraries =
    [
        "/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/aarch64-linux-gnu/libssl.so.3",
        "/usr/lib64/libssl.so.3", "/lib64/libssl.so.3", "/usr/lib/libssl.so.3",
        "/usr/lib/x86_64-linux-gnu/libssl.so.1.1", "/usr/lib64/libssl.so.1.1",
    ];

    /// <summary>Executables that commonly carry OpenSSL statically, attached at start when present.</summary>
    public static readonly string[] KnownExecutables = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"];

    private static readonly (string Symbol, string Program, bool Return, bool Required)[] s_probes =
    [
        ("SSL_write", "handle_ssl_write", false, true),
        ("SSL_read", "handle_ssl_read", false, true),
        ("SSL_read", "handle_ssl_read_return", true, true),
        ("SSL_write_ex", "handle_ssl_write_ex", false, false),
        ("SSL_read_ex", "handle_ssl_read_ex", false, false),
        ("SSL_read_ex", "handle_ssl_read_return", true, false),
        ("SSL_ctrl", "handle_ssl_ctrl", false, false),
    ];

    private static readonly byte[] s_marker = Encoding.ASCII.GetBytes("SSL_write\0");

    private readonly Lock _lock = new();
    private readonly HashSet<(ulong Device, ulong Inode)> _seen = [];
    private readonly List<SafeBpfLinkHandle> _links = [];
    private readonly List<string> _targets = [];

    /// <summary>The files attached, for the capability report ("uprobe/SSL_write:PATH").</summary>
    public IReadOnlyList<string> Targets
    {
        get
        {
            lock (_lock)
            {
                return [.. _targets];
            }
        }
    }

    /// <summary>Attaches to <paramref name="path"/> if it exports SSL_write and SSL_read and was not attached before; true when it is now.</summary>
    public bool TryAttach(string path)
    {
        if (programs.Count == 0 || FileIdentity(path) is not { } identity)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_seen.Add(identity))
            {
                return false;
            }
        }

        // libbpf reads the ELF symbols itself; this cheap look first keeps it (and its log) away
        // from the many binaries without OpenSSL.
        if (!MentionsSsl(path))
        {
            return false;
        }

        var links = new List<SafeBpfLinkHandle>();
        var hooked = new List<string>();
        foreach (var (symbol, name, isReturn, required) in s_probes)
        {
            var link = programs.TryGetValue(name, out var program) ? Attach(program, path, symbol, isReturn) : null;
            if (link is null)
            {
                if (required)
                {
                    links.ForEach(l => l.Dispose());
                    return false;
                }

                continue;
            }

            links.Add(link);
            hooked.Add(symbol);
        }

        lock (_lock)
        {
            _links.AddRange(links);
            _targets.Add(path);
        }

        log?.Invoke($"tls: uprobes on {path} ({string.Join(", ", hooked.Distinct())})");
        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var link in _links)
            {
                link.Dispose();
            }

            _links.Clear();
        }
    }

    private static unsafe SafeBpfLinkHandle? Attach(BpfProgram program, string path, string symbol, bool isReturn)
    {
        var name = Encoding.ASCII.GetBytes(symbol + "\0");
        fixed (byte* function = name)
        {
            var opts = new Libbpf.bpf_uprobe_opts
            {
                sz = (nuint)sizeof(Libbpf.bpf_uprobe_opts),
                retprobe = isReturn,
                func_name = function,
            };
            var link = Libbpf.bpf_program__attach_uprobe_opts(program.Handle, -1, path, 0, &opts);
            if (link.IsInvalid)
            {
                link.Dispose();
                return null;
            }

            return link;
        }
    }

    private static unsafe (ulong, ulong)? FileIdentity(string path)
    {
        Libc.statx_buf stat;
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO, &stat) != 0)
        {
            return null;
        }

        return (((ulong)stat.stx_dev_major << 32) | stat.stx_dev_minor, stat.stx_ino);
    }

    private static bool MentionsSsl(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[1 << 20];
            var carry = 0;
            int read;
            while ((read = file.Read(buffer, carry, buffer.Length - carry)) > 0)
            {
                var span = buffer.AsSpan(0, carry + read);
                if (span.IndexOf(s_marker) >= 0)
                {
                    return true;
                }

                carry = Math.Min(s_marker.Length - 1, span.Length);
                span[^carry..].CopyTo(buffer);
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
