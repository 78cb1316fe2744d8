namespace FaxAppliance.Hal.Line;

/// <summary>The polarity of tip and ring as the DAA sees it.</summary>
public enum LinePolarity
{
    /// <summary>The polarity the line had when the board started (or that it was told is normal).</summary>
    Normal,

    /// <summary>Reversed: the exchange swapped tip and ring, which on many lines signals answer or disconnect.</summary>
    Reversed,
}

/// <summary>A reading of the line's DC state.</summary>
/// <param name="Time">When it was read, on the board's monotonic clock.</param>
/// <param name="TipRingVolts">Tip-ring voltage, signed by polarity: about 48 V on-hook, under 10 V off-hook, 0 with no line (Si3050 register 29, LVS: 1 V per bit).</param>
/// <param name="LoopCurrentMilliamps">Loop current, signed like the voltage: 0 on-hook, about 20–60 mA off-hook (Si3050 register 28, LCS).</param>
/// <param name="Polarity">The current polarity.</param>
/// <param name="PolarityReversals">Reversals since the board opened.</param>
public readonly record struct LineStatus(
    TimeSpan Time,
    double TipRingVolts,
    double LoopCurrentMilliamps,
    LinePolarity Polarity,
    long PolarityReversals);

/// <summary>A polarity reversal (the Si3050 raises POLI, register 4). Raised on a HAL thread; handlers must return quickly.</summary>
public sealed class PolarityReversalEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public PolarityReversalEventArgs(TimeSpan time, LinePolarity polarity, HookState hook)
    {
        Time = time;
        Polarity = polarity;
        Hook = hook;
    }

    /// <summary>When, on the board's monotonic clock.</summary>
    public TimeSpan Time { get; }

    /// <summary>The new polarity.</summary>
    public LinePolarity Polarity { get; }

    /// <summary>The hook state at the time: off-hook a reversal usually means the far end answered or hung up.</summary>
    public HookState Hook { get; }
}
