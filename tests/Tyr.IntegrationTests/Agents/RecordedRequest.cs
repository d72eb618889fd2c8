using System.Text.Json;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// One request as the fake LLM server received it, with what the TLS layer negotiated, so tests
/// can assert what an agent really sent (and later, that tyr saw the same).
/// </summary>
/// <param name="DialledAddress">The loopback address the client connected to (127.0.0.1 or ::1).</param>
internal sealed record RecordedRequest(
    DateTimeOffset At,
    string Method,
    string Path,
    string Query,
    string Host,
    string DialledAddress,
    string HttpProtocol,
    string? Alpn,
    string? Sni,
    string? TlsProtocol,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body)
{
    /// <summary>
    /// The resolved executable (/proc/PID/exe) of the local process that held the client end of the
    /// connection when the request arrived, or null when it could not be found.
    /// </summary>
    public string? ClientExecutable { get; init; }

    /// <summary>The first value of a header (case-insensitive name), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The body's top-level <c>model</c> string, when the body is a JSON object that has one.</summary>
    public string? Model => ReadTopLevel("model") is { ValueKind: JsonValueKind.String } model ? model.GetString() : null;

    /// <summary>True when the body asks for a streamed (SSE) answer.</summary>
    public bool WantsStream => ReadTopLevel("stream") is { ValueKind: JsonValueKind.True };

    /// <summary>One line per request for failure messages and the report: what was asked, over what.</summary>
    public string Summary =>
        $"{Method} {Path}{Query} host={Host} to={DialledAddress} {HttpProtocol} alpn={Alpn ?? "-"} sni={Sni ?? "-"} {TlsProtocol} model={Model ?? "-"} stream={WantsStream} ua={Header("user-agent") ?? "-"} exe={ClientExecutable ?? "-"}";

    private JsonElement? ReadTopLevel(string property)
    {
        if (Body.Length == 0 || Body[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.TryGetProperty(property, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
