using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;
using Microsoft.Extensions.Logging;
using static FaxAppliance.Audio.Tests.TestSupport;

namespace FaxAppliance.Audio.Tests;

public class CaptureLoopPumpedTests
{
    private static CaptureLoopOptions Pumped(int ringFrames = 64) => Options(ringFrames) with { Threading = CaptureThreading.CallerPumped };

    // A board that never waits: the test pumps each block itself after the exchange.
    private static SimulatedBoard UnpacedBoard(CompandingLaw law = CompandingLaw.ALaw) => new(new SimulatedBoardOptions { Law = law });

    [Theory]
    [InlineData(CompandingLaw.ALaw)]
    [InlineData(CompandingLaw.MuLaw)]
    public void Pump_DeliversTheSameFramesAsTheThreadedLoop_OnTheCallingThread(CompandingLaw law)
    {
        const int Frames = 300;
        var threaded = new RecordingConsumer(Frames);
        using (SimulatedBoard board = PacedBoard(law))
        using (var loop = new CaptureLoop(board.Audio, logger: null, Options(ringFrames: 512)))
        {
            loop.Subscribe(threaded, "threaded");
            loop.Start();
            for (int k = 0; k < Frames; k++)
            {
                Feed(board, ValueOf(k));
            }

            WaitUntil(() => threaded.Count == Frames, "the threaded consumer has every frame");
        }

        var pumped = new RecordingConsumer(Frames);
        using (SimulatedBoard board = UnpacedBoard(law))
        using (var loop = new CaptureLoop(board.Audio, logger: null, Pumped()))
        {
            loop.Subscribe(pumped, "pumped");
            loop.Start();
            for (int k = 0; k < Frames; k++)
            {
                Feed(board, ValueOf(k));
                Assert.Equal(AudioStatus.Ok, loop.Pump(TimeSpan.Zero));
                Assert.Equal(k + 1, pumped.Count); // delivered before Pump returned
            }

            Assert.Equal(Frames, loop.FramesCaptured);
        }

        Assert.Same(Thread.CurrentThread, pumped.Thread);
        Assert.NotSame(Thread.CurrentThread, threaded.Thread);
        Assert.Equal(threaded.Sequences.ToArray(), pumped.Sequences.ToArray());
        Assert.Equal(threaded.Stamps.ToArray(), pumped.Stamps.ToArray());
        Assert.Equal(threaded.FirstCodes.ToArray(), pumped.FirstCodes.ToArray());
        Assert.Equal(threaded.FirstSamples.ToArray(), pumped.FirstSamples.ToArray());
    }

    [Fact]
    public void Pump_CallsConsumersInSubscriptionOrder_AndOneSubscribedMidFrameStartsWithTheNext()
    {
        using SimulatedBoard board = UnpacedBoard();
        using var loop = new CaptureLoop(board.Audio, logger: null, Pumped());
        var order = new List<string>();
        var late = new RecordingConsumer(10);
        loop.Subscribe(new ActionConsumer(f => order.Add("first " + f.Sequence)), "first");
        loop.Subscribe(new ActionConsumer(f =>
        {
            order.Add("second " + f.Sequence);
            if (f.Sequence == 2)
            {
                loop.Subscribe(late, "late"); // as the answering logic starts the fax session from an event
            }
        }), "second");
        loop.Start();

        for (int k = 0; k < 5; k++)
        {
            Feed(board, ValueOf(k));
            loop.Pump(TimeSpan.Zero);
        }

        Assert.Equal(["first 0", "second 0", "first 1", "second 1", "first 2", "second 2", "first 3", "second 3", "first 4", "second 4"], order);
        Assert.Equal([3L, 4L], late.Sequences.ToArray());
    }

