using Tyr.Agents;
using Tyr.Protocol;
using Tyr.Server.Sessions;
using Tyr.Server.Storage;

namespace Tyr.Server.Discovery;

/// <summary>
/// The agent signature catalogue daemons use: an operator's (validated with the same parser
/// tyrd uses, stored as a new version) or the built-in one. A change is sent at once to every
/// connected daemon as ConfigUpdate.agent_signatures_yaml, and again to each daemon when it
/// connects, with the heartbeat setting, so a daemon that missed a change catches up.
/// </summary>
internal sealed class AgentSignatureCatalog(AgentSignatureStore store, SessionRegistry sessions, ILogger<AgentSignatureCatalog> logger) : IDisposable
{
    /// <summary>What errors of an operator's catalogue are reported against (FILE:LINE:COL).</summary>
    public const string ErrorFileName = "agent-signatures";

    // An agent whose outbox stays full this long is not reading; it gets the catalogue when it reconnects.
    private static readonly TimeSpan s_sendTimeout = TimeSpan.FromSeconds(2);

    // One change or connect-time send at a time, so no daemon is sent an older catalogue after a newer one.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The version in force; null when no operator ever set one (the built-in catalogue).</summary>
    public AgentSignatureVersion? Latest() => store.Latest();

    /// <summary>Validates, stores and sends <paramref name="yaml"/>; or every problem found, and nothing stored.</summary>
    public async Task<(SignaturesChange? Change, IReadOnlyList<string>? Errors)> SetAsync(string yaml, string author)
    {
        SignatureCatalog catalog;
        try
        {
            catalog = SignatureCatalog.Parse(yaml, ErrorFileName);
        }
        catch (SignatureCatalogException e)
        {
            return (null, [.. e.Errors.Select(error => error.ToString())]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The parser's own failure on bytes it did not expect is still the text's problem.
            return (null, [$"{ErrorFileName}:1:1: cannot read the catalogue: {e.Message}"]);
        }

        return (await AppendAndSendAsync(yaml, catalog.Signatures.Count, author), null);
    }

    /// <summary>Back to the built-in catalogue: a version that says so, and the built-in text sent to connected daemons.</summary>
    public Task<SignaturesChange> ResetAsync(string author) => AppendAndSendAsync(null, BuiltInSignatures.Count, author);

    /// <summary>
    /// Right after a daemon's CapabilityReport: the heartbeat interval, whether to send TLS events
    /// (asked only of a daemon that reported tls_capture) and, once an operator has ever set a
    /// catalogue, the one in force (the built-in text after a reset, since the daemon may still
    /// hold an operator's from before it reconnected).
    /// </summary>
    public async Task SendOnConnectAsync(AgentSession session, uint heartbeatIntervalSeconds, bool captureTls)
    {
        await _gate.WaitAsync(session.Ended);
        try
        {
            var update = new ConfigUpdate { HeartbeatIntervalS = heartbeatIntervalSeconds, CaptureTls = captureTls };
            if (store.Latest() is { } latest)
            {
                update.AgentSignaturesYaml = latest.Yaml ?? BuiltInSignatures.Yaml;
            }

            if (!await session.TrySendAsync(new ServerMessage { Config = update }, s_sendTimeout))
            {
                logger.SignaturesNotQueued(session.AgentId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<SignaturesChange> AppendAndSendAsync(string? yaml, int signatures, string author)
    {
        await _gate.WaitAsync();
        try
        {
            var version = store.Append(yaml, signatures, author);
            var message = new ServerMessage { Config = new ConfigUpdate { AgentSignaturesYaml = yaml ?? BuiltInSignatures.Yaml } };
            var connected = sessions.Snapshot();
            var sent = 0;
            foreach (var session in connected)
            {
                if (await session.TrySendAsync(message, s_sendTimeout))
                {
                    sent++;
                }
                else
                {
                    logger.SignaturesNotQueued(session.AgentId);
                }
            }

            var description = yaml is null ? $"back to the built-in catalogue ({signatures} signatures)" : $"{signatures} signatures";
            logger.SignaturesStored(version.Version, author, description, sent, connected.Count);
            return new SignaturesChange(version, sent);
        }
        finally
        {
            _gate.Release();
        }
    }
}
