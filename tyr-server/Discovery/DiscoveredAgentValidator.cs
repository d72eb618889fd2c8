using System.Diagnostics.CodeAnalysis;
using Tyr.Policy;
using Tyr.Protocol;
using Tyr.Server.Storage;
using Tyr.Tls.Redaction;

namespace Tyr.Server.Discovery;

/// <summary>
/// Checks one DiscoveredAgent entry before it is stored: a UUID id, a known agent type, sane
/// numbers and bounded text. The command line is kept (cut when huge) with credentials redacted.
/// </summary>
internal static class DiscoveredAgentValidator
{
    /// <summary>PATH_MAX: no executable path is longer.</summary>
    public const int MaxExeLength = 4096;

    /// <summary>Longer command lines are cut here: enough to recognise any invocation, bounded per row.</summary>
    public const int MaxCmdlineLength = 16384;

    public const int MaxSignatureLength = 1024;

    public const int MaxTaggedByLength = 32;

    /// <summary>PID_MAX_LIMIT on 64-bit Linux.</summary>
    public const long MaxPid = 4_194_304;

    public const string TruncationMark = " [truncated]";

    public static bool TryValidate(DiscoveredAgent entry, [NotNullWhen(true)] out DiscoveredAgentUpdate? update, [NotNullWhen(false)] out string? problem)
    {
        update = null;
        problem = Check(entry);
        if (problem is not null)
        {
            return false;
        }

        update = new DiscoveredAgentUpdate(
            Guid.ParseExact(entry.DiscoveredAgentId, "D").ToString("D"),
            entry.AgentType,
            entry.RootPid,
            entry.Exe,
            CommandLineRedactor.Redact(Cut(entry.Cmdline)),
            entry.StartedAtNs,
            entry.EndedAtNs == 0 ? null : entry.EndedAtNs,
            entry.ProcessCount,
            entry.LastActivityNs,
            entry.Signature,
            entry.TaggedBy,
            entry.TagDelayNs);
        return true;
    }

    /// <summary>The id in its stored form (lower-case UUID), or null when it is not one.</summary>
    public static string? NormalizedId(string id) => Guid.TryParseExact(id, "D", out var guid) ? guid.ToString("D") : null;

    private static string? Check(DiscoveredAgent entry)
    {
        if (NormalizedId(entry.DiscoveredAgentId) is null)
        {
            return entry.DiscoveredAgentId.Length == 0
                ? "discovered_agent_id is empty"
                : $"discovered_agent_id '{Shorten(entry.DiscoveredAgentId)}' is not a UUID (8-4-4-4-12 hex digits)";
        }

        if (!AgentTypes.TryGetScope(entry.AgentType, out _))
        {
            return "agent_type: " + AgentTypes.UnknownMessage(Shorten(entry.AgentType));
        }

        if (entry.RootPid is < 1 or > MaxPid)
        {
            return $"root_pid {entry.RootPid} is not a process id (1 to {MaxPid})";
        }

        if (entry.Exe.Length > MaxExeLength)
        {
            return $"exe is {entry.Exe.Length} characters long; at most {MaxExeLength}";
        }

        if (entry.Signature.Length > MaxSignatureLength)
        {
            return $"signature is {entry.Signature.Length} characters long; at most {MaxSignatureLength}";
        }

        if (entry.TaggedBy.Length is 0 or > MaxTaggedByLength || !entry.TaggedBy.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            return $"tagged_by '{Shorten(entry.TaggedBy)}' is not a word such as kernel, userspace or startup";
        }

        if (entry.StartedAtNs <= 0)
        {
            return $"started_at_ns {entry.StartedAtNs} is not a time (Unix nanoseconds)";
        }

        if (entry.EndedAtNs < 0 || entry.LastActivityNs < 0 || entry.TagDelayNs < 0)
        {
            return "ended_at_ns, last_activity_ns and tag_delay_ns must not be negative";
        }

        return null;
    }

    private static string Cut(string cmdline) =>
        cmdline.Length <= MaxCmdlineLength ? cmdline : string.Concat(cmdline.AsSpan(0, MaxCmdlineLength), TruncationMark);

    // What a hostile daemon sent goes into log lines: bounded, and no control characters that
    // could forge a line of their own.
    private static string Shorten(string value)
    {
        var head = value.Length <= 64 ? value : value[..64] + "...";
        return string.Create(head.Length, head, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
    }
}
