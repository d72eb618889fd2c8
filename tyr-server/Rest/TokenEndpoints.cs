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
        var body = await ReadBodyAsync(request);
        if (body is null)
        {
            return ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"body: larger than {MaxBodyBytes} bytes");
        }

        var ttl = Ttl.Default;
        if (body.AsSpan().Trim(" \t\r\n"u8).Length > 0)
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

    /// <summary>The whole (small) body, or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
