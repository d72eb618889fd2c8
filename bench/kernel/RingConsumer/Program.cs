using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Channels;
using Tyr.Bench;
using Tyr.Daemon.Kernel.Decoding;
using Tyr.Daemon.Kernel.Ring;
using Tyr.Protocol;

// Tyr.Bench OBJ LOADGEN N [RING_BYTES]: the tyrd side of ring-bench.sh, the same protocol as
// libbpf_consumer.c. Opens the producer object, points it at a load generator that waits on its
// stdin, loads and attaches it, starts the generator, and consumes with tyrd's RingReader (its own
// mmap + epoll thread writing length-framed records into a Pipe, with tyrd's pipe thresholds) and
// tyrd's RecordDecoder (framing, header check; the records carry an op tyrd does not know, so each
// ends counted as malformed, which is the count of records consumed). Stops when consumed +
// dropped = N, or when nothing arrives for two seconds. Prints one "RESULT" line.
if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: Tyr.Bench OBJ LOADGEN N [RING_BYTES]");
    return 2;
}

var n = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var ringBytes = args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 8 * 1024 * 1024;

var loadgenStart = new ProcessStartInfo(args[1]) { RedirectStandardInput = true };
loadgenStart.ArgumentList.Add(args[2]);
loadgenStart.ArgumentList.Add("--wait");
using var loadgen = Process.Start(loadgenStart)!;

var bench = RingBench.Open(args[0], (uint)loadgen.Id, ringBytes);
using var ring = RingBuffer.Map(bench.Events, ringBytes);

// tyrd's thresholds (KernelEventSource): 4 MiB pause, 1 MiB resume.
var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 1024 * 1024, useSynchronizationContext: false));
var parser = new RecordParser(new ProcessCache(), new BootClock());
var decoder = new RecordDecoder(parser);
var sink = Channel.CreateUnbounded<Event>();
using var reader = new RingReader(ring, pipe.Writer);
var decoding = Task.Run(() => decoder.RunAsync(pipe.Reader, sink.Writer, CancellationToken.None));
reader.Start();

var self = Process.GetCurrentProcess();
self.Refresh();
var cpuStart = self.TotalProcessorTime;
var clock = Stopwatch.StartNew();
loadgen.StandardInput.WriteLine();
loadgen.StandardInput.Close();

ulong seen = 0;
var last = TimeSpan.Zero;
var idleSince = TimeSpan.Zero;
while (true)
{
    Thread.Sleep(5);
    // Written by the decoder's thread; an 8-byte read is whole on x86-64 and the call above
    // keeps it from being hoisted. Good enough for a progress probe.
    var now = parser.Malformed;
    if (now != seen)
    {
        seen = now;
        last = clock.Elapsed;
        idleSince = last;
    }
    else if (clock.Elapsed - idleSince > TimeSpan.FromSeconds(2))
    {
        break;
    }

    if ((long)(seen + bench.Dropped()) >= n)
    {
        break;
    }
}

self.Refresh();
var cpu = self.TotalProcessorTime - cpuStart;
reader.Stop();
await reader.Completion;
await decoding;
await loadgen.WaitForExitAsync();
var consumed = parser.Malformed;
var elapsed = (last == TimeSpan.Zero ? clock.Elapsed : last).TotalSeconds;
Console.WriteLine(FormattableString.Invariant(
    $"RESULT consumer=tyrd-csharp records={consumed} dropped={bench.Dropped()} submitted={bench.Submitted()} elapsed={elapsed:F3} rate={consumed / elapsed:F0} cpu={cpu.TotalSeconds:F3}"));
bench.Dispose();
return 0;
