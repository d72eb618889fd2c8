using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>Signature catalogues for the tests: the built-in file, a small valid one, one with two errors.</summary>
internal static class Catalogues
{
    public const string Valid = """
        # Only claude-code, from a vendor directory.
        version: 1
        agents:
          - type: claude-code
            kernel_taggable: true
            executables: ["/opt/claude/bin/claude"]
            names: [claude]
        """;

    // Line 4: a type that does not exist; line 5: a relative path pattern.
    public const string WithTwoErrors = """
        version: 1
        agents:
          - type: claude
            executables: ["opt/claude/bin/claude"]
        """;

    public static string BuiltIn() =>
        File.ReadAllText(Path.Combine(Binaries.RepositoryRoot(), "lib", "Tyr.Agents", "Signatures", "agents.yaml"));
}
