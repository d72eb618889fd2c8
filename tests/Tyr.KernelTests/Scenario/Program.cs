using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Tyr.BpfEntries;
using Tyr.Daemon.Kernel;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Protocol;

// tyr-kernel-scenario <busybox>: governs a copy of busybox's sh, puts a policy in force (deny
// writes under /tmp/tyr-scn/denied/, deny exec of /tmp/tyr-scn/bin/true, deny connect to
// 127.0.0.2), runs each case and checks the outcome and the event against what the kernel said it
// could do: stopped with EPERM where enforced, let through and ALERTed where observed.
// With agent discovery on: a copy of this program where npm installs codex's native binary is
// tagged by the kernel at exec as codex, and the codex overlay (deny writes under agent-denied/)
// applies to it and not to the same program at its own path.
// Then a policy swap under load (writes while the rules flip thousands of times), "SWAP PASS" or
// "SWAP FAIL". Prints one line per case and event, and "SCENARIO PASS" or "SCENARIO FAIL" last.
if (args is ["--write", var writeTarget])
{
    // The stand-in agent binary: this program copied to where npm puts codex's native binary.
    try
    {
        File.WriteAllText(writeTarget, "x");
        return 0;
    }
    catch (UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"write {writeTarget}: Operation not permitted");
        return 1;
    }
}

var busybox = args.Length > 0 ? args[0] : "/bin/busybox";
var expectLsm = args.Contains("--expect-lsm");
const string Dir = "/tmp/tyr-scn";
Directory.CreateDirectory($"{Dir}/denied");
Directory.CreateDirectory($"{Dir}/allowed");
Directory.CreateDirectory($"{Dir}/bin");
var agent = $"{Dir}/sh";
File.Copy(busybox, agent, overwrite: true);
File.Copy(busybox, $"{Dir}/bin/true", overwrite: true);
File.SetUnixFileMode(agent, (UnixFileMode)0b111_101_101);
File.SetUnixFileMode($"{Dir}/bin/true", (UnixFileMode)0b111_101_101);
Directory.CreateDirectory($"{Dir}/agent-denied");
var codex = $"{Dir}/agents/lib/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex";
Directory.CreateDirectory(Path.GetDirectoryName(codex)!);
File.Copy(Environment.ProcessPath!, codex, overwrite: true);
File.SetUnixFileMode(codex, (UnixFileMode)0b111_101_101);

var clock = Stopwatch.StartNew();
KernelEventSource started;
try
{
    started = KernelEventSource.Start(new KernelOptions
    {
        GovernedExecutables = [new GovernedPath(agent)],
        DiscoverAgents = true,
        AgentSearchRoots = [$"{Dir}/agents"],
        Log = line => Console.WriteLine($"log: {line}"),
    });
}
catch (KernelException e)
{
    Console.WriteLine($"SCENARIO FAIL: {e.Message}: {e.Detail}");
    foreach (var line in Tyr.Daemon.Kernel.Loading.LibbpfLog.Tail(40))
    {
        Console.WriteLine($"libbpf: {line}");
    }

    return 1;
}

await using var source = started;
Console.WriteLine($"started in {clock.ElapsedMilliseconds} ms");

// The policy is YAML through the server's compiler, so what the kernel enforces here is what an
// applied and assigned policy puts in force.
var codexOverlay = PolicyYaml.Parse($$"""
    name: codex-overlay
    rules:
      - id: deny-agent-writes
        effect: deny
        operation: file_write
        paths: ["{{Dir}}/agent-denied/*"]
        severity: high
    """, "codex-overlay.yaml");
var compiled = PolicyCompiler.Compile(new CompileInput(PolicyYaml.Parse($$"""
    name: scenario
    rules:
      - id: deny-denied-writes
        effect: deny
        operation: file_write
        paths: ["{{Dir}}/denied/*"]
        severity: high
      - id: deny-true
        effect: deny
        operation: exec
        binaries: ["{{Dir}}/bin/true"]
        severity: high
      - id: deny-nc
        effect: deny
        operation: connect
        cidrs: ["127.0.0.2"]
        severity: high
    """, "scenario.yaml"), 1, [new AgentTypeOverlay("codex", 2, codexOverlay)], HomeDirectories.None));
