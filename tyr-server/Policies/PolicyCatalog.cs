using Tyr.Server.Hosting;
using Tyr.Server.Storage;

namespace Tyr.Server.Policies;

/// <summary>
/// Applying and rolling back policies: compile, append the version (assignments of the same
/// policy follow it), then push the new effective policies to the daemons concerned.
/// </summary>
internal sealed class PolicyCatalog(PolicyStore policies, EffectivePolicyService effective, ILogger<PolicyCatalog> logger)
{
    /// <summary>The stored version, or every reason the YAML was refused (and nothing stored).</summary>
    public async Task<(PolicyVersionRecord? Version, IReadOnlyList<string>? Errors)> ApplyAsync(string yaml, string file, string message, string author)
    {
        if (!VersionCompiler.TryCompile(yaml, file, author, message, rolledBackFrom: null, out var version, out var errors))
        {
            return (null, errors);
        }

        return (await AppendAsync(version), null);
    }

    /// <summary>A new version whose YAML is version <paramref name="target"/>'s; null when there is no such version.</summary>
    public async Task<(PolicyVersionRecord? Version, IReadOnlyList<string>? Errors)> RollbackAsync(long target, string? message, string author)
    {
        var yaml = policies.FindYaml(target);
        if (yaml is null)
        {
            return (null, null);
        }

        // Compiled again rather than copied: the new version is what this server's compiler makes
        // of that text, exactly as if it had been applied again.
        if (!VersionCompiler.TryCompile(yaml, $"v{target}", author, message ?? $"rollback to v{target}", target, out var version, out var errors))
        {
            return (null, errors);
        }

        return (await AppendAsync(version), null);
    }

    private async Task<PolicyVersionRecord> AppendAsync(NewPolicyVersion version)
    {
        var appended = policies.Append(version);
        var stored = appended.Version;
        logger.PolicyStored(stored.Version, stored.Name, stored.Author,
            stored.RolledBackFrom is { } from ? $" (rollback to v{from})" : string.Empty, appended.MovedAssignments.Count);
        await effective.PushAsync(PolicyChange.Of(appended.MovedAssignments));
        return stored;
    }
}
