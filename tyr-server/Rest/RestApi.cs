using Tyr.Server.Metrics;
using Tyr.Server.Pki;
using Tyr.Server.Storage;
using Tyr.Server.Tokens;

namespace Tyr.Server.Rest;

/// <summary>The operator REST API under /api/v1 (docs/rest-api.md).</summary>
internal static class RestApi
{
    public const string Prefix = "/api/v1";
    public const string CaPath = Prefix + "/ca.pem";

    public static void MapRestApi(this IEndpointRouteBuilder routes)
    {
        // The one unauthenticated resource: agents and operators fetch the CA to pin it.
        routes.MapGet(CaPath, (CertificateAuthority ca) => Results.Text(ca.CertificatePem, "application/x-pem-file"));
        // Prometheus' scrape: its own check, which also takes a metrics-only token.
        routes.MapMetrics();

        var api = routes.MapGroup(Prefix).AddEndpointFilter(RequireOperatorToken);
        api.MapGet("/agents", AgentEndpoints.List);
        api.MapPost("/agents/{id}/revoke", AgentEndpoints.Revoke);
        api.MapPost("/agents/{id}/ping", AgentEndpoints.Ping);
        api.MapGet("/events", EventEndpoints.List);
        api.MapPost("/enrollment-tokens", TokenEndpoints.CreateEnrollmentToken);
        api.MapGet("/agents/{id}/effective", EffectivePolicyEndpoints.Show);
        api.MapPost("/policies", PolicyEndpoints.Apply);
        api.MapGet("/policies", PolicyEndpoints.List);
        // "diff" is a literal segment, so it wins over {version}.
        api.MapGet("/policies/diff", PolicyEndpoints.Diff);
        api.MapGet("/policies/{version}", PolicyEndpoints.Show);
        api.MapPost("/policies/{version}/rollback", PolicyEndpoints.Rollback);
        api.MapGet("/assignments", AssignmentEndpoints.List);
        api.MapPost("/assignments", AssignmentEndpoints.Assign);
        api.MapDelete("/assignments/{targetType}/{targetId}", AssignmentEndpoints.Unassign);
        api.MapGet("/discovered-agents", DiscoveredAgentEndpoints.List);
        api.MapGet("/discovered-agents/{id}", DiscoveredAgentEndpoints.Show);
        api.MapGet("/agent-signatures", AgentSignatureEndpoints.Show);
        api.MapPut("/agent-signatures", AgentSignatureEndpoints.Set);
        api.MapDelete("/agent-signatures", AgentSignatureEndpoints.Reset);
    }

    private static async ValueTask<object?> RequireOperatorToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? header = http.Request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(http, "missing 'Authorization: Bearer <operator token>' header; create a token with `tyr-server admin-token create`");
        }

        var tokens = http.RequestServices.GetRequiredService<OperatorTokenStore>();
        if (tokens.Identify(header[scheme.Length..].Trim()) is not { } holder)
        {
            return Unauthorized(http, "the bearer token is not a valid operator token");
        }

        if (holder.Scope != TokenScope.Operator)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, $"the token of '{holder.Author}' is a metrics token: it reads {MetricsEndpoint.Path} and nothing else");
        }

        Operator.Set(http, holder.Author);
        return await next(context);
    }

    private static IResult Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiResults.Error(StatusCodes.Status401Unauthorized, message);
    }
}
