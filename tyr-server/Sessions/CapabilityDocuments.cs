using System.Text.Json;
using Tyr.Protocol;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Sessions;

internal static class CapabilityDocuments
{
    public static CapabilitiesDocument From(CapabilityReport report) => new(
        report.KernelVersion,
        report.Arch,
        report.AgentVersion,
        [.. report.Hooks.Select(h => new HookDocument(ProtoNames.Kind(h.Kind), ProtoNames.HookSupport(h.Support), [.. h.Programs]))],
        [.. report.EventSources],
        report.TlsCapture,
        [.. report.HomeDirectories]);

    public static string ToJson(CapabilityReport report) =>
        JsonSerializer.Serialize(From(report), StorageJsonContext.Default.CapabilitiesDocument);
}
