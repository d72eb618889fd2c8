namespace Tyr.Policy;

/// <summary>What happens when a rule matches.</summary>
public enum PolicyEffect
{
    Deny,
    Allow,
    Alert,
}

/// <summary>The kind of agent action a rule governs.</summary>
public enum PolicyOperation
{
    FileRead,
    FileWrite,
    Exec,
    Connect,
    Tls,
}

/// <summary>How serious a match is, in increasing order.</summary>
public enum PolicySeverity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
