namespace Tyr.Agents;

/// <summary>An interpreter running a script: the interpreter's base name (a <see cref="NamePattern"/>) and the script's path.</summary>
public sealed record ScriptSignature(IReadOnlyList<NamePattern> Interpreters, IReadOnlyList<PathGlob> Paths);

/// <summary>An environment marker: the variable, and the exact value it must have (null: any value, even empty).</summary>
public sealed record EnvMarker(string Name, string? Value)
{
    public bool IsMatch(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue(Name, out var value) && (Value is null || string.Equals(value, Value, StringComparison.Ordinal));

    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}

/// <summary>One catalogue entry: everything that identifies one agent type.</summary>
/// <param name="Type">One of <see cref="Tyr.Policy.AgentTypes.Names"/>.</param>
/// <param name="Executables">Absolute path patterns of the agent's own binaries.</param>
/// <param name="Names">Executable base names or comm values (a comm is compared to the first 15 characters).</param>
/// <param name="Scripts">Interpreter + script path pairs.</param>
/// <param name="Modules">Python modules run with <c>-m</c>; <c>aider</c> also matches <c>aider.main</c>.</param>
/// <param name="Env">Markers the agent sets for its children.</param>
/// <param name="KernelTaggable">True when the executable alone identifies the agent, so the kernel can tag it at exec.</param>
/// <param name="Line">The entry's 1-based line in the catalogue file, for messages.</param>
public sealed record AgentSignature(
    string Type,
    IReadOnlyList<PathGlob> Executables,
    IReadOnlyList<NamePattern> Names,
    IReadOnlyList<ScriptSignature> Scripts,
    IReadOnlyList<string> Modules,
    IReadOnlyList<EnvMarker> Env,
    bool KernelTaggable,
    int Line);

/// <summary>A base name with <c>*</c> (any run) and <c>?</c> (one character) as wildcards, e.g. <c>python3.*</c>.</summary>
public sealed record NamePattern(string Text)
{
    public bool IsMatch(string name) => Match(Text, 0, name, 0);

    public override string ToString() => Text;

    private static bool Match(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                for (var k = t; k <= text.Length; k++)
                {
                    if (Match(pattern, p + 1, text, k))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (t >= text.Length || (c != '?' && c != text[t]))
            {
                return false;
            }

            p++;
            t++;
        }

        return t == text.Length;
    }
}
