using Tyr.Cedar.Ast;

namespace Tyr.Policy;

/// <summary>One policy file (schema v1): a named, ordered list of rules. An empty rule list is valid.</summary>
public sealed record PolicyDocument(string Name, string? Description, IReadOnlyList<PolicyRule> Rules, string File);

/// <summary>
/// One rule. Only the match lists that apply to <see cref="Operation"/> can be non-empty; the others are empty.
/// <see cref="When"/> is the Cedar condition as written, <see cref="Condition"/> its parsed form.
/// </summary>
public sealed record PolicyRule(
    string Id,
    PolicyEffect Effect,
    PolicyOperation Operation,
    IReadOnlyList<PathPattern> Paths,
    IReadOnlyList<string> Binaries,
    IReadOnlyList<CidrRange> Cidrs,
    IReadOnlyList<PortRange> Ports,
    IReadOnlyList<SniPattern> Sni,
    string? When,
    Expr? Condition,
    PolicySeverity Severity,
    SourcePosition Position);
