
namespace Tyr.Server.Rest;

internal static class ApiResults
{
    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorResponse(message), RestJson.Context.ErrorResponse, statusCode: statusCode);
}
