using System.Globalization;

namespace Tyr.Cli.Policies;

/// <summary>Policy version numbers as the operator types them: 3, or v3 as `policy list` prints them.</summary>
internal static class VersionNumber
{
    public static long Parse(string? text, string what)
    {
        var digits = text is ['v' or 'V', .. var rest] ? rest : text;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new UsageException($"{what}: '{text}' is not a policy version; give a number from `tyr policy list`");
    }

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
