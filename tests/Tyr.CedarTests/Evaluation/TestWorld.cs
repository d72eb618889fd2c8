using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Evaluation;

/// <summary>
/// The entities and request that the expression tests run against (and that the official
/// implementation was asked about): alice, a member of g1, within g2, within g3, with attributes
/// and tags; a photo; and a small context.
/// </summary>
internal static class TestWorld
{
    public static readonly EntityUid Alice = new("User", "alice");
    public static readonly EntityUid View = new("Action", "view");
    public static readonly EntityUid Photo = new("Photo", "a");

    public static readonly EntityStore Entities = new(
    [
        new Entity(
            Alice,
            Record(
                ("age", Value.Long(30)),
                ("name", Value.String("Alice")),
                ("addr", Value.Record(Record(("city", Value.String("Paris")))))),
            [new EntityUid("Group", "g1")],
            Record(("color", Value.String("red")), ("n", Value.Long(3)))),
        new Entity(new EntityUid("Group", "g1"), CedarRecord.Empty, [new EntityUid("Group", "g2")], CedarRecord.Empty),
        new Entity(new EntityUid("Group", "g2"), CedarRecord.Empty, [new EntityUid("Group", "g3")], CedarRecord.Empty),
        new Entity(new EntityUid("Group", "g3"), CedarRecord.Empty, [], CedarRecord.Empty),
        new Entity(Photo, CedarRecord.Empty, [], CedarRecord.Empty),
    ]);

    public static readonly Request AliceViewsPhoto = new(
        Alice,
        View,
        Photo,
        Record(("n", Value.Long(5)), ("s", Value.String("x")), ("r", Value.Record(Record(("k", Value.Long(1)))))));

    public static CedarRecord Record(params (string Name, Value Value)[] attributes)
    {
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            values.Add(name, value);
        }

        return new CedarRecord(values);
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> as written and with its constants folded (as
    /// <see cref="CedarAuthorizer"/> runs it); both must give the same value or the same error.
    /// </summary>
    public static Value Evaluate(string expression)
    {
        var parsed = CedarText.ParseExpression(expression);
        var (value, error) = Run(parsed);
        Assert.Equal((value, error), Run(ConstantFolder.Fold(parsed)));
        return error is null ? value : throw new EvaluationException(error);
    }

    private static (Value Value, string? Error) Run(Expr expression)
    {
        try
        {
            return (new Evaluator(AliceViewsPhoto, Entities).Evaluate(expression), null);
        }
        catch (EvaluationException e)
        {
            return (default, e.Message);
        }
    }

    /// <summary>The message of the evaluation error, failing the test if there is none.</summary>
    public static string ErrorOf(string expression) =>
        Assert.Throws<EvaluationException>(() => Evaluate(expression)).Message;
}
