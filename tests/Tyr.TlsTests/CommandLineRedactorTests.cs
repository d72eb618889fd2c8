using Tyr.Tls.Redaction;

namespace Tyr.TlsTests;

/// <summary>Command lines as agents are really started, with the credentials people put in them.</summary>
public sealed class CommandLineRedactorTests
{
    [Theory]
    [InlineData("aider --openai-api-key {0} --model gpt-5", "aider --openai-api-key [REDACTED] --model gpt-5")]
    [InlineData("aider --anthropic-api-key={0}", "aider --anthropic-api-key=[REDACTED]")]
    [InlineData("env OPENAI_API_KEY={0} codex exec hi", "env OPENAI_API_KEY=[REDACTED] codex exec hi")]
    [InlineData("gh auth login --with-token {0}", "gh auth login --with-token [REDACTED]")]
    [InlineData("tool --password hunter2-but-longer", "tool --password [REDACTED]")]
    public void A_credential_on_a_command_line_is_replaced_and_the_rest_kept(string template, string expected)
    {
        var key = "sk-proj-" + Convert.ToHexString(Guid.NewGuid().ToByteArray());

        Assert.Equal(expected, CommandLineRedactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, key)));
    }

    [Fact]
    public void A_key_shaped_value_is_replaced_wherever_it_stands()
    {
        var key = "sk-ant-api03-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "AA";

        var redacted = CommandLineRedactor.Redact($"curl -H x-api-key: {key} https://api.anthropic.com/v1/messages");

        Assert.DoesNotContain(key[..16], redacted, StringComparison.Ordinal);
        Assert.StartsWith("curl -H x-api-key: [REDACTED]", redacted, StringComparison.Ordinal);
        Assert.EndsWith("https://api.anthropic.com/v1/messages", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_only_sound_like_secrets_stay()
    {
        Assert.Equal("claude -p hi --max-tokens 512", CommandLineRedactor.Redact("claude -p hi --max-tokens 512"));
    }
}
