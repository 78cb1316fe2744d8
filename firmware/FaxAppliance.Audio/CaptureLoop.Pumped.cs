using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Audio;

/// <summary>The caller-pumped mode of the capture loop (<see cref="CaptureThreading.CallerPumped"/>).</summary>
public sealed partial class CaptureLoop
{
    private bool _closedLogged;

    /// <summary>
    /// Caller-pumped mode: reads one frame from the port (waiting up to <paramref name="timeout"/>), publishes it
    /// in the ring exactly as the capture thread would (same sequence number, codes, decoded samples and
    /// timestamp), and hands it to every consumer on the calling thread, in subscription order. A consumer that
    /// subscribes during the call starts with the next frame; one that is disposed during it gets no more frames;
    /// an exception a consumer throws is logged and counted, and the next consumer gets the frame as usual.
    /// One thread pumps; <see cref="Stop"/> is called from it or after it has stopped pumping. Nothing here
    /// allocates per frame.
    /// </summary>
    /// <param name="timeout">How long to wait for a frame (zero: only take one that is already there).</param>
    /// <returns><see cref="AudioStatus.Ok"/> when a frame was delivered; <see cref="AudioStatus.TimedOut"/> when
    /// none came in time (or the port threw, counted in <see cref="CaptureStatistics.HalErrors"/>);
    /// <see cref="AudioStatus.Closed"/> when the port is closed; <see cref="AudioStatus.Canceled"/> after
    /// <see cref="Stop"/>.</returns>
    /// <exception cref="InvalidOperationException">The loop runs its own threads, or it was not started.</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed.</exception>
    public AudioStatus Pump(TimeSpan timeout)
    {
        if (!_pumped)
        {
            throw new InvalidOperationException("This capture loop runs its own threads; Pump needs CaptureThreading.CallerPumped.");
        }

        if (!Volatile.Read(ref _started))
        {
            throw new InvalidOperationException("The capture loop has not been started.");
        }

        CancellationToken token = _stop.Token;
        if (token.IsCancellationRequested)
        {
            return AudioStatus.Canceled;
        }

        // The capture path (read, decode, publish) is charged for its own allocations only, not the consumers'.
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool read = TryReadFrame(timeout, token, out AudioStatus status);
        Interlocked.Add(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread() - before);
        if (!read || status != AudioStatus.Ok)
        {
            if (status == AudioStatus.Closed && !_closedLogged)
            {
                _closedLogged = true;
                CaptureLog.PortClosed(_logger, _ring.Written);
            }

            return status;
        }

        // A snapshot: a consumer subscribed meanwhile is not in it (and starts with the next frame anyway).
        CaptureSubscription[] subscriptions = Volatile.Read(ref _subscriptions);
        for (int i = 0; i < subscriptions.Length; i++)
        {
            subscriptions[i].DeliverPending();
        }

        return AudioStatus.Ok;
    }
}
