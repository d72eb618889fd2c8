namespace Tyr.Daemon.Config;

/// <summary>A configuration file that cannot be used; the message starts with <c>file:line:column:</c>.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigException()
    {
    }
}
