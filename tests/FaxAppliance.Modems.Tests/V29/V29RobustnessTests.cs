using CsCheck;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Modems.Tests.V29;

/// <summary>Bad input, API boundaries and the allocation-free hot path of the V.29 receiver.</summary>
public class V29RobustnessTests
{
    [Fact]
    public void V29Receiver_RandomBlocks_NeverThrowOrProduceNaN()
    {
        Gen.Short.Array[0, 480].Array[1, 40].Sample(blocks =>
        {
            var rx = new V29Receiver(9600);
            var sink = new CountingSink();
            foreach (short[] b in blocks)
            {
                rx.Process(b, ref sink);
                rx.FillIn(b.Length % 7);
                AssertFinite(rx.Statistics);
            }
        }, iter: 200);
    }

    [Fact]
    public void V29Receiver_TrainedThenGarbage_NeverThrowOrProduceNaN()
    {
        var tx = new V29Transmitter(9600);
        var source = new Prbs15Source(9);
        var rng = new Random(5);
        var rx = new V29Receiver(9600);
        var sink = new CountingSink();
        var block = new short[160];
        for (int i = 0; i < 400; i++)
        {
            tx.Generate(block, ref source);
            if (i > 50)
            {
                // Clipping, DC, full-scale noise and silence in turn.
                for (int k = 0; k < block.Length; k++)
                {
                    block[k] = (i % 4) switch
                    {
                        0 => (short)Math.Clamp(block[k] * 40, short.MinValue, short.MaxValue),
                        1 => short.MaxValue,
                        2 => (short)rng.Next(short.MinValue, short.MaxValue + 1),
                        _ => 0,
                    };
                }
            }

            rx.Process(block, ref sink);
            AssertFinite(rx.Statistics);
        }
    }

    [Fact]
    public void V29Receiver_ProcessBlock_AllocatesNothing()
    {
        var tx = new V29Transmitter(9600);
        var source = new Prbs15Source(9);
        var rx = new V29Receiver(9600);
        var sink = new CountingSink();
        var block = new short[160];
        for (int i = 0; i < 50; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        Assert.True(rx.Trained);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        rx.FillIn(160);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sink.Bits > 100 * 160 * 9600 / 8000 - 100);
    }

    [Fact]
    public void V29Receiver_EmptyBlock_IsAccepted()
    {
        var rx = new V29Receiver(7200);
        var sink = new CountingSink();
        rx.Process(ReadOnlySpan<short>.Empty, ref sink);
        rx.FillIn(0);
        Assert.Equal(0, sink.Bits);
    }

    [Theory]
    [InlineData(2400)]
    [InlineData(14400)]
    [InlineData(0)]
    public void V29_BadBitRate_IsRejected(int rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V29Receiver(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V29Transmitter(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V29Receiver(9600).Restart(rate, false));
    }

    [Fact]
    public void V29Receiver_NegativeFillIn_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V29Receiver(9600).FillIn(-1));
    }

    [Fact]
    public void V29Receiver_RestartOldTrain_TrainsOnTheNextSignal()
    {
        var rx = new V29Receiver(9600);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        for (int pass = 0; pass < 2; pass++)
        {
            Action<short[]> tx = V29TestRig.Ours(9600);
            rx.Restart(9600, shortTrain: pass == 1);
            QamLink.Run(tx, b => rx.Process(b, ref sink), QamLink.Line(-45, 5, 30, (ulong)pass + 1), 60);
            Assert.True(rx.Trained, log.ToString());
        }

        Assert.Equal(2, log.Count(ModemStatus.TrainingSucceeded));
    }

    internal static void AssertFinite(ModemStatistics s)
    {
        Assert.False(double.IsNaN(s.SignalLevelDbm0));
        Assert.True(double.IsFinite(s.EqualizerSnrDb));
        Assert.True(double.IsFinite(s.CarrierOffsetHz));
        Assert.True(double.IsFinite(s.SymbolTimingPpm));
        var re = new float[ModemStatistics.ConstellationCapacity];
        var im = new float[ModemStatistics.ConstellationCapacity];
        int n = s.CopyConstellation(re, im);
        for (int i = 0; i < n; i++)
        {
            Assert.True(float.IsFinite(re[i]) && float.IsFinite(im[i]));
        }
    }
}
