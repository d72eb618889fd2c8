namespace Tyr.Policy.Evaluation;

/// <summary>
/// The Cedar request shape shared by the compiler (which writes policies against it) and the judge
/// (which builds requests in it). docs/policy-yaml.md, "The Cedar request", documents it for people
/// writing <c>when</c> conditions.
/// </summary>
public static class CedarVocabulary
{
    public const string ProcessType = "Tyr::Process";
    public const string AgentTypeType = "Tyr::AgentType";
    public const string ActionType = "Tyr::Action";

    /// <summary>The resource entity type per operation; the id is <see cref="OperationFacts.Resource"/>.</summary>
    public static string ResourceType(PolicyOperation operation) => operation switch
    {
        PolicyOperation.FileRead or PolicyOperation.FileWrite => "Tyr::File",
        PolicyOperation.Exec => "Tyr::Binary",
        PolicyOperation.Connect => "Tyr::Endpoint",
        PolicyOperation.Tls => "Tyr::Server",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>The action id, the operation's YAML name: <c>Tyr::Action::"file_write"</c>.</summary>
    public static string ActionId(PolicyOperation operation) => operation switch
    {
        PolicyOperation.FileRead => "file_read",
        PolicyOperation.FileWrite => "file_write",
        PolicyOperation.Exec => "exec",
        PolicyOperation.Connect => "connect",
        PolicyOperation.Tls => "tls",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>Annotations the compiler puts on every rule's policy.</summary>
    public const string EffectAnnotation = "effect";
    public const string SeverityAnnotation = "severity";

    /// <summary>Policy ids of the compiler's own policies (rules are "scope/rule-id").</summary>
    public const string AllowUnmatchedId = "tyr/allow-unmatched";
    public const string DenyByDefaultId = "tyr/deny-by-default";

    public const string BaseScope = "base";
}
