using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tyr.Daemon.Agents;

/// <summary>
/// The id of one agent instance: a name-based UUID (version 8) from the host's boot id, the root
/// process's pid, its start time in clock ticks and the agent type (a root that execs another agent
/// starts a second instance on the same process). Ticks, not nanoseconds, because /proc gives a
/// running process's start only in ticks: an agent found at startup and the same agent seen at its
/// exec get the same id, so a restarted tyrd keeps naming running agents as before.
/// </summary>
internal static class DiscoveredAgentId
{
    /// <summary>USER_HZ, the unit of /proc/PID/stat's starttime: 100 on every Linux architecture tyrd runs on.</summary>
    public const long TicksPerSecond = 100;

    private const long NanosecondsPerTick = 1_000_000_000 / TicksPerSecond;

    public static long TicksOf(ulong startBootNanoseconds) => (long)(startBootNanoseconds / NanosecondsPerTick);

    public static long BootNanosecondsOf(long ticks) => ticks * NanosecondsPerTick;

    public static string Of(string bootId, uint rootPid, long startTicks, string agentType)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{bootId}/{rootPid}/{startTicks}/{agentType}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>This boot's id (/proc/sys/kernel/random/boot_id), or the host name when it cannot be read.</summary>
    public static string ReadBootId(string procRoot = "/proc")
    {
        try
        {
            return File.ReadAllText(Path.Combine(procRoot, "sys/kernel/random/boot_id")).Trim();
        }
        catch (IOException)
        {
            return Environment.MachineName;
        }
    }
}
