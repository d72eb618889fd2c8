using System.Globalization;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Evaluation;

/// <summary>
/// The evaluation errors, worded as the official implementation words them, so that a report from
/// Tyr reads the same as one from the Cedar CLI.
/// </summary>
internal static class EvaluationErrors
{
    public const string AnyEntity = "(entity of type `any_entity_type`)";
    public const string RecordOrEntity = "one of [record, " + AnyEntity + "]";
    public const string SetOrEntity = "one of [set, " + AnyEntity + "]";
    public const string Comparable = "one of [long, datetime, duration]";

    public static EvaluationException TypeError(string expected, Value actual) =>
        new("type error: expected " + expected + ", got " + actual.TypeName);

    public static EvaluationException Overflow(string verb, long left, long right) =>
        new("integer overflow while attempting to " + verb + " the values `" + Format(left) + "` and `" +
            Format(right) + "`");

    public static EvaluationException NegationOverflow(long operand) =>
        new("integer overflow while attempting to negate the value `" + Format(operand) + "`");

    public static EvaluationException RecordLacks(string attribute) =>
        new("record does not have the attribute `" + attribute + "`");

    public static EvaluationException EntityLacks(EntityUid uid, string attribute) =>
        new("`" + uid + "` does not have the attribute `" + attribute + "`");

    public static EvaluationException EntityLacksTag(EntityUid uid, string tag) =>
        new("`" + uid + "` does not have the tag `" + tag + "`");

    public static EvaluationException NoSuchEntity(EntityUid uid) => new("entity `" + uid + "` does not exist");

    public static EvaluationException Arity(string name, int expected, int actual) =>
        new("call to `" + name + "` requires exactly " + Arguments(expected) + ", but got " + Arguments(actual));

    public static EvaluationException RecursionLimit() => new("recursion limit reached");

    private static string Arguments(int n) =>
        n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " argument" : " arguments");

    private static string Format(long n) => n.ToString(CultureInfo.InvariantCulture);
}
