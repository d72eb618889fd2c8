using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>
/// The extension functions and methods of Cedar (ipaddr, decimal, datetime, duration), by name
/// (STUB: being written).
/// </summary>
internal static class ExtensionFunctions
{
    /// <summary>True for a constructor-style function name: <c>ip</c>, <c>decimal</c>, <c>datetime</c>, <c>duration</c>.</summary>
    public static bool IsFunction(string name) => throw new NotImplementedException();

    /// <summary>True for an extension method name such as <c>isIpv4</c> or <c>lessThan</c>.</summary>
    public static bool IsMethod(string name) => throw new NotImplementedException();

    /// <summary>Calls a function. Throws <see cref="Evaluation.EvaluationException"/> on bad arguments.</summary>
    public static Value CallFunction(string name, ReadOnlySpan<Value> arguments) => throw new NotImplementedException();

    /// <summary>Calls a method on <paramref name="receiver"/>; same errors as <see cref="CallFunction"/>.</summary>
    public static Value CallMethod(string name, Value receiver, ReadOnlySpan<Value> arguments) => throw new NotImplementedException();
}
