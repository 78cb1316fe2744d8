using FaxAppliance.Dsp.Codecs;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;

namespace FaxAppliance.Hal.Simulated.Tests.Board;

public class LockstepAudioTests
{
    private const int N = AudioFrame.Samples;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static byte[] Frame(Func<int, byte> code)
    {
        var frame = new byte[N];
        for (int i = 0; i < N; i++)
        {
            frame[i] = code(i);
        }

        return frame;
    }

    [Theory]
    [InlineData(CompandingLaw.ALaw)]
    [InlineData(CompandingLaw.MuLaw)]
    public void ApplianceToLine_EveryCodeSurvivesTheDaaAndReEncoding(CompandingLaw law)
    {
        using var board = new SimulatedBoard(new SimulatedBoardOptions { Law = law });
        G711Law g711 = law == CompandingLaw.ALaw ? G711Law.ALaw : G711Law.MuLaw;
        var line = new short[N];
        var reEncoded = new byte[N];
        for (int start = 0; start < 256; start += N)
        {
            byte[] sent = Frame(i => (byte)((start + i) % 256));
            Assert.Equal(AudioStatus.Ok, board.Audio.Write(sent, TimeSpan.Zero, CancellationToken.None));

            Assert.True(board.LineSide.Exchange(new short[N], line));
            G711.Encode(g711, line, reEncoded);

            // µ-law has two codes for zero (0x7F, 0xFF); the encoder produces 0xFF. Every other code is exact.
            byte[] expected = law == CompandingLaw.MuLaw ? Frame(i => sent[i] == 0x7F ? (byte)0xFF : sent[i]) : sent;
            Assert.Equal(expected, reEncoded);
        }
    }

    [Theory]
    [InlineData(CompandingLaw.ALaw)]
    [InlineData(CompandingLaw.MuLaw)]
    public void LineToAppliance_ArrivesAsTheG711CodesOfTheSamples_WithTheBlockTimestamp(CompandingLaw law)
    {
        using var board = new SimulatedBoard(new SimulatedBoardOptions { Law = law });
        G711Law g711 = law == CompandingLaw.ALaw ? G711Law.ALaw : G711Law.MuLaw;
        var sent = new short[N];
        var codes = new byte[N];
        var expected = new byte[N];
        for (int block = 0; block < 5; block++)
        {
            var line = new short[N];
            for (int i = 0; i < N; i++)
            {
                line[i] = (short)((block * 7919) + (i * 401) - 30000);
            }

            board.LineSide.Exchange(line, sent);
            Assert.Equal(AudioStatus.Ok, board.Audio.Read(codes, out FrameTimestamp stamp, TimeSpan.Zero, CancellationToken.None));

            G711.Encode(g711, line, expected);
            Assert.Equal(expected, codes);
            Assert.Equal(new FrameTimestamp(block * N, TimeSpan.FromMilliseconds(20 * block)), stamp);
        }
    }

    [Fact]
    public void NothingWritten_GoesOutAsSilence_AndCountsAnUnderrun()
    {
        using var board = new SimulatedBoard();
        var line = new short[N];
        line.AsSpan().Fill(1234);

        Assert.False(board.LineSide.Exchange(new short[N], line));

        Assert.All(line, s => Assert.Equal(0, s));
        AudioPortCounters counters = board.Audio.Counters;
        Assert.Equal((1L, 0L, 0L), (counters.Underruns, counters.FramesSent, counters.FramesWritten));
    }

    [Fact]
    public void FramesWrittenAhead_GoOutOnePerBlockInOrder_ThenUnderrun()
    {
        using var board = new SimulatedBoard(new SimulatedBoardOptions { Law = CompandingLaw.ALaw });
        for (int k = 0; k < 3; k++)
        {
            board.Audio.Write(Frame(_ => G711.LinearToALaw((short)(1000 * (k + 1)))), TimeSpan.Zero, CancellationToken.None);
        }

        var line = new short[N];
        var firstSamples = new List<short>();
        var present = new List<bool>();
        for (int block = 0; block < 4; block++)
        {
            present.Add(board.LineSide.Exchange(new short[N], line));
            firstSamples.Add(line[0]);
        }

        Assert.Equal([true, true, true, false], present);
        Assert.Equal(
            [G711.ALawToLinearSample(G711.LinearToALaw(1000)), G711.ALawToLinearSample(G711.LinearToALaw(2000)), G711.ALawToLinearSample(G711.LinearToALaw(3000)), (short)0],
            firstSamples);
        Assert.Equal((3L, 3L, 1L), (board.Audio.Counters.FramesWritten, board.Audio.Counters.FramesSent, board.Audio.Counters.Underruns));
    }

