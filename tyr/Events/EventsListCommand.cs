using System.CommandLine;
using System.Globalization;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Events;

/// <summary>
/// `tyr events list`: one page of stored events, oldest first, in the order the server received
/// them. When more match, the table is followed by the --cursor that continues it (on stderr, so
/// stdout stays the table); -o json carries next_cursor and has_more as the API does.
/// </summary>
internal static class EventsListCommand
{
    public const int MaxLimit = 1000;

    public static Command Create(ClientOptions options)
    {
        var filters = new EventFilterOptions();
        var limit = new Option<int?>("--limit")
        {
            Description = $"How many events at most, 1 to {MaxLimit} (the server's default: 100)",
            HelpName = "N",
        };
        var cursor = new Option<string>("--cursor")
        {
            Description = "Continue after a previous page: its next_cursor (give the same filters)",
            HelpName = "CURSOR",
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n && n is < 1 or > MaxLimit)
            {
                result.AddError($"--limit: must be from 1 to {MaxLimit}; page on with --cursor");
            }
        });

        var command = new Command("list", "Stored events, oldest first, one page (filters combine with AND)");
        filters.AddTo(command);
        command.Options.Add(limit);
        command.Options.Add(cursor);
        RestAction.Set(command, options, run =>
        {
            var query = filters.Query(run.Parse, TimeProvider.System);
            if (run.Value(limit) is { } n)
            {
                query = Join(query, "limit=" + n.ToString(CultureInfo.InvariantCulture));
            }

            if (run.Value(cursor) is { Length: > 0 } from)
            {
                query = Join(query, "cursor=" + Uri.EscapeDataString(from));
            }

            return run.ShowAsync(query.Length == 0 ? "events" : "events?" + query, Render);
        });
        return command;
    }

    private static string Join(string query, string parameter) => query.Length == 0 ? parameter : query + "&" + parameter;

    private static void Render(string json)
    {
        var page = ApiJson.Decode(json, ApiJson.Context.EventListResponse);
        if (page.Events.Count == 0)
        {
            Console.Error.WriteLine("no events match");
            return;
        }

        var table = new Table(EventRows.Headers);
        foreach (var element in page.Events)
        {
            table.Add(EventRows.Cells(EventDecoding.Decode(element)));
        }

        table.WriteTo(Console.Out);
        if (page.HasMore)
        {
            Console.Error.WriteLine($"more events match: continue with --cursor {page.NextCursor}");
        }
    }
}
