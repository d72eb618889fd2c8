namespace Tyr.Agents;

/// <summary>One problem in a signature catalogue, at the 1-based position of the offending node.</summary>
public sealed record CatalogError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>
/// A catalogue that cannot be read. <see cref="Errors"/> holds every problem found; the message describes the first
/// (<c>FILE:LINE:COL: message</c>), followed by the count when there are more.
/// </summary>
public sealed class SignatureCatalogException : Exception
{
    public SignatureCatalogException(IReadOnlyList<CatalogError> errors, Exception? innerException = null)
        : base(Describe(errors), innerException)
    {
        Errors = errors;
    }

    public SignatureCatalogException()
        : this([new CatalogError(string.Empty, 0, 0, "invalid signature catalogue")])
    {
    }

    public SignatureCatalogException(string message)
        : this([new CatalogError(string.Empty, 0, 0, message)])
    {
    }

    public SignatureCatalogException(string message, Exception innerException)
        : this([new CatalogError(string.Empty, 0, 0, message)], innerException)
    {
    }

    public IReadOnlyList<CatalogError> Errors { get; }

    private static string Describe(IReadOnlyList<CatalogError> errors)
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
