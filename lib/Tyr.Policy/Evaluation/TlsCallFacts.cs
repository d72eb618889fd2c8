namespace Tyr.Policy.Evaluation;

/// <summary>
/// The HTTP call a TLS event carries, in the policy's terms: <c>context.model</c>, <c>.method</c>,
/// <c>.path</c> (the HTTP path, query redacted), <c>.api</c> (e.g. <c>anthropic.messages</c>) and
/// <c>.stream</c>. Every key is always present (empty, or false) so that a condition on a handshake
/// event, which has no HTTP, is false rather than an error.
/// </summary>
public sealed record TlsCallFacts(string Model, string Method, string Path, string Api, bool Stream)
{
    public static TlsCallFacts None { get; } = new("", "", "", "", false);

    /// <summary>From TLS event metadata (<c>model</c>, <c>method</c>, <c>path</c>, <c>api</c>, <c>stream</c>).</summary>
    public static TlsCallFacts FromMetadata(Func<string, string?> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new TlsCallFacts(
            metadata("model") ?? "",
            metadata("method") ?? "",
            metadata("path") ?? "",
            metadata("api") ?? "",
            metadata("stream") == "true");
    }
}
