using Tyr.Protocol;

namespace Tyr.Server.Text;

/// <summary>
/// The names the REST API and stored JSON use for protocol enums: the proto value names
/// (FILE_READ, DENY, ...), written out here rather than read by reflection so NativeAOT keeps them.
/// Values a newer agent may send that this build does not know are shown as their number.
/// </summary>
internal static class ProtoNames
{
    public const string Unspecified = "UNSPECIFIED";

    public static readonly IReadOnlyList<string> KindNames = ["FILE_READ", "FILE_WRITE", "EXEC", "NET_CONNECT", "TLS"];
    public static readonly IReadOnlyList<string> VerdictNames = ["ALLOW", "DENY", "ALERT"];

    public static string Kind(EventKind kind) => kind switch
    {
        EventKind.FileRead => "FILE_READ",
        EventKind.FileWrite => "FILE_WRITE",
        EventKind.Exec => "EXEC",
        EventKind.NetConnect => "NET_CONNECT",
        EventKind.Tls => "TLS",
        EventKind.Unspecified => Unspecified,
        _ => Number((int)kind),
    };

    public static string Verdict(Verdict verdict) => verdict switch
    {
        Protocol.Verdict.Allow => "ALLOW",
        Protocol.Verdict.Deny => "DENY",
        Protocol.Verdict.Alert => "ALERT",
        Protocol.Verdict.Unspecified => Unspecified,
        _ => Number((int)verdict),
    };

    public static string Severity(Severity severity) => severity switch
    {
        Protocol.Severity.Info => "INFO",
        Protocol.Severity.Low => "LOW",
        Protocol.Severity.Medium => "MEDIUM",
        Protocol.Severity.High => "HIGH",
        Protocol.Severity.Critical => "CRITICAL",
        Protocol.Severity.Unspecified => Unspecified,
        _ => Number((int)severity),
    };

    public static string HookSupport(HookSupport support) => support switch
    {
        Protocol.HookSupport.Absent => "ABSENT",
        Protocol.HookSupport.Observed => "OBSERVED",
        Protocol.HookSupport.Enforced => "ENFORCED",
        Protocol.HookSupport.Unspecified => Unspecified,
        _ => Number((int)support),
    };

    public static bool TryParseKind(string name, out EventKind kind)
    {
        for (var i = 0; i < KindNames.Count; i++)
        {
            if (string.Equals(KindNames[i], name, StringComparison.OrdinalIgnoreCase))
            {
                kind = (EventKind)(i + 1);
                return true;
            }
        }

        kind = EventKind.Unspecified;
        return false;
    }

    public static bool TryParseVerdict(string name, out Verdict verdict)
    {
        for (var i = 0; i < VerdictNames.Count; i++)
        {
            if (string.Equals(VerdictNames[i], name, StringComparison.OrdinalIgnoreCase))
            {
                verdict = (Verdict)(i + 1);
                return true;
            }
        }

        verdict = Protocol.Verdict.Unspecified;
        return false;
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
