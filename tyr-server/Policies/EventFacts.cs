using System.Globalization;
using Tyr.Policy;
using Tyr.Policy.Evaluation;
using Tyr.Protocol;
using Tyr.Server.Storage;

namespace Tyr.Server.Policies;

/// <summary>A stored event rebuilt as the operation the daemon judged, for the drift check.</summary>
internal static class EventFacts
{
    /// <summary>The metadata a kernel hook that can only observe sets on an ALERT that would have been a DENY.</summary>
    public const string WouldDenyKey = "would_deny";

    public static bool TryFrom(StoredEvent e, out OperationFacts? facts)
    {
        facts = null;
        PolicyOperation? operation = (EventKind)e.Kind switch
        {
            EventKind.FileRead => PolicyOperation.FileRead,
            EventKind.FileWrite => PolicyOperation.FileWrite,
            EventKind.Exec => PolicyOperation.Exec,
            EventKind.NetConnect => PolicyOperation.Connect,
            EventKind.Tls => PolicyOperation.Tls,
            _ => null,
        };
        if (operation is null)
        {
            return false;
        }

        facts = new OperationFacts(operation.Value, e.Resource, AgentType(e.Metadata), Uid(e.Metadata), e.ProcessExe, e.Pid,
            OperationFacts.IsReadWrite(e.Metadata.GetValueOrDefault("open_flags")))
        {
            Tls = operation == PolicyOperation.Tls ? TlsCallFacts.FromMetadata(e.Metadata.GetValueOrDefault) : TlsCallFacts.None,
        };
        return true;
    }

    /// <summary>The verdict the event stands for: an ALERT marked would_deny is a DENY the hook could not enforce.</summary>
    public static Verdict EffectiveVerdict(StoredEvent e) =>
        (Verdict)e.Verdict == Verdict.Alert &&
        e.Metadata.TryGetValue(WouldDenyKey, out var wouldDeny) &&
        string.Equals(wouldDeny, "true", StringComparison.Ordinal)
            ? Verdict.Deny
            : (Verdict)e.Verdict;

    // tyrd names the type when it knows it; the kernel reports only the process's rule scope.
    private static string? AgentType(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue("agent_type", out var type) && type.Length > 0)
        {
            return type;
        }

        return metadata.TryGetValue("scope", out var scopeText) &&
               ushort.TryParse(scopeText, NumberStyles.None, CultureInfo.InvariantCulture, out var scope)
            ? AgentTypes.NameOf(scope)
            : null;
    }

    // An event without a uid is judged as an unknown user (-1), which no uid condition matches.
    private static long Uid(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue("uid", out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid
            : -1;
}
