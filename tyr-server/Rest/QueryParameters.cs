using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tyr.Server.Rest;

/// <summary>
/// The rules every list endpoint's query string follows: unknown parameters are refused (a misspelt
/// filter must never return everything), each parameter is given once, an empty value means "no
/// filter", and a limit is an integer from 1 to the endpoint's maximum. Errors name the parameter.
/// </summary>
internal static class QueryParameters
{
    public static bool TryCheck(IQueryCollection query, string[] known, [NotNullWhen(false)] out string? error)
    {
        foreach (var (name, values) in query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                error = $"{name}: unknown parameter; expected {string.Join(", ", known)}";
                return false;
            }

            if (values.Count > 1)
            {
                error = $"{name}: given {values.Count} times; give it once";
                return false;
            }
        }

        error = null;
        return true;
    }

    public static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public static bool TryLimit(IQueryCollection query, int defaultLimit, int maxLimit, out int limit, [NotNullWhen(false)] out string? error)
    {
        limit = defaultLimit;
        if (Value(query, "limit") is { } text &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            error = $"limit: must be an integer from 1 to {maxLimit}";
            return false;
        }

        error = null;
        return true;
    }
}