    [Fact]
    public void UnreadFrames_OverrunTheReceiveBuffer_OldestDropped_GapInTheSampleIndex()
    {
        using var board = new SimulatedBoard(new SimulatedBoardOptions { ReceiveBufferFrames = 4 });
        var block = new short[N];
        for (int i = 0; i < 6; i++)
        {
            board.LineSide.Exchange(block, block);
        }

        var indices = new List<long>();
        var codes = new byte[N];
        while (board.Audio.Read(codes, out FrameTimestamp stamp, TimeSpan.Zero, CancellationToken.None) == AudioStatus.Ok)
        {
            indices.Add(stamp.SampleIndex / N);
        }

        Assert.Equal([2L, 3L, 4L, 5L], indices);
        Assert.Equal((6L, 4L, 2L), (board.Audio.Counters.FramesReceived, board.Audio.Counters.FramesRead, board.Audio.Counters.Overruns));
    }

    [Fact]
    public void WriteToAFullTransmitBuffer_TimesOut()
    {
        using var board = new SimulatedBoard(new SimulatedBoardOptions { TransmitBufferFrames = 2 });
        byte[] frame = new byte[N];

        Assert.Equal(AudioStatus.Ok, board.Audio.Write(frame, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(AudioStatus.Ok, board.Audio.Write(frame, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(AudioStatus.TimedOut, board.Audio.Write(frame, TimeSpan.FromMilliseconds(10), CancellationToken.None));
    }

    [Fact]
    public void WrongFrameSizes_AreRefused()
    {
        using var board = new SimulatedBoard();

        Assert.Throws<ArgumentException>(() => board.Audio.Read(new byte[N - 1], out _, TimeSpan.Zero, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => board.Audio.Write(new byte[N + 1], TimeSpan.Zero, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => board.LineSide.Exchange(new short[N], new short[N - 1]));
    }

    [Fact]
    public async Task ReadWithNothingDelivered_TimesOut_OrEndsOnCancel_OrOnDispose()
    {
        var board = new SimulatedBoard();
        var codes = new byte[N];
        Assert.Equal(AudioStatus.TimedOut, board.Audio.Read(codes, out _, TimeSpan.FromMilliseconds(20), CancellationToken.None));

        using var cts = new CancellationTokenSource();
        Task<AudioStatus> canceled = Task.Run(() => board.Audio.Read(new byte[N], out _, Timeout.InfiniteTimeSpan, cts.Token));
        await cts.CancelAsync();
        Assert.Equal(AudioStatus.Canceled, await canceled.WaitAsync(Generous));

        Task<AudioStatus> closed = Task.Run(() => board.Audio.Read(new byte[N], out _, Timeout.InfiniteTimeSpan, CancellationToken.None));
        await Task.Delay(20);
        board.Dispose();
        Assert.Equal(AudioStatus.Closed, await closed.WaitAsync(Generous));
        Assert.Equal(AudioStatus.Closed, board.Audio.Write(new byte[N], TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public void PacedLockstep_WithAnApplianceThreadThatEchoesEveryBlock_IsSampleExact()
    {
        // The appliance writes its first block at once, then answers each block it reads with that block
        // (the stdio line protocol's rule): the simulator must see its own block N-1 come back in block N.
        using var board = new SimulatedBoard(new SimulatedBoardOptions { Law = CompandingLaw.ALaw });
        board.LineSide.Pacing = LockstepPacing.WaitForReadAndTransmit;
        using var stop = new CancellationTokenSource();
        var appliance = new Thread(() =>
        {
            var codes = new byte[N];
            board.Audio.Write(Frame(_ => 0xD5), Generous, stop.Token);
            while (board.Audio.Read(codes, out _, Generous, stop.Token) == AudioStatus.Ok)
            {
                board.Audio.Write(codes, Generous, stop.Token);
            }
        });
        appliance.Start();

        const int Blocks = 500;
        var back = new short[N];
        var previous = new short[N];
        for (int block = 0; block < Blocks; block++)
        {
            var line = new short[N];
            for (int i = 0; i < N; i++)
            {
                line[i] = (short)(((block * 131) + (i * 17)) % 8000);
            }

            Assert.True(board.LineSide.Exchange(line, back), $"block {block} came back empty");
            if (block > 0)
            {
                G711.Quantise(G711Law.ALaw, previous);
                Assert.Equal(previous, back);
            }

            previous = line;
        }

        stop.Cancel();
        Assert.True(appliance.Join(Generous));
        Assert.Equal(0, board.LineSide.PacingTimeouts);
        Assert.Equal((0L, 0L), (board.Audio.Counters.Underruns, board.Audio.Counters.Overruns));
    }

    [Fact]
    public void SteadyLockstep_AllocatesNothingPerBlock()
    {
        using var board = new SimulatedBoard();
        var line = new short[N];
        var back = new short[N];
        var codes = new byte[N];
        void Block()
        {
            board.Audio.Write(codes, TimeSpan.Zero, CancellationToken.None);
            board.LineSide.Exchange(line, back);
            board.Audio.Read(codes, out _, TimeSpan.Zero, CancellationToken.None);
        }

        for (int i = 0; i < 200; i++)
        {
            Block();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Block();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
