using Tyr.Cedar.Extensions;
using Tyr.Cedar.Values;
using static Tyr.CedarTests.Extensions.Ext;

namespace Tyr.CedarTests.Extensions;

// Expected answers come from the official implementation (tests/cedar-oracle/probe.mjs).
public class ExtensionFunctionsTests
{
    private static readonly string[] s_functions = ["ip", "decimal", "datetime", "duration"];

    private static readonly string[] s_methods =
    [
        "isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange",
        "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
        "offset", "durationSince", "toDate", "toTime",
        "toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays",
    ];

    [Fact]
    public void Functions_and_methods_are_told_apart()
    {
        foreach (var name in s_functions)
        {
            Assert.True(ExtensionFunctions.IsFunction(name), name);
            Assert.False(ExtensionFunctions.IsMethod(name), name);
        }

        foreach (var name in s_methods)
        {
            Assert.True(ExtensionFunctions.IsMethod(name), name);
            Assert.False(ExtensionFunctions.IsFunction(name), name);
        }
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("toString")]
    [InlineData("toNanoseconds")]
    [InlineData("unix")]
    [InlineData("IP")]
    [InlineData("contains")]
    [InlineData("")]
    public void Other_names_are_neither(string name)
    {
        Assert.False(ExtensionFunctions.IsFunction(name));
        Assert.False(ExtensionFunctions.IsMethod(name));
        Assert.Equal("extension function `" + name + "` does not exist", Error(() => ExtensionFunctions.Call(name, [])));
    }

    [Theory]
    [InlineData("ip")]
    [InlineData("decimal")]
    [InlineData("datetime")]
    [InlineData("duration")]
    public void Constructors_take_exactly_one_string(string function)
    {
        Assert.Equal(
            "wrong number of arguments provided to extension function `" + function + "`: expected 1, got 0",
            Error(() => ExtensionFunctions.CallFunction(function, [])));
        Assert.Equal(
            "wrong number of arguments provided to extension function `" + function + "`: expected 1, got 2",
            Error(() => ExtensionFunctions.CallFunction(function, [Value.String("1.0"), Value.String("2.0")])));
        Assert.Equal("type error: expected string, got long", Error(() => ExtensionFunctions.CallFunction(function, [Value.Long(1)])));
        Assert.Equal("type error: expected string, got bool", Error(() => ExtensionFunctions.CallFunction(function, [Value.True])));
        Assert.Equal("type error: expected string, got set", Error(() => ExtensionFunctions.CallFunction(function, [Value.Set(CedarSet.Empty)])));
        Assert.Equal("type error: expected string, got record", Error(() => ExtensionFunctions.CallFunction(function, [Value.Record(CedarRecord.Empty)])));
        Assert.Equal(
            "type error: expected string, got (entity of type `User`)",
            Error(() => ExtensionFunctions.CallFunction(function, [Value.Entity(new EntityUid("User", "alice"))])));
        Assert.Equal("type error: expected string, got ipaddr", Error(() => ExtensionFunctions.CallFunction(function, [Ip("1.2.3.4")])));
    }

    [Fact]
    public void An_unknown_function_is_reported_by_name() =>
        Assert.Equal("extension function `isIpv4` does not exist", Error(() => ExtensionFunctions.CallFunction("isIpv4", [Ip("1.2.3.4")])));

    [Theory]
    [InlineData("isIpv4", 1)]
    [InlineData("isIpv6", 1)]
    [InlineData("isLoopback", 1)]
    [InlineData("isMulticast", 1)]
    [InlineData("toDate", 1)]
    [InlineData("toTime", 1)]
    [InlineData("toMilliseconds", 1)]
    [InlineData("toSeconds", 1)]
    [InlineData("toMinutes", 1)]
    [InlineData("toHours", 1)]
    [InlineData("toDays", 1)]
    [InlineData("isInRange", 2)]
    [InlineData("lessThan", 2)]
    [InlineData("lessThanOrEqual", 2)]
    [InlineData("greaterThan", 2)]
    [InlineData("greaterThanOrEqual", 2)]
    [InlineData("offset", 2)]
    [InlineData("durationSince", 2)]
    public void Method_arity_counts_the_receiver_and_is_checked_before_types(string method, int arity)
    {
        // The receiver is of no extension type at all, yet the count is what gets reported.
        var receiver = Value.String("x");
        Value[] tooMany = arity == 1 ? [Value.Long(1)] : [Value.Long(1), Value.Long(2)];
        Assert.Equal(
            $"wrong number of arguments provided to extension function `{method}`: expected {arity}, got {arity + 1}",
            Error(() => ExtensionFunctions.CallMethod(method, receiver, tooMany)));
        if (arity == 2)
        {
            Assert.Equal(
                $"wrong number of arguments provided to extension function `{method}`: expected 2, got 1",
                Error(() => ExtensionFunctions.CallMethod(method, receiver, [])));
        }
    }

    [Theory]
    [InlineData("isIpv4", "ipaddr", false)]
    [InlineData("isInRange", "ipaddr", true)]
    [InlineData("lessThan", "decimal", true)]
    [InlineData("greaterThanOrEqual", "decimal", true)]
    [InlineData("offset", "datetime", true)]
    [InlineData("durationSince", "datetime", true)]
    [InlineData("toDate", "datetime", false)]
    [InlineData("toTime", "datetime", false)]
    [InlineData("toMilliseconds", "duration", false)]
    [InlineData("toDays", "duration", false)]
    public void A_receiver_of_the_wrong_type_is_a_type_error(string method, string expected, bool takesArgument)
    {
        Value[] arguments = takesArgument ? [Value.Long(1)] : [];
        var wrong = expected == "ipaddr" ? Decimal("1.0") : Ip("1.2.3.4");

        Assert.Equal("type error: expected " + expected + ", got " + wrong.TypeName, Error(() => ExtensionFunctions.CallMethod(method, wrong, arguments)));
        Assert.Equal("type error: expected " + expected + ", got string", Error(() => ExtensionFunctions.CallMethod(method, Value.String("1.2.3.4"), arguments)));
    }

