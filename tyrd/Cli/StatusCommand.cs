using System.CommandLine;
using System.Net.Sockets;
using Tyr.Daemon.Config;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Metrics;
using Tyr.Metrics;

namespace Tyr.Daemon.Cli;

/// <summary>
/// <c>tyrd status [--config FILE]</c>: reads the local /metrics of the running tyrd (where the
/// config's <c>metrics.listen</c> says) and prints it for a person. Exits 3 when nothing answers,
/// as <c>systemctl status</c> does for a unit that is not running.
/// </summary>
internal static class StatusCommand
{
    /// <summary>tyrd is not running, or its metrics are off.</summary>
    public const int NotRunning = 3;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "The daemon's YAML configuration, for metrics.listen",
            DefaultValueFactory = _ => DaemonConfig.DefaultPath,
        };
        var command = new Command("status", "Show what the running tyrd is doing: stream, policy, hooks, events, spool, drops") { config };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetRequiredValue(config), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, CancellationToken cancellationToken)
    {
        MetricsListen listen;
        try
        {
            listen = DaemonConfigLoader.Load(configPath).Metrics;
        }
        catch (ConfigException e)
        {
            Log.Error(e.Message);
            return ExitCodes.Failure;
        }

        if (!listen.Enabled)
        {
            Console.Out.WriteLine($"tyrd status: metrics are off in {configPath} (metrics.listen: off), so there is nothing to ask; see `systemctl status tyrd`");
            return NotRunning;
        }

        string text;
        using (var http = new HttpClient { Timeout = s_timeout })
        {
            try
            {
                using var response = await http.GetAsync(new Uri(listen.Url), cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Log.Error($"{listen.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}; is that tyrd?");
                    return ExitCodes.Failure;
                }

                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                Console.Out.WriteLine($"tyrd is not running: nothing answers on {listen.Url} (metrics.listen in {configPath})");
                return NotRunning;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Out.WriteLine($"tyrd is not answering on {listen.Url}: {e.Message}");
                return NotRunning;
            }
        }

        if (!PrometheusTextReader.TryParse(text, out var samples, out var error) || !samples.Any(s => s.Name == "tyrd_build_info"))
        {
            Log.Error($"{listen.Url} did not answer with tyrd's metrics ({error ?? "no tyrd_build_info"}); is another program on that port?");
            return ExitCodes.Failure;
        }

        Console.Out.Write(new StatusReport(samples).Render(listen.Url));
        return ExitCodes.Ok;
    }
}
