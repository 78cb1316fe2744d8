namespace FaxAppliance.Hal.Simulated.Line;

/// <summary>What the simulated line does to the audio between endpoint A (the appliance, or the
/// first endpoint of a bridge) and endpoint B (the remote).</summary>
public enum LineCodec
{
    /// <summary>G.711 A-law in the path (the default: most of the world's trunks).</summary>
    ALaw,

    /// <summary>G.711 µ-law in the path.</summary>
    MuLaw,

    /// <summary>16-bit linear all the way: no codec quantisation.</summary>
    Linear,
}

/// <summary>Which directions the analog impairments apply to.</summary>
public enum LineDirectionSelection
{
    /// <summary>Both directions.</summary>
    Both,

    /// <summary>Only what B receives from A.</summary>
    AToB,

    /// <summary>Only what A receives from B.</summary>
    BToA,
}

/// <summary>
/// The impairments of a simulated call. Analog impairments (line shape, attenuation, noise, carrier
/// and clock offsets, echo) apply to the directions <see cref="Direction"/> selects; the codec is the
/// network's and applies both ways.
/// </summary>
public sealed record LineImpairments
{
    /// <summary>Loss of the line, dB (positive attenuates).</summary>
    public double AttenuationDb { get; init; }

    /// <summary>White noise added at the receiving end, dBm0 over 0–4 kHz; null for none.</summary>
    public double? NoiseDbm0 { get; init; }

    /// <summary>Carrier frequency offset of an FDM link, Hz: every frequency is shifted by this much.</summary>
    public double FrequencyOffsetHz { get; init; }

    /// <summary>
    /// Sample-clock offset of endpoint B against endpoint A, ppm. Positive: B's clock is fast, so what
    /// A hears from B is compressed in time (frequencies × (1 + ppm·10⁻⁶)) and what B hears from A is
    /// stretched.
    /// </summary>
    public double ClockPpm { get; init; }

    /// <summary>Echo return loss of the receiving end's hybrid, dB; null for no echo. Each end hears
    /// its own transmission back, this much weaker.</summary>
    public double? EchoReturnLossDb { get; init; }

    /// <summary>Round-trip delay of the echo, ms.</summary>
    public double EchoDelayMs { get; init; } = 5.0;

    /// <summary>The codec in the path.</summary>
    public LineCodec Codec { get; init; } = LineCodec.ALaw;

    /// <summary>Name of a line shape in <see cref="LineShapes"/> ("flat" for none).</summary>
    public string LineModel { get; init; } = "flat";

    /// <summary>Seed of every random source of the line.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Directions the analog impairments apply to.</summary>
    public LineDirectionSelection Direction { get; init; } = LineDirectionSelection.Both;

    /// <summary>Checks the values; returns the errors, each naming the impairment and why.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!double.IsFinite(AttenuationDb) || AttenuationDb < -20 || AttenuationDb > 80)
        {
            errors.Add($"attenuation {AttenuationDb} dB is outside −20..80 dB");
        }

        if (NoiseDbm0 is { } noise && (!double.IsFinite(noise) || noise < -120 || noise > 0))
        {
            errors.Add($"noise {noise} dBm0 is outside −120..0 dBm0");
        }

        if (!double.IsFinite(FrequencyOffsetHz) || Math.Abs(FrequencyOffsetHz) > 200)
        {
            errors.Add($"frequency offset {FrequencyOffsetHz} Hz is outside ±200 Hz");
        }

        if (!double.IsFinite(ClockPpm) || Math.Abs(ClockPpm) > 5000)
        {
            errors.Add($"clock offset {ClockPpm} ppm is outside ±5000 ppm");
        }

        if (EchoReturnLossDb is { } erl && (!double.IsFinite(erl) || erl < 0 || erl > 80))
        {
            errors.Add($"echo return loss {erl} dB is outside 0..80 dB");
        }

        if (!double.IsFinite(EchoDelayMs) || EchoDelayMs < 0 || EchoDelayMs > 1000)
        {
            errors.Add($"echo delay {EchoDelayMs} ms is outside 0..1000 ms");
        }

        if (!LineShapes.TryGet(LineModel, out _))
        {
            errors.Add($"line model '{LineModel}' is unknown (known: {string.Join(", ", LineShapes.All.Select(s => s.Name))})");
        }

        return errors;
    }
}
