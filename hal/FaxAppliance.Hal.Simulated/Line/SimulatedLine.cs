namespace FaxAppliance.Hal.Simulated.Line;

/// <summary>
/// The simulated analog line between endpoint A and endpoint B: two <see cref="LineDirection"/>s,
/// driven in lockstep 20 ms blocks (see the stdio line protocol). Deterministic: the same blocks and
/// impairments (seed included) give the same output, bit for bit.
/// </summary>
public sealed class SimulatedLine
{
    /// <summary>Creates a line with the given impairments.</summary>
    /// <exception cref="ArgumentException">An impairment is out of range; the message names it.</exception>
    public SimulatedLine(LineImpairments impairments)
    {
        ArgumentNullException.ThrowIfNull(impairments);
        IReadOnlyList<string> errors = impairments.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(impairments));
        }

        Impairments = impairments;
        bool ab = impairments.Direction != LineDirectionSelection.BToA;
        bool ba = impairments.Direction != LineDirectionSelection.AToB;
        double ratio = 1.0 + impairments.ClockPpm * 1e-6; // B's clock against A's
        AToB = new LineDirection(impairments, ab, 1.0 / ratio, impairments.Seed * 2 + 1);
        BToA = new LineDirection(impairments, ba, ratio, impairments.Seed * 2 + 2);
    }

    /// <summary>The impairments.</summary>
    public LineImpairments Impairments { get; }

    /// <summary>What B hears of A.</summary>
    public LineDirection AToB { get; }

    /// <summary>What A hears of B.</summary>
    public LineDirection BToA { get; }

    /// <summary>Blocks exchanged so far.</summary>
    public long Blocks { get; private set; }

    /// <summary>One 20 ms step: both ends' transmissions in, what each hears out.</summary>
    public void Exchange(ReadOnlySpan<short> fromA, ReadOnlySpan<short> fromB, Span<short> toA, Span<short> toB)
    {
        AToB.Process(fromA, fromB, toB);
        BToA.Process(fromB, fromA, toA);
        Blocks++;
    }
}
