using System.Globalization;
using System.Text;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// How the official answers of a run spread over the outcomes, so that a generator that drifted
/// into "almost always deny" (and so tests little) shows up, and fails the test.
/// </summary>
internal sealed class DecisionMix
{
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);

    public int Requests { get; private set; }

    /// <summary>Judged requests in which at least one policy erred.</summary>
    public int WithErrors { get; private set; }

    public int Cases { get; private set; }

    /// <summary>Cases whose policy set the official implementation refused.</summary>
    public int RefusedCases { get; private set; }

    public void Add(IReadOnlyList<Answer> answers)
    {
        Cases++;
        if (answers.Count > 0 && answers.All(a => a.Failure is not null))
        {
            RefusedCases++;
        }

        foreach (var answer in answers)
        {
            Requests++;
            _outcomes[answer.Outcome] = Count(answer.Outcome) + 1;
            if (answer.Failure is null && answer.Errors.Count > 0)
            {
                WithErrors++;
            }
        }
    }

    public int Count(string outcome) => _outcomes.GetValueOrDefault(outcome);

    public double Share(string outcome) => Requests == 0 ? 0 : (double)Count(outcome) / Requests;

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Cases} cases, {Requests} requests:");
        foreach (var outcome in new[] { "allow", "deny by forbid", "default deny", "refused" })
        {
            sb.Append(CultureInfo.InvariantCulture, $" {outcome} {Share(outcome):P1},");
        }

        sb.Append(CultureInfo.InvariantCulture, $" some policy erred in {(Requests == 0 ? 0 : (double)WithErrors / Requests):P1}");
        sb.Append(CultureInfo.InvariantCulture, $" (cases refused whole: {RefusedCases})");
        return sb.ToString();
    }
}
