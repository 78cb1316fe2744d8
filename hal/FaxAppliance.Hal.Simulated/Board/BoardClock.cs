using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// The simulated board's monotonic clock is its sample clock: it advances by 20 ms with every block the line side
/// exchanges, so a lockstep run is exact and repeatable at any speed.
/// </summary>
internal sealed class BoardClock
{
    private long _blocks;

    /// <summary>Blocks exchanged so far; the index of the next block.</summary>
    public long Blocks => Volatile.Read(ref _blocks);

    /// <summary>Start time of the next block.</summary>
    public TimeSpan Now => AudioFrame.TimeOfSample(Blocks * AudioFrame.Samples);

    /// <summary>Moves on by one block (only the line side's stepping thread calls this).</summary>
    public void Advance() => Interlocked.Increment(ref _blocks);
}
