using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Extensions;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Extensions;

/// <summary>Calls extension functions the way Cedar source would, for readable tests.</summary>
internal static class Ext
{
    public static Value Function(string name, string argument) => ExtensionFunctions.CallFunction(name, [Value.String(argument)]);

    public static Value Ip(string text) => Function("ip", text);

    public static Value Decimal(string text) => Function("decimal", text);

    public static Value Datetime(string text) => Function("datetime", text);

    public static Value Duration(string text) => Function("duration", text);

    public static Value Of(ExtensionValue value) => Value.Extension(value);

    public static Value Method(string name, Value receiver) => ExtensionFunctions.CallMethod(name, receiver, []);

    public static Value Method(string name, Value receiver, Value argument) => ExtensionFunctions.CallMethod(name, receiver, [argument]);

    /// <summary>The message of the evaluation error that <paramref name="call"/> must raise.</summary>
    public static string Error(Func<Value> call) => Assert.Throws<EvaluationException>(() => call()).Message;

    public static string ConstructorError(string function, string argument) => Error(() => Function(function, argument));

    public static long Long(Value v)
    {
        Assert.Equal(ValueKind.Long, v.Kind);
        return v.AsLong;
    }

    public static bool Bool(Value v)
    {
        Assert.Equal(ValueKind.Bool, v.Kind);
        return v.AsBool;
    }

    public static T As<T>(Value v)
        where T : ExtensionValue
    {
        Assert.Equal(ValueKind.Extension, v.Kind);
        return Assert.IsType<T>(v.AsExtension);
    }
}
