using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tyr.Daemon.Diagnostics;
using Tyr.Protocol;

namespace Tyr.Daemon.Events.Testing;

/// <summary>
/// Newline-delimited JSON events from one connection. Every line that does not become an event is
/// counted in <c>drops</c> and logged with its line number; blank lines carry nothing and are
/// skipped. Writing into the sink awaits its back-pressure, which in turn stops reading the socket.
/// </summary>
internal sealed class TestEventStreamReader(string origin, ChannelWriter<Event> sink, DropCounter drops, TimeProvider time)
{
    /// <summary>Longer lines are dropped whole: the limit is enforced before anything is parsed.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private enum State
    {
        /// <summary>At the start of a line or inside one that fits.</summary>
        ReadingLine,

        /// <summary>Inside a line that was already dropped for its length, up to its newline.</summary>
        SkippingLongLine,
    }

    /// <summary>Lines seen so far (including dropped ones), for error messages and tests.</summary>
    public long Lines { get; private set; }

    public async Task ReadAllAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var state = State.ReadingLine;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (true)
                {
                    var newline = buffer.PositionOf((byte)'\n');
                    if (newline is null)
                    {
                        break;
                    }

                    var line = buffer.Slice(0, newline.Value);
                    buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                    if (state == State.SkippingLongLine)
                    {
                        state = State.ReadingLine;
                        continue;
                    }

                    Lines++;
                    await HandleLineAsync(line, cancellationToken).ConfigureAwait(false);
                }

                if (state == State.ReadingLine && buffer.Length > MaxLineBytes)
                {
                    Lines++;
                    Drop($"longer than {MaxLineBytes} bytes");
                    state = State.SkippingLongLine;
                }

                if (state == State.SkippingLongLine)
                {
                    buffer = buffer.Slice(buffer.End);
                }

                if (result.IsCompleted)
                {
                    if (buffer.Length > 0)
                    {
                        // A last line without its newline: still a whole JSON value if the writer
                        // just did not terminate it, so judge it like any other line.
                        Lines++;
                        await HandleLineAsync(buffer, cancellationToken).ConfigureAwait(false);
                        buffer = buffer.Slice(buffer.End);
                    }

                    return;
                }
            }
            finally
            {
                // Consumed up to the first unparsed byte; examined everything, so the next read
                // waits for new data instead of spinning on an incomplete line.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async ValueTask HandleLineAsync(ReadOnlySequence<byte> line, CancellationToken cancellationToken)
    {
        if (line.Length > MaxLineBytes)
        {
            Drop($"longer than {MaxLineBytes} bytes");
            return;
        }

        var evt = line.IsSingleSegment ? Parse(line.FirstSpan) : ParseMultiSegment(line);
        if (evt is not null)
        {
            await sink.WriteAsync(evt, cancellationToken).ConfigureAwait(false);
        }
    }

    private Event? Parse(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith((byte)'\r'))
        {
            line = line[..^1];
        }

        if (line.Trim(" \t"u8).IsEmpty)
        {
            return null;
        }

        if (TestEventLineParser.TryParse(line, time, out var evt, out var error))
        {
            return evt;
        }

        Drop(error);
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Event? ParseMultiSegment(ReadOnlySequence<byte> line)
    {
        var copy = ArrayPool<byte>.Shared.Rent((int)line.Length);
        try
        {
            line.CopyTo(copy);
            return Parse(copy.AsSpan(0, (int)line.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private void Drop(string reason)
    {
        drops.Increment();
        Log.Warn($"test event source: {origin} line {Lines}: {reason}; event dropped");
    }
}
