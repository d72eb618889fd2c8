namespace Tyr.Cli;

/// <summary>Input the command cannot use (a missing file, bad policy text or JSON); exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
