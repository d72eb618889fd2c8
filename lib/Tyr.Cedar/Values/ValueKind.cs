namespace Tyr.Cedar.Values;

/// <summary>The types of Cedar values.</summary>
public enum ValueKind : byte
{
    Bool,
    Long,
    String,
    Entity,
    Set,
    Record,
    Extension,
}
