using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Audio;

/// <summary>Counters of one consumer.</summary>
/// <param name="Name">The name it was subscribed with.</param>
/// <param name="FramesDelivered">Frames handed to it (including those it threw on).</param>
/// <param name="Overruns">Times it fell more than the ring behind and skipped ahead to the live frame.</param>
/// <param name="FramesSkipped">Frames it lost by skipping.</param>
/// <param name="Exceptions">Exceptions it threw.</param>
public readonly record struct ConsumerStatistics(string Name, long FramesDelivered, long Overruns, long FramesSkipped, long Exceptions);

/// <summary>A snapshot of a capture loop's counters.</summary>
/// <param name="FramesCaptured">Frames read from the HAL into the ring.</param>
/// <param name="ReadTimeouts">HAL reads that waited <see cref="CaptureLoopOptions.ReadTimeout"/> without a frame.</param>
/// <param name="HalErrors">HAL reads that threw.</param>
/// <param name="Port">The audio port's own counters (its overruns and underruns).</param>
/// <param name="CaptureThreadAllocatedBytes">Bytes the capture thread had allocated as of its latest frame (pumped: bytes the
/// capture path allocated inside <see cref="CaptureLoop.Pump"/>, consumers excluded); it must not grow per frame.</param>
/// <param name="Consumers">One entry per subscription.</param>
public sealed record CaptureStatistics(
    long FramesCaptured,
    long ReadTimeouts,
    long HalErrors,
    AudioPortCounters Port,
    long CaptureThreadAllocatedBytes,
    IReadOnlyList<ConsumerStatistics> Consumers);
