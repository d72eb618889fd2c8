using System.Text;
using Microsoft.Net.Http.Headers;
using Tyr.Server.Discovery;

namespace Tyr.Server.Rest;

/// <summary>The agent signature catalogue daemons use: show, replace (YAML body), reset to the built-in one.</summary>
internal static class AgentSignatureEndpoints
{
    /// <summary>The built-in catalogue is under 10 KiB; a megabyte leaves room and stays cheap to hold and send.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private static readonly string[] s_yamlMediaTypes = ["text/yaml", "application/yaml", "application/x-yaml", "text/x-yaml", "text/plain"];

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IResult Show(AgentSignatureCatalog catalog) =>
        Results.Json(AgentSignaturesDto.From(catalog.Latest()), RestJson.Context.AgentSignaturesDto);

    public static async Task<IResult> Set(HttpContext http, AgentSignatureCatalog catalog)
    {
        if (!IsYaml(http.Request.ContentType))
        {
            return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type: '{http.Request.ContentType}' is not YAML; send the catalogue as text/yaml (or application/yaml, text/plain), UTF-8");
        }

        var body = await RequestBodies.ReadAsync(http.Request, MaxBodyBytes);
        if (body is null)
        {
            return RequestBodies.TooLarge(MaxBodyBytes);
        }

        if (RequestBodies.IsEmpty(body))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest,
                "body: empty; send the catalogue's YAML (docs/agents.md), or DELETE to go back to the built-in catalogue");
        }

        string yaml;
        try
        {
            yaml = s_strictUtf8.GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "body: not UTF-8 text");
        }

        var (change, errors) = await catalog.SetAsync(yaml, Operator.Of(http));
        return change is null
            ? Results.Json(new PolicyErrorResponse(errors![0], errors), RestJson.Context.PolicyErrorResponse, statusCode: StatusCodes.Status400BadRequest)
            : Results.Json(AgentSignaturesDto.From(change.Version, change.SentTo), RestJson.Context.AgentSignaturesDto);
    }

    public static async Task<IResult> Reset(HttpContext http, AgentSignatureCatalog catalog)
    {
        var change = await catalog.ResetAsync(Operator.Of(http));
        return Results.Json(AgentSignaturesDto.From(change.Version, change.SentTo), RestJson.Context.AgentSignaturesDto);
    }

    private static bool IsYaml(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return false;
        }

        var charset = parsed.Charset.Value;
        return s_yamlMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase) &&
               (string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }
}
