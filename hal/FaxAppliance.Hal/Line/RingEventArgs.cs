namespace FaxAppliance.Hal.Line;

/// <summary>What a ring detector noticed.</summary>
public enum RingEventKind
{
    /// <summary>Ringing voltage appeared: a new burst (the Si3050 raises RDTI, register 4).</summary>
    BurstStarted,

    /// <summary>The burst ended.</summary>
    BurstEnded,

    /// <summary>The bursts so far repeat a pattern; <see cref="RingEventArgs.Cadence"/> holds it.</summary>
    CadenceDetected,

    /// <summary>No burst for longer than the ring silence timeout, or the line was answered: the ringing sequence is over.</summary>
    RingingStopped,
}

/// <summary>A ring detector event. Raised on a HAL thread; handlers must return quickly.</summary>
public sealed class RingEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public RingEventArgs(RingEventKind kind, TimeSpan time, RingBurst burst, RingCadence? cadence)
    {
        Kind = kind;
        Time = time;
        Burst = burst;
        Cadence = cadence;
    }

    /// <summary>What happened.</summary>
    public RingEventKind Kind { get; }

    /// <summary>When, on the board's monotonic clock.</summary>
    public TimeSpan Time { get; }

    /// <summary>The burst that started or ended; for the other kinds, the last burst.</summary>
    public RingBurst Burst { get; }

    /// <summary>The cadence detected so far, if any.</summary>
    public RingCadence? Cadence { get; }
}
