namespace Tyr.Server.Config;

/// <summary>A configuration file that cannot be used; the message starts with <c>file:line:column:</c> when a place is known.</summary>
internal sealed class ServerConfigException : Exception
{
    public ServerConfigException(string message)
        : base(message)
    {
    }

    public ServerConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServerConfigException()
    {
    }
}
