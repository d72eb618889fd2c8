using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Tyr.Daemon.Events;
using Tyr.Daemon.Events.Testing;
using Tyr.Protocol;

namespace Tyr.UnitTests.Daemon;

public sealed class TestEventSourceTests
{
    private const string FullLine =
        """{"kind":"FILE_READ","resource":"/etc/passwd","verdict":"DENY","severity":"HIGH","pid":123,"process_exe":"/usr/bin/cat","cmdline":"cat /etc/passwd","discovered_agent_id":"cursor-1","metadata":{"k":"v"}}""";

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_full_line_becomes_an_event_with_every_field()
    {
        Assert.True(TestEventLineParser.TryParse(Encoding.UTF8.GetBytes(FullLine), _time, out var evt, out var error), error);

        Assert.Equal(EventKind.FileRead, evt.Kind);
        Assert.Equal("/etc/passwd", evt.Resource);
        Assert.Equal(Verdict.Deny, evt.Verdict);
        Assert.Equal(Severity.High, evt.Severity);
        Assert.Equal(123, evt.Pid);
        Assert.Equal("/usr/bin/cat", evt.ProcessExe);
        Assert.Equal("cat /etc/passwd", evt.Cmdline);
        Assert.Equal("cursor-1", evt.DiscoveredAgentId);
        Assert.Equal("v", evt.Metadata["k"]);
        Assert.Equal(7, Guid.Parse(evt.EventId).Version);
        Assert.NotEqual(0, evt.TimestampNs);
    }

    [Fact]
    public void Only_kind_and_resource_are_required()
    {
        Assert.True(TestEventLineParser.TryParse("""{"kind":"EXEC","resource":"/bin/sh"}"""u8, _time, out var evt, out var error), error);

        Assert.Equal(EventKind.Exec, evt.Kind);
        Assert.Equal(Verdict.Allow, evt.Verdict);
        Assert.Equal(Severity.Info, evt.Severity);
    }

    [Fact]
    public void A_given_event_id_is_kept()
    {
        const string line = """{"kind":"TLS","resource":"api.openai.com","event_id":"0190A0B0-0000-7000-8000-000000000001"}""";
        Assert.True(TestEventLineParser.TryParse(Encoding.UTF8.GetBytes(line), _time, out var evt, out _));
        Assert.Equal("0190a0b0-0000-7000-8000-000000000001", evt.EventId);
    }

    [Theory]
    [InlineData("not json", "not a JSON event")]
    [InlineData("""{"resource":"/etc/passwd"}""", "kind must be one of")]
    [InlineData("""{"kind":"FILE_READ"}""", "resource is required")]
    [InlineData("""{"kind":"READ","resource":"/x"}""", "kind must be one of")]
    [InlineData("""{"kind":"FILE_READ","resource":"/x","verdict":"MAYBE"}""", "verdict must be one of")]
    [InlineData("""{"kind":"FILE_READ","resource":"/x","severity":"info"}""", "severity must be one of")]
    [InlineData("""{"kind":"FILE_READ","resource":"/x","resourse":"/y"}""", "not a JSON event")]
    [InlineData("""{"kind":"FILE_READ","resource":"/x","pid":"123"}""", "not a JSON event")]
    [InlineData("""{"kind":"FILE_READ","resource":"/x","event_id":"42"}""", "event_id must be a UUID")]
    [InlineData("[]", "not a JSON event")]
    public void A_malformed_line_is_refused_with_a_reason(string line, string reason)
    {
        Assert.False(TestEventLineParser.TryParse(Encoding.UTF8.GetBytes(line), _time, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_line_is_counted_and_the_following_lines_still_arrive()
    {
        var input = $"{FullLine}\nnot json\n\n{{\"kind\":\"EXEC\",\"resource\":\"/bin/ls\"}}\r\n{{\"kind\":\"TLS\",\"resource\":\"last-without-newline\"}}";
        var (events, drops, lines) = await ReadAsync(input);

        Assert.Equal(["/etc/passwd", "/bin/ls", "last-without-newline"], events.Select(e => e.Resource));
        Assert.Equal(1UL, drops);
        Assert.Equal(5, lines);
    }

    [Fact]
    public async Task Lines_split_across_many_small_reads_are_reassembled()
    {
        var input = string.Concat(Enumerable.Repeat(FullLine + "\n", 20));
        var (events, drops, _) = await ReadAsync(input, bufferSize: 7);

        Assert.Equal(20, events.Count);
        Assert.Equal(0UL, drops);
    }

    [Fact]
    public async Task An_overlong_line_is_dropped_whole_and_counted()
    {
        var longLine = $$"""{"kind":"EXEC","resource":"{{new string('x', TestEventStreamReader.MaxLineBytes)}}"}""";
        var (events, drops, lines) = await ReadAsync($"{longLine}\n{FullLine}\n", bufferSize: 4096);

        Assert.Equal("/etc/passwd", Assert.Single(events).Resource);
        Assert.Equal(1UL, drops);
        Assert.Equal(2, lines);
    }

    [Fact]
    public async Task The_socket_source_is_owner_only_and_delivers_events()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.sock");
        await using var source = new TestSocketSource(path, _time);
        var sink = Channel.CreateUnbounded<Event>();
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink.Writer, stop.Token);

        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await ConnectWhenListeningAsync(client, path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        await client.SendAsync(Encoding.UTF8.GetBytes($"{FullLine}\n{{\"kind\":1}}\n"), TestContext.Current.CancellationToken);

        var evt = await sink.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("/etc/passwd", evt.Resource);
        client.Shutdown(SocketShutdown.Send);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1UL, source.DroppedEvents);
        Assert.Equal("test", source.Name);
        Assert.False(File.Exists(path));
    }

    private async Task<(List<Event> Events, ulong Drops, long Lines)> ReadAsync(string input, int bufferSize = 4096)
    {
        var sink = Channel.CreateUnbounded<Event>();
        var drops = new DropCounter();
        var reader = new TestEventStreamReader("test input", sink.Writer, drops, _time);
        var pipe = PipeReader.Create(
            new MemoryStream(Encoding.UTF8.GetBytes(input)),
            new StreamPipeReaderOptions(bufferSize: bufferSize, minimumReadSize: Math.Min(bufferSize, 1024)));

        await reader.ReadAllAsync(pipe, TestContext.Current.CancellationToken);
        sink.Writer.Complete();

        var events = new List<Event>();
        await foreach (var evt in sink.Reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            events.Add(evt);
        }

        return (events, drops.Value, reader.Lines);
    }

    private static async Task ConnectWhenListeningAsync(Socket client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ConnectAsync(new UnixDomainSocketEndPoint(path), TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException) when (attempt < 200)
            {
                // The source binds on its own task; give it a moment.
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }
        }
    }
}
