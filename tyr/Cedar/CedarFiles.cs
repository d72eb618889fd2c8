using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Json;
using Tyr.Cedar.Syntax;

namespace Tyr.Cli.Cedar;

/// <summary>
/// Loads the inputs of the Cedar commands; anything unusable becomes a <see cref="UsageException"/>
/// that names the file and the place in it: <c>policies.cedar:3:14: ...</c>, <c>entities.json: entity User::"alice": attrs.age: ...</c>.
/// </summary>
internal static class CedarFiles
{
    public static PolicySet Policies(string path)
    {
        var text = InputFile.ReadText(path);
        try
        {
            return CedarText.ParsePolicies(text);
        }
        catch (CedarParseException e)
        {
            throw new UsageException($"{path}:{e.Line}:{e.Column}: {e.Detail}");
        }
        catch (ArgumentException e)
        {
            // PolicySet refuses two policies with the same id.
            throw new UsageException(path + ": " + e.Message);
        }
    }

    public static EntityStore Entities(string? path) =>
        path is null ? EntityStore.Empty : FromJson(path, EntitiesJson.Parse);

    public static Request Request(string path) => FromJson(path, RequestJson.Parse);

    public static IReadOnlyList<Request> Requests(string path) => FromJson(path, RequestJson.ParseMany);

    private static T FromJson<T>(string path, Func<string, T> parse)
    {
        var text = InputFile.ReadText(path);
        try
        {
            return parse(text);
        }
        catch (CedarJsonException e)
        {
            throw new UsageException(path + ": " + e.Message);
        }
    }
}