Console.WriteLine($"compiled: {compiled.Describe().Trim().Replace("\n", "; ", StringComparison.Ordinal)}");
source.ApplyPolicy(compiled.BpfEntries, 1);

var events = Channel.CreateUnbounded<Event>();
using var stop = new CancellationTokenSource();
var run = source.RunAsync(events.Writer, stop.Token);

using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
listener.Listen(16);
var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
_ = Task.Run(async () =>
{
    // Accept and close, so that a connect that is not stopped ends at once.
    while (true)
    {
        using var client = await listener.AcceptAsync();
    }
});

long HammerLoops()
{
    try
    {
        return long.TryParse(File.ReadAllText($"{Dir}/swap/allowed/f").Trim(), out var n) ? n : 0;
    }
    catch (IOException)
    {
        return 0;
    }
}

bool Enforced(EventKind kind) => source.Capabilities.Any(c => c.Kind == kind && c.Support == HookSupport.Enforced);

var failed = 0;
if (expectLsm)
{
    foreach (var (kind, program) in new[]
    {
        (EventKind.FileWrite, "lsm/file_open"), (EventKind.Exec, "lsm/bprm_check_security"), (EventKind.NetConnect, "lsm/socket_connect"),
    })
    {
        var ok = source.Capabilities.Any(c => c.Kind == kind && c.Support == HookSupport.Enforced && c.Programs.Contains(program));
        failed += ok ? 0 : 1;
        Console.WriteLine($"CAPABILITY {kind} by {program}: {(ok ? "ok" : "FAIL")}");
    }
}

var cases = new (string Name, EventKind Kind, string Script, bool Denied, string Resource)[]
{
    ("write-denied", EventKind.FileWrite, $"echo x > {Dir}/denied/file", true, $"{Dir}/denied/file"),
    ("write-allowed", EventKind.FileWrite, $"echo x > {Dir}/allowed/file", false, $"{Dir}/allowed/file"),
    ("exec-denied", EventKind.Exec, $"{Dir}/bin/true", true, $"{Dir}/bin/true"),
    ("connect-denied", EventKind.NetConnect, $"{busybox} nc 127.0.0.2 {port} </dev/null", true, $"127.0.0.2:{port}"),
};

var results = new List<(string Name, EventKind Kind, bool Denied, string Resource, int Pid)>();
foreach (var (name, kind, script, denied, resource) in cases)
{
    var start = new ProcessStartInfo(agent) { RedirectStandardError = true, RedirectStandardOutput = true };
    start.ArgumentList.Add("-c");
    start.ArgumentList.Add(script);
    using var process = Process.Start(start)!;
    var stderr = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var stopped = stderr.Contains("not permitted", StringComparison.Ordinal);
    var expectStopped = denied && Enforced(kind);
    var ok = stopped == expectStopped && (stopped || process.ExitCode == 0 || kind == EventKind.NetConnect);
    failed += ok ? 0 : 1;
    Console.WriteLine($"CASE {name}: exit {process.ExitCode}, {(stopped ? "EPERM" : "not stopped")}, expected {(expectStopped ? "EPERM" : "not stopped")}: {(ok ? "ok" : "FAIL")} {stderr.Trim()}");
    results.Add((name, kind, denied, resource, process.Id));
}

// The codex overlay: the stand-in codex binary is refused a write under agent-denied/ (the overlay
// of its type), the same program at its own path (no agent) is not.
{
    var writes = new[] { ("agent-write-denied", codex, $"{Dir}/agent-denied/codex", true), ("agent-write-other", Environment.ProcessPath!, $"{Dir}/agent-denied/plain", false) };
    foreach (var (name, exe, target, denied) in writes)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("--write");
        start.ArgumentList.Add(target);
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var stopped = stderr.Contains("not permitted", StringComparison.Ordinal);
        var expectStopped = denied && Enforced(EventKind.FileWrite);
        var ok = stopped == expectStopped && (stopped || process.ExitCode == 0);
        failed += ok ? 0 : 1;
        Console.WriteLine($"CASE {name}: exit {process.ExitCode}, {(stopped ? "EPERM" : "not stopped")}, expected {(expectStopped ? "EPERM" : "not stopped")}: {(ok ? "ok" : "FAIL")} {stderr.Trim()}");
        if (denied)
        {
            results.Add((name, EventKind.FileWrite, true, target, process.Id));
        }
    }

    var found = source.Agents.TakeReport(complete: true).Where(a => a.AgentType == "codex").ToList();
    var tagged = found.Count == 1 && found[0].TaggedBy == "kernel";
    failed += tagged ? 0 : 1;
    Console.WriteLine($"CASE agent-discovered: {string.Join(", ", found.Select(a => $"{a.AgentType} by {a.TaggedBy}"))}, expected codex by kernel: {(tagged ? "ok" : "FAIL")}");
}

