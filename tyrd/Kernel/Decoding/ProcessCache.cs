using System.Text;
using Tyr.Tls.Redaction;

namespace Tyr.Daemon.Kernel.Decoding;

/// <summary>
/// Executable and command line of governed processes, by tgid, for the events' process_exe and
/// cmdline. Read from /proc on first sight (best effort: a process may be gone by then), updated
/// by exec events, forgotten on the kernel's exit record. Bounded: cleared when it fills up.
/// </summary>
internal sealed class ProcessCache(string procRoot = "/proc", int capacity = 8192)
{
    private readonly Dictionary<uint, Entry> _entries = [];

    public (string Exe, string Cmdline) Get(uint tgid)
    {
        if (!_entries.TryGetValue(tgid, out var entry))
        {
            entry = new Entry(ReadExe(tgid), null);
            Remember(tgid, entry);
        }

        if (entry.Cmdline is null)
        {
            entry = entry with { Cmdline = ReadCmdline(tgid) };
            _entries[tgid] = entry;
        }

        return (entry.Exe, entry.Cmdline ?? "");
    }

    /// <summary>The process now runs <paramref name="exe"/>; a null cmdline is read from /proc when next needed.</summary>
    public void Exec(uint tgid, string exe, string? cmdline) => Remember(tgid, new Entry(exe, cmdline));

    /// <summary>A forked process runs its parent's image with its parent's argv, until it execs.</summary>
    public void Fork(uint parent, uint child)
    {
        if (_entries.TryGetValue(parent, out var entry))
        {
            Remember(child, entry);
        }
    }

    public void Forget(uint tgid) => _entries.Remove(tgid);

    /// <summary>
    /// argv as the kernel keeps it (NUL-separated) as one line, credentials redacted: a key typed on
    /// a command line (<c>aider --openai-api-key sk-...</c>) must not leave the host in an event.
    /// </summary>
    public static string JoinArgs(ReadOnlySpan<byte> args)
    {
        var text = Encoding.UTF8.GetString(args.TrimEnd((byte)0));
        return CommandLineRedactor.Redact(text.Replace('\0', ' '));
    }

    private void Remember(uint tgid, Entry entry)
    {
        if (_entries.Count >= capacity && !_entries.ContainsKey(tgid))
        {
            _entries.Clear();
        }

        _entries[tgid] = entry;
    }

    private string ReadExe(uint tgid)
    {
        try
        {
            return new FileInfo($"{procRoot}/{tgid}/exe").LinkTarget ?? "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private string ReadCmdline(uint tgid)
    {
        try
        {
            return JoinArgs(File.ReadAllBytes($"{procRoot}/{tgid}/cmdline"));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private readonly record struct Entry(string Exe, string? Cmdline);
}
