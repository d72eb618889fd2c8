using System.Diagnostics;
using System.Net;
using Tyr.BpfEntries;
using Tyr.Daemon.Kernel;
using Tyr.KernelTests.Infrastructure;
using Tyr.Policy;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>
/// Agent discovery against the real kernel: binaries laid out where npm installs the real agents
/// (copies of bash and sleep stand in for them), a real python running <c>-m aider</c>, and the
/// kernel tables tyrd writes. Policies are put in force so that "governed as that type" is checked
/// by what the kernel does (a connect refused for the type's scope), not by what tyrd says.
/// </summary>
public sealed class AgentDiscoveryTests : IDisposable
{
    private const string Loopback = "127.0.0.1";
    private readonly string _prefix = Directory.CreateTempSubdirectory("tyr-kt-agents-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // A leftover child may hold a binary; /tmp is cleaned anyway.
        }
    }

    [Fact]
    public async Task An_agent_binary_found_at_start_is_tagged_by_the_kernel_before_its_first_system_call()
    {
        Requires.Root();
        var codex = Install("lib/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex", "/bin/bash");
        await using var running = StartDiscovering();
        Assert.Contains(running.Log, l => l.Contains($"{codex} is governed as codex", StringComparison.Ordinal));
        await using var listener = new LoopbackListener(Loopback);
        running.Source.ApplyPolicy(DenyConnectFor(Scope("codex"), listener.Port), 1);
        ConnectEnforcement.RequireEnforcedConnect(running);

        var agent = await ProcessResult.RunAsync(codex, $"exec 3<>/dev/tcp/{Loopback}/{listener.Port} && echo connected", TimeSpan.FromSeconds(10));
        var plain = await ProcessResult.RunAsync("/bin/bash", $"exec 3<>/dev/tcp/{Loopback}/{listener.Port} && echo connected", TimeSpan.FromSeconds(10));

        Assert.NotEqual(0, agent.ExitCode);
        Assert.Contains("Operation not permitted", agent.Stderr, StringComparison.Ordinal);
        Assert.Equal("connected", plain.Stdout.Trim());

        // The dynamic loader's first open is the new image's first system call that a hook sees.
        var first = await running.WaitForAsync(e => e.Pid == agent.Pid && e.Resource == "/etc/ld.so.cache", "the loader's open of ld.so.cache");
        Assert.Equal("codex", first.Metadata["agent_type"]);
        var report = running.Source.Agents.TakeReport(complete: true);
        var discovered = Assert.Single(report, a => a.RootPid == agent.Pid);
        Assert.Equal(discovered.DiscoveredAgentId, first.DiscoveredAgentId);
        Assert.Equal(("codex", "kernel", codex), (discovered.AgentType, discovered.TaggedBy, discovered.Exe));
        Assert.Contains("codex executables:", discovered.Signature, StringComparison.Ordinal);
        var connect = await running.WaitForAsync(e => e.Pid == agent.Pid && e.Kind == EventKind.NetConnect, "the refused connect");
        Assert.Equal((Verdict.Deny, discovered.DiscoveredAgentId), (connect.Verdict, connect.DiscoveredAgentId));
    }

    [Fact]
    public async Task Python_running_an_agent_module_is_tagged_from_user_space_and_its_children_follow()
    {
        Requires.Root();
        Requires.File("/usr/bin/python3", "aider runs on python");
        var modules = Path.Combine(_prefix, "site");
        Directory.CreateDirectory(Path.Combine(modules, "aider"));
        var marker = Path.Combine(_prefix, "aider-child-wrote");
        // The module waits until tyrd has had time to tag it, then works through a child shell.
        File.WriteAllText(Path.Combine(modules, "aider", "__main__.py"), $"""
            import subprocess, time
            time.sleep(0.5)
            subprocess.run(["/bin/sh", "-c", "echo $$; echo x > {marker}"], check=True)
            """);
        await using var running = StartDiscovering();
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);

        var python = await RunAsync("/usr/bin/python3", ["-m", "aider"], ("PYTHONPATH", modules));
        Assert.Equal(0, python.ExitCode);
        var childPid = int.Parse(python.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var write = await running.WaitForAsync(e => e.Resource == marker, "the child's write");
        Assert.Equal(childPid, write.Pid);
        Assert.Equal("aider", write.Metadata["agent_type"]);
        var discovered = Assert.Single(running.Source.Agents.TakeReport(complete: true), a => a.RootPid == python.Pid);
        Assert.Equal(("aider", "userspace", discovered.DiscoveredAgentId), (discovered.AgentType, discovered.TaggedBy, write.DiscoveredAgentId));
        Assert.Equal("aider modules: aider", discovered.Signature);
        Assert.InRange(discovered.TagDelayNs, 1, 500_000_000);
        await Eventually(() => running.Source.Agents.TakeReport(complete: true).Single(a => a.RootPid == python.Pid).EndedAtNs > 0, running);
        Assert.Contains(running.Log, l => l.Contains($"aider {discovered.DiscoveredAgentId} pid {python.Pid}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_governed_agent_that_runs_another_agent_starts_a_second_agent_and_keeps_its_other_children()
    {
        Requires.Root();
        Requires.File("/usr/bin/python3", "aider runs on python");
        var claude = Install("lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe", "/bin/bash");
        var modules = Path.Combine(_prefix, "site");
        Directory.CreateDirectory(Path.Combine(modules, "aider"));
        File.WriteAllText(Path.Combine(modules, "aider", "__main__.py"), "import os\nprint(os.getpid())\n");
        await using var running = StartDiscovering();
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        var marker = Path.Combine(_prefix, "claude-child-wrote");

        var result = await RunAsync(claude, ["-c", $"PYTHONPATH={modules} /usr/bin/python3 -m aider; /bin/sh -c 'echo x > {marker}'"]);
        Assert.Equal(0, result.ExitCode);
        var aiderPid = uint.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var write = await running.WaitForAsync(e => e.Resource == marker, "the shell child's write");
        var report = running.Source.Agents.TakeReport(complete: true);
        var parent = Assert.Single(report, a => a.RootPid == result.Pid);
        var child = Assert.Single(report, a => a.RootPid == aiderPid);
        Assert.Equal(("claude-code", "kernel"), (parent.AgentType, parent.TaggedBy));
        Assert.Equal("aider", child.AgentType);
        Assert.NotEqual(parent.DiscoveredAgentId, child.DiscoveredAgentId);
        Assert.Equal(("claude-code", parent.DiscoveredAgentId), (write.Metadata["agent_type"], write.DiscoveredAgentId));
    }

    [Fact]
    public async Task An_agent_running_before_start_is_found_and_keeps_its_id_across_a_restart()
    {
        Requires.Root();
        var claude = Install("lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe", "/bin/sleep");
        using var process = Process.Start(claude, "30");
        try
        {
            string first;
            await using (var running = StartDiscovering())
            {
                var found = Assert.Single(running.Source.Agents.TakeReport(complete: true), a => a.RootPid == process.Id);
                Assert.Equal(("claude-code", "startup", 1u), (found.AgentType, found.TaggedBy, found.ProcessCount));
                first = found.DiscoveredAgentId;
            }

            await using (var restarted = StartDiscovering())
            {
                var again = Assert.Single(restarted.Source.Agents.TakeReport(complete: true), a => a.RootPid == process.Id);
                Assert.Equal(first, again.DiscoveredAgentId);
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task An_agent_binary_installed_after_start_is_learnt_at_its_first_run_and_tagged_by_the_kernel_from_then_on()
    {
        Requires.Root();
        await using var running = StartDiscovering();
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        var codex = Install("lib/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex", "/bin/bash");

        var firstRun = await ProcessResult.RunAsync(codex, "sleep 0.3", TimeSpan.FromSeconds(10));
        await Eventually(() => running.Log.Any(l => l.Contains($"{codex} is now governed as codex", StringComparison.Ordinal)), running);
        var secondRun = await ProcessResult.RunAsync(codex, "true", TimeSpan.FromSeconds(10));
        await Eventually(() => running.Source.Agents.TakeReport(complete: true).Any(a => a.RootPid == secondRun.Pid), running);

        var report = running.Source.Agents.TakeReport(complete: true);
        Assert.Equal("userspace", Assert.Single(report, a => a.RootPid == firstRun.Pid).TaggedBy);
        Assert.Equal("kernel", Assert.Single(report, a => a.RootPid == secondRun.Pid).TaggedBy);
    }

    [Fact]
    public async Task Without_discovery_no_exec_is_matched()
    {
        Requires.Root();
        Requires.File("/usr/bin/python3", "aider runs on python");
        var modules = Path.Combine(_prefix, "site");
        Directory.CreateDirectory(Path.Combine(modules, "aider"));
        File.WriteAllText(Path.Combine(modules, "aider", "__main__.py"), "import time\ntime.sleep(0.3)\n");
        await using var running = RunningSource.Start(new KernelOptions { AgentSearchRoots = [_prefix] });

        var python = await RunAsync("/usr/bin/python3", ["-m", "aider"], ("PYTHONPATH", modules));
        Assert.Equal(0, python.ExitCode);
        Assert.Empty(running.Source.Agents.TakeReport(complete: true));
    }

    private RunningSource StartDiscovering() =>
        RunningSource.Start(new KernelOptions { DiscoverAgents = true, AgentSearchRoots = [_prefix] });

    private static ushort Scope(string type) => AgentTypes.TryGetScope(type, out var scope) ? scope : throw new ArgumentException(type);

    private static byte[] DenyConnectFor(ushort scope, int port)
    {
        var policy = new BpfEntriesWriter();
        policy.AddNetwork(scope, IPNetwork.Parse(Loopback + "/32"), (ushort)port, new BpfRule(41, Verdict.Deny, Severity.High));
        return policy.ToArray();
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="relative"/> under the test's prefix, like an npm install.</summary>
    private string Install(string relative, string from)
    {
        var path = Path.Combine(_prefix, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(from, path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task<ProcessResult> RunAsync(string exe, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.Id, process.ExitCode, await stdout, await stderr);
    }

    private static async Task Eventually(Func<bool> condition, RunningSource running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out; tyrd's log:\n" + string.Join("\n", running.Log));
            await Task.Delay(20);
        }
    }
}
