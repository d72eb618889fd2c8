using System.Globalization;
using System.Net;
using Tyr.Policy;
using Tyr.Server.Hosting;
using Tyr.Server.Pki;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Server.Config;

/// <summary>
/// Reads tyr-server.yaml through YamlDotNet's representation model (no reflection, NativeAOT-safe),
/// which keeps every node's line and column: each error reads <c>file:line:column: key: what is
/// wrong</c>, like tyrd's. Unknown keys are errors, so a misspelt key never silently means a default.
/// </summary>
internal static class ServerConfigLoader
{
    private static readonly string[] s_keys = ["data_dir", "grpc_listen", "http_listen", "san", "heartbeat_interval_s"];

    /// <summary>
    /// The file named by <c>--config</c> (which must exist), else <see cref="ServerConfig.DefaultPath"/>
    /// when it exists, else nothing: the command-line defaults.
    /// </summary>
    public static ServerConfig Resolve(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return Load(explicitPath);
        }

        return File.Exists(ServerConfig.DefaultPath) ? Load(ServerConfig.DefaultPath) : new ServerConfig();
    }

    public static ServerConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerConfigException($"{path}: cannot read: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static ServerConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ServerConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }

        // A file whose every line is a comment (as the packaged one is) means every default.
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return new ServerConfig { SourcePath = path };
        }

        if (stream.Documents.Count > 1)
        {
            throw Error(path, stream.Documents[1].RootNode, "only one YAML document is allowed");
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw Error(path, stream.Documents[0].RootNode, "the top level must be a mapping of keys to values");
        // YamlDotNet itself refuses a key given twice ("Duplicate key"), with its place.
        RejectUnknownKeys(path, root);
        return new ServerConfig
        {
            SourcePath = path,
            DataDirectory = DataDirectory(path, root),
            GrpcListen = Listen(path, root, "grpc_listen"),
            HttpListen = Listen(path, root, "http_listen"),
            SubjectAlternativeNames = Names(path, root),
            HeartbeatIntervalSeconds = Heartbeat(path, root),
        };
    }

    private static void RejectUnknownKeys(string path, YamlMappingNode root)
    {
        foreach (var (keyNode, _) in root.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value;
            if (name is null || !s_keys.Contains(name, StringComparer.Ordinal))
            {
                var hint = name is not null && KeySuggestion.Closest(name, s_keys) is { } meant
                    ? $"did you mean '{meant}'?"
                    : $"known keys: {string.Join(", ", s_keys)}";
                throw Error(path, keyNode, $"unknown key '{name ?? keyNode.ToString()}' ({hint})");
            }
        }
    }

    private static string? DataDirectory(string path, YamlMappingNode root)
    {
        var value = Scalar(path, root, "data_dir", "an absolute path");
        if (value is null)
        {
            return null;
        }

        var text = value.Value ?? string.Empty;
        return text.StartsWith('/') && !text.Contains('\0', StringComparison.Ordinal)
            ? text
            : throw Error(path, value, $"data_dir: expected an absolute path, got '{text}'");
    }

    private static IPEndPoint? Listen(string path, YamlMappingNode root, string key)
    {
        var value = Scalar(path, root, key, "IP:PORT");
        if (value is null)
        {
            return null;
        }

        return ListenAddress.TryParse(value.Value ?? string.Empty, out var endPoint, out var error)
            ? endPoint
            : throw Error(path, value, $"{key}: {error}");
    }

    private static string[]? Names(string path, YamlMappingNode root)
    {
        var node = Find(root, "san");
        if (node is null || IsNull(node))
        {
            return null;
        }

        // One name may be written without the list brackets.
        if (node is YamlScalarNode single)
        {
            return ValidNames(path, node, [single.Value ?? string.Empty]);
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(path, node, "san: expected a list of DNS names or IP addresses");
        }

        var names = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode scalar || IsNull(scalar))
            {
                throw Error(path, item, "san: expected a DNS name or an IP address");
            }

            if (!ServerNames.TryParse([scalar.Value!], out _, out var error))
            {
                throw Error(path, item, $"san: {error}");
            }

            names.Add(scalar.Value!);
        }

        return ValidNames(path, node, [.. names]);
    }

    private static string[] ValidNames(string path, YamlNode node, string[] names) =>
        ServerNames.TryParse(names, out _, out var error) ? names : throw Error(path, node, $"san: {error}");

    private static uint? Heartbeat(string path, YamlMappingNode root)
    {
        var value = Scalar(path, root, "heartbeat_interval_s", "a whole number of seconds");
        if (value is null)
        {
            return null;
        }

        if (value.Style is (ScalarStyle.Plain or ScalarStyle.Any) &&
            uint.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600)
        {
            return seconds;
        }

        throw Error(path, value, $"heartbeat_interval_s: '{value.Value}' is not a whole number of seconds from 1 to 3600");
    }

    private static YamlScalarNode? Scalar(string path, YamlMappingNode mapping, string key, string expected)
    {
        var node = Find(mapping, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        return node as YamlScalarNode ?? throw Error(path, node, $"{key}: expected {expected}");
    }

    private static YamlNode? Find(YamlMappingNode mapping, string key)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: var name } && name == key)
            {
                return valueNode;
            }
        }

        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static ServerConfigException Error(string path, YamlNode node, string message) =>
        new($"{path}:{node.Start.Line}:{node.Start.Column}: {message}");
}
