using System.Globalization;
using System.Net;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Extensions;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;
using CedarPolicy = Tyr.Cedar.Ast.Policy;

namespace Tyr.Policy.Evaluation;

/// <summary>
/// Judges operations against a compiled policy's Cedar text: built once per policy version,
/// then thread-safe. The verdict follows the compiler's annotations: a forbid that applies is DENY;
/// among permits an <c>@effect("alert")</c> rule makes ALERT; the strictest rule wins and, among
/// equals, the first written (the base before overlays), as in the kernel.
/// </summary>
public sealed class PolicyJudge
{
    private static readonly EntityUid[] s_actions =
        [.. Enum.GetValues<PolicyOperation>().Select(o => new EntityUid(CedarVocabulary.ActionType, CedarVocabulary.ActionId(o)))];

    private readonly CedarAuthorizer _authorizer;
    private readonly Dictionary<string, RuleInfo> _rules;

    private PolicyJudge(PolicySet policies)
    {
        _authorizer = new CedarAuthorizer(policies);
        _rules = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
        var order = 0;
        foreach (var policy in policies.Policies)
        {
            _rules[policy.Id] = new RuleInfo(order++, EffectOf(policy), SeverityOf(policy));
        }
    }

    /// <summary>Parses <paramref name="cedarText"/>; a <see cref="CedarParseException"/> says where it is wrong.</summary>
    public static PolicyJudge Create(string cedarText) => new(CedarText.ParsePolicies(cedarText));

    public Judgement Judge(OperationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var judgement = JudgeOne(facts);
        if (!facts.ReadWrite || facts.Operation != PolicyOperation.FileWrite)
        {
            return judgement;
        }

        // The kernel judges a read-write open as both and keeps the stricter (the write on a tie).
        var asRead = JudgeOne(facts with { Operation = PolicyOperation.FileRead, ReadWrite = false });
        return Rank(asRead.Verdict) > Rank(judgement.Verdict) ? asRead : judgement;
    }

    private Judgement JudgeOne(OperationFacts facts)
    {
        var principal = new EntityUid(CedarVocabulary.ProcessType, facts.Pid.ToString(CultureInfo.InvariantCulture));
        var attributes = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["uid"] = Value.Long(facts.Uid),
            ["exe"] = Value.String(facts.Exe),
            ["pid"] = Value.Long(facts.Pid),
            ["agent_type"] = Value.String(facts.AgentType ?? ""),
        };
        var parents = facts.AgentType is { Length: > 0 } type ? [new EntityUid(CedarVocabulary.AgentTypeType, type)] : Array.Empty<EntityUid>();
        var process = new Entity(principal, new CedarRecord(new Dictionary<string, Value>(attributes, StringComparer.Ordinal)), parents, CedarRecord.Empty);
        var context = new Dictionary<string, Value>(attributes, StringComparer.Ordinal);
        AddResource(context, facts);

        var request = new Request(
            principal,
            s_actions[(int)facts.Operation],
            new EntityUid(CedarVocabulary.ResourceType(facts.Operation), facts.Resource),
            new CedarRecord(context));
        var response = _authorizer.Authorize(request, new EntityStore([process]));
        return Verdict(response);
    }

    private Judgement Verdict(AuthorizationResponse response)
    {
        var errors = response.Errors.Count == 0 ? [] : response.Errors.Select(e => $"{e.PolicyId}: {e.Message}").ToArray();
        string? chosen = null;
        RuleInfo best = default;
        foreach (var id in response.Reasons)
        {
            if (id == CedarVocabulary.AllowUnmatchedId || !_rules.TryGetValue(id, out var info))
            {
                continue;
            }

            if (chosen is null || Rank(info.Verdict) > Rank(best.Verdict) || (Rank(info.Verdict) == Rank(best.Verdict) && info.Order < best.Order))
            {
                chosen = id;
                best = info;
            }
        }

        if (response.Decision == Decision.Deny)
        {
            // A deny with no forbid among the reasons means nothing permitted it: only possible in
            // text without the catch-all permit, and then it is still a deny.
            return chosen is null || best.Verdict != JudgedVerdict.Deny
                ? new Judgement(JudgedVerdict.Deny, PolicySeverity.High, CedarVocabulary.DenyByDefaultId, errors)
                : new Judgement(JudgedVerdict.Deny, best.Severity, chosen, errors);
        }

        return chosen is null
            ? new Judgement(JudgedVerdict.Allow, PolicySeverity.Info, null, errors)
            : new Judgement(best.Verdict, best.Severity, chosen, errors);
    }

    private static void AddResource(Dictionary<string, Value> context, OperationFacts facts)
    {
        switch (facts.Operation)
        {
            case PolicyOperation.Connect:
                if (TryParseEndpoint(facts.Resource, out var address, out var port))
                {
                    context["addr"] = Value.Extension(IpAddress.Parse(address.ToString()));
                    context["port"] = Value.Long(port);
                }

                break;
            case PolicyOperation.Tls:
                context["sni"] = Value.String(facts.Resource.ToLowerInvariant());
                context["model"] = Value.String(facts.Tls.Model);
                context["method"] = Value.String(facts.Tls.Method);
                context["path"] = Value.String(facts.Tls.Path);
                context["api"] = Value.String(facts.Tls.Api);
                context["stream"] = Value.Bool(facts.Tls.Stream);
                break;
            default:
                context["path"] = Value.String(facts.Resource);
                break;
        }
    }

    /// <summary>"10.0.0.1:443" or "[fd00::1]:443"; an IPv4-mapped IPv6 address is judged as IPv4, as in the kernel.</summary>
    public static bool TryParseEndpoint(string endpoint, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        if (!IPEndPoint.TryParse(endpoint, out var parsed))
        {
            return false;
        }

        address = parsed.Address.IsIPv4MappedToIPv6 ? parsed.Address.MapToIPv4()
            : parsed.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && parsed.Address.ScopeId != 0 ? new IPAddress(parsed.Address.GetAddressBytes())
            : parsed.Address;
        port = parsed.Port;
        return true;
    }

    private static int Rank(JudgedVerdict verdict) => verdict switch
    {
        JudgedVerdict.Deny => 3,
        JudgedVerdict.Alert => 2,
        _ => 1,
    };

    private static JudgedVerdict EffectOf(CedarPolicy policy)
    {
        if (policy.Effect == Effect.Forbid)
        {
            return JudgedVerdict.Deny;
        }

        return Annotation(policy, CedarVocabulary.EffectAnnotation) == "alert" ? JudgedVerdict.Alert : JudgedVerdict.Allow;
    }

    private static PolicySeverity SeverityOf(CedarPolicy policy) =>
        Enum.TryParse<PolicySeverity>(Annotation(policy, CedarVocabulary.SeverityAnnotation), ignoreCase: true, out var severity)
            ? severity
            : policy.Effect == Effect.Forbid ? PolicySeverity.Medium : PolicySeverity.Info;

    private static string? Annotation(CedarPolicy policy, string key) =>
        policy.Annotations.FirstOrDefault(a => a.Key == key)?.Value;

    private readonly record struct RuleInfo(int Order, JudgedVerdict Verdict, PolicySeverity Severity);
}
