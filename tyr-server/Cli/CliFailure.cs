namespace Tyr.Server.Cli;

/// <summary>An expected failure with a message fit for the user as it is (no stack trace).</summary>
internal sealed class CliFailure(string message) : Exception(message);
