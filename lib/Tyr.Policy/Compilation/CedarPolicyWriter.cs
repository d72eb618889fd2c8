using System.Globalization;
using System.Text;
using Tyr.Policy.Evaluation;

namespace Tyr.Policy.Compilation;

/// <summary>
/// Writes an effective policy as Cedar that states all of it: every rule, kernel or userspace, as one
/// annotated policy, with the kernel's "most specific rule wins" written out as exceptions, so that
/// judging an operation with this text gives the verdict the kernel gives (for kernel rules) and the
/// userspace verdict (for the rest). docs/policy-yaml.md explains the shape.
/// </summary>
internal static class CedarPolicyWriter
{
    public static string Write(IReadOnlyList<CompiledScope> scopes, bool hasBase, HomeDirectories homes)
    {
        var text = new StringBuilder();
        text.AppendLine("// Tyr effective policy (generated; docs/policy-yaml.md)");
        foreach (var scope in scopes)
        {
            var version = scope.Version is { } v ? $" v{v}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"//   {(scope.IsBase ? "base" : "overlay " + scope.Name)}: {scope.PolicyName}{version}, {Plural(scope.Rules.Count, "rule")}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"//   ~ is: {homes}");
        text.AppendLine();

        foreach (var scope in scopes)
        {
            for (var i = 0; i < scope.Rules.Count; i++)
            {
                WriteRule(text, scope, scope.Rules[i]);
            }
        }

        if (!hasBase)
        {
            var overlays = scopes.Where(s => !s.IsBase).ToList();
            text.AppendLine(overlays.Count == 0
                ? "// No policy is assigned: every governed operation is denied."
                : "// No base policy: a process that no overlay governs is denied everything.");
            text.AppendLine(CultureInfo.InvariantCulture, $"@id({CedarLiteral.String(CedarVocabulary.DenyByDefaultId)})");
            text.AppendLine(CultureInfo.InvariantCulture, $"@{CedarVocabulary.EffectAnnotation}(\"deny\")");
            text.AppendLine(CultureInfo.InvariantCulture, $"@{CedarVocabulary.SeverityAnnotation}(\"high\")");
            text.Append("forbid (principal, action, resource)");
            if (overlays.Count > 0)
            {
                text.AppendLine().Append("unless { ")
                    .Append(string.Join(" || ", overlays.Select(o => $"principal in {AgentTypeUid(o.Name)}")))
                    .Append(" }");
            }

            text.AppendLine(";").AppendLine();
        }

        text.AppendLine("// What no rule matches is allowed.");
        text.AppendLine(CultureInfo.InvariantCulture, $"@id({CedarLiteral.String(CedarVocabulary.AllowUnmatchedId)})");
        text.AppendLine("permit (principal, action, resource);");
        return text.ToString();
    }

    public static string AgentTypeUid(string agentType) => $"{CedarVocabulary.AgentTypeType}::{CedarLiteral.String(agentType)}";

    private static void WriteRule(StringBuilder text, CompiledScope scope, RuleExpansion expansion)
    {
        var rule = expansion.Rule;
        var layer = expansion.IsKernel ? "kernel" : "userspace";
        text.AppendLine(CultureInfo.InvariantCulture, $"// {layer}: {(expansion.IsKernel ? expansion.KernelReason : expansion.UserspaceReason)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"@id({CedarLiteral.String(scope.Name + "/" + rule.Id)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"@{CedarVocabulary.EffectAnnotation}({CedarLiteral.String(EffectName(rule.Effect))})");
        text.AppendLine(CultureInfo.InvariantCulture, $"@{CedarVocabulary.SeverityAnnotation}({CedarLiteral.String(SeverityName(rule.Severity))})");
        text.Append(rule.Effect == PolicyEffect.Deny ? "forbid" : "permit").AppendLine(" (");
        text.AppendLine(scope.IsBase ? "    principal," : $"    principal in {AgentTypeUid(scope.Name)},");
        text.AppendLine(CultureInfo.InvariantCulture, $"    action == {CedarVocabulary.ActionType}::{CedarLiteral.String(CedarVocabulary.ActionId(rule.Operation))},");
        text.AppendLine("    resource");
        text.AppendLine(")");
        text.Append("when { ").Append(Match(scope, expansion)).Append(" }");
        if (rule.When is { } condition)
        {
            text.AppendLine().Append("when { ").Append(condition.Trim()).Append(" }");
        }

        text.AppendLine(";").AppendLine();
    }

    /// <summary>When the rule decides: it matches, and (kernel rules) no more specific rule of its scope does.</summary>
    private static string Match(CompiledScope scope, RuleExpansion expansion)
    {
        if (!expansion.IsKernel)
        {
            return UserspaceMatch(expansion);
        }

        var terms = new List<string>();
        var plain = new List<MatchAtom>();
        foreach (var atom in expansion.Atoms)
        {
            var overriding = scope.Overriding(expansion, atom);
            if (overriding.Count == 0)
            {
                plain.Add(atom);
            }
            else
            {
                terms.Add($"({atom.ToCedar()} && !({string.Join(" || ", overriding.Select(b => b.ToCedar()))}))");
            }
        }

        if (plain.Count == expansion.Atoms.Count && expansion.Rule.Operation == PolicyOperation.Connect && plain.Count > 0)
        {
            return NetworkMatch(expansion.Rule);
        }

        terms.InsertRange(0, plain.Select(a => a.ToCedar()));
        return terms.Count == 0 ? "false" : Any(terms);
    }

    private static string UserspaceMatch(RuleExpansion expansion)
    {
        var rule = expansion.Rule;
        switch (rule.Operation)
        {
            case PolicyOperation.Connect:
                return NetworkMatch(rule);
            case PolicyOperation.Tls:
                return Any(rule.Sni.Select(s => s.IsWildcard
                    ? $"(context.sni like {CedarLiteral.Glob("*." + s.HostName)} && !(context.sni like {CedarLiteral.Glob("*.*." + s.HostName)}))"
                    : $"context.sni == {CedarLiteral.String(s.HostName)}"));
            default:
                var terms = rule.Binaries.Select(b => $"context.path == {CedarLiteral.String(b)}")
                    .Concat(expansion.Paths.Select(p => p.Contains('*', StringComparison.Ordinal)
                        ? $"context.path like {CedarLiteral.Glob(p)}"
                        : $"context.path == {CedarLiteral.String(p)}"))
                    .ToList();
                return terms.Count == 0 ? "false" : Any(terms);
        }
    }

    private static string NetworkMatch(PolicyRule rule)
    {
        var parts = new List<string>();
        if (rule.Cidrs.Count > 0)
        {
            parts.Add(Any(rule.Cidrs.Select(c => NetAtom.Normalize(c.Network)).Distinct()
                .Select(n => $"context.addr.isInRange(ip({CedarLiteral.String(n.ToString())}))")));
        }

        if (rule.Ports.Count > 0)
        {
            parts.Add(Any(rule.Ports.Select(p => p.Low == p.High
                ? $"context.port == {p.Low}"
                : $"(context.port >= {p.Low} && context.port <= {p.High})")));
        }

        return string.Join(" && ", parts);
    }

    private static string Any(IEnumerable<string> terms)
    {
        var list = terms.ToList();
        return list.Count == 1 ? list[0] : "(" + string.Join(" || ", list) + ")";
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public static string EffectName(PolicyEffect effect) => effect switch
    {
        PolicyEffect.Deny => "deny",
        PolicyEffect.Allow => "allow",
        _ => "alert",
    };

    public static string SeverityName(PolicySeverity severity) => severity.ToString().ToLowerInvariant();
}
