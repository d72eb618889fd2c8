using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

internal sealed record AssignmentDto(string TargetType, string TargetId, long Version, string Name, string AssignedAt, string AssignedBy)
{
    public static AssignmentDto From(AssignmentRecord record) => new(
        record.Target.Type,
        record.Target.Id,
        record.Version,
        record.Name,
        Rfc3339.FormatUnixMilliseconds(record.AssignedAt),
        record.AssignedBy);
}
