using Tyr.Cedar.Ast;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Syntax;

/// <summary>Policies: annotations, effect, scope, conditions.</summary>
internal sealed partial class Parser
{
    private const string ScopeOrderHelp = "a policy scope has `principal`, `action` and `resource`, in that order";

    private PolicySet PolicySetToEnd()
    {
        var policies = new List<Policy>();
        var byId = new Dictionary<string, Policy>(StringComparer.Ordinal);
        while (Current.Kind != TokenKind.End)
        {
            var first = Current;
            var policy = ParsePolicy(policies.Count);
            if (!byId.TryAdd(policy.Id, policy))
            {
                var earlier = byId[policy.Id].Span;
                throw Error(
                    $"duplicate policy id `{policy.Id}`: the policy at line {earlier.Line}, column {earlier.Column} has it too",
                    first);
            }

            policies.Add(policy);
        }

        return new PolicySet(policies);
    }

    private Policy ParsePolicy(int index)
    {
        var first = Current;
        var annotations = ParseAnnotations();
        var effect = ParseEffect();
        Expect(TokenKind.LeftParen, "`(` after the effect");
        var principal = ParseScopeElement(Keyword.Principal);
        var action = ParseScopeElement(Keyword.Action);
        var resource = ParseScopeElement(Keyword.Resource);
        ParseScopeEnd();

        var conditions = new List<Condition>();
        while (Current.IsIdentifier && Peek(1).Kind == TokenKind.LeftBrace)
        {
            conditions.Add(ParseCondition());
        }

        var semicolon = Expect(TokenKind.Semicolon, "`;` after the policy");
        var span = SpanFrom(first, semicolon.End);
        var id = IdOf(annotations) ?? $"policy{index}";
        return new Policy(
            id, effect, annotations, principal, action, resource, conditions, span, _text.Substring(span.Offset, span.Length));
    }

    private static string? IdOf(List<Annotation> annotations)
    {
        foreach (var annotation in annotations)
        {
            if (annotation.Key == "id")
            {
                return annotation.Value;
            }
        }

        return null;
    }

    /// <summary><c>@key("value")</c> or <c>@key</c> (value ""), any number; keys may be any identifier, even reserved ones.</summary>
    private List<Annotation> ParseAnnotations()
    {
        var annotations = new List<Annotation>();
        HashSet<string>? keys = null;
        while (Current.Kind == TokenKind.At)
        {
            var at = Advance();
            if (!Current.IsIdentifier)
            {
                throw Error($"expected an annotation name after `@`, found {Describe(Current)}", Current);
            }

            var key = TextOf(Advance());
            var value = "";
            if (Current.Kind == TokenKind.LeftParen)
            {
                Advance();
                var literal = Expect(TokenKind.String, "a string literal as the annotation's value");
                value = StringLiteral.Unescape(_text, literal);
                Expect(TokenKind.RightParen, "`)` after the annotation's value");
            }

            keys ??= new HashSet<string>(StringComparer.Ordinal);
            if (!keys.Add(key))
            {
                throw Error($"duplicate annotation: @{key}", at);
            }

            annotations.Add(new Annotation(key, value));
        }

        return annotations;
    }

    private Effect ParseEffect()
    {
        var token = Current;
        if (token.Is(Keyword.Permit) || token.Is(Keyword.Forbid))
        {
            Advance();
            return token.Keyword == Keyword.Permit ? Effect.Permit : Effect.Forbid;
        }

        if (token.IsIdentifier)
        {
            throw Error($"invalid policy effect: {TextOf(token)}; the effect must be `permit` or `forbid`", token);
        }

        throw Error($"expected `permit` or `forbid`, found {Describe(token)}", token);
    }

    private Condition ParseCondition()
    {
        var keyword = Advance();
        var name = TextOf(keyword);
        if (!keyword.Is(Keyword.When) && !keyword.Is(Keyword.Unless))
        {
            throw Error($"invalid policy condition: {name}; a condition must be `when` or `unless`", keyword);
        }

        Advance();
        if (Current.Kind == TokenKind.RightBrace)
        {
            throw Error($"`{name}` condition clause cannot be empty", keyword);
        }

        var body = ParseExpr();
        Expect(TokenKind.RightBrace, $"`}}` to close the `{name}` clause");
        return new Condition(keyword.Is(Keyword.When), body);
    }

