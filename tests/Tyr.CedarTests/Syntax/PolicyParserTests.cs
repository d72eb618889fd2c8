using Tyr.Cedar.Ast;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Syntax;

/// <summary>Policies: effect, scope, conditions, annotations, ids and source text.</summary>
public sealed class PolicyParserTests
{
    private static Policy Single(string text) => Assert.Single(CedarText.ParsePolicies(text).Policies);

    [Fact]
    public void An_unconstrained_policy_has_any_entity_in_its_scope()
    {
        var policy = Single("permit(principal, action, resource);");
        Assert.Equal(Effect.Permit, policy.Effect);
        Assert.Equal(ScopeKind.Any, policy.Principal.Kind);
        Assert.Equal(ScopeKind.Any, policy.Action.Kind);
        Assert.Equal(ScopeKind.Any, policy.Resource.Kind);
        Assert.Empty(policy.Conditions);
        Assert.Empty(policy.Annotations);
    }

    [Fact]
    public void Forbid_is_the_other_effect()
    {
        Assert.Equal(Effect.Forbid, Single("forbid(principal, action, resource);").Effect);
    }

    [Fact]
    public void Equality_constraints_hold_one_entity()
    {
        var policy = Single(
            "permit(principal == User::\"alice\", action == Action::\"view\", resource == Photos::Photo::\"a b\");");
        AssertScope(policy.Principal, ScopeKind.Equal, null, false, new EntityUid("User", "alice"));
        AssertScope(policy.Action, ScopeKind.Equal, null, false, new EntityUid("Action", "view"));
        AssertScope(policy.Resource, ScopeKind.Equal, null, false, new EntityUid("Photos::Photo", "a b"));
    }

    [Fact]
    public void In_constraints_hold_one_entity_or_for_the_action_a_list()
    {
        var policy = Single(
            "permit(principal in Group::\"g\", action in [Action::\"a\", Action::\"b\"], resource in Folder::\"f\");");
        AssertScope(policy.Principal, ScopeKind.In, null, false, new EntityUid("Group", "g"));
        AssertScope(policy.Action, ScopeKind.In, null, true, new EntityUid("Action", "a"), new EntityUid("Action", "b"));
        AssertScope(policy.Resource, ScopeKind.In, null, false, new EntityUid("Folder", "f"));
    }

    [Theory]
    [InlineData("action in Action::\"a\"", false, 1)]
    [InlineData("action in [Action::\"a\"]", true, 1)]
    [InlineData("action in []", true, 0)]
    [InlineData("action in [Action::\"a\",]", true, 1)]
    [InlineData("action in ([Action::\"a\", Action::\"b\"])", true, 2)]
    [InlineData("action in (Action::\"a\")", false, 1)]
    [InlineData("action in [(Action::\"a\")]", true, 1)]
    public void The_action_may_be_in_an_entity_or_a_list(string constraint, bool isList, int count)
    {
        var action = Single($"permit(principal, {constraint}, resource);").Action;
        Assert.Equal(ScopeKind.In, action.Kind);
        Assert.Equal(isList, action.IsList);
        Assert.Equal(count, action.Entities.Count);
    }

    [Fact]
    public void Actions_in_the_scope_have_the_type_action_in_any_namespace()
    {
        var policy = Single(
            "permit(principal == Action::\"p\", action in [Action::\"a\", Tyr::Action::\"b\", A::Action::Action::\"c\"], resource);");
        AssertScope(
            policy.Action,
            ScopeKind.In,
            null,
            true,
            new EntityUid("Action", "a"),
            new EntityUid("Tyr::Action", "b"),
            new EntityUid("A::Action::Action", "c"));
        AssertScope(policy.Principal, ScopeKind.Equal, null, false, new EntityUid("Action", "p"));
    }

    [Fact]
    public void Is_constraints_name_a_type_and_optionally_an_ancestor()
    {
        var policy = Single("permit(principal is User, action, resource is Photos::Photo in Album::\"a\");");
        AssertScope(policy.Principal, ScopeKind.Is, "User", false);
        AssertScope(policy.Resource, ScopeKind.IsIn, "Photos::Photo", false, new EntityUid("Album", "a"));
    }

    [Fact]
    public void A_trailing_comma_after_the_resource_is_allowed()
    {
        var policy = Single("permit(principal in (User::\"a\"), action, resource,);");
        AssertScope(policy.Principal, ScopeKind.In, null, false, new EntityUid("User", "a"));
    }

    [Fact]
    public void Conditions_keep_their_kind_and_order()
    {
        var policy = Single(
            "permit(principal, action, resource) when { true } unless { context.a } when { 1 == 1 };");
        Assert.Collection(
            policy.Conditions,
            c => Assert.Equal((true, "true"), (c.IsWhen, AstText.Of(c.Body))),
            c => Assert.Equal((false, "(. context a)"), (c.IsWhen, AstText.Of(c.Body))),
            c => Assert.Equal((true, "(== 1 1)"), (c.IsWhen, AstText.Of(c.Body))));
    }

