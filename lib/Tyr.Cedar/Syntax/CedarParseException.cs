namespace Tyr.Cedar.Syntax;

/// <summary>Policy text that is not valid Cedar. <see cref="Exception.Message"/> starts with <c>line:column:</c>.</summary>
public sealed class CedarParseException : Exception
{
    public CedarParseException(string detail, int line, int column)
        : base($"{line}:{column}: {detail}")
    {
        Detail = detail;
        Line = line;
        Column = column;
    }

    /// <summary>The message without the position.</summary>
    public string Detail { get; }

    public int Line { get; }

    public int Column { get; }
}
