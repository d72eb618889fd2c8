using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Json;
using Tyr.Cedar.Syntax;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Our engine on a differential case, the way a user of the library would run it: the policy
/// texts as one document, the entities and each request from the same JSON the oracle read.
/// </summary>
internal static class TyrEngine
{
    public static IReadOnlyList<Answer> Run(DiffCase c)
    {
        var answers = new Answer[c.Requests.Count];
        PolicySet policies;
        EntityStore entities;
        try
        {
            policies = CedarText.ParsePolicies(c.PolicyText);
            var idProblem = CheckIds(policies, c.Policies);
            if (idProblem is not null)
            {
                Array.Fill(answers, Answer.Crash(new InvalidOperationException(idProblem)));
                return answers;
            }

            entities = EntitiesJson.Parse(c.EntitiesJson);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            Array.Fill(answers, Answer.Refused($"{e.GetType().Name}: {e.Message}"));
            return answers;
        }
        catch (Exception e)
        {
            Array.Fill(answers, Answer.Crash(e));
            return answers;
        }

        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = Judge(policies, entities, c.Requests[i]);
        }

        return answers;
    }

    private static Answer Judge(PolicySet policies, EntityStore entities, string requestJson)
    {
        Request request;
        try
        {
            request = RequestJson.Parse(requestJson);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return Answer.Refused($"{e.GetType().Name}: {e.Message}");
        }
        catch (Exception e)
        {
            return Answer.Crash(e);
        }

        try
        {
            return Answer.FromEngine(Authorizer.Authorize(policies, request, entities));
        }
        catch (Exception e)
        {
            // The authorizer must never throw: an evaluation error belongs in the response.
            return Answer.Crash(e);
        }
    }

    /// <summary>The documented ways of refusing input; anything else thrown is a bug.</summary>
    private static bool IsRefusal(Exception e) =>
        e is CedarParseException or CedarJsonException
        || (e is ArgumentException && e is not ArgumentNullException and not ArgumentOutOfRangeException);

    // Policies are named like the official CLI names them; the oracle was handed these names.
    private static string? CheckIds(PolicySet parsed, IReadOnlyList<CasePolicy> expected)
    {
        var ours = parsed.Policies.Select(p => p.Id).ToList();
        var theirs = expected.Select(p => p.Id).ToList();
        return ours.SequenceEqual(theirs)
            ? null
            : $"the policy ids differ: ours [{string.Join(", ", ours)}], expected [{string.Join(", ", theirs)}]";
    }
}
