using System.Text.Json;
using Tyr.Server.Pki;
using Tyr.Server.Storage;
using Tyr.Server.Text;
using Tyr.Server.Tokens;

namespace Tyr.Server.Rest;

internal static class TokenEndpoints
{
    private const int MaxBodyBytes = 4096;

    public static async Task<IResult> CreateEnrollmentToken(HttpRequest request, EnrollmentTokenStore tokens, CertificateAuthority ca)
    {
        var body = await RequestBodies.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return RequestBodies.TooLarge(MaxBodyBytes);
        }

        var ttl = Ttl.Default;
        if (!RequestBodies.IsEmpty(body))
        {
            CreateEnrollmentTokenRequest? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(body, RestJson.Context.CreateEnrollmentTokenRequest);
            }
            catch (JsonException e)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"body: not a JSON object like {{\"ttl\": \"1h\"}} ({e.Message})");
            }

            if (parsed?.Ttl is { } text && !Ttl.TryParse(text, out ttl, out var error))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"ttl: {error}");
            }
        }

        var issued = tokens.Create(ttl);
        return Results.Json(new EnrollmentTokenResponse(issued.Token, Rfc3339.Format(issued.ExpiresAt), ca.Fingerprint),
            RestJson.Context.EnrollmentTokenResponse, statusCode: StatusCodes.Status201Created);
    }
}
