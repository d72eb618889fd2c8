namespace Tyr.Cli.Api;

/// <summary>Where the compiler put one rule: kernel (BPF map entries) or userspace (Cedar), and why.</summary>
internal sealed record RouteDto(
    string? Scope,
    string RuleId,
    long KernelRuleId,
    string Layer,
    string? Reason,
    int KernelEntries);
