namespace Tyr.Daemon.Runtime;

/// <summary>Something <c>tyrd run</c> needs before it can start is missing or unusable.</summary>
internal sealed class StartupException : Exception
{
    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StartupException()
    {
    }
}
