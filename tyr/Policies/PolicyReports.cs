using Tyr.Cli.Api;
using Tyr.Cli.Output;

namespace Tyr.Cli.Policies;

/// <summary>The human form of policy versions and routing, shared by the policy commands.</summary>
internal static class PolicyReports
{
    /// <summary>"laptop-base v3 (4 rules: 3 kernel, 1 userspace)".</summary>
    public static string Summary(PolicyVersionDto version)
    {
        var rules = version.RuleCount == 1 ? "1 rule" : $"{version.RuleCount} rules";
        var routing = version.Routing ?? [];
        var kernel = routing.Count(r => IsKernel(r.Layer));
        var layers = routing.Count == 0 ? string.Empty : $": {kernel} kernel, {routing.Count - kernel} userspace";
        return $"{version.Name} v{VersionNumber.Format(version.Version)} ({rules}{layers})";
    }

    /// <summary>Which rule went to which layer and why; the scope column where more than one scope is in play.</summary>
    public static void WriteRouting(TextWriter writer, IReadOnlyList<RouteDto>? routing, bool withScope)
    {
        if (routing is null || routing.Count == 0)
        {
            writer.WriteLine("(no rules)");
            return;
        }

        var table = withScope
            ? new Table("SCOPE", "RULE", "LAYER", "ENTRIES", "REASON")
            : new Table("RULE", "LAYER", "ENTRIES", "REASON");
        foreach (var route in routing)
        {
            var entries = IsKernel(route.Layer) ? TextCells.Number(route.KernelEntries) : TextCells.None;
            if (withScope)
            {
                table.Add(route.Scope, route.RuleId, route.Layer, entries, route.Reason);
            }
            else
            {
                table.Add(route.RuleId, route.Layer, entries, route.Reason);
            }
        }

        table.WriteTo(writer);
    }

    /// <summary>`key:  value` lines with the values aligned, as `kubectl describe` prints them.</summary>
    public static void WriteFields(TextWriter writer, params (string Key, string? Value)[] fields)
    {
        var width = fields.Max(f => f.Key.Length) + 2;
        foreach (var (key, value) in fields)
        {
            writer.WriteLine((key + ":").PadRight(width) + TextCells.Clean(value));
        }
    }

    /// <summary>A titled block of text (YAML, Cedar, a diff), ending in exactly one newline.</summary>
    public static void WriteSection(TextWriter writer, string title, string? text)
    {
        writer.WriteLine();
        writer.WriteLine(Heading(title));
        if (string.IsNullOrEmpty(text))
        {
            writer.WriteLine("(empty)");
            return;
        }

        writer.Write(text.EndsWith('\n') ? text : text + "\n");
    }

    /// <summary>
    /// "==&gt; YAML &lt;==", the header `tail` and `head` put above each file: unlike "# YAML" it cannot
    /// be mistaken for a YAML comment or a line of Cedar.
    /// </summary>
    public static string Heading(string title) => $"==> {title} <==";

    public static string? RolledBack(long? from) => from is { } n ? $"rollback to v{VersionNumber.Format(n)}" : null;

    private static bool IsKernel(string layer) => string.Equals(layer, "kernel", StringComparison.OrdinalIgnoreCase);
}
