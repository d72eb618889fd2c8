namespace Tyr.Tls.Llm;

/// <summary>Which LLM API an HTTP request calls, judged from its method and path.</summary>
public enum LlmApi
{
    /// <summary>Any other request: model lists, count_tokens, embeddings, telemetry, ...</summary>
    Other,

    /// <summary>POST /v1/messages (Anthropic Messages).</summary>
    AnthropicMessages,

    /// <summary>POST .../chat/completions (OpenAI Chat Completions and the many APIs that copy it).</summary>
    OpenAiChatCompletions,

    /// <summary>POST .../responses (OpenAI Responses, as codex sends it).</summary>
    OpenAiResponses,

    /// <summary>POST .../models/{model}:generateContent or :streamGenerateContent (Google Gemini).</summary>
    GeminiGenerateContent,
}

/// <summary>The stable names of <see cref="LlmApi"/> values used in events and logs.</summary>
public static class LlmApiNames
{
    /// <summary>"anthropic.messages", "openai.chat_completions", "openai.responses", "gemini.generate_content" or "other".</summary>
    public static string Of(LlmApi api) => api switch
    {
        LlmApi.AnthropicMessages => "anthropic.messages",
        LlmApi.OpenAiChatCompletions => "openai.chat_completions",
        LlmApi.OpenAiResponses => "openai.responses",
        LlmApi.GeminiGenerateContent => "gemini.generate_content",
        _ => "other",
    };
}
