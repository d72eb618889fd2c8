using System.Globalization;
using Tyr.Daemon.Metrics;
using Tyr.Daemon.Transport;
using Tyr.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Daemon.Config;

/// <summary>
/// Reads tyrd.yaml through YamlDotNet's representation model (no reflection, so NativeAOT-safe),
/// which keeps the line and column of every node: each error names <c>file:line:column</c> and the
/// key. Unknown keys are errors, because a misspelt key silently falling back to a default is the
/// kind of mistake nobody notices until it matters.
/// </summary>
internal static class DaemonConfigLoader
{
    private static readonly string[] s_topLevelKeys =
    [
        "server", "ca_file", "heartbeat_interval_s", "batch_max_events", "batch_max_delay_ms",
        "spool_max_events", "reconnect_initial_backoff_ms", "reconnect_max_backoff_s", "governed",
        "discovery", "tls", "kernel", "metrics",
    ];

    private static readonly string[] s_metricsKeys = ["listen"];

    private static readonly string[] s_tlsKeys = ["body_capture_bytes"];

    private static readonly string[] s_discoveryKeys = ["enabled"];

    private static readonly string[] s_kernelKeys = ["pin_dir"];

    private static readonly string[] s_governedKeys = ["executables", "cgroups", "agent_types"];

    private static readonly string[] s_agentTypeKeys = ["executables", "cgroups"];

