using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tyr.Daemon.Kernel.Records;
using Tyr.Daemon.Kernel.Ring;
using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Decoding;

/// <summary>
/// Reads the records the <see cref="RingReader"/> framed into the pipe and writes their events to
/// the batcher's channel. The Kestrel loop: ReadAsync, parse every whole frame, AdvanceTo(consumed,
/// examined) in finally, stop when the writer completed. Waiting on a full channel here is the
/// back-pressure that, through the pipe and the ring, ends in the kernel's drop counter.
/// </summary>
internal sealed class RecordDecoder(RecordParser parser)
{
    private enum FrameStatus
    {
        /// <summary>A whole frame was taken off the buffer.</summary>
        Complete,

        /// <summary>The buffer ends inside a frame: read more.</summary>
        Incomplete,
    }

    /// <summary>Bytes left in the pipe when the writer ended mid-frame (should stay 0).</summary>
    public long TruncatedBytes { get; private set; }

    public async Task RunAsync(PipeReader reader, ChannelWriter<Event> sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                while (ReadFrame(ref buffer, out var frame) == FrameStatus.Complete)
                {
                    var ev = Parse(frame);
                    consumed = buffer.Start;
                    if (ev is not null)
                    {
                        await sink.WriteAsync(ev, cancellationToken).ConfigureAwait(false);
                    }

                    while (parser.TryTakePending(out var more))
                    {
                        await sink.WriteAsync(more, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (result.IsCompleted)
                {
                    TruncatedBytes += buffer.Length;
                    return;
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, examined);
            }
        }
    }

    private static FrameStatus ReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < RingBuffer.FrameHeaderSize)
        {
            return FrameStatus.Incomplete;
        }

        Span<byte> lengthBytes = stackalloc byte[RingBuffer.FrameHeaderSize];
        buffer.Slice(0, RingBuffer.FrameHeaderSize).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (length > RecordLimits.RecordMax)
        {
            // Only the RingReader writes this pipe and it never frames more: a bug, not bad input.
            throw new InvalidDataException($"ring buffer frame of {length} bytes, at most {RecordLimits.RecordMax}");
        }

        if (buffer.Length < RingBuffer.FrameHeaderSize + length)
        {
            return FrameStatus.Incomplete;
        }

        frame = buffer.Slice(RingBuffer.FrameHeaderSize, length);
        buffer = buffer.Slice(RingBuffer.FrameHeaderSize + length);
        return FrameStatus.Complete;
    }

    private Event? Parse(in ReadOnlySequence<byte> frame) =>
        frame.IsSingleSegment ? parser.Parse(frame.FirstSpan) : ParseMultiSegment(frame);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Event? ParseMultiSegment(in ReadOnlySequence<byte> frame)
    {
        var copy = ArrayPool<byte>.Shared.Rent((int)frame.Length);
        try
        {
            frame.CopyTo(copy);
            return parser.Parse(copy.AsSpan(0, (int)frame.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
