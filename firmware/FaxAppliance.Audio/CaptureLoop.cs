using FaxAppliance.Hal.Audio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaxAppliance.Audio;

/// <summary>
/// The real-time capture loop: a dedicated high-priority thread reads 20 ms G.711 frames from the HAL's audio port
/// straight into a preallocated ring, decodes them to linear samples in place, and wakes the consumers, each of
/// which reads the ring on its own thread (<see cref="Subscribe"/>). The capture thread allocates nothing per
/// frame, never waits for a consumer, and keeps going when one is slow or throws. In simulation the loop can
/// instead be pumped by the caller (<see cref="CaptureThreading.CallerPumped"/>, <see cref="Pump"/>): the same
/// frames, sequence numbers and consumer order, on one thread.
/// </summary>
public sealed partial class CaptureLoop : IDisposable
{
    private readonly IAudioPort _port;
    private readonly ILogger _logger;
    private readonly CaptureLoopOptions _options;
    private readonly FrameRing _ring;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Thread? _thread; // null when pumped by the caller
    private readonly bool _pumped;
    private readonly ManualResetEventSlim _progress = new(false);

    // Copy-on-write: the capture thread reads the array reference without a lock.
    private CaptureSubscription[] _subscriptions = [];
    private long _readTimeouts;
    private long _halErrors;
    private long _allocatedBytes;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a loop over an audio port; nothing runs until <see cref="Start"/>.</summary>
    public CaptureLoop(IAudioPort port, ILogger<CaptureLoop>? logger = null, CaptureLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = options ?? new CaptureLoopOptions();
        _ring = new FrameRing(_options.RingFrames, port.Law);
        _pumped = _options.Threading == CaptureThreading.CallerPumped;
        _thread = _pumped ? null : new Thread(CaptureMain) { IsBackground = true, Name = "audio-capture", Priority = _options.CapturePriority };
    }

    /// <summary>Frames captured so far.</summary>
    public long FramesCaptured => _ring.Written;

    /// <summary>Whether the capture thread is running (pumped: whether the loop was started and not stopped).</summary>
    public bool IsRunning => _thread?.IsAlive ?? (Volatile.Read(ref _started) && !Volatile.Read(ref _stopped));

