using System.Buffers;
using System.Buffers.Binary;
using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.Maps;
using Tyr.Daemon.Kernel.Records;

namespace Tyr.Daemon.Kernel.Ring;

/// <summary>
/// The consumer side of a BPF ring buffer (kernel/bpf/ringbuf.c), mapped and walked here rather
/// than through libbpf's ring_buffer__poll, as libbpf and cilium/ebpf do it: the consumer page is
/// mapped read-write, the producer page and the data read-only, the data twice in a row so that a
/// record that wraps around the end is contiguous. Each record has an 8-byte header (length with
/// the BUSY and DISCARD bits, then the page offset) and starts 8-byte aligned.
/// </summary>
internal sealed unsafe class RingBuffer : IDisposable
{
    /// <summary>BPF_RINGBUF_BUSY_BIT: reserved, not yet submitted or discarded.</summary>
    private const uint BusyBit = 1u << 31;

    /// <summary>BPF_RINGBUF_DISCARD_BIT: discarded by the producer; skipped, still consumed.</summary>
    private const uint DiscardBit = 1u << 30;

    /// <summary>BPF_RINGBUF_HDR_SZ.</summary>
    private const int HeaderSize = 8;

    /// <summary>Bytes a record takes in the pipe before its body: its length, u32 little-endian.</summary>
    public const int FrameHeaderSize = 4;

    private readonly nuint _pageSize;
    private readonly nuint _dataSize;
    private readonly ulong _mask;
    private byte* _consumer;
    private byte* _producer;

    private RingBuffer(int fd, byte* consumer, byte* producer, nuint pageSize, nuint dataSize)
    {
        Fd = fd;
        _consumer = consumer;
        _producer = producer;
        _pageSize = pageSize;
        _dataSize = dataSize;
        _mask = dataSize - 1;
    }

    /// <summary>The map fd: it polls readable (EPOLLIN) while records wait.</summary>
    public int Fd { get; }

    /// <summary>Records longer than any record the programs send (a mismatch of objects and tyrd).</summary>
    public ulong Oversized { get; private set; }

    public static RingBuffer Map(BpfMap map, int size)
    {
        var pageSize = (nuint)Environment.SystemPageSize;
        var dataSize = (nuint)size;
        var consumer = (byte*)Libc.mmap(null, pageSize, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, map.Fd, 0);
        if ((nint)consumer == Libc.MAP_FAILED)
        {
            KernelThrowHelper.ThrowLastError("map the ring buffer's consumer page");
        }

        var producer = (byte*)Libc.mmap(null, pageSize + (2 * dataSize), Libc.PROT_READ, Libc.MAP_SHARED, map.Fd, (long)pageSize);
        if ((nint)producer == Libc.MAP_FAILED)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            Libc.munmap(consumer, pageSize);
            KernelThrowHelper.ThrowErrno("map the ring buffer's data", errno);
        }

        return new RingBuffer(map.Fd, consumer, producer, pageSize, dataSize);
    }

    /// <summary>
    /// Copies every submitted record into <paramref name="writer"/>, each framed by its length, and
    /// releases its space to the kernel right after (a release store to consumer_pos): the span over
    /// the mapped record is valid only until then. Stops at a record still being written (BUSY).
    /// Returns the records copied.
    /// </summary>
    public int Drain(IBufferWriter<byte> writer)
    {
        ref var consumerPos = ref *(ulong*)_consumer;
        ref var producerPos = ref *(ulong*)_producer;
        var data = _producer + _pageSize;
        var copied = 0;

        var consumed = Volatile.Read(ref consumerPos);
        while (true)
        {
            var produced = Volatile.Read(ref producerPos);
            if (consumed >= produced)
            {
                return copied;
            }

            while (consumed < produced)
            {
                var header = data + (consumed & _mask);
                var length = Volatile.Read(ref *(uint*)header);
                if ((length & BusyBit) != 0)
                {
                    return copied;
                }

                var discarded = (length & DiscardBit) != 0;
                length &= ~(BusyBit | DiscardBit);
                if (!discarded)
                {
                    if (length > RecordLimits.RecordMax)
                    {
                        Oversized++;
                    }
                    else
                    {
                        var frame = writer.GetSpan(FrameHeaderSize + (int)length);
                        BinaryPrimitives.WriteUInt32LittleEndian(frame, length);
                        new ReadOnlySpan<byte>(header + HeaderSize, (int)length).CopyTo(frame[FrameHeaderSize..]);
                        writer.Advance(FrameHeaderSize + (int)length);
                        copied++;
                    }
                }

                consumed += (length + HeaderSize + 7) & ~7u;
                Volatile.Write(ref consumerPos, consumed);
            }
        }
    }

    public void Dispose()
    {
        if (_consumer is not null)
        {
            Libc.munmap(_producer, _pageSize + (2 * _dataSize));
            Libc.munmap(_consumer, _pageSize);
            _consumer = null;
            _producer = null;
        }
    }
}
