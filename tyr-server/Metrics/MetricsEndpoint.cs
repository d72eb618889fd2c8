using Tyr.Metrics;
using Tyr.Server.Rest;
using Tyr.Server.Storage;

namespace Tyr.Server.Metrics;

/// <summary>
/// GET /metrics on the REST listener (HTTPS), for Prometheus. Not world-readable: it takes a bearer
/// token, either an operator token or one made with <c>admin-token create --scope metrics</c>,
/// which reads /metrics and nothing else (docs/operations.md, "Metrics").
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void MapMetrics(this IEndpointRouteBuilder routes) => routes.MapGet(Path, Scrape);

    private static IResult Scrape(HttpContext http, ServerMetrics metrics, OperatorTokenStore tokens)
    {
        string? header = http.Request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(http, "missing 'Authorization: Bearer <token>' header; create one for Prometheus with `tyr-server admin-token create --scope metrics`");
        }

        if (tokens.Identify(header[scheme.Length..].Trim()) is null)
        {
            return Unauthorized(http, "the bearer token is not a valid operator or metrics token");
        }

        return Results.Text(metrics.Scrape(), PrometheusTextWriter.ContentType);
    }

    private static IResult Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiResults.Error(StatusCodes.Status401Unauthorized, message);
    }
}
