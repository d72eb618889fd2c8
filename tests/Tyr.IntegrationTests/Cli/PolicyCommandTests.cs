using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>
/// `tyr policy ...` against a real server: apply (every example, and a refused file), list, show,
/// diff, rollback, assign, unassign, assignments, effective; tables for people, JSON for scripts,
/// and the exit codes 2 (bad input) and 3 (not found).
/// </summary>
public sealed class PolicyCommandTests() : ServerTest("cli-policy")
{
    private static readonly string s_examples = Path.Combine(Binaries.RepositoryRoot(), "examples", "policies");

    private TyrCommand _tyr = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);
    }

    [Fact]
    public async Task Every_example_policy_applies_and_policy_list_shows_them_newest_first()
    {
        var files = System.IO.Directory.GetFiles(s_examples, "*.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var names = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            var result = await _tyr.RunAsync("policy", "apply", files[i], "-m", "example " + (i + 1));
            Assert.True(result.ExitCode == 0, $"{files[i]}: {result}");
            var name = Path.GetFileNameWithoutExtension(files[i]);
            Assert.StartsWith($"applied {name} v{i + 1} (", result.Stdout);
            names.Add(name);
        }

        var list = await _tyr.RunAsync("policy", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = Lines(list.Stdout);
        Assert.Equal(["VERSION", "NAME", "RULES", "CREATED", "AUTHOR", "HASH", "MESSAGE"], Words(lines[0]));
        Assert.Equal(files.Length, lines.Length - 1);
        for (var i = 0; i < files.Length; i++)
        {
            var row = Words(lines[i + 1]);
            var version = files.Length - i;
            Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(names[version - 1], row[1]);
            Assert.Equal(["example", version.ToString(System.Globalization.CultureInfo.InvariantCulture)], row[^2..]);
        }

        var json = await _tyr.RunAsync("policy", "list", "-o", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        var versions = document.RootElement.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, files.Length).Reverse().Select(v => (long)v), versions.Select(v => v.GetProperty("version").GetInt64()));
        Assert.All(versions, v => Assert.False(v.TryGetProperty("yaml", out _)));
    }

    [Fact]
    public async Task A_refused_policy_prints_every_error_with_file_line_and_column_exits_2_and_stores_nothing()
    {
        var file = Directory.File("bad.yaml");
        await File.WriteAllTextAsync(file, """
            name: bad
            rules:
              - id: one
                efect: deny
                operation: file_write
                paths: ["/etc/*"]
              - id: two
                effect: deny
                operation: connect
                cidrs: ["10.0.0.0/33"]
            """);

        var result = await _tyr.RunAsync("policy", "apply", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        var errors = Lines(result.Stderr);
        Assert.Contains($"tyr: error: {file}:4:5: unknown key `efect` (did you mean `effect`?)", errors);
        Assert.Contains(errors, e => e.StartsWith($"tyr: error: {file}:10:13: `10.0.0.0/33` is not", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Matches($@"^tyr: error: {System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: ", e));

        var fromStdin = await _tyr.RunWithAsync(_tyr.ConnectionEnvironment(), "name: x\nrules: [\n", "policy", "apply", "-");
        Assert.True(fromStdin.ExitCode == 2, fromStdin.ToString());
        Assert.StartsWith("tyr: error: stdin:", fromStdin.Stderr);

        var missing = await _tyr.RunAsync("policy", "apply", Directory.File("absent.yaml"));
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("absent.yaml: no such file", missing.Stderr);

        var list = await _tyr.RunAsync("policy", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(string.Empty, list.Stdout);
        Assert.Contains("no policy versions yet", list.Stderr);
    }

    [Fact]
    public async Task Show_prints_the_yaml_the_compiled_cedar_and_where_each_rule_runs()
    {
        var file = Path.Combine(s_examples, "laptop-base.yaml");
        var applied = await _tyr.RunAsync("policy", "apply", file, "-m", "first laptop policy");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("deny-etc-writes", applied.Stdout);

        var show = await _tyr.RunAsync("policy", "show", "1");

        Assert.True(show.ExitCode == 0, show.ToString());
        var text = show.Stdout;
        Assert.Equal("1", Field(text, "version"));
        Assert.Equal("laptop-base", Field(text, "name"));
        Assert.Equal("Base policy for developer laptops", Field(text, "description"));
        Assert.Equal("first laptop policy", Field(text, "message"));
        Assert.Equal("-", Field(text, "rolled back from"));
        Assert.Equal(await File.ReadAllTextAsync(file), Section(text, "YAML"));
        var cedar = Section(text, "Cedar");
        Assert.Contains("forbid", cedar);
        var routing = Lines(Section(text, "Routing"));
        Assert.Equal(["RULE", "LAYER", "ENTRIES", "REASON"], Words(routing[0]));
        var etc = Words(routing.Single(l => l.StartsWith("deny-etc-writes", StringComparison.Ordinal)));
        Assert.Equal("kernel", etc[1]);

        // The table and the JSON tell the same story.
        using var json = JsonDocument.Parse((await _tyr.RunAsync("policy", "show", "v1", "-o", "json")).Stdout);
        var root = json.RootElement;
        Assert.Equal(await File.ReadAllTextAsync(file), root.GetProperty("yaml").GetString());
        Assert.Equal(cedar.TrimEnd('\n'), root.GetProperty("cedar").GetString()!.TrimEnd('\n'));
        foreach (var route in root.GetProperty("routing").EnumerateArray())
        {
            var row = Words(routing.Single(l => l.StartsWith(route.GetProperty("rule_id").GetString() + " ", StringComparison.Ordinal)));
            Assert.Equal(route.GetProperty("layer").GetString(), row[1]);
        }

        var missing = await _tyr.RunAsync("policy", "show", "99");
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.StartsWith("tyr: error: no policy version 99", missing.Stderr);

        var notANumber = await _tyr.RunAsync("policy", "show", "latest");
        Assert.True(notANumber.ExitCode == 2, notANumber.ToString());
        Assert.Contains("VERSION: 'latest' is not a policy version", notANumber.Stderr);
    }

    [Fact]
    public async Task Diff_shows_what_changed_in_the_yaml_and_in_the_cedar()
    {
        await ApplyAsync("laptop-base.yaml");
        await ApplyTextAsync("laptop-v2.yaml", (await ExampleAsync("laptop-base.yaml")).Replace("/etc/*", "/etc/ssh/*", StringComparison.Ordinal));

        var diff = await _tyr.RunAsync("policy", "diff", "--from", "1", "--to", "2");

        Assert.True(diff.ExitCode == 0, diff.ToString());
        var yaml = Section(diff.Stdout, "YAML, v1 -> v2");
        Assert.Contains("-    paths: [\"/etc/*\"]\n", yaml);
        Assert.Contains("+    paths: [\"/etc/ssh/*\"]\n", yaml);
        var cedar = Section(diff.Stdout, "Cedar, v1 -> v2");
        Assert.Contains("\n-", cedar);
        Assert.Contains("\n+", cedar);
        Assert.Contains("/etc/ssh/", cedar);

        var same = await _tyr.RunAsync("policy", "diff", "--from", "1", "--to", "1");
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Equal("==> YAML, v1 -> v1 <==\n(no changes)\n\n==> Cedar, v1 -> v1 <==\n(no changes)\n", same.Stdout);

        using var json = JsonDocument.Parse((await _tyr.RunAsync("policy", "diff", "--from", "1", "--to", "2", "-o", "json")).Stdout);
        Assert.Equal(yaml.TrimEnd('\n'), json.RootElement.GetProperty("yaml_diff").GetString()!.TrimEnd('\n'));

        var missing = await _tyr.RunAsync("policy", "diff", "--from", "1", "--to", "7");
        Assert.True(missing.ExitCode == 3, missing.ToString());
        var incomplete = await _tyr.RunAsync("policy", "diff", "--from", "1");
        Assert.True(incomplete.ExitCode == 2, incomplete.ToString());
    }

    [Fact]
    public async Task Rollback_stores_a_new_version_with_the_old_yaml_and_moves_the_assignments_of_that_policy()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "rollback-host");
        await ApplyAsync("laptop-base.yaml");
        await ApplyTextAsync("laptop-v2.yaml", (await ExampleAsync("laptop-base.yaml")).Replace("/etc/*", "/etc/ssh/*", StringComparison.Ordinal));
        Assert.Equal(0, (await _tyr.RunAsync("policy", "assign", "2", "--daemon", daemon.AgentId)).ExitCode);

        var rollback = await _tyr.RunAsync("policy", "rollback", "1", "-m", "ssh-only was too narrow");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.StartsWith("rolled back: laptop-base v3 (", rollback.Stdout);
        Assert.EndsWith(" with the YAML of v1\n", rollback.Stdout);
        using (var v3 = JsonDocument.Parse((await _tyr.RunAsync("policy", "show", "3", "-o", "json")).Stdout))
        {
            Assert.Equal(await ExampleAsync("laptop-base.yaml"), v3.RootElement.GetProperty("yaml").GetString());
            Assert.Equal(1, v3.RootElement.GetProperty("rolled_back_from").GetInt64());
        }

        var newest = Words(Lines((await _tyr.RunAsync("policy", "list")).Stdout)[1]);
        Assert.Equal("3", newest[0]);
        Assert.Equal(["[rollback", "to", "v1]", "ssh-only", "was", "too", "narrow"], newest[^7..]);

        var assignments = Lines((await _tyr.RunAsync("policy", "assignments")).Stdout);
        Assert.Equal(["daemon", daemon.AgentId, "3", "laptop-base"], Words(assignments[1])[..4]);

        var missing = await _tyr.RunAsync("policy", "rollback", "42");
        Assert.True(missing.ExitCode == 3, missing.ToString());
    }

    [Fact]
    public async Task Assign_and_unassign_bind_versions_to_daemons_and_agent_types()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "assign-host");
        await ApplyAsync("laptop-base.yaml");
        await ApplyAsync("cursor-overlay.yaml");

        var none = await _tyr.RunAsync("policy", "assignments");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal(string.Empty, none.Stdout);
        Assert.Contains("no assignments", none.Stderr);

        var toDaemon = await _tyr.RunAsync("policy", "assign", "1", "--daemon", daemon.AgentId);
        Assert.True(toDaemon.ExitCode == 0, toDaemon.ToString());
        Assert.Equal($"assigned v1 (laptop-base) to daemon {daemon.AgentId}\n", toDaemon.Stdout);
        var toType = await _tyr.RunAsync("policy", "assign", "2", "--agent-type", "cursor");
        Assert.True(toType.ExitCode == 0, toType.ToString());
        Assert.Equal("assigned v2 (cursor-overlay) to agent type cursor\n", toType.Stdout);

        var table = Lines((await _tyr.RunAsync("policy", "assignments")).Stdout);
        Assert.Equal(["TARGET", "TYPE", "TARGET", "VERSION", "NAME", "ASSIGNED", "BY"], Words(table[0]));
        Assert.Equal(3, table.Length);
        Assert.Contains(table.Skip(1), l => Words(l).Take(4).SequenceEqual(["daemon", daemon.AgentId, "1", "laptop-base"]));
        Assert.Contains(table.Skip(1), l => Words(l).Take(4).SequenceEqual(["agent_type", "cursor", "2", "cursor-overlay"]));

        var unknownType = await _tyr.RunAsync("policy", "assign", "2", "--agent-type", "clippy");
        Assert.True(unknownType.ExitCode == 2, unknownType.ToString());
        Assert.Contains("clippy", unknownType.Stderr);
        Assert.Contains("claude-code", unknownType.Stderr);

        var noVersion = await _tyr.RunAsync("policy", "assign", "9", "--daemon", daemon.AgentId);
        Assert.True(noVersion.ExitCode == 3, noVersion.ToString());
        var noAgent = await _tyr.RunAsync("policy", "assign", "1", "--daemon", Guid.NewGuid().ToString());
        Assert.True(noAgent.ExitCode == 3, noAgent.ToString());
        var bothTargets = await _tyr.RunAsync("policy", "assign", "1", "--daemon", daemon.AgentId, "--agent-type", "cursor");
        Assert.True(bothTargets.ExitCode == 2, bothTargets.ToString());
        Assert.Contains("give exactly one of --daemon ID and --agent-type TYPE", bothTargets.Stderr);

        var unassign = await _tyr.RunAsync("policy", "unassign", "--agent-type", "cursor");
        Assert.True(unassign.ExitCode == 0, unassign.ToString());
        Assert.Equal("unassigned agent type cursor (was v2, cursor-overlay)\n", unassign.Stdout);
        var again = await _tyr.RunAsync("policy", "unassign", "--agent-type", "cursor");
        Assert.True(again.ExitCode == 3, again.ToString());
        Assert.StartsWith("tyr: error: no policy is assigned to", again.Stderr);

        using var json = JsonDocument.Parse((await _tyr.RunAsync("policy", "assignments", "-o", "json")).Stdout);
        var only = Assert.Single(json.RootElement.GetProperty("assignments").EnumerateArray());
        Assert.Equal(daemon.AgentId, only.GetProperty("target_id").GetString());
    }

    [Fact]
    public async Task Effective_shows_deny_by_default_then_the_base_and_overlays_a_daemon_enforces()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "effective-host");

        var nothing = await _tyr.RunAsync("policy", "effective", daemon.AgentId);
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Equal(daemon.AgentId, Field(nothing.Stdout, "agent"));
        Assert.Equal("none", Field(nothing.Stdout, "base"));
        Assert.Equal("none", Field(nothing.Stdout, "overlays"));
        Assert.StartsWith("yes", Field(nothing.Stdout, "deny by default"));

        await ApplyAsync("laptop-base.yaml");
        await ApplyAsync("cursor-overlay.yaml");
        Assert.Equal(0, (await _tyr.RunAsync("policy", "assign", "1", "--daemon", daemon.AgentId)).ExitCode);
        Assert.Equal(0, (await _tyr.RunAsync("policy", "assign", "2", "--agent-type", "cursor")).ExitCode);

        var effective = await _tyr.RunAsync("policy", "effective", daemon.AgentId);

        Assert.True(effective.ExitCode == 0, effective.ToString());
        var text = effective.Stdout;
        Assert.Equal("v1 (laptop-base)", Field(text, "base"));
        Assert.Equal("cursor v2 (cursor-overlay)", Field(text, "overlays"));
        Assert.Equal("no", Field(text, "deny by default"));
        var routing = Lines(Section(text, "Routing"));
        Assert.Equal(["SCOPE", "RULE", "LAYER", "ENTRIES", "REASON"], Words(routing[0]));
        Assert.Contains(routing, l => Words(l).Take(2).SequenceEqual(["base", "deny-etc-writes"]));
        Assert.Contains(routing, l => Words(l).Take(2).SequenceEqual(["cursor", "deny-ssh-reads"]));
        Assert.NotEmpty(Section(text, "Cedar").Trim());

        using var before = JsonDocument.Parse((await _tyr.RunAsync("policy", "effective", daemon.AgentId, "-o", "json")).Stdout);
        Assert.Equal(1, before.RootElement.GetProperty("base").GetProperty("version").GetInt64());
        Assert.Equal(2, before.RootElement.GetProperty("overlays")[0].GetProperty("version").GetInt64());

        var unknown = await _tyr.RunAsync("policy", "effective", Guid.NewGuid().ToString());
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        var notAnId = await _tyr.RunAsync("policy", "effective", "alice-laptop");
        Assert.True(notAnId.ExitCode == 2, notAnId.ToString());
        Assert.Contains("AGENT_ID: 'alice-laptop' is not an agent ID", notAnId.Stderr);
    }

    private async Task ApplyAsync(string example)
    {
        var result = await _tyr.RunAsync("policy", "apply", Path.Combine(s_examples, example));
        Assert.True(result.ExitCode == 0, $"{example}: {result}");
    }

    private async Task ApplyTextAsync(string name, string yaml)
    {
        var file = Directory.File(name);
        await File.WriteAllTextAsync(file, yaml);
        var result = await _tyr.RunAsync("policy", "apply", file);
        Assert.True(result.ExitCode == 0, $"{name}: {result}");
    }

    private static Task<string> ExampleAsync(string name) => File.ReadAllTextAsync(Path.Combine(s_examples, name));

    /// <summary>The text under a "==&gt; Title &lt;==" heading, up to the blank line before the next one (or the end).</summary>
    private static string Section(string text, string title)
    {
        var heading = $"==> {title} <==\n";
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading.Trim()}' heading in:\n{text}");
        var body = text[(start + heading.Length)..];
        var end = body.IndexOf("\n\n==> ", StringComparison.Ordinal);
        return end < 0 ? body : body[..(end + 1)];
    }

    /// <summary>
    /// The value of a "key:   value" line of the header block; every value starts in the same
    /// column, so the block reads as two columns.
    /// </summary>
    private static string Field(string text, string key)
    {
        var header = text.Split("\n\n")[0].Split('\n');
        var line = header.SingleOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.True(line is not null, $"no '{key}:' line in:\n{text}");
        var valueColumn = header[0].IndexOf(header[0].Split(':', 2)[1].TrimStart(), header[0].IndexOf(':', StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(line.Length >= valueColumn && line[(key.Length + 1)..valueColumn].Trim().Length == 0, $"'{key}' is not aligned:\n{text}");
        return line[valueColumn..];
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
