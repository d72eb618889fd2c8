using System.Diagnostics.CodeAnalysis;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Server.Storage;

namespace Tyr.Server.Policies;

/// <summary>
/// Turns applied YAML into the next policy version: parsed, then compiled as a daemon base with
/// the generic homes (what is stored and shown; each daemon's effective policy is compiled again
/// with its own homes). A policy that does not read or compile is refused with every problem.
/// </summary>
internal static class VersionCompiler
{
    public static bool TryCompile(
        string yaml,
        string file,
        string author,
        string message,
        long? rolledBackFrom,
        [NotNullWhen(true)] out NewPolicyVersion? version,
        [NotNullWhen(false)] out IReadOnlyList<string>? errors)
    {
        version = null;
        PolicyDocument document;
        CompiledPolicy compiled;
        try
        {
            document = PolicyYaml.Parse(yaml, file);
            compiled = PolicyCompiler.CompileDocument(document, HomeDirectories.Generic);
        }
        catch (PolicyYamlException e)
        {
            errors = [.. e.Errors.Select(error => error.ToString())];
            return false;
        }

        version = new NewPolicyVersion(
            document.Name,
            document.Description,
            yaml,
            compiled.CedarText,
            compiled.BpfEntries,
            [.. compiled.Routes.Select(RouteDocument.From)],
            document.Rules.Count,
            author,
            message,
            rolledBackFrom);
        errors = null;
        return true;
    }
}
