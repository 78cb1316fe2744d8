namespace FaxAppliance.Audio;

/// <summary>Settings of a <see cref="CaptureLoop"/>.</summary>
public sealed record CaptureLoopOptions
{
    /// <summary>
    /// Frames in the ring: how far a consumer may fall behind before it loses frames. 64 × 20 ms = 1.28 s,
    /// longer than any hiccup of a healthy consumer and far shorter than the T.30 timers (T2 = 6 s).
    /// </summary>
    public int RingFrames { get; init; } = 64;

    /// <summary>
    /// How long one HAL read may wait. A frame is due every 20 ms, so a read that waits this long means the
    /// audio stopped; it is counted and logged, and the loop reads again.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Priority of the capture thread.</summary>
    public ThreadPriority CapturePriority { get; init; } = ThreadPriority.Highest;

    /// <summary>Priority of the consumer threads.</summary>
    public ThreadPriority ConsumerPriority { get; init; } = ThreadPriority.AboveNormal;

    /// <summary>
    /// Who runs the loop: its own capture and consumer threads (the board), or the caller through
    /// <see cref="CaptureLoop.Pump"/> (the line simulator, which runs many times faster than real time and would
    /// otherwise spend most of its CPU handing each block between threads).
    /// </summary>
    public CaptureThreading Threading { get; init; } = CaptureThreading.Dedicated;

    /// <summary>How long <see cref="CaptureLoop.Stop"/> waits for each thread before giving up on it.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Who runs a <see cref="CaptureLoop"/>.</summary>
public enum CaptureThreading
{
    /// <summary>A high-priority capture thread reads the port and each consumer runs on its own thread (the board).</summary>
    Dedicated,

    /// <summary>
    /// No threads: each <see cref="CaptureLoop.Pump"/> call reads one frame and hands it to every consumer on the
    /// calling thread, in subscription order (simulation, where the caller drives the line block by block).
    /// </summary>
    CallerPumped,
}
