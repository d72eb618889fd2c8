using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Cases on which our engine once disagreed with the official Cedar, replayed with the official
/// answers recorded next to them (tests/cedar-oracle/record.mjs), so they run without Node.
/// </summary>
public sealed class RegressionTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.RegressionsDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void OurEngineGivesTheRecordedOfficialAnswers(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.RegressionsDirectory, file)));
        var root = doc.RootElement;
        var c = DiffCase.FromJson(root);
        var expected = root.GetProperty("expected").EnumerateArray().Select(Answer.FromJson).ToList();
        Assert.Equal(c.Requests.Count, expected.Count);

        var ours = TyrEngine.Run(c);
        var description = root.TryGetProperty("description", out var d) ? d.GetString() : "";
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                ours[i].AgreesWith(expected[i]),
                new Disagreement(0, 0, i, c, expected[i], ours[i]).Describe(savedTo: null, origin: $"{file} ({description})"));
        }
    }
}
