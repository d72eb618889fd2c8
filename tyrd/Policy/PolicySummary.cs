using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Tyr.BpfEntries;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The one log line per push: what the policy is made of, without the per-rule routing.
/// <c>policy v7: base v3 + overlays cursor v5; 12 kernel entries; 3 userspace rules</c>.
/// </summary>
/// <remarks>
/// PolicyPush names the overlays but not the base; the base and the userspace rules are read from
/// the header and the per-rule comments the server's compiler writes into the Cedar text
/// ("//   base: laptop v3, 2 rules", "// userspace: ..."). Text without them (another compiler, a
/// hand-written policy) still gets a line, with those parts left out.
/// </remarks>
internal static class PolicySummary
{
    private const string BaseHeader = "//   base: ";
    private const string UserspaceComment = "// userspace:";

    public static string Describe(PolicySnapshot policy)
    {
        if (policy.DenyByDefault)
        {
            return $"policy v{policy.Version}: deny-by-default (nothing assigned); every governed operation is denied";
        }

        var (hasBase, baseVersion, userspaceRules) = ReadCedar(policy.CedarText);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"policy v{policy.Version}: ");
        text.Append(hasBase ? (baseVersion is { } v ? $"base v{v}" : "base") : "no base");
        if (policy.Overlays.Count > 0)
        {
            text.Append(policy.Overlays.Count == 1 ? " + overlay " : " + overlays ")
                .AppendJoin(", ", policy.Overlays.Select(o => $"{o.AgentType} v{o.PolicyVersion}"));
        }

        var entries = EntryCount(policy.BpfEntries.Span);
        text.Append(CultureInfo.InvariantCulture, $"; {entries} kernel {(entries == 1 ? "entry" : "entries")}");
        if (userspaceRules >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {userspaceRules} userspace {(userspaceRules == 1 ? "rule" : "rules")}");
        }

        return text.ToString();
    }

    /// <summary>The header's count field; the blob itself is checked when the kernel loads it.</summary>
    private static long EntryCount(ReadOnlySpan<byte> blob) =>
        blob.Length >= BpfEntriesFormat.HeaderSize ? BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]) : 0;

    private static (bool HasBase, long? BaseVersion, int UserspaceRules) ReadCedar(string cedar)
    {
        bool hasBase = false, generated = false;
        long? baseVersion = null;
        var userspace = 0;
        foreach (var range in cedar.AsSpan().Split('\n'))
        {
            var line = cedar.AsSpan()[range].TrimEnd('\r');
            if (line.StartsWith("// Tyr effective policy", StringComparison.Ordinal))
            {
                generated = true;
            }
            else if (line.StartsWith(BaseHeader, StringComparison.Ordinal))
            {
                hasBase = true;
                baseVersion = BaseVersionOf(line[BaseHeader.Length..]);
            }
            else if (line.StartsWith(UserspaceComment, StringComparison.Ordinal))
            {
                userspace++;
            }
        }

        // Without the compiler's header the text says nothing about a base; call it one.
        return generated ? (hasBase, baseVersion, userspace) : (true, null, -1);
    }

    /// <summary>"laptop v3, 2 rules" → 3; "laptop, 2 rules" → null.</summary>
    private static long? BaseVersionOf(ReadOnlySpan<char> header)
    {
        var comma = header.LastIndexOf(',');
        var name = comma < 0 ? header : header[..comma];
        var v = name.LastIndexOf(" v", StringComparison.Ordinal);
        return v >= 0 && long.TryParse(name[(v + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
