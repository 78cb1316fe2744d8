using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;
using Microsoft.Extensions.Logging;
using static FaxAppliance.Audio.Tests.TestSupport;

namespace FaxAppliance.Audio.Tests;

public class CaptureLoopLifecycleTests
{
    [Fact]
    public void Dispose_StopsTheCaptureThreadBlockedInTheHal_AndEveryConsumerThread()
    {
        var port = new BlockingPort();
        var consumer = new RecordingConsumer(10);
        var loop = new CaptureLoop(port, logger: null, new CaptureLoopOptions { ReadTimeout = Timeout.InfiniteTimeSpan, StopTimeout = Generous });
        loop.Subscribe(consumer, "recorder");
        loop.Start();
        WaitUntil(() => port.Frames >= 3 && consumer.Count >= 3, "frames flow");

        port.Block();
        loop.Dispose();

        Assert.False(loop.IsRunning);
        Assert.False(port.CaptureThread!.IsAlive);
        Assert.False(consumer.Thread!.IsAlive);
        loop.Dispose(); // idempotent
    }

    [Fact]
    public void StartTwice_OrAfterStop_IsRefused()
    {
        using SimulatedBoard board = PacedBoard();
        var loop = new CaptureLoop(board.Audio, logger: null, Options());
        loop.Start();

        Assert.Throws<InvalidOperationException>(loop.Start);
        loop.Stop();
        Assert.Throws<ObjectDisposedException>(loop.Start);
        Assert.Throws<ObjectDisposedException>(() => loop.Subscribe(new LevelMeter(), "late"));
    }

    [Fact]
    public void ClosedPort_EndsCapture_AndIsLogged()
    {
        SimulatedBoard board = PacedBoard();
        var logger = new ListLogger();
        using var loop = new CaptureLoop(board.Audio, logger, Options());
        loop.Start();
        Feed(board, 0);

        board.Dispose();

        WaitUntil(() => !loop.IsRunning, "the capture thread ends");
        Assert.Contains(logger.Entries, e => e.Message.Contains("closed", StringComparison.Ordinal));
    }

    [Fact]
    public void HalThatThrows_IsCountedAndLogged_AndCaptureGoesOn()
    {
        var port = new BlockingPort { ThrowEvery = 3 };
        var logger = new ListLogger();
        using var loop = new CaptureLoop(port, logger, new CaptureLoopOptions { StopTimeout = Generous });
        loop.Start();

        WaitUntil(() => loop.FramesCaptured >= 10, "ten frames despite the faults");

        Assert.True(loop.GetStatistics().HalErrors >= 4);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is IOException);
    }

    [Fact]
    public void ReadTimeouts_AreCountedAndLogged()
    {
        using SimulatedBoard board = PacedBoard();
        var logger = new ListLogger();
        using var loop = new CaptureLoop(board.Audio, logger, new CaptureLoopOptions { ReadTimeout = TimeSpan.FromMilliseconds(5), StopTimeout = Generous });
        loop.Start();

        WaitUntil(() => loop.GetStatistics().ReadTimeouts >= 2, "two read timeouts");

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("No audio frame", StringComparison.Ordinal));
    }

    /// <summary>An audio port that produces a frame per call until blocked, then waits for cancellation.</summary>
    private sealed class BlockingPort : IAudioPort
    {
        private volatile bool _blocked;
        private long _frames;
        private long _calls;

        public int ThrowEvery { get; init; }

        public Thread? CaptureThread { get; private set; }

        public long Frames => Interlocked.Read(ref _frames);

        public CompandingLaw Law => CompandingLaw.ALaw;

        public AudioPortCounters Counters => default;

        public void Block() => _blocked = true;

        public AudioStatus Read(Span<byte> codes, out FrameTimestamp timestamp, TimeSpan timeout, CancellationToken cancellationToken)
        {
            CaptureThread = Thread.CurrentThread;
            timestamp = default;
            long call = Interlocked.Increment(ref _calls);
            if (ThrowEvery > 0 && call % ThrowEvery == 0)
            {
                throw new IOException("simulated HAL fault");
            }

            if (_blocked)
            {
                cancellationToken.WaitHandle.WaitOne();
                return AudioStatus.Canceled;
            }

            Thread.Sleep(1);
            long n = Interlocked.Increment(ref _frames) - 1;
            codes[..AudioFrame.Samples].Fill(0xD5);
            timestamp = FrameTimestamp.FromSampleIndex(n * AudioFrame.Samples);
            return AudioStatus.Ok;
        }

        public AudioStatus Write(ReadOnlySpan<byte> codes, TimeSpan timeout, CancellationToken cancellationToken) => AudioStatus.Ok;
    }
}
