using System.Diagnostics;
using Tyr.Server.Hosting;

namespace Tyr.Server.Metrics;

/// <summary>
/// Times every request on the REST listener into tyr_server_rest_request_duration_seconds, labelled
/// by the matched route template (unmatched requests share one label, so scanners cannot blow up
/// the series count) and the status class.
/// </summary>
internal static class RestLatency
{
    public const string UnmatchedRoute = "unmatched";

    public static async Task MeasureAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<ListenerFeature>() != ListenerFeature.Rest)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch
        {
            // The host answers 500 for what escapes the pipeline.
            Record(context, StatusCodes.Status500InternalServerError, started);
            throw;
        }

        Record(context, context.Response.StatusCode, started);
    }

    private static void Record(HttpContext context, int status, long started)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? UnmatchedRoute;
        context.RequestServices.GetRequiredService<ServerMetrics>().RestRequest(route, status, Stopwatch.GetElapsedTime(started));
    }
}
