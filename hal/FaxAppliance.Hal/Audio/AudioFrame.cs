namespace FaxAppliance.Hal.Audio;

/// <summary>
/// The one audio block size of the appliance: 20 ms of narrowband telephone audio, 160 G.711 codes
/// (one byte per sample) at 8000 samples/s. Every audio port, the capture loop, the line simulator and
/// the RTP path (20 ms is the default G.711 packetisation, RFC 3551 §4.5.14) use this size.
/// </summary>
public static class AudioFrame
{
    /// <summary>Samples per second (ITU-T G.711 §1: 8000 Hz sampling).</summary>
    public const int SampleRate = 8000;

    /// <summary>Length of one frame in milliseconds.</summary>
    public const int Milliseconds = 20;

    /// <summary>Samples (and G.711 codes) in one frame.</summary>
    public const int Samples = SampleRate * Milliseconds / 1000;

    /// <summary>Length of one frame.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(Milliseconds);

    /// <summary>Time of a sample index on an 8000 samples/s clock (exact: 1250 ticks per sample).</summary>
    public static TimeSpan TimeOfSample(long sampleIndex) => TimeSpan.FromTicks(sampleIndex * (TimeSpan.TicksPerSecond / SampleRate));
}
