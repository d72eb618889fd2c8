using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Tyr.Daemon.Kernel;
using Tyr.BpfEntries;
using Tyr.Protocol;

// tyr-hook-harness OPENLOOP GOVERNED_COPY N REPS: per repetition, in this order, times N
// open+close of /etc/hostname by
//   1. OPENLOOP with no tyr program attached (baseline),
//   2. OPENLOOP with tyrd's programs attached (KernelEventSource, a policy in force) but not
//      governed: what every process on the machine pays,
//   3. GOVERNED_COPY (a copy of OPENLOOP that tyrd governs by path) with the same programs: each
//      open judged against the policy and sent through the ring to the decoder, whose events are
//      drained here as tyrd's batcher would take them,
//   4. OPENLOOP with nothing attached again (baseline),
// and prints one "RESULT" line per run and a summary against the mean of that repetition's two
// baselines.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: tyr-hook-harness OPENLOOP GOVERNED_COPY N REPS");
    return 2;
}

var (loop, governed, n, reps) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
var ungovernedRatios = new List<double>();
var governedRatios = new List<double>();
for (var rep = 1; rep <= reps; rep++)
{
    var before = Run(loop, "baseline");
    double ungoverned, governedNs;
    long events;
    ulong drops;
    await using (var source = KernelEventSource.Start(new KernelOptions { GovernedExecutables = [new GovernedPath(governed)] }))
    {
        // A policy in force, so that a governed open is judged by rules (a prefix that does not
        // match) rather than by deny-by-default.
        var policy = new BpfEntriesWriter();
        policy.AddPathPrefix(0, EventKind.FileWrite, "/tmp/tyr-bench-denied/", new BpfRule(1, Verdict.Deny, Severity.High));
        policy.AddPathPrefix(0, EventKind.FileRead, "/tmp/tyr-bench-denied/", new BpfRule(2, Verdict.Deny, Severity.High));
        source.ApplyPolicy(policy.ToArray(), 1);
        var sink = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink.Writer, stop.Token);
        events = 0;
        var draining = Task.Run(async () =>
        {
            await foreach (var _ in sink.Reader.ReadAllAsync())
            {
                Interlocked.Increment(ref events);
            }
        });

        ungoverned = Run(loop, "ungoverned");
        governedNs = Run(governed, "governed");
        await Task.Delay(500);
        stop.Cancel();
        await running;
        sink.Writer.TryComplete();
        await draining;
        drops = source.RingBufferDropped;
        Console.Error.WriteLine($"hooks: {source.Summary}");
    }

    var after = Run(loop, "baseline");
    var baseline = (before + after) / 2;
    ungovernedRatios.Add(ungoverned / baseline);
    governedRatios.Add(governedNs / baseline);
    Console.WriteLine(FormattableString.Invariant(
        $"REP {rep}: baseline {baseline:F1} ns ({before:F1}, {after:F1}), ungoverned {ungoverned:F1} ns x{ungoverned / baseline:F3}, governed {governedNs:F1} ns x{governedNs / baseline:F3}, events {events}, ring drops {drops}"));
}

Console.WriteLine(FormattableString.Invariant(
    $"SUMMARY ungoverned/baseline mean x{ungovernedRatios.Average():F3} (min {ungovernedRatios.Min():F3}, max {ungovernedRatios.Max():F3}); governed/baseline mean x{governedRatios.Average():F3} (min {governedRatios.Min():F3}, max {governedRatios.Max():F3})"));
return 0;

double Run(string program, string label)
{
    var start = new ProcessStartInfo(program) { RedirectStandardOutput = true };
    start.ArgumentList.Add(n);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var ns = double.Parse(output.Trim().Split('=')[1], CultureInfo.InvariantCulture);
    Console.WriteLine(FormattableString.Invariant($"RESULT {label} {Path.GetFileName(program)} ns_per_op={ns:F1}"));
    return ns;
}
