using System.Collections.Concurrent;
using Tyr.Policy;
using Tyr.Server.Storage;

namespace Tyr.Server.Policies;

/// <summary>
/// Stored versions parsed back into documents for effective-policy compiles. A version never
/// changes, so its parse can be kept; the cache is bounded by dropping everything when full,
/// which only costs a re-parse.
/// </summary>
internal sealed class PolicyDocuments(PolicyStore policies)
{
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<long, PolicyDocument> _parsed = new();

    public PolicyDocument Get(long version)
    {
        if (_parsed.TryGetValue(version, out var document))
        {
            return document;
        }

        var yaml = policies.FindYaml(version)
            ?? throw new InvalidOperationException($"policy version {version} is assigned but not stored");
        if (_parsed.Count >= Capacity)
        {
            _parsed.Clear();
        }

        // The file name shows in the compiler's messages: name the version.
        document = PolicyYaml.Parse(yaml, $"v{version}");
        _parsed[version] = document;
        return document;
    }
}
