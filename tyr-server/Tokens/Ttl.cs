using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tyr.Server.Tokens;

/// <summary>Token lifetimes as <c>30s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>: one number, one unit.</summary>
internal static class Ttl
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);

    /// <summary>A year: long enough for any staged rollout, short enough that a forgotten token dies.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(365);

    public const string Syntax = "a whole number followed by s, m, h or d (e.g. 30s, 15m, 1h, 7d)";

    public static bool TryParse(string? text, out TimeSpan ttl, [NotNullWhen(false)] out string? error)
    {
        ttl = default;
        error = null;
        if (string.IsNullOrEmpty(text) || text.Length < 2)
        {
            error = $"'{text}' is not a TTL: expected {Syntax}";
            return false;
        }

        var unit = text[^1];
        var digits = text.AsSpan(0, text.Length - 1);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"'{text}' is not a TTL: expected {Syntax}";
            return false;
        }

        var seconds = unit switch
        {
            's' => 1L,
            'm' => 60L,
            'h' => 3600L,
            'd' => 86400L,
            _ => 0L,
        };
        if (seconds == 0)
        {
            error = $"'{text}' is not a TTL: unknown unit '{unit}'; expected {Syntax}";
            return false;
        }

        if (amount == 0)
        {
            error = $"'{text}' is not a TTL: it must be greater than zero";
            return false;
        }

        if (amount > (long)Maximum.TotalSeconds / seconds)
        {
            error = $"'{text}' is too long: the maximum TTL is {Maximum.TotalDays:0}d";
            return false;
        }

        ttl = TimeSpan.FromSeconds(amount * seconds);
        return true;
    }
}
