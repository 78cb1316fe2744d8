using FaxAppliance.Hal.Simulated.Board;
using static FaxAppliance.Audio.Tests.TestSupport;

namespace FaxAppliance.Audio.Tests;

public class CaptureLoopAllocationTests
{
    [Fact]
    public void CaptureThread_AllocatesZeroBytesPerFrame_Over1000FramesAfterWarmUp()
    {
        using SimulatedBoard board = PacedBoard();
        var first = new RecordingConsumer(0);
        var second = new LevelMeter();
        using var loop = new CaptureLoop(board.Audio, logger: null, Options());
        loop.Subscribe(first, "recorder");
        loop.Subscribe(second, "level-meter");
        loop.Start();

        const int WarmUp = 200;
        for (int k = 0; k < WarmUp; k++)
        {
            Feed(board, ValueOf(k));
        }

        WaitUntil(() => loop.FramesCaptured == WarmUp, "the warm-up frames are captured");
        long before = loop.GetStatistics().CaptureThreadAllocatedBytes;

        const int Measured = 1000;
        for (int k = WarmUp; k < WarmUp + Measured; k++)
        {
            Feed(board, ValueOf(k));
        }

        WaitUntil(() => loop.FramesCaptured == WarmUp + Measured, "the measured frames are captured");
        long after = loop.GetStatistics().CaptureThreadAllocatedBytes;

        Assert.True(before > 0, "the capture thread reports its allocation counter");
        Assert.Equal(0, after - before);
        Assert.Equal(0, loop.GetStatistics().Port.Overruns);
    }
}
