namespace Tyr.CedarTests.Differential;

/// <summary>The case generator itself (how useful its cases are is checked by <see cref="DifferentialTests"/>).</summary>
public sealed class GeneratorTests
{
    [Fact]
    public void ACaseIsReproducedExactlyByItsSeedAndIndex()
    {
        var first = new CaseGenerator(42).Generate(7).ToJson();
        var again = new CaseGenerator(42).Generate(7).ToJson();
        var neighbour = new CaseGenerator(42).Generate(8).ToJson();
        var otherSeed = new CaseGenerator(43).Generate(7).ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, neighbour);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void TheCasesUseEveryOperatorFunctionAndScopeForm()
    {
        var generator = new CaseGenerator(3);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            text.Append(generator.Generate(i).PolicyText).Append('\n');
        }

        var all = text.ToString();
        string[] needles =
        [
            " && ", " || ", "!", "if ", " then ", " else ", " == ", " != ", " < ", " <= ", " > ", " >= ", " + ", " - ", " * ",
            " in ", " in [", " has ", " like ", "\\*", " is ", "[\"", "{", ".contains(", ".containsAll(", ".containsAny(",
            ".isEmpty()", ".hasTag(", ".getTag(", "ip(", ".isIpv4()", ".isIpv6()", ".isLoopback()", ".isMulticast()",
            ".isInRange(", "decimal(", ".lessThan(", ".lessThanOrEqual(", ".greaterThan(", ".greaterThanOrEqual(",
            "datetime(", "duration(", ".offset(", ".durationSince(", ".toDate()", ".toTime()", ".toMilliseconds()",
            ".toSeconds()", ".toMinutes()", ".toHours()", ".toDays()", "when {", "unless {", "@id(", "permit", "forbid",
            "principal == ", "principal in ", "principal is ", "resource == ", "resource in ", "resource is ",
            "action == ", "action in [", "action in Action::", "9223372036854775807", "-9223372036854775808",
        ];
        foreach (var needle in needles)
        {
            Assert.Contains(needle, all, StringComparison.Ordinal);
        }

        Assert.Matches(@"has [a-zA-Z_]+\.[a-zA-Z_]+", all);
        Assert.Matches(@" is [A-Za-z:]+ in ", all);
    }
}
