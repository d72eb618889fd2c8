namespace Tyr.Server.Rest;

/// <summary>
/// The operator behind a request, as the token filter authenticated it: recorded as the author
/// of policy versions and assignments.
/// </summary>
internal static class Operator
{
    private const string ItemKey = "tyr.operator";

    public static void Set(HttpContext http, string author) => http.Items[ItemKey] = author;

    public static string Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var author) && author is string name
            ? name
            : throw new InvalidOperationException("no authenticated operator: the endpoint is outside the token filter");
}
