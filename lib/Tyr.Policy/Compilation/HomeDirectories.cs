namespace Tyr.Policy.Compilation;

/// <summary>
/// What <c>~</c> stands for on one host: the home directory of every account that can log in
/// (root and the regular accounts). A <c>~/.ssh/*</c> rule protects every one of them, whoever
/// the process runs as: an agent running as alice must not read bob's keys either.
/// </summary>
public sealed class HomeDirectories
{
    /// <summary>The placeholder a version is shown with before it is compiled for a host.</summary>
    public const string UserPlaceholder = "/home/<user>";

    private HomeDirectories(IReadOnlyList<string> paths) => Paths = paths;

    /// <summary>
    /// The generic rendering (<c>/root</c> and <c>/home/&lt;user&gt;</c>) used for a stored version
    /// and <c>tyr policy show</c>; a daemon's effective policy substitutes its real homes.
    /// </summary>
    public static HomeDirectories Generic { get; } = new(["/root", UserPlaceholder]);

    public static HomeDirectories None { get; } = new([]);

    public IReadOnlyList<string> Paths { get; }

    /// <summary>A daemon's reported homes: absolute, no trailing slash, "/" dropped (it would make <c>~/x</c> mean <c>/x</c>), sorted, unique.</summary>
    public static HomeDirectories Of(IEnumerable<string> homes) => new(
        [.. homes.Select(h => h.TrimEnd('/'))
            .Where(h => h.Length > 1 && h[0] == '/' && !h.Contains('*', StringComparison.Ordinal) && !h.Contains('\0', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]);

    /// <summary>
    /// The homes of this host: root's and those of regular accounts (uid 1000 to 59999, the
    /// login.defs defaults), read from <paramref name="passwdPath"/>. Service accounts are left out:
    /// their "home" is often a shared data directory (/var/www, /nonexistent).
    /// </summary>
    public static HomeDirectories FromPasswd(string passwdPath = "/etc/passwd")
    {
        var homes = new List<string>();
        foreach (var line in File.ReadLines(passwdPath))
        {
            var fields = line.Split(':');
            if (fields.Length < 7 || !long.TryParse(fields[2], out var uid))
            {
                continue;
            }

            if (uid == 0 || (uid >= 1000 && uid < 60000))
            {
                homes.Add(fields[5]);
            }
        }

        return Of(homes);
    }

    /// <summary>The rest of a <c>~</c> pattern, <paramref name="afterTilde"/>, under each home.</summary>
    internal IEnumerable<string> Expand(string afterTilde) => Paths.Select(h => h + afterTilde);

    public override string ToString() => Paths.Count == 0 ? "(none)" : string.Join(", ", Paths);
}
