using System.Runtime.InteropServices;
using System.Text;
using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// Takes over libbpf's logging (stderr by default, where a refused LSM program would print pages of
/// verifier output at every start). Warnings are kept, the last few dozen lines, so that a failed
/// step can say what libbpf said; nothing is printed.
/// </summary>
internal static unsafe class LibbpfLog
{
    private const int MaxLines = 64;
    // libbpf prints a refused program's whole verifier log in one call, and its verdict is at the end.
    private const int LineBytes = 64 * 1024;

    private static readonly Lock s_lock = new();
    private static readonly Queue<string> s_lines = new();
    private static int s_installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
        {
            Libbpf.libbpf_set_print(&Print);
        }
    }

    public static void Clear()
    {
        lock (s_lock)
        {
            s_lines.Clear();
        }
    }

    /// <summary>The last lines libbpf logged (warnings and the verifier's output), oldest first.</summary>
    public static List<string> Tail(int count)
    {
        lock (s_lock)
        {
            return [.. s_lines.TakeLast(count)];
        }
    }

    /// <summary>
    /// Why the last load failed, in one line: the verifier's last message (the line before its
    /// "processed N insns" summary), else libbpf's own last complaint.
    /// </summary>
    public static string? Reason()
    {
        lock (s_lock)
        {
            var lines = s_lines.ToList();
            var summary = lines.FindLastIndex(l => l.StartsWith("processed ", StringComparison.Ordinal));
            if (summary > 0)
            {
                return lines[summary - 1];
            }

            var line = lines.LastOrDefault(l => l.Contains("load failed", StringComparison.Ordinal))
                ?? lines.LastOrDefault(l => l.Contains("failed", StringComparison.Ordinal));
            return line?.StartsWith("libbpf: ", StringComparison.Ordinal) == true ? line["libbpf: ".Length..] : line;
        }
    }

    [UnmanagedCallersOnly]
    private static int Print(int level, byte* format, nint args)
    {
        if (level == Libbpf.LIBBPF_DEBUG)
        {
            return 0;
        }

        try
        {
            var buffer = stackalloc byte[LineBytes];
            var written = Libc.vsnprintf(buffer, LineBytes, format, args);
            if (written <= 0)
            {
                return 0;
            }

            var text = Encoding.UTF8.GetString(buffer, Math.Min(written, LineBytes - 1));
            lock (s_lock)
            {
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    s_lines.Enqueue(line);
                    if (s_lines.Count > MaxLines)
                    {
                        s_lines.Dequeue();
                    }
                }
            }
        }
        catch (Exception)
        {
            // A native callback must not throw; a lost log line is harmless.
        }

        return 0;
    }
}
