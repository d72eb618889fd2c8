using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;
using static Tyr.CedarTests.Evaluation.TestWorld;

namespace Tyr.CedarTests.Authorization;

/// <summary>
/// Decisions, reasons and errors for policy sets against the <see cref="Evaluation.TestWorld"/>
/// entities plus an action hierarchy (view and edit; view is in read). The expected decisions,
/// reasons and error messages are the official implementation's for the same input.
/// </summary>
public sealed class AuthorizerTests
{
    private static readonly EntityUid s_read = new("Action", "read");
    private static readonly EntityUid s_edit = new("Action", "edit");

    private static readonly EntityStore s_world = new(
    [
        .. Entities.All,
        new Entity(View, CedarRecord.Empty, [s_read], CedarRecord.Empty),
        new Entity(s_read, CedarRecord.Empty, [], CedarRecord.Empty),
        new Entity(s_edit, CedarRecord.Empty, [], CedarRecord.Empty),
    ]);

    [Fact]
    public void NoPolicyMeansDenyWithoutReasons()
    {
        var response = Judge("");
        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Empty(response.Reasons);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void ASatisfiedPermitAllows()
    {
        var response = Judge("permit(principal, action, resource);");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy0"], response.Reasons);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void ASatisfiedForbidOverridesPermits()
    {
        var response = Judge(
            "permit(principal, action, resource);\n" +
            "forbid(principal in Group::\"g3\", action, resource);\n" +
            "permit(principal == User::\"alice\", action, resource);");
        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Equal(["policy1"], response.Reasons);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void AForbidThatDoesNotApplyLeavesThePermit()
    {
        var response = Judge(
            "forbid(principal, action, resource) when { context.n > 9 };\n" +
            "forbid(principal, action == Action::\"edit\", resource);\n" +
            "permit(principal, action, resource) when { context.n == 5 };");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy2"], response.Reasons);
    }

    [Fact]
    public void ReasonsUseTheIdAnnotationAndFollowPolicyOrder()
    {
        var response = Judge(
            "@id(\"members-view\") permit(principal in Group::\"g1\", action == Action::\"view\", resource);\n" +
            "permit(principal, action, resource) when { false };\n" +
            "@id(\"alice-photos\") permit(principal == User::\"alice\", action, resource is Photo);\n" +
            "permit(principal, action, resource);");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["members-view", "alice-photos", "policy3"], response.Reasons);
    }

    [Fact]
    public void ErroringPoliciesAreSkippedAndReportedWithTheirIds()
    {
        var response = Judge(
            "permit(principal, action, resource) when { principal.nope };\n" +
            "@id(\"bad-forbid\") forbid(principal, action, resource) when { 1 + \"a\" };\n" +
            "permit(principal, action, resource) when { context.n == 5 };");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy2"], response.Reasons);
        Assert.Equal(
            [
                new PolicyError("policy0", "`User::\"alice\"` does not have the attribute `nope`"),
                new PolicyError("bad-forbid", "type error: expected long, got string"),
            ],
            response.Errors);
    }

    [Fact]
    public void AnErroringForbidDoesNotDeny()
    {
        var response = Judge(
            "forbid(principal, action, resource) when { principal.nope };\n" +
            "permit(principal, action, resource);");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy1"], response.Reasons);
        Assert.Equal([new PolicyError("policy0", "`User::\"alice\"` does not have the attribute `nope`")], response.Errors);
    }

    [Fact]
    public void ConditionsMustBeBooleans()
    {
        var response = Judge(
            "permit(principal, action, resource) when { 1 };\n" +
            "permit(principal, action, resource) unless { \"x\" };");
        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Empty(response.Reasons);
        Assert.Equal(
            [
                new PolicyError("policy0", "type error: expected bool, got long"),
                new PolicyError("policy1", "type error: expected bool, got string"),
            ],
            response.Errors);
    }

    [Fact]
    public void ShortCircuitPreventsErrors()
    {
        var response = Judge(
            "permit(principal == User::\"bob\", action, resource) when { 1 + \"a\" };\n" +
            "permit(principal, action, resource) when { false } when { 1 + \"a\" };\n" +
            "permit(principal, action, resource) unless { true } when { 1 + \"a\" };\n" +
            "permit(principal, action, resource) when { principal has nope && principal.nope };\n" +
            "forbid(principal, action == Action::\"edit\", resource) when { principal.nope };");
        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Empty(response.Reasons);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void ConditionsAreAllRequired()
    {
        var response = Judge(
            "permit(principal, action, resource) when { context.n == 5 } unless { context.s == \"x\" };\n" +
            "permit(principal, action, resource) when { context.n == 5 } unless { context.s == \"y\" } when { true };");
        Assert.Equal(["policy1"], response.Reasons);
    }

    [Fact]
    public void ScopeInFollowsAMultiLevelHierarchy()
    {
        var response = Judge("permit(principal in Group::\"g3\", action in Action::\"read\", resource);");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy0"], response.Reasons);
    }

    [Fact]
    public void ScopeIsInAndActionLists()
    {
        var response = Judge(
            "permit(principal is User in Group::\"g2\", action in [Action::\"edit\", Action::\"view\"], resource is Photo);");
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy0"], response.Reasons);
    }

    [Fact]
    public void ScopesThatDoNotMatch()
    {
        var response = Judge(
            "permit(principal in Group::\"other\", action, resource);\n" +
            "permit(principal is Group, action, resource);\n" +
            "permit(principal, action, resource == Photo::\"b\");\n" +
            "permit(principal, action in [Action::\"edit\"], resource);\n" +
            "permit(principal, action == Action::\"read\", resource);\n" +
            "permit(principal, action in [], resource);\n" +
            "permit(principal is User in Group::\"other\", action, resource);\n" +
            "permit(principal, action, resource is User);");
        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Empty(response.Reasons);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void APrincipalMissingFromTheStoreIsOnlyItself()
    {
        var response = Judge(
            "permit(principal in Group::\"g1\", action, resource);\n" +
            "permit(principal == User::\"ghost\", action, resource);\n" +
            "permit(principal, action, resource) when { principal has age };\n" +
            "permit(principal, action, resource) when { principal.age > 1 };",
            AliceViewsPhoto with { Principal = new EntityUid("User", "ghost") });
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy1"], response.Reasons);
        Assert.Equal([new PolicyError("policy3", "entity `User::\"ghost\"` does not exist")], response.Errors);
    }

    [Fact]
    public void OtherActionsSeeTheirOwnPolicies()
    {
        var response = Judge(
            "permit(principal, action == Action::\"edit\", resource);\n" +
            "permit(principal, action, resource) when { action == Action::\"edit\" };\n" +
            "forbid(principal, action == Action::\"view\", resource);",
            AliceViewsPhoto with { Action = s_edit });
        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy0", "policy1"], response.Reasons);
    }

    [Fact]
    public void AnEngineFaultInOnePolicyIsReportedNotThrown()
    {
        // A body that cannot be evaluated stands for a bug in the engine: it must cost that policy
        // only, and say so, while the other policies still decide.
        var broken = new Policy(
            "broken",
            Effect.Forbid,
            [],
            ScopeConstraint.AnyEntity,
            ScopeConstraint.AnyEntity,
            ScopeConstraint.AnyEntity,
            [new Condition(true, null!)],
            default,
            "forbid(principal, action, resource) when { ? };");
        var permit = CedarText.ParsePolicies("permit(principal, action, resource);").Policies[0];
        var policies = new PolicySet([broken, permit]);

        foreach (var response in new[]
                 {
                     Authorizer.Authorize(policies, AliceViewsPhoto, s_world),
                     new CedarAuthorizer(policies).Authorize(AliceViewsPhoto, s_world),
                 })
        {
            Assert.Equal(Decision.Allow, response.Decision);
            Assert.Equal([permit.Id], response.Reasons);
            var error = Assert.Single(response.Errors);
            Assert.Equal("broken", error.PolicyId);
            Assert.StartsWith("internal error: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void APrebuiltAuthorizerServesManyRequests()
    {
        var policies = CedarText.ParsePolicies(
            "permit(principal in Group::\"g1\", action == Action::\"view\", resource);\n" +
            "forbid(principal, action == Action::\"edit\", resource) unless { principal == User::\"alice\" };\n" +
            "permit(principal, action == Action::\"edit\", resource is Photo);\n" +
            "permit(principal, action in Action::\"read\", resource) when { context.n > 3 };\n" +
            "forbid(principal, action, resource) when { resource == Photo::\"secret\" };\n" +
            "permit(principal, action == Action::\"view\", resource) when { principal.nope };");
        var authorizer = new CedarAuthorizer(policies);
        var principals = new[] { Alice, new EntityUid("User", "bob") };
        var actions = new[] { View, s_edit, s_read, new EntityUid("Action", "delete") };
        var resources = new[] { Photo, new EntityUid("Photo", "secret"), new EntityUid("Album", "x") };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var principal in principals)
        {
            foreach (var action in actions)
            {
                foreach (var resource in resources)
                {
                    var request = AliceViewsPhoto with { Principal = principal, Action = action, Resource = resource };
                    var expected = Authorizer.Authorize(policies, request, s_world);
                    var actual = authorizer.Authorize(request, s_world);
                    Assert.Equal(expected.Decision, actual.Decision);
                    Assert.Equal(expected.Reasons, actual.Reasons);
                    Assert.Equal(expected.Errors, actual.Errors);
                    seen.Add(expected.Decision + string.Join(",", expected.Reasons) + expected.Errors.Count);
                }
            }
        }

        // The requests exercise allows, forbids, default denies and errors, not one outcome.
        Assert.True(seen.Count >= 5, string.Join(" | ", seen));
    }

    /// <summary>Authorizes with both entry points, which must agree; no engine fault is tolerated.</summary>
    private static AuthorizationResponse Judge(string policies, Request? request = null)
    {
        var set = CedarText.ParsePolicies(policies);
        request ??= AliceViewsPhoto;
        var response = Authorizer.Authorize(set, request, s_world);
        var prebuilt = new CedarAuthorizer(set).Authorize(request, s_world);
        Assert.Equal(response.Decision, prebuilt.Decision);
        Assert.Equal(response.Reasons, prebuilt.Reasons);
        Assert.Equal(response.Errors, prebuilt.Errors);
        Assert.DoesNotContain(response.Errors, e => e.Message.StartsWith("internal error", StringComparison.Ordinal));
        return response;
    }
}
