using System.Globalization;
using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>The evaluation errors of extension calls, worded like the official implementation's.</summary>
internal static class ExtensionErrors
{
    public static EvaluationException WrongArity(string function, int expected, int got) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"wrong number of arguments provided to extension function `{function}`: expected {expected}, got {got}"));

    public static EvaluationException TypeError(string expected, Value found) =>
        new("type error: expected " + expected + ", got " + found.TypeName);

    /// <summary>
    /// A failure inside an extension. <paramref name="extension"/> is what the official engine names:
    /// the extension (<c>ipaddr</c>, <c>decimal</c>) for constructors, the method for datetime arithmetic.
    /// </summary>
    public static EvaluationException Failed(string extension, string detail) =>
        new("error while evaluating `" + extension + "` extension function: " + detail);

    public static EvaluationException Unknown(string function) =>
        new("extension function `" + function + "` does not exist");
}
