namespace Tyr.Server.Tokens;

/// <summary>What an operator token may do (operator_tokens.scope).</summary>
internal enum TokenScope
{
    /// <summary>The whole REST API, and /metrics.</summary>
    Operator,

    /// <summary>GET /metrics and nothing else: for Prometheus, which should not hold a token that can change policy.</summary>
    Metrics,
}

/// <summary>The scopes' names, as stored and as <c>admin-token create --scope</c> takes them.</summary>
internal static class TokenScopes
{
    public const string OperatorName = "operator";
    public const string MetricsName = "metrics";

    public static string Name(TokenScope scope) => scope == TokenScope.Metrics ? MetricsName : OperatorName;

    public static bool TryParse(string? name, out TokenScope scope)
    {
        scope = name switch
        {
            MetricsName => TokenScope.Metrics,
            _ => TokenScope.Operator,
        };
        return name is OperatorName or MetricsName;
    }
}
