using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tyr.Cli.Events;

/// <summary>
/// The filters `events list` and `events tail` share, turned into GET /api/v1/events query
/// parameters. The server validates kinds, verdicts and times (its messages name the parameter);
/// tyr checks only what it must translate: the agent UUID and relative --since durations.
/// </summary>
internal sealed partial class EventFilterOptions
{
    public Option<string> Agent { get; } = new("--agent")
    {
        Description = "Only events of this daemon (its agent ID, see `tyr agents list`)",
        HelpName = "ID",
    };

    public Option<string> Kind { get; } = new("--kind")
    {
        Description = "Only this kind: FILE_READ, FILE_WRITE, EXEC, NET_CONNECT, TLS (any case)",
        HelpName = "KIND",
    };

    public Option<string> Verdict { get; } = new("--verdict")
    {
        Description = "Only this verdict: ALLOW, DENY, ALERT (any case)",
        HelpName = "VERDICT",
    };

    public Option<string> Since { get; } = new("--since")
    {
        Description = "Only events at or after this time: RFC 3339 (2026-01-31T08:00:00Z) or a duration back from now (30s, 15m, 2h, 7d)",
        HelpName = "TIME",
    };

    public Option<bool> Drift { get; } = new("--drift")
    {
        Description = "Only events whose verdict the server's re-evaluation against their policy version disagrees with",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Agent);
        command.Options.Add(Kind);
        command.Options.Add(Verdict);
        command.Options.Add(Since);
        command.Options.Add(Drift);
    }

    /// <summary>The query string of the filters ("agent_id=...&amp;kind=..."), empty for none.</summary>
    public string Query(ParseResult parse, TimeProvider time)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        var agent = parse.GetValue(Agent);
        if (!string.IsNullOrEmpty(agent) && !Guid.TryParse(agent, out _))
        {
            throw new UsageException($"--agent: '{agent}' is not an agent ID (a UUID, as `tyr agents list` shows)");
        }

        Add("agent_id", agent);
        Add("kind", parse.GetValue(Kind));
        Add("verdict", parse.GetValue(Verdict));
        Add("since", SinceParameter(parse.GetValue(Since), time));
        Add("drift", parse.GetValue(Drift) ? "true" : null);
        return query.ToString();
    }

    /// <summary>A duration becomes the time that long ago; anything else goes to the server as written.</summary>
    public static string? SinceParameter(string? since, TimeProvider time)
    {
        if (string.IsNullOrEmpty(since))
        {
            return null;
        }

        var match = DurationPattern().Match(since);
        if (!match.Success)
        {
            return since;
        }

        if (!long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 36_500)
        {
            throw new UsageException($"--since: '{since}' is too far back; give an RFC 3339 time instead");
        }

        var span = match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        return (time.GetUtcNow() - span).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<n>\d{1,9})(?<unit>[smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
