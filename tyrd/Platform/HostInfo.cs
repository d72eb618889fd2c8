using System.Reflection;
using System.Runtime.InteropServices;

namespace Tyr.Daemon.Platform;

/// <summary>Facts about this host and this build that the server records for the agent.</summary>
internal static class HostInfo
{
    /// <summary>What <c>uname -r</c> prints.</summary>
    public static string KernelVersion()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    }

    /// <summary>The kernel's spelling ("x86_64", "aarch64"), which the server expects.</summary>
    public static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static string AgentVersion()
    {
        var version = typeof(HostInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0";
        // The SDK appends "+<commit>"; the server wants the release.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    public static string HostName() => Environment.MachineName;
}