// The same three denied operations from a process that is not governed (busybox at its own,
// ungoverned path): the kernel must not touch it, nor report it.
int ungovernedPid;
{
    var start = new ProcessStartInfo(busybox) { RedirectStandardError = true, RedirectStandardOutput = true };
    start.ArgumentList.Add("sh");
    start.ArgumentList.Add("-c");
    // nc's own exit status says nothing about the hook (the listener closes at once); EPERM would.
    start.ArgumentList.Add($"echo x > {Dir}/denied/ungoverned && {Dir}/bin/true && {{ {busybox} nc 127.0.0.2 {port} </dev/null || true; }}");
    using var process = Process.Start(start)!;
    var stderr = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    ungovernedPid = process.Id;
    var ok = process.ExitCode == 0 && !stderr.Contains("not permitted", StringComparison.Ordinal);
    failed += ok ? 0 : 1;
    Console.WriteLine($"CASE ungoverned: exit {process.ExitCode}, write, exec and connect {(ok ? "not stopped" : "STOPPED")}, expected not stopped: {(ok ? "ok" : "FAIL")} {stderr.Trim()}");
}

// Swap under load: the governed sh writes under two prefixes in a loop while the rules flip
// between A and B. Both deny swap/denied/ in different ways (A by a prefix rule, B by its
// FILE_WRITE default) and both allow swap/allowed/ (by different rules): a mixture of the two,
// or an empty set between them, would let a denied write through or stop an allowed one.
const int Swaps = 2_000;
const int MinLoops = 300;
const uint SwapDenyA = 100, SwapAllowA = 101, SwapDefaultDenyB = 200, SwapAllowB = 201;
var swapDir = $"{Dir}/swap";
Directory.CreateDirectory($"{swapDir}/denied");
Directory.CreateDirectory($"{swapDir}/allowed");
File.Delete($"{swapDir}/allowed/f");
File.Delete($"{swapDir}/stop");
var swapA = new BpfEntriesWriter();
swapA.AddPathPrefix(0, EventKind.FileWrite, $"{swapDir}/denied/", new BpfRule(SwapDenyA, Verdict.Deny, Severity.High));
swapA.AddPathPrefix(0, EventKind.FileWrite, $"{swapDir}/allowed/", new BpfRule(SwapAllowA, Verdict.Allow, Severity.Low));
var swapB = new BpfEntriesWriter();
swapB.AddDefault(0, EventKind.FileWrite, new BpfRule(SwapDefaultDenyB, Verdict.Deny, Severity.High));
swapB.AddPathPrefix(0, EventKind.FileWrite, $"{swapDir}/allowed/", new BpfRule(SwapAllowB, Verdict.Allow, Severity.Low));
var (bytesA, bytesB) = (swapA.ToArray(), swapB.ToArray());
long swapVersion = 11; // odd versions are A, even ones B
source.ApplyPolicy(bytesA, swapVersion);

// The loop stops when the (ungoverned) scenario creates swap/stop; its stderr, one line per
// stopped write, goes to a pipe, since B would stop a write to /dev/null.
var hammerStart = new ProcessStartInfo(agent) { RedirectStandardError = true, RedirectStandardOutput = true };
hammerStart.ArgumentList.Add("-c");
hammerStart.ArgumentList.Add(
    "n=0; through=0; refused=0; " +
    $"while [ ! -e {swapDir}/stop ]; do " +
    $"if echo x > {swapDir}/denied/f; then through=$((through+1)); fi; " +
    $"if ! echo $n > {swapDir}/allowed/f; then refused=$((refused+1)); fi; " +
    "n=$((n+1)); done; echo \"$n $through $refused\"");
