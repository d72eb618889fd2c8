namespace Tyr.Policy;

/// <summary>
/// The AI-agent types an overlay can be assigned to, each with a fixed rule scope: the number the
/// kernel tags a process of that type with and that keys its overlay's map entries. Scopes are part
/// of the wire format (PolicyPush entries, OverlayInfo.scope, event metadata): never renumber or
/// reuse one; append new types at the end.
/// </summary>
public static class AgentTypes
{
    private static readonly string[] s_names =
    [
        "cursor", "claude-code", "codex", "aider", "autogen", "gemini-cli", "copilot", "langchain",
        "windsurf", "cline", "continue", "goose", "opencode", "openhands", "crewai", "amp",
    ];

    /// <summary>Every known type, in scope order (scope = index + 1).</summary>
    public static IReadOnlyList<string> Names => s_names;

    public static bool TryGetScope(string name, out ushort scope)
    {
        var index = Array.IndexOf(s_names, name);
        scope = index < 0 ? (ushort)0 : (ushort)(index + 1);
        return index >= 0;
    }

    /// <summary>The type of an overlay scope; null for the base scope 0 and unknown scopes.</summary>
    public static string? NameOf(ushort scope) => scope >= 1 && scope <= s_names.Length ? s_names[scope - 1] : null;

    /// <summary>The refusal for a name outside the catalogue, listing what is accepted.</summary>
    public static string UnknownMessage(string name) =>
        $"unknown agent type '{name}'; known types: {string.Join(", ", s_names)}";
}
