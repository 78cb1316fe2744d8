using FaxAppliance.Dsp.Codecs;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;
using Microsoft.Extensions.Logging;
using static FaxAppliance.Audio.Tests.TestSupport;

namespace FaxAppliance.Audio.Tests;

public class CaptureLoopConsumerTests
{
    [Theory]
    [InlineData(CompandingLaw.ALaw)]
    [InlineData(CompandingLaw.MuLaw)]
    public void Frames_ArriveInOrder_WithTheirTimestampsCodesAndDecodedSamples(CompandingLaw law)
    {
        using SimulatedBoard board = PacedBoard(law);
        var consumer = new RecordingConsumer(300);

        // A ring longer than the run: however the threads are scheduled, the consumer cannot fall a ring behind.
        using var loop = new CaptureLoop(board.Audio, logger: null, Options(ringFrames: 512));
        loop.Subscribe(consumer, "recorder");
        loop.Start();

        for (int k = 0; k < 300; k++)
        {
            Feed(board, ValueOf(k));
        }

        WaitUntil(() => consumer.Count == 300, "the consumer has every frame");
        G711Law g711 = law == CompandingLaw.ALaw ? G711Law.ALaw : G711Law.MuLaw;
        for (int k = 0; k < 300; k++)
        {
            byte code = g711 == G711Law.ALaw ? G711.LinearToALaw(ValueOf(k)) : G711.LinearToMuLaw(ValueOf(k));
            short sample = g711 == G711Law.ALaw ? G711.ALawToLinearSample(code) : G711.MuLawToLinearSample(code);
            Assert.Equal(k, consumer.Sequences[k]);
            Assert.Equal(new FrameTimestamp(k * 160L, TimeSpan.FromMilliseconds(20 * k)), consumer.Stamps[k]);
            Assert.Equal(code, consumer.FirstCodes[k]);
            Assert.Equal(sample, consumer.FirstSamples[k]);
        }
    }

    [Fact]
    public void StalledConsumer_CountsOverrunsAndSkipsAhead_WhileAnotherSeesEveryFrame()
    {
        using SimulatedBoard board = PacedBoard();
        using var release = new ManualResetEventSlim(false);
        var fast = new RecordingConsumer(100);
        var stalled = new StallingConsumer(release);
        using var loop = new CaptureLoop(board.Audio, logger: null, Options(ringFrames: 16));
        loop.Subscribe(fast, "fast");
        CaptureSubscription slow = loop.Subscribe(stalled, "stalled");
        loop.Start();

        for (int k = 0; k < 100; k++)
        {
            Feed(board, ValueOf(k));
            WaitUntil(() => fast.Count == k + 1, $"the fast consumer has frame {k}");
        }

        release.Set();
        WaitUntil(() => stalled.Last == 99, "the stalled consumer has caught up");

        Assert.Equal(Enumerable.Range(0, 100).Select(k => (long)k), fast.Sequences.ToArray());
        ConsumerStatistics slowStats = slow.Statistics;
        Assert.Equal(1, slowStats.Overruns);
        Assert.Equal(98, slowStats.FramesSkipped); // stalled on 0, resumed at the live frame 99
        Assert.Equal(2, slowStats.FramesDelivered);
        ConsumerStatistics fastStats = loop.GetStatistics().Consumers.Single(c => c.Name == "fast");
        Assert.Equal((100L, 0L, 0L), (fastStats.FramesDelivered, fastStats.Overruns, fastStats.FramesSkipped));
        Assert.Equal(100, loop.FramesCaptured);
    }

    [Fact]
    public void ThrowingConsumer_KeepsReceivingFrames_AndEveryExceptionIsCountedAndTheFirstLogged()
    {
        using SimulatedBoard board = PacedBoard();
        var logger = new ListLogger();
        var thrower = new ThrowingConsumer();
        var other = new RecordingConsumer(50);
        using var loop = new CaptureLoop(board.Audio, logger, Options());
        CaptureSubscription throwing = loop.Subscribe(thrower, "thrower");
        loop.Subscribe(other, "other");
        loop.Start();

        for (int k = 0; k < 50; k++)
        {
            Feed(board, ValueOf(k));
        }

        WaitUntil(() => thrower.Calls == 50 && other.Count == 50, "both consumers have every frame");

        WaitUntil(() => throwing.Statistics.Exceptions == 50, "every exception is counted");
        Assert.Equal(50, throwing.Statistics.FramesDelivered);
        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(3, errors.Count); // the first three, then every 1000th
        Assert.IsType<InvalidOperationException>(errors[0].Exception);
        Assert.Contains("thrower", errors[0].Message, StringComparison.Ordinal);
        Assert.True(loop.IsRunning);
    }

    [Fact]
    public void SubscriptionDisposed_StopsItsThread_OthersContinue()
    {
        using SimulatedBoard board = PacedBoard();
        var leaving = new RecordingConsumer(100);
        var staying = new RecordingConsumer(100);
        using var loop = new CaptureLoop(board.Audio, logger: null, Options());
        CaptureSubscription subscription = loop.Subscribe(leaving, "leaving");
        loop.Subscribe(staying, "staying");
        loop.Start();
        Feed(board, 1);
        WaitUntil(() => leaving.Count == 1 && staying.Count == 1, "both have the first frame");

        subscription.Dispose();
        for (int k = 0; k < 10; k++)
        {
            Feed(board, 2);
        }

        WaitUntil(() => staying.Count == 11, "the staying consumer has every frame");
        Assert.False(leaving.Thread!.IsAlive);
        Assert.Equal(1, leaving.Count);
        Assert.Single(loop.GetStatistics().Consumers);
    }

    [Fact]
    public void LateSubscriber_StartsAtTheLiveFrame()
    {
        using SimulatedBoard board = PacedBoard();
        using var loop = new CaptureLoop(board.Audio, logger: null, Options());
        loop.Start();
        for (int k = 0; k < 5; k++)
        {
            Feed(board, 0);
        }

        WaitUntil(() => loop.FramesCaptured == 5, "five frames are captured");
        var late = new RecordingConsumer(10);
        loop.Subscribe(late, "late");
        Feed(board, 0);

        WaitUntil(() => late.Count == 1, "the late consumer has a frame");
        Assert.Equal(5, late.Sequences[0]);
    }

    private sealed class StallingConsumer(ManualResetEventSlim release) : IFrameConsumer
    {
        private long _last = -1;

        public long Last => Interlocked.Read(ref _last);

        public void OnFrame(in CapturedFrame frame)
        {
            release.Wait(Generous);
            Interlocked.Exchange(ref _last, frame.Sequence);
        }
    }

    private sealed class ThrowingConsumer : IFrameConsumer
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void OnFrame(in CapturedFrame frame)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("consumer bug on frame " + frame.Sequence);
        }
    }
}
