using System.Globalization;
using Tyr.Server.Policies;
using Tyr.Server.Storage;

namespace Tyr.Server.Rest;

/// <summary>Policy versions: apply, list, show, diff, rollback.</summary>
internal static class PolicyEndpoints
{
    /// <summary>Policies are text; a megabyte is far beyond any real one and still cheap to hold.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private const string ApplyExample = """{"yaml": "name: laptop\nrules: []\n", "file": "laptop.yaml", "message": "why"}""";
    private const string RollbackExample = """{"message": "why"}""";
    private const string DefaultFile = "policy.yaml";

    private static readonly string[] s_diffParameters = ["from", "to"];

    public static async Task<IResult> Apply(HttpContext http, PolicyCatalog catalog)
    {
        var body = await RequestBodies.ReadAsync(http.Request, MaxBodyBytes);
        if (body is null)
        {
            return RequestBodies.TooLarge(MaxBodyBytes);
        }

        if (!RequestBodies.TryParse(body, RestJson.Context.ApplyPolicyRequest, ApplyExample, out var request, out var error))
        {
            return error;
        }

        if (request.Yaml is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "yaml: required: the policy file's text");
        }

        var file = string.IsNullOrWhiteSpace(request.File) ? DefaultFile : request.File.Trim();
        if (file.Length > 255 || file.Any(char.IsControl))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "file: a file name of at most 255 characters without control characters");
        }

        var (version, errors) = await catalog.ApplyAsync(request.Yaml, file, request.Message ?? string.Empty, Operator.Of(http));
        return version is null ? Refused(errors!) : Created(version);
    }

    public static IResult List(PolicyStore policies) => Results.Json(
        new PolicyVersionListResponse([.. policies.List().Select(v => PolicyVersionDto.From(v, withText: false))]),
        RestJson.Context.PolicyVersionListResponse);

    public static IResult Show(string version, PolicyStore policies)
    {
        if (!TryParseVersion("version", version, out var number, out var error))
        {
            return error;
        }

        return policies.Find(number) is { } record
            ? Results.Json(PolicyVersionDto.From(record, withText: true), RestJson.Context.PolicyVersionDto)
            : NoSuchVersion(number);
    }

    public static IResult Diff(HttpRequest request, PolicyStore policies)
    {
        foreach (var (name, values) in request.Query)
        {
            if (!s_diffParameters.Contains(name, StringComparer.Ordinal))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"{name}: unknown parameter; expected from, to");
            }

            if (values.Count > 1)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"{name}: given {values.Count} times; give it once");
            }
        }

        if (!TryParseVersion("from", request.Query["from"], out var from, out var error) ||
            !TryParseVersion("to", request.Query["to"], out var to, out error))
        {
            return error;
        }

        var older = policies.Find(from);
        if (older is null)
        {
            return NoSuchVersion(from);
        }

        var newer = policies.Find(to);
        if (newer is null)
        {
            return NoSuchVersion(to);
        }

        return Results.Json(
            new PolicyDiffResponse(
                from,
                to,
                UnifiedDiff.Create(older.Yaml!, newer.Yaml!, $"v{from}/{older.Name}.yaml", $"v{to}/{newer.Name}.yaml"),
                UnifiedDiff.Create(older.Cedar!, newer.Cedar!, $"v{from}/{older.Name}.cedar", $"v{to}/{newer.Name}.cedar")),
            RestJson.Context.PolicyDiffResponse);
    }

    public static async Task<IResult> Rollback(string version, HttpContext http, PolicyCatalog catalog)
    {
        if (!TryParseVersion("version", version, out var target, out var error))
        {
            return error;
        }

        var body = await RequestBodies.ReadAsync(http.Request, MaxBodyBytes);
        if (body is null)
        {
            return RequestBodies.TooLarge(MaxBodyBytes);
        }

        string? message = null;
        if (!RequestBodies.IsEmpty(body))
        {
            if (!RequestBodies.TryParse(body, RestJson.Context.RollbackRequest, RollbackExample, out var request, out error))
            {
                return error;
            }

            message = request.Message;
        }

        var (stored, errors) = await catalog.RollbackAsync(target, message, Operator.Of(http));
        if (stored is not null)
        {
            return Created(stored);
        }

        return errors is null ? NoSuchVersion(target) : Refused(errors);
    }

    /// <summary>A version number: a whole number from 1; the error names <paramref name="parameter"/>.</summary>
    public static bool TryParseVersion(string parameter, string? text, out long version, out IResult error)
    {
        if (string.IsNullOrEmpty(text))
        {
            version = 0;
            error = ApiResults.Error(StatusCodes.Status400BadRequest, $"{parameter}: required: a policy version number (see GET /api/v1/policies)");
            return false;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
        {
            error = ApiResults.Error(StatusCodes.Status400BadRequest, $"{parameter}: '{text}' is not a policy version number (1, 2, ...)");
            return false;
        }

        error = Results.Empty;
        return true;
    }

    public static IResult NoSuchVersion(long version) =>
        ApiResults.Error(StatusCodes.Status404NotFound, $"no policy version {version}; see GET /api/v1/policies");

    private static IResult Created(PolicyVersionRecord version) =>
        Results.Json(PolicyVersionDto.From(version, withText: true), RestJson.Context.PolicyVersionDto, statusCode: StatusCodes.Status201Created);

    private static IResult Refused(IReadOnlyList<string> errors) =>
        Results.Json(new PolicyErrorResponse(errors[0], errors), RestJson.Context.PolicyErrorResponse, statusCode: StatusCodes.Status400BadRequest);
}
