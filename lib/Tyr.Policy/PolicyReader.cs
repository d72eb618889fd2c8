using System.Text.RegularExpressions;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Policy;

/// <summary>Turns one loaded YAML stream into a <see cref="PolicyDocument"/>, collecting every error on the way.</summary>
internal sealed partial class PolicyReader(string source, string file)
{
    private static readonly string[] s_documentKeys = ["name", "description", "rules"];
    private static readonly string[] s_ruleKeys = ["id", "effect", "operation", "paths", "binaries", "cidrs", "ports", "sni", "when", "severity"];
    private static readonly string[] s_effects = ["deny", "allow", "alert"];
    private static readonly string[] s_operations = ["file_read", "file_write", "exec", "connect", "tls"];
    private static readonly string[] s_severities = ["info", "low", "medium", "high", "critical"];

    private readonly List<PolicyYamlError> _errors = [];

    public IReadOnlyList<PolicyYamlError> Errors => _errors;

    public PolicyDocument? Read(YamlStream stream)
    {
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            _errors.Add(new PolicyYamlError(file, 1, 1, "the policy is empty: expected a mapping with `name` and `rules`"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "only one YAML document is allowed in a policy file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, "the policy must be a mapping with `name` and `rules`");
            return null;
        }

        CheckKeys(root, s_documentKeys);
        var name = Name(root, "name", "name");
        var description = OptionalString(root, "description");
        var rules = new List<PolicyRule>();
        var rulesNode = Required(root, "rules");
        if (rulesNode is YamlSequenceNode sequence)
        {
            var ids = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var item in sequence.Children)
            {
                var rule = Rule(item, ids);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }
        }
        else if (rulesNode is not null)
        {
            Error(rulesNode, "`rules` must be a list of rules (use `[]` for none)");
        }

        return _errors.Count == 0 ? new PolicyDocument(name!, description, rules, file) : null;
    }

    private PolicyRule? Rule(YamlNode node, Dictionary<string, YamlNode> ids)
    {
        if (node is not YamlMappingNode rule)
        {
            Error(node, "a rule must be a mapping with `id`, `effect` and `operation`");
            return null;
        }

        var errorsBefore = _errors.Count;
        CheckKeys(rule, s_ruleKeys);
        var id = Name(rule, "id", "rule id");
        if (id is not null)
        {
            var idNode = Find(rule, "id").Value!;
            if (ids.TryGetValue(id, out var first))
            {
                Error(idNode, $"duplicate rule id `{id}` (first used at line {first.Start.Line})");
            }
            else
            {
                ids.Add(id, idNode);
            }
        }

        var effect = Enum(rule, "effect", s_effects);
        var operation = Enum(rule, "operation", s_operations);
        var paths = List(rule, "paths", static text => (MatchValues.Path(text, out var error), error));
        var binaries = List(rule, "binaries", static text => (MatchValues.Binary(text, out var error), error));
        var cidrs = List(rule, "cidrs", static text => (MatchValues.Cidr(text, out var error) ?? default, error));
        var ports = List(rule, "ports", static text => (MatchValues.Port(text, out var error) ?? default, error));
        var sni = List(rule, "sni", static text => (MatchValues.Sni(text, out var error), error));
        var (when, condition) = Condition(rule);
        var severity = Enum(rule, "severity", s_severities, required: false);
        if (operation is { } op)
        {
            CheckMatchKeys(rule, (PolicyOperation)op);
        }

        if (_errors.Count > errorsBefore)
        {
            return null;
        }

        var ruleEffect = (PolicyEffect)effect!.Value;
        return new PolicyRule(
            id!,
            ruleEffect,
            (PolicyOperation)operation!.Value,
            paths,
            binaries,
            cidrs,
            ports,
            sni,
            when,
            condition,
            severity is { } level ? (PolicySeverity)level : ruleEffect == PolicyEffect.Allow ? PolicySeverity.Info : PolicySeverity.Medium,
            new SourcePosition(file, (int)rule.Start.Line, (int)rule.Start.Column));
    }

