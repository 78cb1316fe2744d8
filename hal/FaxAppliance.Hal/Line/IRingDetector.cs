namespace FaxAppliance.Hal.Line;

/// <summary>
/// Ring detection with cadence. The hardware validates ringing (frequency and level; the Si3050 does it in
/// registers 22–24, Ring Validation Control) and reports bursts; the detector numbers them, times them and
/// recognises the cadence once it has repeated. An answer policy counts <see cref="RingBurst.Number"/>.
/// </summary>
public interface IRingDetector
{
    /// <summary>A ringing sequence is in progress (a burst now, or in the silence between bursts).</summary>
    bool IsRinging { get; }

    /// <summary>Ringing voltage is present now.</summary>
    bool IsBurstActive { get; }

    /// <summary>Bursts in the current ringing sequence; 0 when not ringing.</summary>
    int BurstCount { get; }

    /// <summary>The latest burst of the current sequence, if any.</summary>
    RingBurst? LastBurst { get; }

    /// <summary>The cadence of the current sequence once it has repeated; null before.</summary>
    RingCadence? Cadence { get; }

    /// <summary>Raised for every burst start and end, a detected cadence and the end of ringing.</summary>
    event EventHandler<RingEventArgs>? RingChanged;
}
