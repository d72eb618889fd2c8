using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// The official Cedar (cedar-wasm under Node, tests/cedar-oracle/oracle.mjs) answering a batch of
/// cases in one process: the batch goes to a temporary file, one JSON line per request comes back.
/// </summary>
internal static class CedarOracle
{
    public const string InstallHint = "run `npm ci --prefix tests/cedar-oracle` (Node.js and npm: scripts/setup.sh installs them)";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    /// <summary>Why the oracle cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        var package = Path.Combine(RepoPaths.OracleDirectory, "node_modules", "@cedar-policy", "cedar-wasm", "package.json");
        if (!File.Exists(package))
        {
            return $"the official Cedar is not installed ({package} is missing): {InstallHint}";
        }

        try
        {
            var (exit, output, error) = Run("node", ["--version"], RepoPaths.OracleDirectory, TimeSpan.FromMinutes(1));
            return exit == 0 ? null : $"`node --version` failed ({exit}): {output}{error} — {InstallHint}";
        }
        catch (Win32Exception e)
        {
            return $"Node.js is not on PATH ({e.Message}): {InstallHint}";
        }
    }

    /// <summary>The official answers for each request of each case, in order.</summary>
    /// <remarks>
    /// cedar-wasm reads the entities anew for every request (only policy sets can be preparsed),
    /// which makes it the slow side: large batches are split over one Node process per core.
    /// </remarks>
    public static List<IReadOnlyList<Answer>> Ask(IReadOnlyList<DiffCase> cases)
    {
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 4);
        if (parts == 1 || cases.Count < 100)
        {
            return AskOneProcess(cases);
        }

        var size = (cases.Count + parts - 1) / parts;
        var chunks = cases.Chunk(size).ToList();
        var results = new List<IReadOnlyList<Answer>>[chunks.Count];
        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = parts }, i => results[i] = AskOneProcess(chunks[i]));
        return results.SelectMany(r => r).ToList();
    }

    private static List<IReadOnlyList<Answer>> AskOneProcess(IReadOnlyList<DiffCase> cases)
    {
        var directory = Directory.CreateTempSubdirectory("tyr-cedar-oracle-");
        try
        {
            var input = Path.Combine(directory.FullName, "cases.json");
            var output = Path.Combine(directory.FullName, "answers.jsonl");
            File.WriteAllText(input, Json.Write(w =>
            {
                w.WriteStartArray();
                foreach (var c in cases)
                {
                    c.WriteJson(w);
                }

                w.WriteEndArray();
            }));

            var (exit, _, error) = Run("node", [RepoPaths.OracleScript, input, output], RepoPaths.OracleDirectory, s_timeout);
            if (exit != 0)
            {
                throw new InvalidOperationException($"the oracle failed ({exit}): {error}\n{InstallHint}");
            }

            var lines = File.ReadAllLines(output);
            var answers = new List<IReadOnlyList<Answer>>(cases.Count);
            var next = 0;
            foreach (var c in cases)
            {
                var perCase = new List<Answer>(c.Requests.Count);
                for (var i = 0; i < c.Requests.Count; i++)
                {
                    if (next >= lines.Length)
                    {
                        throw new InvalidOperationException($"the oracle answered {lines.Length} requests, fewer than asked");
                    }

                    using var doc = JsonDocument.Parse(lines[next++]);
                    perCase.Add(Answer.FromJson(doc.RootElement));
                }

                answers.Add(perCase);
            }

            return answers;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static (int Exit, string Output, string Error) Run(string file, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
