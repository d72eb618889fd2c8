namespace Tyr.Daemon.Cli;

/// <summary>An argument that parses but makes no sense; exit code 2 like any other usage error.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}