    /// <summary>Loads <paramref name="path"/>; a missing file means every default.</summary>
    public static DaemonConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return new DaemonConfig();
        }
        catch (DirectoryNotFoundException)
        {
            return new DaemonConfig();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static DaemonConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return new DaemonConfig { SourcePath = path };
        }

        if (stream.Documents.Count > 1)
        {
            throw Error(path, stream.Documents[1].RootNode, "only one YAML document is allowed");
        }

        var reader = new Reader(path);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the top level");
        reader.RejectUnknownKeys(root, s_topLevelKeys, string.Empty);
        var defaults = new DaemonConfig();
        var config = new DaemonConfig
        {
            SourcePath = path,
            Server = reader.OptionalServer(root, "server"),
            CaFile = reader.OptionalAbsolutePath(root, "ca_file"),
            HeartbeatIntervalSeconds = (int)reader.Integer(root, "heartbeat_interval_s", defaults.HeartbeatIntervalSeconds, 1, 86_400),
            BatchMaxEvents = (int)reader.Integer(root, "batch_max_events", defaults.BatchMaxEvents, 1, 10_000),
            BatchMaxDelayMilliseconds = (int)reader.Integer(root, "batch_max_delay_ms", defaults.BatchMaxDelayMilliseconds, 1, 60_000),
            SpoolMaxEvents = reader.Integer(root, "spool_max_events", defaults.SpoolMaxEvents, 1, 1_000_000_000),
            ReconnectInitialBackoffMilliseconds = (int)reader.Integer(
                root, "reconnect_initial_backoff_ms", defaults.ReconnectInitialBackoffMilliseconds, 1, 3_600_000),
            ReconnectMaxBackoffSeconds = (int)reader.Integer(root, "reconnect_max_backoff_s", defaults.ReconnectMaxBackoffSeconds, 1, 3_600),
            Governed = reader.Governed(root),
            DiscoverAgents = reader.Discovery(root),
            TlsBodyCaptureBytes = reader.TlsBodyCapture(root),
            Metrics = reader.Metrics(root),
            PinDirectory = reader.PinDirectory(root),
        };

        // Cross-field rules, reported at the key whose value has to change.
        if (config.SpoolMaxEvents < config.BatchMaxEvents)
        {
            throw reader.ErrorAt(root, "spool_max_events", $"must be at least batch_max_events ({config.BatchMaxEvents})");
        }

        if (config.ReconnectInitialBackoff > config.ReconnectMaxBackoff)
        {
            throw reader.ErrorAt(root, "reconnect_initial_backoff_ms", $"must not exceed reconnect_max_backoff_s ({config.ReconnectMaxBackoffSeconds} s)");
        }

        return config;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static ConfigException Error(string path, YamlNode node, string message) =>
        new($"{path}:{node.Start.Line}:{node.Start.Column}: {message}");

    private sealed class Reader(string path)
    {
        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(path, node, $"{what} must be a mapping of keys to values");

        public ConfigException ErrorAt(YamlMappingNode mapping, string key, string message)
        {
            var (keyNode, _) = Find(mapping, key);
            return Error(path, keyNode ?? mapping, $"{key}: {message}");
        }

        public void RejectUnknownKeys(YamlMappingNode mapping, string[] known, string prefix)
        {
            foreach (var (keyNode, _) in mapping.Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value;
                if (name is null || !known.Contains(name, StringComparer.Ordinal))
                {
                    var hint = name is not null && KeySuggestion.Closest(name, known) is { } meant
                        ? $"did you mean '{prefix}{meant}'?"
                        : $"known keys: {string.Join(", ", known)}";
                    throw Error(path, keyNode, $"unknown key '{prefix}{name ?? keyNode.ToString()}' ({hint})");
                }
            }
        }

        public long Integer(YamlMappingNode mapping, string key, long defaultValue, long min, long max)
        {
            var value = Scalar(mapping, key, "an integer");
            if (value is null)
            {
                return defaultValue;
            }

            if (value.Style is not (ScalarStyle.Plain or ScalarStyle.Any) ||
                !long.TryParse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                throw Error(path, value, $"{key}: expected an integer, got '{value.Value}'");
            }

            if (number < min || number > max)
            {
                throw Error(path, value, $"{key}: {number} is out of range ({min}..{max})");
            }

            return number;
        }

        public bool Boolean(YamlMappingNode mapping, string key, bool defaultValue, string prefix)
        {
            var value = Scalar(mapping, key, "true or false");
            if (value is null)
            {
                return defaultValue;
            }

            return value.Value switch
            {
                "true" or "True" or "TRUE" => true,
                "false" or "False" or "FALSE" => false,
                _ => throw Error(path, value, $"{prefix}{key}: expected true or false, got '{value.Value}'"),
            };
        }

        /// <summary>A top-level section with only <paramref name="keys"/> in it; null when it is absent or empty.</summary>
        private YamlMappingNode? Section(YamlMappingNode root, string name, string[] keys)
        {
            var (_, node) = Find(root, name);
            if (node is null || IsNull(node))
            {
                return null;
            }

            var section = Mapping(node, name);
            RejectUnknownKeys(section, keys, name + ".");
            return section;
        }

        /// <summary><c>discovery.enabled</c>: match every exec against the agent signatures (default true).</summary>
        public bool Discovery(YamlMappingNode root) =>
            Section(root, "discovery", s_discoveryKeys) is not { } section || Boolean(section, "enabled", true, "discovery.");

        /// <summary><c>kernel.pin_dir</c>: an absolute bpffs path, or <c>off</c> (null).</summary>
        public string? PinDirectory(YamlMappingNode root)
        {
            if (Section(root, "kernel", s_kernelKeys) is not { } section ||
                Scalar(section, "pin_dir", "an absolute path under a bpffs mount, or off") is not { } value)
            {
                return DaemonConfig.DefaultPinDirectory;
            }

            return value.Value == "off" ? null : AbsolutePath(value, "kernel.pin_dir");
        }

        /// <summary><c>tls.body_capture_bytes</c>: request and response body bytes kept, redacted, in TLS events (default 0).</summary>
        public int TlsBodyCapture(YamlMappingNode root) =>
            Section(root, "tls", s_tlsKeys) is { } section ? (int)Integer(section, "body_capture_bytes", 0, 0, 65_536) : 0;

        /// <summary><c>metrics.listen</c>: a loopback HOST:PORT or off (default 127.0.0.1:7702).</summary>
        public MetricsListen Metrics(YamlMappingNode root)
        {
            if (Section(root, "metrics", s_metricsKeys) is not { } section ||
                Scalar(section, "listen", "HOST:PORT or off") is not { } value)
            {
                return MetricsListen.Default;
            }

            return MetricsListen.TryParse(value.Value, out var listen, out var error)
                ? listen
                : throw Error(path, value, $"metrics.listen: {error}");
        }

        public ServerAddress? OptionalServer(YamlMappingNode mapping, string key)
        {
            var value = Scalar(mapping, key, "HOST:PORT");
            if (value is null)
            {
                return null;
            }

            return ServerAddress.TryParse(value.Value, out var address)
                ? address
                : throw Error(path, value, $"{key}: expected HOST:PORT, got '{value.Value}'");
        }

        public string? OptionalAbsolutePath(YamlMappingNode mapping, string key)
        {
            var value = Scalar(mapping, key, "an absolute path");
            return value is null ? null : AbsolutePath(value, key);
        }

        public GovernedConfig Governed(YamlMappingNode root)
        {
            if (Section(root, "governed", s_governedKeys) is not { } section)
            {
                return GovernedConfig.Empty;
            }

            // A process has one rule scope, so a path may be governed under one heading only.
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            return new GovernedConfig
            {
                Executables = PathList(section, "executables", "governed.", seen),
                Cgroups = PathList(section, "cgroups", "governed.", seen),
                AgentTypes = AgentTypeList(section, seen),
            };
        }

        /// <summary><c>governed.agent_types</c>: agent type name → its executables and cgroups.</summary>
        private List<GovernedAgentType> AgentTypeList(YamlMappingNode section, Dictionary<string, string> seen)
        {
            var (_, node) = Find(section, "agent_types");
            if (node is null || IsNull(node))
            {
                return [];
            }

            var types = new List<GovernedAgentType>();
            foreach (var (keyNode, valueNode) in Mapping(node, "governed.agent_types").Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
                if (!AgentTypes.TryGetScope(name, out var scope))
                {
                    throw Error(path, keyNode, $"governed.agent_types: {AgentTypes.UnknownMessage(name)}");
                }

                var prefix = $"governed.agent_types.{name}.";
                if (IsNull(valueNode))
                {
                    types.Add(new GovernedAgentType(name, scope, [], []));
                    continue;
                }

                var entry = Mapping(valueNode, prefix[..^1]);
                RejectUnknownKeys(entry, s_agentTypeKeys, prefix);
                types.Add(new GovernedAgentType(name, scope, PathList(entry, "executables", prefix, seen), PathList(entry, "cgroups", prefix, seen)));
            }

            return types;
        }

        private List<string> PathList(YamlMappingNode section, string key, string prefix, Dictionary<string, string> seen)
        {
            var (_, node) = Find(section, key);
            if (node is null || IsNull(node))
            {
                return [];
            }

            var name = prefix + key;
            if (node is not YamlSequenceNode sequence)
            {
                throw Error(path, node, $"{name}: expected a list of absolute paths");
            }

            var paths = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (item is not YamlScalarNode scalar || IsNull(scalar))
                {
                    throw Error(path, item, $"{name}: expected an absolute path");
                }

                var normalized = AbsolutePath(scalar, name);
                if (paths.Contains(normalized, StringComparer.Ordinal))
                {
                    continue;
                }

                // Executables and cgroups never collide (a binary is not a cgroup directory), but
                // keying both by path keeps one rule: one heading per path.
                var place = $"{name} (line {scalar.Start.Line})";
                if (!seen.TryAdd(normalized, place))
                {
                    throw Error(path, scalar, $"{name}: {normalized} is already governed under {seen[normalized]}; a process has one agent type, so list it once");
                }

                paths.Add(normalized);
            }

            return paths;
        }

        private string AbsolutePath(YamlScalarNode value, string key)
        {
            var text = value.Value ?? string.Empty;
            if (!text.StartsWith('/') || text.Contains('\0', StringComparison.Ordinal))
            {
                throw Error(path, value, $"{key}: expected an absolute path, got '{text}'");
            }

            var full = Path.GetFullPath(text);
            return full.Length > 1 ? full.TrimEnd('/') : full;
        }

        private YamlScalarNode? Scalar(YamlMappingNode mapping, string key, string expected)
        {
            var (_, node) = Find(mapping, key);
            if (node is null || IsNull(node))
            {
                return null;
            }

            return node as YamlScalarNode ?? throw Error(path, node, $"{key}: expected {expected}");
        }

        private static (YamlNode? Key, YamlNode? Value) Find(YamlMappingNode mapping, string key)
        {
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                if (keyNode is YamlScalarNode { Value: var name } && name == key)
                {
                    return (keyNode, valueNode);
                }
            }

            return (null, null);
        }
    }
}