    [Fact]
    public void Pump_DisposedSubscription_GetsNoMoreFrames_EvenWhenDisposedByAnEarlierConsumer()
    {
        using SimulatedBoard board = UnpacedBoard();
        using var loop = new CaptureLoop(board.Audio, logger: null, Pumped());
        var victim = new RecordingConsumer(10);
        CaptureSubscription? victimSubscription = null;
        loop.Subscribe(new ActionConsumer(f =>
        {
            if (f.Sequence == 1)
            {
                victimSubscription!.Dispose();
            }
        }), "killer");
        victimSubscription = loop.Subscribe(victim, "victim");
        loop.Start();

        for (int k = 0; k < 4; k++)
        {
            Feed(board, ValueOf(k));
            loop.Pump(TimeSpan.Zero);
        }

        Assert.Equal([0L], victim.Sequences.ToArray());
        Assert.Single(loop.GetStatistics().Consumers);
    }

    [Fact]
    public void Pump_ConsumerThatThrows_IsCountedAndLogged_AndTheNextConsumerStillGetsEveryFrame()
    {
        using SimulatedBoard board = UnpacedBoard();
        var logger = new ListLogger();
        using var loop = new CaptureLoop(board.Audio, logger, Pumped());
        var after = new RecordingConsumer(10);
        CaptureSubscription thrower = loop.Subscribe(new ActionConsumer(_ => throw new InvalidOperationException("consumer bug")), "thrower");
        loop.Subscribe(after, "after");
        loop.Start();

        for (int k = 0; k < 5; k++)
        {
            Feed(board, ValueOf(k));
            Assert.Equal(AudioStatus.Ok, loop.Pump(TimeSpan.Zero));
        }

        Assert.Equal(5, after.Count);
        Assert.Equal(5, thrower.Statistics.Exceptions);
        Assert.Equal(5, thrower.Statistics.FramesDelivered);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public void Pump_NoFrame_TimesOutAndCounts_ClosedPortSaysClosed_AndAfterStopCanceled()
    {
        SimulatedBoard board = UnpacedBoard();
        using var loop = new CaptureLoop(board.Audio, logger: null, Pumped());
        loop.Start();

        Assert.Equal(AudioStatus.TimedOut, loop.Pump(TimeSpan.Zero));
        Assert.Equal(1, loop.GetStatistics().ReadTimeouts);
        board.Dispose();
        Assert.Equal(AudioStatus.Closed, loop.Pump(TimeSpan.Zero));
        loop.Stop();
        Assert.Equal(AudioStatus.Canceled, loop.Pump(TimeSpan.Zero));
        Assert.False(loop.IsRunning);
    }

    [Fact]
    public void Pump_OnAThreadedLoop_OrBeforeStart_IsRefused()
    {
        using SimulatedBoard board = PacedBoard();
        using var threaded = new CaptureLoop(board.Audio, logger: null, Options());
        using var pumped = new CaptureLoop(board.Audio, logger: null, Pumped());

        Assert.Throws<InvalidOperationException>(() => threaded.Pump(TimeSpan.Zero));
        Assert.Throws<InvalidOperationException>(() => pumped.Pump(TimeSpan.Zero));
    }

    [Fact]
    public void Pump_AllocatesZeroBytesPerFrame_Over1000FramesAfterWarmUp()
    {
        using SimulatedBoard board = UnpacedBoard();
        using var loop = new CaptureLoop(board.Audio, logger: null, Pumped());
        loop.Subscribe(new RecordingConsumer(1), "a");
        loop.Subscribe(new LevelMeter(), "level");
        loop.Start();
        var line = new short[AudioFrame.Samples];
        var sent = new short[AudioFrame.Samples];
        for (int k = 0; k < 50; k++)
        {
            board.LineSide.Exchange(line, sent);
            loop.Pump(TimeSpan.Zero);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 1000; k++)
        {
            line.AsSpan().Fill(ValueOf(k));
            board.LineSide.Exchange(line, sent);
            loop.Pump(TimeSpan.Zero);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1050, loop.FramesCaptured);
    }

    private sealed class ActionConsumer(Action<CapturedFrameInfo> action) : IFrameConsumer
    {
        public void OnFrame(in CapturedFrame frame) => action(new CapturedFrameInfo(frame.Sequence));
    }

    private readonly record struct CapturedFrameInfo(long Sequence);
}
