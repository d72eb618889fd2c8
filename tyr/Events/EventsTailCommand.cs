using System.CommandLine;
using System.Runtime.InteropServices;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Events;

/// <summary>
/// `tyr events tail`: follows new events. It first moves its cursor past every stored event that
/// matches (or, with --since, prints those first), then asks for what came after the cursor every
/// second. The cursor is the server's arrival order, so an event that arrives late (a daemon's
/// spool replayed after a reconnect) is still printed once, and never twice.
/// Runs until Ctrl-C or SIGTERM, then exits 0. While the server is unreachable it keeps trying
/// with the cursor it has, saying so once on stderr.
/// </summary>
internal static class EventsTailCommand
{
    private const int PageSize = 1000;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(ClientOptions options)
    {
        var filters = new EventFilterOptions();
        var command = new Command(
            "tail",
            "Print new events as they arrive, until Ctrl-C (polls every second). With --since, first print the stored events since then. " +
            "-o json prints one JSON object per line");
        filters.AddTo(command);
        RestAction.Set(command, options, async run =>
        {
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            try
            {
                var query = filters.Query(run.Parse, TimeProvider.System);
                var fromStart = !string.IsNullOrEmpty(run.Value(filters.Since));
                await FollowAsync(run with { Cancellation = stop.Token }, query, fromStart);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            return ExitCodes.Ok;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }

    private static async Task FollowAsync(RestInvocation run, string query, bool fromStart)
    {
        string? cursor = null;
        if (!fromStart)
        {
            // Skip what is stored: a page at a time, with the filters, as the API asks.
            EventListResponse page;
            do
            {
                page = await PageAsync(run, query, cursor);
                cursor = page.NextCursor;
            }
            while (page.HasMore);
        }

        // The header is printed once the cursor is in place: from here on, every event shows.
        if (run.Format == OutputFormat.Table)
        {
            Console.Out.Write(Table.FormatRow(EventRows.Headers, EventRows.TailWidths));
        }

        var unreachable = false;
        while (true)
        {
            EventListResponse page;
            try
            {
                page = await PageAsync(run, query, cursor);
            }
            catch (CommandFailedException e) when (e.ExitCode == ExitCodes.Failure)
            {
                if (!unreachable)
                {
                    Console.Error.WriteLine($"tyr: warning: {e.Message}; retrying every second");
                    unreachable = true;
                }

                await Task.Delay(s_pollInterval, run.Cancellation);
                continue;
            }

            if (unreachable)
            {
                Console.Error.WriteLine($"tyr: following {run.Api.ServerName} again");
                unreachable = false;
            }

            foreach (var element in page.Events)
            {
                if (run.Format == OutputFormat.Json)
                {
                    JsonOutput.WriteLine(element);
                }
                else
                {
                    var cells = EventRows.Cells(EventDecoding.Decode(element)).Select(TextCells.Clean).ToArray();
                    Console.Out.Write(Table.FormatRow(cells, EventRows.TailWidths));
                }
            }

            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                await Task.Delay(s_pollInterval, run.Cancellation);
            }
        }
    }

    private static async Task<EventListResponse> PageAsync(RestInvocation run, string query, string? cursor)
    {
        var path = $"events?limit={PageSize}" + (query.Length == 0 ? string.Empty : "&" + query) +
            (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
        var json = await run.Api.GetAsync(path, run.Cancellation);
        return ApiJson.Decode(json, ApiJson.Context.EventListResponse);
    }
}
