namespace FaxAppliance.Hal.Audio;

/// <summary>
/// When a received frame was sampled: the index of its first sample since the audio port opened (a gap
/// in the sequence means frames were lost), and the same instant on the board's monotonic clock
/// (<see cref="Line.ILineInterface.Now"/>), the clock ring and line events are stamped with.
/// </summary>
/// <param name="SampleIndex">Index of the frame's first sample; frame N of an unbroken stream starts at N × 160.</param>
/// <param name="Time">Monotonic time of the frame's first sample.</param>
public readonly record struct FrameTimestamp(long SampleIndex, TimeSpan Time)
{
    /// <summary>The timestamp of a frame on a board whose clock is its sample clock (the simulated board).</summary>
    public static FrameTimestamp FromSampleIndex(long sampleIndex) => new(sampleIndex, AudioFrame.TimeOfSample(sampleIndex));
}
