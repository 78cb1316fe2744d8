using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Audio;

/// <summary>
/// One captured 20 ms frame as a consumer sees it: the G.711 codes from the HAL and the same frame decoded to
/// 16-bit linear samples. A view of the consumer's own copy, valid during <see cref="IFrameConsumer.OnFrame"/>.
/// </summary>
public readonly ref struct CapturedFrame
{
    /// <summary>Creates a frame view.</summary>
    public CapturedFrame(long sequence, FrameTimestamp timestamp, CompandingLaw law, ReadOnlySpan<byte> codes, ReadOnlySpan<short> samples)
    {
        Sequence = sequence;
        Timestamp = timestamp;
        Law = law;
        Codes = codes;
        Samples = samples;
    }

    /// <summary>The capture loop's frame number, from 0; a consumer that skipped frames sees a gap.</summary>
    public long Sequence { get; }

    /// <summary>When the frame was sampled (sample index and board time).</summary>
    public FrameTimestamp Timestamp { get; }

    /// <summary>The law of <see cref="Codes"/>.</summary>
    public CompandingLaw Law { get; }

    /// <summary>The 160 G.711 codes.</summary>
    public ReadOnlySpan<byte> Codes { get; }

    /// <summary>The 160 codes decoded to linear PCM (G.711 reconstruction levels).</summary>
    public ReadOnlySpan<short> Samples { get; }
}
