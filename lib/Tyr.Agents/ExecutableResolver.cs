namespace Tyr.Agents;

/// <summary>An agent binary found on this host, and the agent type it runs as.</summary>
public sealed record ResolvedExecutable(string Path, string AgentType, string Signature);

/// <summary>
/// Resolves the catalogue's executable patterns of kernel-taggable agents to the files that exist on
/// this host, so that the kernel (which compares exact paths) tags their execs itself. Patterns that
/// start with <c>**/</c> are looked for under the places agents get installed: npm's global trees, the
/// homes' <c>.local</c>, <c>.npm-global</c>, <c>.nvm</c>, <c>.bun</c>, and <c>/opt</c>. The walk is bounded
/// (<see cref="MaxDepth"/>, <see cref="MaxEntries"/>) and does not follow symbolic links to directories.
/// </summary>
public static class ExecutableResolver
{
    /// <summary>Directory levels below a search root.</summary>
    public const int MaxDepth = 12;

    /// <summary>Directory entries read per resolution, at most: a bound on start-up time on a crowded host.</summary>
    public const int MaxEntries = 400_000;

    /// <summary>The roots searched for <c>**/</c> patterns on a host with these home directories.</summary>
    public static List<string> SearchRoots(IEnumerable<string> homes)
    {
        var roots = new List<string> { "/usr/lib/node_modules", "/usr/local/lib/node_modules", "/usr/local/share", "/opt" };
        foreach (var home in homes)
        {
            roots.AddRange([
                Path.Combine(home, ".local"),
                Path.Combine(home, ".npm-global"),
                Path.Combine(home, ".nvm/versions/node"),
                Path.Combine(home, ".bun/install/global"),
                Path.Combine(home, ".volta/tools"),
            ]);
        }

        return roots;
    }

    /// <summary>Every executable file under <paramref name="roots"/> (or at an absolute pattern's path) that a kernel-taggable signature names.</summary>
    public static List<ResolvedExecutable> Resolve(SignatureCatalog catalog, IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var patterns = new List<(PathGlob Glob, string Type)>();
        var found = new Dictionary<string, ResolvedExecutable>(StringComparer.Ordinal);
        foreach (var signature in catalog.Signatures)
        {
            if (!signature.KernelTaggable)
            {
                continue;
            }

            foreach (var glob in signature.Executables)
            {
                if (!glob.Text.Contains('*', StringComparison.Ordinal) && !glob.Text.Contains('?', StringComparison.Ordinal))
                {
                    if (IsExecutableFile(glob.Text))
                    {
                        found.TryAdd(glob.Text, new ResolvedExecutable(glob.Text, signature.Type, $"{signature.Type} executables: {glob}"));
                    }

                    continue;
                }

                patterns.Add((glob, signature.Type));
            }
        }

        var budget = MaxEntries;
        foreach (var root in roots.Distinct(StringComparer.Ordinal))
        {
            if (Directory.Exists(root))
            {
                Walk(root, 0, patterns, found, ref budget);
            }
        }

        return [.. found.Values.OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    private static void Walk(string dir, int depth, List<(PathGlob Glob, string Type)> patterns, Dictionary<string, ResolvedExecutable> found, ref int budget)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(dir).EnumerateFileSystemInfos();
            foreach (var entry in entries)
            {
                if (--budget < 0)
                {
                    return;
                }

                if (entry is DirectoryInfo sub)
                {
                    if (depth < MaxDepth && sub.LinkTarget is null)
                    {
                        Walk(sub.FullName, depth + 1, patterns, found, ref budget);
                    }

                    continue;
                }

                foreach (var (glob, type) in patterns)
                {
                    if (glob.IsMatch(entry.FullName) && IsExecutableFile(entry.FullName))
                    {
                        found.TryAdd(entry.FullName, new ResolvedExecutable(entry.FullName, type, $"{type} executables: {glob}"));
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A directory that vanished or is closed to us holds nothing we could govern by path.
        }
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            // The kernel sees the binary it runs, symlinks resolved: a link is not what it looks up.
            return info.Exists && info.LinkTarget is null
                && (info.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
