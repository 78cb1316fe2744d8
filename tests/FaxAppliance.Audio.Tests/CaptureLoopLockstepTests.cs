using FaxAppliance.Hal.Simulated.Board;
using static FaxAppliance.Audio.Tests.TestSupport;

namespace FaxAppliance.Audio.Tests;

public class CaptureLoopLockstepTests
{
    [Fact]
    public void WaitForConsumers_SlowConsumerInSimulation_SeesEveryFrameAndNeverOverruns()
    {
        using SimulatedBoard board = PacedBoard();
        var slow = new SlowRecordingConsumer(200);
        using var loop = new CaptureLoop(board.Audio, logger: null, Options(ringFrames: 4));
        CaptureSubscription subscription = loop.Subscribe(slow, "slow");
        loop.Start();

        for (int k = 0; k < 200; k++)
        {
            Feed(board, ValueOf(k));
            Assert.True(loop.WaitForConsumers(k, Generous), $"frame {k} reached the consumer");
            Assert.Equal(k + 1, slow.Count); // lockstep: the consumer is exactly up to date
        }

        Assert.Equal(0, subscription.Statistics.Overruns);
    }

    [Fact]
    public void WaitForConsumers_NoConsumers_ReturnsAtOnce()
    {
        using SimulatedBoard board = PacedBoard();
        using var loop = new CaptureLoop(board.Audio, logger: null, Options());
        loop.Start();
        Feed(board, 1);

        Assert.True(loop.WaitForConsumers(0, TimeSpan.Zero));
    }

    private sealed class SlowRecordingConsumer(int capacity) : IFrameConsumer
    {
        private readonly long[] _sequences = new long[capacity];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnFrame(in CapturedFrame frame)
        {
            Thread.Sleep(1); // slower than the feeder: without lockstep a 4-frame ring would overrun
            _sequences[_count] = frame.Sequence;
            Volatile.Write(ref _count, _count + 1);
        }
    }
}
