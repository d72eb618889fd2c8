namespace Tyr.Policy;

/// <summary>A 1-based place in a policy file.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
