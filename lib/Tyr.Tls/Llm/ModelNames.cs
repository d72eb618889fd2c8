using Tyr.Tls.Redaction;

namespace Tyr.Tls.Llm;

/// <summary>Model identifiers as they may appear in our output.</summary>
internal static class ModelNames
{
    private const int MaxLength = 128;

    /// <summary>
    /// The model name when it is made of the characters model ids use ("claude-sonnet-4-5", "openai/gpt-4o",
    /// "claude-3-5-sonnet@20240620", "meta-llama/x:free"), with any secret-looking token redacted; otherwise null.
    /// </summary>
    public static string? TryNormalize(ReadOnlySpan<char> model)
    {
        if (model.IsEmpty || model.Length > MaxLength)
        {
            return null;
        }

        foreach (var c in model)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '@' or '+'))
            {
                return null;
            }
        }

        return SecretScanner.Redact(model.ToString());
    }
}
