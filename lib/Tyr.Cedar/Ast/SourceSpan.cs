namespace Tyr.Cedar.Ast;

/// <summary>Where a piece of policy text is: character offset and length, 1-based line and column.</summary>
public readonly record struct SourceSpan(int Offset, int Length, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
