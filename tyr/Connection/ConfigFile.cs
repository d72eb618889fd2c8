using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Cli.Connection;

/// <summary>
/// The config file (<c>$TYR_CONFIG</c>, else <c>~/.config/tyr/config.yaml</c>): a YAML mapping with
/// the keys <c>server</c>, <c>token</c> and <c>ca</c>, all optional. Read through YamlDotNet's
/// representation model (no reflection: NativeAOT-safe), which keeps positions, so every error
/// names <c>file:line:column</c>. Unknown keys are errors: a misspelt <c>sever:</c> must not fall
/// back silently to another server.
/// </summary>
internal sealed class ConfigFile
{
    private static readonly string[] s_keys = ["server", "token", "ca"];

    private ConfigFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public SourcedValue? Server { get; private set; }

    public SourcedValue? Token { get; private set; }

    /// <summary>The CA file; a relative path is relative to the config file's directory (like kubeconfig).</summary>
    public SourcedValue? Ca { get; private set; }

    /// <summary>The file that applies, and whether it must exist (it must when named by $TYR_CONFIG).</summary>
    public static (string Path, bool Required) Locate()
    {
        var named = Environment.GetEnvironmentVariable("TYR_CONFIG");
        if (!string.IsNullOrEmpty(named))
        {
            return (named, true);
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return (System.IO.Path.Combine(home, ".config", "tyr", "config.yaml"), false);
    }

    /// <summary>Reads the file; null when it is absent and not <paramref name="required"/>.</summary>
    public static ConfigFile? Load(string path, bool required)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return required ? throw new UsageException($"{path}: no such config file (named by TYR_CONFIG)") : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot read the config file: {e.Message}");
        }

        return Parse(text, path);
    }

    public static ConfigFile Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
        }

        var config = new ConfigFile(path);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return config;
        }

        if (stream.Documents.Count > 1)
        {
            throw Error(path, stream.Documents[1].RootNode, "only one YAML document is allowed");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(path, stream.Documents[0].RootNode, "expected a mapping such as 'server: https://tyr.example.com:7701'");
        }

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is null || !s_keys.Contains(key, StringComparer.Ordinal))
            {
                throw Error(path, keyNode, $"unknown key '{key ?? keyNode.ToString()}' (known keys: {string.Join(", ", s_keys)})");
            }

            if (valueNode is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                throw Error(path, valueNode, $"{key}: expected a string value");
            }

            var sourced = new SourcedValue(value, $"{path}:{valueNode.Start.Line}:{valueNode.Start.Column}");
            switch (key)
            {
                case "server":
                    config.Server = sourced;
                    break;
                case "token":
                    config.Token = sourced;
                    break;
                default:
                    config.Ca = sourced with { Value = RelativeTo(path, value) };
                    break;
            }
        }

        return config;
    }

    private static string RelativeTo(string configPath, string value)
    {
        if (value.StartsWith("~/", StringComparison.Ordinal) && Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home)
        {
            return System.IO.Path.Combine(home, value[2..]);
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(configPath))!;
        return System.IO.Path.Combine(directory, value);
    }

    private static UsageException Error(string path, YamlNode node, string message) =>
        new($"{path}:{node.Start.Line}:{node.Start.Column}: {message}");
}
