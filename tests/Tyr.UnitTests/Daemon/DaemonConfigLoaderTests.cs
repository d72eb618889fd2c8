using Tyr.Daemon.Config;

namespace Tyr.UnitTests.Daemon;

public sealed class DaemonConfigLoaderTests
{
    private const string File = "/etc/tyr/tyrd.yaml";

    [Fact]
    public void A_missing_file_means_every_default()
    {
        var config = DaemonConfigLoader.Load("/nonexistent/tyrd.yaml");

        Assert.Null(config.SourcePath);
        Assert.Null(config.Server);
        Assert.Null(config.CaFile);
        Assert.Equal(30, config.HeartbeatIntervalSeconds);
        Assert.Equal(100, config.BatchMaxEvents);
        Assert.Equal(1000, config.BatchMaxDelayMilliseconds);
        Assert.Equal(1_000_000, config.SpoolMaxEvents);
        Assert.Equal(500, config.ReconnectInitialBackoffMilliseconds);
        Assert.Equal(30, config.ReconnectMaxBackoffSeconds);
        Assert.Empty(config.Governed.Executables);
        Assert.Empty(config.Governed.Cgroups);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_means_every_default(string text)
    {
        var config = DaemonConfigLoader.Parse(text, File);
        Assert.Equal(100, config.BatchMaxEvents);
        Assert.Equal(File, config.SourcePath);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var config = DaemonConfigLoader.Parse(
            """
            server: tyr.example.com:7700
            ca_file: /etc/tyr/other-ca.pem
            heartbeat_interval_s: 10
            batch_max_events: 50
            batch_max_delay_ms: 250
            spool_max_events: 5000
            reconnect_initial_backoff_ms: 100
            reconnect_max_backoff_s: 5
            governed:
              executables: [/usr/bin/cursor, /opt/claude/bin/claude/]
              cgroups:
                - /sys/fs/cgroup/agents.slice
            """,
            File);

        Assert.Equal("tyr.example.com", config.Server!.Host);
        Assert.Equal(7700, config.Server.Port);
        Assert.Equal("/etc/tyr/other-ca.pem", config.CaFile);
        Assert.Equal(TimeSpan.FromSeconds(10), config.HeartbeatInterval);
        Assert.Equal(50, config.BatchMaxEvents);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.BatchMaxDelay);
        Assert.Equal(5000, config.SpoolMaxEvents);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.ReconnectInitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(5), config.ReconnectMaxBackoff);
        Assert.Equal(["/usr/bin/cursor", "/opt/claude/bin/claude"], config.Governed.Executables);
        Assert.Equal(["/sys/fs/cgroup/agents.slice"], config.Governed.Cgroups);
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_file_line_column_and_key()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(
            "batch_max_events: 10\n# a comment\nheartbeat_intervall_s: 5\n",
            File));

        Assert.StartsWith($"{File}:3:1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'heartbeat_intervall_s'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_under_governed_names_its_full_path()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(
            "governed:\n  executables: []\n  binaries: [/bin/sh]\n",
            File));

        Assert.StartsWith($"{File}:3:3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'governed.binaries'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch_max_events: lots\n", "1:19", "batch_max_events: expected an integer")]
    [InlineData("batch_max_events: \"100\"\n", "1:19", "batch_max_events: expected an integer")]
    [InlineData("batch_max_events: [1]\n", "1:19", "batch_max_events: expected an integer")]
    [InlineData("heartbeat_interval_s: 0\n", "1:23", "heartbeat_interval_s: 0 is out of range")]
    [InlineData("server: no-port\n", "1:9", "server: expected HOST:PORT")]
    [InlineData("ca_file: relative/ca.pem\n", "1:10", "ca_file: expected an absolute path")]
    [InlineData("governed:\n  cgroups: [agents.slice]\n", "2:13", "governed.cgroups: expected an absolute path")]
    [InlineData("governed:\n  executables: /usr/bin/cursor\n", "2:16", "governed.executables: expected a list")]
    [InlineData("governed: yes\n", "1:11", "governed must be a mapping")]
    [InlineData("- a\n- b\n", "1:1", "the top level must be a mapping")]
    [InlineData("batch_max_events: 200\nspool_max_events: 100\n", "2:1", "spool_max_events: must be at least batch_max_events")]
    public void A_bad_value_is_an_error_naming_its_position_and_key(string text, string position, string message)
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(text, File));

        Assert.StartsWith($"{File}:{position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_an_error_with_a_position()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse("server: [unclosed\n", File));
        Assert.Matches($"^{File}:\\d+:\\d+: ", error.Message);
    }

    [Fact]
    public void An_empty_value_means_the_default()
    {
        var config = DaemonConfigLoader.Parse("batch_max_events:\ngoverned:\n", File);
        Assert.Equal(100, config.BatchMaxEvents);
        Assert.Empty(config.Governed.Executables);
    }

    [Fact]
    public void Agent_types_give_their_processes_the_types_scope()
    {
        var config = DaemonConfigLoader.Parse(
            """
            governed:
              executables: [/usr/bin/foo]
              agent_types:
                cursor:
                  executables: [/opt/cursor/cursor]
                  cgroups: [/sys/fs/cgroup/agents.slice/cursor]
                claude-code:
                  executables: [/usr/local/bin/claude]
                codex:
            """,
            File);

        Assert.Equal(["/usr/bin/foo"], config.Governed.Executables);
        Assert.Collection(
            config.Governed.AgentTypes,
            cursor =>
            {
                Assert.Equal(("cursor", (ushort)1), (cursor.Name, cursor.Scope));
                Assert.Equal(["/opt/cursor/cursor"], cursor.Executables);
                Assert.Equal(["/sys/fs/cgroup/agents.slice/cursor"], cursor.Cgroups);
            },
            claude =>
            {
                Assert.Equal(("claude-code", (ushort)2), (claude.Name, claude.Scope));
                Assert.Equal(["/usr/local/bin/claude"], claude.Executables);
                Assert.Empty(claude.Cgroups);
            },
            codex => Assert.Equal(("codex", (ushort)3, 0), (codex.Name, codex.Scope, codex.Executables.Count)));
    }

    [Fact]
    public void An_unknown_agent_type_names_its_line_and_lists_the_known_types()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(
            "governed:\n  agent_types:\n    cursor: {}\n    cursour:\n      executables: [/opt/c]\n",
            File));

        Assert.StartsWith($"{File}:4:5: governed.agent_types: unknown agent type 'cursour'; known types: cursor, claude-code, codex,", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("governed:\n  agent_types: [cursor]\n", "2:16", "governed.agent_types must be a mapping")]
    [InlineData("governed:\n  agent_types:\n    cursor: /opt/cursor\n", "3:13", "governed.agent_types.cursor must be a mapping")]
    [InlineData("governed:\n  agent_types:\n    cursor:\n      binaries: [/opt/c]\n", "4:7", "unknown key 'governed.agent_types.cursor.binaries' (known keys: executables, cgroups)")]
    [InlineData("governed:\n  agent_types:\n    cursor:\n      executable: [/opt/c]\n", "4:7", "unknown key 'governed.agent_types.cursor.executable' (did you mean 'governed.agent_types.cursor.executables'?)")]
    [InlineData("governed:\n  agent_types:\n    cursor:\n      executables: [opt/c]\n", "4:21", "governed.agent_types.cursor.executables: expected an absolute path")]
    public void A_bad_agent_type_entry_names_its_position_and_key(string text, string position, string message)
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(text, File));

        Assert.StartsWith($"{File}:{position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_governed_under_two_headings_is_an_error_naming_both()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(
            """
            governed:
              executables: [/opt/agent/bin/run]
              agent_types:
                cursor:
                  executables: [/opt/agent/bin/./run]
            """,
            File));

        Assert.StartsWith($"{File}:5:21: governed.agent_types.cursor.executables: /opt/agent/bin/run is already governed under governed.executables (line 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_is_on_and_tls_bodies_are_not_kept_unless_the_file_says_otherwise()
    {
        var defaults = DaemonConfigLoader.Parse("batch_max_events: 10\n", File);
        var set = DaemonConfigLoader.Parse("discovery:\n  enabled: false\ntls:\n  body_capture_bytes: 4096\n", File);

        Assert.Equal((true, 0), (defaults.DiscoverAgents, defaults.TlsBodyCaptureBytes));
        Assert.Equal((false, 4096), (set.DiscoverAgents, set.TlsBodyCaptureBytes));
    }

    [Theory]
    [InlineData("discovery:\n  enabled: maybe\n", "2:12", "discovery.enabled: expected true or false, got 'maybe'")]
    [InlineData("discovery:\n  enable: true\n", "2:3", "unknown key 'discovery.enable'")]
    [InlineData("tls:\n  body_capture_bytes: 100000\n", "2:23", "100000 is out of range (0..65536)")]
    public void A_bad_discovery_or_tls_setting_names_its_place(string text, string place, string message)
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(text, File));

        Assert.StartsWith($"{File}:{place}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
