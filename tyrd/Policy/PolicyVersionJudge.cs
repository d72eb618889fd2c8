using Tyr.Policy.Evaluation;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The userspace judge of one pushed policy version. <see cref="Judge"/> is null for a
/// deny-by-default policy (nothing to judge) and when the Cedar text could not be loaded
/// (<see cref="Error"/> says why).
/// </summary>
internal sealed record PolicyVersionJudge(long Version, PolicyJudge? Judge, string? Error);
