using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Agents;

/// <summary>
/// The agent signature catalogue (docs/agents.md) and the matcher that names the agent type of one process.
/// Immutable once built, so one instance can serve every thread.
/// </summary>
public sealed class SignatureCatalog
{
    // Options of node and python that take the next argv element as their value: skipped when looking for the script.
    private static readonly HashSet<string> s_optionsWithValue = new(StringComparer.Ordinal)
    {
        "-r", "--require", "--import", "--loader", "--experimental-loader", "--conditions", "-C", "--title", "-W", "-X", "--check-hash-based-pycs",
    };

    // Options after which there is no script: inline code or a module.
    private static readonly HashSet<string> s_noScript = new(StringComparer.Ordinal) { "-e", "--eval", "-p", "--print", "-c", "-m" };

    private static readonly NamePattern s_python = new("python*");

    private SignatureCatalog(IReadOnlyList<AgentSignature> signatures, string source)
    {
        Signatures = signatures;
        Source = source;
    }

    /// <summary>The entries in file order; on equal specificity the earlier entry wins.</summary>
    public IReadOnlyList<AgentSignature> Signatures { get; }

    /// <summary>Where the catalogue came from (a file name, or <c>embedded:agents.yaml</c>).</summary>
    public string Source { get; }

    /// <summary>The catalogue shipped inside this assembly (lib/Tyr.Agents/Signatures/agents.yaml).</summary>
    public static SignatureCatalog LoadDefault()
    {
        using var stream = typeof(SignatureCatalog).Assembly.GetManifestResourceStream("Tyr.Agents.agents.yaml")
            ?? throw new InvalidOperationException("the embedded resource Tyr.Agents.agents.yaml is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "embedded:agents.yaml");
    }

    /// <summary>Reads a catalogue file (a replacement shipped through ConfigUpdate, for example).</summary>
    public static SignatureCatalog Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignatureCatalogException([new CatalogError(path, 1, 1, $"cannot read: {e.Message}")], e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses catalogue text; <paramref name="file"/> names it in error positions. Throws <see cref="SignatureCatalogException"/>.</summary>
    public static SignatureCatalog Parse(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SignatureCatalogException([new CatalogError(file, (int)e.Start.Line, (int)e.Start.Column, StripPosition(e.Message))], e);
        }

        var reader = new CatalogReader(file);
        var signatures = reader.Read(stream);
        if (reader.Errors.Count > 0)
        {
            throw new SignatureCatalogException(reader.Errors);
        }

        return new SignatureCatalog(signatures, file);
    }

    /// <summary>The signature entry of a type, or null when the catalogue does not list it.</summary>
    public AgentSignature? Find(string agentType) => Signatures.FirstOrDefault(s => s.Type == agentType);

    /// <summary>
    /// Names the agent type of one process image, or null when it is no agent. The strongest own match wins
    /// (executable &gt; script/module &gt; name &gt; environment). A process with an agent parent (or an agent type before
    /// a re-exec) keeps that type unless an own match of at least name strength says otherwise: environment markers
    /// never override ancestry, because children inherit the environment of every agent above them, so a marker
    /// says which agent is somewhere up the tree, not which one this process is.
    /// </summary>
    public AgentMatch? Match(ProcessFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var image = new Image(facts);
        AgentMatch? best = null;
        foreach (var signature in Signatures)
        {
            var match = MatchOne(signature, facts, image);
            if (match is not null && (best is null || match.Specificity > best.Specificity))
            {
                best = match;
            }
        }

        if (facts.ParentAgentType is { } parent)
        {
            if (best is not null && best.Kind >= MatchKind.Name)
            {
                return best;
            }

            return new AgentMatch(parent, MatchKind.Inherited, "inherited", Find(parent)?.KernelTaggable ?? false);
        }

        return best;
    }

    private static AgentMatch? MatchOne(AgentSignature signature, ProcessFacts facts, Image image)
    {
        AgentMatch Found(MatchKind kind, string key, object pattern) =>
            new(signature.Type, kind, $"{signature.Type} {key}: {pattern}", signature.KernelTaggable);

        foreach (var glob in signature.Executables)
        {
            if (glob.IsMatch(facts.ExePath))
            {
                return Found(MatchKind.Executable, "executables", glob);
            }
        }

        var exeName = image.ExeName;
        if (image.Script is { } script)
        {
            foreach (var candidate in signature.Scripts)
            {
                if (!candidate.Interpreters.Any(i => i.IsMatch(exeName)))
                {
                    continue;
                }

                foreach (var path in candidate.Paths)
                {
                    if (path.IsMatch(script) || (image.ScriptTarget is { } target && path.IsMatch(target)))
                    {
                        return Found(MatchKind.Script, "scripts", path);
                    }
                }
            }
        }

        if (image.Module is { } module)
        {
            foreach (var name in signature.Modules)
            {
                if (module == name || module.StartsWith(name + ".", StringComparison.Ordinal))
                {
                    return Found(MatchKind.Module, "modules", name);
                }
            }
        }

        foreach (var name in signature.Names)
        {
            if (name.IsMatch(exeName) || (facts.Comm is { Length: > 0 } comm && MatchesComm(name, comm)))
            {
                return Found(MatchKind.Name, "names", name);
            }
        }

        if (facts.Environment is { Count: > 0 } environment)
        {
            foreach (var marker in signature.Env)
            {
                if (marker.IsMatch(environment))
                {
                    return Found(MatchKind.Environment, "env", marker);
                }
            }
        }

        return null;
    }

    // What the matcher derives from the facts once, not once per signature.
    private sealed class Image
    {
        public Image(ProcessFacts facts)
        {
            ExeName = Path.GetFileName(facts.ExePath);
            Script = ScriptArgument(facts);
            ScriptTarget = Script is null ? null : LinkTarget(Script);
            Module = s_python.IsMatch(ExeName) ? ModuleArgument(facts.Argv) : null;
        }

        public string ExeName { get; }

        public string? Script { get; }

        public string? ScriptTarget { get; }

        public string? Module { get; }
    }

    // The kernel truncates comm to 15 bytes: a name longer than that is compared by its first 15 characters.
    private static bool MatchesComm(NamePattern name, string comm) =>
        name.IsMatch(comm) || (comm.Length == 15 && name.Text.Length > 15 && !name.Text.Contains('*', StringComparison.Ordinal)
            && name.Text.StartsWith(comm, StringComparison.Ordinal));

    /// <summary>The script an interpreter runs: the first argument after argv[0] that is not an option, made absolute.</summary>
    internal static string? ScriptArgument(ProcessFacts facts)
    {
        var argv = facts.Argv;
        for (var i = 1; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (s_noScript.Contains(arg) || (arg.StartsWith("-m", StringComparison.Ordinal) && !arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2))
            {
                return null;
            }

            if (s_optionsWithValue.Contains(arg))
            {
                i++;
                continue;
            }

            if (arg.StartsWith('-'))
            {
                continue;
            }

            return Path.IsPathRooted(arg) || facts.Cwd is null ? arg : Path.GetFullPath(Path.Combine(facts.Cwd, arg));
        }

        return null;
    }

    /// <summary>The module of <c>python -m MODULE</c> (or <c>-mMODULE</c>), or null.</summary>
    internal static string? ModuleArgument(IReadOnlyList<string> argv)
    {
        for (var i = 1; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (arg == "-m")
            {
                return i + 1 < argv.Count ? argv[i + 1] : null;
            }

            if (arg.StartsWith("-m", StringComparison.Ordinal) && !arg.StartsWith("--", StringComparison.Ordinal))
            {
                return arg[2..];
            }

            if (arg == "-c" || !arg.StartsWith('-'))
            {
                return null; // inline code or a script: everything after belongs to it
            }

            if (arg is "-W" or "-X")
            {
                i++;
            }
        }

        return null;
    }

    // npm and pip put the command on PATH as a symlink into the package (`/usr/local/bin/gemini` ->
    // `../lib/node_modules/@google/gemini-cli/bundle/gemini.js`); `#!/usr/bin/env node` leaves the link in argv.
    private static string? LinkTarget(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return target?.FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): " to its messages; the position is ours to print.
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
