using System.Text;
using System.Text.Json;
using Tyr.Cedar.Authorization;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// What an engine said about one request: a decision with the determining and the erroring
/// policy ids, or a refusal of the input. Compared as the official CLI reports it: the ids as
/// sets, refusals by kind only (the messages may differ).
/// </summary>
internal sealed class Answer
{
    private Answer(string? failure, bool allow, IReadOnlyList<string> reasons, IReadOnlyList<string> errors, string? detail, bool crashed)
    {
        Failure = failure;
        Allow = allow;
        Reasons = reasons;
        Errors = errors;
        Detail = detail;
        Crashed = crashed;
    }

    /// <summary>The refusal's message, or null when the request was judged.</summary>
    public string? Failure { get; }

    public bool Allow { get; }

    /// <summary>Sorted, distinct.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>Sorted, distinct ids of the policies whose evaluation failed.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Our engine's error messages, for the repro.</summary>
    public string? Detail { get; }

    /// <summary>Our engine threw something that is not a refusal of the input: always a bug.</summary>
    public bool Crashed { get; }

    public static Answer Refused(string message) => new(message, false, [], [], null, false);

    public static Answer Crash(Exception e) => new($"CRASH {e.GetType().Name}: {e.Message}", false, [], [], e.ToString(), true);

    public static Answer Judged(bool allow, IEnumerable<string> reasons, IEnumerable<string> errors, string? detail = null) =>
        new(null, allow, Normalize(reasons), Normalize(errors), detail, false);

    public static Answer FromEngine(AuthorizationResponse response)
    {
        var detail = new StringBuilder();
        var errors = new List<string>();
        foreach (var error in response.Errors)
        {
            errors.Add(error.PolicyId);
            detail.Append("\n    ").Append(error.PolicyId).Append(": ").Append(error.Message);
        }

        return Judged(response.Decision == Decision.Allow, response.Reasons, errors, detail.Length == 0 ? null : detail.ToString());
    }

    /// <summary>One line of oracle.mjs output (or one element of a regression's <c>expected</c>).</summary>
    public static Answer FromJson(JsonElement element)
    {
        if (element.TryGetProperty("failure", out var failure))
        {
            return Refused(failure.GetString() ?? "");
        }

        var decision = element.GetProperty("decision").GetString();
        return Judged(decision == "allow", Strings(element.GetProperty("reasons")), Strings(element.GetProperty("errors")));
    }

    public bool AgreesWith(Answer other) =>
        !Crashed && !other.Crashed && (Failure is null) == (other.Failure is null) &&
        (Failure is not null || (Allow == other.Allow && Reasons.SequenceEqual(other.Reasons) && Errors.SequenceEqual(other.Errors)));

    /// <summary>The kind of outcome, for the decision mix.</summary>
    public string Outcome => Failure is not null ? "refused"
        : Allow ? "allow"
        : Reasons.Count > 0 ? "deny by forbid"
        : "default deny";

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Failure is not null)
        {
            writer.WriteString("failure", Failure);
        }
        else
        {
            writer.WriteString("decision", Allow ? "allow" : "deny");
            WriteStrings(writer, "reasons", Reasons);
            WriteStrings(writer, "errors", Errors);
        }

        writer.WriteEndObject();
    }

    public override string ToString()
    {
        if (Failure is not null)
        {
            return "refused: " + Failure + (Crashed ? "\n" + Detail : "");
        }

        return $"{(Allow ? "allow" : "deny")} reasons=[{string.Join(", ", Reasons)}] errors=[{string.Join(", ", Errors)}]{Detail}";
    }

    private static List<string> Normalize(IEnumerable<string> ids)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static IEnumerable<string> Strings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            yield return item.GetString()!;
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
