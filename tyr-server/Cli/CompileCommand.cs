using System.CommandLine;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Server.Policies;
using Tyr.Server.Text;

namespace Tyr.Server.Cli;

/// <summary>
/// `compile FILE.yaml`: what the server would store for this policy applied as a daemon's base —
/// the routing of every rule, the Cedar text and the BPF entries — without a server or database.
/// </summary>
internal static class CompileCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A policy file (docs/policy-yaml.md)" };
        var homes = new Option<string?>("--homes")
        {
            Description = "What ~ stands for: home directories, comma-separated (default: this host's, from /etc/passwd)",
            HelpName = "DIR,DIR",
        };
        var generic = new Option<bool>("--generic")
        {
            Description = "Compile ~ as /root and /home/<user>, as stored policy versions show it",
        };
        var command = new Command("compile", "Compile a policy file and print its routing, Cedar text and BPF entries") { file, homes, generic };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(homes), parse.GetValue(generic)));
        return command;
    }

    private static int Run(string path, string? homesOption, bool generic)
    {
        var homes = Homes(homesOption, generic);
        PolicyDocument document;
        CompiledPolicy compiled;
        try
        {
            document = PolicyYaml.Load(path);
            compiled = PolicyCompiler.CompileDocument(document, homes);
        }
        catch (PolicyYamlException e)
        {
            // One error a line, FILE:LINE:COL first, as compilers print them (editors jump to them).
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine(error.ToString());
            }

            return ExitCodes.Usage;
        }

        var output = Console.Out;
        output.WriteLine($"# policy {document.Name}: {document.Rules.Count} {(document.Rules.Count == 1 ? "rule" : "rules")}, ~ = {homes}");
        output.WriteLine();
        output.WriteLine("# routing");
        output.Write(compiled.Routes.Count == 0 ? "(no rules)\n" : compiled.Describe());
        output.WriteLine();
        output.WriteLine("# cedar");
        output.Write(compiled.CedarText.EndsWith('\n') ? compiled.CedarText : compiled.CedarText + "\n");
        output.WriteLine();
        var rows = BpfEntryListing.Rows(compiled.BpfEntries);
        output.WriteLine($"# bpf entries: {rows.Count} {(rows.Count == 1 ? "entry" : "entries")}, {compiled.BpfEntries.Length} bytes");
        if (rows.Count > 0)
        {
            rows.Insert(0, BpfEntryListing.Header);
            output.Write(TextTable.Format(rows));
        }

        return ExitCodes.Ok;
    }

    private static HomeDirectories Homes(string? homesOption, bool generic)
    {
        if (generic && homesOption is not null)
        {
            throw new UsageException("--homes and --generic: give one or the other");
        }

        if (generic)
        {
            return HomeDirectories.Generic;
        }

        if (homesOption is null)
        {
            return HomeDirectories.FromPasswd();
        }

        var paths = homesOption.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var path in paths)
        {
            if (!path.StartsWith('/') || path.Contains('*', StringComparison.Ordinal))
            {
                throw new UsageException($"--homes: '{path}' is not an absolute directory such as /home/alice");
            }
        }

        return HomeDirectories.Of(paths);
    }
}
