using System.Globalization;
using Google.Protobuf.Collections;
using Tyr.Policy;
using Tyr.Policy.Evaluation;
using Tyr.Protocol;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The policy's userspace layer: judges every governed event with the Cedar text of the policy
/// version that judged it in the kernel, for the rules no BPF map can express (conditions, TLS).
/// It cannot stop anything (the operation is over when the event is read), so it only makes the
/// event's verdict stricter: final verdict = the stricter of the kernel's and the judgement's
/// (DENY over ALERT over ALLOW). Runs on the batcher's task, never on the ring reader's thread.
/// </summary>
/// <remarks>
/// Metadata it sets: <c>layer</c> ("kernel" when the kernel's verdict stands, "userspace" when the
/// judgement is stricter, which also sets <c>enforced=false</c>); <c>rule</c>, the rule's name
/// ("base/deny-etc-writes") when the judgement agrees or decided; <c>policy_judge=current</c> when
/// the event's own version was gone and the current one judged; <c>policy_errors</c> when rules
/// failed to evaluate.
/// </remarks>
internal sealed class UserspaceLayer(PolicyJudges judges)
{
    public void Judge(Event evt)
    {
        if (!TryOperation(evt.Kind, out var operation))
        {
            return;
        }

        var metadata = evt.Metadata;
        if (metadata.TryGetValue("deny_by_default", out var denyAll) && denyAll == "true")
        {
            return; // No policy at all: the kernel denied, and there is no text to judge with.
        }

        // Version 0 outside deny-by-default: the source judged nothing (a test or a TLS source);
        // the current policy is the one that judges it.
        var judgedByKernel = evt.PolicyVersion != 0;
        var fallback = false;
        var entry = judgedByKernel ? judges.Find(evt.PolicyVersion, out fallback) : judges.Current;
        if (entry is null)
        {
            return;
        }

        if (entry.Error is { } error)
        {
            metadata["policy_errors"] = error;
        }

        if (entry.Judge is not { } judge)
        {
            return;
        }

        if (fallback)
        {
            metadata["policy_judge"] = "current";
        }

        Judgement judgement;
        try
        {
            judgement = judge.Judge(Facts(evt, operation, metadata));
        }
        catch (Exception e)
        {
            // One event the judge cannot take must not stop the batcher; the kernel's verdict stands.
            metadata["policy_errors"] = $"judging failed: {e.Message}";
            return;
        }

        if (judgement.Errors is { Count: > 0 } errors)
        {
            metadata["policy_errors"] = string.Join("; ", errors);
        }

        if (!judgedByKernel)
        {
            evt.PolicyVersion = entry.Version;
        }

        var judged = (Verdict)(int)judgement.Verdict;
        var before = Rank(KernelVerdict(evt.Verdict, metadata));
        if (Rank(judged) > before)
        {
            evt.Verdict = judged;
            evt.Severity = (Severity)((int)judgement.Severity + 1);
            metadata["layer"] = "userspace";
            metadata["enforced"] = "false";
            SetRule(metadata, judgement.RuleId);
            return;
        }

        if (judgedByKernel)
        {
            metadata["layer"] = "kernel";
        }

        // The kernel knows rules by number only; the judgement names the rule when both agree.
        if (Rank(judged) == before)
        {
            SetRule(metadata, judgement.RuleId);
        }
    }

    private static OperationFacts Facts(Event evt, PolicyOperation operation, MapField<string, string> metadata)
    {
        var agentType = metadata.TryGetValue("agent_type", out var type) ? type
            : metadata.TryGetValue("scope", out var scope) && ushort.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? AgentTypes.NameOf(number)
                : null;
        var uid = metadata.TryGetValue("uid", out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : -1;
        return new OperationFacts(operation, evt.Resource, agentType, uid, evt.ProcessExe, evt.Pid,
            OperationFacts.IsReadWrite(metadata.TryGetValue("open_flags", out var flags) ? flags : null))
        {
            Tls = operation == PolicyOperation.Tls
                ? TlsCallFacts.FromMetadata(key => metadata.TryGetValue(key, out var v) ? v : null)
                : TlsCallFacts.None,
        };
    }

    /// <summary>An observed hook reports a DENY it could not enforce as ALERT + would_deny: it is a DENY.</summary>
    private static Verdict KernelVerdict(Verdict verdict, MapField<string, string> metadata) =>
        verdict == Verdict.Alert && metadata.TryGetValue("would_deny", out var wouldDeny) && wouldDeny == "true"
            ? Verdict.Deny
            : verdict;

    private static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Deny => 3,
        Verdict.Alert => 2,
        Verdict.Allow => 1,
        _ => 0,
    };

    private static void SetRule(MapField<string, string> metadata, string? ruleId)
    {
        if (ruleId is not null)
        {
            metadata["rule"] = ruleId;
        }
    }

    private static bool TryOperation(EventKind kind, out PolicyOperation operation)
    {
        operation = kind switch
        {
            EventKind.FileRead => PolicyOperation.FileRead,
            EventKind.FileWrite => PolicyOperation.FileWrite,
            EventKind.Exec => PolicyOperation.Exec,
            EventKind.NetConnect => PolicyOperation.Connect,
            EventKind.Tls => PolicyOperation.Tls,
            _ => (PolicyOperation)(-1),
        };
        return operation >= 0;
    }
}