    private void CheckMatchKeys(YamlMappingNode rule, PolicyOperation operation)
    {
        var (allowed, suggestion) = operation switch
        {
            PolicyOperation.FileRead or PolicyOperation.FileWrite => (new[] { "paths" }, "`paths`"),
            PolicyOperation.Exec => (["paths", "binaries"], "`paths` or `binaries`"),
            PolicyOperation.Connect => (["cidrs", "ports"], "`cidrs` or `ports`"),
            _ => (["sni"], "`sni`"),
        };
        var operationName = s_operations[(int)operation];
        var hasMatch = false;
        foreach (var (keyNode, _) in rule.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || key is not ("paths" or "binaries" or "cidrs" or "ports" or "sni"))
            {
                continue;
            }

            if (Array.IndexOf(allowed, key) < 0)
            {
                Error(keyNode, $"`{key}` does not apply to {operationName}; use {suggestion}");
            }
            else
            {
                hasMatch = true;
            }
        }

        if (!hasMatch)
        {
            Error(rule, $"a {operationName} rule needs {suggestion}");
        }
    }

    private (string? Text, Expr? Condition) Condition(YamlMappingNode rule)
    {
        var node = Find(rule, "when").Value;
        if (node is null)
        {
            return (null, null);
        }

        if (node is not YamlScalarNode scalar || IsNull(node) || string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, "`when` must be a Cedar condition (a string)");
            return (null, null);
        }

        try
        {
            return (scalar.Value, CedarText.ParseExpression(scalar.Value!));
        }
        catch (CedarParseException e)
        {
            var (line, column) = ScalarLocator.Locate(source, scalar, e.Line, e.Column);
            _errors.Add(new PolicyYamlError(file, line, column, $"`when`: {e.Detail}"));
            return (null, null);
        }
    }

    /// <summary>Reads a list of match values; an item is refused when the reader returns an error.</summary>
    private List<T> List<T>(YamlMappingNode mapping, string key, Func<string, (T? Value, string? Error)> read)
    {
        var node = Find(mapping, key).Value;
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"`{key}` must be a list");
            return [];
        }

        if (sequence.Children.Count == 0)
        {
            Error(node, $"`{key}` must not be empty");
            return [];
        }

        var items = new List<T>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } text } || IsNull(item))
            {
                Error(item, $"each item of `{key}` must be a single value");
                continue;
            }

            var (value, error) = read(text);
            if (error is not null || value is null)
            {
                Error(item, error ?? $"invalid item in `{key}`");
            }
            else
            {
                items.Add(value);
            }
        }

        return items;
    }

    private int? Enum(YamlMappingNode mapping, string key, string[] allowed, bool required = true)
    {
        var node = required ? Required(mapping, key) : Find(mapping, key).Value;
        var text = node is null ? null : Scalar(node, key);
        if (text is null)
        {
            return null;
        }

        var index = Array.IndexOf(allowed, text);
        if (index < 0)
        {
            Error(node!, $"`{key}` must be one of {string.Join(", ", allowed)}; got `{text}`");
            return null;
        }

        return index;
    }

    private string? Name(YamlMappingNode mapping, string key, string what)
    {
        var node = Required(mapping, key);
        var text = node is null ? null : Scalar(node, key);
        if (text is null)
        {
            return null;
        }

        if (!NamePattern().IsMatch(text))
        {
            Error(node!, $"invalid {what} `{text}`: use 1 to 63 characters from a-z, 0-9, `.`, `_`, `-`, starting with a letter or digit");
            return null;
        }

        return text;
    }

    private string? OptionalString(YamlMappingNode mapping, string key)
    {
        var node = Find(mapping, key).Value;
        return node is null || IsNull(node) ? null : Scalar(node, key);
    }

    private string? Scalar(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: { } text } && !IsNull(node))
        {
            return text;
        }

        Error(node, node is YamlScalarNode ? $"`{key}` must not be empty" : $"`{key}` must be a single value, not a {Describe(node)}");
        return null;
    }

    private YamlNode? Required(YamlMappingNode mapping, string key)
    {
        var (_, value) = Find(mapping, key);
        if (value is null)
        {
            Error(mapping, $"missing required key `{key}`");
        }

        return value;
    }

    private void CheckKeys(YamlMappingNode mapping, string[] known)
    {
        foreach (var (keyNode, _) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                Error(keyNode, "keys must be plain names");
                continue;
            }

            if (Array.IndexOf(known, name) >= 0)
            {
                continue;
            }

            Error(keyNode, KeySuggestion.UnknownKeyMessage(name, known));
        }
    }

    private static (YamlNode? Key, YamlNode? Value) Find(YamlMappingNode mapping, string key)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: var name } && name == key)
            {
                return (keyNode, value);
            }
        }

        return (null, null);
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "value",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private void Error(YamlNode node, string message) =>
        _errors.Add(new PolicyYamlError(file, (int)node.Start.Line, (int)node.Start.Column, message));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
