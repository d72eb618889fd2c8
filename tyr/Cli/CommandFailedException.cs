namespace Tyr.Cli;

/// <summary>
/// A command failed with a known exit code and one or more messages, each printed on its own
/// <c>tyr: error:</c> line (a refused policy lists every error of the file).
/// </summary>
internal sealed class CommandFailedException(int exitCode, IReadOnlyList<string> messages)
    : Exception(messages.Count > 0 ? messages[0] : "failed")
{
    public CommandFailedException(int exitCode, string message)
        : this(exitCode, [message])
    {
    }

    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> Messages { get; } = messages;
}
