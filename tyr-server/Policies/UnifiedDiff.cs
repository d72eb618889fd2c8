using DiffPlex.Renderer;

namespace Tyr.Server.Policies;

/// <summary>A line diff in the unified format of <c>diff -u</c> (3 lines of context), for policy YAML and Cedar.</summary>
internal static class UnifiedDiff
{
    private static readonly UnidiffRenderer s_renderer = new(differ: null, contextLines: 3);

    /// <summary>The diff from <paramref name="oldText"/> to <paramref name="newText"/>; empty when they are equal.</summary>
    public static string Create(string oldText, string newText, string oldLabel, string newLabel) =>
        string.Equals(oldText, newText, StringComparison.Ordinal)
            ? string.Empty
            : s_renderer.Generate(oldText, newText, oldLabel, newLabel, ignoreWhitespace: false, ignoreCase: false);
}
