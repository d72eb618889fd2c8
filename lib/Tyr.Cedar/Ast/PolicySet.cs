using Tyr.Cedar.Syntax;

namespace Tyr.Cedar.Ast;

/// <summary>Parsed static policies in source order, with distinct ids.</summary>
public sealed class PolicySet
{
    private readonly Dictionary<string, Policy> _byId;

    public PolicySet(IReadOnlyList<Policy> policies)
    {
        Policies = policies;
        _byId = new Dictionary<string, Policy>(StringComparer.Ordinal);
        foreach (var p in policies)
        {
            if (!_byId.TryAdd(p.Id, p))
            {
                throw new ArgumentException($"two policies have the id \"{p.Id}\"");
            }
        }
    }

    public IReadOnlyList<Policy> Policies { get; }

    public Policy? this[string id] => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Parses policy text. Throws <see cref="CedarParseException"/> (with line and column) on bad input.
    /// Ids follow the official CLI: the <c>@id</c> annotation, else <c>policyN</c> for the Nth policy.
    /// </summary>
    public static PolicySet Parse(string text) => Parser.ParsePolicySet(text);
}
