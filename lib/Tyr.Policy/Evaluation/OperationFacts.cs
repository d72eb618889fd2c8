namespace Tyr.Policy.Evaluation;

/// <summary>
/// One governed operation in the policy's terms, as tyrd saw it (and as the server rebuilds it from
/// a stored event). <see cref="Resource"/> is the file path (file_read, file_write), the binary
/// (exec), <c>ip:port</c> or <c>[ipv6]:port</c> (connect), or the server name (tls).
/// <see cref="ReadWrite"/> marks a file_write that opened the file for reading too (O_RDWR): the
/// kernel judges it as a write and as a read and keeps the stricter verdict, and so does the judge.
/// </summary>
public sealed record OperationFacts(PolicyOperation Operation, string Resource, string? AgentType, long Uid, string Exe, long Pid, bool ReadWrite = false)
{
    /// <summary>For tls: what the TLS event says about the call (empty for a bare handshake).</summary>
    public TlsCallFacts Tls { get; init; } = TlsCallFacts.None;

    /// <summary>True when <paramref name="openFlags"/> (event metadata <c>open_flags</c>, e.g. "0x8042") has O_RDWR.</summary>
    public static bool IsReadWrite(string? openFlags) =>
        openFlags is { Length: > 2 } && openFlags.StartsWith("0x", StringComparison.Ordinal) &&
        long.TryParse(openFlags.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var flags) &&
        (flags & 3) == 2;
}
