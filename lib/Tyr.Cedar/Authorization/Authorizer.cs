using Tyr.Cedar.Ast;
using Tyr.Cedar.Entities;

namespace Tyr.Cedar.Authorization;

/// <summary>Cedar authorization (STUB: being written).</summary>
public static class Authorizer
{
    /// <summary>Judges <paramref name="request"/>; never throws for an evaluation error.</summary>
    public static AuthorizationResponse Authorize(PolicySet policies, Request request, EntityStore entities) =>
        throw new NotImplementedException();
}