    [Fact]
    public void Annotations_keep_their_order_and_unescape_their_values()
    {
        var policy = Single("@id(\"p1\") @advice(\"say \\\"no\\\"\\n\") @flag permit(principal, action, resource);");
        Assert.Equal(
            [new Annotation("id", "p1"), new Annotation("advice", "say \"no\"\n"), new Annotation("flag", "")],
            policy.Annotations);
        Assert.Equal("say \"no\"\n", policy.Annotation("advice"));
        Assert.Equal("", policy.Annotation("flag"));
        Assert.Null(policy.Annotation("missing"));
    }

    [Fact]
    public void Annotation_keys_may_be_any_identifier_even_reserved_words()
    {
        var policy = Single("@if(\"a\") @true @principal(\"b\") @__cedar(\"c\") @ when (\"d\") permit(principal, action, resource);");
        Assert.Equal(["if", "true", "principal", "__cedar", "when"], policy.Annotations.Select(a => a.Key));
    }

    [Fact]
    public void Ids_come_from_the_id_annotation_or_the_position_among_all_policies()
    {
        var set = CedarText.ParsePolicies("""
            permit(principal, action, resource);
            @id("named") forbid(principal, action, resource);
            permit(principal, action, resource);
            """);
        Assert.Equal(["policy0", "named", "policy2"], set.Policies.Select(p => p.Id));
        Assert.Same(set.Policies[1], set["named"]);
        Assert.Same(set.Policies[2], set["policy2"]);
        Assert.Null(set["policy1"]);
    }

    [Fact]
    public void An_id_annotation_without_value_gives_the_empty_id()
    {
        Assert.Equal("", Single("@id permit(principal, action, resource);").Id);
    }

    [Fact]
    public void Policy_text_is_the_exact_source_from_the_first_annotation_to_the_semicolon()
    {
        const string Text = "// leading comment\n@id(\"a\")\n@note(\"x\")   permit (\n  principal,\n  action,\n  resource\n) when { true }  ;  // trailing\n\nforbid(principal, action, resource);";
        var set = CedarText.ParsePolicies(Text);
        Assert.Equal(
            "@id(\"a\")\n@note(\"x\")   permit (\n  principal,\n  action,\n  resource\n) when { true }  ;",
            set.Policies[0].Text);
        Assert.Equal("forbid(principal, action, resource);", set.Policies[1].Text);
        Assert.Equal(new SourceSpan(19, 83, 2, 1), set.Policies[0].Span);
        Assert.Equal(new SourceSpan(117, 36, 9, 1), set.Policies[1].Span);
        foreach (var policy in set.Policies)
        {
            Assert.Equal(policy.Text, Text.Substring(policy.Span.Offset, policy.Span.Length));
        }
    }

    [Fact]
    public void Condition_spans_point_into_the_whole_policy_set_text()
    {
        const string Text = "permit(principal, action, resource);\npermit(principal, action, resource)\n  when { context.x };";
        var body = CedarText.ParsePolicies(Text).Policies[1].Conditions[0].Body;
        Assert.Equal(new SourceSpan(82, 9, 3, 10), body.Span);
        Assert.Equal("context.x", Text.Substring(body.Span.Offset, body.Span.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("// only a comment")]
    public void Empty_text_is_an_empty_policy_set(string text)
    {
        Assert.Empty(CedarText.ParsePolicies(text).Policies);
    }

    [Fact]
    public void Policy_set_parse_is_the_same_as_the_text_entry_point()
    {
        var set = PolicySet.Parse("permit(principal, action, resource) when { principal has a.b };");
        Assert.Equal("(&& (has principal a) (has (. principal a) b))", AstText.Of(set.Policies[0].Conditions[0].Body));
    }

    [Fact]
    public void Many_policies_parse_in_order()
    {
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i =>
            $"@id(\"p{i}\") permit(principal == User::\"u{i}\", action, resource) when {{ context.n == {i} }};\n"));
        var set = CedarText.ParsePolicies(text);
        Assert.Equal(2000, set.Policies.Count);
        Assert.Equal("p1234", set.Policies[1234].Id);
        Assert.Equal(new EntityUid("User", "u1234"), set.Policies[1234].Principal.Entities[0]);
        Assert.Equal(1235, set.Policies[1234].Span.Line);
    }

    private static void AssertScope(
        ScopeConstraint scope, ScopeKind kind, string? entityType, bool isList, params EntityUid[] entities)
    {
        Assert.Equal(kind, scope.Kind);
        Assert.Equal(entityType, scope.EntityType);
        Assert.Equal(isList, scope.IsList);
        Assert.Equal(entities, scope.Entities);
    }
}
