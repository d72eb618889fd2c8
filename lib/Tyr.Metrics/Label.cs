namespace Tyr.Metrics;

/// <summary>One label of a sample.</summary>
/// <param name="Name">A label name: [a-zA-Z_][a-zA-Z0-9_]*.</param>
/// <param name="Value">Any text; the writer escapes it.</param>
public readonly record struct Label(string Name, string Value);
