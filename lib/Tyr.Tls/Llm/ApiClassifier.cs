namespace Tyr.Tls.Llm;

/// <summary>Names the LLM API from a request's method and path (without its query).</summary>
internal static class ApiClassifier
{
    private const string GenerateContent = ":generateContent";
    private const string StreamGenerateContent = ":streamGenerateContent";

    /// <summary>The API, and for Gemini the model and whether the method streams.</summary>
    public static LlmApi Classify(string method, ReadOnlySpan<char> path, out string? pathModel, out bool pathStreams)
    {
        pathModel = null;
        pathStreams = false;
        if (method != "POST")
        {
            return LlmApi.Other;
        }

        path = path.TrimEnd('/');
        if (path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            return LlmApi.AnthropicMessages;
        }

        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            return LlmApi.OpenAiChatCompletions;
        }

        if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            return LlmApi.OpenAiResponses;
        }

        var models = path.LastIndexOf("/models/", StringComparison.Ordinal);
        if (models >= 0)
        {
            var last = path[(models + "/models/".Length)..];
            var colon = last.IndexOf(':');
            if (colon > 0 && last.IndexOf('/') < 0)
            {
                var verb = last[colon..];
                pathStreams = verb.Equals(StreamGenerateContent, StringComparison.Ordinal);
                if (pathStreams || verb.Equals(GenerateContent, StringComparison.Ordinal))
                {
                    pathModel = ModelNames.TryNormalize(last[..colon]);
                    return LlmApi.GeminiGenerateContent;
                }
            }
        }

        return LlmApi.Other;
    }
}
