using Microsoft.Extensions.Logging;

namespace FaxAppliance.Audio;

/// <summary>The capture loop's log messages (source-generated: no allocation when the level is off).</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Capture started: {RingFrames}-frame ring, {Law}")]
    public static partial void Started(ILogger logger, int ringFrames, string law);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Capture stopped after {Frames} frames")]
    public static partial void Stopped(ILogger logger, long frames);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No audio frame from the HAL for {Timeout}; {Count} read timeouts so far")]
    public static partial void ReadTimedOut(ILogger logger, TimeSpan timeout, long count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "The audio port is closed; capture ends after {Frames} frames")]
    public static partial void PortClosed(ILogger logger, long frames);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The audio port failed ({Count} errors so far); retrying")]
    public static partial void HalError(ILogger logger, Exception exception, long count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Frame consumer {Consumer} threw on frame {Sequence} ({Count} exceptions so far); it keeps receiving frames")]
    public static partial void ConsumerThrew(ILogger logger, Exception exception, string consumer, long sequence, long count);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Frame consumer {Consumer} fell more than {RingFrames} frames behind and skipped {Skipped} frames ({Overruns} overruns so far)")]
    public static partial void ConsumerOverrun(ILogger logger, string consumer, int ringFrames, long skipped, long overruns);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Thread {Thread} did not stop within {Timeout}")]
    public static partial void ThreadDidNotStop(ILogger logger, string thread, TimeSpan timeout);

    /// <summary>Whether the n-th occurrence of a repeating problem is logged: the first few, then every 1000th.</summary>
    public static bool ShouldLog(long count) => count <= 3 || count % 1000 == 0;
}
