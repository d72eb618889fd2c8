using Tyr.Server.Storage;

namespace Tyr.Server.Discovery;

/// <summary>A stored catalogue version and how many connected daemons it was queued to at once.</summary>
internal sealed record SignaturesChange(AgentSignatureVersion Version, int SentTo);
