namespace Tyr.Daemon.Enrollment;

/// <summary>Enrollment failed; the message is for the operator, complete and in words.</summary>
internal sealed class EnrollmentException : Exception
{
    public EnrollmentException(string message)
        : base(message)
    {
    }

    public EnrollmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EnrollmentException()
    {
    }
}