using var hammer = Process.Start(hammerStart)!;
var hammerOut = hammer.StandardOutput.ReadToEndAsync();
var hammerErr = hammer.StandardError.ReadToEndAsync();
var hammerWait = Stopwatch.StartNew();
while (!File.Exists($"{swapDir}/allowed/f") && !hammer.HasExited && hammerWait.Elapsed < TimeSpan.FromSeconds(60))
{
    await Task.Delay(10);
}

// At least Swaps swaps and MinLoops loops (the loop writes its count into allowed/f), so that
// neither side outruns the other on a slow or busy guest.
var swapClock = Stopwatch.StartNew();
for (var i = 0; !hammer.HasExited && swapClock.Elapsed < TimeSpan.FromMinutes(3); i++)
{
    if (i >= Swaps && i % 100 == 0 && HammerLoops() >= MinLoops)
    {
        break;
    }

    swapVersion++;
    source.ApplyPolicy(swapVersion % 2 == 1 ? bytesA : bytesB, swapVersion);
}

swapClock.Stop();
File.WriteAllText($"{swapDir}/stop", "");
await hammer.WaitForExitAsync();
var hammerCounts = (await hammerOut).Trim().Split(' ');
var hammerErrors = await hammerErr;
var swapsDone = swapVersion - 11;
var loops = hammerCounts.Length == 3 ? long.Parse(hammerCounts[0], System.Globalization.CultureInfo.InvariantCulture) : -1;
var through = hammerCounts.Length == 3 ? long.Parse(hammerCounts[1], System.Globalization.CultureInfo.InvariantCulture) : -1;
var refused = hammerCounts.Length == 3 ? long.Parse(hammerCounts[2], System.Globalization.CultureInfo.InvariantCulture) : -1;
var writeEnforced = Enforced(EventKind.FileWrite);
var swapProblems = new List<string>();
if (hammer.ExitCode != 0 || loops < 0)
{
    swapProblems.Add($"hammer exit {hammer.ExitCode}, output '{string.Join(' ', hammerCounts)}'");
}

if (writeEnforced ? through != 0 : through != loops)
{
    swapProblems.Add($"{through} of {loops} writes under denied/ got through");
}

if (swapsDone < Swaps)
{
    swapProblems.Add($"only {swapsDone} swaps while the hammer ran");
}

if (loops < MinLoops)
{
    swapProblems.Add($"only {loops} loops while the rules flipped");
}

// Let the reader catch up (thousands of events under TCG): until the queue stops growing.
var lastCount = -1;
var settle = Stopwatch.StartNew();
while (settle.Elapsed < TimeSpan.FromSeconds(30))
{
    await Task.Delay(500);
    if (events.Reader.Count == lastCount)
    {
        break;
    }

    lastCount = events.Reader.Count;
}

stop.Cancel();
await run;
events.Writer.TryComplete();
var seen = new List<Event>();
await foreach (var e in events.Reader.ReadAllAsync())
{
    seen.Add(e);
}

foreach (var e in seen.Where(e => e.Kind != EventKind.FileRead && !e.Resource.StartsWith($"{Dir}/swap/", StringComparison.Ordinal)))
{
    Console.WriteLine($"EVENT {e.Kind} {e.Verdict} pid={e.Pid} {e.Resource} hook={e.Metadata["hook"]} enforced={e.Metadata["enforced"]} exe={e.ProcessExe}");
}

foreach (var (name, kind, denied, resource, pid) in results)
{
    var match = seen.FirstOrDefault(e => e.Kind == kind && e.Resource == resource && e.Pid == pid);
    var expected = !denied ? Verdict.Allow : Enforced(kind) ? Verdict.Deny : Verdict.Alert;
    var ok = match is not null && match.Verdict == expected
        && match.Metadata["enforced"] == (Enforced(kind) ? "true" : "false");
    failed += ok ? 0 : 1;
    Console.WriteLine($"EVENT-CHECK {name}: {(match is null ? "no event" : match.Verdict.ToString())}, expected {expected}: {(ok ? "ok" : "FAIL")}");
}

