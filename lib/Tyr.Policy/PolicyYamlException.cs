namespace Tyr.Policy;

/// <summary>One problem in a policy file, at the 1-based position of the offending node.</summary>
public sealed record PolicyYamlError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>
/// A policy file that cannot be read. <see cref="Errors"/> holds every problem found; the properties and the message
/// describe the first (<c>FILE:LINE:COL: message</c>), followed by the count when there are more.
/// </summary>
public sealed class PolicyYamlException : Exception
{
    public PolicyYamlException(IReadOnlyList<PolicyYamlError> errors, Exception? innerException = null)
        : base(Describe(errors), innerException)
    {
        Errors = errors;
        File = errors[0].File;
        Line = errors[0].Line;
        Column = errors[0].Column;
        Detail = errors[0].Message;
    }

    public PolicyYamlException()
        : this([new PolicyYamlError(string.Empty, 0, 0, "invalid policy")])
    {
    }

    public PolicyYamlException(string message)
        : this([new PolicyYamlError(string.Empty, 0, 0, message)])
    {
    }

    public PolicyYamlException(string message, Exception innerException)
        : this([new PolicyYamlError(string.Empty, 0, 0, message)], innerException)
    {
    }

    public IReadOnlyList<PolicyYamlError> Errors { get; }

    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The first error's message without its position.</summary>
    public string Detail { get; }

    private static string Describe(IReadOnlyList<PolicyYamlError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("at least one error is required", nameof(errors));
        }

        return errors.Count == 1
            ? errors[0].ToString()
            : $"{errors[0]} (and {errors.Count - 1} more error{(errors.Count == 2 ? string.Empty : "s")})";
    }
}
