using Tyr.Cedar.Values;

namespace Tyr.Cedar.Authorization;

/// <summary>An authorization request: who does what to which resource, in which context.</summary>
public sealed record Request(EntityUid Principal, EntityUid Action, EntityUid Resource, CedarRecord Context);
