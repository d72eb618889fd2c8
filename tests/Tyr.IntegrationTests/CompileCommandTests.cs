using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests;

/// <summary>`tyr-server compile`: the routing, the Cedar and the BPF entries of a policy file, or its errors.</summary>
public sealed class CompileCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new("compile");

    public static TheoryData<string> Examples => PolicyRestTests.Examples;

    [Fact]
    public async Task Prints_the_routing_the_cedar_and_every_entry_for_the_given_homes()
    {
        var result = await CompileAsync(Example("laptop-base.yaml"), "--homes", "/home/alice,/root");

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = result.Stdout;
        Assert.Contains("# policy laptop-base: 2 rules, ~ = /home/alice, /root\n", output, StringComparison.Ordinal);
        Assert.Contains("kernel    base/allow-project-reads (2 entries): ", output, StringComparison.Ordinal);
        Assert.Contains("kernel    base/deny-etc-writes (1 entry): ", output, StringComparison.Ordinal);
        Assert.Contains("@id(\"base/deny-etc-writes\")\n@effect(\"deny\")\n@severity(\"high\")\nforbid (", output, StringComparison.Ordinal);
        Assert.Contains("context.path like \"/home/alice/projects/*\"", output, StringComparison.Ordinal);
        Assert.Contains("# bpf entries: 3 entries, ", output, StringComparison.Ordinal);
        var entries = EntryLines(output);
        Assert.Equal(
            [
                "tyr_path_rules base FILE_READ prefix /home/alice/projects/ ALLOW INFO 1",
                "tyr_path_rules base FILE_READ prefix /root/projects/ ALLOW INFO 1",
                "tyr_path_rules base FILE_WRITE prefix /etc/ DENY HIGH 2",
            ],
            entries);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Lists_binaries_networks_and_ports_and_says_which_rules_stay_in_userspace()
    {
        var exec = await CompileAsync(Example("deny-exec.yaml"), "--generic");
        var connect = await CompileAsync(Example("deny-connect.yaml"), "--generic");
        var tls = await CompileAsync(Example("alert-tls.yaml"), "--generic");

        Assert.Contains("tyr_exe_rules base EXEC binary /usr/bin/rm DENY CRITICAL 1", EntryLines(exec.Stdout));
        Assert.Contains("tyr_path_rules base EXEC prefix /tmp/ DENY MEDIUM 2", EntryLines(exec.Stdout));
        Assert.Contains("tyr_net4_rules base NET_CONNECT 169.254.169.254/32 any port DENY CRITICAL 1", EntryLines(connect.Stdout));
        Assert.Contains("tyr_net4_rules base NET_CONNECT 10.0.0.0/8 port 22 DENY MEDIUM 2", EntryLines(connect.Stdout));
        Assert.Contains("tyr_net6_rules base NET_CONNECT [fd00::]/8 port 8100 DENY MEDIUM 2", EntryLines(connect.Stdout));
        Assert.Contains("userspace base/alert-llm-apis: ", tls.Stdout, StringComparison.Ordinal);
        Assert.Contains("# bpf entries: 0 entries, 16 bytes\n", tls.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_compiles(string example)
    {
        var result = await CompileAsync(Example(example), "--generic");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("~ = /root, /home/<user>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("@id(\"tyr/allow-unmatched\")", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_options_tilde_is_this_hosts_homes()
    {
        var result = await CompileAsync(Example("cursor-overlay.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("prefix /root/.ssh/", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_exits_2_with_every_error_at_its_line_and_column()
    {
        var file = _directory.File("bad.yaml");
        await File.WriteAllTextAsync(file, """
            name: bad
            rules:
              - id: one
                effect: nope
                operation: file_read
                paths: ["/etc/*"]
              - id: two
                effect: deny
                operation: connect
                cidrs: ["10.0.0.0/33"]
            """);

        var result = await CompileAsync(file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{file}:4:13: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{file}:10:", lines[1], StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/33", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--generic", "--homes", "/home/a")]
    [InlineData("--homes", "home/a")]
    public async Task Conflicting_or_bad_options_exit_2(params string[] options)
    {
        var result = await CompileAsync(Example("empty.yaml"), options);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("tyr-server: error: --", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_it()
    {
        var missing = _directory.File("missing.yaml");

        var result = await CompileAsync(missing);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"{missing}:1:1: cannot read", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static string Example(string name) => Path.Combine(Binaries.RepositoryRoot(), "examples", "policies", name);

    private static Task<CommandResult> CompileAsync(string file, params string[] options) =>
        ChildProcess.RunAsync(Binaries.Server, ["compile", file, .. options]);

    /// <summary>The entry table's rows with their column padding collapsed to one space.</summary>
    private static List<string> EntryLines(string output) =>
        [.. output.Split('\n')
            .SkipWhile(l => !l.StartsWith("# bpf entries:", StringComparison.Ordinal))
            .Skip(2)
            .Where(l => l.Length > 0)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];
}
