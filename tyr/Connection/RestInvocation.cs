using System.CommandLine;
using Tyr.Cli.Output;

namespace Tyr.Cli.Connection;

/// <summary>What a REST command's action works with: its parsed flags, a connected client, the output format.</summary>
internal sealed record RestInvocation(ParseResult Parse, ApiClient Api, OutputFormat Format, CancellationToken Cancellation)
{
    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>
    /// GETs <paramref name="path"/> and prints it: the JSON for <c>-o json</c>, else what
    /// <paramref name="render"/> makes of it.
    /// </summary>
    public async Task<int> ShowAsync(string path, Action<string> render)
    {
        var json = await Api.GetAsync(path, Cancellation);
        Print(json, render);
        return ExitCodes.Ok;
    }

    /// <summary>Prints an answer already in hand, as <see cref="ShowAsync"/> does.</summary>
    public void Print(string json, Action<string> render)
    {
        if (Format == OutputFormat.Json)
        {
            JsonOutput.WriteIndented(json);
        }
        else
        {
            render(json);
        }
    }
}