// By pid for the shell itself, by resource for what only it (or its children) touched.
var ungovernedEvents = seen.Count(e => e.Pid == ungovernedPid || e.Resource == $"{Dir}/denied/ungoverned");
failed += ungovernedEvents == 0 ? 0 : 1;
Console.WriteLine($"EVENT-CHECK ungoverned: {ungovernedEvents} events, expected 0: {(ungovernedEvents == 0 ? "ok" : "FAIL")}");

// Each verdict came with the rules of the version that judged it, never the other's.
var swapEvents = seen.Where(e => e.Pid == hammer.Id && e.Kind == EventKind.FileWrite).ToList();
// A hook that saw the state change under each of its three tries fails closed (DENY, rule 0,
// policy_unstable; docs/kernel.md, "Atomic policy swap"): stricter than either policy, never an
// allow, so it is counted apart. Under TCG, where a swap is quick next to a hook, it happens.
var swapVersions = new HashSet<long>();
var badEvents = 0;
var unstableDenied = 0;
var unstableAllowed = 0;
foreach (var e in swapEvents)
{
    var isA = e.PolicyVersion % 2 == 1;
    e.Metadata.TryGetValue("rule_id", out var ruleText);
    var rule = uint.TryParse(ruleText, out var r) ? r : 0;
    var onDenied = e.Resource.StartsWith($"{swapDir}/denied/", StringComparison.Ordinal);
    if (e.Metadata.ContainsKey("policy_unstable") && rule == 0 && e.Verdict == (writeEnforced ? Verdict.Deny : Verdict.Alert))
    {
        _ = onDenied ? unstableDenied++ : unstableAllowed++;
        continue;
    }

    var wrong = e.Resource.StartsWith($"{swapDir}/denied/", StringComparison.Ordinal)
        ? e.Verdict != (writeEnforced ? Verdict.Deny : Verdict.Alert) || rule != (isA ? SwapDenyA : SwapDefaultDenyB)
        : e.Verdict != Verdict.Allow || rule != (isA ? SwapAllowA : SwapAllowB);
    if (wrong && badEvents++ < 5)
    {
        Console.WriteLine($"SWAP-EVENT wrong: {e.Resource} {e.Verdict} rule={rule} version={e.PolicyVersion}");
    }

    swapVersions.Add(e.PolicyVersion);
}

// Every stopped write under allowed/ is one of those fail-closed judgments, no other.
if (refused != (writeEnforced ? unstableAllowed : 0))
{
    var first = hammerErrors.Split('\n').FirstOrDefault(l => l.Contains("allowed/", StringComparison.Ordinal)) ?? "";
    swapProblems.Add($"{refused} writes under allowed/ were stopped, {unstableAllowed} failed closed on a moving policy: {first}");
}

if (unstableDenied + unstableAllowed > loops / 10)
{
    swapProblems.Add($"{unstableDenied + unstableAllowed} of {2 * loops} judgments failed closed on a moving policy");
}

if (badEvents > 0)
{
    swapProblems.Add($"{badEvents} events with a verdict or rule not of their version");
}

var ringLost = (long)source.RingBufferDropped;
if (swapEvents.Count + ringLost < 2 * loops)
{
    swapProblems.Add($"{swapEvents.Count} events and {ringLost} ring drops for {2 * loops} writes");
}

if (swapVersions.Count < 10)
{
    swapProblems.Add($"the writes saw only {swapVersions.Count} policy versions");
}

failed += swapProblems.Count == 0 ? 0 : 1;
Console.WriteLine(swapProblems.Count == 0
    ? $"SWAP PASS opens={2 * loops} swaps={swapsDone} versions-seen={swapVersions.Count} events={swapEvents.Count} failed-closed={unstableDenied}+{unstableAllowed} swap-time={swapClock.ElapsedMilliseconds}ms enforced={writeEnforced}"
    : $"SWAP FAIL opens={2 * loops} swaps={swapsDone}: {string.Join("; ", swapProblems)}");
Console.WriteLine($"ring drops {source.RingBufferDropped}, dropped {source.DroppedEvents}");
Console.WriteLine(failed == 0 ? "SCENARIO PASS" : $"SCENARIO FAIL ({failed})");
return failed == 0 ? 0 : 1;
