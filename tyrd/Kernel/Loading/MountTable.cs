using System.Text;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>Reads /proc/self/mountinfo (proc(5)): where a filesystem type is mounted.</summary>
internal static class MountTable
{
    /// <summary>The first mount point of <paramref name="fsType"/> ("cgroup2", "tracefs"), or null.</summary>
    public static string? Find(string fsType, string mountinfo = "/proc/self/mountinfo") =>
        MountPoints(fsType, mountinfo).FirstOrDefault();

    /// <summary>Whether a <paramref name="fsType"/> is mounted at <paramref name="directory"/> itself.</summary>
    public static bool IsMountedAt(string fsType, string directory, string mountinfo = "/proc/self/mountinfo") =>
        MountPoints(fsType, mountinfo).Contains(directory, StringComparer.Ordinal);

    private static IEnumerable<string> MountPoints(string fsType, string mountinfo)
    {
        foreach (var line in File.ReadLines(mountinfo))
        {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var tail = line.AsSpan(separator + 3);
            var space = tail.IndexOf(' ');
            var type = space < 0 ? tail : tail[..space];
            if (!type.SequenceEqual(fsType))
            {
                continue;
            }

            var fields = line[..separator].Split(' ');
            if (fields.Length >= 5)
            {
                yield return Unescape(fields[4]);
            }
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
                continue;
            }

            text.Append(field[i]);
        }

        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
