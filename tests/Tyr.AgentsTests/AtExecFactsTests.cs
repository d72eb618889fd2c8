using Tyr.Agents;

namespace Tyr.AgentsTests;

/// <summary>What tyrd knows of a process at its exec: the kernel's image and argv, and /proc only where needed.</summary>
public sealed class AtExecFactsTests
{
    [Fact]
    public void A_relative_script_is_resolved_against_the_process_working_directory_read_from_proc()
    {
        var facts = ProcfsFacts.AtExec(Environment.ProcessId, "/usr/bin/node", ["node", "bin/codex.js", "exec"]);

        Assert.Equal(Directory.GetCurrentDirectory(), facts.Cwd);
        Assert.Null(facts.Environment); // never read at an exec
        Assert.Equal("node", facts.Comm);
    }

    [Fact]
    public void Absolute_arguments_need_nothing_from_proc_and_the_comm_is_the_invoked_name()
    {
        var facts = ProcfsFacts.AtExec(int.MaxValue, "/opt/tools/lib/claude.exe", ["/usr/local/bin/claude-code-assistant", "-p", "/tmp/x"]);

        Assert.Null(facts.Cwd);
        Assert.Equal("claude-code-ass", facts.Comm); // 15 characters, as the kernel keeps it
    }
}