    /// <summary>
    /// Adds a consumer; it receives every frame captured from now on, in order, on its own thread (pumped: on the
    /// pumping thread, after the consumers subscribed before it), until the subscription is disposed or the loop stops.
    /// </summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="name">A name for logs and statistics.</param>
    /// <exception cref="ObjectDisposedException">The loop has been stopped.</exception>
    public CaptureSubscription Subscribe(IFrameConsumer consumer, string name)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var subscription = new CaptureSubscription(this, _ring, consumer, name, _port.Law, _logger, _options.ConsumerPriority, _pumped);
            var grown = new CaptureSubscription[_subscriptions.Length + 1];
            _subscriptions.CopyTo(grown, 0);
            grown[^1] = subscription;
            Volatile.Write(ref _subscriptions, grown);
            subscription.Start();
            return subscription;
        }
    }

    /// <summary>Starts the capture thread (pumped: allows <see cref="Pump"/>).</summary>
    /// <exception cref="InvalidOperationException">It was started before.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                throw new InvalidOperationException("The capture loop has already been started.");
            }

            Volatile.Write(ref _started, true);
            CaptureLog.Started(_logger, _ring.Capacity, _port.Law == CompandingLaw.ALaw ? "A-law" : "µ-law");
            _thread?.Start();
        }
    }

    /// <summary>
    /// Simulation only (the line simulator runs faster than real time): waits until every consumer has
    /// been given frame <paramref name="sequence"/>, so that a lockstep run is deterministic. On the
    /// board nothing calls this: the capture thread never waits for a consumer. Pumped, nothing else delivers
    /// frames, so it does not wait: it says whether <see cref="Pump"/> already delivered the frame.
    /// </summary>
    /// <returns>False if a consumer did not get there within <paramref name="timeout"/>.</returns>
    public bool WaitForConsumers(long sequence, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            _progress.Reset(); // reset before checking, so that no progress between the two is missed
            bool done = true;
            CaptureSubscription[] subscriptions = Volatile.Read(ref _subscriptions);
            for (int i = 0; i < subscriptions.Length; i++)
            {
                if (!subscriptions[i].Ended && subscriptions[i].NextSequence <= sequence)
                {
                    done = false;
                    break;
                }
            }

            if (done)
            {
                return true;
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0 || _pumped)
            {
                return false;
            }

            _progress.Wait(TimeSpan.FromMilliseconds(Math.Min(left, 100)));
        }
    }

    internal void NotifyProgress() => _progress.Set();

    /// <summary>Stops the capture thread and every consumer thread and waits for them. Idempotent.</summary>
    public void Stop()
    {
        CaptureSubscription[] subscriptions;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            Volatile.Write(ref _stopped, true);
            subscriptions = _subscriptions;
            Volatile.Write(ref _subscriptions, []);
        }

        _stop.Cancel();
        if (_thread is { IsAlive: true } && !_thread.Join(_options.StopTimeout))
        {
            CaptureLog.ThreadDidNotStop(_logger, _thread.Name!, _options.StopTimeout);
        }

        foreach (CaptureSubscription subscription in subscriptions)
        {
            subscription.StopAndJoin(_options.StopTimeout);
        }

        if (_started)
        {
            CaptureLog.Stopped(_logger, _ring.Written);
        }
    }

    /// <summary>Stops (see <see cref="Stop"/>).</summary>
    public void Dispose()
    {
        Stop();
        if (_thread is not { IsAlive: true })
        {
            _stop.Dispose();
            _progress.Dispose();
        }
    }

    /// <summary>A snapshot of every counter (allocates; call it every few seconds, not per frame).</summary>
    public CaptureStatistics GetStatistics()
    {
        CaptureSubscription[] subscriptions = Volatile.Read(ref _subscriptions);
        var consumers = new ConsumerStatistics[subscriptions.Length];
        for (int i = 0; i < consumers.Length; i++)
        {
            consumers[i] = subscriptions[i].Statistics;
        }

        return new CaptureStatistics(
            _ring.Written,
            Interlocked.Read(ref _readTimeouts),
            Interlocked.Read(ref _halErrors),
            _port.Counters,
            Interlocked.Read(ref _allocatedBytes),
            consumers);
    }

    internal void Unsubscribe(CaptureSubscription subscription)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_subscriptions, subscription);
            if (index >= 0)
            {
                var shrunk = new CaptureSubscription[_subscriptions.Length - 1];
                Array.Copy(_subscriptions, 0, shrunk, 0, index);
                Array.Copy(_subscriptions, index + 1, shrunk, index, shrunk.Length - index);
                Volatile.Write(ref _subscriptions, shrunk);
            }
        }

        subscription.StopAndJoin(_options.StopTimeout);
    }

    // The capture thread. Everything on the frame path works on memory allocated in the constructor.
    private void CaptureMain()
    {
        CancellationToken token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (!TryReadFrame(_options.ReadTimeout, token, out AudioStatus status))
            {
                token.WaitHandle.WaitOne(AudioFrame.Duration); // the HAL threw: retry a frame later
                continue;
            }

            switch (status)
            {
                case AudioStatus.Ok:
                    CaptureSubscription[] subscriptions = Volatile.Read(ref _subscriptions);
                    for (int i = 0; i < subscriptions.Length; i++)
                    {
                        subscriptions[i].Signal();
                    }

                    Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                    break;

                case AudioStatus.TimedOut:
                    break;

                case AudioStatus.Closed:
                    CaptureLog.PortClosed(_logger, _ring.Written);
                    return;

                default: // Canceled: Stop was called.
                    return;
            }
        }
    }

    // Reads the next frame from the HAL into the ring and publishes it (decoded and stamped). Counts and logs a
    // timeout; false when the HAL threw (counted and logged: neither the capture thread nor the pumping caller
    // may die of a HAL fault).
    private bool TryReadFrame(TimeSpan timeout, CancellationToken token, out AudioStatus status)
    {
        long sequence = _ring.Written; // only the capturing thread advances it
        FrameTimestamp timestamp;
        try
        {
            status = _port.Read(_ring.CodesSlot(sequence), out timestamp, timeout, token);
        }
#pragma warning disable CA1031 // A HAL fault is logged and retried: the capture thread must not die.
        catch (Exception e)
#pragma warning restore CA1031
        {
            long errors = Interlocked.Increment(ref _halErrors);
            if (CaptureLog.ShouldLog(errors))
            {
                CaptureLog.HalError(_logger, e, errors);
            }

            status = AudioStatus.TimedOut;
            return false;
        }

        if (status == AudioStatus.Ok)
        {
            _ring.Publish(sequence, timestamp);
        }
        else if (status == AudioStatus.TimedOut)
        {
            long timeouts = Interlocked.Increment(ref _readTimeouts);
            if (CaptureLog.ShouldLog(timeouts))
            {
                CaptureLog.ReadTimedOut(_logger, timeout, timeouts);
            }
        }

        return true;
    }
}
