using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>A policy of a case with the id both engines must give it.</summary>
internal sealed record CasePolicy(string Id, string Text);

/// <summary>
/// One differential case: policies, entities (Cedar's JSON) and requests (JSON objects with
/// principal, action, resource and context). The format is the one tests/cedar-oracle/oracle.mjs reads.
/// </summary>
internal sealed class DiffCase(IReadOnlyList<CasePolicy> policies, string entitiesJson, IReadOnlyList<string> requests)
{
    public IReadOnlyList<CasePolicy> Policies => policies;

    public string EntitiesJson => entitiesJson;

    public IReadOnlyList<string> Requests => requests;

    /// <summary>The policy set as one text, in order: what our engine parses.</summary>
    public string PolicyText => string.Join("\n", policies.Select(p => p.Text));

    public void WriteJson(Utf8JsonWriter writer, IReadOnlyList<Answer>? expected = null)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("policies");
        foreach (var policy in policies)
        {
            writer.WriteStartObject();
            writer.WriteString("id", policy.Id);
            writer.WriteString("text", policy.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("entities");
        writer.WriteRawValue(entitiesJson);
        writer.WriteStartArray("requests");
        foreach (var request in requests)
        {
            writer.WriteRawValue(request);
        }

        writer.WriteEndArray();
        if (expected is not null)
        {
            writer.WriteStartArray("expected");
            foreach (var answer in expected)
            {
                answer.WriteJson(writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public string ToJson(bool indented = false) => Json.Write(w => WriteJson(w), indented);

    /// <summary>Reads a case as written by <see cref="WriteJson"/> (or by hand, for a regression).</summary>
    public static DiffCase FromJson(JsonElement element)
    {
        var policies = new List<CasePolicy>();
        foreach (var p in element.GetProperty("policies").EnumerateArray())
        {
            policies.Add(new CasePolicy(p.GetProperty("id").GetString()!, p.GetProperty("text").GetString()!));
        }

        var requests = new List<string>();
        foreach (var r in element.GetProperty("requests").EnumerateArray())
        {
            requests.Add(r.GetRawText());
        }

        return new DiffCase(policies, element.GetProperty("entities").GetRawText(), requests);
    }
}
