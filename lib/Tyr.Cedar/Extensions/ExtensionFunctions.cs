using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>
/// The extension functions and methods of Cedar (ipaddr, decimal, datetime, duration), by name.
/// Dispatch is a switch on the name, so a call allocates nothing beyond the value it returns.
/// As in the official engine, the argument count (receiver included) is checked before any type.
/// </summary>
internal static class ExtensionFunctions
{
    /// <summary>True for a constructor-style function name: <c>ip</c>, <c>decimal</c>, <c>datetime</c>, <c>duration</c>.</summary>
    public static bool IsFunction(string name) => name is "ip" or "decimal" or "datetime" or "duration";

    /// <summary>True for an extension method name such as <c>isIpv4</c> or <c>lessThan</c>.</summary>
    public static bool IsMethod(string name) => MethodArity(name) > 0;

    /// <summary>Calls a function. Throws <see cref="Evaluation.EvaluationException"/> on bad arguments.</summary>
    public static Value CallFunction(string name, ReadOnlySpan<Value> arguments)
    {
        switch (name)
        {
            case "ip":
                return IpAddress.TryParse(StringArgument(name, arguments), out var ip, out var ipError)
                    ? Value.Extension(ip)
                    : throw ExtensionErrors.Failed("ipaddr", ipError);
            case "decimal":
                return CedarDecimal.TryParse(StringArgument(name, arguments), out var dec, out var decError)
                    ? Value.Extension(dec)
                    : throw ExtensionErrors.Failed("decimal", decError);
            case "datetime":
                return CedarDatetime.TryParse(StringArgument(name, arguments), out var dt, out var dtError)
                    ? Value.Extension(dt)
                    : throw ExtensionErrors.Failed("datetime", dtError);
            case "duration":
                return CedarDuration.TryParse(StringArgument(name, arguments), out var dur, out var durError)
                    ? Value.Extension(dur)
                    : throw ExtensionErrors.Failed("duration", durError);
            default:
                throw ExtensionErrors.Unknown(name);
        }
    }

    /// <summary>Calls a method on <paramref name="receiver"/>; same errors as <see cref="CallFunction"/>.</summary>
    public static Value CallMethod(string name, Value receiver, ReadOnlySpan<Value> arguments)
    {
        var arity = MethodArity(name);
        if (arity == 0)
        {
            throw ExtensionErrors.Unknown(name);
        }

        if (arguments.Length + 1 != arity)
        {
            throw ExtensionErrors.WrongArity(name, arity, arguments.Length + 1);
        }

        switch (name)
        {
            case "isIpv4": return Value.Bool(AsIp(receiver).IsIpv4);
            case "isIpv6": return Value.Bool(AsIp(receiver).IsIpv6);
            case "isLoopback": return Value.Bool(AsIp(receiver).IsLoopback);
            case "isMulticast": return Value.Bool(AsIp(receiver).IsMulticast);
            case "isInRange":
                {
                    var ip = AsIp(receiver);
                    return Value.Bool(ip.IsInRange(AsIp(arguments[0])));
                }

            case "lessThan": return Value.Bool(CompareDecimals(receiver, arguments[0]) < 0);
            case "lessThanOrEqual": return Value.Bool(CompareDecimals(receiver, arguments[0]) <= 0);
            case "greaterThan": return Value.Bool(CompareDecimals(receiver, arguments[0]) > 0);
            case "greaterThanOrEqual": return Value.Bool(CompareDecimals(receiver, arguments[0]) >= 0);
            case "offset":
                {
                    var datetime = AsDatetime(receiver);
                    var duration = AsDuration(arguments[0]);
                    return datetime.Offset(duration) is { } moved
                        ? Value.Extension(moved)
                        : throw ExtensionErrors.Failed(
                            name,
                            "overflows when adding an offset: " + datetime.ToOffsetExpression() + "+(" + duration.ToMillisecondsText() + ")");
                }

            case "durationSince":
                {
                    var later = AsDatetime(receiver);
                    var earlier = AsDatetime(arguments[0]);
                    return later.DurationSince(earlier) is { } since
                        ? Value.Extension(since)
                        : throw ExtensionErrors.Failed(
                            name,
                            "overflows when computing the duration between " + later.ToOffsetExpression() + " and " + earlier.ToOffsetExpression());
                }

            case "toDate":
                {
                    var datetime = AsDatetime(receiver);
                    return datetime.ToDate() is { } date
                        ? Value.Extension(date)
                        : throw ExtensionErrors.Failed(name, "overflows when computing the date of " + datetime.ToOffsetExpression());
                }

            case "toTime": return Value.Extension(AsDatetime(receiver).ToTime());
            case "toMilliseconds": return Value.Long(AsDuration(receiver).Milliseconds);
            case "toSeconds": return Value.Long(AsDuration(receiver).ToSeconds());
            case "toMinutes": return Value.Long(AsDuration(receiver).ToMinutes());
            case "toHours": return Value.Long(AsDuration(receiver).ToHours());
            case "toDays": return Value.Long(AsDuration(receiver).ToDays());
            default: throw ExtensionErrors.Unknown(name);
        }
    }

    /// <summary>
    /// Calls a function or method by name with every argument in one list, a method's receiver
    /// first: the form of the entities JSON <c>{"__extn": {"fn": "offset", "args": [receiver, arg]}}</c>.
    /// </summary>
    public static Value Call(string name, ReadOnlySpan<Value> arguments)
    {
        if (IsFunction(name))
        {
            return CallFunction(name, arguments);
        }

        var arity = MethodArity(name);
        if (arity == 0)
        {
            throw ExtensionErrors.Unknown(name);
        }

        return arguments.IsEmpty
            ? throw ExtensionErrors.WrongArity(name, arity, 0)
            : CallMethod(name, arguments[0], arguments[1..]);
    }

    /// <summary>The argument count of a method, receiver included; 0 for a name that is not a method.</summary>
    private static int MethodArity(string name) => name switch
    {
        "isIpv4" or "isIpv6" or "isLoopback" or "isMulticast" or "toDate" or "toTime" or
            "toMilliseconds" or "toSeconds" or "toMinutes" or "toHours" or "toDays" => 1,
        "isInRange" or "lessThan" or "lessThanOrEqual" or "greaterThan" or "greaterThanOrEqual" or
            "offset" or "durationSince" => 2,
        _ => 0,
    };

    private static string StringArgument(string function, ReadOnlySpan<Value> arguments)
    {
        if (arguments.Length != 1)
        {
            throw ExtensionErrors.WrongArity(function, 1, arguments.Length);
        }

        return arguments[0].Kind == ValueKind.String ? arguments[0].AsString : throw ExtensionErrors.TypeError("string", arguments[0]);
    }

    private static int CompareDecimals(Value left, Value right)
    {
        var l = As<CedarDecimal>(left, "decimal");
        return l.CompareTo(As<CedarDecimal>(right, "decimal"));
    }

    private static IpAddress AsIp(Value v) => As<IpAddress>(v, "ipaddr");

    private static CedarDatetime AsDatetime(Value v) => As<CedarDatetime>(v, "datetime");

    private static CedarDuration AsDuration(Value v) => As<CedarDuration>(v, "duration");

    private static T As<T>(Value v, string typeName)
        where T : ExtensionValue =>
        v.Kind == ValueKind.Extension && v.AsExtension is T typed ? typed : throw ExtensionErrors.TypeError(typeName, v);
}
