using Tyr.Policy;
using YamlDotNet.RepresentationModel;

namespace Tyr.Agents;

/// <summary>Turns one loaded YAML stream into catalogue entries, collecting every error with its position.</summary>
internal sealed class CatalogReader(string file)
{
    private static readonly string[] s_rootKeys = ["version", "agents"];
    private static readonly string[] s_entryKeys = ["type", "executables", "names", "scripts", "modules", "env", "kernel_taggable"];
    private static readonly string[] s_scriptKeys = ["interpreters", "paths"];

    private readonly List<CatalogError> _errors = [];

    public IReadOnlyList<CatalogError> Errors => _errors;

    public List<AgentSignature> Read(YamlStream stream)
    {
        var entries = new List<AgentSignature>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            _errors.Add(new CatalogError(file, 1, 1, "the catalogue must be a mapping with `version: 1` and `agents`"));
            return entries;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "only one YAML document is allowed in a signature catalogue");
        }

        CheckKeys(root, s_rootKeys);
        var version = Find(root, "version");
        if (version is null)
        {
            Error(root, "missing `version`: add `version: 1`");
        }
        else if (version is not YamlScalarNode { Value: "1" })
        {
            Error(version, "unsupported catalogue `version`: this tyrd reads version 1");
        }

        var agents = Find(root, "agents");
        if (agents is not YamlSequenceNode list)
        {
            Error(agents ?? root, "`agents` must be a list of agent signatures");
            return entries;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            var entry = Entry(item, seen);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private AgentSignature? Entry(YamlNode node, Dictionary<string, int> seen)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "an agent signature must be a mapping with `type` and at least one of `executables`, `names`, `scripts`, `modules`, `env`");
            return null;
        }

        var before = _errors.Count;
        CheckKeys(map, s_entryKeys);
        string? type = null;
        var typeNode = Find(map, "type");
        if (typeNode is null)
        {
            Error(map, "missing `type`: one of " + string.Join(", ", AgentTypes.Names));
        }
        else if (typeNode is not YamlScalarNode { Value: { } value } || !AgentTypes.TryGetScope(value, out _))
        {
            Error(typeNode, AgentTypes.UnknownMessage((typeNode as YamlScalarNode)?.Value ?? string.Empty));
        }
        else if (seen.TryGetValue(value, out var firstLine))
        {
            Error(typeNode, $"duplicate agent type `{value}` (first at line {firstLine}): merge the two entries");
        }
        else
        {
            type = value;
            seen[value] = (int)map.Start.Line;
        }

        var executables = Strings(map, "executables").Select(s => Glob(s.Node, s.Value)).OfType<PathGlob>().ToList();
        var names = Strings(map, "names").Select(s => Name(s.Node, s.Value)).OfType<NamePattern>().ToList();
        var modules = Strings(map, "modules").Select(s => Module(s.Node, s.Value)).OfType<string>().ToList();
        var env = Strings(map, "env").Select(s => Env(s.Node, s.Value)).OfType<EnvMarker>().ToList();
        var scripts = Scripts(map);
        var taggable = false;
        var taggableNode = Find(map, "kernel_taggable");
        if (taggableNode is YamlScalarNode { Value: "true" or "false" } flag)
        {
            taggable = flag.Value == "true";
            if (taggable && executables.Count == 0 && names.Count == 0)
            {
                Error(flag, "`kernel_taggable: true` needs `executables` or `names`: the kernel sees only the executable at exec");
            }
        }
        else if (taggableNode is not null)
        {
            Error(taggableNode, "`kernel_taggable` must be true or false");
        }

        if (executables.Count + names.Count + scripts.Count + modules.Count + env.Count == 0 && _errors.Count == before)
        {
            Error(map, "the signature matches nothing: give at least one of `executables`, `names`, `scripts`, `modules`, `env`");
        }

        return _errors.Count == before && type is not null
            ? new AgentSignature(type, executables, names, scripts, modules, env, taggable, (int)map.Start.Line)
            : null;
    }

    private List<ScriptSignature> Scripts(YamlMappingNode map)
    {
        var result = new List<ScriptSignature>();
        var node = Find(map, "scripts");
        if (node is null)
        {
            return result;
        }

        if (node is not YamlSequenceNode list)
        {
            Error(node, "`scripts` must be a list of {interpreters: [...], paths: [...]}");
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode script)
            {
                Error(item, "a script signature must be a mapping with `interpreters` and `paths`");
                continue;
            }

            CheckKeys(script, s_scriptKeys);
            var interpreters = Strings(script, "interpreters").Select(s => Name(s.Node, s.Value)).OfType<NamePattern>().ToList();
            var paths = Strings(script, "paths").Select(s => Glob(s.Node, s.Value)).OfType<PathGlob>().ToList();
            if (interpreters.Count == 0)
            {
                Error(script, "a script signature needs `interpreters` (base names such as node, python3*)");
            }

            if (paths.Count == 0)
            {
                Error(script, "a script signature needs `paths` (absolute patterns of the script)");
            }

            if (interpreters.Count > 0 && paths.Count > 0)
            {
                result.Add(new ScriptSignature(interpreters, paths));
            }
        }

        return result;
    }

    private PathGlob? Glob(YamlNode node, string text)
    {
        var (glob, error) = PathGlob.TryParse(text);
        if (error is not null)
        {
            Error(node, error);
        }

        return glob;
    }

    private NamePattern? Name(YamlNode node, string text)
    {
        if (text.Length == 0 || text.Contains('/', StringComparison.Ordinal))
        {
            Error(node, $"`{text}` is not a base name: give the file name without directories (wildcards * and ? allowed)");
            return null;
        }

        return new NamePattern(text);
    }

    private string? Module(YamlNode node, string text)
    {
        var valid = text.Length > 0 && text.Split('.').All(part =>
            part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_') && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
        if (!valid)
        {
            Error(node, $"`{text}` is not a Python module name (e.g. aider or autogenstudio.cli)");
            return null;
        }

        return text;
    }

    private EnvMarker? Env(YamlNode node, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? text : text[..equals];
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            Error(node, $"`{text}` is not an environment marker: write NAME (set, any value) or NAME=VALUE");
            return null;
        }

        return new EnvMarker(name, equals < 0 ? null : text[(equals + 1)..]);
    }

    private List<(YamlNode Node, string Value)> Strings(YamlMappingNode map, string key)
    {
        var node = Find(map, key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            Error(node, $"`{key}` must be a list of strings");
            return [];
        }

        var result = new List<(YamlNode Node, string Value)>();
        foreach (var item in list.Children)
        {
            if (item is YamlScalarNode { Value: { } value })
            {
                result.Add((item, value));
            }
            else
            {
                Error(item, $"each item of `{key}` must be a string");
            }
        }

        return result;
    }

    private void CheckKeys(YamlMappingNode map, string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Error(key, KeySuggestion.UnknownKeyMessage(name, known));
            }
        }
    }

    private static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private void Error(YamlNode node, string message) =>
        _errors.Add(new CatalogError(file, (int)node.Start.Line, (int)node.Start.Column, message));
}
