namespace FaxAppliance.Hal.Line;

/// <summary>The line's DC state: voltage, loop current and polarity reversals.</summary>
public interface ILineMonitor
{
    /// <summary>Reads the line now.</summary>
    LineStatus Read();

    /// <summary>Raised on every polarity reversal.</summary>
    event EventHandler<PolarityReversalEventArgs>? PolarityReversed;
}
