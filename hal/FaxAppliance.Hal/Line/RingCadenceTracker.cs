namespace FaxAppliance.Hal.Line;

/// <summary>
/// Turns ring burst edges into numbered bursts and a detected cadence; shared by every ring detector backend
/// (the hardware reports edges, this does the bookkeeping). Not thread-safe: the backend calls it from one thread
/// or under its own lock.
/// </summary>
/// <remarks>
/// A cadence is detected once the latest <c>p</c> on/off cycles repeat the <c>p</c> before them within the tolerance,
/// for the smallest <c>p</c> from 1 to <see cref="MaxSegments"/>; a cycle is complete when the next burst starts,
/// so a 2 s/4 s cadence is known at the start of the third burst. The sequence ends after
/// <c>silenceTimeout</c> without a burst (longer than any national off time; 8 s is a safe default).
/// </remarks>
public sealed class RingCadenceTracker
{
    /// <summary>Most segments a detected cadence can have (national cadences have one to three).</summary>
    public const int MaxSegments = 4;

    // Twice the longest pattern: detection compares the latest p cycles with the p before them.
    private const int HistoryCycles = 2 * MaxSegments;

    private readonly TimeSpan _tolerance;
    private readonly TimeSpan _silenceTimeout;
    private readonly RingSegment[] _cycles = new RingSegment[HistoryCycles];
    private int _completedCycles;
    private TimeSpan _burstStart;
    private TimeSpan _lastOn;
    private TimeSpan _lastEnd;

    /// <summary>Creates a tracker.</summary>
    /// <param name="tolerance">How far two on or off times may differ and still count as the same (jitter of the detector).</param>
    /// <param name="silenceTimeout">Silence after a burst that ends the ringing sequence.</param>
    public RingCadenceTracker(TimeSpan tolerance, TimeSpan silenceTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(silenceTimeout, TimeSpan.Zero);
        _tolerance = tolerance;
        _silenceTimeout = silenceTimeout;
    }

    /// <summary>A ringing sequence is in progress.</summary>
    public bool IsRinging => BurstCount > 0;

    /// <summary>A burst is in progress.</summary>
    public bool IsBurstActive { get; private set; }

    /// <summary>Bursts in the current sequence.</summary>
    public int BurstCount { get; private set; }

    /// <summary>The latest burst of the current sequence.</summary>
    public RingBurst? LastBurst { get; private set; }

    /// <summary>The detected cadence of the current sequence.</summary>
    public RingCadence? Cadence { get; private set; }

    /// <summary>Records the start of a burst.</summary>
    /// <param name="time">When ringing voltage appeared.</param>
    /// <param name="newCadence">The cadence, when this start completed a cycle that made it known or changed it; else null.</param>
    /// <returns>The new burst (or the current one if a burst was already active).</returns>
    public RingBurst BurstStarted(TimeSpan time, out RingCadence? newCadence)
    {
        newCadence = null;
        if (IsBurstActive && LastBurst is { } current)
        {
            return current;
        }

        if (BurstCount > 0)
        {
            _cycles[_completedCycles % HistoryCycles] = new RingSegment(_lastOn, time - _lastEnd);
            _completedCycles++;
            RingCadence? detected = Detect();
            if (detected is not null && (Cadence is null || !detected.Matches(Cadence, _tolerance)))
            {
                Cadence = detected;
                newCadence = detected;
            }
        }

        BurstCount++;
        IsBurstActive = true;
        _burstStart = time;
        var burst = new RingBurst(BurstCount, time, null);
        LastBurst = burst;
        return burst;
    }

    /// <summary>Records the end of the active burst; returns it finished, or null when no burst was active.</summary>
    public RingBurst? BurstEnded(TimeSpan time)
    {
        if (!IsBurstActive)
        {
            return null;
        }

        IsBurstActive = false;
        _lastOn = time - _burstStart;
        _lastEnd = time;
        var burst = new RingBurst(BurstCount, _burstStart, time);
        LastBurst = burst;
        return burst;
    }

    /// <summary>
    /// Ends the sequence if it has been silent for the timeout. Call it periodically (every frame is fine).
    /// </summary>
    /// <param name="now">The time now.</param>
    /// <param name="lastBurst">The last burst of the sequence that ended.</param>
    /// <returns>True once, when the sequence ends.</returns>
    public bool CheckSilence(TimeSpan now, out RingBurst lastBurst)
    {
        lastBurst = LastBurst.GetValueOrDefault();
        if (BurstCount == 0 || IsBurstActive || now - _lastEnd < _silenceTimeout)
        {
            return false;
        }

        Reset();
        return true;
    }

    /// <summary>Forgets the current sequence (after an answer, or when the line goes away).</summary>
    public void Reset()
    {
        IsBurstActive = false;
        BurstCount = 0;
        LastBurst = null;
        Cadence = null;
        _completedCycles = 0;
    }

    private RingCadence? Detect()
    {
        int n = Math.Min(_completedCycles, HistoryCycles);
        for (int p = 1; p <= MaxSegments && 2 * p <= n; p++)
        {
            bool repeats = true;
            for (int i = 0; i < p && repeats; i++)
            {
                RingSegment a = Cycle(i);
                RingSegment b = Cycle(i + p);
                repeats = (a.On - b.On).Duration() <= _tolerance && (a.Off - b.Off).Duration() <= _tolerance;
            }

            if (repeats)
            {
                return Pattern(p);
            }
        }

        return null;
    }

    // The completed cycle 'back' places before the latest (0 = latest).
    private RingSegment Cycle(int back) => _cycles[(_completedCycles - 1 - back) % HistoryCycles];

    // The latest p cycles in time order, rotated so that the longest silence comes last.
    private RingCadence Pattern(int p)
    {
        var segments = new RingSegment[p];
        int longest = 0;
        for (int i = 0; i < p; i++)
        {
            segments[i] = Cycle(p - 1 - i);
            if (segments[i].Off > segments[longest].Off)
            {
                longest = i;
            }
        }

        var rotated = new RingSegment[p];
        for (int i = 0; i < p; i++)
        {
            rotated[i] = segments[(longest + 1 + i) % p];
        }

        return new RingCadence(rotated);
    }
}
