using System.Text.Json;
using Tyr.Pki;

namespace Tyr.Daemon.Enrollment;

/// <summary>What <c>tyrd enroll</c> leaves in enrollment.json for <c>tyrd run</c>.</summary>
internal sealed class EnrollmentRecord
{
    public required string AgentId { get; init; }

    public required string Name { get; init; }

    /// <summary>HOST:PORT of the server's gRPC endpoint.</summary>
    public required string Server { get; init; }

    public required string CaFile { get; init; }

    public required DateTimeOffset EnrolledAt { get; init; }

    public static EnrollmentRecord Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), EnrollmentJsonContext.Default.EnrollmentRecord)
                ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid enrollment record: {e.Message}", e);
        }
    }

    public void Save(string path) =>
        Pem.WriteAtomically(
            path,
            JsonSerializer.SerializeToUtf8Bytes(this, EnrollmentJsonContext.Default.EnrollmentRecord),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
}
