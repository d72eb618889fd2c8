using System.Diagnostics;
using System.Text;

namespace Tyr.IntegrationTests.Harness;

/// <summary>
/// The published `tyr` binary as an operator runs it against one test server. Every run gets a
/// clean environment for tyr's settings (no TYR_* from the developer's shell, HOME in the test's
/// directory) plus what the test gives, so tests see exactly the flags, variables and config
/// files they set up.
/// </summary>
internal sealed class TyrCommand(ServerProcess server, string token, TempDirectory directory)
{
    private static readonly Lazy<string> s_binary = new(() =>
    {
        var binDirectory = Environment.GetEnvironmentVariable("TYR_BIN_DIR") ?? Path.Combine(Binaries.RepositoryRoot(), "out", "bin");
        var path = Path.Combine(binDirectory, "tyr");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} not found: run `./tyr.sh build` first (or set TYR_BIN_DIR)");
    });

    /// <summary>The address an operator types: localhost (a name in the server certificate) and the REST port.</summary>
    public string ServerUrl => "https://localhost:" + server.HttpEndpoint.Split(':')[^1];

    public string Token => token;

    public string CaPath => server.CaPath;

    /// <summary>An empty home directory: no ~/.config/tyr/config.yaml unless a test writes one.</summary>
    public string Home { get; } = directory.Sub("home");

    /// <summary>Connection settings through the environment, as most scripts would give them.</summary>
    public Dictionary<string, string?> ConnectionEnvironment() => new()
    {
        ["TYR_SERVER"] = ServerUrl,
        ["TYR_TOKEN"] = token,
        ["TYR_CA"] = server.CaPath,
    };

    /// <summary>Runs <c>tyr ARGS</c> with the connection in the environment.</summary>
    public Task<CommandResult> RunAsync(params string[] arguments) => RunWithAsync(ConnectionEnvironment(), stdin: null, arguments);

    /// <summary>Runs <c>tyr ARGS</c> with exactly <paramref name="environment"/> for tyr's settings.</summary>
    public async Task<CommandResult> RunWithAsync(IReadOnlyDictionary<string, string?> environment, string? stdin, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(environment, arguments, stdin is not null))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running <c>tyr ARGS</c> (events tail) with the connection in the environment.</summary>
    public TyrProcess Start(params string[] arguments) => new(Process.Start(StartInfo(ConnectionEnvironment(), arguments, redirectStdin: false))!);

    private ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, string[] arguments, bool redirectStdin)
    {
        var info = new ProcessStartInfo(s_binary.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("TYR_", StringComparison.Ordinal) || k == "XDG_CONFIG_HOME").ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["HOME"] = Home;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
