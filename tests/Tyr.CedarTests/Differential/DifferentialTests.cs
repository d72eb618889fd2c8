using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Our Cedar engine against the official one (cedar-wasm) on generated cases: same decision,
/// same determining policies, same erroring policies, and the same inputs refused. Sized for CI;
/// TYR_CEDAR_DIFF_CASES and TYR_CEDAR_DIFF_SEED make long runs on demand (see docs/cedar.md).
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int DefaultCases = 2000;
    private const int DefaultSeed = 1;
    private const int BatchSize = 1000;
    private const int ReportedInFull = 6;

    [Fact]
    public void OurEngineAgreesWithTheOfficialCedarOnGeneratedCases()
    {
        var unavailable = CedarOracle.Unavailable();
        Assert.True(unavailable is null, unavailable);

        var seed = Setting("TYR_CEDAR_DIFF_SEED", DefaultSeed);
        var total = Setting("TYR_CEDAR_DIFF_CASES", DefaultCases);
        var generator = new CaseGenerator(seed);
        var mix = new DecisionMix();
        var disagreements = new List<Disagreement>();
        var clock = Stopwatch.StartNew();

        for (var first = 0; first < total; first += BatchSize)
        {
            var count = Math.Min(BatchSize, total - first);
            var cases = new List<DiffCase>(count);
            for (var i = 0; i < count; i++)
            {
                cases.Add(generator.Generate(first + i));
            }

            var official = CedarOracle.Ask(cases);
            for (var i = 0; i < count; i++)
            {
                mix.Add(official[i]);
                var ours = TyrEngine.Run(cases[i]);
                for (var r = 0; r < ours.Count; r++)
                {
                    if (!ours[r].AgreesWith(official[i][r]))
                    {
                        disagreements.Add(new Disagreement(seed, first + i, r, cases[i], official[i][r], ours[r]));
                    }
                }
            }
        }

        output.WriteLine($"seed {seed}: {mix} in {clock.Elapsed.TotalSeconds:F1}s");
        if (disagreements.Count > 0)
        {
            Assert.Fail(Report(disagreements, mix.Requests));
        }

        AssertUsefulMix(mix);
    }

    /// <summary>Cases that (nearly) always deny, or are mostly refused, would test little.</summary>
    private static void AssertUsefulMix(DecisionMix mix)
    {
        if (mix.Requests < 1000)
        {
            return;
        }

        var why = "the generated cases drifted to a mix that tests little: " + mix;
        Assert.True(mix.Share("allow") is > 0.2 and < 0.8, why);
        Assert.True(mix.Share("deny by forbid") is > 0.05 and < 0.5, why);
        Assert.True(mix.Share("default deny") is > 0.1 and < 0.7, why);
        Assert.True(mix.Share("refused") is > 0.01 and < 0.12, why);
        Assert.True((double)mix.WithErrors / mix.Requests is > 0.08 and < 0.5, why);
    }

    /// <summary>A summary by kind, then the first of each kind shrunk to a small repro.</summary>
    private string Report(List<Disagreement> disagreements, int requests)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{disagreements.Count} of {requests} requests disagree with the official Cedar:\n");
        var byKind = disagreements.GroupBy(d => d.Kind).OrderByDescending(g => g.Count()).ToList();
        foreach (var kind in byKind)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {kind.Count(),6}  {kind.Key}\n");
        }

        foreach (var kind in byKind.Take(ReportedInFull))
        {
            var small = Minimizer.Minimize(kind.First());
            var saved = small.Save();
            var text = small.Describe(saved);
            output.WriteLine(text);
            sb.Append('\n').Append(text);
        }

        return sb.ToString();
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
}
