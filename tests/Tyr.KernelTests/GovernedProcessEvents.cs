using Tyr.BpfEntries;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>What a governed child does reaches tyrd as events with the right path, pid and exe.</summary>
public sealed class GovernedProcessEvents
{
    [Fact]
    public async Task A_governed_childs_open_and_exec_arrive_with_path_pid_and_exe()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var running = RunningSource.Governing(agent.Path);
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        var written = Path.Combine(agent.Directory, "written.txt");

        // Everything in the agent itself: a read, a write, then it execs true (same pid).
        var result = await agent.RunAsync($"read -r line < /etc/hostname; echo x > {written}; exec /bin/true");
        Assert.Equal(0, result.ExitCode);

        var read = await running.WaitForAsync(e => e.Pid == result.Pid && e.Kind == EventKind.FileRead && e.Resource == "/etc/hostname", "the read of /etc/hostname");
        Assert.Equal(Verdict.Allow, read.Verdict);
        Assert.Equal(agent.Path, read.ProcessExe);
        Assert.Equal(1, read.PolicyVersion);
        var files = running.Source.Capabilities.Single(c => c.Kind == EventKind.FileRead);
        Assert.Equal(files.Support == HookSupport.Enforced ? "true" : "false", read.Metadata["enforced"]);
        Assert.Contains(read.Metadata["hook"], files.Programs);
        Assert.False(string.IsNullOrEmpty(read.EventId));
        Assert.InRange(read.TimestampNs, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000, DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds() * 1_000_000);

        var write = await running.WaitForAsync(e => e.Pid == result.Pid && e.Kind == EventKind.FileWrite && e.Resource == written, "the write");
        Assert.Equal(agent.Path, write.ProcessExe);

        var exec = await running.WaitForAsync(e => e.Pid == result.Pid && e.Kind == EventKind.Exec, "the exec of /bin/true");
        Assert.Equal(Paths.Real("/bin/true"), exec.Resource);
        Assert.Equal(Verdict.Allow, exec.Verdict);
        if (exec.Metadata["hook"] == "tp_btf/sched_process_exec")
        {
            // Seen after the exec: the process is the new image, with its argv.
            Assert.Equal(exec.Resource, exec.ProcessExe);
            Assert.Equal("/bin/true", exec.Cmdline);
        }
        else
        {
            // Judged before it (BPF-LSM): the process is still the agent.
            Assert.Equal(agent.Path, exec.ProcessExe);
        }
    }

    [Fact]
    public async Task A_relative_path_is_joined_to_the_working_directory()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var running = RunningSource.Governing(agent.Path);
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);

        var result = await agent.RunAsync("cd /etc && read -r line < hostname && cd / && read -r line < ./etc/hostname");
        Assert.Equal(0, result.ExitCode);

        var reads = await WaitForCountAsync(running, e => e.Pid == result.Pid && e.Resource == "/etc/hostname", 2);
        Assert.All(reads, e => Assert.False(e.Metadata.ContainsKey("path_relative")));
    }

    [Fact]
    public async Task Children_inherit_governance_and_an_ungoverned_process_is_not_seen()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var running = RunningSource.Governing(agent.Path);
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        var marker = Path.Combine(agent.Directory, "marker");

        var child = await agent.RunAsync($"/bin/bash -c 'echo $$; echo child > {marker}.child'");
        var childPid = int.Parse(child.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var ungoverned = await ProcessResult.RunAsync("/bin/bash", $"echo plain > {marker}.plain", TimeSpan.FromSeconds(10));

        var write = await running.WaitForAsync(e => e.Resource == marker + ".child", "the child's write");
        Assert.Equal(childPid, write.Pid);
        Assert.Equal(Paths.Real("/bin/bash"), write.ProcessExe);

        await running.FenceAsync(agent);
        Assert.Empty(running.Events(e => e.Pid == ungoverned.Pid || e.Resource == marker + ".plain"));
    }

    [Fact]
    public async Task An_observed_deny_is_reported_as_an_alert_and_not_enforced()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var running = RunningSource.Governing(agent.Path);
        var policy = new BpfEntriesWriter();
        policy.AddPathPrefix(0, EventKind.FileWrite, agent.Directory + "/denied/", new BpfRule(7, Verdict.Deny, Severity.High));
        policy.AddBinary(0, Paths.Real("/bin/true"), new BpfRule(8, Verdict.Deny, Severity.Critical));
        running.Source.ApplyPolicy(policy.ToArray(), 3);
        Assert.SkipWhen(
            running.Source.Capabilities.Any(c => c.Kind == EventKind.FileWrite && c.Support == HookSupport.Enforced),
            "FILE_WRITE is enforced on this kernel (BPF-LSM); this is the observed case");
        Directory.CreateDirectory(Path.Combine(agent.Directory, "denied"));

        var result = await agent.RunAsync($"echo x > {agent.Directory}/denied/file && /bin/true");
        Assert.Equal(0, result.ExitCode); // observed: nothing is stopped

        var write = await running.WaitForAsync(e => e.Resource == agent.Directory + "/denied/file", "the write under the denied prefix");
        Assert.Equal(Verdict.Alert, write.Verdict);
        Assert.Equal(Severity.High, write.Severity);
        Assert.Equal("7", write.Metadata["rule_id"]);
        Assert.Equal("true", write.Metadata["would_deny"]);
        Assert.Equal("false", write.Metadata["enforced"]);
        Assert.Equal(3, write.PolicyVersion);

        var exec = await running.WaitForAsync(e => e.Kind == EventKind.Exec && e.Resource == Paths.Real("/bin/true"), "the exec of the denied binary");
        Assert.Equal(Verdict.Alert, exec.Verdict);
        Assert.Equal("8", exec.Metadata["rule_id"]);
    }

    private static async Task<List<Event>> WaitForCountAsync(RunningSource running, Func<Event, bool> predicate, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && running.Events(predicate).Count < count)
        {
            await Task.Delay(20);
        }

        var found = running.Events(predicate);
        Assert.True(found.Count >= count, $"{found.Count} of {count} events:\n" + string.Join("\n", running.Events().Select(RunningSource.Describe)));
        return found;
    }
}
