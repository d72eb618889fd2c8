using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Policies;

/// <summary>
/// `tyr policy effective AGENT_ID`: what one daemon enforces now: its base, the overlay of every
/// agent type, the merged Cedar and the routing, as last pushed (push_version is what its events
/// carry as policy_version).
/// </summary>
internal static class EffectiveCommand
{
    public static Command Create(ClientOptions options)
    {
        var agent = new Argument<string>("AGENT_ID") { Description = "The daemon's agent ID (`tyr agents list`)" };
        var command = new Command("effective", "What a daemon enforces: base + agent-type overlays, merged Cedar, routing") { agent };
        RestAction.Set(command, options, run =>
        {
            var id = run.Value(agent);
            return Guid.TryParse(id, out _)
                ? run.ShowAsync($"agents/{id}/effective", Render)
                : throw new UsageException($"AGENT_ID: '{id}' is not an agent ID (a UUID, as `tyr agents list` shows)");
        });
        return command;
    }

    private static void Render(string json)
    {
        var e = ApiJson.Decode(json, ApiJson.Context.EffectivePolicyDto);
        var output = Console.Out;
        var overlays = e.Overlays ?? [];
        PolicyReports.WriteFields(
            output,
            ("agent", e.AgentId),
            ("push version", TextCells.Number(e.PushVersion)),
            ("computed", e.CreatedAt),
            ("base", e.Base is { } b ? Describe(b.Version, b.Name) : "none"),
            ("overlays", overlays.Count == 0
                ? "none"
                : string.Join(", ", overlays.Select(o => $"{o.AgentType} {Describe(o.Version, o.Name)}"))),
            ("deny by default", e.DenyByDefault ? "yes (no base, no overlay: everything governed is denied)" : "no"),
            ("homes", e.Homes is { Count: > 0 } homes ? string.Join(", ", homes) : "none reported"),
            ("kernel entries", $"{TextCells.Number(e.BpfEntriesCount)} ({TextCells.Number(e.BpfEntriesBytes)} bytes)"));
        output.WriteLine();
        output.WriteLine(PolicyReports.Heading("Routing"));
        PolicyReports.WriteRouting(output, e.Routing, withScope: true);
        PolicyReports.WriteSection(output, "Cedar", e.Cedar);
    }

    private static string Describe(long version, string? name) =>
        $"v{VersionNumber.Format(version)}" + (string.IsNullOrEmpty(name) ? string.Empty : $" ({name})");
}
