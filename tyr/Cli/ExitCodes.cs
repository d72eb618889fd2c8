namespace Tyr.Cli;

/// <summary>
/// What tyr's exit status means, for scripts (also listed in <c>tyr --help</c> and docs/cli.md).
/// The numbers are part of the interface: never renumber them.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server is unreachable or refused TLS, answered 5xx, or anything else failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad input: a flag, a file, a policy the server refused (400).</summary>
    public const int Usage = 2;

    /// <summary>The server has no such thing (404): policy version, agent, assignment.</summary>
    public const int NotFound = 3;

    /// <summary>The server refused the operator token (401/403).</summary>
    public const int Unauthorized = 4;

    /// <summary>The paragraph `tyr --help` ends with.</summary>
    public const string Help =
        "Exit codes: 0 ok; 1 failure (server unreachable, TLS refused, 5xx); 2 usage or bad input " +
        "(flags, files, a policy the server refused); 3 not found (404); 4 not authorized (401/403).";
}