    /// <summary>
    /// One of <c>principal</c>, <c>action</c>, <c>resource</c>, with its constraint:
    /// <c>== E</c>, <c>in E</c>, <c>is T</c>, <c>is T in E</c>, and for the action <c>in [E, ...]</c>.
    /// </summary>
    private ScopeConstraint ParseScopeElement(Keyword variable)
    {
        var name = VariableName(variable);
        if (variable != Keyword.Principal)
        {
            if (Current.Kind == TokenKind.RightParen)
            {
                throw Error($"this policy is missing the `{name}` variable in the scope; {ScopeOrderHelp}", Current);
            }

            Expect(TokenKind.Comma, $"`,` before `{name}`");
        }

        var token = Current;
        if (token.Kind == TokenKind.RightParen)
        {
            throw Error($"this policy is missing the `{name}` variable in the scope; {ScopeOrderHelp}", token);
        }

        if (!token.Is(variable))
        {
            if (token.Is(Keyword.Principal) || token.Is(Keyword.Action) || token.Is(Keyword.Resource))
            {
                throw Error(
                    $"found the variable `{TextOf(token)}` where the variable `{name}` must be used; {ScopeOrderHelp}", token);
            }

            if (token.IsIdentifier)
            {
                throw Error($"found an invalid variable in the policy scope: {TextOf(token)}; {ScopeOrderHelp}", token);
            }

            throw Error($"expected `{name}`, found {Describe(token)}", token);
        }

        Advance();
        if (Current.Kind == TokenKind.Colon)
        {
            throw Error("type constraints using `:` are not supported; use `is` instead", Current);
        }

        string? entityType = null;
        if (Current.Is(Keyword.Is))
        {
            if (variable == Keyword.Action)
            {
                throw Error("`is` cannot appear in the action scope; move `action is ...` into a `when` condition", Current);
            }

            Advance();
            entityType = ParseEntityTypeAfterIs();
        }

        var op = Current;
        switch (op.Kind)
        {
            case TokenKind.EqualEqual:
                if (entityType is not null)
                {
                    throw Error("`is` cannot be used together with `==`; use `is ... in` instead", op);
                }

                Advance();
                return new ScopeConstraint(ScopeKind.Equal, null, ParseScopeEntities(variable, allowList: false), false);

            case TokenKind.Identifier when op.Keyword == Keyword.In:
                Advance();
                var isList = variable == Keyword.Action && IsListAhead();
                var entities = ParseScopeEntities(variable, allowList: variable == Keyword.Action);
                return new ScopeConstraint(
                    entityType is null ? ScopeKind.In : ScopeKind.IsIn, entityType, entities, isList);

            case TokenKind.Assign:
                throw Error("'=' is not a valid operator in Cedar; use '==' instead", op);

            case TokenKind.NotEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual:
                throw Error(
                    $"invalid operator in the policy scope: {TextOf(op)}; a scope can only use `==`, `in`, `is`, or `is ... in`",
                    op);

            default:
                return entityType is null
                    ? ScopeConstraint.AnyEntity
                    : new ScopeConstraint(ScopeKind.Is, entityType, [], false);
        }
    }

    /// <summary>After the resource: an optional trailing comma, then <c>)</c>.</summary>
    private void ParseScopeEnd()
    {
        if (Current.Kind == TokenKind.Comma && Peek(1).IsIdentifier)
        {
            var extra = Peek(1);
            throw Error($"this policy has an extra element in the scope: {TextOf(extra)}; {ScopeOrderHelp}", extra);
        }

        if (Current.Kind == TokenKind.Comma)
        {
            Advance();
        }

        Expect(TokenKind.RightParen, "`)` to close the policy scope");
    }

    /// <summary>Whether <c>action in</c> is followed by a list, possibly in parentheses.</summary>
    private bool IsListAhead()
    {
        var i = _position;
        while (TokenAt(i).Kind == TokenKind.LeftParen)
        {
            i++;
        }

        return TokenAt(i).Kind == TokenKind.LeftBracket;
    }

    /// <summary>
    /// The entity (or, where allowed, list of entities) after <c>==</c> or <c>in</c>. Parsed as an
    /// expression, as the official grammar does, and then required to be entity literals.
    /// </summary>
    private EntityUid[] ParseScopeEntities(Keyword variable, bool allowList)
    {
        var first = Current;
        if (first.Kind == TokenKind.Slot)
        {
            throw TemplatesNotSupported(first);
        }

        // A bare type name (`principal == User`) deserves a better message than "invalid variable".
        if (first.IsIdentifier && first.Keyword is not (Keyword.True or Keyword.False or Keyword.If))
        {
            var pathEnd = PathEnd(_position);
            if (TokenAt(pathEnd).Kind is not (TokenKind.DoubleColon or TokenKind.LeftParen or TokenKind.Dot or TokenKind.LeftBracket))
            {
                var hint = variable == Keyword.Action
                    ? "add an id to name an entity, such as `Action::\"view\"`"
                    : "use `is` to test for an entity type, or add an id to name an entity, such as `User::\"alice\"`";
                throw Error(
                    $"expected an entity uid, found name `{_text[first.Offset..TokenAt(pathEnd - 1).End]}`; {hint}", first);
            }
        }

        var expr = ParseExpr();
        if (AsEntityUid(expr) is { } uid)
        {
            CheckEntityType(variable, uid, expr);
            return [uid];
        }

        if (expr is SetExpr set)
        {
            if (!allowList)
            {
                throw Error("expected a single entity uid, found a set of entity uids", expr.Span);
            }

            var uids = new EntityUid[set.Elements.Count];
            for (var i = 0; i < uids.Length; i++)
            {
                var element = set.Elements[i];
                uids[i] = AsEntityUid(element) ?? throw Error($"expected an entity uid, found `{TextOf(element)}`", element.Span);
                CheckEntityType(variable, uids[i], element);
            }

            return uids;
        }

        throw Error($"expected an entity uid, found `{TextOf(expr)}`", expr.Span);
    }

    /// <summary>Actions in a scope must have the type <c>Action</c>, optionally namespaced (<c>A::Action</c>).</summary>
    private void CheckEntityType(Keyword variable, EntityUid uid, Expr at)
    {
        if (variable == Keyword.Action && !uid.IsAction)
        {
            throw Error(
                $"expected an entity uid with type `Action` but got `{TextOf(at)}`; action entities must have type `Action`, optionally in a namespace",
                at.Span);
        }
    }

    private static EntityUid? AsEntityUid(Expr expr) =>
        expr is LiteralExpr { Value.Kind: ValueKind.Entity } literal ? literal.Value.AsEntity : null;

    private static string VariableName(Keyword variable) => variable switch
    {
        Keyword.Principal => "principal",
        Keyword.Action => "action",
        _ => "resource",
    };

    private CedarParseException TemplatesNotSupported(Token slot) =>
        Error($"templates are not supported: found the template slot `{TextOf(slot)}`", slot);
}
