using System.Text.RegularExpressions;
using Tyr.PackagingTests.Harness;

namespace Tyr.PackagingTests;

/// <summary>The conffiles the packages ship: every documented key, commented, with its default.</summary>
public sealed partial class ConfigFileTests
{
    [Fact]
    public void ThePackagedTyrdYamlShowsEveryKeyOfTheOperationsGuideCommentedOut()
    {
        var yaml = File.ReadAllText(Repository.File("packaging/etc/tyrd.yaml"));
        var guide = File.ReadAllText(Repository.File("docs/operations.md"));
        var table = guide[guide.IndexOf("`/etc/tyr/tyrd.yaml`", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", table.IndexOf("| key |", StringComparison.Ordinal), StringComparison.Ordinal)];
        var rows = KeyRow().Matches(table).Select(m => (Key: m.Groups[1].Value, Default: m.Groups[2].Value.Trim())).ToArray();

        Assert.True(rows.Length >= 10, "the operations guide's tyrd.yaml table: " + table);
        foreach (var (key, defaultValue) in rows)
        {
            // Nested keys (governed.cgroups) appear as their last segment under their section.
            var segments = key.Split('.').Where(s => !s.StartsWith('<')).ToArray();
            Assert.Contains($"#{segments[0]}:", yaml, StringComparison.Ordinal);
            Assert.Contains($"{segments[^1]}:", yaml, StringComparison.Ordinal);
            var literal = defaultValue.Trim('`');
            if (long.TryParse(literal, out _) || literal is "true" or "false" || defaultValue.StartsWith('`'))
            {
                Assert.Matches($@"(?m)^#\s*{Regex.Escape(segments[^1])}: {Regex.Escape(literal)}$", yaml);
            }
        }

        Assert.All(yaml.Split('\n').Where(l => l.Length > 0), l => Assert.StartsWith("#", l, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\| `([a-z_.<>]+)` \| ([^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex KeyRow();
}