    [Fact]
    public void An_argument_of_the_wrong_type_is_a_type_error()
    {
        Assert.Equal("type error: expected ipaddr, got string", Error(() => Method("isInRange", Ip("1.2.3.4"), Value.String("1.2.3.4"))));
        Assert.Equal(
            "type error: expected ipaddr, got (entity of type `User`)",
            Error(() => Method("isInRange", Ip("1.2.3.4"), Value.Entity(new EntityUid("User", "alice")))));
        Assert.Equal("type error: expected decimal, got string", Error(() => Method("lessThan", Decimal("1.0"), Value.String("1.0"))));
        Assert.Equal("type error: expected decimal, got long", Error(() => Method("lessThan", Decimal("1.0"), Value.Long(1))));
        Assert.Equal("type error: expected duration, got string", Error(() => Method("offset", Datetime("2024-01-01"), Value.String("1d"))));
        Assert.Equal("type error: expected duration, got datetime", Error(() => Method("offset", Datetime("2024-01-01"), Datetime("2024-01-01"))));
        Assert.Equal("type error: expected datetime, got duration", Error(() => Method("durationSince", Datetime("2024-01-01"), Duration("1d"))));
    }

    [Fact]
    public void A_receiver_type_error_comes_before_an_argument_type_error() =>
        Assert.Equal("type error: expected ipaddr, got string", Error(() => Method("isInRange", Value.String("a"), Value.Long(1))));

    [Fact]
    public void The_json_form_calls_methods_with_the_receiver_first()
    {
        Assert.Equal(Datetime("2024-01-02"), ExtensionFunctions.Call("offset", [Datetime("2024-01-01"), Duration("1d")]));
        Assert.Equal(Datetime("2024-01-01"), ExtensionFunctions.Call("toDate", [Datetime("2024-01-01T10:00:00Z")]));
        Assert.True(Bool(ExtensionFunctions.Call("isIpv4", [Ip("1.2.3.4")])));
        Assert.Equal(Ip("1.2.3.4"), ExtensionFunctions.Call("ip", [Value.String("1.2.3.4")]));
    }

    [Fact]
    public void The_json_form_reports_the_same_errors()
    {
        Assert.Equal(
            "wrong number of arguments provided to extension function `ip`: expected 1, got 2",
            Error(() => ExtensionFunctions.Call("ip", [Value.String("1.2.3.4"), Value.String("x")])));
        Assert.Equal("type error: expected string, got long", Error(() => ExtensionFunctions.Call("ip", [Value.Long(5)])));
        Assert.Equal("error while evaluating `ipaddr` extension function: invalid IP address: x", Error(() => ExtensionFunctions.Call("ip", [Value.String("x")])));
        Assert.Equal(
            "wrong number of arguments provided to extension function `offset`: expected 2, got 0",
            Error(() => ExtensionFunctions.Call("offset", [])));
        Assert.Equal(
            "wrong number of arguments provided to extension function `offset`: expected 2, got 1",
            Error(() => ExtensionFunctions.Call("offset", [Datetime("2024-01-01")])));
        Assert.Equal("extension function `foo` does not exist", Error(() => ExtensionFunctions.Call("foo", [Value.String("x")])));
    }

    [Fact]
    public void Method_results_have_the_documented_types()
    {
        Assert.IsType<CedarDatetime>(Method("offset", Datetime("2024-01-01"), Duration("1h")).AsExtension);
        Assert.IsType<CedarDuration>(Method("durationSince", Datetime("2024-01-01"), Datetime("2023-01-01")).AsExtension);
        Assert.IsType<CedarDatetime>(Method("toDate", Datetime("2024-01-01")).AsExtension);
        Assert.IsType<CedarDuration>(Method("toTime", Datetime("2024-01-01")).AsExtension);
        Assert.Equal(ValueKind.Long, Method("toHours", Duration("1h")).Kind);
        Assert.Equal(ValueKind.Bool, Method("isLoopback", Ip("::1")).Kind);
    }

    [Theory]
    [InlineData("ip", "ipaddr")]
    [InlineData("decimal", "decimal")]
    [InlineData("datetime", "datetime")]
    [InlineData("duration", "duration")]
    public void Constructor_and_type_names(string function, string typeName)
    {
        var sample = function switch
        {
            "ip" => "1.2.3.4",
            "decimal" => "1.0",
            "datetime" => "2024-01-01",
            _ => "1h",
        };
        var value = Function(function, sample);

        Assert.Equal(typeName, value.TypeName);
        Assert.Equal(function, value.AsExtension.ConstructorName);
    }

    [Fact]
    public void Only_datetime_and_duration_are_ordered()
    {
        Assert.False(Ip("1.2.3.4").AsExtension.IsOrdered);
        Assert.False(Decimal("1.0").AsExtension.IsOrdered);
        Assert.True(Datetime("2024-01-01").AsExtension.IsOrdered);
        Assert.True(Duration("1h").AsExtension.IsOrdered);
    }

    [Fact]
    public void Values_work_as_set_members()
    {
        var set = CedarSet.From([Ip("10.0.0.1"), Ip("10.0.0.1/32"), Decimal("1.0"), Decimal("1.00"), Duration("60m"), Duration("1h")]);

        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(Ip("10.0.0.1")));
        Assert.False(set.Contains(Ip("10.0.0.1/8")));
        Assert.True(set.Contains(Duration("3600s")));
    }
}
