using System.Text.RegularExpressions;
using Tyr.PackagingTests.Harness;

namespace Tyr.PackagingTests;

/// <summary>
/// lintian and rpmlint find nothing but the findings packaging/README.md explains (lintian
/// overrides shipped in the packages, rpmlint filters in packaging/rpm/rpmlint.toml).
/// </summary>
public sealed partial class LintTests(BuiltPackages packages)
{
    [Fact]
    public async Task LintianFindsNoErrorOrWarningInTheDebs()
    {
        var result = await Command.RunAsync(
            "lintian",
            ["--pedantic", "--display-info", "--fail-on", "error,warning", packages.Deb("tyrd"), packages.Deb("tyr-server"), packages.Deb("tyr")],
            timeout: TimeSpan.FromMinutes(5));

        var findings = Finding().Matches(result.Stdout).Select(m => m.Value).ToArray();
        Assert.True(findings.Length == 0 && result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task RpmlintFindsNothingBeyondTheDocumentedFilters()
    {
        var result = await Command.RunAsync(
            "rpmlint", ["-c", Repository.File("packaging/rpm/rpmlint.toml"), packages.Rpm("tyrd"), packages.Rpm("tyr-server"), packages.Rpm("tyr")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 errors, 0 warnings", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLintianOverrideAndRpmlintFilterIsExplainedInThePackagingReadme()
    {
        var readme = File.ReadAllText(Repository.File("packaging/README.md"));
        var overrides = Directory.GetFiles(Repository.File("packaging/deb"), "lintian-overrides", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ')[1]);
        var filters = FilterTag().Matches(File.ReadAllText(Repository.File("packaging/rpm/rpmlint.toml"))).Select(m => m.Groups[1].Value);

        Assert.All(overrides.Concat(filters).Distinct(), tag => Assert.Contains($"`{tag}`", readme, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryOverrideShippedInADebIsOneLintianStillNeeds()
    {
        // An override lintian no longer uses hides nothing but clutters: --fail-on reports it as
        // "unused-override" (pedantic) when the finding it silenced is gone.
        var result = await Command.RunAsync(
            "lintian",
            ["--pedantic", "--display-info", "--show-overrides", packages.Deb("tyrd"), packages.Deb("tyr-server"), packages.Deb("tyr")],
            timeout: TimeSpan.FromMinutes(5));

        Assert.DoesNotContain("unused-override", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("O: tyrd: embedded-library zlib", result.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[EW]: .*$", RegexOptions.Multiline)]
    private static partial Regex Finding();

    [GeneratedRegex(@"^\s*'[^']*?: [EW]: ([a-z0-9%-]+)", RegexOptions.Multiline)]
    private static partial Regex FilterTag();
}
