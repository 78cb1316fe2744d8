using FaxAppliance.Hal.Audio;
using Microsoft.Extensions.Logging;

namespace FaxAppliance.Audio;

/// <summary>
/// One consumer of a <see cref="CaptureLoop"/> with its own thread and read position in the ring. The thread
/// sleeps until the capture thread signals a frame, copies each frame out of the ring into its own preallocated
/// buffers and calls the consumer. If it falls more than the ring behind it counts an overrun and skips ahead
/// to the live frame. Pumped by the caller (<see cref="CaptureThreading.CallerPumped"/>) it has no thread: the
/// pumping thread delivers each frame through the same path. Dispose to unsubscribe.
/// </summary>
public sealed class CaptureSubscription : IDisposable
{
    // A consumer thread re-checks the ring at least this often even without a signal.
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(500);

    private readonly CaptureLoop _owner;
    private readonly FrameRing _ring;
    private readonly IFrameConsumer _consumer;
    private readonly CompandingLaw _law;
    private readonly ILogger _logger;
    private readonly Thread? _thread; // null when pumped by the caller
    private readonly AutoResetEvent _signal = new(false);
    private readonly byte[] _codes = new byte[AudioFrame.Samples];
    private readonly short[] _samples = new short[AudioFrame.Samples];
    private volatile bool _stopping;
    private long _next;
    private long _delivered;
    private long _overruns;
    private long _skipped;
    private long _exceptions;
    private int _disposed;

    internal CaptureSubscription(CaptureLoop owner, FrameRing ring, IFrameConsumer consumer, string name, CompandingLaw law, ILogger logger, ThreadPriority priority, bool pumped)
    {
        _owner = owner;
        _ring = ring;
        _consumer = consumer;
        _law = law;
        _logger = logger;
        Name = name;
        _next = ring.Written; // a new consumer starts with the next live frame
        _thread = pumped ? null : new Thread(Run) { IsBackground = true, Name = "capture-consumer:" + name, Priority = priority };
    }

    /// <summary>The name given at subscription, used in logs and statistics.</summary>
    public string Name { get; }

    /// <summary>A snapshot of this consumer's counters.</summary>
    public ConsumerStatistics Statistics => new(
        Name,
        Interlocked.Read(ref _delivered),
        Interlocked.Read(ref _overruns),
        Interlocked.Read(ref _skipped),
        Interlocked.Read(ref _exceptions));

    /// <summary>Unsubscribes: stops this consumer's thread and waits for it (up to the loop's stop timeout).</summary>
    public void Dispose() => _owner.Unsubscribe(this);

    /// <summary>The sequence number of the next frame this consumer will be given.</summary>
    internal long NextSequence => Interlocked.Read(ref _next);

    /// <summary>Whether the consumer thread has ended (stopped or disposed).</summary>
    internal bool Ended => _stopping || _thread is { IsAlive: false };

    internal void Start() => _thread?.Start();

    /// <summary>Capture thread: a frame was published. Never blocks.</summary>
    internal void Signal()
    {
        // The capture thread may still hold this subscription in its snapshot while it is being
        // disposed: a late wake-up is harmless, an exception on the capture thread is not.
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _signal.Set();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the Set.
        }
    }

    internal void StopAndJoin(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        _signal.Set();
        if (_thread is { IsAlive: true } && _thread != Thread.CurrentThread && !_thread.Join(timeout))
        {
            CaptureLog.ThreadDidNotStop(_logger, _thread.Name ?? Name, timeout);
            return; // leave the event to the finaliser: the thread may still wait on it
        }

        _signal.Dispose();
    }

    /// <summary>Pumping thread: hands the consumer every published frame it has not had yet.</summary>
    internal void DeliverPending()
    {
        while (!_stopping && DeliverNext(notify: false))
        {
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            if (!DeliverNext(notify: true))
            {
                _signal.WaitOne(IdleWait);
            }
        }
    }

    // Hands the consumer its next frame (or skips to the live one when it fell behind); false when there is none yet.
    private bool DeliverNext(bool notify)
    {
        long written = _ring.Written;
        if (_next >= written)
        {
            return false;
        }

        if (written - _next > _ring.Capacity || !_ring.TryCopy(_next, _codes, _samples, out FrameTimestamp timestamp))
        {
            SkipToLive();
            return true;
        }

        var frame = new CapturedFrame(_next, timestamp, _law, _codes, _samples);
        try
        {
            _consumer.OnFrame(in frame);
        }
#pragma warning disable CA1031 // A consumer's bug must not stop the audio for everyone: log, count, go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            long count = Interlocked.Increment(ref _exceptions);
            if (CaptureLog.ShouldLog(count))
            {
                CaptureLog.ConsumerThrew(_logger, e, Name, _next, count);
            }
        }

        Interlocked.Increment(ref _delivered);
        Interlocked.Increment(ref _next);
        if (notify)
        {
            _owner.NotifyProgress();
        }

        return true;
    }

    // Fell more than the ring behind (or the slot was reused while copying): resume at the newest frame.
    private void SkipToLive()
    {
        long live = _ring.Written - 1;
        long skipped = live - _next;
        _next = live;
        Interlocked.Add(ref _skipped, skipped);
        long overruns = Interlocked.Increment(ref _overruns);
        if (CaptureLog.ShouldLog(overruns))
        {
            CaptureLog.ConsumerOverrun(_logger, Name, _ring.Capacity, skipped, overruns);
        }
    }
}
