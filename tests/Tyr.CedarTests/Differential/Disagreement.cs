using System.Globalization;
using System.Text;

namespace Tyr.CedarTests.Differential;

/// <summary>One request on which our engine and the official one differ, with what it takes to reproduce it.</summary>
internal sealed record Disagreement(int Seed, int CaseIndex, int RequestIndex, DiffCase Case, Answer Official, Answer Ours)
{
    /// <summary>The kind of difference, to group many instances of one bug.</summary>
    public string Kind => Classify(Official, Ours);

    public static string Classify(Answer official, Answer ours)
    {
        if (ours.Crashed)
        {
            var message = ours.Failure ?? "";
            var colon = message.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? message : message[..colon];
        }

        if ((official.Failure is null) != (ours.Failure is null))
        {
            return ours.Failure is null
                ? "we accept what Cedar refuses: " + Gist(official.Failure!)
                : "we refuse what Cedar accepts: " + Gist(ours.Failure!);
        }

        if (official.Allow != ours.Allow)
        {
            return "decision differs";
        }

        return official.Reasons.SequenceEqual(ours.Reasons) ? "erroring policies differ" : "reasons differ";
    }

    // The shape of a message without its particulars (quoted names and values), to group by.
    private static string Gist(string message)
    {
        var gist = System.Text.RegularExpressions.Regex.Replace(message, "`[^`]*`|\"[^\"]*\"|[0-9]+", "_");
        return gist.Length > 90 ? gist[..90] : gist;
    }

    /// <summary>Everything a reader needs to see the problem and replay it.</summary>
    /// <param name="savedTo">Where <see cref="Save"/> put the case, if it did.</param>
    /// <param name="origin">Where the case comes from, if not from the generator.</param>
    public string Describe(string? savedTo, string? origin = null)
    {
        var request = Case.Requests[RequestIndex];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"[{Kind}] ").Append(origin ?? string.Create(
            CultureInfo.InvariantCulture,
            $"seed {Seed}, case {CaseIndex} (TYR_CEDAR_DIFF_SEED={Seed}; new CaseGenerator({Seed}).Generate({CaseIndex}))"))
            .Append(CultureInfo.InvariantCulture, $", request {RequestIndex}\n");
        sb.Append("--- policies ---\n").Append(Case.PolicyText).Append('\n');
        sb.Append("--- entities ---\n").Append(Json.Pretty(Case.EntitiesJson)).Append('\n');
        sb.Append("--- request ---\n").Append(request).Append('\n');
        sb.Append("--- official ---\n").Append(Official).Append('\n');
        sb.Append("--- ours ---\n").Append(Ours).Append('\n');
        if (savedTo is not null)
        {
            sb.Append("--- to keep it as a regression ---\n")
                .Append("node tests/cedar-oracle/record.mjs ").Append(savedTo)
                .Append(" 'what it tests' > tests/Tyr.CedarTests/Differential/Regressions/NAME.json\n");
        }

        return sb.ToString();
    }

    /// <summary>Writes the case (with just this request) where <c>record.mjs</c> can pick it up.</summary>
    public string Save()
    {
        var directory = Path.Combine(RepoPaths.Root, "artifacts", "cedar-diff");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"seed{Seed}-case{CaseIndex}-request{RequestIndex}.json");
        var single = new DiffCase(Case.Policies, Case.EntitiesJson, [Case.Requests[RequestIndex]]);
        File.WriteAllText(path, single.ToJson(indented: true));
        return Path.GetRelativePath(RepoPaths.Root, path);
    }
}
