using Tyr.Protocol;

namespace Tyr.Daemon.Events.Testing;

/// <summary>
/// The proto's enum value names ("FILE_READ", "DENY", "HIGH"). Spelled out rather than read from
/// protobuf reflection so the mapping is obvious and AOT-trivial; the UNSPECIFIED values are not
/// accepted because an event always has a kind.
/// </summary>
internal static class ProtoEnumNames
{
    public static EventKind? Kind(string? name) => name switch
    {
        "FILE_READ" => EventKind.FileRead,
        "FILE_WRITE" => EventKind.FileWrite,
        "EXEC" => EventKind.Exec,
        "NET_CONNECT" => EventKind.NetConnect,
        "TLS" => EventKind.Tls,
        _ => null,
    };

    public static Verdict? Verdict(string? name) => name switch
    {
        "ALLOW" => Tyr.Protocol.Verdict.Allow,
        "DENY" => Tyr.Protocol.Verdict.Deny,
        "ALERT" => Tyr.Protocol.Verdict.Alert,
        _ => null,
    };

    public static Severity? Severity(string? name) => name switch
    {
        "INFO" => Tyr.Protocol.Severity.Info,
        "LOW" => Tyr.Protocol.Severity.Low,
        "MEDIUM" => Tyr.Protocol.Severity.Medium,
        "HIGH" => Tyr.Protocol.Severity.High,
        "CRITICAL" => Tyr.Protocol.Severity.Critical,
        _ => null,
    };
}
