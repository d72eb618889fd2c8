using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Tyr.Daemon.Kernel;
using Tyr.Daemon.Kernel.Entries;
using Tyr.Protocol;

// tyr-kernel-scenario <busybox>: governs a copy of busybox's sh, puts a policy in force (deny
// writes under /tmp/tyr-scn/denied/, deny exec of /tmp/tyr-scn/bin/true, deny connect to
// 127.0.0.2), runs each case and checks the outcome and the event against what the kernel said it
// could do: stopped with EPERM where enforced, let through and ALERTed where observed.
// Prints one line per case and event, and "SCENARIO PASS" or "SCENARIO FAIL" last.
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

var clock = Stopwatch.StartNew();
await using var source = KernelEventSource.Start(new KernelOptions
{
    GovernedExecutables = [new GovernedPath(agent)],
    Log = line => Console.WriteLine($"log: {line}"),
});
Console.WriteLine($"started in {clock.ElapsedMilliseconds} ms");

var policy = new BpfEntriesWriter();
policy.AddPathPrefix(0, EventKind.FileWrite, $"{Dir}/denied/", new BpfRule(1, Verdict.Deny, Severity.High));
policy.AddBinary(0, $"{Dir}/bin/true", new BpfRule(2, Verdict.Deny, Severity.High));
policy.AddNetwork(0, IPNetwork.Parse("127.0.0.2/32"), 0, new BpfRule(3, Verdict.Deny, Severity.High));
source.ApplyPolicy(policy.ToArray(), 1);

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

await Task.Delay(500);
stop.Cancel();
await run;
events.Writer.TryComplete();
var seen = new List<Event>();
await foreach (var e in events.Reader.ReadAllAsync())
{
    seen.Add(e);
}

foreach (var e in seen.Where(e => e.Kind != EventKind.FileRead))
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

Console.WriteLine($"ring drops {source.RingBufferDropped}, dropped {source.DroppedEvents}");
Console.WriteLine(failed == 0 ? "SCENARIO PASS" : $"SCENARIO FAIL ({failed})");
return failed == 0 ? 0 : 1;
