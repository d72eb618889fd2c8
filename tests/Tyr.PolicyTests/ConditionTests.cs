using Tyr.Cedar.Syntax;
using Tyr.Policy;

namespace Tyr.PolicyTests;

/// <summary>Cedar errors in <c>when</c> are positioned in the YAML file, inside the scalar.</summary>
public sealed class ConditionTests
{
    private const string File = "policy.yaml";

    private const string Head = "name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: file_read\n    paths: [\"/x\"]\n";

    private static PolicyYamlError ErrorFor(string whenLines)
    {
        var e = Assert.Throws<PolicyYamlException>(() => PolicyYaml.Parse(Head + whenLines, File));
        return Assert.Single(e.Errors);
    }

    private static string CedarDetail(string expression) =>
        Assert.Throws<CedarParseException>(() => CedarText.ParseExpression(expression)).Detail;

    [Fact]
    public void ErrorInAPlainScalarIsAtItsColumn()
    {
        // `    when: ` is 10 characters, so the expression starts at column 11 and its `)` (column 16) at column 26.
        var error = ErrorFor("    when: context.a == 1 )\n");

        Assert.Equal(new PolicyYamlError(File, 7, 26, "`when`: " + CedarDetail("context.a == 1 )")), error);
    }

    [Fact]
    public void ErrorInASingleQuotedScalarCountsDoubledQuotes()
    {
        // The value's `)` is at column 21; the opening quote and the doubled `''` each add a source column.
        var error = ErrorFor("    when: 'context.a == \"it''s\" )'\n");

        var value = "context.a == \"it's\" )";
        var inside = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression(value));
        Assert.Equal(21, inside.Column);
        Assert.Equal(new PolicyYamlError(File, 7, 33, "`when`: " + inside.Detail), error);
    }

    [Fact]
    public void ErrorInADoubleQuotedScalarIsAfterTheQuote()
    {
        var error = ErrorFor("    when: \"context.a == 1 )\"\n");

        Assert.Equal((7, 27), (error.Line, error.Column));
    }

    [Fact]
    public void ErrorInALiteralBlockScalarIsOnItsSourceLine()
    {
        // Line 8 holds the first line of the block at indentation 6; the stray `)` is on the third value line.
        var error = ErrorFor("""
                when: |
                  context.agent_type == "cursor" &&

                  context.a == 1 )
                severity: high

            """);

        var value = "context.agent_type == \"cursor\" &&\n\ncontext.a == 1 )\n";
        var inside = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression(value));
        Assert.Equal((3, 16), (inside.Line, inside.Column));
        Assert.Equal(new PolicyYamlError(File, 10, 22, "`when`: " + inside.Detail), error);
    }

    [Fact]
    public void ErrorInAFoldedBlockScalarIsOnItsSourceLine()
    {
        // Folding joins the two lines with a space, so Cedar sees one line; the position still maps to line 9.
        var error = ErrorFor("""
                when: >
                  context.agent_type == "cursor" &&
                  context.a == 1 )

            """);

        var value = "context.agent_type == \"cursor\" && context.a == 1 )\n";
        var inside = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression(value));
        Assert.Equal((1, 50), (inside.Line, inside.Column));
        Assert.Equal((9, 22), (error.Line, error.Column));
    }

    [Fact]
    public void ErrorAtTheEndOfTheConditionIsJustPastItsLastCharacter()
    {
        var error = ErrorFor("    when: context.a ==\n");

        Assert.Equal((7, 23), (error.Line, error.Column));
    }

    [Fact]
    public void ErrorInAMultiLinePlainScalarFallsBackToItsStart()
    {
        var error = ErrorFor("    when: context.a ==\n      1 )\n");

        Assert.Equal((7, 11), (error.Line, error.Column));
    }

    [Fact]
    public void EmptyConditionIsRefused()
    {
        var error = ErrorFor("    when: ''\n");

        Assert.Equal(new PolicyYamlError(File, 7, 11, "`when` must be a Cedar condition (a string)"), error);
    }

    [Fact]
    public void ValidConditionIsKeptWithItsText()
    {
        var rule = Assert.Single(PolicyYaml.Parse(Head + "    when: 'context.agent_type == \"cursor\"'\n", File).Rules);

        Assert.Equal("context.agent_type == \"cursor\"", rule.When);
        Assert.NotNull(rule.Condition);
    }
}
