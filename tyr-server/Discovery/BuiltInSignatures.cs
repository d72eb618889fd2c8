using System.Security.Cryptography;
using System.Text;
using Tyr.Agents;

namespace Tyr.Server.Discovery;

/// <summary>The catalogue built into lib/Tyr.Agents (the one a daemon uses unless the server sends another), as text.</summary>
internal static class BuiltInSignatures
{
    private static readonly Lazy<(string Yaml, int Count, string Hash)> s_catalogue = new(Load);

    public static string Yaml => s_catalogue.Value.Yaml;

    public static int Count => s_catalogue.Value.Count;

    /// <summary>SHA-256 of the UTF-8 text, hex, as agent_signature_versions.hash.</summary>
    public static string Hash => s_catalogue.Value.Hash;

    private static (string, int, string) Load()
    {
        // The same resource SignatureCatalog.LoadDefault reads.
        using var stream = typeof(SignatureCatalog).Assembly.GetManifestResourceStream("Tyr.Agents.agents.yaml")
            ?? throw new InvalidOperationException("the embedded resource Tyr.Agents.agents.yaml is missing from the build");
        using var reader = new StreamReader(stream);
        var yaml = reader.ReadToEnd();
        return (yaml, SignatureCatalog.Parse(yaml, "embedded:agents.yaml").Signatures.Count,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))));
    }
}
