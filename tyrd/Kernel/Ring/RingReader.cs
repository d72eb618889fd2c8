using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Ring;

/// <summary>
/// Moves records from the ring buffer into a <see cref="PipeWriter"/> on a thread of its own: it
/// drains the ring, flushes, and waits in epoll_wait on the ring's fd (and an eventfd that stops
/// it). When the pipe is full the flush waits, the ring fills and the kernel counts what it cannot
/// reserve (tyr_counters): back-pressure never blocks a hook.
/// </summary>
internal sealed unsafe class RingReader : IDisposable
{
    private const ulong RingToken = 1;
    private const ulong StopToken = 2;
    private const int WaitMilliseconds = 1000;

    private readonly RingBuffer _ring;
    private readonly PipeWriter _writer;
    private readonly SafeFdHandle _epoll;
    private readonly SafeFdHandle _stop;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private long _lastTurn = Environment.TickCount64;

    public RingReader(RingBuffer ring, PipeWriter writer)
    {
        _ring = ring;
        _writer = writer;
        _epoll = new SafeFdHandle(Libc.epoll_create1(Libc.EPOLL_CLOEXEC));
        if (_epoll.IsInvalid)
        {
            KernelThrowHelper.ThrowLastError("create an epoll instance for the ring buffer");
        }

        _stop = new SafeFdHandle(Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK));
        if (_stop.IsInvalid)
        {
            _epoll.Dispose();
            KernelThrowHelper.ThrowLastError("create an eventfd for the ring buffer");
        }

        Add(ring.Fd, RingToken);
        Add(_stop.Fd, StopToken);
    }

    /// <summary>
    /// How long since the loop last went round (it does at least once a second when well): when
    /// the decoder, the batcher or the spool is stuck, the pipe stays full and this grows. tyrd's
    /// systemd watchdog pings only while it is small.
    /// </summary>
    public TimeSpan SinceLastTurn => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastTurn));

    /// <summary>Completes when the thread has ended and completed the writer.</summary>
    public Task Completion => _completion.Task;

    public void Start() => new Thread(Run) { IsBackground = true, Name = "tyrd ring buffer" }.Start();

    public void Stop()
    {
        _stopping = true;
        ulong one = 1;
        Libc.write(_stop.Fd, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        _epoll.Dispose();
        _stop.Dispose();
    }

    private void Add(int fd, ulong token)
    {
        var ev = Libc.epoll_event.Create(Libc.EPOLLIN, token);
        if (Libc.epoll_ctl(_epoll.Fd, Libc.EPOLL_CTL_ADD, fd, &ev) != 0)
        {
            KernelThrowHelper.ThrowLastError("add the ring buffer to epoll");
        }
    }

    private void Run()
    {
        Exception? failure = null;
        try
        {
            var events = stackalloc byte[2 * 16];
            while (!_stopping)
            {
                Volatile.Write(ref _lastTurn, Environment.TickCount64);
                if (_ring.Drain(_writer) > 0)
                {
                    var flush = _writer.FlushAsync();
                    var result = flush.IsCompletedSuccessfully ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        break;
                    }

                    continue;
                }

                if (Libc.epoll_wait(_epoll.Fd, events, 2, WaitMilliseconds) < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
                {
                    KernelThrowHelper.ThrowLastError("wait for the ring buffer");
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            _writer.Complete(failure);
            _completion.SetResult();
        }
    }
}
