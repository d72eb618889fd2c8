using System.Threading.Channels;
using Grpc.Core;
using Tyr.Protocol;
using Tyr.Server.Sessions;

namespace Tyr.UnitTests.Server;

public sealed class SessionTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void A_second_stream_for_an_agent_replaces_and_ends_the_first()
    {
        var registry = new SessionRegistry();
        var agent = Guid.NewGuid();
        using var first = new AgentSession(agent, _time, CancellationToken.None);
        using var second = new AgentSession(agent, _time, CancellationToken.None);

        registry.Attach(first);
        registry.Attach(second);

        Assert.True(first.Ended.IsCancellationRequested);
        Assert.Equal(StatusCode.Aborted, first.EndStatus!.Value.StatusCode);
        Assert.True(registry.TryGet(agent, out var current));
        Assert.Same(second, current);

        registry.Detach(first); // the old stream's cleanup must not remove the new one
        Assert.True(registry.IsConnected(agent));
        registry.Detach(second);
        Assert.False(registry.IsConnected(agent));
    }

    [Fact]
    public async Task Ping_is_written_by_the_single_writer_and_completed_by_its_pong()
    {
        using var session = new AgentSession(Guid.NewGuid(), _time, CancellationToken.None);
        var responses = new RecordingWriter();
        var writer = session.RunWriterAsync(responses);

        var ping = session.PingAsync(TimeSpan.FromSeconds(5));
        var sent = await responses.Messages.Reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.True(session.CompletePing(sent.Ping.Nonce));
        var result = await ping;

        Assert.Equal(PingStatus.Answered, result.Status);
        Assert.False(session.CompletePing(sent.Ping.Nonce)); // a late duplicate is not matched
        session.End(new Status(StatusCode.Cancelled, "test over"));
        await writer;
    }

    [Fact]
    public async Task Unanswered_ping_times_out_and_ended_session_reports_disconnected()
    {
        using var session = new AgentSession(Guid.NewGuid(), _time, CancellationToken.None);
        var writer = session.RunWriterAsync(new RecordingWriter());

        Assert.Equal(PingStatus.TimedOut, (await session.PingAsync(TimeSpan.FromMilliseconds(50))).Status);
        session.End(new Status(StatusCode.Unauthenticated, "agent revoked"));
        Assert.Equal(PingStatus.Disconnected, (await session.PingAsync(TimeSpan.FromSeconds(5))).Status);
        Assert.Equal("agent revoked", session.EndStatus!.Value.Detail);
        await writer;
    }

    private sealed class RecordingWriter : IServerStreamWriter<ServerMessage>
    {
        public Channel<ServerMessage> Messages { get; } = Channel.CreateUnbounded<ServerMessage>();

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ServerMessage message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(ServerMessage message, CancellationToken cancellationToken) =>
            Messages.Writer.WriteAsync(message, cancellationToken).AsTask();
    }
}
