namespace FaxAppliance.Hal.Line;

/// <summary>One burst of ringing voltage as the ring detector saw it, on the board's monotonic clock.</summary>
/// <param name="Number">1 for the first burst of a ringing sequence, then 2, 3, …: the ring count an answer policy uses.</param>
/// <param name="Start">When ringing voltage appeared.</param>
/// <param name="End">When it went away; null while the burst goes on.</param>
public readonly record struct RingBurst(int Number, TimeSpan Start, TimeSpan? End)
{
    /// <summary>Length of a finished burst; zero while it goes on.</summary>
    public TimeSpan Duration => End is { } end ? end - Start : TimeSpan.Zero;
}
